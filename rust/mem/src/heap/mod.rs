//! The malloc heap engine (the behaviour of 22.11's `malloc_heap.c` and
//! `malloc_elem.c`): a best-size-class, first-fit allocator over memory
//! regions handed to it by the caller, with the heap's state in shared
//! memory so that every process of a DPDK application shares it.
//!
//! - A [`HeapState`] lives in shared memory; the caller allocates it and
//!   calls [`init`] (primary) or [`Heap::from_raw`] (anyone, afterwards).
//!   All of its mutable state is guarded by its embedded `rte_spinlock_t`.
//!   Addresses inside it are plain virtual addresses: DPDK maps shared
//!   memory at the same address in every process.
//! - Memory comes from the caller ([`Heap::add_memory`], page-aligned
//!   regions) and goes back to it ([`Heap::remove_memory`], page-aligned
//!   ranges of free space, e.g. after [`Heap::free`] returned a large
//!   [`FreedRange`]).
//! - Every element starts with a 64-byte header (see `elem.rs` for the
//!   layout); every user area is followed by an 8-byte cookie. Free elements
//!   sit on one of 13 free lists by size class (powers of 4 from 256 bytes).
//!   Allocation takes the first element that fits from the smallest class
//!   that can hold the request, at its lowest suitable address, and splits
//!   off the free lead and tail when each can stand as an element (128
//!   bytes); a smaller lead stays as a PAD marker in front of the user area,
//!   a smaller tail as slack. Free coalesces with free neighbours.
//! - Pointers given to `free`/`realloc`/`usable_size`/`validate` are checked
//!   before use: inside memory added to this heap, 64-aligned, a consistent
//!   header whose neighbours agree, an intact cookie. Errors only, no panic:
//!   the caller logs or panics like the reference.
//!
//! Shared-memory access: the mutable part (`Inner`) is touched only inside
//! the spinlock's critical section, where a `&mut Inner` scoped to the lock
//! guard is exclusive in every process (as inside a mutex); the lock word is
//! outside it. Element headers, which sit between user areas that other
//! threads write concurrently, are reached only through raw pointer reads
//! and writes of whole headers, never references.

mod elem;
mod engine;
#[cfg(test)]
mod tests;

use core::ptr::{self, NonNull};

use rte_abi::memory::{rte_malloc_socket_stats, rte_spinlock_t};

use crate::lock::SpinLock;

pub use elem::{HDR as ELEM_HEADER_SIZE, MIN_ELEM_SIZE, NB_FREELISTS, TRAILER as ELEM_TRAILER_SIZE};

/// Granularity of [`Heap::add_memory`] and [`Heap::remove_memory`].
pub const PAGE_SIZE: usize = 4096;
/// Most disjoint regions a heap can hold (adjacent regions count as one).
pub const MAX_REGIONS: usize = 512;
/// Bytes of a heap name, NUL included.
pub const HEAP_NAME_LEN: usize = 32;
/// Default (and minimum) alignment of an allocation: one cache line.
pub const DEFAULT_ALIGN: usize = 64;

const HEAP_MAGIC: u64 = 0x6865_6170_5f72_7465; // "heap_rte"

/// Errors of the heap engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapError {
    /// The pointer does not come from this heap: outside its memory, or not
    /// the start of an allocation. Nothing was touched.
    NotFromHeap,
    /// The pointer points into free memory: it was already freed. Nothing
    /// was touched.
    DoubleFree,
    /// The element header or the trailer cookie of the element at `addr` (or
    /// a header met on the way to it) was overwritten. Nothing was touched;
    /// the reference panics here.
    Corrupted {
        /// Address of the damaged element.
        addr: usize,
    },
    /// A misaligned or empty range, a non-power-of-two alignment, or a
    /// removal that would leave a free sliver smaller than
    /// [`MIN_ELEM_SIZE`].
    InvalidArgument,
    /// `add_memory`: the range overlaps memory already in the heap.
    Overlap,
    /// The region table ([`MAX_REGIONS`]) is full.
    TooManyRegions,
    /// `remove_memory`: part of the range is in use (not inside one free
    /// element).
    Busy,
}

