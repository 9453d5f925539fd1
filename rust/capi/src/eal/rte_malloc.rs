//! `rte_malloc.h`: allocation from the hugepage-backed heaps.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use crate::eal::rte_memory::ext_result;
use rte_abi::config::RTE_MAX_HEAPS;
use rte_abi::memory::rte_malloc_socket_stats;
use rte_eal::{rte_log, tls, Error};
use rte_mem::ext::{self, ExtError};
use rte_mem::heap::HeapError;
use rte_mem::{malloc, memory};

use crate::boundary::fail;

const ANY: c_int = -1;

fn caller_socket() -> c_int {
    crate::eal::rte_lcore::rte_socket_id() as c_int
}

fn alloc(size: usize, align: c_uint, socket: c_int, zero: bool) -> *mut c_void {
    if socket < ANY {
        return std::ptr::null_mut();
    }
    match malloc::alloc(socket, caller_socket(), size, align as usize, 0, None) {
        Some(p) => {
            if zero {
                // SAFETY: a fresh allocation of at least `size` bytes.
                unsafe { std::ptr::write_bytes(p.as_ptr(), 0, size) };
            }
            p.as_ptr().cast()
        }
        None => std::ptr::null_mut(),
    }
}

/// Allocates `size` bytes aligned to `align` (0: a cache line; else a power
/// of two) from any socket's heap, the caller's first. NULL when `size` is
/// 0, `align` is not a power of two or memory is short. `type` is ignored.
#[no_mangle]
pub extern "C" fn rte_malloc(_type: *const c_char, size: usize, align: c_uint) -> *mut c_void {
    entry!("rte_malloc", std::ptr::null_mut(), { alloc(size, align, ANY, false) })
}

/// As `rte_malloc`, zeroed.
#[no_mangle]
pub extern "C" fn rte_zmalloc(_type: *const c_char, size: usize, align: c_uint) -> *mut c_void {
    entry!("rte_zmalloc", std::ptr::null_mut(), { alloc(size, align, ANY, true) })
}

/// As `rte_zmalloc` for `num * size` bytes (NULL on overflow).
#[no_mangle]
pub extern "C" fn rte_calloc(_type: *const c_char, num: usize, size: usize, align: c_uint) -> *mut c_void {
    entry!("rte_calloc", std::ptr::null_mut(), {
        num.checked_mul(size).map_or(std::ptr::null_mut(), |n| alloc(n, align, ANY, true))
    })
}

/// As `rte_malloc`, from `socket`'s heap (`SOCKET_ID_ANY`: any).
#[no_mangle]
pub extern "C" fn rte_malloc_socket(_type: *const c_char, size: usize, align: c_uint, socket: c_int) -> *mut c_void {
    entry!("rte_malloc_socket", std::ptr::null_mut(), { alloc(size, align, socket, false) })
}

/// As `rte_malloc_socket`, zeroed.
#[no_mangle]
pub extern "C" fn rte_zmalloc_socket(_type: *const c_char, size: usize, align: c_uint, socket: c_int) -> *mut c_void {
    entry!("rte_zmalloc_socket", std::ptr::null_mut(), { alloc(size, align, socket, true) })
}

/// As `rte_calloc`, from `socket`'s heap.
#[no_mangle]
pub extern "C" fn rte_calloc_socket(
    _type: *const c_char,
    num: usize,
    size: usize,
    align: c_uint,
    socket: c_int,
) -> *mut c_void {
    entry!("rte_calloc_socket", std::ptr::null_mut(), {
        num.checked_mul(size).map_or(std::ptr::null_mut(), |n| alloc(n, align, socket, true))
    })
}

fn report_bad_pointer(func: &str, p: *mut c_void, e: &HeapError) {
    match e {
        HeapError::Corrupted { addr } => {
            rte_log!(
                CRIT,
                EAL,
                "EAL: {func}(): memory corruption detected at {addr:#x} (block {p:?}): an overrun or a stray write\n"
            );
            // The reference panics on detected corruption; so do we.
            extern "C" {
                fn rte_dump_stack();
            }
            // SAFETY: rte_dump_stack (csrc/log.c) takes no arguments.
            unsafe { rte_dump_stack() };
            std::process::abort();
        }
        HeapError::DoubleFree => rte_log!(ERR, EAL, "EAL: {func}(): {p:?} is already free (double free); ignored\n"),
        other => rte_log!(ERR, EAL, "EAL: {func}(): {p:?} was not allocated by rte_malloc ({other:?}); ignored\n"),
    }
}

