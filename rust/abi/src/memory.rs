//! Types of `rte_memory.h`, `rte_memzone.h`,
//! `rte_malloc.h` and the lock types they embed (`rte_rwlock.h`,
//! `rte_spinlock.h`). These live in shared memory: other processes and C
//! inline code read them, so Rust code reaches them only through raw
//! pointers with atomic or volatile accessors (see `rte-mem`).

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::mem::{align_of, offset_of, size_of};

pub use crate::fbarray::{rte_fbarray, RTE_FBARRAY_NAME_LEN};

/// IO virtual address.
pub type rte_iova_t = u64;

/// The reference's reader-writer lock (22.11 encoding): bit 0 = a writer
/// waits, bit 1 = a writer holds it, each reader adds 4. Process-shared
/// (plain atomics on shared memory).
#[repr(C)]
pub struct rte_rwlock_t {
    /// Writer bits and 4 x the reader count.
    pub cnt: i32,
}

/// The reference's spinlock: 0 = unlocked, 1 = locked. Process-shared.
#[repr(C)]
pub struct rte_spinlock_t {
    /// Lock status.
    pub locked: c_int,
}

/// Memory segment flag: the segment is not to be freed.
pub const RTE_MEMSEG_FLAG_DO_NOT_FREE: u32 = 1 << 0;

/// One page of memory (a memory segment). Packed, as in the reference.
#[repr(C, packed)]
pub struct rte_memseg {
    /// Start IO address.
    pub iova: rte_iova_t,
    /// Start virtual address (a union with `addr_64` in C).
    pub addr: *mut c_void,
    /// Length of the segment.
    pub len: usize,
    /// Page size of the underlying memory.
    pub hugepage_sz: u64,
    /// NUMA socket id.
    pub socket_id: i32,
    /// Number of memory channels.
    pub nchannel: u32,
    /// Number of memory ranks.
    pub nrank: u32,
    /// RTE_MEMSEG_FLAG_*.
    pub flags: u32,
}

/// A list of memory segments of one page size on one socket, covering a VA
/// range reserved up front.
#[repr(C)]
pub struct rte_memseg_list {
    /// Start of the VA range (a union with `addr_64` in C).
    pub base_va: *mut c_void,
    /// Page size of every segment in the list.
    pub page_sz: u64,
    /// NUMA socket of every segment in the list.
    pub socket_id: c_int,
    /// Version, bumped on every change (multi-process sync).
    pub version: u32,
    /// Length of the VA range.
    pub len: usize,
    /// 1 if this list is external memory.
    pub external: c_uint,
    /// 1 if this list belongs to a malloc heap.
    pub heap: c_uint,
    /// The segments.
    pub memseg_arr: rte_fbarray,
}

/// Length of a memzone name, NUL included.
pub const RTE_MEMZONE_NAMESIZE: u32 = 32;
/// Reserve from 2 MiB pages.
pub const RTE_MEMZONE_2MB: u32 = 0x0000_0001;
/// Reserve from 1 GiB pages.
pub const RTE_MEMZONE_1GB: u32 = 0x0000_0002;
/// Reserve from 16 MiB pages.
pub const RTE_MEMZONE_16MB: u32 = 0x0000_0100;
/// Reserve from 16 GiB pages.
pub const RTE_MEMZONE_16GB: u32 = 0x0000_0200;
/// Reserve from 256 KiB pages.
pub const RTE_MEMZONE_256KB: u32 = 0x0001_0000;
/// Reserve from 256 MiB pages.
pub const RTE_MEMZONE_256MB: u32 = 0x0002_0000;
/// Reserve from 512 MiB pages.
pub const RTE_MEMZONE_512MB: u32 = 0x0004_0000;
/// Reserve from 4 GiB pages.
pub const RTE_MEMZONE_4GB: u32 = 0x0008_0000;
/// The page-size flags are a hint only.
pub const RTE_MEMZONE_SIZE_HINT_ONLY: u32 = 0x0000_0004;
/// The memzone must be IOVA-contiguous.
pub const RTE_MEMZONE_IOVA_CONTIG: u32 = 0x0010_0000;

/// A named, contiguous area of memory. Packed, as in the reference.
#[repr(C, packed)]
pub struct rte_memzone {
    /// Name.
    pub name: [c_char; 32],
    /// Start IO address.
    pub iova: rte_iova_t,
    /// Start virtual address (a union with `addr_64` in C).
    pub addr: *mut c_void,
    /// Length.
    pub len: usize,
    /// Page size of the underlying memory.
    pub hugepage_sz: u64,
    /// NUMA socket id.
    pub socket_id: i32,
    /// Characteristics (RTE_MEMZONE_* flags).
    pub flags: u32,
}

/// Statistics of one malloc heap.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct rte_malloc_socket_stats {
    /// Total bytes on the heap.
    pub heap_totalsz_bytes: usize,
    /// Free bytes on the heap.
    pub heap_freesz_bytes: usize,
    /// Largest free block.
    pub greatest_free_size: usize,
    /// Number of free elements.
    pub free_count: c_uint,
    /// Number of allocated elements.
    pub alloc_count: c_uint,
    /// Allocated bytes.
    pub heap_allocsz_bytes: usize,
}

// Layout as in 22.11 (checked again from C by c-tests/layout).
const _: () = {
    assert!(size_of::<rte_memseg>() == 48 && align_of::<rte_memseg>() == 1);
    assert!(offset_of!(rte_memseg, socket_id) == 32 && offset_of!(rte_memseg, flags) == 44);
    assert!(size_of::<rte_memseg_list>() == 136);
    assert!(offset_of!(rte_memseg_list, len) == 24 && offset_of!(rte_memseg_list, memseg_arr) == 40);
    assert!(size_of::<rte_memzone>() == 72 && align_of::<rte_memzone>() == 1);
    assert!(offset_of!(rte_memzone, iova) == 32 && offset_of!(rte_memzone, flags) == 68);
    assert!(size_of::<rte_malloc_socket_stats>() == 40);
};
