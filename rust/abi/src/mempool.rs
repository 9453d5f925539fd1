//! Types of `rte_mempool.h`: the pool header, per-lcore caches, object and
//! chunk headers and the ops table. Reference inline code (get/put with the
//! per-lcore cache, ops dispatch through `rte_mempool_ops_table`) reads and
//! writes these directly, so their layout is the ABI. 22.11 as Debian builds
//! it: RTE_LIBRTE_MEMPOOL_STATS and RTE_LIBRTE_MEMPOOL_DEBUG are off, so no
//! stats arrays, no cookies and no `rte_mempool_objtlr`.

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::mem::{offset_of, size_of};

use crate::memory::{rte_iova_t, rte_memzone, rte_spinlock_t};

/// Largest per-lcore cache (RTE_MEMPOOL_CACHE_MAX_SIZE of the build config).
pub const RTE_MEMPOOL_CACHE_MAX_SIZE: u32 = 512;
/// Length of a pool name, NUL included ("MP_" + name must fit a ring name).
pub const RTE_MEMPOOL_NAMESIZE: u32 = 26;
/// Prefix of a pool's memzone name.
pub const RTE_MEMPOOL_MZ_PREFIX: &str = "MP_";
/// Alignment of objects and of the pool header.
pub const RTE_MEMPOOL_ALIGN: u32 = 64;
/// Length of an ops name, NUL included.
pub const RTE_MEMPOOL_OPS_NAMESIZE: u32 = 32;
/// Slots in the ops table.
pub const RTE_MEMPOOL_MAX_OPS_IDX: u32 = 16;
/// Pool flag: no padding to spread objects over memory channels.
pub const RTE_MEMPOOL_F_NO_SPREAD: u32 = 0x0001;
/// Pool flag: objects are not cache-line aligned.
pub const RTE_MEMPOOL_F_NO_CACHE_ALIGN: u32 = 0x0002;
/// Pool flag: single-producer put.
pub const RTE_MEMPOOL_F_SP_PUT: u32 = 0x0004;
/// Pool flag: single-consumer get.
pub const RTE_MEMPOOL_F_SC_GET: u32 = 0x0008;
/// Internal flag: the handler's pool (ring, stack) exists.
pub const RTE_MEMPOOL_F_POOL_CREATED: u32 = 0x0010;
/// Pool flag: objects need not be IOVA-contiguous.
pub const RTE_MEMPOOL_F_NO_IOVA_CONTIG: u32 = 0x0020;
/// Internal flag: no object has a valid IOVA.
pub const RTE_MEMPOOL_F_NON_IO: u32 = 0x0040;
/// The flags a caller may pass at creation.
pub const RTE_MEMPOOL_VALID_USER_FLAGS: u32 = RTE_MEMPOOL_F_NO_SPREAD
    | RTE_MEMPOOL_F_NO_CACHE_ALIGN
    | RTE_MEMPOOL_F_SP_PUT
    | RTE_MEMPOOL_F_SC_GET
    | RTE_MEMPOOL_F_NO_IOVA_CONTIG;
/// Populate-helper flag: align objects on their total size.
pub const RTE_MEMPOOL_POPULATE_F_ALIGN_OBJ: u32 = 0x0001;
/// `enum rte_mempool_event`: the pool is fully populated.
pub const RTE_MEMPOOL_EVENT_READY: u32 = 0;
/// `enum rte_mempool_event`: the pool is being freed.
pub const RTE_MEMPOOL_EVENT_DESTROY: u32 = 1;

/// A per-lcore (or user-owned) object cache.
#[repr(C, align(64))]
pub struct rte_mempool_cache {
    /// Nominal size (objects kept after a refill).
    pub size: u32,
    /// Above this many objects a put flushes the cache to the pool.
    pub flushthresh: u32,
    /// Objects currently cached.
    pub len: u32,
    /// Cached objects (twice the maximum size, so a put may overflow it).
    pub objs: CacheObjs,
}

/// The cache-aligned object array of [`rte_mempool_cache`].
#[repr(C, align(64))]
pub struct CacheObjs(pub [*mut c_void; 2 * RTE_MEMPOOL_CACHE_MAX_SIZE as usize]);

/// Object, header and trailer sizes of a pool's objects.
#[repr(C)]
pub struct rte_mempool_objsz {
    /// Element size (8-byte aligned).
    pub elt_size: u32,
    /// Header before the element.
    pub header_size: u32,
    /// Padding after the element.
    pub trailer_size: u32,
    /// The sum of the three.
    pub total_size: u32,
}

/// The header right before every object (a singly linked list entry).
#[repr(C)]
pub struct rte_mempool_objhdr {
    /// Next object of the pool (`STAILQ_ENTRY`).
    pub next: *mut rte_mempool_objhdr,
    /// The owning pool.
    pub mp: *mut rte_mempool,
    /// IO address of the object.
    pub iova: rte_iova_t,
}

