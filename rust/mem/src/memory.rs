//! The memory map: memseg lists (one per page size and socket, each a VA
//! reservation with an fbarray of `rte_memseg`), filled at init
//! (`--no-huge`, `--legacy-mem`, `-m`/`--socket-mem`) or on demand as malloc
//! heaps grow, and emptied again as heaps shrink (dynamic memory). One
//! malloc heap per socket lives in the shared configuration.

use std::path::PathBuf;
use std::sync::Mutex;

use rte_abi::config::{
    RTE_MAX_HEAPS, RTE_MAX_MEMSEG_LISTS, RTE_MAX_MEMSEG_PER_LIST, RTE_MAX_MEM_MB_PER_LIST, RTE_MAX_NUMA_NODES,
};
use rte_abi::memory::{rte_memseg, rte_memseg_list, RTE_MEMSEG_FLAG_DO_NOT_FREE};

use crate::config::{self, Lock, MemConfig};
use crate::fbarray;
use crate::heap::{self, Heap};
use crate::hugepage::{self, SysPaths};
use crate::iova;
use crate::segalloc::{self, Backing, Unlink};

/// Size of a `--no-huge` memory pool when `-m` is not given (the reference's).
pub const NO_HUGE_DEFAULT: u64 = 64 << 20;
const SMALL_PAGE: u64 = 4096;

/// What `rte_eal_init` asked of memory.
#[derive(Debug, Clone)]
pub struct MemOptions {
    /// --no-huge.
    pub no_huge: bool,
    /// --in-memory.
    pub in_memory: bool,
    /// --legacy-mem.
    pub legacy_mem: bool,
    /// --single-file-segments.
    pub single_file_segments: bool,
    /// --huge-unlink.
    pub unlink: Unlink,
    /// -m, bytes.
    pub memory: Option<u64>,
    /// --socket-mem, bytes per socket.
    pub socket_mem: Option<Vec<u64>>,
    /// --huge-dir.
    pub huge_dir: Option<PathBuf>,
    /// --file-prefix.
    pub prefix: String,
    /// --base-virtaddr.
    pub base_virtaddr: Option<usize>,
    /// NUMA sockets of the machine.
    pub sockets: Vec<u32>,
    /// IOVA as VA (else PA through pagemap).
    pub iova_va: bool,
    /// Runtime directory for shared fbarrays (None: anonymous, --no-shconf).
    pub runtime_dir: Option<PathBuf>,
    /// Where sysfs and procfs facts are read.
    pub sys: SysPaths,
    /// --match-allocations: pages go back to the system only as whole
    /// batches, exactly as they were mapped.
    pub match_allocations: bool,
}

/// What can go wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemError {
    /// Hugepages were asked for and none can be had (the hint says how).
    NoHugepages(String),
    /// Not enough memory.
    NoMemory(String),
    /// A bad argument.
    InvalidArgument(String),
    /// An OS call failed.
    Os {
        /// What was being done.
        what: String,
        /// errno.
        errno: i32,
    },
}

impl std::fmt::Display for MemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MemError::NoHugepages(h) => write!(f, "{h}"),
            MemError::NoMemory(w) => write!(f, "out of memory: {w}"),
            MemError::InvalidArgument(w) => write!(f, "invalid argument: {w}"),
            MemError::Os { what, errno } => {
                write!(f, "{what}: {}", std::io::Error::from_raw_os_error(*errno))
            }
        }
    }
}

impl From<crate::pages::MapError> for MemError {
    fn from(e: crate::pages::MapError) -> Self {
        if e.errno == libc::ENOMEM {
            MemError::NoMemory(e.what)
        } else {
            MemError::Os { what: e.what, errno: e.errno }
        }
    }
}

impl From<crate::error::Error> for MemError {
    fn from(e: crate::error::Error) -> Self {
        MemError::Os { what: e.to_string(), errno: libc::EIO }
    }
}

/// A memory event callback (`rte_mem_event_callback_t`): event (0 alloc,
/// 1 free), address, length, argument.
pub type EventCb = unsafe extern "C" fn(i32, *const libc::c_void, usize, *mut libc::c_void);
/// An allocation validator (`rte_mem_alloc_validator_t`): socket, limit,
/// new total; negative refuses the allocation.
pub type ValidatorCb = unsafe extern "C" fn(i32, usize, usize) -> i32;

struct Hooks {
    events: Vec<(String, EventCb, usize)>,
    validators: Vec<(String, ValidatorCb, i32, usize)>,
}

static HOOKS: Mutex<Hooks> = Mutex::new(Hooks { events: Vec::new(), validators: Vec::new() });

