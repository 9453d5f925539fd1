//! `rte_memory.h`: memory segments, address translation, walks, DMA masks,
//! memory event callbacks.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use rte_abi::eal::rte_iova_mode;
use rte_abi::memory::{rte_memseg, rte_memseg_list};
use rte_eal::{init, rte_log, tls, Error};
use rte_mem::config::{self, Lock};
use rte_mem::ext::{self, ExtError};
use rte_mem::memory::{self, HookError};

use crate::boundary::fail;

const BAD_IOVA: u64 = u64::MAX;

/// `rte_memseg_walk_t`.
pub type rte_memseg_walk_t =
    Option<unsafe extern "C" fn(*const rte_memseg_list, *const rte_memseg, *mut c_void) -> c_int>;
/// `rte_memseg_contig_walk_t`.
pub type rte_memseg_contig_walk_t =
    Option<unsafe extern "C" fn(*const rte_memseg_list, *const rte_memseg, usize, *mut c_void) -> c_int>;
/// `rte_memseg_list_walk_t`.
pub type rte_memseg_list_walk_t = Option<unsafe extern "C" fn(*const rte_memseg_list, *mut c_void) -> c_int>;
/// `rte_mem_event_callback_t`.
pub type rte_mem_event_callback_t = Option<memory::EventCb>;
/// `rte_mem_alloc_validator_t`.
pub type rte_mem_alloc_validator_t = Option<memory::ValidatorCb>;

fn read_lock<T>(f: impl FnOnce() -> T) -> T {
    let l = config::rwlock(Lock::Memory);
    if let Some(l) = l {
        l.read_lock();
    }
    let r = f();
    if let Some(l) = l {
        l.read_unlock();
    }
    r
}

/// Locks the page holding `virt` in memory. Returns 0 or -1 (errno set).
#[no_mangle]
pub extern "C" fn rte_mem_lock_page(virt: *const c_void) -> c_int {
    entry!("rte_mem_lock_page", -1, {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let start = virt as usize & !(page - 1);
        // SAFETY: mlock only pins pages; an unmapped address fails with ENOMEM.
        unsafe { libc::mlock(start as *const c_void, page) }
    })
}

/// The physical address of `virt`, or `RTE_BAD_IOVA` when it cannot be read.
#[no_mangle]
pub extern "C" fn rte_mem_virt2phy(virt: *const c_void) -> u64 {
    entry!("rte_mem_virt2phy", BAD_IOVA, { rte_mem::iova::virt2phy(virt as usize).unwrap_or(BAD_IOVA) })
}

/// The IOVA of `virt`: the address itself in IOVA-as-VA mode, else from its
/// memseg (`RTE_BAD_IOVA` outside EAL memory).
#[no_mangle]
pub extern "C" fn rte_mem_virt2iova(virt: *const c_void) -> u64 {
    entry!("rte_mem_virt2iova", BAD_IOVA, {
        if init::iova_mode() == rte_iova_mode::RTE_IOVA_VA {
            return virt as u64;
        }
        memory::virt2iova(virt as usize)
    })
}

/// The virtual address of `iova` in EAL memory, or NULL.
#[no_mangle]
pub extern "C" fn rte_mem_iova2virt(iova: u64) -> *mut c_void {
    entry!("rte_mem_iova2virt", std::ptr::null_mut(), {
        read_lock(|| {
            let mut found = std::ptr::null_mut();
            memory::for_each_list(|i, _| {
                for s in memory::used_segments(i) {
                    let Some(ms) = memory::seg_ptr(i, s) else {
                        continue;
                    };
                    // SAFETY: a used segment of a live list, copied (packed).
                    let ms = unsafe { std::ptr::read_unaligned(ms) };
                    if ms.iova != BAD_IOVA && iova >= ms.iova && iova < ms.iova + ms.len as u64 {
                        found = (ms.addr as usize + (iova - ms.iova) as usize) as *mut c_void;
                        return 1;
                    }
                }
                0
            });
            found
        })
    })
}

/// The memseg holding `virt` (in `msl` if given), or NULL.
///
/// # Safety
/// `msl` must be NULL or a list from this library.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_virt2memseg(virt: *const c_void, msl: *const rte_memseg_list) -> *mut rte_memseg {
    entry!("rte_mem_virt2memseg", std::ptr::null_mut(), {
        match memory::virt2memseg_idx(virt as usize) {
            Some((i, s)) if msl.is_null() || memory::list_ptr(i) == Some(msl.cast_mut()) => {
                memory::seg_ptr(i, s).unwrap_or(std::ptr::null_mut())
            }
            _ => std::ptr::null_mut(),
        }
    })
}

