//! `rte_eal_memconfig.h`: the locks of the shared configuration. Before
//! `rte_eal_init` there is no configuration and these do nothing.

use rte_mem::config::{self, Lock};

fn with(which: Lock, f: impl FnOnce(&rte_mem::lock::RwLock)) {
    if let Some(l) = config::rwlock(which) {
        f(&l);
    }
}

/// Takes a read lock on the shared mem lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mem_read_lock() {
    entry!("rte_mcfg_mem_read_lock", (), { with(Lock::Memory, |l| l.read_lock()) })
}

/// Releases a read lock on the shared mem lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mem_read_unlock() {
    entry!("rte_mcfg_mem_read_unlock", (), { with(Lock::Memory, |l| l.read_unlock()) })
}

/// Takes the write lock on the shared mem lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mem_write_lock() {
    entry!("rte_mcfg_mem_write_lock", (), { with(Lock::Memory, |l| l.write_lock()) })
}

/// Releases the write lock on the shared mem lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mem_write_unlock() {
    entry!("rte_mcfg_mem_write_unlock", (), { with(Lock::Memory, |l| l.write_unlock()) })
}

/// Takes a read lock on the shared tailq lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_tailq_read_lock() {
    entry!("rte_mcfg_tailq_read_lock", (), { with(Lock::Tailq, |l| l.read_lock()) })
}

/// Releases a read lock on the shared tailq lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_tailq_read_unlock() {
    entry!("rte_mcfg_tailq_read_unlock", (), { with(Lock::Tailq, |l| l.read_unlock()) })
}

/// Takes the write lock on the shared tailq lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_tailq_write_lock() {
    entry!("rte_mcfg_tailq_write_lock", (), { with(Lock::Tailq, |l| l.write_lock()) })
}

/// Releases the write lock on the shared tailq lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_tailq_write_unlock() {
    entry!("rte_mcfg_tailq_write_unlock", (), { with(Lock::Tailq, |l| l.write_unlock()) })
}

/// Takes a read lock on the shared mempool lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mempool_read_lock() {
    entry!("rte_mcfg_mempool_read_lock", (), { with(Lock::Mempool, |l| l.read_lock()) })
}

/// Releases a read lock on the shared mempool lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mempool_read_unlock() {
    entry!("rte_mcfg_mempool_read_unlock", (), { with(Lock::Mempool, |l| l.read_unlock()) })
}

/// Takes the write lock on the shared mempool lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mempool_write_lock() {
    entry!("rte_mcfg_mempool_write_lock", (), { with(Lock::Mempool, |l| l.write_lock()) })
}

/// Releases the write lock on the shared mempool lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_mempool_write_unlock() {
    entry!("rte_mcfg_mempool_write_unlock", (), { with(Lock::Mempool, |l| l.write_unlock()) })
}

/// Takes the shared timer lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_timer_lock() {
    entry!("rte_mcfg_timer_lock", (), {
        if let Some(l) = config::timer_lock() {
            l.lock();
        }
    })
}

/// Releases the shared timer lock.
#[no_mangle]
pub extern "C" fn rte_mcfg_timer_unlock() {
    entry!("rte_mcfg_timer_unlock", (), {
        if let Some(l) = config::timer_lock() {
            l.unlock();
        }
    })
}

/// 1 if memory uses one file per memseg list (`--single-file-segments`).
#[no_mangle]
pub extern "C" fn rte_mcfg_get_single_file_segments() -> bool {
    entry!("rte_mcfg_get_single_file_segments", false, {
        // SAFETY: the live config block, one word read.
        config::get().is_some_and(|c| unsafe { (*c).single_file_segments } != 0)
    })
}
