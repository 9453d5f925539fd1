//! File-backed arrays (`rte_fbarray`): `len` fixed-size elements and a
//! used-bitmap in one mapping that several processes can share, as 22.11's
//! `eal_common_fbarray.c`.
//!
//! The mapping `data` points to holds, rounded up to the page size:
//!
//! ```text
//! [0, len * elt_sz)       the elements (the caller's bytes; never read here)
//! pad to 8 bytes
//! u32 n_masks, u32 pad    the reference's `struct used_mask` header
//! u64 words[n_masks]      element i is used iff bit i % 64 of word i / 64 is set
//! ```
//!
//! Bits at and beyond `len` in the last word are always 0. The struct and
//! the mapping may be shared with other processes, so both are reached only
//! through raw pointers: the bitmap words and `count` atomically, the
//! constant fields (`name`, `len`, `elt_sz`, `data`) by plain copies; no
//! reference into them is formed except to the atomics. Changes take the
//! struct's `rwlock` for writing (22.11's encoding, see [`crate::lock`]);
//! queries take it for reading, so every answer is from one consistent
//! bitmap.
//!
//! Searches go a 64-bit word at a time (`trailing_zeros`/`leading_zeros` to
//! find the next candidate and the end of its run), never bit by bit: memseg
//! lists have thousands of entries and are searched on every allocation.
//!
//! [`init`] maps anonymous shared memory or a file `fbarray_<name>` in a
//! directory (the EAL runtime directory), [`attach`] maps that file at the
//! address recorded in the struct, [`detach`] unmaps it, [`destroy`] also
//! removes the file and zeroes the struct. A process-local registry of the
//! arrays mapped here (the reference's `mem_area_tailq`) lets detach and
//! destroy find their mapping and attach refuse a second one. While mapped,
//! a file-backed array's file holds a shared `flock`: destroy (which needs
//! an exclusive one) fails with [`Error::Busy`] while another process has
//! the array attached, and a second init of the same name, in this process
//! or another, fails the same way.

use std::ffi::{c_char, c_void, OsStr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::ptr::{self, addr_of, addr_of_mut};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use rte_abi::fbarray::{rte_fbarray, RTE_FBARRAY_NAME_LEN};
use rte_abi::memory::rte_rwlock_t;

use crate::lock::RwLock;
use crate::Error;

/// Size of the name field, NUL included.
pub const NAME_LEN: usize = RTE_FBARRAY_NAME_LEN as usize;
/// Largest number of elements (the search functions return an `int`).
pub const MAX_LEN: u32 = i32::MAX as u32;
/// Bytes of the used-mask header (`n_masks` and padding) before its words.
const MASK_HEADER: usize = 8;
/// Bits per bitmap word.
const WORD_BITS: usize = 64;

/// Where [`init`] puts an array's memory, and where [`attach`] finds it.
#[derive(Debug, Clone, Copy)]
pub enum Backing<'a> {
    /// Shared anonymous memory: visible to children forked after init, not
    /// attachable by other processes (as the reference with `--no-shconf`).
    Anonymous,
    /// A file `fbarray_<name>` in this directory, mapped shared.
    File(&'a Path),
}

/// Where the parts of an array's mapping are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// Offset of the used-mask header.
    mask_off: usize,
    /// Number of bitmap words.
    n_words: usize,
    /// Length of the whole mapping (a multiple of the page size).
    map_len: usize,
}

fn page_size() -> usize {
    // Asked once: every handle (FbArray::from_raw) computes its layout.
    static SIZE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SIZE.get_or_init(|| {
        // SAFETY: sysconf has no memory-safety preconditions.
        let sz = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if sz > 0 {
            sz as usize
        } else {
            4096
        }
    })
}

/// The layout of an array of `len` elements of `elt_sz` bytes, or None if
/// its size does not fit the address space.
fn layout(len: u32, elt_sz: u32) -> Option<Layout> {
    let data = (len as usize).checked_mul(elt_sz as usize)?;
    let mask_off = data.checked_next_multiple_of(8)?;
    let n_words = (len as usize).div_ceil(WORD_BITS);
    let end = mask_off.checked_add(MASK_HEADER)?.checked_add(n_words * 8)?;
    Some(Layout { mask_off, n_words, map_len: end.checked_next_multiple_of(page_size())? })
}

/// The reference's `fully_validate`: length, element size, then name.
fn validate(name: &[u8], len: u32, elt_sz: u32) -> Result<(), Error> {
    if len == 0 || len > MAX_LEN {
        return Err(Error::invalid(format!("length {len} (must be 1 to {MAX_LEN})")));
    }
    if elt_sz == 0 {
        return Err(Error::invalid("element size 0"));
    }
    if name.len() >= NAME_LEN {
        return Err(Error::NameTooLong { max: NAME_LEN });
    }
    Ok(())
}

/// The bytes of `name` before its first NUL, at most `NAME_LEN` of them
/// (so a name that fills the field fails [`validate`]).
fn name_bytes(name: &[c_char; NAME_LEN]) -> Vec<u8> {
    name.iter().map(|&c| c as u8).take_while(|&b| b != 0).collect()
}

fn display_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

fn file_path(dir: &Path, name: &[u8]) -> PathBuf {
    let mut file = b"fbarray_".to_vec();
    file.extend_from_slice(name);
    dir.join(OsStr::from_bytes(&file))
}

/// One array mapped in this process (the reference's `struct mem_area`).
struct Area {
    addr: usize,
    len: usize,
    /// The backing file, holding a shared flock while open, and its path.
    file: Option<(OwnedFd, PathBuf)>,
}

static AREAS: Mutex<Vec<Area>> = Mutex::new(Vec::new());

fn areas() -> MutexGuard<'static, Vec<Area>> {
    AREAS.lock().unwrap_or_else(|e| e.into_inner())
}

fn cstring(path: &Path) -> Result<std::ffi::CString, Error> {
    std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|_| Error::invalid("NUL in path"))
}

fn open(path: &Path, create: bool) -> Result<OwnedFd, Error> {
    let c = cstring(path)?;
    let flags = libc::O_RDWR | libc::O_CLOEXEC | if create { libc::O_CREAT } else { 0 };
    // SAFETY: c is a valid NUL-terminated path; open has no other preconditions.
    let fd = unsafe { libc::open(c.as_ptr(), flags, 0o600 as libc::c_uint) };
    if fd < 0 {
        return Err(Error::last_os(format!("cannot open {}", path.display())));
    }
    // SAFETY: fd was just opened and is owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `flock(fd, op | LOCK_NB)`; the errno on failure.
fn flock(fd: &OwnedFd, op: libc::c_int) -> Result<(), i32> {
    // SAFETY: fd is an open descriptor; flock has no memory preconditions.
    if unsafe { libc::flock(fd.as_raw_fd(), op | libc::LOCK_NB) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO))
    }
}

fn truncate(fd: &OwnedFd, len: usize, path: &Path) -> Result<(), Error> {
    // SAFETY: fd is an open descriptor; ftruncate has no memory preconditions.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), len as libc::off_t) } != 0 {
        return Err(Error::last_os(format!("cannot resize {}", path.display())));
    }
    Ok(())
}