/// The memseg list holding `virt`, or NULL.
#[no_mangle]
pub extern "C" fn rte_mem_virt2memseg_list(virt: *const c_void) -> *mut rte_memseg_list {
    entry!("rte_mem_virt2memseg_list", std::ptr::null_mut(), {
        let a = virt as usize;
        let mut found = std::ptr::null_mut();
        memory::for_each_list(|_, m| {
            // SAFETY: a live list header.
            let (base, len) = unsafe { ((*m).base_va as usize, (*m).len) };
            if a >= base && a < base + len {
                found = m;
                return 1;
            }
            0
        });
        found
    })
}

unsafe fn seg_walk(func: rte_memseg_walk_t, arg: *mut c_void) -> c_int {
    let Some(f) = func else { return -1 };
    memory::for_each_list(|i, m| {
        for s in memory::used_segments(i) {
            let Some(ms) = memory::seg_ptr(i, s) else {
                continue;
            };
            // SAFETY: the application's callback on a live list and segment.
            let r = unsafe { f(m, ms, arg) };
            if r != 0 {
                return if r < 0 { -1 } else { 1 };
            }
        }
        0
    })
}

unsafe fn contig_walk(func: rte_memseg_contig_walk_t, arg: *mut c_void) -> c_int {
    let Some(f) = func else { return -1 };
    memory::for_each_list(|i, m| {
        let used = memory::used_segments(i);
        let mut k = 0;
        while k < used.len() {
            let mut j = k + 1;
            while j < used.len() && used[j] == used[j - 1] + 1 {
                j += 1;
            }
            let Some(ms) = memory::seg_ptr(i, used[k]) else {
                break;
            };
            // SAFETY: a live list header.
            let len = (j - k) * unsafe { (*m).page_sz } as usize;
            // SAFETY: the application's callback on a live list and segment.
            let r = unsafe { f(m, ms, len, arg) };
            if r != 0 {
                return if r < 0 { -1 } else { 1 };
            }
            k = j;
        }
        0
    })
}

unsafe fn list_walk(func: rte_memseg_list_walk_t, arg: *mut c_void) -> c_int {
    let Some(f) = func else { return -1 };
    memory::for_each_list(|_, m| {
        // SAFETY: the application's callback on a live list.
        let r = unsafe { f(m, arg) };
        if r < 0 {
            -1
        } else {
            r.min(1)
        }
    })
}

/// Calls `func` on every allocated memseg (under the memory read lock).
/// Returns 0 when all were visited, 1 if `func` stopped the walk, -1 on error.
///
/// # Safety
/// `func` must be callable with `arg`; it must not allocate EAL memory.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_walk(func: rte_memseg_walk_t, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_walk", -1, { read_lock(|| unsafe { seg_walk(func, arg) }) })
}

/// As `rte_memseg_walk`, without taking the lock.
///
/// # Safety
/// As `rte_memseg_walk`; the caller holds the memory lock.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_walk_thread_unsafe(func: rte_memseg_walk_t, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_walk_thread_unsafe", -1, { unsafe { seg_walk(func, arg) } })
}

/// Calls `func` on every VA-contiguous run of memsegs with its length.
///
/// # Safety
/// As `rte_memseg_walk`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_contig_walk(func: rte_memseg_contig_walk_t, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_contig_walk", -1, { read_lock(|| unsafe { contig_walk(func, arg) }) })
}

/// As `rte_memseg_contig_walk`, without taking the lock.
///
/// # Safety
/// As `rte_memseg_walk_thread_unsafe`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_contig_walk_thread_unsafe(
    func: rte_memseg_contig_walk_t,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_contig_walk_thread_unsafe", -1, { unsafe { contig_walk(func, arg) } })
}

/// Calls `func` on every memseg list.
///
/// # Safety
/// As `rte_memseg_walk`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_list_walk(func: rte_memseg_list_walk_t, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_list_walk", -1, { read_lock(|| unsafe { list_walk(func, arg) }) })
}

