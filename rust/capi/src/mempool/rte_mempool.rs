//! `rte_mempool.h`: pools of fixed-size objects on EAL memory. The pool
//! header, its per-lcore caches and the ops table are laid out as in 22.11:
//! get/put are inline header code (the reference's or ours) that reads the
//! caches and dispatches through `rte_mempool_ops_table`; this file holds
//! the exported functions (creation, population, iteration, counts, dumps,
//! handler registration) and the table itself.

// cbindgen 0.24 cannot parse c"" literals outside macros: byte strings here.
#![allow(clippy::manual_c_str_literals)]

use std::ffi::{c_char, c_int, c_uint, c_void, CStr, CString};
use std::ptr::{addr_of, addr_of_mut, null_mut};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::sync::{Mutex, Once};

use ::rte_mempool as logic;
use rte_abi::memory::{rte_iova_t, rte_memzone, RTE_MEMZONE_1GB, RTE_MEMZONE_IOVA_CONTIG, RTE_MEMZONE_SIZE_HINT_ONLY};
use rte_abi::mempool::*;
use rte_abi::tailq::{rte_tailq_entry, rte_tailq_head};
use rte_eal::{rte_log, tls};

use crate::eal::rte_eal::rte_eal_has_hugepages;
use crate::eal::rte_eal_memconfig::{rte_mcfg_mempool_write_lock, rte_mcfg_mempool_write_unlock};
use crate::eal::rte_malloc::{rte_free, rte_malloc_heap_socket_is_external, rte_zmalloc, rte_zmalloc_socket};
use crate::eal::rte_memory::{
    rte_mem_page_size, rte_mem_virt2iova, rte_mem_virt2memseg, rte_memory_get_nchannel, rte_memory_get_nrank,
};
use crate::eal::rte_memzone::{rte_memzone_free, rte_memzone_reserve, rte_memzone_reserve_aligned};
use crate::tailq_list::{with_tailq, TailqList};

use super::{debug, handlers};

const RTE_BAD_IOVA: rte_iova_t = u64::MAX;
const SOCKET_ID_ANY: c_int = -1;
const MAX_LCORE: usize = rte_abi::config::RTE_MAX_LCORE as usize;

/// The registered mempool handlers. Reference-built executables copy this
/// object into their own data (copy relocation), so its size is the ABI's.
#[no_mangle]
// SAFETY: all-zero is a valid table (unlocked, empty, every callback None).
pub static mut rte_mempool_ops_table: rte_mempool_ops_table = unsafe { std::mem::zeroed() };

fn table() -> *mut rte_mempool_ops_table {
    addr_of_mut!(rte_mempool_ops_table)
}

/// The table's spinlock (the reference's encoding: 0 free, 1 held).
struct TableLock;

impl TableLock {
    fn word() -> &'static AtomicI32 {
        // SAFETY: the lock word of the static table, 4-aligned, only ever
        // accessed atomically.
        unsafe { AtomicI32::from_ptr(addr_of_mut!((*table()).sl.locked)) }
    }

    fn take() -> TableLock {
        // ORDERING: Acquire pairs with the Release in drop(): the holder sees
        // the slots the previous holder filled.
        while Self::word().compare_exchange_weak(0, 1, Ordering::Acquire, Ordering::Relaxed).is_err() {
            std::hint::spin_loop();
        }
        TableLock
    }
}

impl Drop for TableLock {
    fn drop(&mut self) {
        // ORDERING: Release publishes the slot written under the lock.
        Self::word().store(0, Ordering::Release);
    }
}

/// Number of registered handlers; the slots below it are complete.
fn registered() -> u32 {
    // SAFETY: the count word of the static table, 4-aligned, written only
    // atomically once the table is shared.
    let n = unsafe { AtomicU32::from_ptr(addr_of_mut!((*table()).num_ops)) };
    // ORDERING: Acquire pairs with the Release store in register(): the
    // slots below the count are fully written.
    n.load(Ordering::Acquire)
}

static BUILTIN: Once = Once::new();

/// Registers the built-in handlers once (from the library's constructor,
/// or from the first mempool call if that comes first).
fn builtins() {
    BUILTIN.call_once(|| {
        for ops in handlers::builtin() {
            // SAFETY: a complete ops structure on the stack.
            unsafe { register(&ops) };
        }
    });
}

/// The library constructor: built-in handlers, and the "RTE_MEMPOOL" tail
/// queue registered before `rte_eal_init` (as EAL_REGISTER_TAILQ does), so
/// that it exists from init on, for `rte_tailq_lookup` and secondaries.
extern "C" fn mempool_ctor() {
    entry!("mempool_ctor", (), {
        builtins();
        let _ = pool_list();
    })
}

#[used]
#[link_section = ".init_array"]
static MEMPOOL_CTOR: extern "C" fn() = mempool_ctor;

fn name_str(n: &[c_char]) -> String {
    let b: Vec<u8> = n.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8_lossy(&b).into_owned()
}

/// Logs one line for `func`, sets `rte_errno = errno` and returns `ret`.
fn err<T>(func: &str, errno: i32, msg: impl std::fmt::Display, ret: T) -> T {
    rte_log!(ERR, MEMPOOL, "MEMPOOL: {func}(): {msg}\n");
    tls::set_errno(errno);
    ret
}

/// Adds a handler; returns its index.
unsafe fn register(h: *const rte_mempool_ops) -> c_int {
    let func = "rte_mempool_register_ops";
    // SAFETY: readable per the callers' contracts.
    let h = unsafe { &*h };
    if h.alloc.is_none() || h.enqueue.is_none() || h.dequeue.is_none() || h.get_count.is_none() {
        return err(
            func,
            libc::EINVAL,
            "a mandatory callback (alloc, enqueue, dequeue, get_count) is NULL",
            -libc::EINVAL,
        );
    }
    let len = h.name.iter().position(|&c| c == 0).unwrap_or(h.name.len());
    if len >= RTE_MEMPOOL_OPS_NAMESIZE as usize - 1 {
        return err(func, libc::EEXIST, format_args!("ops name '{}' is too long", name_str(&h.name)), -libc::EEXIST);
    }
    let _g = TableLock::take();
    let t = table();
    // SAFETY: the table is changed only under its lock; inline readers only
    // read slots below num_ops, which are never rewritten.
    unsafe {
        let n = (*t).num_ops;
        for i in 0..n as usize {
            if (&(*t).ops[i].name)[..=len] == h.name[..=len] {
                return err(
                    func,
                    libc::EEXIST,
                    format_args!("ops '{}' is already registered", name_str(&h.name)),
                    -libc::EEXIST,
                );
            }
        }
        if n >= RTE_MEMPOOL_MAX_OPS_IDX {
            return err(func, libc::ENOSPC, "the ops table is full (16 handlers)", -libc::ENOSPC);
        }
        let slot = addr_of_mut!((*t).ops[n as usize]);
        std::ptr::write_bytes(slot, 0, 1);
        (&mut (*slot).name)[..len].copy_from_slice(&h.name[..len]);
        (*slot).alloc = h.alloc;
        (*slot).free = h.free;
        (*slot).enqueue = h.enqueue;
        (*slot).dequeue = h.dequeue;
        (*slot).get_count = h.get_count;
        (*slot).calc_mem_size = h.calc_mem_size;
        (*slot).populate = h.populate;
        (*slot).get_info = h.get_info;
        (*slot).dequeue_contig_blocks = h.dequeue_contig_blocks;
        // ORDERING: Release publishes the slot's contents with the count;
        // pairs with the Acquire in registered().
        AtomicU32::from_ptr(addr_of_mut!((*t).num_ops)).store(n + 1, Ordering::Release);
        n as c_int
    }
}

/// Registers a mempool handler (`RTE_MEMPOOL_REGISTER_OPS` calls this from a
/// constructor, before or after `rte_eal_init`). Returns its index, or
/// -EINVAL (a mandatory callback is NULL), -EEXIST (name too long or already
/// registered), -ENOSPC (16 handlers registered).
///
/// # Safety
/// `ops` must be NULL or point to a readable `struct rte_mempool_ops`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_register_ops(ops: *const rte_mempool_ops) -> c_int {
    entry!("rte_mempool_register_ops", -libc::EFAULT, {
        nonnull!("rte_mempool_register_ops", ops, -libc::EINVAL);
        builtins();
        // SAFETY: readable per the contract.
        unsafe { register(ops) }
    })
}

