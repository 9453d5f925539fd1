//! The 22.11 head/tail protocol (the generic variant that the reference's
//! x86 headers inline), in Rust, on the same fields: a ring can be driven at
//! once by this module and by C inline code built against either header set.
//!
//! Each side (producer, consumer) of `struct rte_ring` is one cache line of
//! 32-bit words. The position words all modes share: the *tail position* is
//! word 1 (offset 4) in every mode, which is what the opposite side reads.
//!
//! | mode        | head                          | tail                          |
//! |-------------|-------------------------------|-------------------------------|
//! | MT / ST     | u32 word 0                    | u32 word 1                    |
//! | MT_HTS      | u64 words 0-1: head lo, tail hi (moved together) | u32 word 1 |
//! | MT_RTS      | u64 words 4-5: cnt lo, pos hi | u64 words 0-1: cnt lo, pos hi |
//!
//! Word 2 is the sync type, word 3 the RTS head/tail distance limit.
//!
//! The protocol is written once, generic over [`RingMemory`]: [`RawRing`]
//! runs it on real `rte_ring` memory with std atomics (never `&`/`&mut` to
//! ring memory, only atomic accesses through raw pointers); the loom models
//! in `tests/loom.rs` run the same code on loom atomics with a tiny capacity.
//!
//! ORDERING (all modes): a side publishes its slots with a Release store (or
//! Release CAS) of its tail; the opposite side reads that tail with Acquire
//! before touching the slots. So a producer's slot writes happen before the
//! consumer's reads of them, and a consumer's reads happen before a producer
//! overwrites the slots. Within a side, MT waits for the tail to reach its old
//! head with Acquire, which chains the earlier claimer's Release into its own
//! tail store (so the opposite side sees every earlier claimer's slots too).

use std::ffi::c_void;

use rte_abi::ring::*;

/// Bulk (all or nothing) or burst (as many as possible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    /// `RTE_RING_QUEUE_FIXED`: move exactly `n` objects or none.
    Fixed,
    /// `RTE_RING_QUEUE_VARIABLE`: move up to `n` objects.
    Variable,
}

/// Which side of the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The producer side (`prod`).
    Prod,
    /// The consumer side (`cons`).
    Cons,
}

/// Memory orderings the protocol asks of a [`RingMemory`].
pub use std::sync::atomic::Ordering;

/// Word indexes of a side (see the module table).
pub mod word {
    /// MT/ST head; HTS head (low half of the 64-bit pair).
    pub const HEAD: usize = 0;
    /// Tail position in every mode (RTS: pos of the 64-bit tail; HTS: tail half).
    pub const TAIL: usize = 1;
    /// `enum rte_ring_sync_type`.
    pub const SYNC: usize = 2;
    /// RTS: largest head/tail distance.
    pub const HTD_MAX: usize = 3;
    /// RTS: first word of the 64-bit head (cnt; pos is word 5).
    pub const RTS_HEAD: usize = 4;
    /// RTS: first word of the 64-bit tail; HTS: the 64-bit head/tail pair.
    pub const PAIR: usize = 0;
}