/// Maps `len` bytes read-write and shared, from `fd` or anonymous, at `at`
/// exactly (never replacing a mapping) or anywhere when `at` is NULL.
fn map(at: *mut c_void, len: usize, fd: Option<&OwnedFd>) -> Result<*mut c_void, Error> {
    let (mut flags, raw_fd) = match fd {
        Some(fd) => (libc::MAP_SHARED, fd.as_raw_fd()),
        None => (libc::MAP_SHARED | libc::MAP_ANONYMOUS, -1),
    };
    if !at.is_null() {
        flags |= libc::MAP_FIXED_NOREPLACE;
    }
    // SAFETY: without MAP_FIXED the kernel never replaces an existing
    // mapping, so no memory of this process changes under anyone.
    let p = unsafe { libc::mmap(at, len, libc::PROT_READ | libc::PROT_WRITE, flags, raw_fd, 0) };
    if p == libc::MAP_FAILED {
        let e = Error::last_os("cannot map the array");
        return Err(match e {
            Error::Os { errno: libc::EEXIST, .. } => Error::AddressUnavailable(at as usize),
            e => e,
        });
    }
    if !at.is_null() && p != at {
        // A kernel without MAP_FIXED_NOREPLACE took the address as a hint.
        // SAFETY: p..p+len is the mapping just made, used by nobody.
        unsafe { libc::munmap(p, len) };
        return Err(Error::AddressUnavailable(at as usize));
    }
    Ok(p)
}

fn unmap(addr: usize, len: usize) {
    // SAFETY: callers pass a mapping from the registry, which this process
    // made and which the caller has just removed from it (nobody may use
    // the array after detach or destroy, as the reference's contract says).
    unsafe { libc::munmap(addr as *mut c_void, len) };
}

/// The constant fields of an array's struct, copied out.
struct Header {
    name: [c_char; NAME_LEN],
    len: u32,
    elt_sz: u32,
    data: *mut c_void,
}

/// # Safety
/// `arr` must point to a readable `rte_fbarray`.
unsafe fn read_header(arr: *const rte_fbarray) -> Header {
    // SAFETY: readable per the contract; these fields are constant while
    // the array lives, so plain copies race with nothing.
    unsafe {
        Header {
            name: ptr::read(addr_of!((*arr).name)),
            len: ptr::read(addr_of!((*arr).len)),
            elt_sz: ptr::read(addr_of!((*arr).elt_sz)),
            data: ptr::read(addr_of!((*arr).data)),
        }
    }
}

/// Sets up `*arr` as an array of `len` elements of `elt_sz` bytes named
/// `name` (the bytes before the NUL), all free, with memory from
/// `backing`. Errors: `InvalidArgument` (NULL `arr`, `len` 0 or above
/// `INT_MAX`, `elt_sz` 0), `NameTooLong` (64 bytes or more), `Busy` (a
/// file-backed array of that name is in use, in this or another process),
/// `Os` (open, ftruncate, mmap).
///
/// # Safety
/// `arr` must be NULL or point to writable memory for an `rte_fbarray`
/// that no other thread or process uses during the call (an array mapped
/// there before is not unmapped: destroy it first).
pub unsafe fn init(
    arr: *mut rte_fbarray,
    name: &[u8],
    len: u32,
    elt_sz: u32,
    backing: Backing<'_>,
) -> Result<(), Error> {
    if arr.is_null() {
        return Err(Error::invalid("arr is NULL"));
    }
    let name = name.split(|&b| b == 0).next().unwrap_or_default();
    validate(name, len, elt_sz)?;
    let lay = layout(len, elt_sz).ok_or_else(|| Error::invalid(format!("{len} elements of {elt_sz} bytes")))?;
    let mut areas = areas();
    let (data, file) = match backing {
        Backing::Anonymous => (map(ptr::null_mut(), lay.map_len, None)?, None),
        Backing::File(dir) => {
            let path = file_path(dir, name);
            let fd = open(&path, true)?;
            // Exclusive first: if anyone (this process included, through
            // another open) has it, the name is taken.
            match flock(&fd, libc::LOCK_EX) {
                Ok(()) => {}
                Err(libc::EWOULDBLOCK) => {
                    return Err(Error::Busy(format!("{} is in use by another array", path.display())))
                }
                Err(errno) => return Err(Error::Os { what: format!("cannot lock {}", path.display()), errno }),
            }
            // Then shared, so that others can attach but not init it.
            flock(&fd, libc::LOCK_SH)
                .map_err(|errno| Error::Os { what: format!("cannot lock {}", path.display()), errno })?;
            truncate(&fd, lay.map_len, &path)?;
            (map(ptr::null_mut(), lay.map_len, Some(&fd))?, Some((fd, path)))
        }
    };
    // SAFETY: data..data+map_len is the mapping just made; nobody else
    // knows its address until the struct below is written. Offsets are
    // inside it and the mask header is 8-aligned (layout()).
    unsafe {
        ptr::write_bytes(data.cast::<u8>(), 0, lay.map_len);
        ptr::write(data.cast::<u8>().add(lay.mask_off).cast::<u32>(), lay.n_words as u32);
    }
    let mut field = [0 as c_char; NAME_LEN];
    for (d, &s) in field.iter_mut().zip(name) {
        *d = s as c_char;
    }
    // SAFETY: arr is writable and not in use by anyone else (contract).
    unsafe {
        ptr::write(addr_of_mut!((*arr).name), field);
        ptr::write(addr_of_mut!((*arr).count), 0);
        ptr::write(addr_of_mut!((*arr).len), len);
        ptr::write(addr_of_mut!((*arr).elt_sz), elt_sz);
        ptr::write(addr_of_mut!((*arr).data), data);
        ptr::write(addr_of_mut!((*arr).rwlock), rte_rwlock_t { cnt: 0 });
    }
    areas.push(Area { addr: data as usize, len: lay.map_len, file });
    Ok(())
}

/// Maps, in this process, the file of an array another process set up
/// with [`init`] on `Backing::File`, at the address `arr->data` records.
/// Errors: `InvalidArgument`/`NameTooLong` (the struct is not a valid
/// array), `AlreadyMapped` (this process maps that range already, as after
/// a fork), `NotMapped` (`Backing::Anonymous`: there is no file),
/// `AddressUnavailable` (something else is mapped there), `Os` (the file
/// cannot be opened, e.g. ENOENT).
///
/// # Safety
/// `arr` must be NULL or point to a readable `rte_fbarray`.
pub unsafe fn attach(arr: *mut rte_fbarray, backing: Backing<'_>) -> Result<(), Error> {
    if arr.is_null() {
        return Err(Error::invalid("arr is NULL"));
    }
    // SAFETY: arr is readable (contract).
    let h = unsafe { read_header(arr) };
    validate(&name_bytes(&h.name), h.len, h.elt_sz)?;
    let lay = layout(h.len, h.elt_sz).ok_or_else(|| Error::invalid("array size"))?;
    let mut areas = areas();
    let (start, end) = (h.data as usize, (h.data as usize).saturating_add(lay.map_len));
    if areas.iter().any(|a| start < a.addr + a.len && a.addr < end) {
        return Err(Error::AlreadyMapped);
    }
    let Backing::File(dir) = backing else {
        return Err(Error::NotMapped(format!(
            "fbarray '{}' has no file to attach to (no shared config)",
            display_name(&name_bytes(&h.name))
        )));
    };
    if h.data.is_null() {
        return Err(Error::invalid("data is NULL"));
    }
    let path = file_path(dir, &name_bytes(&h.name));
    let fd = open(&path, false)?;
    flock(&fd, libc::LOCK_SH).map_err(|errno| Error::Os { what: format!("cannot lock {}", path.display()), errno })?;
    truncate(&fd, lay.map_len, &path)?;
    map(h.data, lay.map_len, Some(&fd))?;
    areas.push(Area { addr: start, len: lay.map_len, file: Some((fd, path)) });
    Ok(())
}