/// Why a hook registration failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookError {
    /// Same name (and argument/socket) registered already (`EEXIST`).
    Exists,
    /// Nothing registered under that name (`ENOENT`).
    NotFound,
    /// Memory is static (`--legacy-mem`/`--no-huge`): no events (`ENOTSUP`).
    Static,
}

fn is_dynamic() -> bool {
    LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|l| l.dynamic)
}

/// Adds `item` to the list `pick` selects unless `same` matches an entry.
fn hook_add<T>(
    pick: impl FnOnce(&mut Hooks) -> &mut Vec<T>,
    item: T,
    same: impl Fn(&T) -> bool,
) -> Result<(), HookError> {
    if !is_dynamic() {
        return Err(HookError::Static);
    }
    let mut h = HOOKS.lock().unwrap_or_else(|e| e.into_inner());
    let list = pick(&mut h);
    if list.iter().any(same) {
        return Err(HookError::Exists);
    }
    list.push(item);
    Ok(())
}

/// Removes the entries `same` matches from the list `pick` selects.
fn hook_remove<T>(pick: impl FnOnce(&mut Hooks) -> &mut Vec<T>, same: impl Fn(&T) -> bool) -> Result<(), HookError> {
    if !is_dynamic() {
        return Err(HookError::Static);
    }
    let mut h = HOOKS.lock().unwrap_or_else(|e| e.into_inner());
    let list = pick(&mut h);
    let n = list.len();
    list.retain(|e| !same(e));
    if list.len() == n {
        Err(HookError::NotFound)
    } else {
        Ok(())
    }
}

/// Registers a memory event callback.
pub fn event_callback_register(name: &str, cb: EventCb, arg: usize) -> Result<(), HookError> {
    hook_add(|h| &mut h.events, (name.to_string(), cb, arg), |e| e.0 == name && e.2 == arg)
}

/// Unregisters a memory event callback.
pub fn event_callback_unregister(name: &str, arg: usize) -> Result<(), HookError> {
    hook_remove(|h| &mut h.events, |e| e.0 == name && e.2 == arg)
}

/// Registers an allocation validator for `socket` above `limit` bytes.
pub fn validator_register(name: &str, cb: ValidatorCb, socket: i32, limit: usize) -> Result<(), HookError> {
    hook_add(|h| &mut h.validators, (name.to_string(), cb, socket, limit), |v| v.0 == name && v.2 == socket)
}

/// Unregisters an allocation validator.
pub fn validator_unregister(name: &str, socket: i32) -> Result<(), HookError> {
    hook_remove(|h| &mut h.validators, |v| v.0 == name && v.2 == socket)
}

pub(crate) fn notify(event: i32, addr: usize, len: usize) {
    let events = HOOKS.lock().unwrap_or_else(|e| e.into_inner()).events.clone();
    for (_, cb, arg) in events {
        // SAFETY: the application's callback, called as its type documents.
        unsafe { cb(event, addr as *const libc::c_void, len, arg as *mut libc::c_void) };
    }
}

/// Whether the validators of `socket` let its memory grow to `new_total`.
fn validated(socket: u32, new_total: usize) -> bool {
    let vals = HOOKS.lock().unwrap_or_else(|e| e.into_inner()).validators.clone();
    vals.iter().filter(|v| v.2 == socket as i32 && new_total > v.3).all(|(_, cb, s, limit)| {
        // SAFETY: the application's validator, called as its type documents.
        unsafe { cb(*s, *limit, new_total) >= 0 }
    })
}

/// Process-local facts about each list: how its pages are backed.
pub(crate) struct Local {
    pub(crate) lists: Vec<Option<Backing>>,
    /// Where shared fbarrays live (None: anonymous).
    pub(crate) runtime_dir: Option<PathBuf>,
    dynamic: bool,
    iova_va: bool,
    /// With --match-allocations: every batch of pages mapped by one heap
    /// growth, keyed by (list, first segment), valued by its page count.
    batches: Option<std::collections::BTreeMap<(usize, u32), u32>>,
}

/// Whether memory is dynamic (pages given back on free): a copy of
/// `Local::dynamic` readable without the mutex.
static DYNAMIC: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) static LOCAL: Mutex<Option<Local>> = Mutex::new(None);

/// Pages per memseg list that this process mapped on demand (not marked
/// DO_NOT_FREE): `release_free_range` runs after every rte_free and answers
/// at once for lists holding none, such as preallocated (-m) memory.
static FREEABLE: [std::sync::atomic::AtomicU32; RTE_MAX_MEMSEG_LISTS as usize] =
    [const { std::sync::atomic::AtomicU32::new(0) }; RTE_MAX_MEMSEG_LISTS as usize];