/// Frees memory from `rte_malloc` and friends; NULL does nothing. A pointer
/// that never came from them, or a second free, is logged and ignored;
/// detected corruption (an overwritten guard) aborts, as the reference.
///
/// # Safety
/// `ptr` must not be used after it is freed.
#[no_mangle]
pub unsafe extern "C" fn rte_free(ptr: *mut c_void) {
    entry!("rte_free", (), {
        if ptr.is_null() {
            return;
        }
        // SAFETY: forwarded from this function's contract.
        if let Err(e) = unsafe { malloc::free(ptr.cast()) } {
            report_bad_pointer("rte_free", ptr, &e);
        }
    })
}

unsafe fn realloc(func: &str, ptr: *mut c_void, size: usize, align: c_uint, socket: c_int) -> *mut c_void {
    if size == 0 || (align != 0 && !align.is_power_of_two()) {
        return std::ptr::null_mut();
    }
    // SAFETY: forwarded from the callers' contracts.
    match unsafe { malloc::realloc(ptr.cast(), size, align as usize, socket, caller_socket()) } {
        Ok(Some(p)) => p.as_ptr().cast(),
        Ok(None) => std::ptr::null_mut(),
        Err(e) => {
            report_bad_pointer(func, ptr, &e);
            std::ptr::null_mut()
        }
    }
}

/// Resizes `ptr` (NULL: allocates), in place when it can; contents are
/// kept up to the smaller size. NULL on failure, leaving `ptr` valid.
///
/// # Safety
/// `ptr` must be NULL or a live allocation.
#[no_mangle]
pub unsafe extern "C" fn rte_realloc(ptr: *mut c_void, size: usize, align: c_uint) -> *mut c_void {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_realloc", std::ptr::null_mut(), { unsafe { realloc("rte_realloc", ptr, size, align, ANY) } })
}

/// As `rte_realloc`; a moved block comes from `socket`'s heap.
///
/// # Safety
/// `ptr` must be NULL or a live allocation.
#[no_mangle]
pub unsafe extern "C" fn rte_realloc_socket(
    ptr: *mut c_void,
    size: usize,
    align: c_uint,
    socket: c_int,
) -> *mut c_void {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_realloc_socket", std::ptr::null_mut(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { realloc("rte_realloc_socket", ptr, size, align, socket) }
    })
}

/// Checks the guards of a block. Returns 0 (and its usable size in `*size`
/// when non-NULL), or -1 for a pointer that is not a live block.
///
/// # Safety
/// `size` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_validate(ptr: *const c_void, size: *mut usize) -> c_int {
    entry!("rte_malloc_validate", -1, {
        let Some((_, h)) = malloc::owner(ptr.cast()) else {
            return -1;
        };
        // SAFETY: the heap validates the pointer before trusting it.
        match unsafe { h.usable_size(ptr.cast()) } {
            Ok(n) => {
                if !size.is_null() {
                    // SAFETY: writable per the contract.
                    unsafe { *size = n };
                }
                0
            }
            Err(_) => -1,
        }
    })
}

/// Fills `*socket_stats` for `socket`'s heap. Returns 0, or -1 for a socket
/// without a heap.
///
/// # Safety
/// `socket_stats` must be writable.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_get_socket_stats(
    socket: c_int,
    socket_stats: *mut rte_malloc_socket_stats,
) -> c_int {
    entry!("rte_malloc_get_socket_stats", -1, {
        nonnull!("rte_malloc_get_socket_stats", socket_stats, -1);
        let Some(h) = (socket >= 0).then(|| memory::heap(socket as u32)).flatten() else {
            return -1;
        };
        // SAFETY: writable per the contract.
        unsafe { *socket_stats = h.stats() };
        0
    })
}