/// The memory the protocol runs on: ring geometry, atomic access to the
/// words of each side, and the slots.
///
/// # Safety
/// Implementations must make `load*`/`store*`/`cas*` atomic accesses with the
/// given orderings, and the 64-bit accesses at word `w` must cover words `w`
/// (low half) and `w + 1` (high half) as seen by the 32-bit ones.
pub unsafe trait RingMemory {
    /// Number of slots minus one.
    fn mask(&self) -> u32;
    /// Usable entries.
    fn capacity(&self) -> u32;
    /// Atomic 32-bit load of word `w` of `side`.
    fn load32(&self, side: Side, w: usize, o: Ordering) -> u32;
    /// Atomic 32-bit store.
    fn store32(&self, side: Side, w: usize, v: u32, o: Ordering);
    /// Strong 32-bit compare-exchange; Ok on success.
    fn cas32(&self, side: Side, w: usize, old: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32>;
    /// Atomic 64-bit load of words `w`, `w + 1` (`w` even).
    fn load64(&self, side: Side, w: usize, o: Ordering) -> u64;
    /// Strong 64-bit compare-exchange.
    fn cas64(&self, side: Side, w: usize, old: u64, new: u64, ok: Ordering, fail: Ordering) -> Result<u64, u64>;
    /// Copies `n` elements of `esize` bytes from `src` into the slots from
    /// slot `first` on (`first + n <= mask + 1`: the caller splits at the wrap).
    ///
    /// # Safety
    /// `src` readable for `n * esize` bytes; the slots claimed by the caller.
    unsafe fn write_slots(&self, first: u32, src: *const u8, esize: u32, n: u32);
    /// Copies `n` elements out of the slots from slot `first` on into `dst`.
    ///
    /// # Safety
    /// `dst` writable for `n * esize` bytes; the slots claimed by the caller.
    unsafe fn read_slots(&self, first: u32, dst: *mut u8, esize: u32, n: u32);
    /// Spin-wait hint (loom: yield to the model's scheduler).
    fn pause(&self);
}

/// An `rte_ring` in memory, accessed through raw pointers and std atomics.
#[derive(Clone, Copy)]
pub struct RawRing(*mut rte_ring);

impl RawRing {
    /// Wraps a ring pointer.
    ///
    /// # Safety
    /// `r` must point to a set-up ring (header plus slots) that stays alive
    /// while the value is used.
    #[inline(always)]
    pub unsafe fn new(r: *mut rte_ring) -> Self {
        RawRing(r)
    }

    #[inline(always)]
    fn word_ptr(&self, side: Side, w: usize) -> *mut u32 {
        debug_assert!(w < 16);
        // SAFETY: the side is a 64-byte line of 16 words inside the live
        // ring (RawRing::new's contract); w < 16. No reference is formed.
        unsafe {
            let s = match side {
                Side::Prod => std::ptr::addr_of_mut!((*self.0).prod.words),
                Side::Cons => std::ptr::addr_of_mut!((*self.0).cons.words),
            };
            s.cast::<u32>().add(w)
        }
    }

    #[inline(always)]
    fn a32(&self, side: Side, w: usize) -> &std::sync::atomic::AtomicU32 {
        // SAFETY: an aligned u32 of the live ring that every party (us, C
        // inline code) accesses only atomically.
        unsafe { std::sync::atomic::AtomicU32::from_ptr(self.word_ptr(side, w)) }
    }

    #[inline(always)]
    fn a64(&self, side: Side, w: usize) -> &std::sync::atomic::AtomicU64 {
        debug_assert!(w.is_multiple_of(2));
        // SAFETY: words w, w+1 with w even form an 8-byte aligned u64 of the
        // live ring (sides are 64-byte aligned), accessed only atomically (the
        // 32-bit halves too: mixed-size atomics, as the reference does on x86).
        unsafe { std::sync::atomic::AtomicU64::from_ptr(self.word_ptr(side, w).cast::<u64>()) }
    }

