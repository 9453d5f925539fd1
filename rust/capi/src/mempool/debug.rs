//! Buffer debugging, enabled with `LIBRTE_RS_MEMPOOL_DEBUG=1` in the
//! environment (read once, at the first pool creation; off by default).
//!
//! When on, every pool created afterwards tracks its objects:
//! - its per-lcore caches are disabled (`cache_size` 0), so every get and
//!   put of inline code, the reference's or ours, reaches the handler;
//! - once its store is created, its `ops_index` points to a debug slot of
//!   `rte_mempool_ops_table` whose enqueue/dequeue record, per object, the
//!   lcore and the call site (the inline code's caller) of the last get or
//!   put, then call the pool's real handler;
//! - a put of an object that is not out of the pool (double free, or never
//!   taken) is reported at the put with the object, lcore and both call
//!   sites, and that object is not stored again (the pool stays intact);
//! - `rte_mempool_free` and `rte_eal_cleanup` list the objects never
//!   returned, with the lcore and call site that took them.
//!
//! When off, nothing changes: pools keep their caches and handler, and the
//! inline fast path never reaches this module. User-owned caches
//! (`rte_mempool_cache_create`) bypass the tracking.

use std::collections::HashMap;
use std::ffi::{c_int, c_uint, c_void, CStr};
use std::sync::{Mutex, OnceLock};

use rte_abi::mempool::*;
use rte_eal::{rte_log, tls};

/// Whether tracking is on (`LIBRTE_RS_MEMPOOL_DEBUG=1`).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        let on = std::env::var("LIBRTE_RS_MEMPOOL_DEBUG").is_ok_and(|v| v == "1");
        if on {
            rte_log!(
                NOTICE,
                MEMPOOL,
                "MEMPOOL: LIBRTE_RS_MEMPOOL_DEBUG=1: pools track their objects (per-lcore caches disabled)\n"
            );
        }
        on
    })
}

#[derive(Clone, Copy)]
enum Obj {
    /// Taken by `lcore` at `site`.
    Out { lcore: u32, site: usize },
    /// Returned by `lcore` at `site`.
    In { lcore: u32, site: usize },
}

struct Pool {
    name: String,
    real_ops: i32,
    objs: HashMap<usize, Obj>,
}

static POOLS: Mutex<Option<HashMap<usize, Pool>>> = Mutex::new(None);
/// Index of the debug slot in the ops table (-1: not registered yet).
static SLOT: OnceLock<i32> = OnceLock::new();

fn with_pools<T>(f: impl FnOnce(&mut HashMap<usize, Pool>) -> T) -> T {
    let mut g = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    f(g.get_or_insert_with(HashMap::new))
}

extern "C" {
    fn rte_rs_mempool_debug_dequeue_cb(mp: *mut rte_mempool, objs: *mut *mut c_void, n: c_uint) -> c_int;
    fn rte_rs_mempool_debug_enqueue_cb(mp: *mut rte_mempool, objs: *const *mut c_void, n: c_uint) -> c_int;
}

unsafe extern "C" fn never_alloc(_mp: *mut rte_mempool) -> c_int {
    -libc::ENOTSUP
}

unsafe extern "C" fn real_count(mp: *const rte_mempool) -> c_uint {
    entry!("real_count", 0, {
        // SAFETY: a tracked pool; its real handler's count.
        unsafe { super::rte_mempool::ops_count(mp) }
    })
}

/// The debug slot's index, registering it on first use.
fn slot() -> i32 {
    *SLOT.get_or_init(|| {
        let mut ops: rte_mempool_ops = unsafe_zeroed_ops();
        for (d, s) in ops.name.iter_mut().zip(b"librte_rs_debug") {
            *d = *s as std::ffi::c_char;
        }
        ops.alloc = Some(never_alloc);
        ops.enqueue = Some(rte_rs_mempool_debug_enqueue_cb);
        ops.dequeue = Some(rte_rs_mempool_debug_dequeue_cb);
        ops.get_count = Some(real_count);
        // SAFETY: a complete ops structure on the stack.
        let idx = unsafe { super::rte_mempool::register_ops_internal(&ops) };
        if idx < 0 {
            rte_log!(ERR, MEMPOOL, "MEMPOOL: debug: cannot register the tracking handler ({idx})\n");
        }
        idx
    })
}