/// The handler of `mp`, or None (logged) if its index is out of range.
unsafe fn ops_of(mp: *const rte_mempool) -> Option<*mut rte_mempool_ops> {
    // SAFETY: a live pool per the callers' contracts.
    let mut idx = unsafe { (*mp).ops_index };
    // A tracked pool (LIBRTE_RS_MEMPOOL_DEBUG): its real handler.
    if debug::slot_index() == Some(idx) {
        idx = debug::real_ops(mp).unwrap_or(-1);
    }
    ops_at(idx)
}

/// The handler in slot `idx`, or None (logged) if out of range.
fn ops_at(idx: i32) -> Option<*mut rte_mempool_ops> {
    let n = registered();
    if idx < 0 || idx as u32 >= n {
        rte_log!(ERR, MEMPOOL, "MEMPOOL: pool has ops_index {idx}, but {n} handlers are registered\n");
        return None;
    }
    // SAFETY: an index below num_ops.
    Some(unsafe { addr_of_mut!((*table()).ops[idx as usize]) })
}

/// Enqueue through handler `idx` (the debug handler's way to the real one).
///
/// # Safety
/// `mp` a pool whose store that handler created; `objs` readable for `n`.
pub(super) unsafe fn enqueue_with(idx: i32, mp: *mut rte_mempool, objs: *const *mut c_void, n: u32) -> c_int {
    let Some(o) = ops_at(idx) else { return -libc::EINVAL };
    // SAFETY: a registered slot; enqueue is mandatory (checked at registration).
    unsafe { ((*o).enqueue.unwrap_unchecked())(mp, objs, n) }
}

/// Dequeue through handler `idx`.
///
/// # Safety
/// `mp` a pool whose store that handler created; `objs` writable for `n`.
pub(super) unsafe fn dequeue_with(idx: i32, mp: *mut rte_mempool, objs: *mut *mut c_void, n: u32) -> c_int {
    let Some(o) = ops_at(idx) else { return -libc::EINVAL };
    // SAFETY: a registered slot; dequeue is mandatory (checked at registration).
    unsafe { ((*o).dequeue.unwrap_unchecked())(mp, objs, n) }
}

/// Registers a handler from inside the library (the debug slot).
///
/// # Safety
/// `h` must be a complete ops structure.
pub(super) unsafe fn register_ops_internal(h: *const rte_mempool_ops) -> c_int {
    builtins();
    // SAFETY: forwarded.
    unsafe { register(h) }
}

unsafe fn ops_enqueue(mp: *mut rte_mempool, objs: *const *mut c_void, n: u32) -> c_int {
    // SAFETY: a live pool (callers' contracts).
    let Some(o) = (unsafe { ops_of(mp) }) else { return -libc::EINVAL };
    // SAFETY: a registered slot; enqueue is mandatory (checked at registration).
    unsafe { ((*o).enqueue.unwrap_unchecked())(mp, objs, n) }
}

unsafe fn ops_dequeue(mp: *mut rte_mempool, objs: *mut *mut c_void, n: u32) -> c_int {
    // SAFETY: a live pool (callers' contracts).
    let Some(o) = (unsafe { ops_of(mp) }) else { return -libc::EINVAL };
    // SAFETY: a registered slot; dequeue is mandatory (checked at registration).
    unsafe { ((*o).dequeue.unwrap_unchecked())(mp, objs, n) }
}

pub(super) unsafe fn ops_count(mp: *const rte_mempool) -> u32 {
    // SAFETY: a live pool (callers' contracts).
    let Some(o) = (unsafe { ops_of(mp) }) else { return 0 };
    // SAFETY: a registered slot; get_count is mandatory (checked at registration).
    unsafe { ((*o).get_count.unwrap_unchecked())(mp) }
}

/// Creates the handler's store once (RTE_MEMPOOL_F_POOL_CREATED).
unsafe fn alloc_once(mp: *mut rte_mempool) -> c_int {
    // SAFETY: a live pool being set up by one thread.
    unsafe {
        if (*mp).flags & RTE_MEMPOOL_F_POOL_CREATED != 0 {
            return 0;
        }
        let Some(o) = ops_of(mp) else { return -libc::EINVAL };
        let r = ((*o).alloc.unwrap_unchecked())(mp);
        if r != 0 {
            return r;
        }
        (*mp).flags |= RTE_MEMPOOL_F_POOL_CREATED;
        debug::attach(mp);
        0
    }
}

unsafe fn calc_mem_size(
    mp: *const rte_mempool,
    n: u32,
    pg_shift: u32,
    min_chunk: *mut usize,
    align: *mut usize,
) -> isize {
    // SAFETY: a live pool; out-params writable.
    unsafe {
        match ops_of(mp).and_then(|o| (*o).calc_mem_size) {
            Some(f) => f(mp, n, pg_shift, min_chunk, align),
            None => rte_mempool_op_calc_mem_size_default(mp, n, pg_shift, min_chunk, align),
        }
    }
}

/// Selects the handler named `name` for a pool whose store is not created
/// yet. Returns 0, -EEXIST (store already created) or -EINVAL (unknown name).
///
/// # Safety
/// `mp` must be a pool; `name` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_set_ops_byname(
    mp: *mut rte_mempool,
    name: *const c_char,
    pool_config: *mut c_void,
) -> c_int {
    entry!("rte_mempool_set_ops_byname", -libc::EFAULT, {
        nonnull!("rte_mempool_set_ops_byname", mp, -libc::EINVAL);
        nonnull!("rte_mempool_set_ops_byname", name, -libc::EINVAL);
        builtins();
        // SAFETY: a valid string per the contract.
        let want = unsafe { CStr::from_ptr(name) }.to_bytes();
        // SAFETY: a live pool.
        if unsafe { (*mp).flags } & RTE_MEMPOOL_F_POOL_CREATED != 0 {
            return err(
                "rte_mempool_set_ops_byname",
                libc::EEXIST,
                "the pool's store is already created",
                -libc::EEXIST,
            );
        }
        let t = table();
        let n = registered();
        for i in 0..n as usize {
            // SAFETY: as above.
            let nm = unsafe { name_str(&(*t).ops[i].name) };
            if nm.as_bytes() == want {
                // SAFETY: a live pool not in use yet.
                unsafe {
                    (*mp).ops_index = i as i32;
                    (*mp).pool_config = pool_config;
                }
                return 0;
            }
        }
        err(
            "rte_mempool_set_ops_byname",
            libc::EINVAL,
            format_args!("no mempool ops named '{}'", String::from_utf8_lossy(want)),
            -libc::EINVAL,
        )
    })
}

/// Fills `info` from the pool's handler. Returns 0, -ENOTSUP (the handler
/// has no get_info) or -EINVAL.
///
/// # Safety
/// `mp` must be a pool; `info` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_ops_get_info(mp: *const rte_mempool, info: *mut rte_mempool_info) -> c_int {
    entry!("rte_mempool_ops_get_info", -libc::EFAULT, {
        nonnull!("rte_mempool_ops_get_info", mp, -libc::EINVAL);
        nonnull!("rte_mempool_ops_get_info", info, -libc::EINVAL);
        // SAFETY: a live pool.
        let Some(o) = (unsafe { ops_of(mp) }) else { return -libc::EINVAL };
        // SAFETY: a registered slot.
        let Some(f) = (unsafe { (*o).get_info }) else { return -libc::ENOTSUP };
        // SAFETY: the handler's callback; info writable per the contract.
        unsafe { f(mp, info) }
    })
}

// ---------------------------------------------------------------- sizing

/// Header, element and trailer sizes of objects of `elt_size` bytes under
/// `flags` (written to `sz` if not NULL). Returns the total object size.
///
/// # Safety
/// `sz` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_calc_obj_size(elt_size: u32, flags: u32, sz: *mut rte_mempool_objsz) -> u32 {
    entry!("rte_mempool_calc_obj_size", 0, {
        let s = logic::calc_obj_size(elt_size, flags, rte_memory_get_nchannel(), rte_memory_get_nrank());
        let total = s.total_size;
        if !sz.is_null() {
            // SAFETY: writable per the contract.
            unsafe { sz.write(s) };
        }
        total
    })
}