    #[inline(always)]
    fn slots(&self) -> *mut u8 {
        // SAFETY: the slots follow the 384-byte header in the ring's memory.
        unsafe { self.0.add(1).cast::<u8>() }
    }
}

// SAFETY: every word access is a std atomic access of the stated width and
// ordering; 64-bit accesses cover words w (low) and w+1 (high) on x86-64.
unsafe impl RingMemory for RawRing {
    #[inline(always)]
    fn mask(&self) -> u32 {
        // SAFETY: mask and capacity are written only at init, before the ring
        // is shared; read by value through the raw pointer.
        unsafe { std::ptr::addr_of!((*self.0).mask).read() }
    }
    #[inline(always)]
    fn capacity(&self) -> u32 {
        // SAFETY: as mask.
        unsafe { std::ptr::addr_of!((*self.0).capacity).read() }
    }
    #[inline(always)]
    fn load32(&self, side: Side, w: usize, o: Ordering) -> u32 {
        self.a32(side, w).load(o)
    }
    #[inline(always)]
    fn store32(&self, side: Side, w: usize, v: u32, o: Ordering) {
        self.a32(side, w).store(v, o)
    }
    #[inline(always)]
    fn cas32(&self, side: Side, w: usize, old: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32> {
        self.a32(side, w).compare_exchange(old, new, ok, fail)
    }
    #[inline(always)]
    fn load64(&self, side: Side, w: usize, o: Ordering) -> u64 {
        self.a64(side, w).load(o)
    }
    #[inline(always)]
    fn cas64(&self, side: Side, w: usize, old: u64, new: u64, ok: Ordering, fail: Ordering) -> Result<u64, u64> {
        self.a64(side, w).compare_exchange(old, new, ok, fail)
    }
    #[inline(always)]
    unsafe fn write_slots(&self, first: u32, src: *const u8, esize: u32, n: u32) {
        // SAFETY: slots first..first+n lie inside the ring (caller splits at
        // the wrap) and are claimed by this thread; src readable per contract.
        unsafe { copy_elems(src, self.slots().add(first as usize * esize as usize), esize, n) }
    }
    #[inline(always)]
    unsafe fn read_slots(&self, first: u32, dst: *mut u8, esize: u32, n: u32) {
        // SAFETY: as write_slots, in the other direction.
        unsafe { copy_elems(self.slots().add(first as usize * esize as usize), dst, esize, n) }
    }
    #[inline(always)]
    fn pause(&self) {
        std::hint::spin_loop()
    }
}

/// Copies `n` elements of `esize` bytes; pointer-sized elements word by word
/// (most calls move a handful of pointers, where a memcpy call costs more).
///
/// # Safety
/// Both ranges valid for `n * esize` bytes and not overlapping.
#[inline(always)]
unsafe fn copy_elems(src: *const u8, dst: *mut u8, esize: u32, n: u32) {
    // SAFETY: ranges valid per the contract; unaligned accesses because the
    // caller's object table need not be aligned.
    unsafe {
        if esize == 8 {
            let (s, d) = (src.cast::<u64>(), dst.cast::<u64>());
            for i in 0..n as usize {
                d.add(i).write_unaligned(s.add(i).read_unaligned());
            }
        } else {
            std::ptr::copy_nonoverlapping(src, dst, n as usize * esize as usize);
        }
    }
}

/// Sync type of a side (`enum rte_ring_sync_type`).
#[inline(always)]
fn sync_of<M: RingMemory>(m: &M, side: Side) -> u32 {
    // ORDERING: written at init before the ring is shared; no pairing needed.
    m.load32(side, word::SYNC, Ordering::Relaxed)
}

fn other(side: Side) -> Side {
    match side {
        Side::Prod => Side::Cons,
        Side::Cons => Side::Prod,
    }
}

/// Room (producer) or entries (consumer) given our head and the opposite tail.
#[inline(always)]
fn room<M: RingMemory>(m: &M, side: Side, head: u32, other_tail: u32) -> u32 {
    match side {
        // Wrapping u32 arithmetic: always in 0..=capacity.
        Side::Prod => m.capacity().wrapping_add(other_tail).wrapping_sub(head),
        Side::Cons => other_tail.wrapping_sub(head),
    }
}

#[inline(always)]
fn clamp(n: u32, avail: u32, behavior: Behavior) -> u32 {
    if n <= avail {
        n
    } else if behavior == Behavior::Fixed {
        0
    } else {
        avail
    }
}

/// MT/ST: claims up to `n` positions; returns (count, old head, room).
#[inline(always)]
fn move_head_mt<M: RingMemory>(m: &M, side: Side, single: bool, n: u32, behavior: Behavior) -> (u32, u32, u32) {
    loop {
        // ORDERING: Acquire on our head pairs with the Release CAS of another
        // claimer of this side; Acquire on the opposite tail pairs with its
        // Release tail store (its slot accesses are done).
        let head = m.load32(side, word::HEAD, Ordering::Acquire);
        let tail = m.load32(other(side), word::TAIL, Ordering::Acquire);
        let avail = room(m, side, head, tail);
        let k = clamp(n, avail, behavior);
        if k == 0 {
            return (0, head, avail);
        }
        let new = head.wrapping_add(k);
        if single {
            // ORDERING: only this thread writes the head in ST mode.
            m.store32(side, word::HEAD, new, Ordering::Relaxed);
            return (k, head, avail);
        }
        // ORDERING: AcqRel pairs with the Acquire head loads of the other
        // claimers of this side.
        if m.cas32(side, word::HEAD, head, new, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            return (k, head, avail);
        }
    }
}

/// MT/ST: publishes positions `old..old+k` once earlier claimers have.
#[inline(always)]
fn update_tail_mt<M: RingMemory>(m: &M, side: Side, single: bool, old: u32, k: u32) {
    if !single {
        // ORDERING: Acquire pairs with the earlier claimer's Release tail
        // store, so our Release below carries its slot accesses too.
        while m.load32(side, word::TAIL, Ordering::Acquire) != old {
            m.pause();
        }
    }
    // ORDERING: Release publishes our slot accesses to the opposite side's
    // Acquire tail load.
    m.store32(side, word::TAIL, old.wrapping_add(k), Ordering::Release);
}

#[inline(always)]
fn hi(v: u64) -> u32 {
    (v >> 32) as u32
}
#[inline(always)]
fn lo(v: u64) -> u32 {
    v as u32
}
#[inline(always)]
fn pair(lo: u32, hi: u32) -> u64 {
    (hi as u64) << 32 | lo as u64
}

/// HTS: waits for head == tail, then claims; returns (count, old head, room).
#[inline(always)]
fn move_head_hts<M: RingMemory>(m: &M, side: Side, n: u32, behavior: Behavior) -> (u32, u32, u32) {
    loop {
        // ORDERING: Acquire pairs with the Release CAS / tail store of the
        // previous operation on this side.
        let mut p = m.load64(side, word::PAIR, Ordering::Acquire);
        while lo(p) != hi(p) {
            m.pause();
            p = m.load64(side, word::PAIR, Ordering::Acquire);
        }
        let head = lo(p);
        // ORDERING: pairs with the opposite side's Release tail update.
        let tail = m.load32(other(side), word::TAIL, Ordering::Acquire);
        let avail = room(m, side, head, tail);
        let k = clamp(n, avail, behavior);
        if k == 0 {
            return (0, head, avail);
        }
        let np = pair(head.wrapping_add(k), hi(p));
        // ORDERING: Release pairs with the Acquire pair load of the next
        // claimer of this side.
        if m.cas64(side, word::PAIR, p, np, Ordering::Release, Ordering::Relaxed).is_ok() {
            return (k, head, avail);
        }
    }
}

/// HTS: publishes (the tail half of the pair).
#[inline(always)]
fn update_tail_hts<M: RingMemory>(m: &M, side: Side, old: u32, k: u32) {
    // ORDERING: Release publishes our slot accesses to the opposite side and
    // the end of our operation to the next claimer of this side.
    m.store32(side, word::TAIL, old.wrapping_add(k), Ordering::Release);
}

/// RTS: claims with a (pos, cnt) CAS on the head once the head is no more than
/// htd_max ahead of the tail; returns (count, old head pos, room).
#[inline(always)]
fn move_head_rts<M: RingMemory>(m: &M, side: Side, n: u32, behavior: Behavior) -> (u32, u32, u32) {
    // ORDERING: set at init or by the htd_max setter while idle.
    let max = m.load32(side, word::HTD_MAX, Ordering::Relaxed);
    loop {
        // ORDERING: Acquire pairs with the Release head CAS of the previous
        // claimer of this side.
        let mut h = m.load64(side, word::RTS_HEAD, Ordering::Acquire);
        while hi(h).wrapping_sub(m.load32(side, word::TAIL, Ordering::Relaxed)) > max {
            m.pause();
            h = m.load64(side, word::RTS_HEAD, Ordering::Acquire);
        }
        let head = hi(h);
        // ORDERING: pairs with the opposite side's Release tail CAS.
        let tail = m.load32(other(side), word::TAIL, Ordering::Acquire);
        let avail = room(m, side, head, tail);
        let k = clamp(n, avail, behavior);
        if k == 0 {
            return (0, head, avail);
        }
        let nh = pair(lo(h).wrapping_add(1), head.wrapping_add(k));
        // ORDERING: Release pairs with the Acquire head load above in the next
        // claimer of this side.
        if m.cas64(side, word::RTS_HEAD, h, nh, Ordering::Release, Ordering::Relaxed).is_ok() {
            return (k, head, avail);
        }
    }
}

/// RTS: counts one finished operation on the tail; the last of the
/// operations in flight moves the tail position up to the head.
#[inline(always)]
fn update_tail_rts<M: RingMemory>(m: &M, side: Side) {
    // ORDERING: Acquire pairs with the Release tail CAS of another finisher.
    let mut ot = m.load64(side, word::PAIR, Ordering::Acquire);
    loop {
        let h = m.load64(side, word::RTS_HEAD, Ordering::Relaxed);
        let cnt = lo(ot).wrapping_add(1);
        let pos = if cnt == lo(h) { hi(h) } else { hi(ot) };
        // ORDERING: Release publishes our slot accesses (opposite side's
        // Acquire tail load); Acquire on failure as the first load.
        match m.cas64(side, word::PAIR, ot, pair(cnt, pos), Ordering::Release, Ordering::Acquire) {
            Ok(_) => return,
            Err(cur) => ot = cur,
        }
    }
}

/// Claims up to `n` positions on `side` per its sync type.
/// Returns (count, old head, room before the claim); count 0 for an unknown
/// sync type.
#[inline(always)]
fn claim<M: RingMemory>(m: &M, side: Side, n: u32, behavior: Behavior) -> (u32, u32, u32, u32) {
    let sync = sync_of(m, side);
    let (k, head, avail) = match sync {
        RTE_RING_SYNC_MT => move_head_mt(m, side, false, n, behavior),
        RTE_RING_SYNC_ST => move_head_mt(m, side, true, n, behavior),
        RTE_RING_SYNC_MT_RTS => move_head_rts(m, side, n, behavior),
        RTE_RING_SYNC_MT_HTS => move_head_hts(m, side, n, behavior),
        _ => (0, 0, 0),
    };
    (k, head, avail, sync)
}

#[inline(always)]
fn publish<M: RingMemory>(m: &M, side: Side, sync: u32, head: u32, k: u32) {
    match sync {
        RTE_RING_SYNC_MT => update_tail_mt(m, side, false, head, k),
        RTE_RING_SYNC_ST => update_tail_mt(m, side, true, head, k),
        RTE_RING_SYNC_MT_RTS => update_tail_rts(m, side),
        _ => update_tail_hts(m, side, head, k),
    }
}

/// Enqueues up to `n` elements of `esize` bytes from `objs` on `m`; returns
/// how many (all or none for [`Behavior::Fixed`]). `free_space` receives the
/// room left after the operation.
///
/// # Safety
/// `objs` readable for `n * esize` bytes; `esize` a non-zero multiple of 4.
#[inline(always)]
pub unsafe fn enqueue_on<M: RingMemory>(
    m: &M,
    objs: *const u8,
    esize: u32,
    n: u32,
    behavior: Behavior,
    free_space: Option<&mut u32>,
) -> u32 {
    let (k, head, avail, sync) = claim(m, Side::Prod, n, behavior);
    if k != 0 {
        let mask = m.mask();
        let idx = head & mask;
        let first = k.min(mask - idx + 1);
        // SAFETY: positions head..head+k are ours (claimed above); objs
        // readable per the contract; split at the end of the slot array.
        unsafe {
            m.write_slots(idx, objs, esize, first);
            if first < k {
                m.write_slots(0, objs.add(first as usize * esize as usize), esize, k - first);
            }
        }
        publish(m, Side::Prod, sync, head, k);
    }
    if let Some(f) = free_space {
        *f = avail - k;
    }
    k
}

/// Dequeues up to `n` elements into `objs`; returns how many. `available`
/// receives the entries left after the operation.
///
/// # Safety
/// `objs` writable for `n * esize` bytes; `esize` a non-zero multiple of 4.
#[inline(always)]
pub unsafe fn dequeue_on<M: RingMemory>(
    m: &M,
    objs: *mut u8,
    esize: u32,
    n: u32,
    behavior: Behavior,
    available: Option<&mut u32>,
) -> u32 {
    let (k, head, avail, sync) = claim(m, Side::Cons, n, behavior);
    if k != 0 {
        let mask = m.mask();
        let idx = head & mask;
        let first = k.min(mask - idx + 1);
        // SAFETY: positions head..head+k are ours; objs writable per contract.
        unsafe {
            m.read_slots(idx, objs, esize, first);
            if first < k {
                m.read_slots(0, objs.add(first as usize * esize as usize), esize, k - first);
            }
        }
        publish(m, Side::Cons, sync, head, k);
    }
    if let Some(a) = available {
        *a = avail - k;
    }
    k
}

/// Enqueues on an `rte_ring` (sync mode from `r.prod`'s sync type); see
/// [`enqueue_on`].
///
/// # Safety
/// `r` a set-up ring; `objs` readable for `n * esize` bytes; `esize` a
/// non-zero multiple of 4 and the ring's element size.
#[inline]
pub unsafe fn enqueue(
    r: *mut rte_ring,
    objs: *const c_void,
    esize: u32,
    n: u32,
    behavior: Behavior,
    free_space: Option<&mut u32>,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { enqueue_on(&RawRing::new(r), objs.cast(), esize, n, behavior, free_space) }
}

/// Dequeues from an `rte_ring` (sync mode from `r.cons`'s sync type); see
/// [`dequeue_on`].
///
/// # Safety
/// `r` a set-up ring; `objs` writable for `n * esize` bytes; `esize` as for
/// [`enqueue`].
#[inline]
pub unsafe fn dequeue(
    r: *mut rte_ring,
    objs: *mut c_void,
    esize: u32,
    n: u32,
    behavior: Behavior,
    available: Option<&mut u32>,
) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { dequeue_on(&RawRing::new(r), objs.cast(), esize, n, behavior, available) }
}

/// Entries in the ring (producer tail minus consumer tail, at most capacity).
///
/// # Safety
/// `r` a set-up ring.
#[inline]
pub unsafe fn count(r: *const rte_ring) -> u32 {
    // SAFETY: forwarded contract; only atomic reads are made.
    let m = unsafe { RawRing::new(r.cast_mut()) };
    count_on(&m)
}

/// Free entries (capacity minus count).
///
/// # Safety
/// `r` a set-up ring.
#[inline]
pub unsafe fn free_count(r: *const rte_ring) -> u32 {
    // SAFETY: forwarded contract.
    let m = unsafe { RawRing::new(r.cast_mut()) };
    m.capacity() - count_on(&m)
}

/// [`count`] on any [`RingMemory`].
#[inline]
pub fn count_on<M: RingMemory>(m: &M) -> u32 {
    // ORDERING: a snapshot; Relaxed as the reference's plain reads.
    let pt = m.load32(Side::Prod, word::TAIL, Ordering::Relaxed);
    let ct = m.load32(Side::Cons, word::TAIL, Ordering::Relaxed);
    let c = pt.wrapping_sub(ct) & m.mask();
    c.min(m.capacity())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicU64};
    use std::sync::Arc;

