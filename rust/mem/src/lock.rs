//! Process-shared locks on the reference's lock words (`rte_spinlock_t`,
//! `rte_rwlock_t`), with the reference's encodings so that C inline code
//! taking the same lock interoperates: spinlock 0/1; rwlock as 22.11's
//! `generic/rte_rwlock.h` (bit 0 writer waiting, bit 1 writer holding, 4 per
//! reader). Spinning only: no futex, no std lock, so the words can live in
//! shared memory mapped by several processes.

use std::sync::atomic::{AtomicI32, Ordering};

use rte_abi::memory::{rte_rwlock_t, rte_spinlock_t};

/// A handle on a spinlock word somewhere in (shared) memory.
#[derive(Clone, Copy)]
pub struct SpinLock(*const AtomicI32);

// SAFETY: the handle is a pointer to an atomic word; using it from any
// thread is what the lock is for.
unsafe impl Send for SpinLock {}
// SAFETY: as above.
unsafe impl Sync for SpinLock {}

impl SpinLock {
    /// # Safety
    /// `p` must point to an `rte_spinlock_t` that stays mapped while the
    /// handle is used, and is only accessed atomically.
    pub unsafe fn from_raw(p: *mut rte_spinlock_t) -> Self {
        SpinLock(p.cast::<AtomicI32>())
    }

    fn word(&self) -> &AtomicI32 {
        // SAFETY: from_raw's contract: a live, atomically-accessed i32.
        unsafe { &*self.0 }
    }

    /// Takes the lock, spinning.
    pub fn lock(&self) {
        // ORDERING: Acquire pairs with the Release in unlock().
        while self.word().compare_exchange_weak(0, 1, Ordering::Acquire, Ordering::Relaxed).is_err() {
            while self.word().load(Ordering::Relaxed) != 0 {
                std::hint::spin_loop();
            }
        }
    }

    /// Takes the lock if it is free.
    pub fn try_lock(&self) -> bool {
        self.word().compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed).is_ok()
    }

    /// Releases the lock.
    pub fn unlock(&self) {
        // ORDERING: Release publishes the critical section to the next lock().
        self.word().store(0, Ordering::Release);
    }

    /// Runs `f` with the lock held.
    pub fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        self.lock();
        let r = f();
        self.unlock();
        r
    }
}

/// `rte_rwlock_t.cnt` bit: a writer is waiting (new readers hold off).
pub const RWLOCK_WAIT: i32 = 0x1;
/// `rte_rwlock_t.cnt` bit: a writer holds the lock.
pub const RWLOCK_WRITE: i32 = 0x2;
/// Writer waiting or holding.
pub const RWLOCK_MASK: i32 = RWLOCK_WAIT | RWLOCK_WRITE;
/// `rte_rwlock_t.cnt` increment per reader.
pub const RWLOCK_READ: i32 = 0x4;

/// A handle on a reader-writer lock word somewhere in (shared) memory, with
/// 22.11's encoding (`generic/rte_rwlock.h`): bit 0 = a writer waits, bit 1
/// = a writer holds it, each reader adds 4. A waiting writer keeps new
/// readers out, so writers are not starved.
#[derive(Clone, Copy)]
pub struct RwLock(*const AtomicI32);

// SAFETY: a pointer to an atomic word, used from any thread by design.
unsafe impl Send for RwLock {}
// SAFETY: as above.
unsafe impl Sync for RwLock {}

impl RwLock {
    /// # Safety
    /// `p` must point to an `rte_rwlock_t` that stays mapped while the
    /// handle is used, and is only accessed atomically.
    pub unsafe fn from_raw(p: *mut rte_rwlock_t) -> Self {
        RwLock(p.cast::<AtomicI32>())
    }

    fn word(&self) -> &AtomicI32 {
        // SAFETY: from_raw's contract: a live, atomically-accessed i32.
        unsafe { &*self.0 }
    }

    /// Takes a read lock (waits while a writer holds it or waits for it).
    pub fn read_lock(&self) {
        loop {
            while self.word().load(Ordering::Relaxed) & RWLOCK_MASK != 0 {
                std::hint::spin_loop();
            }
            // ORDERING: Acquire pairs with write_unlock's Release.
            let x = self.word().fetch_add(RWLOCK_READ, Ordering::Acquire) + RWLOCK_READ;
            if x & RWLOCK_MASK == 0 {
                return;
            }
            // Lost the race with a writer: back out.
            self.word().fetch_sub(RWLOCK_READ, Ordering::Relaxed);
        }
    }

    /// Takes a read lock if no writer holds it or waits for it.
    pub fn try_read_lock(&self) -> bool {
        if self.word().load(Ordering::Relaxed) & RWLOCK_MASK != 0 {
            return false;
        }
        // ORDERING: Acquire pairs with write_unlock's Release.
        let x = self.word().fetch_add(RWLOCK_READ, Ordering::Acquire) + RWLOCK_READ;
        if x & RWLOCK_MASK != 0 {
            // ORDERING: Release, as the reference's trylock back-out.
            self.word().fetch_sub(RWLOCK_READ, Ordering::Release);
            return false;
        }
        true
    }

