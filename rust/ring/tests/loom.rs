//! Loom models of the ring protocol (`rte_ring::ops`), run on loom atomics
//! with a tiny ring: every interleaving (within LOOM_MAX_PREEMPTIONS) must
//! deliver each object exactly once and each producer's objects in order.
//!
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p rte-ring --release --test loom`
#![cfg(loom)]

use ::rte_ring::ops::{dequeue_on, enqueue_on, word, Behavior, Ordering, RingMemory, Side};
use loom::cell::UnsafeCell;
use loom::sync::atomic::AtomicU64;
use loom::sync::Arc;
use loom::thread;
use rte_abi::ring::*;

const START: u32 = u32::MAX - 1;

/// A ring of `mask + 1` u32 slots whose sides are ten 32-bit words held as
/// five loom 64-bit atomics (32-bit accesses act on one half, as on x86).
struct Model {
    mask: u32,
    capacity: u32,
    prod: [AtomicU64; 5],
    cons: [AtomicU64; 5],
    slots: Vec<UnsafeCell<u32>>,
}

impl Model {
    fn new(size: u32, capacity: u32, prod_sync: u32, cons_sync: u32, htd_max: u32) -> Self {
        // Positions start just below 2^32 so they wrap (and the slot index
        // wraps from 2 to 3 to 0) during the model.
        let start = START as u64;
        let side = |sync: u32| {
            let w1 = (htd_max as u64) << 32 | sync as u64;
            let (w0, w2) =
                if sync == RTE_RING_SYNC_MT_RTS { (start << 32, start << 32) } else { (start << 32 | start, 0) };
            [AtomicU64::new(w0), AtomicU64::new(w1), AtomicU64::new(w2), AtomicU64::new(0), AtomicU64::new(start)]
        };
        Model {
            mask: size - 1,
            capacity,
            prod: side(prod_sync),
            cons: side(cons_sync),
            slots: (0..size).map(|_| UnsafeCell::new(0)).collect(),
        }
    }
    fn cell(&self, side: Side, w: usize) -> (&AtomicU64, u32) {
        let s = match side {
            Side::Prod => &self.prod,
            Side::Cons => &self.cons,
        };
        (&s[w / 2], (w % 2) as u32 * 32)
    }
}

// SAFETY: each access is one loom atomic access of the 64-bit word holding
// the 32-bit word (halves updated by CAS loops, which are atomic RMWs).
unsafe impl RingMemory for Model {
    fn mask(&self) -> u32 {
        self.mask
    }
    fn capacity(&self) -> u32 {
        self.capacity
    }
    fn load32(&self, side: Side, w: usize, o: Ordering) -> u32 {
        let (a, sh) = self.cell(side, w);
        (a.load(o) >> sh) as u32
    }
    fn store32(&self, side: Side, w: usize, v: u32, o: Ordering) {
        let (a, sh) = self.cell(side, w);
        let mut cur = a.load(Ordering::Relaxed);
        loop {
            let new = cur & !(0xffff_ffffu64 << sh) | (v as u64) << sh;
            match a.compare_exchange(cur, new, o, Ordering::Relaxed) {
                Ok(_) => return,
                Err(c) => cur = c,
            }
        }
    }
    fn cas32(&self, side: Side, w: usize, old: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32> {
        let (a, sh) = self.cell(side, w);
        let mut cur = a.load(fail);
        loop {
            if (cur >> sh) as u32 != old {
                return Err((cur >> sh) as u32);
            }
            let nv = cur & !(0xffff_ffffu64 << sh) | (new as u64) << sh;
            match a.compare_exchange(cur, nv, ok, fail) {
                Ok(_) => return Ok(old),
                Err(c) => cur = c,
            }
        }
    }
    fn load64(&self, side: Side, w: usize, o: Ordering) -> u64 {
        self.cell(side, w).0.load(o)
    }
    fn cas64(&self, side: Side, w: usize, old: u64, new: u64, ok: Ordering, fail: Ordering) -> Result<u64, u64> {
        self.cell(side, w).0.compare_exchange(old, new, ok, fail)
    }
    unsafe fn write_slots(&self, first: u32, src: *const u8, esize: u32, n: u32) {
        assert_eq!(esize, 4);
        for i in 0..n as usize {
            // SAFETY: src holds n u32 per the contract.
            let v = unsafe { src.cast::<u32>().add(i).read_unaligned() };
            // SAFETY: loom checks that no other thread accesses the slot now.
            self.slots[first as usize + i].with_mut(|p| unsafe { *p = v });
        }
    }
    unsafe fn read_slots(&self, first: u32, dst: *mut u8, esize: u32, n: u32) {
        assert_eq!(esize, 4);
        for i in 0..n as usize {
            // SAFETY: loom checks that no other thread writes the slot now.
            let v = self.slots[first as usize + i].with(|p| unsafe { *p });
            // SAFETY: dst holds n u32 per the contract.
            unsafe { dst.cast::<u32>().add(i).write_unaligned(v) };
        }
    }
    fn pause(&self) {
        thread::yield_now();
    }
}

/// Producers 1..=p each enqueue `per` objects (p*16 + seq), one or two per
/// call (waiting while full); one consumer dequeues bursts of up to 2 at the
/// same time; the main thread drains the rest after the joins.
fn model(prod_sync: u32, cons_sync: u32, producers: u32, per: u32, htd_max: u32) {
    let mut b = loom::model::Builder::new();
    if std::env::var("LOOM_MAX_PREEMPTIONS").is_err() {
        b.preemption_bound = Some(2);
    }
    // Spin-waits (MT tail order, HTS/RTS head wait, consumer polling) make
    // long paths.
    b.max_branches = 100_000;
    b.check(move || {
        // 4 slots, capacity 3; or EXACT_SZ-like capacity 2 for a single producer.
        let cap = if producers == 1 { 2 } else { 3 };
        let m = Arc::new(Model::new(4, cap, prod_sync, cons_sync, htd_max));
        let mut hs = Vec::new();
        for p in 1..=producers {
            let m = m.clone();
            hs.push(thread::spawn(move || {
                let mut seq = 0;
                while seq < per {
                    let n = (per - seq).min(if seq == 0 { 1 } else { 2 });
                    let objs: Vec<u32> = (seq..seq + n).map(|s| p * 16 + s).collect();
                    let behavior = if seq == 0 { Behavior::Fixed } else { Behavior::Variable };
                    // SAFETY: objs holds n u32.
                    let k = unsafe { enqueue_on(&*m, objs.as_ptr().cast(), 4, n, behavior, None) };
                    seq += k;
                    if k == 0 {
                        thread::yield_now();
                    }
                }
            }));
        }
        let total = producers * per;
        // The consumer makes a bounded number of attempts while the
        // producers run (no polling loop: loom explores every outcome of
        // each), then the rest is drained after the joins.
        let consumer = {
            let m = m.clone();
            thread::spawn(move || {
                let mut got = Vec::new();
                for _ in 0..2 {
                    let mut buf = [0u32; 2];
                    // SAFETY: buf holds 2 u32.
                    let k = unsafe { dequeue_on(&*m, buf.as_mut_ptr().cast(), 4, 2, Behavior::Variable, None) };
                    got.extend_from_slice(&buf[..k as usize]);
                }
                got
            })
        };
        for h in hs {
            h.join().unwrap();
        }
        let mut got = consumer.join().unwrap();
        loop {
            let mut buf = [0u32; 2];
            // SAFETY: buf holds 2 u32.
            let k = unsafe { dequeue_on(&*m, buf.as_mut_ptr().cast(), 4, 2, Behavior::Fixed, None) };
            if k == 0 {
                // SAFETY: buf holds 2 u32.
                let k = unsafe { dequeue_on(&*m, buf.as_mut_ptr().cast(), 4, 1, Behavior::Fixed, None) };
                got.extend_from_slice(&buf[..k as usize]);
                break;
            }
            got.extend_from_slice(&buf[..k as usize]);
        }
        // Conservation: each object once; FIFO per producer.
        for p in 1..=producers {
            let mine: Vec<u32> = got.iter().copied().filter(|v| v / 16 == p).collect();
            let want: Vec<u32> = (0..per).map(|s| p * 16 + s).collect();
            assert_eq!(mine, want, "producer {p}: {got:?}");
        }
        assert_eq!(got.len(), total as usize);
        // Nothing left, both sides at rest at the same position.
        let pt = m.load32(Side::Prod, word::TAIL, Ordering::Relaxed);
        let ct = m.load32(Side::Cons, word::TAIL, Ordering::Relaxed);
        assert_eq!((pt, ct), (START.wrapping_add(total), START.wrapping_add(total)));
    });
}

fn per_producer() -> u32 {
    std::env::var("RING_LOOM_PER_PRODUCER").ok().and_then(|v| v.parse().ok()).unwrap_or(1)
}

#[test]
fn sp_sc() {
    model(RTE_RING_SYNC_ST, RTE_RING_SYNC_ST, 1, 2, 0);
}

#[test]
fn mp_mc() {
    model(RTE_RING_SYNC_MT, RTE_RING_SYNC_MT, 2, per_producer(), 0);
}

#[test]
fn rts() {
    model(RTE_RING_SYNC_MT_RTS, RTE_RING_SYNC_MT_RTS, 2, per_producer(), 1);
}

#[test]
fn hts() {
    model(RTE_RING_SYNC_MT_HTS, RTE_RING_SYNC_MT_HTS, 2, per_producer(), 0);
}

/// Slot reuse: one producer pushes 4 objects through 2 usable slots with a
/// bounded number of attempts while one consumer takes bursts; the rest is
/// finished after the joins. The consumer's release of slots and the
/// producer's reuse of them must be ordered, or loom reports the slot
/// accesses as a race.
fn reuse(prod_sync: u32, cons_sync: u32) {
    let mut b = loom::model::Builder::new();
    if std::env::var("LOOM_MAX_PREEMPTIONS").is_err() {
        b.preemption_bound = Some(2);
    }
    b.max_branches = 100_000;
    b.check(move || {
        let m = Arc::new(Model::new(4, 2, prod_sync, cons_sync, 1));
        const TOTAL: u32 = 4;
        let producer = {
            let m = m.clone();
            thread::spawn(move || {
                let mut next = 0u32;
                for _ in 0..3 {
                    let v = [next];
                    // SAFETY: v holds 1 u32.
                    next += unsafe { enqueue_on(&*m, v.as_ptr().cast(), 4, 1, Behavior::Fixed, None) };
                }
                next
            })
        };
        let consumer = {
            let m = m.clone();
            thread::spawn(move || {
                let mut got = Vec::new();
                for _ in 0..2 {
                    let mut buf = [0u32; 2];
                    // SAFETY: buf holds 2 u32.
                    let k = unsafe { dequeue_on(&*m, buf.as_mut_ptr().cast(), 4, 2, Behavior::Variable, None) };
                    got.extend_from_slice(&buf[..k as usize]);
                }
                got
            })
        };
        let mut next = producer.join().unwrap();
        let mut got = consumer.join().unwrap();
        // Finish on this thread: take what is there, push the rest.
        loop {
            let mut buf = [0u32; 2];
            // SAFETY: buf holds 2 u32.
            let k = unsafe { dequeue_on(&*m, buf.as_mut_ptr().cast(), 4, 2, Behavior::Variable, None) };
            got.extend_from_slice(&buf[..k as usize]);
            if next == TOTAL && k == 0 {
                break;
            }
            if next < TOTAL {
                let v = [next];
                // SAFETY: v holds 1 u32.
                next += unsafe { enqueue_on(&*m, v.as_ptr().cast(), 4, 1, Behavior::Fixed, None) };
            }
        }
        assert_eq!(got, (0..TOTAL).collect::<Vec<_>>());
    });
}

#[test]
fn reuse_sp_sc() {
    reuse(RTE_RING_SYNC_ST, RTE_RING_SYNC_ST);
}

#[test]
fn reuse_mp_mc() {
    reuse(RTE_RING_SYNC_MT, RTE_RING_SYNC_MT);
}

#[test]
fn reuse_rts() {
    reuse(RTE_RING_SYNC_MT_RTS, RTE_RING_SYNC_MT_RTS);
}

#[test]
fn reuse_hts() {
    reuse(RTE_RING_SYNC_MT_HTS, RTE_RING_SYNC_MT_HTS);
}