impl core::fmt::Display for HeapError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            HeapError::NotFromHeap => f.write_str("pointer not allocated from this heap"),
            HeapError::DoubleFree => f.write_str("pointer already freed"),
            HeapError::Corrupted { addr } => write!(f, "heap element at {addr:#x} corrupted"),
            HeapError::InvalidArgument => f.write_str("invalid argument"),
            HeapError::Overlap => f.write_str("memory overlaps the heap"),
            HeapError::TooManyRegions => f.write_str("too many memory regions in the heap"),
            HeapError::Busy => f.write_str("memory in use"),
        }
    }
}

impl std::error::Error for HeapError {}

/// The free element that a `free` produced after coalescing: its whole span,
/// header included, so the caller can decide to give whole pages back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreedRange {
    /// First byte of the free element.
    pub start: usize,
    /// Bytes of the free element.
    pub len: usize,
}

impl FreedRange {
    /// The largest range of whole `page_sz` pages inside this one that
    /// [`Heap::remove_memory`] accepts (free slivers left on each side are
    /// empty or at least [`MIN_ELEM_SIZE`]), or None.
    pub fn releasable(&self, page_sz: usize) -> Option<(usize, usize)> {
        if !page_sz.is_power_of_two() || page_sz < PAGE_SIZE {
            return None;
        }
        let end = self.start.checked_add(self.len)?;
        let mut s = elem::align_up(self.start, page_sz)?;
        if s != self.start && s - self.start < MIN_ELEM_SIZE {
            s = s.checked_add(page_sz)?;
        }
        let mut e = elem::align_down(end, page_sz);
        if e != end && end - e < MIN_ELEM_SIZE {
            e = e.checked_sub(page_sz)?;
        }
        (s < e).then(|| (s, e - s))
    }
}

/// A malloc heap's state, in shared memory. Opaque; see [`Heap`].
#[repr(C)]
pub struct HeapState {
    /// Guards `inner`.
    lock: rte_spinlock_t,
    /// NUMA socket of the heap's memory (immutable after init).
    socket_id: i32,
    /// HEAP_MAGIC once initialised.
    magic: u64,
    /// NUL-terminated name (immutable after init).
    name: [u8; HEAP_NAME_LEN],
    /// Everything mutable, under `lock`.
    inner: engine::Inner,
}

/// Initialises the heap state at `p`, empty, and returns a handle on it.
///
/// # Safety
/// `p` must be valid for writes of a `HeapState`, suitably aligned, stay
/// mapped (at the same address in every process using it) for as long as
/// any handle on it is used, and not be in use by anyone during the call.
pub unsafe fn init(p: *mut HeapState, name: &str, socket_id: i32) -> Heap {
    let mut n = [0u8; HEAP_NAME_LEN];
    let len = name.len().min(HEAP_NAME_LEN - 1);
    n[..len].copy_from_slice(&name.as_bytes()[..len]);
    // SAFETY: the caller gives us `p` exclusively, valid and aligned; every
    // field is plain data for which all-zeroes is valid, then each field is
    // written through the raw pointer.
    unsafe {
        ptr::write_bytes(p, 0, 1);
        ptr::addr_of_mut!((*p).socket_id).write(socket_id);
        ptr::addr_of_mut!((*p).name).write(n);
        (*ptr::addr_of_mut!((*p).inner)).reset(p as usize);
        ptr::addr_of_mut!((*p).magic).write(HEAP_MAGIC);
    }
    Heap(p)
}

/// A handle on a [`HeapState`]: cheap to copy, usable from any thread and
/// any process that maps the state and the heap's memory.
#[derive(Clone, Copy, Debug)]
pub struct Heap(*mut HeapState);

// SAFETY: all access to the state goes through its spinlock, which is made
// for concurrent use from any thread (or process).
unsafe impl Send for Heap {}
// SAFETY: as above.
unsafe impl Sync for Heap {}

/// The heap lock, held; unlocks on drop.
struct Guard {
    lock: SpinLock,
    inner: *mut engine::Inner,
}

impl Guard {
    fn get(&mut self) -> &mut engine::Inner {
        // SAFETY: the lock is held until this guard drops, so no other
        // thread or process touches `inner`; the borrow cannot outlive the
        // guard. The lock word is not part of `inner`.
        unsafe { &mut *self.inner }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.lock.unlock();
    }
}

/// 0 -> 64; below 64 -> 64; not a power of two -> None.
fn norm_align(align: usize) -> Option<usize> {
    match align {
        0 => Some(DEFAULT_ALIGN),
        a if a.is_power_of_two() => Some(a.max(DEFAULT_ALIGN)),
        _ => None,
    }
}