/// Memory needed for `obj_num` objects of `mp` when no object may cross a
/// `1 << pg_shift` page (0: no rule), keeping `chunk_reserve` bytes per
/// page; sets the minimum chunk (one object) and the alignment (64).
/// Returns the size, or -EINVAL if the reserve does not fit a page.
///
/// # Safety
/// `mp` must be a pool; the out-params writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_op_calc_mem_size_helper(
    mp: *const rte_mempool,
    obj_num: u32,
    pg_shift: u32,
    chunk_reserve: usize,
    min_chunk_size: *mut usize,
    align: *mut usize,
) -> isize {
    entry!("rte_mempool_op_calc_mem_size_helper", -(libc::EFAULT as isize), {
        nonnull!("rte_mempool_op_calc_mem_size_helper", mp, -(libc::EINVAL as isize));
        nonnull!("rte_mempool_op_calc_mem_size_helper", min_chunk_size, -(libc::EINVAL as isize));
        nonnull!("rte_mempool_op_calc_mem_size_helper", align, -(libc::EINVAL as isize));
        // SAFETY: a live pool.
        let total = unsafe { ((*mp).header_size + (*mp).elt_size + (*mp).trailer_size) as usize };
        match logic::calc_mem_size(total, obj_num, pg_shift, chunk_reserve) {
            Some(n) => {
                // SAFETY: writable per the contract.
                unsafe {
                    *min_chunk_size = total;
                    *align = RTE_MEMPOOL_ALIGN as usize;
                }
                n as isize
            }
            None => -(libc::EINVAL as isize),
        }
    })
}

/// `rte_mempool_op_calc_mem_size_helper` with no reserve: the default
/// handler callback.
///
/// # Safety
/// As `rte_mempool_op_calc_mem_size_helper`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_op_calc_mem_size_default(
    mp: *const rte_mempool,
    obj_num: u32,
    pg_shift: u32,
    min_chunk_size: *mut usize,
    align: *mut usize,
) -> isize {
    // SAFETY: forwarded from this function's contract.
    unsafe { rte_mempool_op_calc_mem_size_helper(mp, obj_num, pg_shift, 0, min_chunk_size, align) }
}

/// Places up to `max_objs` objects of `mp` in `[vaddr, vaddr + len)`, none
/// crossing a page of the pool's page size; calls `obj_cb` for each and
/// hands it to the pool's store. `flags`: RTE_MEMPOOL_POPULATE_F_ALIGN_OBJ.
/// Returns the number placed, or a negative errno.
///
/// # Safety
/// `mp` must be a pool with its store created; the range writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_op_populate_helper(
    mp: *mut rte_mempool,
    flags: c_uint,
    max_objs: c_uint,
    vaddr: *mut c_void,
    iova: rte_iova_t,
    len: usize,
    obj_cb: rte_mempool_populate_obj_cb_t,
    obj_cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_mempool_op_populate_helper", -libc::EFAULT, {
        nonnull!("rte_mempool_op_populate_helper", mp, -libc::EINVAL);
        let mut pg_sz = 0usize;
        // SAFETY: a live pool; pg_sz writable.
        let r = unsafe { rte_mempool_get_page_size(mp, &mut pg_sz) };
        if r < 0 {
            return r;
        }
        // SAFETY: a live pool.
        let (hdr, elt, tlr) =
            unsafe { ((*mp).header_size as usize, (*mp).elt_size as usize, (*mp).trailer_size as usize) };
        let offs = logic::place_objects(
            vaddr as usize,
            len,
            pg_sz,
            hdr,
            hdr + elt + tlr,
            max_objs,
            flags & RTE_MEMPOOL_POPULATE_F_ALIGN_OBJ != 0,
        );
        for &off in &offs {
            // SAFETY: off + elt + tlr <= len: inside the caller's range.
            let obj = unsafe { vaddr.cast::<u8>().add(off) }.cast::<c_void>();
            let io = if iova == RTE_BAD_IOVA { RTE_BAD_IOVA } else { iova + off as u64 };
            if let Some(cb) = obj_cb {
                // SAFETY: the caller's callback on a fresh object.
                unsafe { cb(mp, obj_cb_arg, obj, io) };
            }
            // SAFETY: a live pool whose store exists.
            unsafe { ops_enqueue(mp, &obj, 1) };
        }
        offs.len() as c_int
    })
}

/// `rte_mempool_op_populate_helper` without flags: the default handler
/// callback.
///
/// # Safety
/// As `rte_mempool_op_populate_helper`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_op_populate_default(
    mp: *mut rte_mempool,
    max_objs: c_uint,
    vaddr: *mut c_void,
    iova: rte_iova_t,
    len: usize,
    obj_cb: rte_mempool_populate_obj_cb_t,
    obj_cb_arg: *mut c_void,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { rte_mempool_op_populate_helper(mp, 0, max_objs, vaddr, iova, len, obj_cb, obj_cb_arg) }
}

/// The page size object placement must respect in `mp` (0: none). With
/// hugepages (or external memory) the smallest page size of the pool's
/// socket; without hugepages 0, so objects are packed densely (22.11 uses
/// the 4 KiB system page there, one large object per page). Returns 0 or
/// -EINVAL (unknown socket).
///
/// # Safety
/// `mp` must be a pool; `pg_sz` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_get_page_size(mp: *mut rte_mempool, pg_sz: *mut usize) -> c_int {
    entry!("rte_mempool_get_page_size", -libc::EFAULT, {
        nonnull!("rte_mempool_get_page_size", mp, -libc::EINVAL);
        nonnull!("rte_mempool_get_page_size", pg_sz, -libc::EINVAL);
        // SAFETY: a live pool.
        let (socket, flags) = unsafe { ((*mp).socket_id, (*mp).flags) };
        let ext = rte_malloc_heap_socket_is_external(socket);
        if ext < 0 {
            return -libc::EINVAL;
        }
        let sz = if flags & RTE_MEMPOOL_F_NO_IOVA_CONTIG != 0 {
            0
        } else if rte_eal_has_hugepages() != 0 || ext == 1 {
            min_page_size(socket)
        } else {
            0
        };
        // SAFETY: writable per the contract.
        unsafe { *pg_sz = sz };
        0
    })
}

fn min_page_size(socket: c_int) -> usize {
    let mut min = usize::MAX;
    rte_mem::memory::for_each_list(|_, msl| {
        // SAFETY: a live memseg list header.
        let (s, pg, ext) = unsafe { ((*msl).socket_id, (*msl).page_sz as usize, (*msl).external) };
        if (s == socket || (socket == SOCKET_ID_ANY && ext == 0)) && pg != 0 && pg < min {
            min = pg;
        }
        0
    });
    if min == usize::MAX {
        rte_mem_page_size()
    } else {
        min
    }
}

// ---------------------------------------------------------------- the pool list

/// The shared list of pools ("RTE_MEMPOOL").
static POOLS: TailqList = TailqList::new(b"RTE_MEMPOOL");

fn pool_list() -> Option<*mut rte_tailq_head> {
    POOLS.head()
}

fn pools() -> Vec<*mut rte_mempool> {
    let Some(list) = pool_list() else { return Vec::new() };
    // SAFETY: the list walked under the tailq read lock.
    with_tailq(false, || unsafe {
        let mut v = Vec::new();
        let mut te = (*list).tailq_head.tqh_first;
        while !te.is_null() {
            v.push((*te).data.cast());
            te = (*te).next.tqe_next;
        }
        v
    })
}

// ---------------------------------------------------------------- events

type EventCb = unsafe extern "C" fn(event: c_uint, mp: *mut rte_mempool, user_data: *mut c_void);
/// Type of a pool event callback.
pub type rte_mempool_event_callback_ptr = Option<EventCb>;

static EVENT_CBS: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

fn invoke_event(event: u32, mp: *mut rte_mempool) {
    let cbs = EVENT_CBS.lock().map(|v| v.clone()).unwrap_or_default();
    for (f, arg) in cbs {
        // SAFETY: a function pointer registered by the caller of
        // rte_mempool_event_callback_register.
        let f: EventCb = unsafe { std::mem::transmute::<usize, EventCb>(f) };
        // SAFETY: the registrant's callback and argument.
        unsafe { f(event, mp, arg as *mut c_void) };
    }
}

