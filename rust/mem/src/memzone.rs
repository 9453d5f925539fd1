//! Memzones: named, contiguous areas carved from the malloc heaps, listed
//! in a table (an fbarray of `rte_memzone` in the shared configuration, so
//! every process sees the same zones at the same addresses).

use std::ffi::CStr;

use rte_abi::config::{RTE_CACHE_LINE_SIZE, RTE_MAX_MEMZONE};
use rte_abi::memory::*;

use crate::config::{self, Lock, MemConfig};
use crate::fbarray::FbArray;
use crate::memory::fb;
use crate::{fbarray, malloc, memory};

/// Why a reservation failed, each as the reference reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MzError {
    /// Bad name, flags, alignment, bound or socket (`EINVAL`).
    Invalid(String),
    /// The name does not fit (`ENAMETOOLONG`).
    NameTooLong,
    /// A zone of that name exists (`EEXIST`).
    Exists,
    /// The table is full (`ENOSPC`).
    TableFull,
    /// No memory fits (`ENOMEM`).
    NoMemory,
}

impl MzError {
    /// The errno the reference sets.
    pub fn errno(&self) -> i32 {
        match self {
            MzError::Invalid(_) => libc::EINVAL,
            MzError::NameTooLong => libc::ENAMETOOLONG,
            MzError::Exists => libc::EEXIST,
            MzError::TableFull => libc::ENOSPC,
            MzError::NoMemory => libc::ENOMEM,
        }
    }
}

const PAGE_FLAGS: &[(u32, u64)] = &[
    (RTE_MEMZONE_256KB, 256 << 10),
    (RTE_MEMZONE_2MB, 2 << 20),
    (RTE_MEMZONE_16MB, 16 << 20),
    (RTE_MEMZONE_256MB, 256 << 20),
    (RTE_MEMZONE_512MB, 512 << 20),
    (RTE_MEMZONE_1GB, 1 << 30),
    (RTE_MEMZONE_4GB, 4 << 30),
    (RTE_MEMZONE_16GB, 16 << 30),
];

fn table() -> Option<*mut rte_fbarray> {
    let cfg = config::get()?;
    // SAFETY: the live config block's memzone table.
    Some(unsafe { std::ptr::addr_of_mut!((*cfg).memzones) })
}

/// Creates the (empty) memzone table.
///
/// # Safety
/// `cfg` must be the live configuration block, not yet used by others.
pub unsafe fn init(cfg: *mut MemConfig, runtime_dir: Option<&std::path::PathBuf>) -> Result<(), crate::error::Error> {
    let backing = match runtime_dir {
        Some(d) => fbarray::Backing::File(d.as_path()),
        None => fbarray::Backing::Anonymous,
    };
    // SAFETY: the live block's table, set up once before anyone uses it.
    unsafe {
        fbarray::init(
            std::ptr::addr_of_mut!((*cfg).memzones),
            b"memzone",
            RTE_MAX_MEMZONE,
            std::mem::size_of::<rte_memzone>() as u32,
            backing,
        )
    }
}

/// Removes the memzone table.
pub fn cleanup() {
    if let Some(t) = table() {
        // SAFETY: the table created by init; nobody uses it any more.
        let _ = unsafe { fbarray::destroy(t) };
    }
}

/// A handle on the live memzone table, made once per operation.
fn handle(t: *mut rte_fbarray) -> Option<FbArray> {
    // SAFETY: the configuration block's table, set up by init and mapped
    // for the process's life.
    unsafe { FbArray::from_raw(t) }.ok()
}

fn name_bytes(mz: &rte_memzone) -> Vec<u8> {
    mz.name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect()
}

fn read(t: *mut rte_fbarray, i: u32) -> rte_memzone {
    // SAFETY: entry i of the live table, copied whole (packed struct).
    unsafe { std::ptr::read_unaligned(fb::get(t, i).cast::<rte_memzone>()) }
}

fn used(t: *mut rte_fbarray) -> Vec<u32> {
    let mut out = Vec::new();
    let mut s = 0;
    while let Some(i) = fb::next(t, s, true) {
        out.push(i);
        s = i + 1;
    }
    out
}

/// The used entry named `name`: one pass over the table, comparing the
/// name fields in place (the name is the first field of rte_memzone).
fn find(t: *mut rte_fbarray, name: &[u8]) -> Option<u32> {
    let a = handle(t)?;
    a.find_used(|i| {
        let Ok(e) = a.get(i) else { return false };
        let e = e.cast::<u8>();
        (0..RTE_MEMZONE_NAMESIZE as usize).all(|k| {
            // SAFETY: entry i of the live table holds a rte_memzone whose
            // 32-byte name field starts at offset 0; bytes are read, not
            // referenced (other processes write entries under the lock).
            let c = unsafe { e.add(k).read() };
            match name.get(k) {
                Some(&b) => c == b,
                None => c == 0,
            }
        })
    })
}