/// As `rte_memseg_list_walk`, without taking the lock.
///
/// # Safety
/// As `rte_memseg_walk_thread_unsafe`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_list_walk_thread_unsafe(func: rte_memseg_list_walk_t, arg: *mut c_void) -> c_int {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memseg_list_walk_thread_unsafe", -1, { unsafe { list_walk(func, arg) } })
}

fn fd_of(ms: *const rte_memseg, offset: *mut usize) -> c_int {
    if ms.is_null() {
        tls::set_errno(libc::EINVAL);
        return -1;
    }
    // SAFETY: reading the packed segment's address field.
    let addr = unsafe { std::ptr::read_unaligned(std::ptr::addr_of!((*ms).addr)) } as usize;
    let Some((i, s)) = memory::virt2memseg_idx(addr) else {
        tls::set_errno(libc::ENODEV);
        return -1;
    };
    // SAFETY: a live list header.
    let psz = memory::list_ptr(i).map_or(0, |m| unsafe { (*m).page_sz });
    match rte_mem::segalloc::segment_fd(i as u32, s, psz) {
        Some((fd, off)) => {
            if !offset.is_null() {
                // SAFETY: writable per the callers' contracts.
                unsafe { *offset = off as usize };
            }
            fd
        }
        None => {
            tls::set_errno(libc::ENOENT);
            -1
        }
    }
}

/// The file descriptor backing `ms`, or -1 with `rte_errno`.
///
/// # Safety
/// `ms` must be NULL or a memseg of this library.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_get_fd(ms: *const rte_memseg) -> c_int {
    entry!("rte_memseg_get_fd", -1, { read_lock(|| fd_of(ms, std::ptr::null_mut())) })
}

/// As `rte_memseg_get_fd`, without taking the lock.
///
/// # Safety
/// As `rte_memseg_get_fd`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_get_fd_thread_unsafe(ms: *const rte_memseg) -> c_int {
    entry!("rte_memseg_get_fd_thread_unsafe", -1, { fd_of(ms, std::ptr::null_mut()) })
}

/// The offset of `ms` in its file descriptor, in `*offset`. Returns 0 or -1
/// with `rte_errno`.
///
/// # Safety
/// `ms` NULL or a memseg of this library; `offset` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_get_fd_offset(ms: *const rte_memseg, offset: *mut usize) -> c_int {
    entry!("rte_memseg_get_fd_offset", -1, {
        nonnull!("rte_memseg_get_fd_offset", offset, -1);
        if read_lock(|| fd_of(ms, offset)) < 0 {
            -1
        } else {
            0
        }
    })
}

/// As `rte_memseg_get_fd_offset`, without taking the lock.
///
/// # Safety
/// As `rte_memseg_get_fd_offset`.
#[no_mangle]
pub unsafe extern "C" fn rte_memseg_get_fd_offset_thread_unsafe(ms: *const rte_memseg, offset: *mut usize) -> c_int {
    entry!("rte_memseg_get_fd_offset_thread_unsafe", -1, {
        nonnull!("rte_memseg_get_fd_offset_thread_unsafe", offset, -1);
        if fd_of(ms, offset) < 0 {
            -1
        } else {
            0
        }
    })
}

/// Total bytes of EAL memory (allocated memsegs).
#[no_mangle]
pub extern "C" fn rte_eal_get_physmem_size() -> u64 {
    entry!("rte_eal_get_physmem_size", 0, {
        read_lock(|| {
            let mut total = 0u64;
            memory::for_each_list(|i, m| {
                // SAFETY: a live list header.
                total += memory::used_segments(i).len() as u64 * unsafe { (*m).page_sz };
                0
            });
            total
        })
    })
}