/// Prints every heap's statistics (`type` is ignored).
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_dump_stats(f: *mut libc::FILE, _type: *const c_char) {
    entry!("rte_malloc_dump_stats", (), {
        nonnull!("rte_malloc_dump_stats", f, ());
        let mut s = String::new();
        for sock in 0..RTE_MAX_HEAPS {
            let Some(h) = memory::heap(sock) else {
                continue;
            };
            let st = h.stats();
            s.push_str(&format!(
                "Socket:{sock}\n\tHeap_size:{},\n\tFree_size:{},\n\tAlloc_size:{},\n\tGreatest_free_size:{},\n\tAlloc_count:{},\n\tFree_count:{},\n",
                st.heap_totalsz_bytes, st.heap_freesz_bytes, st.heap_allocsz_bytes, st.greatest_free_size, st.alloc_count, st.free_count
            ));
        }
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}

/// Prints every heap's elements.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_dump_heaps(f: *mut libc::FILE) {
    entry!("rte_malloc_dump_heaps", (), {
        nonnull!("rte_malloc_dump_heaps", f, ());
        let mut s = String::new();
        for sock in 0..RTE_MAX_HEAPS {
            if let Some(h) = memory::heap(sock) {
                s.push_str(&format!("Heap id: {sock} (socket {})\n{}", h.socket_id(), h.dump()));
            }
        }
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}

/// The IOVA of `addr`, or `RTE_BAD_IOVA`.
#[no_mangle]
pub extern "C" fn rte_malloc_virt2iova(addr: *const c_void) -> u64 {
    entry!("rte_malloc_virt2iova", u64::MAX, { memory::virt2iova(addr as usize) })
}

/// The socket id of the heap named `name` ("socket_N" or an external
/// heap's name), or -1 with `rte_errno = ENOENT` (`EINVAL` for NULL).
///
/// # Safety
/// `name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_get_socket(name: *const c_char) -> c_int {
    entry!("rte_malloc_heap_get_socket", -1, {
        if name.is_null() {
            tls::set_errno(libc::EINVAL);
            return -1;
        }
        // SAFETY: valid string per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_string_lossy();
        match memory::heaps().into_iter().find(|h| h.name() == n) {
            Some(h) => h.socket_id(),
            None => {
                tls::set_errno(libc::ENOENT);
                -1
            }
        }
    })
}

/// 1 if `socket_id` is an external heap's, 0 if an internal one's (or
/// SOCKET_ID_ANY, as 22.11), -1 with `rte_errno = EINVAL` for a socket id
/// without a heap.
#[no_mangle]
pub extern "C" fn rte_malloc_heap_socket_is_external(socket_id: c_int) -> c_int {
    entry!("rte_malloc_heap_socket_is_external", -1, {
        if socket_id == -1 {
            0
        } else if socket_id >= 0 && memory::heap(socket_id as u32).is_some() {
            (socket_id as u32 >= rte_abi::config::RTE_MAX_NUMA_NODES) as c_int
        } else {
            fail(
                "rte_malloc_heap_socket_is_external",
                &Error::InvalidArgument(format!("socket {socket_id} has no heap")),
                -1,
            )
        }
    })
}

unsafe fn heap_name(func: &str, name: *const c_char) -> Result<String, c_int> {
    if name.is_null() {
        return Err(ext_result(func, Err(ExtError::Invalid("heap name is NULL".into()))));
    }
    // SAFETY: non-null, valid string per the callers' contracts.
    Ok(unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned())
}

unsafe fn iova_slice<'a>(iova_addrs: *const u64, n_pages: c_uint) -> Option<&'a [u64]> {
    // SAFETY: readable for n_pages entries per the callers' contracts.
    (!iova_addrs.is_null()).then(|| unsafe { std::slice::from_raw_parts(iova_addrs, n_pages as usize) })
}

/// Creates an external heap named `heap_name` with a socket id of its own.
/// Returns 0, or -1 with `rte_errno`: `EINVAL` (bad name), `EEXIST`,
/// `ENOSPC` (no heap slot left).
///
/// # Safety
/// `heap_name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_create(heap_name: *const c_char) -> c_int {
    entry!("rte_malloc_heap_create", -1, {
        // SAFETY: forwarded from this function's contract.
        let n = match unsafe { self::heap_name("rte_malloc_heap_create", heap_name) } {
            Ok(n) => n,
            Err(r) => return r,
        };
        ext_result("rte_malloc_heap_create", ext::heap_create(&n).map(|_| ()))
    })
}

/// Destroys an external heap that holds no memory. Returns 0, or -1 with
/// `rte_errno`: `EINVAL`, `ENOENT`, `EPERM` (internal heap), `EBUSY`.
///
/// # Safety
/// `heap_name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_destroy(heap_name: *const c_char) -> c_int {
    entry!("rte_malloc_heap_destroy", -1, {
        // SAFETY: forwarded from this function's contract.
        let n = match unsafe { self::heap_name("rte_malloc_heap_destroy", heap_name) } {
            Ok(n) => n,
            Err(r) => return r,
        };
        ext_result("rte_malloc_heap_destroy", ext::heap_destroy(&n))
    })
}

