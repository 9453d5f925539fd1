//! External memory: memory the application maps itself and registers, as a
//! memseg list alone (`rte_extmem_*`) or given to a named malloc heap of its
//! own (`rte_malloc_heap_*`). Such lists are marked `external`; their pages
//! are never unmapped by EAL.

use rte_abi::config::{RTE_MAX_HEAPS, RTE_MAX_MEMSEG_LISTS, RTE_MAX_NUMA_NODES};
use rte_abi::memory::{rte_memseg, rte_memseg_list};

use crate::config::{self, Lock};
use crate::fbarray::{self, FbArray};
use crate::heap::{self, Heap, HEAP_NAME_LEN};
use crate::iova::BAD_IOVA;
use crate::memory::{self, heap_slot, msl_ptr, LOCAL};

/// Why an external-memory call failed (each an errno of the reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtError {
    /// Bad arguments (`EINVAL`).
    Invalid(String),
    /// Already there, or overlapping (`EEXIST`).
    Exists,
    /// Not found (`ENOENT`).
    NotFound,
    /// Still in use (`EBUSY`).
    Busy,
    /// Not allowed on an internal heap (`EPERM`).
    Permission,
    /// No room (`ENOSPC`).
    NoSpace,
    /// Out of memory for the tables (`ENOMEM`).
    NoMemory(String),
}

impl ExtError {
    /// The errno the reference sets.
    pub fn errno(&self) -> i32 {
        match self {
            ExtError::Invalid(_) => libc::EINVAL,
            ExtError::Exists => libc::EEXIST,
            ExtError::NotFound => libc::ENOENT,
            ExtError::Busy => libc::EBUSY,
            ExtError::Permission => libc::EPERM,
            ExtError::NoSpace => libc::ENOSPC,
            ExtError::NoMemory(_) => libc::ENOMEM,
        }
    }
}

fn with_write<T>(f: impl FnOnce() -> T) -> T {
    let l = config::rwlock(Lock::Memory);
    if let Some(l) = l {
        l.write_lock();
    }
    let r = f();
    if let Some(l) = l {
        l.write_unlock();
    }
    r
}

fn overlaps(start: usize, len: usize) -> bool {
    memory::for_each_list(|_, m| {
        // SAFETY: a live list header.
        let (b, l) = unsafe { ((*m).base_va as usize, (*m).len) };
        (start < b + l && b < start + len) as i32
    }) != 0
}

fn find_list(start: usize, len: usize) -> Option<usize> {
    let mut found = None;
    memory::for_each_list(|i, m| {
        // SAFETY: a live list header.
        let (b, l, ext) = unsafe { ((*m).base_va as usize, (*m).len, (*m).external) };
        if ext != 0 && b == start && l == len {
            found = Some(i);
            return 1;
        }
        0
    });
    found
}

fn check_region(
    start: usize,
    len: usize,
    iovas: Option<&[u64]>,
    n_pages: u32,
    page_sz: usize,
) -> Result<u32, ExtError> {
    if start == 0
        || len == 0
        || !page_sz.is_power_of_two()
        || !len.is_multiple_of(page_sz)
        || !start.is_multiple_of(page_sz)
    {
        return Err(ExtError::Invalid(format!("region {start:#x}+{len:#x} with {page_sz}-byte pages")));
    }
    let n = len / page_sz;
    if n > u32::MAX as usize {
        return Err(ExtError::Invalid("too many pages".into()));
    }
    if iovas.is_some() && n_pages as usize != n {
        return Err(ExtError::Invalid(format!("{n_pages} IOVAs for {n} pages")));
    }
    Ok(n as u32)
}