/// Prints every allocated memseg.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_dump_physmem_layout(f: *mut libc::FILE) {
    entry!("rte_dump_physmem_layout", (), {
        nonnull!("rte_dump_physmem_layout", f, ());
        let mut s = String::new();
        read_lock(|| {
            memory::for_each_list(|i, _| {
                for seg in memory::used_segments(i) {
                    let Some(ms) = memory::seg_ptr(i, seg) else {
                        continue;
                    };
                    // SAFETY: a used segment, copied (packed).
                    let ms = unsafe { std::ptr::read_unaligned(ms) };
                    let (iova, len, addr, sock, hp) = (ms.iova, ms.len, ms.addr, ms.socket_id, ms.hugepage_sz);
                    s.push_str(&format!(
                        "Segment {i}-{seg}: IOVA:0x{iova:x}, len:{len}, virt:{addr:?}, socket_id:{sock}, hugepage_sz:{hp}, nchannel:{}, nrank:{}\n",
                        { ms.nchannel },
                        { ms.nrank }
                    ));
                }
                0
            });
        });
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}

/// Memory channels given with `-n` (0 when not given).
#[no_mangle]
pub extern "C" fn rte_memory_get_nchannel() -> c_uint {
    // SAFETY: one word of the live config block.
    entry!("rte_memory_get_nchannel", 0, { config::get().map_or(0, |c| unsafe { (*c).nchannel }) })
}

/// Memory ranks given with `-r` (0 when not given).
#[no_mangle]
pub extern "C" fn rte_memory_get_nrank() -> c_uint {
    // SAFETY: one word of the live config block.
    entry!("rte_memory_get_nrank", 0, { config::get().map_or(0, |c| unsafe { (*c).nrank }) })
}

fn check_mask(maskbits: u8) -> c_int {
    if !(1..=64).contains(&maskbits) {
        return fail("rte_mem_check_dma_mask", &Error::InvalidArgument(format!("DMA mask of {maskbits} bits")), -1);
    }
    let limit = if maskbits == 64 { u64::MAX } else { (1u64 << maskbits) - 1 };
    let bad = memory::for_each_list(|i, _| {
        for s in memory::used_segments(i) {
            let Some(ms) = memory::seg_ptr(i, s) else {
                continue;
            };
            // SAFETY: a used segment, copied (packed).
            let ms = unsafe { std::ptr::read_unaligned(ms) };
            if ms.iova != BAD_IOVA && ms.iova.saturating_add(ms.len as u64 - 1) > limit {
                return 1;
            }
        }
        0
    });
    if bad != 0 {
        -1
    } else {
        0
    }
}

/// 0 if all EAL memory is addressable with `maskbits` bits, else -1.
#[no_mangle]
pub extern "C" fn rte_mem_check_dma_mask(maskbits: u8) -> c_int {
    entry!("rte_mem_check_dma_mask", -1, { read_lock(|| check_mask(maskbits)) })
}

/// As `rte_mem_check_dma_mask`, without taking the lock.
#[no_mangle]
pub extern "C" fn rte_mem_check_dma_mask_thread_unsafe(maskbits: u8) -> c_int {
    entry!("rte_mem_check_dma_mask_thread_unsafe", -1, { check_mask(maskbits) })
}

/// Records a DMA mask that memory allocated later must respect (the
/// narrowest one set wins).
#[no_mangle]
pub extern "C" fn rte_mem_set_dma_mask(maskbits: u8) {
    entry!("rte_mem_set_dma_mask", (), {
        if let Some(c) = config::get() {
            // SAFETY: one word of the live config block.
            unsafe {
                let cur = (*c).dma_maskbits;
                if cur == 0 || (maskbits as u32) < cur {
                    (*c).dma_maskbits = maskbits as u32;
                }
            }
        }
    })
}

/// 1 if physical addresses can be read (IOVA as PA is possible), else 0.
#[no_mangle]
pub extern "C" fn rte_eal_using_phys_addrs() -> c_int {
    entry!("rte_eal_using_phys_addrs", 0, { (init::iova_mode() == rte_iova_mode::RTE_IOVA_PA) as c_int })
}

fn hook_name(func: &str, name: *const c_char) -> Result<String, c_int> {
    if name.is_null() {
        return Err(fail(func, &Error::InvalidArgument("name is NULL".into()), -1));
    }
    // SAFETY: non-null, valid string per the callers' contracts.
    let n = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
    if n.len() >= 64 {
        tls::set_errno(libc::ENAMETOOLONG);
        rte_log!(ERR, EAL, "EAL: {func}(): name '{n}' is too long\n");
        return Err(-1);
    }
    Ok(n)
}

fn hook_result(func: &str, r: Result<(), HookError>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => {
            let errno = match e {
                HookError::Exists => libc::EEXIST,
                HookError::NotFound => libc::ENOENT,
                HookError::Static => libc::ENOTSUP,
            };
            rte_log!(DEBUG, EAL, "EAL: {func}(): {e:?}\n");
            tls::set_errno(errno);
            -1
        }
    }
}