    struct Owned {
        r: *mut rte_ring,
        layout: std::alloc::Layout,
    }
    // SAFETY: the ring is only accessed through the protocol (atomics).
    unsafe impl Send for Owned {}
    // SAFETY: as Send.
    unsafe impl Sync for Owned {}
    impl Drop for Owned {
        fn drop(&mut self) {
            // SAFETY: allocated in ring() with this layout.
            unsafe { std::alloc::dealloc(self.r.cast(), self.layout) }
        }
    }

    fn ring(esize: u32, count: u32, flags: u32) -> Owned {
        let layout = std::alloc::Layout::from_size_align(crate::memsize(esize, count, flags).unwrap(), 64).unwrap();
        // SAFETY: non-zero layout.
        let r = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<rte_ring>();
        // SAFETY: fresh block of the ring's size.
        unsafe { crate::init(r, b"t", count, flags).unwrap() };
        Owned { r, layout }
    }

    const MODES: [(&str, u32); 6] = [
        ("sp/sc", RING_F_SP_ENQ | RING_F_SC_DEQ),
        ("mp/mc", 0),
        ("mp/sc", RING_F_SC_DEQ),
        ("rts", RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ),
        ("hts", RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ),
        ("rts/hts", RING_F_MP_RTS_ENQ | RING_F_MC_HTS_DEQ),
    ];