/// Adds application memory `[va_addr, va_addr+len)` (pages of `page_sz`,
/// with their IOVAs or NULL) to an external heap. Returns 0, or -1 with
/// `rte_errno`: `EINVAL`, `ENOENT`, `EPERM`, `EEXIST` (overlap), `ENOSPC`.
///
/// # Safety
/// The memory must stay mapped while in the heap; `iova_addrs` NULL or
/// readable for `n_pages` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_memory_add(
    heap_name: *const c_char,
    va_addr: *mut c_void,
    len: usize,
    iova_addrs: *const u64,
    n_pages: c_uint,
    page_sz: usize,
) -> c_int {
    entry!("rte_malloc_heap_memory_add", -1, {
        // SAFETY: forwarded from this function's contract.
        let n = match unsafe { self::heap_name("rte_malloc_heap_memory_add", heap_name) } {
            Ok(n) => n,
            Err(r) => return r,
        };
        // SAFETY: forwarded from this function's contract.
        let iovas = unsafe { iova_slice(iova_addrs, n_pages) };
        ext_result(
            "rte_malloc_heap_memory_add",
            ext::heap_memory_add(&n, va_addr as usize, len, iovas, n_pages, page_sz),
        )
    })
}

/// Removes a region added with `rte_malloc_heap_memory_add`; it must be
/// entirely free (`EBUSY` otherwise).
///
/// # Safety
/// `heap_name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_memory_remove(
    heap_name: *const c_char,
    va_addr: *mut c_void,
    len: usize,
) -> c_int {
    entry!("rte_malloc_heap_memory_remove", -1, {
        // SAFETY: forwarded from this function's contract.
        let n = match unsafe { self::heap_name("rte_malloc_heap_memory_remove", heap_name) } {
            Ok(n) => n,
            Err(r) => return r,
        };
        ext_result("rte_malloc_heap_memory_remove", ext::heap_memory_remove(&n, va_addr as usize, len))
    })
}

/// Makes a region of an external heap usable in this process (it must have
/// been added, by this or another process). `ENOENT` if it was not.
///
/// # Safety
/// `heap_name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_memory_attach(
    heap_name: *const c_char,
    va_addr: *mut c_void,
    len: usize,
) -> c_int {
    entry!("rte_malloc_heap_memory_attach", -1, {
        // SAFETY: forwarded from this function's contract.
        if let Err(r) = unsafe { self::heap_name("rte_malloc_heap_memory_attach", heap_name) } {
            return r;
        }
        ext_result("rte_malloc_heap_memory_attach", ext::attach(va_addr as usize, len))
    })
}

/// Undoes `rte_malloc_heap_memory_attach` in this process.
///
/// # Safety
/// `heap_name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_malloc_heap_memory_detach(
    heap_name: *const c_char,
    va_addr: *mut c_void,
    len: usize,
) -> c_int {
    entry!("rte_malloc_heap_memory_detach", -1, {
        // SAFETY: forwarded from this function's contract.
        if let Err(r) = unsafe { self::heap_name("rte_malloc_heap_memory_detach", heap_name) } {
            return r;
        }
        ext_result("rte_malloc_heap_memory_detach", ext::attach(va_addr as usize, len))
    })
}
