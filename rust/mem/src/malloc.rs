//! `rte_malloc` over the per-socket heaps: socket choice, growing a heap
//! with new pages when it is full, giving pages back after frees, and
//! finding the heap that owns a pointer.

use std::ptr::NonNull;

use rte_abi::config::RTE_MAX_HEAPS;

use crate::heap::{Heap, HeapError};
use crate::memory;

/// Bytes of bookkeeping a heap element costs (header + trailer), added to a
/// request when growing a heap for it.
const OVERHEAD: u64 = 64 + 64;

/// Heaps in the order a request for `socket` tries them: that socket only,
/// or for SOCKET_ID_ANY (-1) the caller's socket first, then the others.
pub fn heap_order(socket: i32, caller_socket: i32) -> Vec<(u32, Heap)> {
    if socket >= 0 {
        return memory::heap(socket as u32).map(|h| vec![(socket as u32, h)]).unwrap_or_default();
    }
    let mut order: Vec<(u32, Heap)> = Vec::new();
    if caller_socket >= 0 {
        if let Some(h) = memory::heap(caller_socket as u32) {
            order.push((caller_socket as u32, h));
        }
    }
    for s in 0..RTE_MAX_HEAPS {
        if s as i32 != caller_socket {
            if let Some(h) = memory::heap(s) {
                order.push((s, h));
            }
        }
    }
    order
}

/// Allocates `size` bytes aligned to `align` (0: a cache line) within a
/// `bound`, from pages of `page_sz` when given. Grows a heap when needed.
pub fn alloc(
    socket: i32,
    caller_socket: i32,
    size: usize,
    align: usize,
    bound: usize,
    page_sz: Option<u64>,
) -> Option<NonNull<u8>> {
    if size == 0 || (align != 0 && !align.is_power_of_two()) {
        return None;
    }
    // With a page size asked for, memory of another page size is refused.
    let take = |h: &Heap| -> Option<NonNull<u8>> {
        let p = h.alloc(size, align, bound)?;
        if page_sz.is_none_or(|ps| memory::page_size_of(p.as_ptr() as usize) == Some(ps)) {
            return Some(p);
        }
        // SAFETY: just allocated from h and not handed out.
        let _ = unsafe { h.free(p.as_ptr()) };
        None
    };
    // Fast path: the first heap to try, without building the whole order.
    let first = if socket >= 0 { socket } else { caller_socket };
    if first >= 0 {
        if let Some(p) = memory::heap(first as u32).and_then(|h| take(&h)) {
            return Some(p);
        }
    }
    let order = heap_order(socket, caller_socket);
    for (s, h) in &order {
        if *s as i32 != first {
            if let Some(p) = take(h) {
                return Some(p);
            }
        }
    }
    // Grow the first heap that can, then try it again.
    let need = (size as u64).checked_add(align as u64)?.checked_add(OVERHEAD)?;
    for (s, h) in &order {
        if memory::grow(*s, need, page_sz, 0).is_ok() {
            if let Some(p) = take(h) {
                return Some(p);
            }
        }
    }
    None
}

/// Which heap holds `p`.
pub fn owner(p: *const u8) -> Option<(u32, Heap)> {
    memory::heaps().into_iter().find(|h| h.owns(p)).map(|h| (h.socket_id() as u32, h))
}

/// Frees `p` and returns whole free pages to the system.
///
/// # Safety
/// `p` must not be used after a successful free.
pub unsafe fn free(p: *mut u8) -> Result<(), HeapError> {
    // Each heap checks that p lies in its own memory before trusting it, so
    // asking them in turn is the ownership test (one heap per socket: the
    // first usually answers).
    for h in memory::heaps_iter() {
        // SAFETY: forwarded from this function's contract; the heap validates p.
        match unsafe { h.free(p) } {
            Err(HeapError::NotFromHeap) => continue,
            Err(e) => return Err(e),
            Ok(freed) => {
                memory::release_free_range(h.socket_id() as u32, freed.start, freed.len);
                return Ok(());
            }
        }
    }
    Err(HeapError::NotFromHeap)
}

/// Reallocates `p` (NULL: allocates) to `size`, on `socket` if it has to
/// move to another heap. Returns None when there is no memory (p stays).
///
/// # Safety
/// `p` must be NULL or a live allocation.
pub unsafe fn realloc(
    p: *mut u8,
    size: usize,
    align: usize,
    socket: i32,
    caller_socket: i32,
) -> Result<Option<NonNull<u8>>, HeapError> {
    if p.is_null() {
        return Ok(alloc(socket, caller_socket, size, align, 0, None));
    }
    let (_, h) = owner(p).ok_or(HeapError::NotFromHeap)?;
    // SAFETY: p is a live allocation of h (checked by the heap).
    if let Some(q) = unsafe { h.realloc(p, size, align) }? {
        return Ok(Some(q));
    }
    // No room in that heap: allocate anywhere allowed, copy, free.
    // SAFETY: p is live; usable_size validated it.
    let old = unsafe { h.usable_size(p) }?;
    let Some(q) = alloc(socket, caller_socket, size, align, 0, None) else {
        return Ok(None);
    };
    // SAFETY: both blocks are live and distinct; copy the smaller size.
    unsafe {
        std::ptr::copy_nonoverlapping(p, q.as_ptr(), old.min(size));
        free(p)?;
    }
    Ok(Some(q))
}