fn count_freeable(idx: usize, n: u32, add: bool) {
    // ORDERING: updated under the memory hotplug write lock; read without
    // it only as a hint (a stale zero skips one chance to release, which
    // the next free retries; a stale non-zero costs the slow check).
    let c = &FREEABLE[idx];
    if add {
        c.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    } else {
        let _ = c.fetch_update(std::sync::atomic::Ordering::Relaxed, std::sync::atomic::Ordering::Relaxed, |v| {
            Some(v.saturating_sub(n))
        });
    }
}

fn cfg() -> Option<*mut MemConfig> {
    config::get()
}

pub(crate) fn msl_ptr(cfg: *mut MemConfig, i: usize) -> *mut rte_memseg_list {
    // SAFETY: i < RTE_MAX_MEMSEG_LISTS by the callers; the block is live.
    unsafe { std::ptr::addr_of_mut!((*cfg).memsegs[i]) }
}

/// The heap of `socket` (heap index = socket id, as the reference's
/// internal heaps).
pub fn heap(socket: u32) -> Option<Heap> {
    let cfg = cfg()?;
    // Internal heap n sits in slot n (a direct look-up: this is on every
    // rte_malloc); external heaps, with ids from RTE_MAX_NUMA_NODES up, in
    // any free slot.
    if socket < RTE_MAX_NUMA_NODES {
        // SAFETY: the live config block's heap slot; from_raw checks it is set up.
        return unsafe { Heap::from_raw(heap_slot(cfg, socket as usize)) }.filter(|h| h.socket_id() == socket as i32);
    }
    // SAFETY: heap slots of the live block; from_raw checks each is set up.
    (0..RTE_MAX_HEAPS as usize)
        .filter_map(|i| unsafe { Heap::from_raw(heap_slot(cfg, i)) })
        .find(|h| h.socket_id() == socket as i32)
}

pub(crate) fn heap_slot(cfg: *mut MemConfig, i: usize) -> *mut crate::heap::HeapState {
    // SAFETY: i < RTE_MAX_HEAPS by the callers; the block is live.
    unsafe { std::ptr::addr_of_mut!((*cfg).heaps[i]) }
}

/// Every heap set up, by slot, without allocating.
pub fn heaps_iter() -> impl Iterator<Item = Heap> {
    let cfg = cfg();
    // SAFETY: heap slots of the live block; from_raw checks each is set up.
    (0..RTE_MAX_HEAPS as usize).filter_map(move |i| cfg.and_then(|c| unsafe { Heap::from_raw(heap_slot(c, i)) }))
}

/// Every heap set up (internal and external), by slot.
pub fn heaps() -> Vec<Heap> {
    let Some(cfg) = cfg() else { return Vec::new() };
    // SAFETY: heap slots of the live block; from_raw checks each is set up.
    (0..RTE_MAX_HEAPS as usize).filter_map(|i| unsafe { Heap::from_raw(heap_slot(cfg, i)) }).collect()
}

fn new_list(
    cfg: *mut MemConfig,
    page_sz: u64,
    socket: u32,
    n_segs: u32,
    backing: Backing,
    hint: Option<usize>,
    runtime_dir: Option<&PathBuf>,
) -> Result<usize, MemError> {
    let idx = (0..RTE_MAX_MEMSEG_LISTS as usize)
        // SAFETY: reading base_va of list slots in the live block.
        .find(|&i| unsafe { (*msl_ptr(cfg, i)).base_va.is_null() })
        .ok_or_else(|| MemError::NoMemory(format!("all {RTE_MAX_MEMSEG_LISTS} memseg lists are in use")))?;
    let len = n_segs as u64 * page_sz;
    let align = page_sz.max(2 << 20) as usize;
    let base = crate::pages::reserve_va(len as usize, align, hint)?;
    let msl = msl_ptr(cfg, idx);
    let name = format!("memseg-{}k-{socket}-{idx}", page_sz >> 10);
    let fb_backing = match runtime_dir {
        Some(d) => fbarray::Backing::File(d.as_path()),
        None => fbarray::Backing::Anonymous,
    };
    // SAFETY: the list's fbarray struct inside the live block; not yet
    // visible to anyone (base_va is still null).
    if let Err(e) = unsafe {
        fbarray::init(
            std::ptr::addr_of_mut!((*msl).memseg_arr),
            name.as_bytes(),
            n_segs,
            std::mem::size_of::<rte_memseg>() as u32,
            fb_backing,
        )
    } {
        // SAFETY: our own fresh reservation.
        unsafe { crate::pages::release_va(base, len as usize) };
        return Err(e.into());
    }
    // SAFETY: filling in the list's header (base_va last: it marks the slot used).
    unsafe {
        (*msl).page_sz = page_sz;
        (*msl).socket_id = socket as i32;
        (*msl).version = 0;
        (*msl).len = len as usize;
        (*msl).external = 0;
        (*msl).heap = 1;
        (*msl).base_va = base as *mut libc::c_void;
    }
    let mut local = LOCAL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(l) = local.as_mut() {
        l.lists[idx] = Some(backing);
    }
    Ok(idx)
}