/// Finds `arr`'s mapping in the registry: its index there.
fn find_area(areas: &[Area], h: &Header) -> Result<usize, Error> {
    let len = layout(h.len, h.elt_sz).map(|l| l.map_len);
    areas.iter().position(|a| a.addr == h.data as usize && Some(a.len) == len).ok_or_else(|| {
        Error::NotMapped(format!("fbarray '{}' is not mapped in this process", display_name(&name_bytes(&h.name))))
    })
}

/// Unmaps `arr` in this process (other processes keep their mappings; the
/// struct is left as it is). Errors: `InvalidArgument` (NULL), `NotMapped`.
///
/// # Safety
/// `arr` must be NULL or point to a readable `rte_fbarray`; no thread of
/// this process may use the array during or after the call.
pub unsafe fn detach(arr: *mut rte_fbarray) -> Result<(), Error> {
    if arr.is_null() {
        return Err(Error::invalid("arr is NULL"));
    }
    // SAFETY: arr is readable (contract).
    let h = unsafe { read_header(arr) };
    let mut areas = areas();
    let i = find_area(&areas, &h)?;
    let area = areas.remove(i);
    unmap(area.addr, area.len);
    Ok(())
}

/// Unmaps `arr`, removes its file and zeroes the struct. Errors:
/// `InvalidArgument` (NULL), `NotMapped`, `Busy` (another process has it
/// attached), `Os` (unlink).
///
/// # Safety
/// `arr` must be NULL or point to a writable `rte_fbarray`; no thread of
/// this process may use the array during or after the call.
pub unsafe fn destroy(arr: *mut rte_fbarray) -> Result<(), Error> {
    if arr.is_null() {
        return Err(Error::invalid("arr is NULL"));
    }
    // SAFETY: arr is readable (contract).
    let h = unsafe { read_header(arr) };
    let mut areas = areas();
    let i = find_area(&areas, &h)?;
    if let Some((fd, path)) = &areas[i].file {
        // Exclusive only when nobody else holds a shared lock. Converting
        // drops our shared lock first, so take it back on failure.
        if let Err(errno) = flock(fd, libc::LOCK_EX) {
            let _ = flock(fd, libc::LOCK_SH);
            return Err(match errno {
                libc::EWOULDBLOCK => {
                    Error::Busy(format!("cannot destroy {}: another process has it attached", path.display()))
                }
                errno => Error::Os { what: format!("cannot lock {}", path.display()), errno },
            });
        }
        let c = cstring(path)?;
        // SAFETY: c is a valid NUL-terminated path.
        if unsafe { libc::unlink(c.as_ptr()) } != 0 {
            let e = Error::last_os(format!("cannot remove {}", path.display()));
            let _ = flock(fd, libc::LOCK_SH);
            return Err(e);
        }
    }
    let area = areas.remove(i);
    unmap(area.addr, area.len);
    // SAFETY: arr is writable and unused by anyone else (contract).
    unsafe { ptr::write_bytes(arr, 0, 1) };
    Ok(())
}

/// A validated handle on a set-up array, with safe, bounds-checked
/// accessors. It copies the constant fields once and reaches `count`, the
/// lock and the bitmap through raw pointers.
pub struct FbArray {
    arr: *mut rte_fbarray,
    name: [c_char; NAME_LEN],
    len: usize,
    elt_sz: usize,
    data: *mut u8,
    words: *const AtomicU64,
    n_words: usize,
    /// Valid bits of the last word.
    last_mask: u64,
    lock: RwLock,
}

impl FbArray {
    /// Checks `*arr` (non-NULL, `len` 1 to `INT_MAX`, `elt_sz` non-zero,
    /// `data` non-NULL) and makes a handle on it. Errors: `InvalidArgument`.
    ///
    /// # Safety
    /// `arr` must be NULL or point to a readable `rte_fbarray`. If it passes
    /// the checks, it must be an array set up by [`init`] or [`attach`] whose
    /// mapping stays mapped in this process, and the struct valid, while the
    /// handle is used; methods that change the array need it writable.
    pub unsafe fn from_raw(arr: *const rte_fbarray) -> Result<Self, Error> {
        if arr.is_null() {
            return Err(Error::invalid("arr is NULL"));
        }
        // SAFETY: arr is readable (contract).
        let h = unsafe { read_header(arr) };
        if h.len == 0 || h.len > MAX_LEN || h.elt_sz == 0 || h.data.is_null() {
            return Err(Error::invalid(format!(
                "not a set-up fbarray (len {}, elt_sz {}, data {:p})",
                h.len, h.elt_sz, h.data
            )));
        }
        let lay = layout(h.len, h.elt_sz).ok_or_else(|| Error::invalid("array size"))?;
        let arr = arr.cast_mut();
        // SAFETY: the mapping holds the mask at mask_off (contract: set up
        // by init or attach with this layout), 8-aligned, words after the
        // 8-byte header; the rwlock field is inside the live struct.
        let (words, lock) = unsafe {
            (
                h.data.cast::<u8>().add(lay.mask_off + MASK_HEADER).cast::<AtomicU64>().cast_const(),
                RwLock::from_raw(addr_of_mut!((*arr).rwlock)),
            )
        };
        let rem = h.len as usize % WORD_BITS;
        Ok(FbArray {
            arr,
            name: h.name,
            len: h.len as usize,
            elt_sz: h.elt_sz as usize,
            data: h.data.cast(),
            words,
            n_words: lay.n_words,
            last_mask: if rem == 0 { !0 } else { (1u64 << rem) - 1 },
            lock,
        })
    }

    /// Number of elements.
    pub fn len(&self) -> u32 {
        self.len as u32
    }

    /// Always false: a set-up array has at least one element.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Size of one element.
    pub fn elt_sz(&self) -> u32 {
        self.elt_sz as u32
    }

    fn count_word(&self) -> &AtomicU32 {
        // SAFETY: count is a u32 field of the live struct (from_raw's
        // contract), only changed under the write lock, atomically here.
        unsafe { AtomicU32::from_ptr(addr_of_mut!((*self.arr).count)) }
    }

    /// Number of used elements.
    pub fn count(&self) -> u32 {
        self.count_word().load(Ordering::Relaxed)
    }

    fn word(&self, i: usize) -> &AtomicU64 {
        debug_assert!(i < self.n_words);
        // SAFETY: i < n_words: inside the mapped bitmap (from_raw's
        // contract); the words are only accessed atomically.
        unsafe { &*self.words.add(i) }
    }