fn unsafe_zeroed_ops() -> rte_mempool_ops {
    // SAFETY: all-zero is a valid ops structure (empty name, no callbacks).
    unsafe { std::mem::zeroed() }
}

/// The debug slot's index, once registered.
pub fn slot_index() -> Option<i32> {
    SLOT.get().copied().filter(|&i| i >= 0)
}

/// The pool's real handler index if it is tracked.
pub fn real_ops(mp: *const rte_mempool) -> Option<i32> {
    SLOT.get()?;
    with_pools(|p| p.get(&(mp as usize)).map(|p| p.real_ops))
}

/// Starts tracking `mp` (its store was just created): the pool's handler
/// calls now go through the debug slot.
///
/// # Safety
/// `mp` must be a pool being populated by one thread.
pub unsafe fn attach(mp: *mut rte_mempool) {
    if !enabled() {
        return;
    }
    let idx = slot();
    if idx < 0 {
        return;
    }
    // SAFETY: a live pool (contract).
    let (name, real) = unsafe { (name_of(mp), (*mp).ops_index) };
    with_pools(|p| p.insert(mp as usize, Pool { name, real_ops: real, objs: HashMap::new() }));
    // SAFETY: as above; no other thread uses the pool yet.
    unsafe { (*mp).ops_index = idx };
}

fn name_of(mp: *const rte_mempool) -> String {
    // SAFETY: the name field of a live pool.
    let n = unsafe { CStr::from_ptr((*mp).name.as_ptr()) };
    n.to_string_lossy().into_owned()
}

/// "module+0xoff (symbol+0xoff)" for a code address.
fn site_name(site: usize) -> String {
    if site == 0 {
        return "unknown".into();
    }
    // SAFETY: dladdr only reads the loader's tables; info is on the stack.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::dladdr(site as *const c_void, &mut info) } == 0 || info.dli_fname.is_null() {
        return format!("{site:#x}");
    }
    // SAFETY: dladdr filled a valid string.
    let file = unsafe { CStr::from_ptr(info.dli_fname) }.to_string_lossy().into_owned();
    let file = file.rsplit('/').next().unwrap_or(&file).to_string();
    let mut s = format!("{file}+{:#x}", site - info.dli_fbase as usize);
    if !info.dli_sname.is_null() {
        // SAFETY: as above.
        let sym = unsafe { CStr::from_ptr(info.dli_sname) }.to_string_lossy();
        s.push_str(&format!(" ({sym}+{:#x})", site - info.dli_saddr as usize));
    }
    s
}

fn lcore_str(l: u32) -> String {
    if l == u32::MAX {
        "a non-EAL thread".into()
    } else {
        format!("lcore {l}")
    }
}

/// The debug slot's dequeue (via the C trampoline, `site` the caller).
///
/// # Safety
/// As a handler dequeue: `mp` a tracked pool, `objs` writable for `n`.
#[no_mangle]
pub unsafe extern "C" fn rte_rs_mempool_debug_dequeue(
    mp: *mut rte_mempool,
    objs: *mut *mut c_void,
    n: c_uint,
    site: *mut c_void,
) -> c_int {
    entry!("mempool debug dequeue", -libc::EFAULT, {
        let Some(real) = real_ops(mp) else { return -libc::EINVAL };
        // SAFETY: the real handler of a tracked pool; objs per the contract.
        let r = unsafe { super::rte_mempool::dequeue_with(real, mp, objs, n) };
        if r != 0 {
            return r;
        }
        let lcore = tls::lcore_id();
        let twice: Vec<(usize, Obj)> = with_pools(|p| {
            let Some(pool) = p.get_mut(&(mp as usize)) else { return Vec::new() };
            let mut twice = Vec::new();
            for i in 0..n as usize {
                // SAFETY: n objects were written by the handler.
                let o = unsafe { *objs.add(i) } as usize;
                if let Some(prev @ Obj::Out { .. }) = pool.objs.insert(o, Obj::Out { lcore, site: site as usize }) {
                    twice.push((o, prev));
                }
            }
            twice
        });
        for (o, prev) in twice {
            if let Obj::Out { lcore: pl, site: ps } = prev {
                rte_log!(
                    ERR,
                    MEMPOOL,
                    "MEMPOOL: debug: pool '{}': object {o:#x} handed out again on {} at {}, while still held (taken on {} at {})\n",
                    name_of(mp),
                    lcore_str(lcore),
                    site_name(site as usize),
                    lcore_str(pl),
                    site_name(ps)
                );
            }
        }
        0
    })
}