/// Fills in segments `[first, first+n)` of list `idx` after their pages
/// were mapped, and marks them used.
fn fill_segments(cfg: *mut MemConfig, idx: usize, first: u32, n: u32, iova_va: bool, flags: u32) {
    let msl = msl_ptr(cfg, idx);
    // SAFETY: the live list; segments in range, written whole (packed) and
    // published by set_used under the memory hotplug write lock.
    unsafe {
        let Ok(arr) = crate::fbarray::FbArray::from_raw(std::ptr::addr_of!((*msl).memseg_arr)) else {
            return;
        };
        let base = (*msl).base_va as usize;
        let page_sz = (*msl).page_sz;
        for s in first..first + n {
            let Ok(slot) = arr.get(s) else { break };
            let addr = base + (s as u64 * page_sz) as usize;
            let iova = if iova_va { addr as u64 } else { iova::virt2phy(addr).unwrap_or(iova::BAD_IOVA) };
            let ms = rte_memseg {
                iova,
                addr: addr as *mut libc::c_void,
                len: page_sz as usize,
                hugepage_sz: page_sz,
                socket_id: (*msl).socket_id,
                nchannel: (*cfg).nchannel,
                nrank: (*cfg).nrank,
                flags,
            };
            std::ptr::write_unaligned(slot.cast::<rte_memseg>(), ms);
            let _ = arr.set(s, true);
        }
        (*msl).version = (*msl).version.wrapping_add(1);
    }
}

/// Maps `n_pages` more pages in a list of `socket` (page size `page_sz`, or
/// any when None) and gives them to that socket's heap. Returns the new
/// memory's range.
pub fn grow(socket: u32, bytes: u64, page_sz: Option<u64>, flags: u32) -> Result<(usize, usize), MemError> {
    let cfg = cfg().ok_or_else(|| MemError::InvalidArgument("EAL memory is not initialised".into()))?;
    let lock = config::rwlock(Lock::Memory);
    if let Some(l) = lock {
        l.write_lock();
    }
    let r = grow_locked(cfg, socket, bytes, page_sz, flags);
    if let Some(l) = lock {
        l.write_unlock();
    }
    r
}