    /// Word `i` with a 1 for each element that is `used` (or free), and 0
    /// for the bits past `len`.
    fn matching(&self, i: usize, used: bool) -> u64 {
        // ORDERING: Relaxed: callers hold the rwlock, whose Acquire pairs
        // with the writer's Release.
        let w = self.word(i).load(Ordering::Relaxed);
        let w = if used { w } else { !w };
        if i + 1 == self.n_words {
            w & self.last_mask
        } else {
            w
        }
    }

    fn check_idx(&self, idx: u32, what: &str) -> Result<usize, Error> {
        if idx as usize >= self.len {
            return Err(Error::invalid(format!("{what} {idx} out of range (len {})", self.len)));
        }
        Ok(idx as usize)
    }

    fn check_n(&self, n: u32) -> Result<usize, Error> {
        if n == 0 || n as usize > self.len {
            return Err(Error::invalid(format!("n {n} (must be 1 to len {})", self.len)));
        }
        Ok(n as usize)
    }

    fn read<T>(&self, f: impl FnOnce() -> T) -> T {
        self.lock.read_lock();
        let r = f();
        self.lock.read_unlock();
        r
    }

    /// The address of element `idx`. Errors: `InvalidArgument` (out of range).
    pub fn get(&self, idx: u32) -> Result<*mut c_void, Error> {
        let idx = self.check_idx(idx, "index")?;
        Ok(self.data.wrapping_add(idx * self.elt_sz).cast())
    }

    /// The index of the element `elt` points into. Errors:
    /// `InvalidArgument` (NULL, or outside the elements).
    pub fn find_idx(&self, elt: *const c_void) -> Result<u32, Error> {
        let (start, p) = (self.data as usize, elt as usize);
        if elt.is_null() || p < start || p - start >= self.len * self.elt_sz {
            return Err(Error::invalid(format!("{elt:p} is not an element of the array")));
        }
        Ok(((p - start) / self.elt_sz) as u32)
    }

    /// Marks element `idx` used (`used`) or free; no change if it already
    /// is. Errors: `InvalidArgument`.
    pub fn set(&self, idx: u32, used: bool) -> Result<(), Error> {
        let idx = self.check_idx(idx, "index")?;
        let bit = 1u64 << (idx % WORD_BITS);
        let word = self.word(idx / WORD_BITS);
        self.lock.write_lock();
        // ORDERING: Relaxed under the write lock: its Acquire/Release
        // order these against every other locked access.
        let old = if used { word.fetch_or(bit, Ordering::Relaxed) } else { word.fetch_and(!bit, Ordering::Relaxed) };
        if (old & bit != 0) != used {
            if used {
                self.count_word().fetch_add(1, Ordering::Relaxed);
            } else {
                self.count_word().fetch_sub(1, Ordering::Relaxed);
            }
        }
        self.lock.write_unlock();
        Ok(())
    }

    /// Whether element `idx` is used. Errors: `InvalidArgument`.
    pub fn is_used(&self, idx: u32) -> Result<bool, Error> {
        let idx = self.check_idx(idx, "index")?;
        Ok(self.read(|| self.matching(idx / WORD_BITS, true) & (1u64 << (idx % WORD_BITS)) != 0))
    }

    fn none(used: bool) -> Error {
        if used {
            Error::NoUsedEntry
        } else {
            Error::NoFreeEntry
        }
    }

    /// First element at or after `start` that is `used` (or free).
    fn next(&self, start: usize, used: bool) -> Option<usize> {
        let mut i = start / WORD_BITS;
        let mut w = self.matching(i, used) & (!0u64 << (start % WORD_BITS));
        loop {
            if w != 0 {
                return Some(i * WORD_BITS + w.trailing_zeros() as usize);
            }
            i += 1;
            if i >= self.n_words {
                return None;
            }
            w = self.matching(i, used);
        }
    }

    /// Last element at or before `start` that is `used` (or free).
    fn prev(&self, start: usize, used: bool) -> Option<usize> {
        let mut i = start / WORD_BITS;
        let mut w = self.matching(i, used) & (!0u64 >> (WORD_BITS - 1 - start % WORD_BITS));
        loop {
            if w != 0 {
                return Some(i * WORD_BITS + WORD_BITS - 1 - w.leading_zeros() as usize);
            }
            if i == 0 {
                return None;
            }
            i -= 1;
            w = self.matching(i, used);
        }
    }

    /// Length of the run of `used` (or free) elements from `start` up,
    /// counted at least up to `limit` (then it may stop early).
    fn run_up(&self, start: usize, used: bool, limit: usize) -> usize {
        let (mut i, mut b, mut n) = (start / WORD_BITS, start % WORD_BITS, 0);
        loop {
            let other = !self.matching(i, used) >> b;
            if other != 0 {
                return n + other.trailing_zeros() as usize;
            }
            n += WORD_BITS - b;
            i += 1;
            b = 0;
            if n >= limit || i >= self.n_words {
                return n;
            }
        }
    }

    /// Length of the run of `used` (or free) elements from `start` down,
    /// counted at least up to `limit` (then it may stop early).
    fn run_down(&self, start: usize, used: bool, limit: usize) -> usize {
        let (mut i, mut b, mut n) = (start / WORD_BITS, start % WORD_BITS, 0);
        loop {
            let other = !self.matching(i, used) << (WORD_BITS - 1 - b);
            if other != 0 {
                return n + other.leading_zeros() as usize;
            }
            n += b + 1;
            if n >= limit || i == 0 {
                return n;
            }
            i -= 1;
            b = WORD_BITS - 1;
        }
    }

    /// Lowest `i >= start` with `n` `used` (or free) elements from `i` on.
    fn next_n(&self, start: usize, n: usize, used: bool) -> Option<usize> {
        let mut pos = start;
        while pos < self.len {
            let p = self.next(pos, used)?;
            if self.len - p < n {
                return None;
            }
            let run = self.run_up(p, used, n);
            if run >= n {
                return Some(p);
            }
            // p + run is not matching (or is len): the next run is beyond.
            pos = p + run;
        }
        None
    }

    /// Lowest index of the highest chunk of `n` `used` (or free) elements
    /// that ends at or before `start`.
    fn prev_n(&self, start: usize, n: usize, used: bool) -> Option<usize> {
        let mut pos = start;
        loop {
            let p = self.prev(pos, used)?;
            if p + 1 < n {
                return None;
            }
            let run = self.run_down(p, used, n);
            if run >= n {
                return Some(p + 1 - n);
            }
            // run < n <= p + 1, so p - run >= 0 is the non-matching element
            // below this run.
            pos = p - run;
        }
    }

    /// Start and length of the first longest run in `[start, len)`.
    fn biggest(&self, start: usize, used: bool) -> Option<usize> {
        let (mut best, mut best_len, mut pos) = (None, 0, start);
        while pos < self.len {
            let Some(p) = self.next(pos, used) else { break };
            let run = self.run_up(p, used, usize::MAX);
            if run > best_len {
                (best, best_len) = (Some(p), run);
            }
            pos = p + run;
        }
        best
    }