    /// Releases a read lock.
    pub fn read_unlock(&self) {
        // ORDERING: Release orders the reads before a writer's Acquire.
        self.word().fetch_sub(RWLOCK_READ, Ordering::Release);
    }

    /// Takes the write lock (waits for readers and writers to leave).
    pub fn write_lock(&self) {
        loop {
            let x = self.word().load(Ordering::Relaxed);
            // No reader and no writer (a waiting bit, ours or another
            // writer's, may be set): take it, clearing the waiting bit.
            // ORDERING: Acquire pairs with the Releases of read_unlock/write_unlock.
            if x < RWLOCK_WRITE
                && self.word().compare_exchange_weak(x, RWLOCK_WRITE, Ordering::Acquire, Ordering::Relaxed).is_ok()
            {
                return;
            }
            if x & RWLOCK_WAIT == 0 {
                self.word().fetch_or(RWLOCK_WAIT, Ordering::Relaxed);
            }
            while self.word().load(Ordering::Relaxed) > RWLOCK_WAIT {
                std::hint::spin_loop();
            }
        }
    }

    /// Takes the write lock if nobody holds it.
    pub fn try_write_lock(&self) -> bool {
        let x = self.word().load(Ordering::Relaxed);
        // ORDERING: Acquire pairs with the Releases of read_unlock/write_unlock.
        x < RWLOCK_WRITE
            && self.word().compare_exchange(x, x + RWLOCK_WRITE, Ordering::Acquire, Ordering::Relaxed).is_ok()
    }

    /// Releases the write lock.
    pub fn write_unlock(&self) {
        // ORDERING: Release publishes the writes to the next locker.
        self.word().fetch_sub(RWLOCK_WRITE, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spinlock_excludes_and_counts() {
        let word = Box::leak(Box::new(rte_spinlock_t { locked: 0 }));
        // SAFETY: a leaked, never-freed word used only through the handle.
        let l = unsafe { SpinLock::from_raw(word) };
        let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let inside = std::sync::Arc::new(AtomicI32::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (c, i) = (counter.clone(), inside.clone());
                std::thread::spawn(move || {
                    for _ in 0..2000 {
                        l.with(|| {
                            assert_eq!(i.fetch_add(1, Ordering::Relaxed), 0);
                            c.fetch_add(1, Ordering::Relaxed);
                            i.fetch_sub(1, Ordering::Relaxed);
                        });
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(counter.load(Ordering::Relaxed), 8000);
        assert!(l.try_lock());
        assert!(!l.try_lock());
        l.unlock();
    }

    #[test]
    fn rwlock_encoding_matches_the_reference() {
        let word = Box::leak(Box::new(rte_rwlock_t { cnt: 0 }));
        let p: *mut rte_rwlock_t = word;
        // SAFETY: a leaked word used only through the handle and atomic peeks.
        let l = unsafe { RwLock::from_raw(p) };
        // SAFETY: same word, read atomically.
        let peek = || unsafe { (*p.cast::<AtomicI32>()).load(Ordering::Relaxed) };
        l.read_lock();
        l.read_lock();
        assert_eq!(peek(), 8);
        assert!(!l.try_write_lock());
        l.read_unlock();
        l.read_unlock();
        l.write_lock();
        assert_eq!(peek(), RWLOCK_WRITE);
        assert!(!l.try_read_lock());
        assert!(!l.try_write_lock());
        l.write_unlock();
        assert_eq!(peek(), 0);
        // A waiting writer keeps new readers out.
        // SAFETY: same word, written atomically.
        unsafe { (*p.cast::<AtomicI32>()).store(RWLOCK_READ | RWLOCK_WAIT, Ordering::Relaxed) };
        assert!(!l.try_read_lock());
        l.read_unlock();
        l.write_lock();
        assert_eq!(peek(), RWLOCK_WRITE);
        l.write_unlock();
    }

    #[test]
    fn rwlock_excludes_writers_from_readers() {
        let word = Box::leak(Box::new(rte_rwlock_t { cnt: 0 }));
        // SAFETY: a leaked, never-freed word used only through the handle.
        let l = unsafe { RwLock::from_raw(word) };
        let shared = std::sync::Arc::new([AtomicI32::new(0), AtomicI32::new(0)]);
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let s = shared.clone();
                std::thread::spawn(move || {
                    for i in 0..2000 {
                        if (i + t) % 3 == 0 {
                            l.write_lock();
                            let v = s[0].load(Ordering::Relaxed);
                            s[0].store(v + 1, Ordering::Relaxed);
                            s[1].store(v + 1, Ordering::Relaxed);
                            l.write_unlock();
                        } else {
                            l.read_lock();
                            assert_eq!(s[0].load(Ordering::Relaxed), s[1].load(Ordering::Relaxed));
                            l.read_unlock();
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let writes: i32 = (0..4).map(|t| (0..2000).filter(|i| (i + t) % 3 == 0).count() as i32).sum();
        assert_eq!(shared[0].load(Ordering::Relaxed), writes);
    }
}