/// Calls `func(event, mp, user_data)` when a pool becomes fully populated
/// (RTE_MEMPOOL_EVENT_READY) or is freed (RTE_MEMPOOL_EVENT_DESTROY).
/// Returns 0, or -EINVAL (NULL func), -EEXIST (same pair registered).
///
/// # Safety
/// `func` must stay callable until unregistered.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_event_callback_register(
    func: rte_mempool_event_callback_ptr,
    user_data: *mut c_void,
) -> c_int {
    entry!("rte_mempool_event_callback_register", -libc::EFAULT, {
        let Some(f) = func else {
            return err("rte_mempool_event_callback_register", libc::EINVAL, "func is NULL", -libc::EINVAL);
        };
        let mut v = EVENT_CBS.lock().unwrap_or_else(|e| e.into_inner());
        let key = (f as usize, user_data as usize);
        if v.contains(&key) {
            drop(v);
            return err(
                "rte_mempool_event_callback_register",
                libc::EEXIST,
                "callback already registered",
                -libc::EEXIST,
            );
        }
        v.push(key);
        tls::set_errno(0);
        0
    })
}

/// Removes a callback registered with the same `func` and `user_data`.
/// Returns 0, or -ENOENT (not registered), -EINVAL (NULL func).
///
/// # Safety
/// None beyond the C types.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_event_callback_unregister(
    func: rte_mempool_event_callback_ptr,
    user_data: *mut c_void,
) -> c_int {
    entry!("rte_mempool_event_callback_unregister", -libc::EFAULT, {
        let Some(f) = func else {
            return err("rte_mempool_event_callback_unregister", libc::EINVAL, "func is NULL", -libc::EINVAL);
        };
        let mut v = EVENT_CBS.lock().unwrap_or_else(|e| e.into_inner());
        let key = (f as usize, user_data as usize);
        match v.iter().position(|k| *k == key) {
            Some(i) => {
                v.remove(i);
                0
            }
            None => {
                tls::set_errno(libc::ENOENT);
                -libc::ENOENT
            }
        }
    })
}

// ---------------------------------------------------------------- creation

fn header_size(cache_size: u32) -> usize {
    std::mem::size_of::<rte_mempool>()
        + if cache_size == 0 { 0 } else { std::mem::size_of::<rte_mempool_cache>() * MAX_LCORE }
}

unsafe fn cache_init(c: *mut rte_mempool_cache, size: u32) {
    // SAFETY: a writable cache per the callers.
    unsafe {
        (*c).size = size;
        (*c).flushthresh = logic::flush_threshold(size);
        (*c).len = 0;
    }
}

/// Creates an empty pool of `n` objects of `elt_size` bytes, with per-lcore
/// caches of `cache_size` objects (0: none) and a private area, in a memzone
/// "MP_<name>". Returns it, or NULL with `rte_errno`: EINVAL (n is 0, cache
/// too big for RTE_MEMPOOL_CACHE_MAX_SIZE or for n, unknown flags),
/// ENAMETOOLONG, EEXIST (name in use), ENOSPC, ENOMEM.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_create_empty(
    name: *const c_char,
    n: c_uint,
    elt_size: c_uint,
    cache_size: c_uint,
    private_data_size: c_uint,
    socket_id: c_int,
    flags: c_uint,
) -> *mut rte_mempool {
    entry!("rte_mempool_create_empty", null_mut(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { create_empty(name, n, elt_size, cache_size, private_data_size, socket_id, flags) }
    })
}

unsafe fn create_empty(
    name: *const c_char,
    n: u32,
    elt_size: u32,
    cache_size: u32,
    private_data_size: u32,
    socket_id: c_int,
    mut flags: u32,
) -> *mut rte_mempool {
    let func = "rte_mempool_create_empty";
    builtins();
    nonnull!("rte_mempool_create_empty", name, null_mut());
    // SAFETY: a valid string per the contract.
    let nm = unsafe { CStr::from_ptr(name) }.to_bytes().to_vec();
    let shown = String::from_utf8_lossy(&nm).into_owned();
    if n == 0 {
        return err(func, libc::EINVAL, format_args!("pool '{shown}': n is 0"), null_mut());
    }
    if cache_size > RTE_MEMPOOL_CACHE_MAX_SIZE || logic::flush_threshold(cache_size) > n {
        return err(
            func,
            libc::EINVAL,
            format_args!(
                "pool '{shown}': cache_size {cache_size} is too big (max {RTE_MEMPOOL_CACHE_MAX_SIZE}, and 1.5 x cache_size must not exceed n = {n})"
            ),
            null_mut(),
        );
    }
    if flags & !RTE_MEMPOOL_VALID_USER_FLAGS != 0 {
        return err(func, libc::EINVAL, format_args!("pool '{shown}': unknown flags {flags:#x}"), null_mut());
    }
    if nm.len() >= RTE_MEMPOOL_NAMESIZE as usize {
        return err(
            func,
            libc::ENAMETOOLONG,
            format_args!("pool name '{shown}' is too long (at most {} characters)", RTE_MEMPOOL_NAMESIZE - 1),
            null_mut(),
        );
    }
    if pool_list().is_none() {
        return err(func, libc::EINVAL, "EAL is not initialised", null_mut());
    }
    // Buffer debugging: no caches, so that every get and put is seen.
    let cache_size = if debug::enabled() { 0 } else { cache_size };
    flags |= RTE_MEMPOOL_F_NON_IO;
    if flags & RTE_MEMPOOL_F_NO_CACHE_ALIGN != 0 {
        flags |= RTE_MEMPOOL_F_NO_SPREAD;
    }
    let objsz = logic::calc_obj_size(elt_size, flags, rte_memory_get_nchannel(), rte_memory_get_nrank());
    let private_data_size = private_data_size.div_ceil(RTE_MEMPOOL_ALIGN) * RTE_MEMPOOL_ALIGN;
    let size = (header_size(cache_size) + private_data_size as usize).next_multiple_of(RTE_MEMPOOL_ALIGN as usize);

    rte_mcfg_mempool_write_lock();
    let te = rte_zmalloc(b"MEMPOOL_TAILQ_ENTRY\0".as_ptr().cast(), std::mem::size_of::<rte_tailq_entry>(), 0)
        .cast::<rte_tailq_entry>();
    if te.is_null() {
        rte_mcfg_mempool_write_unlock();
        return err(func, libc::ENOMEM, "cannot allocate the tailq entry", null_mut());
    }
    let mut mzname = RTE_MEMPOOL_MZ_PREFIX.as_bytes().to_vec();
    mzname.extend_from_slice(&nm);
    let mzname = CString::new(mzname).unwrap_or_default();
    // SAFETY: a valid string.
    let mz =
        unsafe { rte_memzone_reserve(mzname.as_ptr(), size, socket_id, RTE_MEMZONE_1GB | RTE_MEMZONE_SIZE_HINT_ONLY) };
    if mz.is_null() {
        let e = tls::errno();
        rte_mcfg_mempool_write_unlock();
        // SAFETY: the entry allocated above, never published.
        unsafe { rte_free(te.cast()) };
        return err(func, e, format_args!("cannot reserve memzone for pool '{shown}'"), null_mut());
    }
    // SAFETY: the memzone is ours and big enough for the header, the caches
    // and the private area; nobody else knows the pool yet.
    let mp = unsafe {
        let mp = std::ptr::read_unaligned(addr_of!((*mz).addr)).cast::<rte_mempool>();
        std::ptr::write_bytes(mp.cast::<u8>(), 0, header_size(cache_size));
        (&mut (*mp).name)[..nm.len()].copy_from_slice(std::slice::from_raw_parts(nm.as_ptr().cast(), nm.len()));
        (*mp).mz = mz;
        (*mp).size = n;
        (*mp).flags = flags;
        (*mp).socket_id = socket_id;
        (*mp).elt_size = objsz.elt_size;
        (*mp).header_size = objsz.header_size;
        (*mp).trailer_size = objsz.trailer_size;
        (*mp).cache_size = cache_size;
        (*mp).private_data_size = private_data_size;
        (*mp).elt_list.stqh_last = addr_of_mut!((*mp).elt_list.stqh_first);
        (*mp).mem_list.stqh_last = addr_of_mut!((*mp).mem_list.stqh_first);
        (*mp).local_cache = mp.cast::<u8>().add(std::mem::size_of::<rte_mempool>()).cast();
        if cache_size != 0 {
            for i in 0..MAX_LCORE {
                cache_init((*mp).local_cache.add(i), cache_size);
            }
        }
        (*te).data = mp.cast();
        mp
    };
    let list = pool_list().unwrap_or(null_mut());
    // SAFETY: the list changed under the tailq write lock; te is ours.
    with_tailq(true, || unsafe {
        let h = addr_of_mut!((*list).tailq_head);
        (*te).next.tqe_next = null_mut();
        (*te).next.tqe_prev = (*h).tqh_last;
        *(*h).tqh_last = te;
        (*h).tqh_last = addr_of_mut!((*te).next.tqe_next);
    });
    rte_mcfg_mempool_write_unlock();
    mp
}

