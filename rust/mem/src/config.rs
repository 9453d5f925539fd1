//! The shared memory configuration: one `#[repr(C)]` block that the primary
//! process maps from `<runtime dir>/config` (anonymous memory with
//! `--no-shconf`/`--in-memory`) and that later secondary processes map at
//! the same address. It holds the locks of the `rte_mcfg_*` API, the tail
//! queue heads, the memseg lists, the memzone table and the malloc heaps.
//! Only process-shared primitives live here (atomics, spin/rw locks).

use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicPtr, Ordering};

use rte_abi::config::{RTE_MAX_HEAPS, RTE_MAX_MEMSEG_LISTS, RTE_MAX_TAILQ};
use rte_abi::memory::{rte_fbarray, rte_memseg_list, rte_rwlock_t, rte_spinlock_t};
use rte_abi::tailq::rte_tailq_head;

use crate::heap::HeapState;
use crate::lock::{RwLock, SpinLock};
use crate::pages::MapError;

/// "RTEr" + layout version: a secondary checks it before trusting the rest.
pub const MAGIC: u32 = 0x5254_4572;
/// Bumped whenever the layout of [`MemConfig`] changes.
pub const LAYOUT_VERSION: u32 = 1;

/// The shared configuration block.
#[repr(C)]
pub struct MemConfig {
    /// [`MAGIC`] once initialised.
    pub magic: u32,
    /// [`LAYOUT_VERSION`].
    pub version: u32,
    /// Address the primary mapped this block at (secondaries map it there).
    pub self_addr: u64,
    /// Memory hotplug lock (`rte_mcfg_mem_*`).
    pub memory_hotplug_lock: rte_rwlock_t,
    /// Memzone table lock (taken before the hotplug lock, never after).
    pub mlock: rte_rwlock_t,
    /// Tail queue lock (`rte_mcfg_tailq_*`).
    pub qlock: rte_rwlock_t,
    /// Mempool list lock (`rte_mcfg_mempool_*`).
    pub mplock: rte_rwlock_t,
    /// Timer lock (`rte_mcfg_timer_*`).
    pub tlock: rte_spinlock_t,
    /// Memory channels (-n).
    pub nchannel: u32,
    /// Memory ranks (-r).
    pub nrank: u32,
    /// 1 with --legacy-mem.
    pub legacy_mem: u32,
    /// 1 with --single-file-segments.
    pub single_file_segments: u32,
    /// Number of tail queue heads in use.
    pub tailq_count: u32,
    /// Next socket id for external heaps.
    pub next_socket_id: u32,
    /// DMA mask width in bits (0 = none set).
    pub dma_maskbits: u32,
    /// Tail queue heads.
    pub tailq_head: [rte_tailq_head; RTE_MAX_TAILQ as usize],
    /// Memory segment lists.
    pub memsegs: [rte_memseg_list; RTE_MAX_MEMSEG_LISTS as usize],
    /// The memzone table (an fbarray of `rte_memzone`).
    pub memzones: rte_fbarray,
    /// Malloc heaps; internal heap `n` serves socket `n`.
    pub heaps: [HeapState; RTE_MAX_HEAPS as usize],
}

static CONFIG: AtomicPtr<MemConfig> = AtomicPtr::new(std::ptr::null_mut());

/// Maps a zeroed configuration block: from `file` (sized here) when shared,
/// else anonymous memory. Returns its address; it stays mapped for the life
/// of the process.
pub fn create(file: Option<&std::fs::File>) -> Result<*mut MemConfig, MapError> {
    let len = std::mem::size_of::<MemConfig>();
    let (flags, fd) = match file {
        Some(f) => {
            // Zero any stale contents left by a killed primary, then size it.
            if f.set_len(0).and_then(|_| f.set_len(len as u64)).is_err() {
                return Err(MapError { what: "cannot size the config file".into(), errno: libc::EIO });
            }
            (libc::MAP_SHARED, f.as_raw_fd())
        }
        None => (libc::MAP_SHARED | libc::MAP_ANONYMOUS, -1),
    };
    // SAFETY: a fresh mapping at an address the kernel picks.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ | libc::PROT_WRITE, flags, fd, 0) };
    if p == libc::MAP_FAILED {
        return Err(MapError {
            what: "cannot map the shared config".into(),
            errno: std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO),
        });
    }
    let cfg = p.cast::<MemConfig>();
    // SAFETY: the block was just mapped read-write and zeroed by the kernel;
    // no other process can see it yet (the primary holds the config lock).
    unsafe {
        (*cfg).magic = MAGIC;
        (*cfg).version = LAYOUT_VERSION;
        (*cfg).self_addr = p as u64;
    }
    CONFIG.store(cfg, Ordering::Release);
    Ok(cfg)
}

/// Unmaps the configuration block (at `rte_eal_cleanup`).
pub fn destroy() {
    let p = CONFIG.swap(std::ptr::null_mut(), Ordering::AcqRel);
    if !p.is_null() {
        // SAFETY: the block mapped by create(); nothing uses it any more.
        unsafe { libc::munmap(p.cast(), std::mem::size_of::<MemConfig>()) };
    }
}

/// The configuration block, if EAL has created it.
pub fn get() -> Option<*mut MemConfig> {
    let p = CONFIG.load(Ordering::Acquire);
    (!p.is_null()).then_some(p)
}

/// Which lock of the configuration.
#[derive(Debug, Clone, Copy)]
pub enum Lock {
    /// Memory hotplug.
    Memory,
    /// Tail queues.
    Tailq,
    /// Mempool list.
    Mempool,
    /// Memzone table.
    Memzone,
}

/// A handle on one of the rw locks (None before EAL init).
pub fn rwlock(which: Lock) -> Option<RwLock> {
    let cfg = get()?;
    // SAFETY: `cfg` is the live config block; the lock words are only used
    // atomically through the handle.
    unsafe {
        let p = match which {
            Lock::Memory => std::ptr::addr_of_mut!((*cfg).memory_hotplug_lock),
            Lock::Tailq => std::ptr::addr_of_mut!((*cfg).qlock),
            Lock::Mempool => std::ptr::addr_of_mut!((*cfg).mplock),
            Lock::Memzone => std::ptr::addr_of_mut!((*cfg).mlock),
        };
        Some(RwLock::from_raw(p))
    }
}

/// The timer spinlock (None before EAL init).
pub fn timer_lock() -> Option<SpinLock> {
    let cfg = get()?;
    // SAFETY: the live config block's lock word, used atomically.
    Some(unsafe { SpinLock::from_raw(std::ptr::addr_of_mut!((*cfg).tlock)) })
}
