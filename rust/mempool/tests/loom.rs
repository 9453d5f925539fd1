//! Loom model of the "stack" store's process-shared spinlock: with two
//! threads pushing and popping concurrently, every interleaving (within
//! LOOM_MAX_PREEMPTIONS) keeps each object exactly once.
//!
//! `RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 cargo test -p rte-mempool --release --test loom`
#![cfg(loom)]

use std::ffi::c_void;

use std::sync::atomic::Ordering;

use loom::thread;
use rte_mempool::stack::{memsize_with, Stack, Word};

/// A loom atomic as the stack's word.
struct LoomWord(loom::sync::atomic::AtomicU32);

impl Word for LoomWord {
    fn new(v: u32) -> Self {
        LoomWord(loom::sync::atomic::AtomicU32::new(v))
    }
    fn load(&self, order: Ordering) -> u32 {
        self.0.load(order)
    }
    fn store(&self, v: u32, order: Ordering) {
        self.0.store(v, order)
    }
    fn compare_exchange_weak(&self, current: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32> {
        self.0.compare_exchange_weak(current, new, ok, fail)
    }
    fn spin() {
        thread::yield_now()
    }
}

type LStack = Stack<LoomWord>;

/// A stack of `size` slots in leaked memory (it must outlive the threads of
/// one model run; a few bytes per run).
fn new_stack(size: u32) -> usize {
    let mem: &'static mut [u64] = Box::leak(vec![0u64; memsize_with::<LoomWord>(size).div_ceil(8)].into_boxed_slice());
    // SAFETY: fresh, 8-aligned memory of the stack's size, not shared yet.
    unsafe { LStack::init(mem.as_mut_ptr().cast(), size) };
    mem.as_mut_ptr() as usize
}

fn stack(addr: usize) -> LStack {
    // SAFETY: set up by new_stack and never freed.
    unsafe { LStack::from_ptr(addr as *mut c_void) }
}

fn obj(i: usize) -> *mut c_void {
    i as *mut c_void
}

/// Everything in the stack, sorted.
fn contents(s: LStack) -> Vec<usize> {
    let n = s.len();
    let mut out = vec![std::ptr::null_mut(); n as usize];
    // SAFETY: a buffer of n pointers.
    assert!(unsafe { s.pop(out.as_mut_ptr(), n) });
    let mut v: Vec<usize> = out.into_iter().map(|p| p as usize).collect();
    v.sort();
    v
}

#[test]
fn push_and_pop_race_conserves_objects() {
    loom::model(|| {
        let addr = new_stack(3);
        // SAFETY: one pointer.
        assert!(unsafe { stack(addr).push(&obj(1), 1) });
        let t = thread::spawn(move || {
            let s = stack(addr);
            let objs = [obj(2), obj(3)];
            // SAFETY: two pointers.
            assert!(unsafe { s.push(objs.as_ptr(), 2) });
        });
        let s = stack(addr);
        let mut got = std::ptr::null_mut();
        // SAFETY: one pointer each.
        unsafe {
            if s.pop(&mut got, 1) {
                assert!(s.push(&got, 1));
            }
        }
        t.join().unwrap();
        assert_eq!(contents(s), vec![1, 2, 3]);
    });
}

#[test]
fn all_or_nothing_under_contention() {
    loom::model(|| {
        let addr = new_stack(2);
        let t = thread::spawn(move || {
            let s = stack(addr);
            let objs = [obj(1), obj(2)];
            // SAFETY: two pointers.
            unsafe { s.push(objs.as_ptr(), 2) }
        });
        let s = stack(addr);
        // SAFETY: one pointer.
        let mine = unsafe { s.push(&obj(3), 1) };
        let theirs = t.join().unwrap();
        // Two slots: exactly one of the pushes fits, whole.
        assert!(mine != theirs);
        let want = if mine { vec![3] } else { vec![1, 2] };
        assert_eq!(contents(s), want);
    });
}