/// Type of the pool constructor `rte_mempool_create` calls.
pub type rte_mempool_ctor_ptr = Option<unsafe extern "C" fn(mp: *mut rte_mempool, arg: *mut c_void)>;
/// Type of the per-object callback of `rte_mempool_create` and `obj_iter`.
pub type rte_mempool_obj_cb_ptr =
    Option<unsafe extern "C" fn(mp: *mut rte_mempool, opaque: *mut c_void, obj: *mut c_void, obj_idx: c_uint)>;
/// Type of the per-chunk callback of `rte_mempool_mem_iter`.
pub type rte_mempool_mem_cb_ptr = Option<
    unsafe extern "C" fn(mp: *mut rte_mempool, opaque: *mut c_void, memhdr: *mut rte_mempool_memhdr, mem_idx: c_uint),
>;

/// Creates and populates a pool: `rte_mempool_create_empty`, the ring
/// handler chosen by RTE_MEMPOOL_F_SP_PUT / RTE_MEMPOOL_F_SC_GET, `mp_init`,
/// `rte_mempool_populate_default`, then `obj_init` on every object. Returns
/// the pool, or NULL with `rte_errno` (as `rte_mempool_create_empty`, or the
/// population's error).
///
/// # Safety
/// `name` must be a valid string; the callbacks callable with their args.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_create(
    name: *const c_char,
    n: c_uint,
    elt_size: c_uint,
    cache_size: c_uint,
    private_data_size: c_uint,
    mp_init: rte_mempool_ctor_ptr,
    mp_init_arg: *mut c_void,
    obj_init: rte_mempool_obj_cb_ptr,
    obj_init_arg: *mut c_void,
    socket_id: c_int,
    flags: c_uint,
) -> *mut rte_mempool {
    entry!("rte_mempool_create", null_mut(), {
        // SAFETY: forwarded from this function's contract.
        let mp = unsafe { create_empty(name, n, elt_size, cache_size, private_data_size, socket_id, flags) };
        if mp.is_null() {
            return null_mut();
        }
        let ops: &CStr = match (flags & RTE_MEMPOOL_F_SP_PUT != 0, flags & RTE_MEMPOOL_F_SC_GET != 0) {
            (true, true) => c"ring_sp_sc",
            (true, false) => c"ring_sp_mc",
            (false, true) => c"ring_mp_sc",
            (false, false) => c"ring_mp_mc",
        };
        // SAFETY: a fresh pool; the callbacks per the contract.
        unsafe {
            if rte_mempool_set_ops_byname(mp, ops.as_ptr(), null_mut()) != 0 {
                let e = tls::errno();
                free_pool(mp);
                tls::set_errno(e);
                return null_mut();
            }
            if let Some(f) = mp_init {
                f(mp, mp_init_arg);
            }
            let r = rte_mempool_populate_default(mp);
            if r < 0 {
                free_pool(mp);
                tls::set_errno(-r);
                return null_mut();
            }
            if obj_init.is_some() {
                obj_iter(mp, obj_init, obj_init_arg);
            }
        }
        mp
    })
}

// ---------------------------------------------------------------- population

unsafe extern "C" fn add_elem(mp: *mut rte_mempool, _opaque: *mut c_void, obj: *mut c_void, iova: rte_iova_t) {
    entry!("add_elem", (), {
        // SAFETY: obj is a fresh object of mp placed by the populate helper,
        // with room for its header before it; the pool is being populated by
        // one thread.
        unsafe {
            let hdr = obj.cast::<u8>().sub(std::mem::size_of::<rte_mempool_objhdr>()).cast::<rte_mempool_objhdr>();
            (*hdr).mp = mp;
            (*hdr).iova = iova;
            (*hdr).next = null_mut();
            *(*mp).elt_list.stqh_last = hdr;
            (*mp).elt_list.stqh_last = addr_of_mut!((*hdr).next);
            (*mp).populated_size += 1;
        }
    })
}

/// Adds objects in `[vaddr, vaddr + len)`, IO address `iova` (RTE_BAD_IOVA:
/// none), as one memory chunk released by `free_cb(memhdr, opaque)` when the
/// pool is freed. Returns the number of objects added (0: not even one
/// fits), or -ENOSPC (pool full), -ENOMEM, -EINVAL, or the handler's error.
///
/// # Safety
/// `mp` must be a pool; the range writable and unused for the pool's life.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_populate_iova(
    mp: *mut rte_mempool,
    vaddr: *mut c_char,
    iova: rte_iova_t,
    len: usize,
    free_cb: rte_mempool_memchunk_free_cb_t,
    opaque: *mut c_void,
) -> c_int {
    entry!("rte_mempool_populate_iova", -libc::EFAULT, {
        nonnull!("rte_mempool_populate_iova", mp, -libc::EINVAL);
        nonnull!("rte_mempool_populate_iova", vaddr, -libc::EINVAL);
        // SAFETY: forwarded from this function's contract.
        unsafe { populate_iova(mp, vaddr, iova, len, free_cb, opaque) }
    })
}

unsafe fn populate_iova(
    mp: *mut rte_mempool,
    vaddr: *mut c_char,
    iova: rte_iova_t,
    len: usize,
    free_cb: rte_mempool_memchunk_free_cb_t,
    opaque: *mut c_void,
) -> c_int {
    // SAFETY: a live pool being populated by one thread (caller's contract).
    unsafe {
        let r = alloc_once(mp);
        if r != 0 {
            return r;
        }
        if (*mp).populated_size >= (*mp).size {
            return -libc::ENOSPC;
        }
        let memhdr = rte_zmalloc(b"MEMPOOL_MEMHDR\0".as_ptr().cast(), std::mem::size_of::<rte_mempool_memhdr>(), 0)
            .cast::<rte_mempool_memhdr>();
        if memhdr.is_null() {
            return -libc::ENOMEM;
        }
        (*memhdr).mp = mp;
        (*memhdr).addr = vaddr.cast();
        (*memhdr).iova = iova;
        (*memhdr).len = len;
        (*memhdr).free_cb = free_cb;
        (*memhdr).opaque = opaque;
        let a = if (*mp).flags & RTE_MEMPOOL_F_NO_CACHE_ALIGN != 0 { 8 } else { RTE_MEMPOOL_ALIGN as usize };
        let off = (vaddr as usize).next_multiple_of(a) - vaddr as usize;
        if off > len {
            rte_free(memhdr.cast());
            return 0;
        }
        let max = (*mp).size - (*mp).populated_size;
        let start = vaddr.add(off).cast::<c_void>();
        let io = if iova == RTE_BAD_IOVA { RTE_BAD_IOVA } else { iova + off as u64 };
        let placed = match ops_of(mp).and_then(|o| (*o).populate) {
            Some(f) => f(mp, max, start, io, len - off, Some(add_elem), null_mut()),
            None => rte_mempool_op_populate_default(mp, max, start, io, len - off, Some(add_elem), null_mut()),
        };
        if placed <= 0 {
            rte_free(memhdr.cast());
            return placed;
        }
        (*memhdr).next = null_mut();
        *(*mp).mem_list.stqh_last = memhdr;
        (*mp).mem_list.stqh_last = addr_of_mut!((*memhdr).next);
        (*mp).nb_mem_chunks += 1;
        if (*mp).flags & RTE_MEMPOOL_F_NO_IOVA_CONTIG == 0 && iova != RTE_BAD_IOVA {
            (*mp).flags &= !RTE_MEMPOOL_F_NON_IO;
        }
        if (*mp).populated_size >= (*mp).size {
            invoke_event(RTE_MEMPOOL_EVENT_READY, mp);
        }
        placed
    }
}

fn iova_of(addr: usize) -> rte_iova_t {
    // SAFETY: a lookup by address; NULL when the address is not in a memseg.
    let ms = unsafe { rte_mem_virt2memseg(addr as *const c_void, std::ptr::null()) };
    if ms.is_null() {
        return rte_mem_virt2iova(addr as *const c_void);
    }
    // SAFETY: a live memseg (packed: read unaligned).
    let (io, base) =
        unsafe { (std::ptr::read_unaligned(addr_of!((*ms).iova)), std::ptr::read_unaligned(addr_of!((*ms).addr))) };
    if io == RTE_BAD_IOVA {
        rte_mem_virt2iova(addr as *const c_void)
    } else {
        io + (addr - base as usize) as u64
    }
}