    /// Lowest index of the longest run in `[0, start]` (the highest of
    /// equally long ones).
    fn rev_biggest(&self, start: usize, used: bool) -> Option<usize> {
        let (mut best, mut best_len, mut pos) = (None, 0, Some(start));
        while let Some(p) = pos.and_then(|pos| self.prev(pos, used)) {
            let run = self.run_down(p, used, usize::MAX);
            let low = p + 1 - run;
            if run > best_len {
                (best, best_len) = (Some(low), run);
            }
            pos = low.checked_sub(1);
        }
        best
    }

    fn search(&self, start: u32, used: bool, f: impl FnOnce(usize) -> Option<usize>) -> Result<u32, Error> {
        let start = self.check_idx(start, "start")?;
        self.read(|| f(start)).map(|i| i as u32).ok_or_else(|| Self::none(used))
    }

    /// First element at or after `start` that is used (`used`) or free.
    /// Errors: `InvalidArgument`, `NoUsedEntry`/`NoFreeEntry`.
    pub fn find_next(&self, start: u32, used: bool) -> Result<u32, Error> {
        self.search(start, used, |s| self.next(s, used))
    }

    /// The first used element, in index order, for which `f` says true:
    /// one scan under one read lock (a name search over a table).
    pub fn find_used(&self, mut f: impl FnMut(u32) -> bool) -> Option<u32> {
        self.read(|| {
            let mut pos = 0;
            while let Some(i) = self.next(pos, true) {
                if f(i as u32) {
                    return Some(i as u32);
                }
                pos = i + 1;
                if pos >= self.len {
                    break;
                }
            }
            None
        })
    }

    /// Last element at or before `start` that is used (`used`) or free.
    /// Errors: as [`FbArray::find_next`].
    pub fn find_prev(&self, start: u32, used: bool) -> Result<u32, Error> {
        self.search(start, used, |s| self.prev(s, used))
    }

    /// Lowest index at or after `start` of `n` consecutive used (`used`) or
    /// free elements. Errors: `InvalidArgument` (also `n` 0 or above
    /// `len`), `NoUsedEntry`/`NoFreeEntry`.
    pub fn find_next_n(&self, start: u32, n: u32, used: bool) -> Result<u32, Error> {
        self.check_idx(start, "start")?;
        let n = self.check_n(n)?;
        self.search(start, used, |s| self.next_n(s, n, used))
    }

    /// Lowest index of the highest chunk of `n` consecutive used (`used`)
    /// or free elements ending at or before `start`. Errors: as
    /// [`FbArray::find_next_n`].
    pub fn find_prev_n(&self, start: u32, n: u32, used: bool) -> Result<u32, Error> {
        self.check_idx(start, "start")?;
        let n = self.check_n(n)?;
        self.search(start, used, |s| self.prev_n(s, n, used))
    }

    /// Number of consecutive used (`used`) or free elements from `start`
    /// up (0 if `start` is not). Errors: `InvalidArgument`.
    pub fn find_contig(&self, start: u32, used: bool) -> Result<u32, Error> {
        let start = self.check_idx(start, "start")?;
        Ok(self.read(|| self.run_up(start, used, usize::MAX)) as u32)
    }

    /// Number of consecutive used (`used`) or free elements from `start`
    /// down (0 if `start` is not). Errors: `InvalidArgument`.
    pub fn find_rev_contig(&self, start: u32, used: bool) -> Result<u32, Error> {
        let start = self.check_idx(start, "start")?;
        Ok(self.read(|| self.run_down(start, used, usize::MAX)) as u32)
    }

    /// Start of the first longest run of used (`used`) or free elements
    /// in `[start, len)`. Errors: as [`FbArray::find_next`].
    pub fn find_biggest(&self, start: u32, used: bool) -> Result<u32, Error> {
        self.search(start, used, |s| self.biggest(s, used))
    }

    /// Lowest index of the longest run of used (`used`) or free elements in
    /// `[0, start]`, the one nearest `start` among equals. Errors: as
    /// [`FbArray::find_next`].
    pub fn find_rev_biggest(&self, start: u32, used: bool) -> Result<u32, Error> {
        self.search(start, used, |s| self.rev_biggest(s, used))
    }

