//! `rte_bus_vdev.h`: create and destroy virtual devices at run time.

use std::ffi::{c_char, c_int, c_void, CStr};

use rte_abi::dev::rte_vdev_scan_callback;
use rte_eal::vdev;

use crate::boundary::fail;

/// Registers `callback(user_arg)` to run at each vdev bus scan (where it may
/// add devargs). Returns 0 (also when already registered) or -EINVAL for
/// a NULL callback (22.11 accepts it, then crashes at the next scan).
///
/// # Safety
/// `callback` callable with `user_arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_vdev_add_custom_scan(callback: rte_vdev_scan_callback, user_arg: *mut c_void) -> c_int {
    entry!("rte_vdev_add_custom_scan", -libc::EINVAL, {
        match vdev::add_custom_scan(callback, user_arg) {
            Ok(()) => 0,
            Err(e) => fail("rte_vdev_add_custom_scan", &e, -libc::EINVAL),
        }
    })
}

/// Unregisters scan callback `callback` with `user_arg` (a registration
/// made with (void *)-1 matches any argument). Returns 0, also when
/// nothing matched, as 22.11 does.
#[no_mangle]
pub extern "C" fn rte_vdev_remove_custom_scan(callback: rte_vdev_scan_callback, user_arg: *mut c_void) -> c_int {
    entry!("rte_vdev_remove_custom_scan", -1, {
        vdev::remove_custom_scan(callback, user_arg);
        0
    })
}

/// Creates virtual device `name` with driver arguments `args` (NULL for
/// none) and probes it with the driver whose name or alias prefixes
/// `name`. Returns 0, -EINVAL (NULL, empty or too long name), -EEXIST (the
/// device exists), -1 with `rte_errno` ENOENT (no driver matches, or it
/// needs IOVA as VA in PA mode: 22.11 returns -1 there too), or the
/// driver's probe error; on failure nothing stays registered.
///
/// # Safety
/// `name` a string; `args` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_vdev_init(name: *const c_char, args: *const c_char) -> c_int {
    entry!("rte_vdev_init", -libc::EFAULT, {
        nonnull!("rte_vdev_init", name, -libc::EINVAL);
        // SAFETY: per the contract.
        let (n, a) = unsafe {
            (CStr::from_ptr(name).to_bytes(), if args.is_null() { &b""[..] } else { CStr::from_ptr(args).to_bytes() })
        };
        match vdev::init(n, a) {
            Ok(()) => 0,
            Err((r, e)) => {
                let r = fail("rte_vdev_init", &e, r);
                if r != -1 {
                    rte_eal::tls::set_errno(-r);
                }
                r
            }
        }
    })
}

/// Removes virtual device `name` from its driver and deletes it. Returns
/// 0, -EINVAL (NULL name), -ENOENT (no such device), 1 (no driver bound;
/// the device stays), or the driver's remove error (the device stays).
///
/// # Safety
/// `name` a string.
#[no_mangle]
pub unsafe extern "C" fn rte_vdev_uninit(name: *const c_char) -> c_int {
    entry!("rte_vdev_uninit", -libc::EFAULT, {
        nonnull!("rte_vdev_uninit", name, -libc::EINVAL);
        // SAFETY: per the contract.
        match vdev::uninit(unsafe { CStr::from_ptr(name) }.to_bytes()) {
            Ok(()) => 0,
            Err((r, e)) => {
                let r = fail("rte_vdev_uninit", &e, r);
                if r < 0 {
                    rte_eal::tls::set_errno(-r);
                }
                r
            }
        }
    })
}
