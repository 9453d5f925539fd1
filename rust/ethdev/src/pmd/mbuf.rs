//! The mbuf operations the soft PMDs need: bulk allocation and free
//! through hooks the C-ABI layer installs (the mbuf library's functions),
//! and the few `struct rte_mbuf` fields they read and write.

use std::ffi::c_void;
use std::ptr::{addr_of, addr_of_mut};
use std::sync::atomic::{AtomicPtr, Ordering};

use rte_abi::mbuf::rte_mbuf;

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
    let m = m.cast::<rte_mbuf>();
    // SAFETY: fields of a live mbuf this PMD owns (freshly allocated).
    unsafe {
        addr_of_mut!((*m).pkt_len).write(len);
        addr_of_mut!((*m).data_len).write(len as u16);
        addr_of_mut!((*m).port).write(port);
    }
}

/// The packet length.
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn pkt_len(m: *mut c_void) -> u32 {
    // SAFETY: a field of a live mbuf.
    unsafe { addr_of!((*m.cast::<rte_mbuf>()).pkt_len).read() }
}

/// The first segment's data length.
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn data_len(m: *mut c_void) -> u16 {
    // SAFETY: a field of a live mbuf.
    unsafe { addr_of!((*m.cast::<rte_mbuf>()).data_len).read() }
}

/// The first segment's data address (buf_addr + data_off).
///
/// # Safety
/// `m` must be a live mbuf.
pub unsafe fn data(m: *mut c_void) -> *mut u8 {
    let m = m.cast::<rte_mbuf>();
    // SAFETY: fields of a live mbuf; its buffer holds data_off bytes of
    // headroom.
    unsafe {
        let buf = addr_of!((*m).buf_addr).read().cast::<u8>();
        buf.add(addr_of!((*m).data_off).read() as usize)
    }
}
