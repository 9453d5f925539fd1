//! `rte_mbuf_pool_ops.h`: which mempool handler pktmbuf pools use. The
//! choice order is: the user's (set here or with the EAL option
//! --mbuf-pool-ops-name), then the platform's (kept in a memzone so every
//! process agrees), then RTE_MBUF_DEFAULT_MEMPOOL_OPS ("ring_mp_mc").

use std::ffi::{c_char, c_int, CStr};
use std::sync::Mutex;

use rte_mem::memzone;

use crate::boundary::fail;

use super::MbufError;

/// Handler used when neither a user nor a platform choice exists.
const DEFAULT_OPS: &CStr = cs!("ring_mp_mc");
/// Memzone holding the platform handler's name.
const PLATFORM_MZ: &CStr = cs!("mbuf_platform_pool_ops");
/// Length of a handler name, NUL included (RTE_MEMPOOL_OPS_NAMESIZE).
const OPS_NAMESIZE: usize = 32;

/// The user's choice: a leaked C string (at most a few per process).
static USER_OPS: Mutex<Option<&'static CStr>> = Mutex::new(None);

fn check_name(func: &str, name: *const c_char) -> Result<&'static CStr, c_int> {
    if name.is_null() {
        return Err(fail(func, &MbufError::Invalid("ops_name is NULL".into()), -libc::EINVAL));
    }
    // SAFETY: a valid C string per the contract.
    let n = unsafe { CStr::from_ptr(name) };
    if n.to_bytes().is_empty() {
        return Err(fail(func, &MbufError::Invalid("empty ops name".into()), -libc::EINVAL));
    }
    if n.to_bytes().len() >= OPS_NAMESIZE {
        return Err(fail(
            func,
            &MbufError::Invalid(format!("ops name '{}' is longer than 31 characters", n.to_string_lossy())),
            -libc::ENAMETOOLONG,
        ));
    }
    Ok(n)
}

/// Sets the platform's handler name, once (another name later: -EEXIST;
/// the same name again: 0). Needs EAL memory (-ENOMEM without it).
///
/// # Safety
/// `ops_name` must be a valid C string.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_set_platform_mempool_ops(ops_name: *const c_char) -> c_int {
    entry!("rte_mbuf_set_platform_mempool_ops", -libc::EFAULT, {
        let n = match check_name("rte_mbuf_set_platform_mempool_ops", ops_name) {
            Ok(n) => n,
            Err(e) => return e,
        };
        if let Some(mz) = memzone::lookup(PLATFORM_MZ) {
            // SAFETY: a live memzone of OPS_NAMESIZE bytes holding a NUL-terminated name.
            let cur = unsafe { CStr::from_ptr((*mz).addr.cast::<c_char>()) };
            if cur == n {
                return 0;
            }
            return fail(
                "rte_mbuf_set_platform_mempool_ops",
                &MbufError::Invalid(format!("platform ops already set to '{}'", cur.to_string_lossy())),
                -libc::EEXIST,
            );
        }
        match memzone::reserve(PLATFORM_MZ, OPS_NAMESIZE, -1, -1, 0, 64, 0) {
            Ok(mz) => {
                // SAFETY: the fresh zone has OPS_NAMESIZE writable bytes; the name is shorter.
                unsafe {
                    let dst = (*mz).addr.cast::<u8>();
                    std::ptr::copy_nonoverlapping(n.as_ptr().cast::<u8>(), dst, n.to_bytes().len());
                    *dst.add(n.to_bytes().len()) = 0;
                }
                0
            }
            Err(e) => fail(
                "rte_mbuf_set_platform_mempool_ops",
                &MbufError::Invalid(format!("cannot reserve {}: {e:?}", PLATFORM_MZ.to_string_lossy())),
                -libc::ENOMEM,
            ),
        }
    })
}

/// The platform's handler name, or NULL if none was set.
#[no_mangle]
pub extern "C" fn rte_mbuf_platform_mempool_ops() -> *const c_char {
    entry!("rte_mbuf_platform_mempool_ops", std::ptr::null(), {
        match memzone::lookup(PLATFORM_MZ) {
            // SAFETY: a live memzone's address.
            Some(mz) => unsafe { (*mz).addr.cast::<c_char>().cast_const() },
            None => std::ptr::null(),
        }
    })
}

/// Sets the user's handler name for this process (NULL clears it).
///
/// # Safety
/// `ops_name` must be NULL or a valid C string.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_set_user_mempool_ops(ops_name: *const c_char) -> c_int {
    entry!("rte_mbuf_set_user_mempool_ops", -libc::EFAULT, {
        if ops_name.is_null() {
            *USER_OPS.lock().unwrap_or_else(|p| p.into_inner()) = None;
            return 0;
        }
        let n = match check_name("rte_mbuf_set_user_mempool_ops", ops_name) {
            Ok(n) => n,
            Err(e) => return e,
        };
        let owned: &'static CStr = Box::leak(n.to_owned().into_boxed_c_str());
        *USER_OPS.lock().unwrap_or_else(|p| p.into_inner()) = Some(owned);
        0
    })
}

/// The user's handler name (set here or by --mbuf-pool-ops-name), or NULL.
#[no_mangle]
pub extern "C" fn rte_mbuf_user_mempool_ops() -> *const c_char {
    entry!("rte_mbuf_user_mempool_ops", std::ptr::null(), {
        if let Some(n) = *USER_OPS.lock().unwrap_or_else(|p| p.into_inner()) {
            return n.as_ptr();
        }
        crate::eal::rte_eal::rte_eal_mbuf_user_pool_ops()
    })
}

/// The handler pktmbuf pools use: user's, else platform's, else the default.
#[no_mangle]
pub extern "C" fn rte_mbuf_best_mempool_ops() -> *const c_char {
    entry!("rte_mbuf_best_mempool_ops", DEFAULT_OPS.as_ptr(), {
        let u = rte_mbuf_user_mempool_ops();
        if !u.is_null() {
            return u;
        }
        let p = rte_mbuf_platform_mempool_ops();
        if !p.is_null() {
            return p;
        }
        DEFAULT_OPS.as_ptr()
    })
}