/// Creates an external memseg list over `[start, start+len)`, segments all
/// used. Returns its index. Called with the memory lock held.
fn add_list(
    start: usize,
    len: usize,
    iovas: Option<&[u64]>,
    page_sz: usize,
    socket: i32,
    for_heap: bool,
) -> Result<usize, ExtError> {
    let cfg = config::get().ok_or_else(|| ExtError::Invalid("EAL is not initialised".into()))?;
    let n = check_region(start, len, iovas, iovas.map_or(0, |v| v.len() as u32), page_sz)?;
    if overlaps(start, len) {
        return Err(ExtError::Exists);
    }
    let idx = (0..RTE_MAX_MEMSEG_LISTS as usize)
        // SAFETY: list headers of the live block.
        .find(|&i| unsafe { (*msl_ptr(cfg, i)).base_va.is_null() })
        .ok_or(ExtError::NoSpace)?;
    let dir = LOCAL.lock().unwrap_or_else(|e| e.into_inner()).as_ref().and_then(|l| l.runtime_dir.clone());
    let msl: *mut rte_memseg_list = msl_ptr(cfg, idx);
    let backing = match &dir {
        Some(d) => fbarray::Backing::File(d.as_path()),
        None => fbarray::Backing::Anonymous,
    };
    let name = format!("extmem-{idx}");
    // SAFETY: a free list slot of the live block, not visible to anyone yet.
    unsafe {
        fbarray::init(
            std::ptr::addr_of_mut!((*msl).memseg_arr),
            name.as_bytes(),
            n,
            std::mem::size_of::<rte_memseg>() as u32,
            backing,
        )
    }
    .map_err(|e| ExtError::NoMemory(e.to_string()))?;
    // SAFETY: the list just initialised; its fbarray is mapped.
    unsafe {
        let arr =
            FbArray::from_raw(std::ptr::addr_of!((*msl).memseg_arr)).map_err(|e| ExtError::NoMemory(e.to_string()))?;
        for s in 0..n {
            let addr = start + s as usize * page_sz;
            let ms = rte_memseg {
                iova: iovas.map_or(BAD_IOVA, |v| v[s as usize]),
                addr: addr as *mut libc::c_void,
                len: page_sz,
                hugepage_sz: page_sz as u64,
                socket_id: socket,
                nchannel: 0,
                nrank: 0,
                flags: 0,
            };
            if let Ok(p) = arr.get(s) {
                std::ptr::write_unaligned(p.cast::<rte_memseg>(), ms);
                let _ = arr.set(s, true);
            }
        }
        (*msl).page_sz = page_sz as u64;
        (*msl).socket_id = socket;
        (*msl).len = len;
        (*msl).external = 1;
        (*msl).heap = for_heap as u32;
        (*msl).version = 0;
        (*msl).base_va = start as *mut libc::c_void;
    }
    Ok(idx)
}

fn remove_list(idx: usize) {
    let Some(cfg) = config::get() else { return };
    let msl = msl_ptr(cfg, idx);
    // SAFETY: an external list of the live block, no longer in any heap.
    unsafe {
        let _ = fbarray::destroy(std::ptr::addr_of_mut!((*msl).memseg_arr));
        (*msl).base_va = std::ptr::null_mut();
        (*msl).len = 0;
    }
}

/// `rte_extmem_register`: records application memory as a memseg list.
pub fn register(start: usize, len: usize, iovas: Option<&[u64]>, page_sz: usize) -> Result<(), ExtError> {
    // The reference gives such memory an invalid socket id.
    with_write(|| add_list(start, len, iovas, page_sz, -1, false).map(|_| ()))
}

/// `rte_extmem_unregister`.
pub fn unregister(start: usize, len: usize) -> Result<(), ExtError> {
    with_write(|| {
        let idx = find_list(start, len).ok_or(ExtError::NotFound)?;
        let msl = memory::list_ptr(idx).ok_or(ExtError::NotFound)?;
        // SAFETY: a live list header.
        if unsafe { (*msl).heap } != 0 {
            return Err(ExtError::Busy);
        }
        remove_list(idx);
        Ok(())
    })
}

/// `rte_extmem_attach`/`rte_malloc_heap_memory_attach` in this process: the
/// region must have been registered (by any process sharing the config).
pub fn attach(start: usize, len: usize) -> Result<(), ExtError> {
    if start == 0 || len == 0 {
        return Err(ExtError::Invalid("NULL or empty region".into()));
    }
    find_list(start, len).map(|_| ()).ok_or(ExtError::NotFound)
}

fn check_heap_name(name: &str) -> Result<(), ExtError> {
    if name.is_empty() || name.len() >= HEAP_NAME_LEN {
        return Err(ExtError::Invalid(format!("heap name '{name}' (1 to {} characters)", HEAP_NAME_LEN - 1)));
    }
    Ok(())
}