/// The debug slot's enqueue (via the C trampoline, `site` the caller).
/// Objects that are not out of the pool are reported and not stored.
///
/// # Safety
/// As a handler enqueue: `mp` a tracked pool, `objs` readable for `n`.
#[no_mangle]
pub unsafe extern "C" fn rte_rs_mempool_debug_enqueue(
    mp: *mut rte_mempool,
    objs: *const *mut c_void,
    n: c_uint,
    site: *mut c_void,
) -> c_int {
    entry!("mempool debug enqueue", -libc::EFAULT, {
        let Some(real) = real_ops(mp) else { return -libc::EINVAL };
        let lcore = tls::lcore_id();
        // SAFETY: readable per the contract.
        let list: Vec<*mut c_void> = (0..n as usize).map(|i| unsafe { *objs.add(i) }).collect();
        let mut good = Vec::with_capacity(list.len());
        let mut bad = Vec::new();
        with_pools(|p| {
            let Some(pool) = p.get_mut(&(mp as usize)) else { return };
            for &o in &list {
                let hdr_mp = if o.is_null() {
                    std::ptr::null_mut()
                } else {
                    // SAFETY: a pointer the caller says is an object of mp:
                    // its header precedes it.
                    unsafe { (*o.cast::<rte_mempool_objhdr>().sub(1)).mp }
                };
                match pool.objs.get(&(o as usize)).copied() {
                    Some(Obj::Out { .. }) if hdr_mp == mp => {
                        pool.objs.insert(o as usize, Obj::In { lcore, site: site as usize });
                        good.push(o);
                    }
                    prev => bad.push((o, prev, hdr_mp == mp)),
                }
            }
        });
        for (o, prev, ours) in bad {
            let why = match prev {
                _ if !ours => "an object of another pool (or not an object)".to_string(),
                Some(Obj::In { lcore: pl, site: ps }) => {
                    format!("already returned on {} at {}", lcore_str(pl), site_name(ps))
                }
                _ => "never taken from the pool".to_string(),
            };
            rte_log!(
                ERR,
                MEMPOOL,
                "MEMPOOL: debug: pool '{}': double free of object {:p} on {} at {}: {why}; not stored again\n",
                name_of(mp),
                o,
                lcore_str(lcore),
                site_name(site as usize)
            );
        }
        if good.is_empty() {
            return 0;
        }
        // SAFETY: the real handler of a tracked pool, with objects it handed out.
        unsafe { super::rte_mempool::enqueue_with(real, mp, good.as_ptr(), good.len() as u32) }
    })
}

fn report(mp: usize, pool: &Pool, when: &str) {
    let mut out: Vec<(usize, u32, usize)> = pool
        .objs
        .iter()
        .filter_map(|(&o, s)| match *s {
            Obj::Out { lcore, site } => Some((o, lcore, site)),
            Obj::In { .. } => None,
        })
        .collect();
    if out.is_empty() {
        return;
    }
    out.sort();
    let mut s =
        format!("MEMPOOL: debug: pool '{}' ({mp:#x}) at {when}: {} object(s) never returned:\n", pool.name, out.len());
    for (o, l, site) in out {
        s.push_str(&format!("MEMPOOL: debug:   object {o:#x} taken on {} at {}\n", lcore_str(l), site_name(site)));
    }
    rte_log!(ERR, MEMPOOL, "{s}");
}

/// Lists the objects `mp` never got back, and stops tracking it (its
/// handler index goes back to the real one).
///
/// # Safety
/// `mp` must be a pool being freed.
pub unsafe fn on_free(mp: *mut rte_mempool) {
    if SLOT.get().is_none() {
        return;
    }
    if let Some(pool) = with_pools(|p| p.remove(&(mp as usize))) {
        report(mp as usize, &pool, "rte_mempool_free");
        // SAFETY: a pool being freed; its real handler releases the store.
        unsafe { (*mp).ops_index = pool.real_ops };
    }
}

/// Lists, for every tracked pool, the objects never returned.
pub fn on_eal_cleanup() {
    if SLOT.get().is_none() {
        return;
    }
    with_pools(|p| {
        for (&mp, pool) in p.iter() {
            report(mp, pool, "rte_eal_cleanup");
        }
    });
}