fn grow_locked(
    cfg: *mut MemConfig,
    socket: u32,
    bytes: u64,
    page_sz: Option<u64>,
    flags: u32,
) -> Result<(usize, usize), MemError> {
    let (iova_va, backings) = {
        let local = LOCAL.lock().unwrap_or_else(|e| e.into_inner());
        let l = local.as_ref().ok_or_else(|| MemError::InvalidArgument("EAL memory is not initialised".into()))?;
        (l.iova_va, l.lists.clone())
    };
    // Candidate lists: this socket, the wanted page size, heap memory.
    let mut candidates: Vec<usize> = (0..RTE_MAX_MEMSEG_LISTS as usize)
        .filter(|&i| {
            let msl = msl_ptr(cfg, i);
            // SAFETY: reading list headers of the live block.
            unsafe {
                !(*msl).base_va.is_null()
                    && (*msl).socket_id == socket as i32
                    && (*msl).external == 0
                    && page_sz.is_none_or(|p| (*msl).page_sz == p)
                    && backings[i].is_some()
            }
        })
        .collect();
    // Smallest page size that is at least 1/8 of the request first: little
    // waste for small requests, few pages for big ones.
    // SAFETY: reading page_sz of live lists.
    candidates.sort_by_key(|&i| unsafe { (*msl_ptr(cfg, i)).page_sz });
    let mut last_err = MemError::NoMemory(format!(
        "no memory of socket {socket}{}",
        page_sz.map(|p| format!(" in {} kB pages", p >> 10)).unwrap_or_default()
    ));
    for i in candidates {
        let msl = msl_ptr(cfg, i);
        // SAFETY: the live list.
        let (base, psz) = unsafe { ((*msl).base_va as usize, (*msl).page_sz) };
        let n = bytes.div_ceil(psz).max(1);
        if n > u32::MAX as u64 {
            continue;
        }
        // SAFETY: the list's fbarray in the live block.
        let arr = unsafe { std::ptr::addr_of_mut!((*msl).memseg_arr) };
        // SAFETY: as above.
        let Some(first) = fb::next_n_free(arr, 0, n as u32) else {
            continue;
        };
        let backing = backings[i].clone().expect("candidate lists have a backing");
        let current = heap(socket).map_or(0, |h| h.stats().heap_totalsz_bytes);
        if !validated(socket, current + (n * psz) as usize) {
            return Err(MemError::NoMemory(format!(
                "an allocation validator refused {} more bytes on socket {socket}",
                n * psz
            )));
        }
        // SAFETY: the segments are free, so their pages are unused parts of
        // our reservation.
        let mapped =
            unsafe { segalloc::map_segments(i as u32, base, psz, (*msl).len as u64, first, n as u32, &backing) };
        match mapped {
            Ok(()) => {
                fill_segments(cfg, i, first, n as u32, iova_va, flags);
                if flags & RTE_MEMSEG_FLAG_DO_NOT_FREE == 0 {
                    count_freeable(i, n as u32, true);
                }
                if flags & RTE_MEMSEG_FLAG_DO_NOT_FREE == 0 {
                    if let Some(b) =
                        LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_mut().and_then(|l| l.batches.as_mut())
                    {
                        b.insert((i, first), n as u32);
                    }
                }
                let start = base + (first as u64 * psz) as usize;
                let len = (n * psz) as usize;
                if let Some(h) = heap(socket) {
                    // SAFETY: freshly mapped memory nobody else uses.
                    if let Err(e) = unsafe { h.add_memory(start as *mut u8, len) } {
                        if flags & RTE_MEMSEG_FLAG_DO_NOT_FREE != 0 {
                            count_freeable(i, n as u32, true); // shrink_locked takes them off
                        }
                        shrink_locked(cfg, i, first, n as u32);
                        return Err(MemError::NoMemory(format!("heap refused new memory: {e:?}")));
                    }
                }
                notify(0, start, len);
                return Ok((start, len));
            }
            Err(e) => last_err = e.into(),
        }
    }
    Err(last_err)
}

fn shrink_locked(cfg: *mut MemConfig, idx: usize, first: u32, n: u32) {
    count_freeable(idx, n, false);
    let msl = msl_ptr(cfg, idx);
    let backing = LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|l| l.lists[idx].clone());
    let Some(backing) = backing else { return };
    // SAFETY: the live list's header.
    let (base, psz) = unsafe { ((*msl).base_va as usize, (*msl).page_sz) };
    notify(1, base + (first as u64 * psz) as usize, (n as u64 * psz) as usize);
    // SAFETY: the live list; the segments were ours and are no longer in
    // any heap.
    unsafe {
        let arr = std::ptr::addr_of_mut!((*msl).memseg_arr);
        for s in first..first + n {
            let _ = fb::set(arr, s, false);
            std::ptr::write_bytes(fb::get(arr, s), 0, std::mem::size_of::<rte_memseg>());
        }
        segalloc::unmap_segments(idx as u32, (*msl).base_va as usize, (*msl).page_sz, first, n, &backing);
        (*msl).version = (*msl).version.wrapping_add(1);
    }
}