/// Adds objects in the virtual range `[addr, addr + len)` made of `pg_sz`
/// pages, one chunk per IOVA-contiguous run. Returns the number added, or a
/// negative errno (the chunks added by this call are then released).
///
/// # Safety
/// As `rte_mempool_populate_iova`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_populate_virt(
    mp: *mut rte_mempool,
    addr: *mut c_char,
    len: usize,
    pg_sz: usize,
    free_cb: rte_mempool_memchunk_free_cb_t,
    opaque: *mut c_void,
) -> c_int {
    entry!("rte_mempool_populate_virt", -libc::EFAULT, {
        nonnull!("rte_mempool_populate_virt", mp, -libc::EINVAL);
        nonnull!("rte_mempool_populate_virt", addr, -libc::EINVAL);
        // SAFETY: forwarded from this function's contract.
        unsafe { populate_virt(mp, addr, len, pg_sz, free_cb, opaque) }
    })
}

unsafe fn populate_virt(
    mp: *mut rte_mempool,
    addr: *mut c_char,
    len: usize,
    pg_sz: usize,
    mut free_cb: rte_mempool_memchunk_free_cb_t,
    opaque: *mut c_void,
) -> c_int {
    // SAFETY: a live pool and a valid range (caller's contract).
    unsafe {
        if (*mp).flags & RTE_MEMPOOL_F_NO_IOVA_CONTIG != 0 {
            return populate_iova(mp, addr, RTE_BAD_IOVA, len, free_cb, opaque);
        }
        if pg_sz == 0 || !pg_sz.is_power_of_two() {
            return err(
                "rte_mempool_populate_virt",
                libc::EINVAL,
                format_args!("page size {pg_sz} is not a power of two"),
                -libc::EINVAL,
            );
        }
        let base = addr as usize;
        let mut off = 0usize;
        let mut cnt = 0;
        while off < len && (*mp).populated_size < (*mp).size {
            let io = iova_of(base + off);
            // Grow the run page by page while the IO addresses follow on.
            let mut run = ((base + off + 1).next_multiple_of(pg_sz) - (base + off)).min(len - off);
            while off + run < len {
                let next = iova_of(base + off + run);
                if io == RTE_BAD_IOVA || next == RTE_BAD_IOVA || next != io + run as u64 {
                    break;
                }
                run = (run + pg_sz).min(len - off);
            }
            let r = populate_iova(mp, addr.add(off), io, run, free_cb, opaque);
            off += run;
            if r == 0 {
                continue;
            }
            if r < 0 {
                free_memchunks(mp);
                return r;
            }
            free_cb = None;
            cnt += r;
        }
        cnt
    }
}

/// Populates `mp` with memzones "MP_<name>_<i>" from EAL memory until it
/// holds `size` objects. Returns the pool size, or -EEXIST (already
/// populated), -ENAMETOOLONG, -ENOMEM/-ENOSPC (memory), or the handler's
/// error; on failure the chunks added so far are released.
///
/// # Safety
/// `mp` must be a pool no other thread uses yet.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_populate_default(mp: *mut rte_mempool) -> c_int {
    entry!("rte_mempool_populate_default", -libc::EFAULT, {
        nonnull!("rte_mempool_populate_default", mp, -libc::EINVAL);
        // SAFETY: forwarded from this function's contract.
        unsafe { populate_default(mp) }
    })
}

unsafe fn populate_default(mp: *mut rte_mempool) -> c_int {
    // SAFETY: a live pool set up by one thread (caller's contract).
    unsafe {
        let r = alloc_once(mp);
        if r != 0 {
            return r;
        }
        if (*mp).nb_mem_chunks != 0 {
            return -libc::EEXIST;
        }
        let contig = (*mp).flags & RTE_MEMPOOL_F_NO_IOVA_CONTIG == 0;
        let mut pg_sz = 0usize;
        let r = rte_mempool_get_page_size(mp, &mut pg_sz);
        if r < 0 {
            return r;
        }
        let pg_shift = if pg_sz == 0 { 0 } else { pg_sz.trailing_zeros() };
        let mut max_alloc = usize::MAX;
        let mut mz_flags = RTE_MEMZONE_1GB | RTE_MEMZONE_SIZE_HINT_ONLY;
        let name = name_str(&(*mp).name);
        let mut id = 0u32;
        // populated_size grows through populate_iova/virt (raw pointer writes).
        loop {
            let left = (*mp).size - (*mp).populated_size;
            if left == 0 {
                break;
            }
            let (mut min_chunk, mut align) = (0usize, 0usize);
            let mem_size = calc_mem_size(mp, left, pg_shift, &mut min_chunk, &mut align);
            if mem_size < 0 {
                free_memchunks(mp);
                return mem_size as c_int;
            }
            let mzname = format!("{RTE_MEMPOOL_MZ_PREFIX}{name}_{id}");
            if mzname.len() >= rte_abi::memory::RTE_MEMZONE_NAMESIZE as usize {
                free_memchunks(mp);
                return -libc::ENAMETOOLONG;
            }
            let mzname = CString::new(mzname).unwrap_or_default();
            if min_chunk == mem_size as usize {
                mz_flags |= RTE_MEMZONE_IOVA_CONTIG;
            }
            let mut mz: *const rte_memzone;
            loop {
                mz = rte_memzone_reserve_aligned(
                    mzname.as_ptr(),
                    (mem_size as usize).min(max_alloc),
                    (*mp).socket_id,
                    mz_flags,
                    align as c_uint,
                );
                if !mz.is_null() || tls::errno() != libc::ENOMEM {
                    break;
                }
                max_alloc = max_alloc.min(mem_size as usize) / 2;
                if max_alloc < min_chunk {
                    break;
                }
            }
            if mz.is_null() {
                let e = tls::errno();
                free_memchunks(mp);
                return -e;
            }
            let (addr, len, mz_iova) = (
                std::ptr::read_unaligned(addr_of!((*mz).addr)),
                std::ptr::read_unaligned(addr_of!((*mz).len)),
                std::ptr::read_unaligned(addr_of!((*mz).iova)),
            );
            let io = if contig { mz_iova } else { RTE_BAD_IOVA };
            let r = if pg_sz == 0 || mz_flags & RTE_MEMZONE_IOVA_CONTIG != 0 {
                populate_iova(mp, addr.cast(), io, len, Some(mz_chunk_free), mz.cast_mut().cast())
            } else {
                populate_virt(mp, addr.cast(), len, pg_sz, Some(mz_chunk_free), mz.cast_mut().cast())
            };
            let r = if r == 0 { -libc::ENOBUFS } else { r };
            if r < 0 {
                rte_memzone_free(mz);
                free_memchunks(mp);
                return r;
            }
            id += 1;
        }
        (*mp).size as c_int
    }
}

unsafe extern "C" fn mz_chunk_free(_memhdr: *mut rte_mempool_memhdr, opaque: *mut c_void) {
    entry!("mz_chunk_free", (), {
        // SAFETY: the memzone populate_default reserved for this chunk.
        unsafe { rte_memzone_free(opaque.cast()) };
    })
}

unsafe extern "C" fn anon_chunk_free(memhdr: *mut rte_mempool_memhdr, opaque: *mut c_void) {
    entry!("anon_chunk_free", (), {
        // SAFETY: the mapping populate_anon made; its length is recomputed the
        // same way.
        unsafe {
            let size = anon_size((*memhdr).mp);
            if size > 0 {
                libc::munmap(opaque, size as usize);
            }
        }
    })
}

unsafe fn anon_size(mp: *const rte_mempool) -> isize {
    let pg = rte_mem_page_size();
    let (mut a, mut b) = (0usize, 0usize);
    // SAFETY: a live pool; out-params on the stack.
    unsafe { calc_mem_size(mp, (*mp).size, pg.trailing_zeros(), &mut a, &mut b) }
}

