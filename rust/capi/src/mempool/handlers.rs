//! The built-in mempool handlers: the ring stores (ring_mp_mc, ring_sp_sc,
//! ring_mp_sc, ring_sp_mc, ring_mt_rts, ring_mt_hts) and the stack store.
//! Their callbacks sit in `rte_mempool_ops_table`, where reference and
//! our inline get/put code call them; none is an exported symbol.

use std::ffi::{c_int, c_uint, c_void, CString};

use ::rte_mempool::stack::{self, Stack};
use ::rte_ring::ops::{self as ring_ops, Behavior};
use rte_abi::mempool::*;
use rte_abi::ring::*;

use crate::eal::rte_malloc::{rte_free, rte_zmalloc_socket};
use crate::ring::rte_ring::{rte_ring_create_elem, rte_ring_free};

fn pool_name(mp: *const rte_mempool) -> Vec<u8> {
    // SAFETY: the name field of a live pool.
    unsafe { (*mp).name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect() }
}

/// Creates the ring "MP_<pool name>" holding up to `size` objects, with
/// the given sync flags.
unsafe fn ring_alloc(mp: *mut rte_mempool, rg_flags: u32) -> c_int {
    entry!("mempool ring alloc", -libc::EFAULT, {
        let mut name = RTE_MEMPOOL_MZ_PREFIX.as_bytes().to_vec();
        name.extend_from_slice(&pool_name(mp));
        if name.len() >= RTE_RING_NAMESIZE as usize {
            crate::set_errno(libc::ENAMETOOLONG);
            return -libc::ENAMETOOLONG;
        }
        let name = CString::new(name).unwrap_or_default();
        // SAFETY: a live pool, its fields set at creation.
        let (size, socket) = unsafe { ((*mp).size, (*mp).socket_id) };
        // Room for `size` objects: the next power of two above size.
        let count = (size as u64 + 1).next_power_of_two().min(RTE_RING_SZ_MASK as u64 + 1) as u32;
        // SAFETY: a valid string.
        let r = unsafe { rte_ring_create_elem(name.as_ptr(), 8, count, socket, rg_flags) };
        if r.is_null() {
            return -rte_eal::tls::errno();
        }
        // SAFETY: the pool is being set up by one thread.
        unsafe { (*mp).pool_data = r.cast() };
        0
    })
}

unsafe extern "C" fn ring_free(mp: *mut rte_mempool) {
    entry!("mempool ring free", (), {
        // SAFETY: the ring this handler created (or NULL).
        unsafe { rte_ring_free((*mp).pool_data.cast()) }
    })
}

unsafe extern "C" fn ring_enqueue(mp: *mut rte_mempool, objs: *const *mut c_void, n: c_uint) -> c_int {
    entry!("ring_enqueue", -libc::EFAULT, {
        // SAFETY: the pool's ring; objs readable for n pointers (caller's contract).
        let done = unsafe { ring_ops::enqueue((*mp).pool_data.cast(), objs.cast(), 8, n, Behavior::Fixed, None) };
        // A ring that cannot take them all reports -ENOBUFS, as 22.11's handler.
        if done == 0 {
            -libc::ENOBUFS
        } else {
            0
        }
    })
}

unsafe extern "C" fn ring_dequeue(mp: *mut rte_mempool, objs: *mut *mut c_void, n: c_uint) -> c_int {
    entry!("ring_dequeue", -libc::EFAULT, {
        // SAFETY: the pool's ring; objs writable for n pointers (caller's contract).
        let done = unsafe { ring_ops::dequeue((*mp).pool_data.cast(), objs.cast(), 8, n, Behavior::Fixed, None) };
        if done == 0 {
            -libc::ENOBUFS
        } else {
            0
        }
    })
}

unsafe extern "C" fn ring_count(mp: *const rte_mempool) -> c_uint {
    entry!("ring_count", 0, {
        // SAFETY: the pool's ring.
        unsafe { ring_ops::count((*mp).pool_data.cast()) }
    })
}

macro_rules! ring_handler {
    ($fn:ident, $flags:expr) => {
        unsafe extern "C" fn $fn(mp: *mut rte_mempool) -> c_int {
            // SAFETY: called through the ops table on a pool being populated.
            unsafe { ring_alloc(mp, $flags) }
        }
    };
}