/// Reserves a zone; see `rte_memzone_reserve_bounded` for the rules.
pub fn reserve(
    name: &CStr,
    len: usize,
    socket: i32,
    caller_socket: i32,
    flags: u32,
    align: u32,
    bound: u32,
) -> Result<*const rte_memzone, MzError> {
    let t = table().ok_or_else(|| MzError::Invalid("EAL is not initialised".into()))?;
    let nb = name.to_bytes();
    if nb.is_empty() {
        return Err(MzError::Invalid("empty name".into()));
    }
    if nb.len() >= RTE_MEMZONE_NAMESIZE as usize {
        return Err(MzError::NameTooLong);
    }
    let known = PAGE_FLAGS.iter().fold(RTE_MEMZONE_SIZE_HINT_ONLY | RTE_MEMZONE_IOVA_CONTIG, |a, f| a | f.0);
    if flags & !known != 0 {
        return Err(MzError::Invalid(format!("unknown flags {:#x}", flags & !known)));
    }
    if socket < -1 {
        return Err(MzError::Invalid(format!("socket {socket}")));
    }
    if align != 0 && !align.is_power_of_two() {
        return Err(MzError::Invalid(format!("alignment {align} is not a power of two")));
    }
    if bound != 0 && !bound.is_power_of_two() {
        return Err(MzError::Invalid(format!("bound {bound} is not a power of two")));
    }
    let align = (align as usize).max(RTE_CACHE_LINE_SIZE as usize);
    let page_sz = PAGE_FLAGS.iter().find(|f| flags & f.0 != 0).map(|f| f.1);
    // The memzone lock orders reservations; heap growth takes the memory
    // hotplug lock inside it.
    let lock = config::rwlock(Lock::Memzone);
    if let Some(l) = lock {
        l.write_lock();
    }
    let r = reserve_locked(t, nb, len, socket, caller_socket, flags, align, bound as usize, page_sz);
    if let Some(l) = lock {
        l.write_unlock();
    }
    r
}

#[allow(clippy::too_many_arguments)]
fn reserve_locked(
    t: *mut rte_fbarray,
    name: &[u8],
    len: usize,
    socket: i32,
    caller_socket: i32,
    flags: u32,
    align: usize,
    bound: usize,
    page_sz: Option<u64>,
) -> Result<*const rte_memzone, MzError> {
    if find(t, name).is_some() {
        return Err(MzError::Exists);
    }
    let a = handle(t).ok_or_else(|| MzError::Invalid("memzone table is not set up".into()))?;
    let slot = a.find_next(0, false).map_err(|_| MzError::TableFull)?;
    let cl = RTE_CACHE_LINE_SIZE as usize;
    let mut len = len.checked_add(cl - 1).ok_or(MzError::NoMemory)? / cl * cl;
    if len == 0 {
        // The biggest block free now in the candidate heaps.
        let biggest = malloc::heap_order(socket, caller_socket)
            .iter()
            .map(|(_, h)| h.stats().greatest_free_size)
            .max()
            .unwrap_or(0);
        len = biggest.saturating_sub(align + 2 * cl) / cl * cl;
        if len == 0 {
            return Err(MzError::NoMemory);
        }
    }
    if bound != 0 && bound < len {
        return Err(MzError::Invalid(format!("bound {bound} is smaller than the length {len}")));
    }
    let contig = flags & RTE_MEMZONE_IOVA_CONTIG != 0;
    let try_page = |ps: Option<u64>| alloc_maybe_contig(socket, caller_socket, len, align, bound, ps, contig);
    let p = match try_page(page_sz) {
        Some(p) => p,
        None if page_sz.is_some() && flags & RTE_MEMZONE_SIZE_HINT_ONLY != 0 => {
            try_page(None).ok_or(MzError::NoMemory)?
        }
        None => return Err(MzError::NoMemory),
    };
    // 22.11 zeroes memory when it is freed, so a zone always starts zeroed
    // (programs such as mempool rely on it); this heap zeroes on demand.
    // SAFETY: the block was just allocated for this zone, `len` bytes long.
    unsafe { std::ptr::write_bytes(p.as_ptr(), 0, len) };
    let addr = p.as_ptr() as usize;
    let (lsocket, psz) = memory::virt2memseg_idx(addr)
        .and_then(|(i, _)| memory::list_ptr(i))
        // SAFETY: a live list header.
        .map(|m| unsafe { ((*m).socket_id, (*m).page_sz) })
        .unwrap_or((0, 4096));
    let mut mz = rte_memzone {
        name: [0; 32],
        iova: memory::virt2iova(addr),
        addr: addr as *mut libc::c_void,
        len,
        hugepage_sz: psz,
        socket_id: lsocket,
        flags,
    };
    for (i, &b) in name.iter().enumerate() {
        mz.name[i] = b as libc::c_char;
    }
    let e = a.get(slot).map_err(|_| MzError::TableFull)?.cast::<rte_memzone>();
    // SAFETY: a free slot of the live table, written whole then published.
    unsafe { std::ptr::write_unaligned(e, mz) };
    let _ = a.set(slot, true);
    Ok(e)
}