    /// The reference's metadata dump: name, sizes, then every bitmap word.
    /// Errors: `NameTooLong` (the name field has no NUL), as the reference
    /// validates before dumping.
    pub fn metadata(&self) -> Result<Vec<u8>, Error> {
        let name = name_bytes(&self.name);
        if name.len() >= NAME_LEN {
            return Err(Error::NameTooLong { max: NAME_LEN });
        }
        Ok(self.read(|| {
            let mut out = b"File-backed array: ".to_vec();
            out.extend_from_slice(&name);
            // The reference prints the unsigned fields with %i.
            out.extend_from_slice(
                format!(
                    "\nsize: {} occupied: {} elt_sz: {}\n",
                    self.len as i32,
                    self.count() as i32,
                    self.elt_sz as u32 as i32
                )
                .as_bytes(),
            );
            for i in 0..self.n_words {
                // ORDERING: Relaxed under the read lock (see matching()).
                let w = self.word(i).load(Ordering::Relaxed);
                out.extend_from_slice(format!("msk idx {i}: 0x{w:016x}\n").as_bytes());
            }
            out
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests that unmap an array and map it again at the same address take
    /// this exclusively, so that no other test maps memory into the hole.
    static ADDRESS_SPACE: std::sync::RwLock<()> = std::sync::RwLock::new(());

    fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
        ADDRESS_SPACE.read().unwrap_or_else(|e| e.into_inner())
    }

    fn exclusive() -> std::sync::RwLockWriteGuard<'static, ()> {
        ADDRESS_SPACE.write().unwrap_or_else(|e| e.into_inner())
    }

    /// xorshift64: a tiny deterministic PRNG for the random bitmaps.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// An array in a leaked-until-drop box, destroyed on drop.
    struct Arr(*mut rte_fbarray);

    impl Arr {
        fn zeroed() -> Self {
            // SAFETY: rte_fbarray is plain old data: all zeroes is a valid
            // (unset-up) value, as a C static would be.
            Arr(Box::into_raw(Box::new(unsafe { std::mem::zeroed::<rte_fbarray>() })))
        }

        fn new(name: &str, len: u32, elt_sz: u32, backing: Backing<'_>) -> Self {
            let a = Arr::zeroed();
            // SAFETY: a fresh, writable struct used by this thread only.
            unsafe { init(a.0, name.as_bytes(), len, elt_sz, backing) }.unwrap();
            a
        }

        fn anon(len: u32) -> Self {
            Arr::new("test", len, 8, Backing::Anonymous)
        }

        fn h(&self) -> FbArray {
            // SAFETY: set up by init (or zeroed, which from_raw refuses);
            // the handle is dropped before the Arr.
            unsafe { FbArray::from_raw(self.0) }.unwrap()
        }

        fn data(&self) -> *mut c_void {
            // SAFETY: a live box.
            unsafe { (*self.0).data }
        }
    }

    impl Drop for Arr {
        fn drop(&mut self) {
            // SAFETY: the box's struct; unused by anyone else now. An array
            // already destroyed (zeroed) gives NotMapped, which is fine.
            let _ = unsafe { destroy(self.0) };
            // SAFETY: allocated by Box::into_raw in zeroed().
            drop(unsafe { Box::from_raw(self.0) });
        }
    }

    /// The naive model: one bool per element, searches bit by bit.
    struct Model {
        bits: Vec<bool>,
    }

    impl Model {
        fn run_up(&self, s: usize, u: bool) -> usize {
            self.bits[s..].iter().take_while(|&&b| b == u).count()
        }

        fn run_down(&self, s: usize, u: bool) -> usize {
            self.bits[..=s].iter().rev().take_while(|&&b| b == u).count()
        }

        fn next(&self, s: usize, u: bool) -> Option<usize> {
            (s..self.bits.len()).find(|&i| self.bits[i] == u)
        }

        fn prev(&self, s: usize, u: bool) -> Option<usize> {
            (0..=s).rev().find(|&i| self.bits[i] == u)
        }

        fn next_n(&self, up: &[usize], s: usize, n: usize) -> Option<usize> {
            (s..self.bits.len()).find(|&i| up[i] >= n)
        }

        fn prev_n(&self, up: &[usize], s: usize, n: usize) -> Option<usize> {
            if s + 1 < n {
                return None;
            }
            (0..=s + 1 - n).rev().find(|&i| up[i] >= n)
        }

        fn biggest(&self, up: &[usize], s: usize, u: bool) -> Option<usize> {
            let (mut best, mut best_len, mut i) = (None, 0, s);
            while i < self.bits.len() {
                if self.bits[i] == u {
                    if up[i] > best_len {
                        (best, best_len) = (Some(i), up[i]);
                    }
                    i += up[i];
                } else {
                    i += 1;
                }
            }
            best
        }

        fn rev_biggest(&self, s: usize, u: bool) -> Option<usize> {
            let (mut best, mut best_len, mut i) = (None, 0, s as isize);
            while i >= 0 {
                if self.bits[i as usize] == u {
                    let run = self.run_down(i as usize, u);
                    let low = i as usize + 1 - run;
                    if run > best_len {
                        (best, best_len) = (Some(low), run);
                    }
                    i = low as isize - 1;
                } else {
                    i -= 1;
                }
            }
            best
        }
    }

    fn not_found(u: bool) -> Error {
        if u {
            Error::NoUsedEntry
        } else {
            Error::NoFreeEntry
        }
    }

    fn ok_or(r: Option<usize>, u: bool) -> Result<u32, Error> {
        r.map(|i| i as u32).ok_or_else(|| not_found(u))
    }

    /// Checks every search of `h` against `m` from every start in `starts`,
    /// with the `n` values in `ns` (those in 1..=len).
    fn check_all(h: &FbArray, m: &Model, starts: impl Iterator<Item = usize> + Clone, ns: &[usize]) {
        let len = m.bits.len();
        assert_eq!(h.count() as usize, m.bits.iter().filter(|&&b| b).count());
        for u in [false, true] {
            let up: Vec<usize> = (0..len).map(|i| m.run_up(i, u)).collect();
            for s in starts.clone() {
                let s32 = s as u32;
                let ctx = format!("len {len} start {s} used {u}");
                assert_eq!(h.find_next(s32, u), ok_or(m.next(s, u), u), "next {ctx}");
                assert_eq!(h.find_prev(s32, u), ok_or(m.prev(s, u), u), "prev {ctx}");
                assert_eq!(h.find_contig(s32, u), Ok(m.run_up(s, u) as u32), "contig {ctx}");
                assert_eq!(h.find_rev_contig(s32, u), Ok(m.run_down(s, u) as u32), "rev_contig {ctx}");
                assert_eq!(h.find_biggest(s32, u), ok_or(m.biggest(&up, s, u), u), "biggest {ctx}");
                assert_eq!(h.find_rev_biggest(s32, u), ok_or(m.rev_biggest(s, u), u), "rev_biggest {ctx}");
                for &n in ns.iter().filter(|&&n| n >= 1 && n <= len) {
                    let n32 = n as u32;
                    assert_eq!(h.find_next_n(s32, n32, u), ok_or(m.next_n(&up, s, n), u), "next_n {n} {ctx}");
                    assert_eq!(h.find_prev_n(s32, n32, u), ok_or(m.prev_n(&up, s, n), u), "prev_n {n} {ctx}");
                }
            }
        }
    }

    /// A bitmap of `len` bits in one of several patterns.
    fn pattern(rng: &mut Rng, len: usize, kind: u32) -> Vec<bool> {
        match kind {
            // Density 1/8, 1/2, 7/8.
            0 => (0..len).map(|_| rng.below(8) == 0).collect(),
            1 => (0..len).map(|_| rng.below(2) == 0).collect(),
            2 => (0..len).map(|_| rng.below(8) != 0).collect(),
            // Runs of random lengths up to 150, crossing words.
            3 => {
                let (mut v, mut b) = (Vec::new(), rng.below(2) == 0);
                while v.len() < len {
                    let run = 1 + rng.below(150) as usize;
                    v.resize(v.len() + run.min(len - v.len()), b);
                    b = !b;
                }
                v
            }
            // Empty and full.
            4 => vec![false; len],
            _ => vec![true; len],
        }
    }

    fn fill(h: &FbArray, bits: &[bool]) {
        for (i, &b) in bits.iter().enumerate() {
            h.set(i as u32, b).unwrap();
        }
    }

    const NS: &[usize] = &[1, 2, 3, 5, 8, 31, 63, 64, 65, 100, 127, 128, 129, 150, 200, 300];

    #[test]
    fn searches_match_the_model_on_random_bitmaps() {
        let _g = shared();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for len in [1usize, 2, 3, 63, 64, 65, 127, 128, 129, 191, 192, 193, 300] {
            for kind in 0..6 {
                let a = Arr::anon(len as u32);
                let h = a.h();
                let bits = pattern(&mut rng, len, kind);
                fill(&h, &bits);
                let mut ns = NS.to_vec();
                ns.extend([len - 1, len]);
                check_all(&h, &Model { bits }, 0..len, &ns);
            }
        }
    }

    #[test]
    fn searches_match_the_model_on_a_memseg_sized_array() {
        let _g = shared();
        let mut rng = Rng(12345);
        let len = 8192 + 77;
        let a = Arr::anon(len as u32);
        let h = a.h();
        for kind in [3, 0, 1, 2] {
            let bits = pattern(&mut rng, len, kind);
            fill(&h, &bits);
            let starts = (0..len).step_by(97).chain([63, 64, 65, 8191, 8192, len - 1]);
            check_all(&h, &Model { bits }, starts, &[1, 2, 7, 64, 65, 128, 200, 1000, len]);
        }
    }

    #[test]
    fn word_boundaries() {
        let _g = shared();
        for len in [63u32, 64, 65, 128, 129] {
            let a = Arr::anon(len);
            let h = a.h();
            let mut bits = vec![false; len as usize];
            for i in [62u32, 63, 64, 65, 127, 128].into_iter().filter(|&i| i < len) {
                h.set(i, true).unwrap();
                bits[i as usize] = true;
                check_all(&h, &Model { bits: bits.clone() }, 0..len as usize, NS);
            }
        }
        // A run that ends exactly at a word's last bit, and one that starts
        // at the next word's first bit.
        let a = Arr::anon(65);
        let h = a.h();
        h.set(63, true).unwrap();
        assert_eq!(h.find_next(0, true), Ok(63));
        assert_eq!(h.find_prev(64, true), Ok(63));
        assert_eq!(h.find_contig(63, true), Ok(1));
        assert_eq!(h.find_next_n(0, 63, false), Ok(0));
        assert_eq!(h.find_next_n(1, 63, false), Err(Error::NoFreeEntry));
        assert_eq!(h.find_next(63, false), Ok(64));
        h.set(64, true).unwrap();
        assert_eq!(h.find_contig(63, true), Ok(2));
        assert_eq!(h.find_rev_contig(64, true), Ok(2));
        assert_eq!(h.find_next_n(0, 2, true), Ok(63));
        assert_eq!(h.find_prev_n(64, 2, true), Ok(63));
        assert_eq!(h.find_next(63, false), Err(Error::NoFreeEntry));
        assert_eq!(h.find_rev_biggest(64, false), Ok(0));
    }

    #[test]
    fn empty_and_full_arrays() {
        let _g = shared();
        for len in [1u32, 64, 65, 1000] {
            let a = Arr::anon(len);
            let h = a.h();
            let last = len - 1;
            assert_eq!(h.count(), 0);
            assert_eq!(h.find_next(0, true), Err(Error::NoUsedEntry));
            assert_eq!(h.find_prev(last, true), Err(Error::NoUsedEntry));
            assert_eq!(h.find_biggest(0, true), Err(Error::NoUsedEntry));
            assert_eq!(h.find_next_n(0, len, false), Ok(0));
            assert_eq!(h.find_prev_n(last, len, false), Ok(0));
            assert_eq!(h.find_prev_n(last, 1, false), Ok(last));
            assert_eq!(h.find_contig(0, false), Ok(len));
            assert_eq!(h.find_rev_contig(last, false), Ok(len));
            assert_eq!(h.find_contig(0, true), Ok(0));
            assert_eq!(h.find_rev_biggest(last, false), Ok(0));
            for i in 0..len {
                h.set(i, true).unwrap();
            }
            assert_eq!(h.count(), len);
            assert_eq!(h.find_next(0, false), Err(Error::NoFreeEntry));
            assert_eq!(h.find_prev_n(last, 1, false), Err(Error::NoFreeEntry));
            assert_eq!(h.find_biggest(0, false), Err(Error::NoFreeEntry));
            assert_eq!(h.find_rev_biggest(last, false), Err(Error::NoFreeEntry));
            assert_eq!(h.find_next_n(0, len, true), Ok(0));
            assert_eq!(h.find_contig(0, true), Ok(len));
            assert_eq!(h.find_rev_contig(last, true), Ok(len));
            assert_eq!(h.find_biggest(0, true), Ok(0));
            assert_eq!(h.find_rev_biggest(last, true), Ok(0));
        }
    }

    #[test]
    fn set_free_is_used_and_count() {
        let _g = shared();
        let a = Arr::anon(100);
        let h = a.h();
        h.set(3, true).unwrap();
        h.set(3, true).unwrap();
        assert_eq!(h.count(), 1);
        assert_eq!(h.is_used(3), Ok(true));
        assert_eq!(h.is_used(4), Ok(false));
        h.set(3, false).unwrap();
        h.set(3, false).unwrap();
        assert_eq!(h.count(), 0);
        assert_eq!(h.is_used(3), Ok(false));
        // SAFETY: reading the live struct's count field.
        assert_eq!(unsafe { (*a.0).count }, 0);
    }

    #[test]
    fn get_and_find_idx() {
        let _g = shared();
        let a = Arr::new("elts", 10, 24, Backing::Anonymous);
        let h = a.h();
        let data = a.data().cast::<u8>();
        assert_eq!(h.get(0), Ok(data.cast()));
        assert_eq!(h.get(9), Ok(data.wrapping_add(9 * 24).cast()));
        assert!(matches!(h.get(10), Err(Error::InvalidArgument(_))));
        assert_eq!(h.find_idx(data.wrapping_add(24).cast()), Ok(1));
        assert_eq!(h.find_idx(data.wrapping_add(24 * 2 + 5).cast()), Ok(2));
        assert_eq!(h.find_idx(data.wrapping_add(239).cast()), Ok(9));
        for bad in [ptr::null(), data.wrapping_sub(1), data.wrapping_add(240)] {
            assert!(matches!(h.find_idx(bad.cast()), Err(Error::InvalidArgument(_))));
        }
        // Elements are writable and the bitmap is past them: filling every
        // element leaves the array empty.
        for i in 0..10 {
            // SAFETY: get() returned an element of the mapping, 24 bytes.
            unsafe { ptr::write_bytes(h.get(i).unwrap().cast::<u8>(), 0xff, 24) };
        }
        assert_eq!(h.find_next(0, true), Err(Error::NoUsedEntry));
    }

    #[test]
    fn odd_element_sizes_keep_the_bitmap_aligned() {
        let _g = shared();
        for (len, elt_sz) in [(5u32, 3u32), (1, 1), (65, 7), (1000, 13)] {
            let a = Arr::new("odd", len, elt_sz, Backing::Anonymous);
            let h = a.h();
            assert_eq!(h.words as usize % 8, 0);
            assert!(h.words as usize >= a.data() as usize + (len * elt_sz) as usize);
            h.set(len - 1, true).unwrap();
            assert_eq!(h.find_next(0, true), Ok(len - 1));
        }
    }

    #[test]
    fn argument_errors() {
        let _g = shared();
        let inval = |r: Result<(), Error>| matches!(r, Err(Error::InvalidArgument(_)));
        let z = Arr::zeroed();
        // SAFETY: (all calls below) z is a live, writable struct or NULL.
        unsafe {
            assert!(inval(init(ptr::null_mut(), b"x", 1, 1, Backing::Anonymous)));
            assert!(inval(init(z.0, b"x", 0, 1, Backing::Anonymous)));
            assert!(inval(init(z.0, b"x", MAX_LEN + 1, 1, Backing::Anonymous)));
            assert!(inval(init(z.0, b"x", 1, 0, Backing::Anonymous)));
            let long = [b'a'; NAME_LEN];
            assert_eq!(init(z.0, &long, 1, 1, Backing::Anonymous), Err(Error::NameTooLong { max: NAME_LEN }));
            // Lengths are checked before the name, as the reference does.
            assert!(inval(init(z.0, &long, 0, 1, Backing::Anonymous)));
            assert!(inval(attach(ptr::null_mut(), Backing::Anonymous)));
            assert!(inval(attach(z.0, Backing::Anonymous)));
            assert!(inval(detach(ptr::null_mut())));
            assert!(inval(destroy(ptr::null_mut())));
            assert!(matches!(detach(z.0), Err(Error::NotMapped(_))));
            assert!(matches!(destroy(z.0), Err(Error::NotMapped(_))));
            assert!(matches!(FbArray::from_raw(ptr::null()), Err(Error::InvalidArgument(_))));
            assert!(matches!(FbArray::from_raw(z.0), Err(Error::InvalidArgument(_))));
        }
        // A name of 63 bytes fits; an empty one too, as in the reference.
        drop(Arr::new(&"n".repeat(NAME_LEN - 1), 1, 1, Backing::Anonymous));
        drop(Arr::new("", 1, 1, Backing::Anonymous));

        let a = Arr::anon(64);
        let h = a.h();
        let bad = |r: Result<u32, Error>| matches!(r, Err(Error::InvalidArgument(_)));
        assert!(inval(h.set(64, true)));
        assert!(matches!(h.is_used(64), Err(Error::InvalidArgument(_))));
        for u in [false, true] {
            assert!(bad(h.find_next(64, u)));
            assert!(bad(h.find_prev(64, u)));
            assert!(bad(h.find_contig(64, u)));
            assert!(bad(h.find_rev_contig(64, u)));
            assert!(bad(h.find_biggest(64, u)));
            assert!(bad(h.find_rev_biggest(64, u)));
            assert!(bad(h.find_next_n(64, 1, u)));
            assert!(bad(h.find_next_n(0, 0, u)));
            assert!(bad(h.find_next_n(0, 65, u)));
            assert!(bad(h.find_prev_n(63, 0, u)));
            assert!(bad(h.find_prev_n(63, 65, u)));
        }
    }

    #[test]
    fn duplicate_anonymous_names_are_allowed() {
        let _g = shared();
        // As the reference with --no-shconf: no file, so nothing to clash.
        let a = Arr::new("dup", 10, 1, Backing::Anonymous);
        let b = Arr::new("dup", 10, 1, Backing::Anonymous);
        assert_ne!(a.data(), b.data());
    }

    #[test]
    fn anonymous_detach_and_attach() {
        let _g = shared();
        let a = Arr::anon(10);
        // SAFETY: a live, set-up struct.
        unsafe {
            assert_eq!(attach(a.0, Backing::Anonymous), Err(Error::AlreadyMapped));
            detach(a.0).unwrap();
            assert!(matches!(detach(a.0), Err(Error::NotMapped(_))));
            assert!(matches!(attach(a.0, Backing::Anonymous), Err(Error::NotMapped(_))));
            assert!(matches!(destroy(a.0), Err(Error::NotMapped(_))));
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rte_mem_fbarray_{}_{tag}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn file_backed_lifecycle() {
        let _g = exclusive();
        let dir = temp_dir("life");
        let file = dir.join("fbarray_life");
        let a = Arr::new("life", 1000, 16, Backing::File(&dir));
        let map_len = layout(1000, 16).unwrap().map_len;
        assert_eq!(std::fs::metadata(&file).unwrap().len() as usize, map_len);
        let h = a.h();
        for i in [0, 63, 64, 999] {
            h.set(i, true).unwrap();
        }
        // SAFETY: h.get(5) is a 16-byte element of the live mapping.
        unsafe { ptr::write_bytes(h.get(5).unwrap().cast::<u8>(), 0xab, 16) };
        drop(h);

        // The same name again is busy, in this process too.
        let b = Arr::zeroed();
        // SAFETY: (this block) a and b are live structs used by this thread.
        unsafe {
            assert!(matches!(init(b.0, b"life", 10, 1, Backing::File(&dir)), Err(Error::Busy(_))));
            assert_eq!(attach(a.0, Backing::File(&dir)), Err(Error::AlreadyMapped));
            let data = a.data();
            detach(a.0).unwrap();
            assert!(file.exists());
            attach(a.0, Backing::File(&dir)).unwrap();
            assert_eq!(a.data(), data);
        }
        // The bits and the elements are in the file.
        let h = a.h();
        assert_eq!(h.count(), 4);
        assert_eq!(h.find_next(1, true), Ok(63));
        assert_eq!(h.find_prev(998, true), Ok(64));
        // SAFETY: element 5's 16 bytes, in the mapping.
        assert_eq!(unsafe { ptr::read(h.get(5).unwrap().cast::<[u8; 16]>()) }, [0xab; 16]);
        drop(h);

        // Another holder of a shared lock (another process, attached)
        // makes destroy fail, and leaves the array usable.
        let other = open(&file, false).unwrap();
        flock(&other, libc::LOCK_SH).unwrap();
        // SAFETY: a live, set-up struct.
        assert!(matches!(unsafe { destroy(a.0) }, Err(Error::Busy(_))));
        assert!(file.exists());
        assert_eq!(a.h().count(), 4);
        // Our shared lock was taken back: nobody can init the name.
        // SAFETY: b is a live struct.
        assert!(matches!(unsafe { init(b.0, b"life", 10, 1, Backing::File(&dir)) }, Err(Error::Busy(_))));
        drop(other);
        // SAFETY: a live, set-up struct.
        unsafe { destroy(a.0) }.unwrap();
        assert!(!file.exists());
        // SAFETY: the box is live; destroy zeroed it.
        unsafe {
            assert_eq!((*a.0).len, 0);
            assert!((*a.0).data.is_null());
        }
        let _ = std::fs::remove_dir(&dir);
    }

    #[test]
    fn file_backed_attach_errors() {
        let _g = exclusive();
        let dir = temp_dir("attach");
        let a = Arr::new("gone", 100, 4, Backing::File(&dir));
        let data = a.data();
        let map_len = layout(100, 4).unwrap().map_len;
        // SAFETY: (this block) a is a live struct used by this thread; the
        // anonymous mapping made at data is unmapped before anyone uses it.
        unsafe {
            detach(a.0).unwrap();
            // Something else now sits at the array's address.
            let p = map(data, map_len, None).unwrap();
            assert_eq!(p, data);
            assert_eq!(attach(a.0, Backing::File(&dir)), Err(Error::AddressUnavailable(data as usize)));
            libc::munmap(p, map_len);
            // The file is gone.
            std::fs::remove_file(dir.join("fbarray_gone")).unwrap();
            assert!(matches!(attach(a.0, Backing::File(&dir)), Err(Error::Os { errno: libc::ENOENT, .. })));
        }
        let _ = std::fs::remove_dir(&dir);
    }

    #[test]
    fn concurrent_setters_and_readers() {
        let _g = shared();
        let a = Arr::anon(4096);
        let p = a.0 as usize;
        let threads: Vec<_> = (0..4)
            .map(|t| {
                std::thread::spawn(move || {
                    // SAFETY: the array outlives the threads (joined below).
                    let h = unsafe { FbArray::from_raw(p as *const rte_fbarray) }.unwrap();
                    for i in (t..4096).step_by(4) {
                        h.set(i, true).unwrap();
                        let _ = h.find_next_n(0, 3, false);
                        let _ = h.find_biggest(0, true);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let h = a.h();
        assert_eq!(h.count(), 4096);
        assert_eq!(h.find_next(0, false), Err(Error::NoFreeEntry));
    }

    #[test]
    fn metadata_dump() {
        let _g = shared();
        let a = Arr::new("dumped", 100, 8, Backing::Anonymous);
        let h = a.h();
        for i in 0..100 {
            h.set(i, i != 3).unwrap();
        }
        let text = String::from_utf8(h.metadata().unwrap()).unwrap();
        assert_eq!(
            text,
            "File-backed array: dumped\nsize: 100 occupied: 99 elt_sz: 8\n\
             msk idx 0: 0xfffffffffffffff7\nmsk idx 1: 0x0000000fffffffff\n"
        );
    }
}