/// `STAILQ_HEAD(rte_mempool_objhdr_list, rte_mempool_objhdr)`.
#[repr(C)]
pub struct rte_mempool_objhdr_list {
    /// First entry.
    pub stqh_first: *mut rte_mempool_objhdr,
    /// Address of the last entry's next field.
    pub stqh_last: *mut *mut rte_mempool_objhdr,
}

/// Called when a memory chunk is released.
pub type rte_mempool_memchunk_free_cb_t =
    Option<unsafe extern "C" fn(memhdr: *mut rte_mempool_memhdr, opaque: *mut c_void)>;

/// One memory chunk of a pool.
#[repr(C)]
pub struct rte_mempool_memhdr {
    /// Next chunk (`STAILQ_ENTRY`).
    pub next: *mut rte_mempool_memhdr,
    /// The owning pool.
    pub mp: *mut rte_mempool,
    /// Virtual address.
    pub addr: *mut c_void,
    /// IO address.
    pub iova: rte_iova_t,
    /// Length in bytes.
    pub len: usize,
    /// Releases the chunk.
    pub free_cb: rte_mempool_memchunk_free_cb_t,
    /// Argument of `free_cb`.
    pub opaque: *mut c_void,
}

/// `STAILQ_HEAD(rte_mempool_memhdr_list, rte_mempool_memhdr)`.
#[repr(C)]
pub struct rte_mempool_memhdr_list {
    /// First entry.
    pub stqh_first: *mut rte_mempool_memhdr,
    /// Address of the last entry's next field.
    pub stqh_last: *mut *mut rte_mempool_memhdr,
}

/// What a handler says about its pool.
#[repr(C, align(64))]
pub struct rte_mempool_info {
    /// Objects per contiguous block (0: blocks not supported).
    pub contig_block_size: c_uint,
}

/// A memory pool header; the per-lcore caches follow it when
/// `cache_size != 0`, then the private area.
#[repr(C, align(64))]
pub struct rte_mempool {
    /// Name.
    pub name: [c_char; RTE_MEMPOOL_NAMESIZE as usize],
    /// The handler's pool (a union with `uint64_t pool_id` in C).
    pub pool_data: *mut c_void,
    /// Argument for the handler's alloc.
    pub pool_config: *mut c_void,
    /// The memzone holding this header.
    pub mz: *const rte_memzone,
    /// RTE_MEMPOOL_F_* flags.
    pub flags: c_uint,
    /// Socket passed at creation.
    pub socket_id: c_int,
    /// Number of objects.
    pub size: u32,
    /// Size of each per-lcore cache (0: none).
    pub cache_size: u32,
    /// Element size.
    pub elt_size: u32,
    /// Object header size.
    pub header_size: u32,
    /// Object trailer size.
    pub trailer_size: u32,
    /// Private area size.
    pub private_data_size: c_uint,
    /// Index in `rte_mempool_ops_table.ops`.
    pub ops_index: i32,
    /// The RTE_MAX_LCORE default caches (set even when cache_size is 0).
    pub local_cache: *mut rte_mempool_cache,
    /// Objects added so far.
    pub populated_size: u32,
    /// Every object of the pool.
    pub elt_list: rte_mempool_objhdr_list,
    /// Number of memory chunks.
    pub nb_mem_chunks: u32,
    /// Every memory chunk.
    pub mem_list: rte_mempool_memhdr_list,
}

/// Handler callback: create the pool's store.
pub type rte_mempool_alloc_t = Option<unsafe extern "C" fn(mp: *mut rte_mempool) -> c_int>;
/// Handler callback: destroy the pool's store.
pub type rte_mempool_free_t = Option<unsafe extern "C" fn(mp: *mut rte_mempool)>;
/// Handler callback: store `n` objects (all or none).
pub type rte_mempool_enqueue_t =
    Option<unsafe extern "C" fn(mp: *mut rte_mempool, obj_table: *const *mut c_void, n: c_uint) -> c_int>;
/// Handler callback: take `n` objects (all or none).
pub type rte_mempool_dequeue_t =
    Option<unsafe extern "C" fn(mp: *mut rte_mempool, obj_table: *mut *mut c_void, n: c_uint) -> c_int>;
/// Handler callback: take `n` contiguous blocks.
pub type rte_mempool_dequeue_contig_blocks_t =
    Option<unsafe extern "C" fn(mp: *mut rte_mempool, first_obj_table: *mut *mut c_void, n: c_uint) -> c_int>;
/// Handler callback: objects in the store.
pub type rte_mempool_get_count = Option<unsafe extern "C" fn(mp: *const rte_mempool) -> c_uint>;
/// Handler callback: memory needed for `obj_num` objects.
pub type rte_mempool_calc_mem_size_t = Option<
    unsafe extern "C" fn(
        mp: *const rte_mempool,
        obj_num: u32,
        pg_shift: u32,
        min_chunk_size: *mut usize,
        align: *mut usize,
    ) -> isize,