    #[test]
    fn single_thread_bulk_burst_and_wrap() {
        for esize in [4u32, 8, 12, 16, 20] {
            for (name, flags) in MODES {
                let o = ring(esize, 8, flags);
                let words = esize as usize / 4;
                // Several rounds so the positions wrap around the 8 slots.
                for round in 0..10u32 {
                    let n = 1 + round % 5;
                    let src: Vec<u32> = (0..n * words as u32).map(|i| round * 1000 + i).collect();
                    let mut free = 99;
                    // SAFETY: src holds n elements.
                    let k = unsafe { enqueue(o.r, src.as_ptr().cast(), esize, n, Behavior::Fixed, Some(&mut free)) };
                    assert_eq!(k, n, "{name} esize {esize}");
                    // SAFETY: live ring.
                    assert_eq!(unsafe { count(o.r) }, n);
                    assert_eq!(free, 7 - n);
                    // SAFETY: live ring.
                    assert_eq!(unsafe { free_count(o.r) }, 7 - n);
                    // bulk refuses more than the room, burst takes what fits
                    let big = vec![0u32; 8 * words];
                    // SAFETY: big holds 8 elements.
                    let k = unsafe { enqueue(o.r, big.as_ptr().cast(), esize, 8, Behavior::Fixed, Some(&mut free)) };
                    assert_eq!((k, free), (0, 7 - n));
                    let mut dst = vec![0u32; 8 * words];
                    let mut avail = 99;
                    // SAFETY: dst holds 8 elements.
                    let k =
                        unsafe { dequeue(o.r, dst.as_mut_ptr().cast(), esize, 8, Behavior::Fixed, Some(&mut avail)) };
                    assert_eq!((k, avail), (0, n));
                    // SAFETY: dst holds 8 elements.
                    let k = unsafe {
                        dequeue(o.r, dst.as_mut_ptr().cast(), esize, 8, Behavior::Variable, Some(&mut avail))
                    };
                    assert_eq!((k, avail), (n, 0), "{name}");
                    assert_eq!(&dst[..n as usize * words], &src[..], "{name} esize {esize}");
                }
                // burst enqueue fills up to capacity
                let big = vec![7u32; 10 * words];
                let mut free = 0;
                // SAFETY: big holds 10 elements.
                let k = unsafe { enqueue(o.r, big.as_ptr().cast(), esize, 10, Behavior::Variable, Some(&mut free)) };
                assert_eq!((k, free), (7, 0), "{name}");
                // SAFETY: live ring.
                assert_eq!(unsafe { count(o.r) }, 7);
            }
        }
    }