/// Whether `[addr, addr + len)` has IOVAs that follow its addresses (in
/// IOVA-as-VA mode always; in PA mode the pages must be physically
/// adjacent).
fn iova_contiguous(addr: usize, len: usize) -> bool {
    let first = memory::virt2iova(addr);
    if first == crate::iova::BAD_IOVA {
        return false;
    }
    let page = memory::page_size_of(addr).unwrap_or(4096).max(4096) as usize;
    let mut at = (addr / page + 1) * page;
    while at < addr + len {
        if memory::virt2iova(at) != first + (at - addr) as u64 {
            return false;
        }
        at += page;
    }
    true
}

/// Allocates for a zone; with `contig`, only a block whose IOVAs are
/// contiguous: blocks that are not stay taken while the next is tried (so
/// the heap hands out another one), then are given back.
#[allow(clippy::too_many_arguments)]
fn alloc_maybe_contig(
    socket: i32,
    caller_socket: i32,
    len: usize,
    align: usize,
    bound: usize,
    page_sz: Option<u64>,
    contig: bool,
) -> Option<std::ptr::NonNull<u8>> {
    const TRIES: usize = 16;
    let mut rejected = Vec::new();
    let mut found = None;
    for _ in 0..TRIES {
        let Some(p) = malloc::alloc(socket, caller_socket, len, align, bound, page_sz) else { break };
        if !contig || iova_contiguous(p.as_ptr() as usize, len) {
            found = Some(p);
            break;
        }
        rejected.push(p);
    }
    for p in rejected {
        // SAFETY: blocks allocated just above and never handed out.
        let _ = unsafe { malloc::free(p.as_ptr()) };
    }
    found
}

/// Finds a zone by name.
pub fn lookup(name: &CStr) -> Option<*const rte_memzone> {
    let t = table()?;
    let lock = config::rwlock(Lock::Memzone)?;
    lock.read_lock();
    let r = find(t, name.to_bytes()).map(|i| fb::get(t, i) as *const rte_memzone);
    lock.read_unlock();
    r
}

/// Frees a zone. Fails for a pointer that is not a live zone.
pub fn free(mz: *const rte_memzone) -> Result<(), MzError> {
    let t = table().ok_or_else(|| MzError::Invalid("EAL is not initialised".into()))?;
    let a = handle(t).ok_or_else(|| MzError::Invalid("memzone table is not set up".into()))?;
    let (base, elt, n) = (a.get(0).map_or(0, |p| p as usize), a.elt_sz() as usize, a.len() as usize);
    let at = mz as usize;
    if at < base || at >= base + elt * n || !(at - base).is_multiple_of(elt) {
        return Err(MzError::Invalid(format!("{mz:?} is not a memzone")));
    }
    let i = ((at - base) / elt) as u32;
    let lock = config::rwlock(Lock::Memzone);
    if let Some(l) = lock {
        l.write_lock();
    }
    let live = a.is_used(i).unwrap_or(false);
    let entry = a.get(i).ok().map(|p| p.cast::<u8>());
    // SAFETY: entry i of the live table, copied whole (packed struct).
    let z = entry.map(|e| unsafe { std::ptr::read_unaligned(e.cast::<rte_memzone>()) });
    if let (true, Some(e)) = (live, entry) {
        let _ = a.set(i, false);
        // SAFETY: the entry of the live table, no longer in use.
        unsafe { std::ptr::write_bytes(e, 0, elt) };
    }
    if let Some(l) = lock {
        l.write_unlock();
    }
    let (true, Some(z)) = (live, z) else {
        return Err(MzError::Invalid(format!("{mz:?} is not a live memzone")));
    };
    // SAFETY: the zone's memory came from malloc::alloc; its entry is gone.
    let _ = unsafe { malloc::free(z.addr.cast()) };
    Ok(())
}

/// Calls `f` on every zone.
pub fn walk(mut f: impl FnMut(*const rte_memzone)) {
    let Some(t) = table() else { return };
    for i in used(t) {
        f(fb::get(t, i) as *const rte_memzone);
    }
}

/// The dump text: one line per zone.
pub fn dump() -> String {
    let mut s = String::new();
    let Some(t) = table() else { return s };
    for (n, i) in used(t).into_iter().enumerate() {
        let z = read(t, i);
        let (addr, len, sock, flags, iova, hp) = (z.addr, z.len, z.socket_id, z.flags, z.iova, z.hugepage_sz);
        s.push_str(&format!(
            "Zone {n}: name:<{}>, len:0x{len:x}, virt:{addr:?}, socket_id:{sock}, flags:{flags:x}\n\
             physical segments used:\n  addr: {addr:?} iova: 0x{iova:x} len: 0x{len:x} pagesz: 0x{hp:x}\n",
            String::from_utf8_lossy(&name_bytes(&z))
        ));
    }
    s
}