fn heap_named(name: &str) -> Option<Heap> {
    memory::heaps().into_iter().find(|h| h.name() == name)
}

fn is_internal(h: &Heap) -> bool {
    (0..RTE_MAX_NUMA_NODES as i32).contains(&h.socket_id())
}

/// `rte_malloc_heap_create`: a named heap with a fresh socket id.
pub fn heap_create(name: &str) -> Result<i32, ExtError> {
    check_heap_name(name)?;
    let cfg = config::get().ok_or_else(|| ExtError::Invalid("EAL is not initialised".into()))?;
    with_write(|| {
        if heap_named(name).is_some() {
            return Err(ExtError::Exists);
        }
        // SAFETY: heap slots of the live block; an uninitialised one is free.
        let slot = (0..RTE_MAX_HEAPS as usize)
            .rev()
            .find(|&i| unsafe { Heap::from_raw(heap_slot(cfg, i)) }.is_none())
            .ok_or(ExtError::NoSpace)?;
        // SAFETY: the config block's counter, under the memory write lock.
        let socket = unsafe {
            if (*cfg).next_socket_id < RTE_MAX_NUMA_NODES {
                (*cfg).next_socket_id = RTE_MAX_NUMA_NODES;
            }
            let s = (*cfg).next_socket_id;
            (*cfg).next_socket_id += 1;
            s as i32
        };
        // SAFETY: a free heap slot, set up under the lock.
        unsafe { heap::init(heap_slot(cfg, slot), name, socket) };
        Ok(socket)
    })
}

/// `rte_malloc_heap_destroy`: only an external heap holding no memory.
pub fn heap_destroy(name: &str) -> Result<(), ExtError> {
    check_heap_name(name)?;
    with_write(|| {
        let h = heap_named(name).ok_or(ExtError::NotFound)?;
        if is_internal(&h) {
            return Err(ExtError::Permission);
        }
        if h.stats().heap_totalsz_bytes != 0 {
            return Err(ExtError::Busy);
        }
        // SAFETY: the heap's own slot, empty; zero marks it free.
        unsafe { std::ptr::write_bytes(h.as_ptr(), 0, 1) };
        Ok(())
    })
}

/// `rte_malloc_heap_memory_add`: application memory becomes part of the
/// external heap `name`.
pub fn heap_memory_add(
    name: &str,
    start: usize,
    len: usize,
    iovas: Option<&[u64]>,
    n_pages: u32,
    page_sz: usize,
) -> Result<(), ExtError> {
    check_heap_name(name)?;
    check_region(start, len, iovas, n_pages, page_sz)?;
    with_write(|| {
        let h = heap_named(name).ok_or(ExtError::NotFound)?;
        if is_internal(&h) {
            return Err(ExtError::Permission);
        }
        // Memory already known is refused with EBUSY, as the reference does.
        let idx = add_list(start, len, iovas, page_sz, h.socket_id(), true).map_err(|e| match e {
            ExtError::Exists => ExtError::Busy,
            e => e,
        })?;
        // SAFETY: the application hands this memory over to the heap.
        if let Err(e) = unsafe { h.add_memory(start as *mut u8, len) } {
            remove_list(idx);
            return Err(ExtError::Invalid(format!("heap refused the region: {e:?}")));
        }
        memory::notify(0, start, len);
        Ok(())
    })
}

/// `rte_malloc_heap_memory_remove`: the whole region must be free.
pub fn heap_memory_remove(name: &str, start: usize, len: usize) -> Result<(), ExtError> {
    check_heap_name(name)?;
    if start == 0 || len == 0 {
        return Err(ExtError::Invalid("NULL or empty region".into()));
    }
    with_write(|| {
        let h = heap_named(name).ok_or(ExtError::NotFound)?;
        if is_internal(&h) {
            return Err(ExtError::Permission);
        }
        let idx = find_list(start, len).ok_or(ExtError::NotFound)?;
        h.remove_memory(start as *mut u8, len).map_err(|_| ExtError::Busy)?;
        memory::notify(1, start, len);
        remove_list(idx);
        Ok(())
    })
}