/// After a heap free: gives whole, freeable pages inside `[start, start+len)`
/// back to the system (dynamic memory only).
pub fn release_free_range(socket: u32, start: usize, len: usize) {
    // Cheap checks first: this runs after every rte_free.
    if len < SMALL_PAGE as usize || !DYNAMIC.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let Some(cfg) = cfg() else { return };
    let Some((idx, _)) = virt2memseg_idx(start) else {
        return;
    };
    // ORDERING: a hint; see FREEABLE.
    if FREEABLE[idx].load(std::sync::atomic::Ordering::Relaxed) == 0 {
        return;
    }
    let msl = msl_ptr(cfg, idx);
    // SAFETY: the live list header.
    let (base, psz) = unsafe { ((*msl).base_va as usize, (*msl).page_sz as usize) };
    let lo = start.div_ceil(psz) * psz;
    let hi = (start + len) / psz * psz;
    if hi <= lo {
        return;
    }
    let lock = config::rwlock(Lock::Memory);
    if let Some(l) = lock {
        l.write_lock();
    }
    let mut s = ((lo - base) / psz) as u32;
    let end = ((hi - base) / psz) as u32;
    // --match-allocations: only batches lying wholly in the free range go.
    let whole_batches = LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_mut().and_then(|l| {
        let b = l.batches.as_mut()?;
        let fit: Vec<(u32, u32)> =
            b.range((idx, s)..(idx, end)).filter(|(&(_, f), &n)| f + n <= end).map(|(&(_, f), &n)| (f, n)).collect();
        for (f, _) in &fit {
            b.remove(&(idx, *f));
        }
        Some(fit)
    });
    if let Some(fit) = whole_batches {
        for (first, n) in fit {
            let a = base + first as usize * psz;
            if let Some(h) = heap(socket) {
                if h.remove_memory(a as *mut u8, n as usize * psz).is_ok() {
                    shrink_locked(cfg, idx, first, n);
                    continue;
                }
            }
            // Still in use after all: the batch stays.
            if let Some(b) = LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_mut().and_then(|l| l.batches.as_mut()) {
                b.insert((idx, first), n);
            }
        }
        if let Some(l) = lock {
            l.write_unlock();
        }
        return;
    }
    // Keep pages marked DO_NOT_FREE (preallocated at init).
    // SAFETY: the list's fbarray in the live block.
    let segs = unsafe { crate::fbarray::FbArray::from_raw(std::ptr::addr_of_mut!((*msl).memseg_arr)) };
    let Ok(segs) = segs else {
        if let Some(l) = lock {
            l.write_unlock();
        }
        return;
    };
    let keep = |s: u32| {
        segs.get(s).is_ok_and(|p| {
            // SAFETY: a segment of the live list, read whole (packed).
            let ms = unsafe { std::ptr::read_unaligned(p.cast::<rte_memseg>()) };
            ms.flags & RTE_MEMSEG_FLAG_DO_NOT_FREE != 0
        })
    };
    while s < end {
        if keep(s) {
            s += 1;
            continue;
        }
        let run_start = s;
        while s < end && !keep(s) {
            s += 1;
        }
        let a = base + run_start as usize * psz;
        let n = s - run_start;
        if let Some(h) = heap(socket) {
            if h.remove_memory(a as *mut u8, n as usize * psz).is_ok() {
                shrink_locked(cfg, idx, run_start, n);
            }
        }
    }
    if let Some(l) = lock {
        l.write_unlock();
    }
}

/// The list and segment index holding `addr`.
pub fn virt2memseg_idx(addr: usize) -> Option<(usize, u32)> {
    let cfg = cfg()?;
    (0..RTE_MAX_MEMSEG_LISTS as usize).find_map(|i| {
        let msl = msl_ptr(cfg, i);
        // SAFETY: reading a live list header and its fbarray.
        unsafe {
            let base = (*msl).base_va as usize;
            if base == 0 || addr < base || addr >= base + (*msl).len {
                return None;
            }
            let s = ((addr - base) as u64 / (*msl).page_sz) as u32;
            let arr = std::ptr::addr_of_mut!((*msl).memseg_arr);
            fb::is_used(arr, s).then_some((i, s))
        }
    })
}

/// Address of list `idx`'s struct.
pub fn list_ptr(idx: usize) -> Option<*mut rte_memseg_list> {
    let cfg = cfg()?;
    // SAFETY: reading a list header of the live block.
    (idx < RTE_MAX_MEMSEG_LISTS as usize && unsafe { !(*msl_ptr(cfg, idx)).base_va.is_null() })
        .then(|| msl_ptr(cfg, idx))
}

/// Address of segment `seg` of list `idx`.
pub fn seg_ptr(idx: usize, seg: u32) -> Option<*mut rte_memseg> {
    let msl = list_ptr(idx)?;
    // SAFETY: the live list's fbarray.
    unsafe { Some(fb::get(std::ptr::addr_of_mut!((*msl).memseg_arr), seg).cast()) }
}

/// Page size of the memseg holding `addr`.
pub fn page_size_of(addr: usize) -> Option<u64> {
    let (i, _) = virt2memseg_idx(addr)?;
    // SAFETY: a live list header.
    list_ptr(i).map(|m| unsafe { (*m).page_sz })
}

/// The IOVA of `addr`, or BAD_IOVA when it is not in a memseg.
pub fn virt2iova(addr: usize) -> u64 {
    let Some((i, s)) = virt2memseg_idx(addr) else {
        return iova::BAD_IOVA;
    };
    let Some(ms) = seg_ptr(i, s) else {
        return iova::BAD_IOVA;
    };
    // SAFETY: a used segment of a live list, read whole (packed).
    let ms = unsafe { std::ptr::read_unaligned(ms) };
    if ms.iova == iova::BAD_IOVA {
        return ms.iova;
    }
    ms.iova + (addr - ms.addr as usize) as u64
}