    /// Producers enqueue (id << 24 | seq) in bulks and bursts of varying
    /// size; consumers dequeue. Every value comes out once, and each
    /// consumer sees each producer's values in increasing order.
    fn stress(flags: u32, producers: u32, consumers: u32, per_producer: u32) {
        let o = Arc::new(ring(8, 64, flags));
        let done = Arc::new(AtomicBool::new(false));
        let total = Arc::new(AtomicU64::new(0));
        let start = Arc::new(std::sync::Barrier::new((producers + consumers) as usize));
        let mut ps = Vec::new();
        for p in 0..producers {
            let (o, start) = (o.clone(), start.clone());
            ps.push(std::thread::spawn(move || {
                start.wait();
                let mut seq = 0u32;
                let mut step = 0u32;
                while seq < per_producer {
                    step = step.wrapping_mul(1103515245).wrapping_add(12345);
                    let n = (1 + (step >> 16) % 9).min(per_producer - seq);
                    let objs: Vec<u64> = (0..n).map(|i| ((p as u64) << 24) | (seq + i) as u64).collect();
                    let b = if step & 1 == 0 { Behavior::Fixed } else { Behavior::Variable };
                    // SAFETY: objs holds n elements of 8 bytes.
                    let k = unsafe { enqueue(o.r, objs.as_ptr().cast(), 8, n, b, None) };
                    assert!(b == Behavior::Variable || k == 0 || k == n);
                    seq += k;
                    if k == 0 {
                        std::thread::yield_now();
                    }
                }
            }));
        }
        let mut cs = Vec::new();
        for _ in 0..consumers {
            let (o, done, total, start) = (o.clone(), done.clone(), total.clone(), start.clone());
            cs.push(std::thread::spawn(move || {
                start.wait();
                let mut seen = Vec::new();
                let mut last = vec![-1i64; producers as usize];
                let mut buf = [0u64; 16];
                let mut step = 7u32;
                loop {
                    step = step.wrapping_mul(1103515245).wrapping_add(12345);
                    let n = 1 + (step >> 16) % 12;
                    let b = if step & 1 == 0 { Behavior::Fixed } else { Behavior::Variable };
                    // SAFETY: buf holds 16 elements.
                    let k = unsafe { dequeue(o.r, buf.as_mut_ptr().cast(), 8, n, b, None) };
                    for &v in &buf[..k as usize] {
                        let (p, s) = ((v >> 24) as usize, (v & 0xff_ffff) as i64);
                        assert!(s > last[p], "producer {p}: {s} after {}", last[p]);
                        last[p] = s;
                        seen.push(v);
                    }
                    total.fetch_add(k as u64, std::sync::atomic::Ordering::Relaxed);
                    if k == 0 {
                        if done.load(std::sync::atomic::Ordering::Acquire)
                            // SAFETY: live ring.
                            && unsafe { count(o.r) } == 0
                        {
                            break;
                        }
                        std::thread::yield_now();
                    }
                }
                seen
            }));
        }
        for t in ps {
            t.join().unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Release);
        let mut all: Vec<u64> = cs.into_iter().flat_map(|t| t.join().unwrap()).collect();
        all.sort_unstable();
        let want: Vec<u64> =
            (0..producers as u64).flat_map(|p| (0..per_producer as u64).map(move |s| p << 24 | s)).collect();
        assert_eq!(all.len(), want.len());
        assert!(all == want, "lost or duplicated objects");
    }

    #[test]
    fn stress_every_mode() {
        for (name, flags) in MODES {
            let single_p = flags & RING_F_SP_ENQ != 0;
            let single_c = flags & RING_F_SC_DEQ != 0;
            let (p, c) = (if single_p { 1 } else { 3 }, if single_c { 1 } else { 2 });
            eprintln!("{name}: {p} producers, {c} consumers");
            // Fewer objects in unoptimised builds (the workspace test suite).
            stress(flags, p, c, if cfg!(debug_assertions) { 20_000 } else { 200_000 });
        }
    }
}
