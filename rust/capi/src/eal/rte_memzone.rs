//! `rte_memzone.h`.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use rte_abi::memory::rte_memzone;
use rte_eal::{rte_log, tls};
use rte_mem::memzone::{self, MzError};

fn caller_socket() -> c_int {
    crate::eal::rte_lcore::rte_socket_id() as c_int
}

unsafe fn reserve(
    func: &str,
    name: *const c_char,
    len: usize,
    socket_id: c_int,
    flags: c_uint,
    align: c_uint,
    bound: c_uint,
) -> *const rte_memzone {
    if name.is_null() {
        tls::set_errno(libc::EINVAL);
        rte_log!(ERR, EAL, "EAL: {func}(): name is NULL\n");
        return std::ptr::null();
    }
    // SAFETY: non-null, valid string per the callers' contracts.
    let cname = unsafe { CStr::from_ptr(name) };
    match memzone::reserve(cname, len, socket_id, caller_socket(), flags, align, bound) {
        Ok(mz) => mz,
        Err(e) => {
            let quiet = matches!(e, MzError::NoMemory | MzError::Exists | MzError::TableFull);
            let msg = format!(
                "EAL: {func}(): cannot reserve memzone '{}' ({len} bytes, socket {socket_id}): {e:?}\n",
                cname.to_string_lossy()
            );
            if quiet {
                rte_log!(DEBUG, EAL, "{msg}");
            } else {
                rte_log!(ERR, EAL, "{msg}");
            }
            tls::set_errno(e.errno());
            std::ptr::null()
        }
    }
}

/// Reserves a memzone of `len` bytes (0: the biggest free block) on
/// `socket_id` (`SOCKET_ID_ANY`: any), cache-line aligned. Returns it, or
/// NULL with `rte_errno`: `EINVAL` (bad argument or flags), `ENAMETOOLONG`,
/// `EEXIST` (name in use), `ENOSPC` (table full), `ENOMEM`.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_reserve(
    name: *const c_char,
    len: usize,
    socket_id: c_int,
    flags: c_uint,
) -> *const rte_memzone {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memzone_reserve", std::ptr::null(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { reserve("rte_memzone_reserve", name, len, socket_id, flags, 0, 0) }
    })
}

/// As `rte_memzone_reserve`, aligned to `align` (a power of two).
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_reserve_aligned(
    name: *const c_char,
    len: usize,
    socket_id: c_int,
    flags: c_uint,
    align: c_uint,
) -> *const rte_memzone {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memzone_reserve_aligned", std::ptr::null(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { reserve("rte_memzone_reserve_aligned", name, len, socket_id, flags, align, 0) }
    })
}

/// As `rte_memzone_reserve_aligned`, not crossing a multiple of `bound`
/// (a power of two, at least `len`).
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_reserve_bounded(
    name: *const c_char,
    len: usize,
    socket_id: c_int,
    flags: c_uint,
    align: c_uint,
    bound: c_uint,
) -> *const rte_memzone {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_memzone_reserve_bounded", std::ptr::null(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { reserve("rte_memzone_reserve_bounded", name, len, socket_id, flags, align, bound) }
    })
}

/// Frees a memzone. Returns 0, or -EINVAL for NULL or a pointer that is not
/// a live memzone.
///
/// # Safety
/// `mz` must be NULL or come from `rte_memzone_reserve*`.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_free(mz: *const rte_memzone) -> c_int {
    entry!("rte_memzone_free", -libc::EINVAL, {
        if mz.is_null() {
            return -libc::EINVAL;
        }
        match memzone::free(mz) {
            Ok(()) => 0,
            Err(e) => {
                rte_log!(ERR, EAL, "EAL: rte_memzone_free(): {e:?}\n");
                -libc::EINVAL
            }
        }
    })
}

/// The memzone named `name`, or NULL.
///
/// # Safety
/// `name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_lookup(name: *const c_char) -> *const rte_memzone {
    entry!("rte_memzone_lookup", std::ptr::null(), {
        if name.is_null() {
            return std::ptr::null();
        }
        // SAFETY: valid string per the contract.
        memzone::lookup(unsafe { CStr::from_ptr(name) }).unwrap_or(std::ptr::null())
    })
}

/// Calls `func(mz, arg)` for every memzone.
///
/// # Safety
/// `func` must be callable with `arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_walk(
    func: Option<unsafe extern "C" fn(*const rte_memzone, *mut c_void)>,
    arg: *mut c_void,
) {
    entry!("rte_memzone_walk", (), {
        let Some(f) = func else { return };
        // SAFETY: the application's callback with its argument.
        memzone::walk(|mz| unsafe { f(mz, arg) });
    })
}

/// Prints every memzone.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_memzone_dump(f: *mut libc::FILE) {
    entry!("rte_memzone_dump", (), {
        nonnull!("rte_memzone_dump", f, ());
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &memzone::dump()) };
    })
}