/// Sets up memory as the options ask: lists, heaps, and what must be
/// allocated up front. On failure everything taken is given back.
pub fn init(opts: &MemOptions) -> Result<(), MemError> {
    let cfg = cfg().ok_or_else(|| MemError::InvalidArgument("no shared config".into()))?;
    *LOCAL.lock().unwrap_or_else(|e| e.into_inner()) = Some(Local {
        lists: vec![None; RTE_MAX_MEMSEG_LISTS as usize],
        runtime_dir: opts.runtime_dir.clone(),
        dynamic: !opts.no_huge && !opts.legacy_mem,
        iova_va: opts.iova_va,
        batches: opts.match_allocations.then(std::collections::BTreeMap::new),
    });
    for &s in &opts.sockets {
        if s < RTE_MAX_HEAPS {
            // SAFETY: the heap slot of the live block, set up once here.
            unsafe { heap::init(std::ptr::addr_of_mut!((*cfg).heaps[s as usize]), &format!("socket_{s}"), s as i32) };
        }
    }
    DYNAMIC.store(!opts.no_huge && !opts.legacy_mem, std::sync::atomic::Ordering::Relaxed);
    let r = init_lists(cfg, opts);
    if r.is_err() {
        cleanup();
    }
    r
}

fn init_lists(cfg: *mut MemConfig, opts: &MemOptions) -> Result<(), MemError> {
    if opts.no_huge {
        // One list of 4 KiB pages, all mapped now from one memfd, never freed.
        let size = opts.memory.unwrap_or(NO_HUGE_DEFAULT).div_ceil(SMALL_PAGE) * SMALL_PAGE;
        let n = size / SMALL_PAGE;
        if n > u32::MAX as u64 {
            return Err(MemError::InvalidArgument(format!("-m {} MiB is too much for --no-huge", size >> 20)));
        }
        new_list(cfg, SMALL_PAGE, 0, n as u32, Backing::NoHuge, opts.base_virtaddr, opts.runtime_dir.as_ref())?;
        return grow(0, size, Some(SMALL_PAGE), RTE_MEMSEG_FLAG_DO_NOT_FREE).map(|_| ());
    }

    let sizes = hugepage::discover(&opts.sys, opts.huge_dir.as_deref());
    let usable: Vec<&hugepage::HugepageSize> =
        sizes.iter().filter(|s| (opts.in_memory || s.mount.is_some()) && s.free > 0).collect();
    if usable.is_empty() {
        return Err(MemError::NoHugepages(hugepage::none_available_hint(&sizes)));
    }
    let mut hint = opts.base_virtaddr;
    for hp in &usable {
        if let (Some(dir), false) = (&hp.mount, opts.unlink == Unlink::Never) {
            segalloc::remove_stale(dir, &opts.prefix);
        }
        let backing = if opts.in_memory {
            Backing::HugeMemfd
        } else {
            Backing::Hugetlbfs {
                dir: hp.mount.clone().expect("filtered on mount"),
                prefix: opts.prefix.clone(),
                single_file: opts.single_file_segments,
                unlink: opts.unlink,
            }
        };
        let n_segs = (RTE_MAX_MEMSEG_PER_LIST as u64).min(((RTE_MAX_MEM_MB_PER_LIST as u64) << 20) / hp.size) as u32;
        for &socket in &opts.sockets {
            let idx = new_list(cfg, hp.size, socket, n_segs, backing.clone(), hint, opts.runtime_dir.as_ref())?;
            // SAFETY: the list just created.
            hint = hint.map(|h| h + unsafe { (*msl_ptr(cfg, idx)).len });
        }
    }
    // Memory asked for up front: -m / --socket-mem, or all of it with
    // --legacy-mem and neither given. It is never given back.
    let mut want: Vec<(u32, u64)> = Vec::new();
    if let Some(per) = &opts.socket_mem {
        for (s, &b) in per.iter().enumerate() {
            if b > 0 {
                want.push((s as u32, b));
            }
        }
    } else if let Some(m) = opts.memory {
        want.push((opts.sockets[0], m));
    } else if opts.legacy_mem {
        for hp in &usable {
            for (s, &free) in hp.free_per_node.iter().enumerate() {
                if free > 0 && opts.sockets.contains(&(s as u32)) {
                    want.push((s as u32, free * hp.size));
                }
            }
            if hp.free_per_node.is_empty() {
                want.push((opts.sockets[0], hp.free * hp.size));
            }
        }
    }
    for (socket, bytes) in want {
        if !opts.sockets.contains(&socket) {
            return Err(MemError::InvalidArgument(format!("--socket-mem asks for socket {socket}, which has no CPUs")));
        }
        let mut left = bytes;
        while left > 0 {
            // Page by page size: largest first, as much as fits.
            let (_, len) = grow(socket, left, None, RTE_MEMSEG_FLAG_DO_NOT_FREE).map_err(|e| {
                let free: Vec<String> = usable
                    .iter()
                    .map(|hp| {
                        let n = hp.free_per_node.get(socket as usize).copied().unwrap_or(hp.free);
                        format!("{} x {} kB", n, hp.size >> 10)
                    })
                    .collect();
                MemError::NoMemory(format!(
                    "cannot preallocate {} MiB on socket {socket} ({} MiB still missing; free hugepages there at \
                     start: {}; raise nr_hugepages or ask for less with -m/--socket-mem): {e}",
                    bytes >> 20,
                    left.div_ceil(1 << 20),
                    free.join(", ")
                ))
            })?;
            left = left.saturating_sub(len as u64);
        }
    }
    Ok(())
}

