//! The "stack" store: a LIFO of object pointers in shared memory, guarded
//! by a process-shared spinlock (one atomic word), so that any process
//! mapping the pool and any lcore can push and pop.
//!
//! Layout in the store's memory: [`StackHeader`] then `size` pointer slots.
//! No references to that memory are formed: it is reached through raw
//! pointers and atomics only.

use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

/// The 32-bit atomic word the stack's header is made of: std's in the
/// library, a loom wrapper in the loom model (tests/loom.rs).
pub trait Word {
    /// A word holding `v`.
    fn new(v: u32) -> Self;
    /// Atomic load.
    fn load(&self, order: Ordering) -> u32;
    /// Atomic store.
    fn store(&self, v: u32, order: Ordering);
    /// Atomic compare-and-exchange (may fail spuriously).
    fn compare_exchange_weak(&self, current: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32>;
    /// Spin-wait hint (loom: yield to the model's scheduler).
    fn spin();
}

impl Word for AtomicU32 {
    fn new(v: u32) -> Self {
        AtomicU32::new(v)
    }
    #[inline(always)]
    fn load(&self, order: Ordering) -> u32 {
        AtomicU32::load(self, order)
    }
    #[inline(always)]
    fn store(&self, v: u32, order: Ordering) {
        AtomicU32::store(self, v, order)
    }
    #[inline(always)]
    fn compare_exchange_weak(&self, current: u32, new: u32, ok: Ordering, fail: Ordering) -> Result<u32, u32> {
        AtomicU32::compare_exchange_weak(self, current, new, ok, fail)
    }
    #[inline(always)]
    fn spin() {
        std::hint::spin_loop()
    }
}

/// The header of a stack store.
#[repr(C)]
pub struct StackHeader<W = AtomicU32> {
    /// 0 = free, 1 = held.
    lock: W,
    /// Objects stored (changed only with the lock held).
    len: W,
    /// Slots after the header.
    size: u32,
    _pad: u32,
}

/// Bytes a stack of `size` objects needs.
pub fn memsize(size: u32) -> usize {
    memsize_with::<AtomicU32>(size)
}

/// Bytes a stack of `size` objects with words `W` needs.
pub fn memsize_with<W: Word>(size: u32) -> usize {
    std::mem::size_of::<StackHeader<W>>() + size as usize * std::mem::size_of::<*mut c_void>()
}

/// A handle on a stack store in memory the caller owns.
pub struct Stack<W: Word = AtomicU32>(*mut StackHeader<W>);

impl<W: Word> Clone for Stack<W> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<W: Word> Copy for Stack<W> {}

impl<W: Word> Stack<W> {
    /// Sets up an empty stack of `size` slots at `mem`.
    ///
    /// # Safety
    /// `mem` must be 8-byte aligned, writable for `memsize(size)` bytes,
    /// and not in use by any thread.
    pub unsafe fn init(mem: *mut c_void, size: u32) -> Self {
        let h = mem.cast::<StackHeader<W>>();
        // SAFETY: writable and unshared per the contract.
        unsafe { h.write(StackHeader { lock: W::new(0), len: W::new(0), size, _pad: 0 }) };
        Stack(h)
    }

    /// A handle on a stack set up by [`Stack::init`].
    ///
    /// # Safety
    /// `mem` must hold a stack set up by `init` that outlives the handle.
    pub unsafe fn from_ptr(mem: *mut c_void) -> Self {
        Stack(mem.cast())
    }

    fn hdr(&self) -> &StackHeader<W> {
        // SAFETY: the header of a live stack (per the constructors'
        // contracts); its mutable fields are atomics.
        unsafe { &*self.0 }
    }

    fn slots(&self) -> *mut *mut c_void {
        // SAFETY: the slots follow the header in the same allocation.
        unsafe { self.0.add(1).cast() }
    }

