//! The mbuf operations the soft PMDs need: bulk allocation and free
//! through hooks the C-ABI layer installs (the mbuf library's functions),
//! and the few 22.11 `struct rte_mbuf` fields they read and write, at their
//! 22.11 offsets (RTE_IOVA_AS_PA build: buf_addr 0, data_off 16, port 22,
//! pkt_len 36, data_len 40).

use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

/// `rte_pktmbuf_free_bulk(mbufs, count)`.
pub type FreeBulk = unsafe extern "C" fn(*mut *mut c_void, u32);
/// `rte_pktmbuf_alloc_bulk(pool, mbufs, count)`: 0 or a negative errno.
pub type AllocBulk = unsafe extern "C" fn(*mut c_void, *mut *mut c_void, u32) -> i32;

static FREE_BULK: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());
static ALLOC_BULK: AtomicPtr<c_void> = AtomicPtr::new(std::ptr::null_mut());

/// Installs the mbuf library's bulk free and allocation (the C-ABI layer
/// does this at start-up).
pub fn set_mbuf_hooks(free: FreeBulk, alloc: AllocBulk) {
    // ORDERING: Release, pairs with the Acquire loads below.
    FREE_BULK.store(free as *mut c_void, Ordering::Release);
    ALLOC_BULK.store(alloc as *mut c_void, Ordering::Release);
}

/// Frees mbufs through the hook (a no-op without one).
///
/// # Safety
/// `p` must hold `n` mbuf pointers the caller owns.
pub unsafe fn free_bulk(p: *mut *mut c_void, n: u32) {
    // ORDERING: Acquire, pairs with set_mbuf_hooks.
    let f = FREE_BULK.load(Ordering::Acquire);
    if !f.is_null() && n > 0 {
        // SAFETY: a FreeBulk stored by set_mbuf_hooks; caller's contract.
        unsafe { std::mem::transmute::<*mut c_void, FreeBulk>(f)(p, n) }
    }
}

/// Allocates `n` mbufs from `pool` (all or none); false without a hook.
///
/// # Safety
/// `pool` must be a packet mempool; `p` must have room for `n` pointers.
pub unsafe fn alloc_bulk(pool: *mut c_void, p: *mut *mut c_void, n: u32) -> bool {
    // ORDERING: Acquire, pairs with set_mbuf_hooks.
    let f = ALLOC_BULK.load(Ordering::Acquire);
    // SAFETY: an AllocBulk stored by set_mbuf_hooks; caller's contract.
    !f.is_null() && unsafe { std::mem::transmute::<*mut c_void, AllocBulk>(f)(pool, p, n) } == 0
}

/// Marks a fresh mbuf as a received packet of `len` bytes on `port`.
///
/// # Safety
/// `m` must be a live mbuf with room for `len` bytes.
pub unsafe fn set_rx(m: *mut c_void, len: u32, port: u16) {
    let b = m as *mut u8;
    // SAFETY: fields of a live mbuf at their 22.11 offsets.
    unsafe {
        *(b.add(36) as *mut u32) = len;
        *(b.add(40) as *mut u16) = len as u16;
        *(b.add(22) as *mut u16) = port;
    }
}

/// The packet length.
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn pkt_len(m: *mut c_void) -> u32 {
    // SAFETY: pkt_len at its 22.11 offset.
    unsafe { *((m as *const u8).add(36) as *const u32) }
}

/// The first segment's data length.
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn data_len(m: *mut c_void) -> u16 {
    // SAFETY: data_len at its 22.11 offset.
    unsafe { *((m as *const u8).add(40) as *const u16) }
}

/// The first segment's data address (buf_addr + data_off).
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn data(m: *mut c_void) -> *mut u8 {
    // SAFETY: buf_addr and data_off at their 22.11 offsets.
    unsafe {
        let buf = *(m as *const *mut u8);
        let off = *((m as *const u8).add(16) as *const u16);
        buf.add(off as usize)
    }
}