ring_handler!(alloc_mp_mc, 0);
ring_handler!(alloc_sp_sc, RING_F_SP_ENQ | RING_F_SC_DEQ);
ring_handler!(alloc_mp_sc, RING_F_SC_DEQ);
ring_handler!(alloc_sp_mc, RING_F_SP_ENQ);
ring_handler!(alloc_mt_rts, RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ);
ring_handler!(alloc_mt_hts, RING_F_MP_HTS_ENQ | RING_F_MC_HTS_DEQ);

unsafe extern "C" fn stack_alloc(mp: *mut rte_mempool) -> c_int {
    entry!("mempool stack alloc", -libc::EFAULT, {
        // SAFETY: a live pool.
        let (size, socket) = unsafe { ((*mp).size, (*mp).socket_id) };
        let mem = rte_zmalloc_socket(c"MEMPOOL_STACK".as_ptr(), stack::memsize(size), 64, socket);
        if mem.is_null() {
            crate::set_errno(libc::ENOMEM);
            return -libc::ENOMEM;
        }
        // SAFETY: a fresh allocation of the stack's size; the pool is being
        // set up by one thread.
        unsafe {
            <Stack>::init(mem, size);
            (*mp).pool_data = mem;
        }
        0
    })
}

unsafe extern "C" fn stack_free(mp: *mut rte_mempool) {
    entry!("stack_free", (), {
        // SAFETY: the allocation stack_alloc made (or NULL).
        unsafe { rte_free((*mp).pool_data) }
    })
}

unsafe extern "C" fn stack_enqueue(mp: *mut rte_mempool, objs: *const *mut c_void, n: c_uint) -> c_int {
    entry!("stack_enqueue", -libc::EFAULT, {
        // SAFETY: the pool's stack; objs readable for n pointers.
        if unsafe { <Stack>::from_ptr((*mp).pool_data).push(objs, n) } {
            0
        } else {
            -libc::ENOBUFS
        }
    })
}

unsafe extern "C" fn stack_dequeue(mp: *mut rte_mempool, objs: *mut *mut c_void, n: c_uint) -> c_int {
    entry!("stack_dequeue", -libc::EFAULT, {
        // SAFETY: the pool's stack; objs writable for n pointers.
        if unsafe { <Stack>::from_ptr((*mp).pool_data).pop(objs, n) } {
            0
        } else {
            -libc::ENOBUFS
        }
    })
}

unsafe extern "C" fn stack_count(mp: *const rte_mempool) -> c_uint {
    entry!("stack_count", 0, {
        // SAFETY: the pool's stack.
        unsafe { <Stack>::from_ptr((*mp).pool_data).len() }
    })
}

const fn ops_name(s: &str) -> [std::ffi::c_char; RTE_MEMPOOL_OPS_NAMESIZE as usize] {
    let b = s.as_bytes();
    let mut out = [0; RTE_MEMPOOL_OPS_NAMESIZE as usize];
    let mut i = 0;
    while i < b.len() {
        out[i] = b[i] as std::ffi::c_char;
        i += 1;
    }
    out
}

const fn ring_ops_named(name: &str, alloc: unsafe extern "C" fn(*mut rte_mempool) -> c_int) -> rte_mempool_ops {
    rte_mempool_ops {
        name: ops_name(name),
        alloc: Some(alloc),
        free: Some(ring_free),
        enqueue: Some(ring_enqueue),
        dequeue: Some(ring_dequeue),
        get_count: Some(ring_count),
        calc_mem_size: None,
        populate: None,
        get_info: None,
        dequeue_contig_blocks: None,
    }
}

/// The built-in handlers, in registration order (ring_mp_mc first: a
/// pool whose ops were never set uses index 0).
pub fn builtin() -> [rte_mempool_ops; 7] {
    [
        ring_ops_named("ring_mp_mc", alloc_mp_mc),
        ring_ops_named("ring_sp_sc", alloc_sp_sc),
        ring_ops_named("ring_mp_sc", alloc_mp_sc),
        ring_ops_named("ring_sp_mc", alloc_sp_mc),
        ring_ops_named("ring_mt_rts", alloc_mt_rts),
        ring_ops_named("ring_mt_hts", alloc_mt_hts),
        rte_mempool_ops {
            name: ops_name("stack"),
            alloc: Some(stack_alloc),
            free: Some(stack_free),
            enqueue: Some(stack_enqueue),
            dequeue: Some(stack_dequeue),
            get_count: Some(stack_count),
            calc_mem_size: None,
            populate: None,
            get_info: None,
            dequeue_contig_blocks: None,
        },
    ]
}