    fn lock(&self) {
        // ORDERING: Acquire pairs with the Release in unlock(): the holder
        // sees the slots and len the previous holder wrote.
        while self.hdr().lock.compare_exchange_weak(0, 1, Ordering::Acquire, Ordering::Relaxed).is_err() {
            while self.hdr().lock.load(Ordering::Relaxed) != 0 {
                W::spin();
            }
        }
    }

    fn unlock(&self) {
        // ORDERING: Release publishes this holder's writes to the next.
        self.hdr().lock.store(0, Ordering::Release);
    }

    /// Pushes all `n` objects, or none (false) if they do not fit.
    ///
    /// # Safety
    /// `objs` must be readable for `n` pointers.
    pub unsafe fn push(&self, objs: *const *mut c_void, n: u32) -> bool {
        self.lock();
        let len = self.hdr().len.load(Ordering::Relaxed);
        let ok = n <= self.hdr().size - len;
        if ok {
            // SAFETY: len + n <= size slots; objs readable per the contract.
            unsafe { std::ptr::copy_nonoverlapping(objs, self.slots().add(len as usize), n as usize) };
            self.hdr().len.store(len + n, Ordering::Relaxed);
        }
        self.unlock();
        ok
    }

    /// Pops `n` objects (the most recently pushed first), or none (false)
    /// if fewer are stored.
    ///
    /// # Safety
    /// `objs` must be writable for `n` pointers.
    pub unsafe fn pop(&self, objs: *mut *mut c_void, n: u32) -> bool {
        self.lock();
        let len = self.hdr().len.load(Ordering::Relaxed);
        let ok = n <= len;
        if ok {
            for i in 0..n as usize {
                // SAFETY: slot len-1-i < len is initialised; objs writable.
                unsafe { *objs.add(i) = *self.slots().add(len as usize - 1 - i) };
            }
            self.hdr().len.store(len - n, Ordering::Relaxed);
        }
        self.unlock();
        ok
    }

    /// Objects stored now.
    pub fn len(&self) -> u32 {
        self.hdr().len.load(Ordering::Relaxed)
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifo_all_or_nothing_threads() {
        let mut mem = vec![0u64; memsize(64) / 8];
        // SAFETY: a fresh, aligned buffer of the right size.
        let s: Stack = unsafe { Stack::init(mem.as_mut_ptr().cast(), 64) };
        let objs: Vec<*mut c_void> = (1..=64usize).map(|i| i as *mut c_void).collect();
        // SAFETY: buffers of the stated lengths.
        unsafe {
            assert!(s.push(objs.as_ptr(), 60));
            assert!(!s.push(objs.as_ptr(), 5));
            assert!(s.push(objs[60..].as_ptr(), 4));
            let mut out = [std::ptr::null_mut(); 2];
            assert!(s.pop(out.as_mut_ptr(), 2));
            assert_eq!(out, [64 as *mut c_void, 63 as *mut c_void]);
        }
        assert_eq!(s.len(), 62);
        let addr = mem.as_mut_ptr() as usize;
        let hs: Vec<_> = (0..2)
            .map(|_| {
                std::thread::spawn(move || {
                    // SAFETY: the stack outlives the threads (joined below).
                    let s: Stack = unsafe { Stack::from_ptr(addr as *mut c_void) };
                    let mut buf = [std::ptr::null_mut(); 4];
                    for _ in 0..10000 {
                        // SAFETY: buffers of 4 pointers.
                        unsafe {
                            if s.pop(buf.as_mut_ptr(), 4) {
                                assert!(s.push(buf.as_ptr(), 4));
                            }
                        }
                    }
                })
            })
            .collect();
        for h in hs {
            h.join().unwrap();
        }
        let mut all = vec![std::ptr::null_mut(); 62];
        // SAFETY: a buffer of 62 pointers.
        assert!(unsafe { s.pop(all.as_mut_ptr(), 62) });
        let mut v: Vec<usize> = all.iter().map(|&p| p as usize).collect();
        v.sort();
        assert_eq!(v, (1..=62).collect::<Vec<_>>());
    }
}