/// Registers a callback for memory allocation and free events. Returns 0,
/// or -1 with `rte_errno`: `EINVAL`, `ENAMETOOLONG`, `EEXIST`, `ENOTSUP`
/// (static memory: `--legacy-mem` or `--no-huge`).
///
/// # Safety
/// `name` must be a valid string; `clb` callable with `arg` from any thread.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_event_callback_register(
    name: *const c_char,
    clb: rte_mem_event_callback_t,
    arg: *mut c_void,
) -> c_int {
    entry!("rte_mem_event_callback_register", -1, {
        let n = match hook_name("rte_mem_event_callback_register", name) {
            Ok(n) => n,
            Err(r) => return r,
        };
        let Some(cb) = clb else {
            return fail("rte_mem_event_callback_register", &Error::InvalidArgument("callback is NULL".into()), -1);
        };
        hook_result("rte_mem_event_callback_register", memory::event_callback_register(&n, cb, arg as usize))
    })
}

/// Unregisters a memory event callback. -1 with `ENOENT` if unknown.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_event_callback_unregister(name: *const c_char, arg: *mut c_void) -> c_int {
    entry!("rte_mem_event_callback_unregister", -1, {
        let n = match hook_name("rte_mem_event_callback_unregister", name) {
            Ok(n) => n,
            Err(r) => return r,
        };
        hook_result("rte_mem_event_callback_unregister", memory::event_callback_unregister(&n, arg as usize))
    })
}

/// Registers a validator asked before memory of `socket_id` grows past
/// `limit` bytes. Returns 0 or -1 with `rte_errno` as the callbacks.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_alloc_validator_register(
    name: *const c_char,
    clb: rte_mem_alloc_validator_t,
    socket_id: c_int,
    limit: usize,
) -> c_int {
    entry!("rte_mem_alloc_validator_register", -1, {
        let n = match hook_name("rte_mem_alloc_validator_register", name) {
            Ok(n) => n,
            Err(r) => return r,
        };
        let Some(cb) = clb else {
            return fail("rte_mem_alloc_validator_register", &Error::InvalidArgument("validator is NULL".into()), -1);
        };
        if socket_id < 0 {
            return fail(
                "rte_mem_alloc_validator_register",
                &Error::InvalidArgument(format!("socket {socket_id}")),
                -1,
            );
        }
        hook_result("rte_mem_alloc_validator_register", memory::validator_register(&n, cb, socket_id, limit))
    })
}

/// Unregisters a validator. -1 with `ENOENT` if unknown.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_alloc_validator_unregister(name: *const c_char, socket_id: c_int) -> c_int {
    entry!("rte_mem_alloc_validator_unregister", -1, {
        let n = match hook_name("rte_mem_alloc_validator_unregister", name) {
            Ok(n) => n,
            Err(r) => return r,
        };
        hook_result("rte_mem_alloc_validator_unregister", memory::validator_unregister(&n, socket_id))
    })
}

/// Registers application memory `[va_addr, va_addr+len)` (pages of
/// `page_sz`, IOVAs or NULL) as an external memseg list without a heap.
/// Returns 0, or -1 with `rte_errno`: `EINVAL`, `EEXIST`, `ENOSPC`.
///
/// # Safety
/// The memory must stay mapped while registered; `iova_addrs` NULL or
/// readable for `n_pages` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_extmem_register(
    va_addr: *mut c_void,
    len: usize,
    iova_addrs: *mut u64,
    n_pages: c_uint,
    page_sz: usize,
) -> c_int {
    entry!("rte_extmem_register", -1, {
        let iovas = if iova_addrs.is_null() {
            None
        } else {
            // SAFETY: readable for n_pages entries per the contract.
            Some(unsafe { std::slice::from_raw_parts(iova_addrs, n_pages as usize) })
        };
        if let Some(v) = iovas {
            if page_sz != 0 && v.len() != len / page_sz {
                return ext_result(
                    "rte_extmem_register",
                    Err(ExtError::Invalid(format!("{} IOVAs for {} pages", v.len(), len / page_sz))),
                );
            }
        }
        ext_result("rte_extmem_register", ext::register(va_addr as usize, len, iovas, page_sz))
    })
}

