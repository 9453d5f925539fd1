//! Process-shared locks on the reference's lock words (`rte_spinlock_t`,
//! `rte_rwlock_t`), with the reference's encodings so that C inline code
//! taking the same lock interoperates: spinlock 0/1; rwlock -1 = writer,
//! n > 0 = n readers. Spinning only: no futex, no std lock, so the words can
//! live in shared memory mapped by several processes.

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
        while self
            .word()
            .compare_exchange_weak(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.word().load(Ordering::Relaxed) != 0 {
                std::hint::spin_loop();
            }
        }
    }

    /// Takes the lock if it is free.
    pub fn try_lock(&self) -> bool {
        self.word()
            .compare_exchange(0, 1, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
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

/// A handle on a reader-writer lock word somewhere in (shared) memory.
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

    /// Takes a read lock (waits while a writer holds it).
    pub fn read_lock(&self) {
        loop {
            let x = self.word().load(Ordering::Relaxed);
            // ORDERING: Acquire pairs with write_unlock's Release.
            if x >= 0
                && self
                    .word()
                    .compare_exchange_weak(x, x + 1, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            {
                return;
            }
            std::hint::spin_loop();
        }
    }

    /// Releases a read lock.
    pub fn read_unlock(&self) {
        // ORDERING: Release orders the reads before a writer's Acquire.
        self.word().fetch_sub(1, Ordering::Release);
    }

    /// Takes the write lock (waits for readers and writers to leave).
    pub fn write_lock(&self) {
        // ORDERING: Acquire pairs with the Releases of read_unlock/write_unlock.
        while self
            .word()
            .compare_exchange_weak(0, -1, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
    }

    /// Releases the write lock.
    pub fn write_unlock(&self) {
        // ORDERING: Release publishes the writes to the next locker.
        self.word().store(0, Ordering::Release);
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
        assert_eq!(peek(), 2);
        l.read_unlock();
        l.read_unlock();
        l.write_lock();
        assert_eq!(peek(), -1);
        l.write_unlock();
        assert_eq!(peek(), 0);
    }
}