>;
/// Called for each object a populate callback places.
pub type rte_mempool_populate_obj_cb_t =
    Option<unsafe extern "C" fn(mp: *mut rte_mempool, opaque: *mut c_void, vaddr: *mut c_void, iova: rte_iova_t)>;
/// Handler callback: place objects in a memory chunk.
pub type rte_mempool_populate_t = Option<
    unsafe extern "C" fn(
        mp: *mut rte_mempool,
        max_objs: c_uint,
        vaddr: *mut c_void,
        iova: rte_iova_t,
        len: usize,
        obj_cb: rte_mempool_populate_obj_cb_t,
        obj_cb_arg: *mut c_void,
    ) -> c_int,
>;
/// Handler callback: fill a `rte_mempool_info`.
pub type rte_mempool_get_info_t =
    Option<unsafe extern "C" fn(mp: *const rte_mempool, info: *mut rte_mempool_info) -> c_int>;

/// A mempool handler: a name and its callbacks.
#[repr(C, align(64))]
pub struct rte_mempool_ops {
    /// Name.
    pub name: [c_char; RTE_MEMPOOL_OPS_NAMESIZE as usize],
    /// Creates the store.
    pub alloc: rte_mempool_alloc_t,
    /// Destroys the store.
    pub free: rte_mempool_free_t,
    /// Puts objects.
    pub enqueue: rte_mempool_enqueue_t,
    /// Gets objects.
    pub dequeue: rte_mempool_dequeue_t,
    /// Counts stored objects.
    pub get_count: rte_mempool_get_count,
    /// Optional: memory size for a number of objects.
    pub calc_mem_size: rte_mempool_calc_mem_size_t,
    /// Optional: object placement.
    pub populate: rte_mempool_populate_t,
    /// Optional: handler information.
    pub get_info: rte_mempool_get_info_t,
    /// Optional: contiguous block dequeue.
    pub dequeue_contig_blocks: rte_mempool_dequeue_contig_blocks_t,
}

/// The table of registered handlers (the exported `rte_mempool_ops_table`).
#[repr(C, align(64))]
pub struct rte_mempool_ops_table {
    /// Taken while a handler is added.
    pub sl: rte_spinlock_t,
    /// Used slots.
    pub num_ops: u32,
    /// The handlers; a pool's `ops_index` selects one.
    pub ops: [rte_mempool_ops; RTE_MEMPOOL_MAX_OPS_IDX as usize],
}

const _: () = {
    assert!(size_of::<rte_mempool>() == 192);
    assert!(offset_of!(rte_mempool, pool_data) == 32 && offset_of!(rte_mempool, mz) == 48);
    assert!(offset_of!(rte_mempool, flags) == 56 && offset_of!(rte_mempool, size) == 64);
    assert!(offset_of!(rte_mempool, cache_size) == 68 && offset_of!(rte_mempool, elt_size) == 72);
    assert!(offset_of!(rte_mempool, private_data_size) == 84 && offset_of!(rte_mempool, ops_index) == 88);
    assert!(offset_of!(rte_mempool, local_cache) == 96 && offset_of!(rte_mempool, populated_size) == 104);
    assert!(offset_of!(rte_mempool, elt_list) == 112 && offset_of!(rte_mempool, nb_mem_chunks) == 128);
    assert!(offset_of!(rte_mempool, mem_list) == 136);
    assert!(size_of::<rte_mempool_cache>() == 8256 && offset_of!(rte_mempool_cache, objs) == 64);
    assert!(offset_of!(rte_mempool_cache, flushthresh) == 4 && offset_of!(rte_mempool_cache, len) == 8);
    assert!(size_of::<rte_mempool_objhdr>() == 24 && offset_of!(rte_mempool_objhdr, iova) == 16);
    assert!(size_of::<rte_mempool_memhdr>() == 56 && offset_of!(rte_mempool_memhdr, free_cb) == 40);
    assert!(size_of::<rte_mempool_info>() == 64 && size_of::<rte_mempool_objsz>() == 16);
    assert!(size_of::<rte_mempool_ops>() == 128 && offset_of!(rte_mempool_ops, alloc) == 32);
    assert!(offset_of!(rte_mempool_ops, enqueue) == 48 && offset_of!(rte_mempool_ops, dequeue) == 56);
    assert!(offset_of!(rte_mempool_ops, dequeue_contig_blocks) == 96);
    assert!(size_of::<rte_mempool_ops_table>() == 2112 && offset_of!(rte_mempool_ops_table, ops) == 64);
    assert!(offset_of!(rte_mempool_ops_table, num_ops) == 4);
};