impl Heap {
    /// A handle on an existing, initialised heap state (e.g. in a secondary
    /// process); None if `p` is null or was not initialised.
    ///
    /// # Safety
    /// `p` must point to a `HeapState` that stays mapped while the handle is
    /// used, and whose memory regions stay mapped at the same addresses.
    pub unsafe fn from_raw(p: *mut HeapState) -> Option<Heap> {
        if p.is_null() {
            return None;
        }
        // SAFETY: the caller vouches for `p`; magic is written once by init
        // before the state is shared.
        let magic = unsafe { ptr::addr_of!((*p).magic).read() };
        (magic == HEAP_MAGIC).then_some(Heap(p))
    }

    /// The state this handle points to.
    pub fn as_ptr(&self) -> *mut HeapState {
        self.0
    }

    fn lock(&self) -> Guard {
        // SAFETY: constructors' contract: `self.0` is a live HeapState.
        let lock = unsafe { SpinLock::from_raw(ptr::addr_of_mut!((*self.0).lock)) };
        lock.lock();
        // SAFETY: as above; only the address is taken here.
        let inner = unsafe { ptr::addr_of_mut!((*self.0).inner) };
        Guard { lock, inner }
    }

    /// The heap's NUMA socket.
    pub fn socket_id(&self) -> i32 {
        // SAFETY: live state (constructors' contract); immutable after init.
        unsafe { ptr::addr_of!((*self.0).socket_id).read() }
    }

    /// The heap's name.
    pub fn name(&self) -> String {
        // SAFETY: live state (constructors' contract); immutable after init.
        let n = unsafe { ptr::addr_of!((*self.0).name).read() };
        let len = n.iter().position(|&b| b == 0).unwrap_or(n.len());
        String::from_utf8_lossy(&n[..len]).into_owned()
    }

    /// Adds `[start, start + len)` to the heap as free space. `start` must be
    /// page aligned and `len` a multiple of [`PAGE_SIZE`]; memory adjacent to
    /// memory already in the heap joins it (and merges with a free element
    /// there).
    ///
    /// Errors: `InvalidArgument` (alignment, empty, wraps around), `Overlap`,
    /// `TooManyRegions`.
    ///
    /// # Safety
    /// The range must be mapped read/write, at the same address in every
    /// process using the heap, stay so until removed with `remove_memory`,
    /// and be used by nothing but this heap meanwhile.
    pub unsafe fn add_memory(&self, start: *mut u8, len: usize) -> Result<(), HeapError> {
        self.lock().get().add(start as usize, len)
    }

    /// Takes the page-aligned range `[start, start + len)`, which must lie
    /// inside one free element, out of the heap (e.g. to give the pages back
    /// to the OS). What is left of that element on either side must be empty
    /// or at least [`MIN_ELEM_SIZE`] bytes ([`FreedRange::releasable`]
    /// computes such a range).
    ///
    /// Errors: `InvalidArgument` (alignment, size, slivers), `NotFromHeap`
    /// (start outside the heap), `Busy` (part of the range is in use or not
    /// in the heap).
    pub fn remove_memory(&self, start: *mut u8, len: usize) -> Result<(), HeapError> {
        self.lock().get().remove(start as usize, len)
    }

    /// Allocates `size` bytes aligned to `align` (a power of two; 0 = 64,
    /// smaller values are raised to 64), such that `[p, p + size)` does not
    /// cross a multiple of `bound` (0 = no bound; else a power of two, at
    /// least `size`). None when the heap has no room, or for size 0 or
    /// invalid `align`/`bound`.
    pub fn alloc(&self, size: usize, align: usize, bound: usize) -> Option<NonNull<u8>> {
        if size == 0 {
            return None;
        }
        let align = norm_align(align)?;
        if bound != 0 && (!bound.is_power_of_two() || bound < size) {
            return None;
        }
        let a = self.lock().get().alloc(size, align, bound)?;
        NonNull::new(a as *mut u8)
    }

    /// Frees `p`, which must come from [`Heap::alloc`]/[`Heap::realloc`] of
    /// this heap. Returns the free element it ended in after coalescing.
    ///
    /// Errors (nothing is changed): `NotFromHeap`, `DoubleFree`,
    /// `Corrupted` (the reference panics there).
    ///
    /// # Safety
    /// Nobody may use the allocation after this call. A bad pointer is
    /// detected, not undefined behaviour, unless it points into a live
    /// allocation that another thread is writing at that moment.
    pub unsafe fn free(&self, p: *mut u8) -> Result<FreedRange, HeapError> {
        let mut g = self.lock();
        let inner = g.get();
        let (e, h) = inner.resolve(p as usize)?;
        Ok(inner.free(e, &h))
    }