/// Unmaps everything and removes this process's hugepage files.
pub fn cleanup() {
    let Some(cfg) = cfg() else { return };
    DYNAMIC.store(false, std::sync::atomic::Ordering::Relaxed);
    for c in &FREEABLE {
        c.store(0, std::sync::atomic::Ordering::Relaxed);
    }
    let backings = LOCAL.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some(local) = backings else { return };
    for (i, b) in local.lists.iter().enumerate() {
        let msl = msl_ptr(cfg, i);
        let Some(b) = b else {
            // External memory: the application's pages stay; the table goes.
            // SAFETY: our own list header and fbarray.
            unsafe {
                if !(*msl).base_va.is_null() {
                    let _ = fbarray::destroy(std::ptr::addr_of_mut!((*msl).memseg_arr));
                    (*msl).base_va = std::ptr::null_mut();
                }
            }
            continue;
        };
        // SAFETY: our own lists; nothing uses their memory after cleanup.
        unsafe {
            let base = (*msl).base_va as usize;
            let len = (*msl).len;
            crate::pages::release_va(base, len);
            segalloc::release_list(i as u32, b);
            let _ = fbarray::destroy(std::ptr::addr_of_mut!((*msl).memseg_arr));
            (*msl).base_va = std::ptr::null_mut();
        }
    }
}

/// Visits every list in use.
pub fn for_each_list(mut f: impl FnMut(usize, *mut rte_memseg_list) -> i32) -> i32 {
    for i in 0..RTE_MAX_MEMSEG_LISTS as usize {
        if let Some(p) = list_ptr(i) {
            let r = f(i, p);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// Used segment indexes of list `idx`.
pub fn used_segments(idx: usize) -> Vec<u32> {
    let Some(msl) = list_ptr(idx) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // SAFETY: the live list's fbarray.
    let arr = unsafe { std::ptr::addr_of_mut!((*msl).memseg_arr) };
    let mut s = 0u32;
    while let Some(i) = fb::next(arr, s, true) {
        out.push(i);
        s = i + 1;
    }
    out
}

/// Pointer-level shorthands over [`FbArray`] for the memseg and memzone
/// tables, which live in the shared configuration.
pub(crate) mod fb {
    use rte_abi::memory::rte_fbarray;

    use crate::fbarray::FbArray;
    use crate::Error;

    fn h(arr: *mut rte_fbarray) -> Result<FbArray, Error> {
        // SAFETY: callers pass tables of the live configuration block,
        // set up by fbarray::init and mapped for the process's life.
        unsafe { FbArray::from_raw(arr) }
    }

    /// Element `idx`'s address (NULL when out of range).
    pub fn get(arr: *mut rte_fbarray, idx: u32) -> *mut u8 {
        h(arr).and_then(|a| a.get(idx)).map_or(std::ptr::null_mut(), |p| p.cast())
    }

    /// Marks `idx` used or free.
    pub fn set(arr: *mut rte_fbarray, idx: u32, used: bool) -> Result<(), Error> {
        h(arr)?.set(idx, used)
    }

    /// Whether `idx` is used.
    pub fn is_used(arr: *mut rte_fbarray, idx: u32) -> bool {
        h(arr).and_then(|a| a.is_used(idx)).unwrap_or(false)
    }

    /// First used (or free) index at or after `start`.
    pub fn next(arr: *mut rte_fbarray, start: u32, used: bool) -> Option<u32> {
        h(arr).and_then(|a| a.find_next(start, used)).ok()
    }

    /// First run of `n` free entries at or after `start`.
    pub fn next_n_free(arr: *mut rte_fbarray, start: u32, n: u32) -> Option<u32> {
        h(arr).and_then(|a| a.find_next_n(start, n, false)).ok()
    }
}