/// Populates `mp` from an anonymous, locked mapping (objects without IOVA
/// guarantees). Returns the number of objects, or 0 with `rte_errno` set.
///
/// # Safety
/// `mp` must be a pool no other thread uses yet.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_populate_anon(mp: *mut rte_mempool) -> c_int {
    entry!("rte_mempool_populate_anon", 0, {
        nonnull!("rte_mempool_populate_anon", mp, 0);
        // SAFETY: a live pool set up by one thread (contract).
        unsafe {
            if (*mp).nb_mem_chunks != 0 || !(*mp).mem_list.stqh_first.is_null() {
                return err("rte_mempool_populate_anon", libc::EINVAL, "the pool is already populated", 0);
            }
            let r = alloc_once(mp);
            if r < 0 {
                tls::set_errno(-r);
                return 0;
            }
            let size = anon_size(mp);
            if size < 0 {
                tls::set_errno(-size as i32);
                return 0;
            }
            let size = size as usize;
            let addr = libc::mmap(
                null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if addr == libc::MAP_FAILED {
                tls::set_errno(*libc::__errno_location());
                return 0;
            }
            if libc::mlock(addr, size) != 0 {
                let e = *libc::__errno_location();
                libc::munmap(addr, size);
                return err("rte_mempool_populate_anon", e, "cannot lock the anonymous mapping", 0);
            }
            let r = populate_virt(mp, addr.cast(), size, rte_mem_page_size(), Some(anon_chunk_free), addr);
            let r = if r == 0 { -libc::ENOBUFS } else { r };
            if r < 0 {
                tls::set_errno(-r);
                free_memchunks(mp);
                return 0;
            }
            (*mp).populated_size as c_int
        }
    })
}

/// Takes every object back from the store and releases every chunk.
unsafe fn free_memchunks(mp: *mut rte_mempool) {
    // SAFETY: a live pool no thread uses any more (callers' contracts).
    unsafe {
        while !(*mp).elt_list.stqh_first.is_null() {
            let mut obj = null_mut();
            let _ = ops_dequeue(mp, &mut obj, 1);
            let h = (*mp).elt_list.stqh_first;
            (*mp).elt_list.stqh_first = (*h).next;
            if (*h).next.is_null() {
                (*mp).elt_list.stqh_last = addr_of_mut!((*mp).elt_list.stqh_first);
            }
            (*mp).populated_size -= 1;
        }
        while !(*mp).mem_list.stqh_first.is_null() {
            let m = (*mp).mem_list.stqh_first;
            (*mp).mem_list.stqh_first = (*m).next;
            if (*m).next.is_null() {
                (*mp).mem_list.stqh_last = addr_of_mut!((*mp).mem_list.stqh_first);
            }
            if let Some(f) = (*m).free_cb {
                f(m, (*m).opaque);
            }
            rte_free(m.cast());
            (*mp).nb_mem_chunks -= 1;
        }
    }
}

unsafe fn free_pool(mp: *mut rte_mempool) {
    if let Some(list) = pool_list() {
        // SAFETY: the list changed under the tailq write lock.
        let te = with_tailq(true, || unsafe {
            let h = addr_of_mut!((*list).tailq_head);
            let mut te = (*h).tqh_first;
            while !te.is_null() && (*te).data != mp.cast() {
                te = (*te).next.tqe_next;
            }
            if !te.is_null() {
                let next = (*te).next.tqe_next;
                if next.is_null() {
                    (*h).tqh_last = (*te).next.tqe_prev;
                } else {
                    (*next).next.tqe_prev = (*te).next.tqe_prev;
                }
                *(*te).next.tqe_prev = next;
            }
            te
        });
        if !te.is_null() {
            // SAFETY: the entry create_empty allocated, now unlinked.
            unsafe { rte_free(te.cast()) };
        }
    }
    invoke_event(RTE_MEMPOOL_EVENT_DESTROY, mp);
    // SAFETY: a pool being freed (callers' contracts).
    unsafe { debug::on_free(mp) };
    // SAFETY: a live pool no thread uses any more (callers' contracts).
    unsafe {
        free_memchunks(mp);
        if (*mp).flags & RTE_MEMPOOL_F_POOL_CREATED != 0 {
            if let Some(f) = ops_of(mp).and_then(|o| (*o).free) {
                f(mp);
            }
        }
        rte_memzone_free((*mp).mz);
    }
}

/// Frees a pool: its objects, chunks, store and header (NULL does nothing).
///
/// # Safety
/// `mp` must be NULL or a pool that no thread uses any more.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_free(mp: *mut rte_mempool) {
    entry!("rte_mempool_free", (), {
        if mp.is_null() {
            return;
        }
        // SAFETY: forwarded from this function's contract.
        unsafe { free_pool(mp) }
    })
}

// ---------------------------------------------------------------- caches

/// Creates a user-owned cache of `size` objects (1..=512) for
/// `rte_mempool_generic_get/put`. Returns it, or NULL with `rte_errno`
/// EINVAL (bad size) or ENOMEM.
#[no_mangle]
pub extern "C" fn rte_mempool_cache_create(size: u32, socket_id: c_int) -> *mut rte_mempool_cache {
    entry!("rte_mempool_cache_create", null_mut(), {
        if size == 0 || size > RTE_MEMPOOL_CACHE_MAX_SIZE {
            return err(
                "rte_mempool_cache_create",
                libc::EINVAL,
                format_args!("cache size {size} is not in 1..={RTE_MEMPOOL_CACHE_MAX_SIZE}"),
                null_mut(),
            );
        }
        let c = rte_zmalloc_socket(
            b"MEMPOOL_CACHE\0".as_ptr().cast(),
            std::mem::size_of::<rte_mempool_cache>(),
            64,
            socket_id,
        )
        .cast::<rte_mempool_cache>();
        if c.is_null() {
            return err("rte_mempool_cache_create", libc::ENOMEM, "cannot allocate mempool cache", null_mut());
        }
        // SAFETY: a fresh allocation of a cache.
        unsafe { cache_init(c, size) };
        c
    })
}

/// Frees a cache from `rte_mempool_cache_create` (flush it first; NULL
/// does nothing).
///
/// # Safety
/// `cache` must be NULL or from `rte_mempool_cache_create`, unused.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_cache_free(cache: *mut rte_mempool_cache) {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_mempool_cache_free", (), { unsafe { rte_free(cache.cast()) } })
}

// ---------------------------------------------------------------- queries

unsafe fn obj_iter(mp: *mut rte_mempool, cb: rte_mempool_obj_cb_ptr, arg: *mut c_void) -> u32 {
    let mut n = 0u32;
    // SAFETY: the object list of a live pool (caller's contract).
    unsafe {
        let mut h = (*mp).elt_list.stqh_first;
        while !h.is_null() {
            let next = (*h).next;
            if let Some(f) = cb {
                f(mp, arg, h.add(1).cast(), n);
            }
            n += 1;
            h = next;
        }
    }
    n
}

/// Calls `obj_cb(mp, arg, obj, index)` for every object. Returns the count.
///
/// # Safety
/// `mp` must be a pool; `obj_cb` callable with `obj_cb_arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_obj_iter(
    mp: *mut rte_mempool,
    obj_cb: rte_mempool_obj_cb_ptr,
    obj_cb_arg: *mut c_void,
) -> u32 {
    entry!("rte_mempool_obj_iter", 0, {
        nonnull!("rte_mempool_obj_iter", mp, 0);
        // SAFETY: forwarded from this function's contract.
        unsafe { obj_iter(mp, obj_cb, obj_cb_arg) }
    })
}

/// Calls `mem_cb(mp, arg, memhdr, index)` for every memory chunk. Returns
/// the count.
///
/// # Safety
/// `mp` must be a pool; `mem_cb` callable with `mem_cb_arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_mem_iter(
    mp: *mut rte_mempool,
    mem_cb: rte_mempool_mem_cb_ptr,
    mem_cb_arg: *mut c_void,
) -> u32 {
    entry!("rte_mempool_mem_iter", 0, {
        nonnull!("rte_mempool_mem_iter", mp, 0);
        let mut n = 0u32;
        // SAFETY: the chunk list of a live pool.
        unsafe {
            let mut m = (*mp).mem_list.stqh_first;
            while !m.is_null() {
                let next = (*m).next;
                if let Some(f) = mem_cb {
                    f(mp, mem_cb_arg, m, n);
                }
                n += 1;
                m = next;
            }
        }
        n
    })
}