/// Unregisters memory registered with `rte_extmem_register`. `ENOENT` if
/// it was not, `EBUSY` if it belongs to a heap.
#[no_mangle]
pub extern "C" fn rte_extmem_unregister(va_addr: *mut c_void, len: usize) -> c_int {
    entry!("rte_extmem_unregister", -1, { ext_result("rte_extmem_unregister", ext::unregister(va_addr as usize, len)) })
}

/// Makes registered external memory usable in this process. `ENOENT` if
/// it was never registered.
#[no_mangle]
pub extern "C" fn rte_extmem_attach(va_addr: *mut c_void, len: usize) -> c_int {
    entry!("rte_extmem_attach", -1, { ext_result("rte_extmem_attach", ext::attach(va_addr as usize, len)) })
}

/// Undoes `rte_extmem_attach`.
#[no_mangle]
pub extern "C" fn rte_extmem_detach(va_addr: *mut c_void, len: usize) -> c_int {
    entry!("rte_extmem_detach", -1, { ext_result("rte_extmem_detach", ext::attach(va_addr as usize, len)) })
}

/// Reports an external-memory result: 0, or -1 with `rte_errno` and a log line.
pub(crate) fn ext_result(func: &str, r: Result<(), ExtError>) -> c_int {
    match r {
        Ok(()) => 0,
        Err(e) => {
            rte_log!(ERR, EAL, "EAL: {func}(): {e:?}\n");
            tls::set_errno(e.errno());
            -1
        }
    }
}

// The INTERNAL paging helpers of 22.11's `rte_eal_paging.h` (not an
// installed header): protections RTE_PROT_READ 1, WRITE 2, EXECUTE 4;
// flags RTE_MAP_SHARED 1, PRIVATE 2, ANONYMOUS 4, FORCE_ADDRESS 8.

/// Maps memory (`rte_mem_map`). Returns the address, or NULL with
/// `rte_errno` set.
///
/// # Safety
/// As mmap(2): with FORCE_ADDRESS, `requested_addr` must be the caller's to
/// replace.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_map(
    requested_addr: *mut c_void,
    size: usize,
    prot: c_int,
    flags: c_int,
    fd: c_int,
    offset: u64,
) -> *mut c_void {
    entry!("rte_mem_map", std::ptr::null_mut(), {
        let mut p = 0;
        if prot & 1 != 0 {
            p |= libc::PROT_READ;
        }
        if prot & 2 != 0 {
            p |= libc::PROT_WRITE;
        }
        if prot & 4 != 0 {
            p |= libc::PROT_EXEC;
        }
        let mut f = 0;
        if flags & 1 != 0 {
            f |= libc::MAP_SHARED;
        }
        if flags & 2 != 0 {
            f |= libc::MAP_PRIVATE;
        }
        if flags & 4 != 0 {
            f |= libc::MAP_ANONYMOUS;
        }
        if flags & 8 != 0 {
            f |= libc::MAP_FIXED;
        }
        // SAFETY: forwarded from this function's contract.
        let r = unsafe { libc::mmap(requested_addr, size, p, f, fd, offset as libc::off_t) };
        if r == libc::MAP_FAILED {
            tls::set_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
            return std::ptr::null_mut();
        }
        r
    })
}

/// Unmaps memory (`rte_mem_unmap`). Returns 0 or -1 with `rte_errno`.
///
/// # Safety
/// As munmap(2).
#[no_mangle]
pub unsafe extern "C" fn rte_mem_unmap(virt: *mut c_void, size: usize) -> c_int {
    entry!("rte_mem_unmap", -1, {
        // SAFETY: forwarded from this function's contract.
        if unsafe { libc::munmap(virt, size) } != 0 {
            tls::set_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
            return -1;
        }
        0
    })
}

/// The system page size (`rte_mem_page_size`).
#[no_mangle]
pub extern "C" fn rte_mem_page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

/// Locks `[virt, virt+size)` in memory (`rte_mem_lock`). 0 or -1.
///
/// # Safety
/// The range should be mapped; an unmapped one fails with ENOMEM.
#[no_mangle]
pub unsafe extern "C" fn rte_mem_lock(virt: *const c_void, size: usize) -> c_int {
    // SAFETY: mlock only pins pages; a bad range fails with an errno.
    let r = unsafe { libc::mlock(virt, size) };
    if r != 0 {
        tls::set_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EINVAL));
    }
    r
}