    /// Resizes the allocation at `p` to `size` bytes aligned to `align` (as
    /// in `alloc`), in place when it can, else by allocate-copy-free.
    /// `p` null: same as `alloc(size, align, 0)`.
    ///
    /// Returns `Ok(Some(q))` on success (`q` may be `p`); `Ok(None)` when
    /// there is no room or `size` is 0: `p` is left as it was.
    /// Errors as in `free` (nothing is changed), and `InvalidArgument` for an
    /// invalid `align`.
    ///
    /// # Safety
    /// As for `free`; on success with a new pointer, the old one is freed.
    pub unsafe fn realloc(&self, p: *mut u8, size: usize, align: usize) -> Result<Option<NonNull<u8>>, HeapError> {
        if p.is_null() {
            return Ok(self.alloc(size, align, 0));
        }
        let align = norm_align(align).ok_or(HeapError::InvalidArgument)?;
        let a = p as usize;
        let old_req = {
            let mut g = self.lock();
            let inner = g.get();
            let (e, h) = inner.resolve(a)?;
            if size == 0 {
                return Ok(None);
            }
            if a.is_multiple_of(align) && inner.resize(e, a, size) {
                return Ok(NonNull::new(p));
            }
            h.req
        };
        let Some(q) = self.alloc(size, align, 0) else {
            return Ok(None);
        };
        // SAFETY: `p` heads a live allocation of `old_req` bytes (validated
        // above; the caller owns it); `q` is a fresh allocation of at least
        // `size` bytes, disjoint from it.
        unsafe { ptr::copy_nonoverlapping(p, q.as_ptr(), old_req.min(size)) };
        // SAFETY: `p` is still the caller's live allocation.
        if let Err(err) = unsafe { self.free(p) } {
            // Someone freed `p` meanwhile: undo and report.
            // SAFETY: `q` was allocated above and never handed out.
            let _ = unsafe { self.free(q.as_ptr()) };
            return Err(err);
        }
        Ok(Some(q))
    }

    /// Bytes usable at `p`: the requested size rounded up to 8 (the cookie
    /// follows). Validates `p` as `free` does.
    ///
    /// # Safety
    /// As for `free`'s pointer checks (`p` is not freed).
    pub unsafe fn usable_size(&self, p: *const u8) -> Result<usize, HeapError> {
        let (_, h) = self.lock().get().resolve(p as usize)?;
        Ok(h.req.div_ceil(8) * 8)
    }

    /// Checks that `p` is a live allocation of this heap with an intact
    /// header and trailer cookie.
    ///
    /// # Safety
    /// As for `usable_size`.
    pub unsafe fn validate(&self, p: *const u8) -> Result<(), HeapError> {
        self.lock().get().resolve(p as usize).map(|_| ())
    }

    /// Whether `p` lies inside memory added to this heap.
    pub fn owns(&self, p: *const u8) -> bool {
        self.lock().get().find_region(p as usize).is_some()
    }

    /// Statistics as `rte_malloc_get_socket_stats` reports them (sizes of
    /// elements, headers included).
    pub fn stats(&self) -> rte_malloc_socket_stats {
        self.lock().get().stats()
    }

    /// A listing of the heap: a summary line, then per region one line per
    /// element (address, size, state).
    pub fn dump(&self) -> String {
        let s = self.stats();
        let mut out = format!(
            "heap {} socket {}: total {} free {} greatest free {} free elements {} allocations {}\n",
            self.name(),
            self.socket_id(),
            s.heap_totalsz_bytes,
            s.heap_freesz_bytes,
            s.greatest_free_size,
            s.free_count,
            s.alloc_count
        );
        self.lock().get().dump(&mut out);
        out
    }

    /// Walks the whole heap and checks every invariant: element links and
    /// sizes, cookies of busy elements, free lists, counters. `Corrupted`
    /// with the first bad element's address (0 for a bad counter).
    pub fn check(&self) -> Result<(), HeapError> {
        self.check_detail().map_err(|(addr, _)| HeapError::Corrupted { addr })
    }

    /// As `check`, saying what is wrong.
    pub fn check_detail(&self) -> Result<(), (usize, &'static str)> {
        self.lock().get().check()
    }
}