unsafe fn avail(mp: *const rte_mempool) -> u32 {
    // SAFETY: a live pool (caller's contract); cache lengths are read
    // without synchronisation, as in 22.11 (a snapshot, capped at size).
    unsafe {
        let mut count = ops_count(mp);
        if (*mp).cache_size != 0 {
            for i in 0..MAX_LCORE {
                count += std::ptr::read_volatile(addr_of!((*(*mp).local_cache.add(i)).len));
            }
        }
        count.min((*mp).size)
    }
}

/// Objects in the store and the per-lcore caches (at most the pool size).
///
/// # Safety
/// `mp` must be a pool.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_avail_count(mp: *const rte_mempool) -> c_uint {
    entry!("rte_mempool_avail_count", 0, {
        nonnull!("rte_mempool_avail_count", mp, 0);
        // SAFETY: forwarded from this function's contract.
        unsafe { avail(mp) }
    })
}

/// Objects taken from the pool (size minus available).
///
/// # Safety
/// `mp` must be a pool.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_in_use_count(mp: *const rte_mempool) -> c_uint {
    entry!("rte_mempool_in_use_count", 0, {
        nonnull!("rte_mempool_in_use_count", mp, 0);
        // SAFETY: forwarded from this function's contract.
        unsafe { (*mp).size - avail(mp) }
    })
}

/// Without RTE_LIBRTE_MEMPOOL_DEBUG (as the reference is built) objects
/// carry no cookies: this checks nothing.
///
/// # Safety
/// None: the arguments are not read.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_check_cookies(
    mp: *const rte_mempool,
    obj_table_const: *const *mut c_void,
    n: c_uint,
    free: c_int,
) {
    let _ = (mp, obj_table_const, n, free);
}

/// As `rte_mempool_check_cookies`, for contiguous blocks: checks nothing.
///
/// # Safety
/// None: the arguments are not read.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_contig_blocks_check_cookies(
    mp: *const rte_mempool,
    first_obj_table_const: *const *mut c_void,
    n: c_uint,
    free: c_int,
) {
    let _ = (mp, first_obj_table_const, n, free);
}

/// Checks the pool's consistency (every cache length within bounds);
/// panics (rte_panic) on corruption.
///
/// # Safety
/// `mp` must be a pool.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_audit(mp: *mut rte_mempool) {
    entry!("rte_mempool_audit", (), {
        nonnull!("rte_mempool_audit", mp, ());
        // SAFETY: a live pool.
        unsafe {
            if (*mp).cache_size == 0 {
                return;
            }
            for i in 0..MAX_LCORE {
                let len = std::ptr::read_volatile(addr_of!((*(*mp).local_cache.add(i)).len));
                if len > 2 * RTE_MEMPOOL_CACHE_MAX_SIZE {
                    rte_log!(CRIT, MEMPOOL, "MEMPOOL: badness on cache[{i}]: len {len}\n");
                    std::process::abort();
                }
            }
        }
    })
}

unsafe fn dump_one(mp: *mut rte_mempool) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    // SAFETY: a live pool.
    unsafe {
        let total = (*mp).header_size + (*mp).elt_size + (*mp).trailer_size;
        let _ = writeln!(s, "mempool <{}>@{:p}", name_str(&(*mp).name), mp);
        let _ = writeln!(s, "  flags={:x}", (*mp).flags);
        let _ = writeln!(s, "  socket_id={}", (*mp).socket_id);
        let _ = writeln!(s, "  pool={:p}", (*mp).pool_data);
        let _ = writeln!(s, "  iova=0x{:x}", std::ptr::read_unaligned(addr_of!((*(*mp).mz).iova)));
        let _ = writeln!(s, "  nb_mem_chunks={}", (*mp).nb_mem_chunks);
        let _ = writeln!(s, "  size={}", (*mp).size);
        let _ = writeln!(s, "  populated_size={}", (*mp).populated_size);
        let _ = writeln!(s, "  header_size={}", (*mp).header_size);
        let _ = writeln!(s, "  elt_size={}", (*mp).elt_size);
        let _ = writeln!(s, "  trailer_size={}", (*mp).trailer_size);
        let _ = writeln!(s, "  total_obj_size={total}");
        let _ = writeln!(s, "  private_data_size={}", (*mp).private_data_size);
        let _ = writeln!(s, "  ops_index={}", (*mp).ops_index);
        let ops_name = ops_of(mp).map(|o| name_str(&(*o).name)).unwrap_or_default();
        let _ = writeln!(s, "  ops_name: <{ops_name}>");
        let mut mem_len = 0usize;
        let mut m = (*mp).mem_list.stqh_first;
        while !m.is_null() {
            mem_len += (*m).len;
            m = (*m).next;
        }
        if mem_len != 0 {
            let _ = writeln!(s, "  avg bytes/object={:.6}", mem_len as f64 / (*mp).size as f64);
        }
        let _ = writeln!(s, "  internal cache infos:");
        let _ = writeln!(s, "    cache_size={}", (*mp).cache_size);
        let mut cached = 0u32;
        if (*mp).cache_size != 0 {
            for i in 0..MAX_LCORE {
                let len = std::ptr::read_volatile(addr_of!((*(*mp).local_cache.add(i)).len));
                let _ = writeln!(s, "    cache_count[{i}]={len}");
                cached += len;
            }
            let _ = writeln!(s, "    total_cache_count={cached}");
        }
        let common = ops_count(mp);
        let common = if cached + common > (*mp).size { (*mp).size - cached.min((*mp).size) } else { common };
        let _ = writeln!(s, "  common_pool_count={common}");
        let _ = writeln!(s, "  no statistics available");
    }
    s
}

/// Prints a pool's header, caches and counts.
///
/// # Safety
/// `f` must be a valid stream; `mp` a pool.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_dump(f: *mut libc::FILE, mp: *mut rte_mempool) {
    entry!("rte_mempool_dump", (), {
        nonnull!("rte_mempool_dump", f, ());
        nonnull!("rte_mempool_dump", mp, ());
        // SAFETY: a valid stream and pool per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &dump_one(mp)) };
        // As 22.11, a dump ends with an audit.
        // SAFETY: a live pool.
        unsafe { rte_mempool_audit(mp) };
    })
}

/// Prints every pool.
///
/// # Safety
/// `f` must be a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_list_dump(f: *mut libc::FILE) {
    entry!("rte_mempool_list_dump", (), {
        nonnull!("rte_mempool_list_dump", f, ());
        rte_mcfg_mempool_read();
        // SAFETY: live pools (the list is read under the mempool lock).
        let s: String = pools().into_iter().map(|mp| unsafe { dump_one(mp) }).collect();
        rte_mcfg_mempool_read_done();
        // SAFETY: a valid stream.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}

fn rte_mcfg_mempool_read() {
    crate::eal::rte_eal_memconfig::rte_mcfg_mempool_read_lock();
}

fn rte_mcfg_mempool_read_done() {
    crate::eal::rte_eal_memconfig::rte_mcfg_mempool_read_unlock();
}

/// The pool named `name`, or NULL with `rte_errno = ENOENT`.
///
/// # Safety
/// `name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_lookup(name: *const c_char) -> *mut rte_mempool {
    entry!("rte_mempool_lookup", null_mut(), {
        if name.is_null() {
            tls::set_errno(libc::EINVAL);
            return null_mut();
        }
        // SAFETY: a valid string per the contract.
        let want = unsafe { CStr::from_ptr(name) }.to_bytes();
        rte_mcfg_mempool_read();
        // SAFETY: live pools' names.
        let found = pools().into_iter().find(|&mp| unsafe { name_str(&(*mp).name) }.as_bytes() == want);
        rte_mcfg_mempool_read_done();
        found.unwrap_or_else(|| {
            tls::set_errno(libc::ENOENT);
            null_mut()
        })
    })
}

/// Calls `func(mp, arg)` for every pool.
///
/// # Safety
/// `func` must be callable with `arg`; it must not create or free pools.
#[no_mangle]
pub unsafe extern "C" fn rte_mempool_walk(
    func: Option<unsafe extern "C" fn(mp: *mut rte_mempool, arg: *mut c_void)>,
    arg: *mut c_void,
) {
    entry!("rte_mempool_walk", (), {
        let Some(f) = func else {
            return err("rte_mempool_walk", libc::EINVAL, "func is NULL", ());
        };
        rte_mcfg_mempool_read();
        for mp in pools() {
            // SAFETY: the caller's callback on a live pool.
            unsafe { f(mp, arg) };
        }
        rte_mcfg_mempool_read_done();
    })
}
