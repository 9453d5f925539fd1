//! `rte_class.h`: the device class registry.

use std::ffi::{c_char, c_void, CStr};
use std::ptr;

use rte_abi::dev::{rte_class, rte_class_cmp_t};
use rte_eal::bus;

/// Registers a class (one without a name is refused with a log line).
///
/// # Safety
/// `cls` a class living until it is unregistered.
#[no_mangle]
pub unsafe extern "C" fn rte_class_register(cls: *mut rte_class) {
    // SAFETY: per the contract.
    entry!("rte_class_register", (), { unsafe { bus::class_register(cls) } })
}

/// Unregisters a class.
///
/// # Safety
/// `cls` NULL or a class.
#[no_mangle]
pub unsafe extern "C" fn rte_class_unregister(cls: *mut rte_class) {
    entry!("rte_class_unregister", (), { bus::class_unregister(cls) })
}

/// The first class after `start` (from the first when NULL) for which
/// `cmp(cls, data)` is 0; NULL if none.
///
/// # Safety
/// `cmp` callable with `data`.
#[no_mangle]
pub unsafe extern "C" fn rte_class_find(
    start: *const rte_class,
    cmp: rte_class_cmp_t,
    data: *const c_void,
) -> *mut rte_class {
    entry!("rte_class_find", ptr::null_mut(), {
        let Some(cmp) = cmp else { return ptr::null_mut() };
        // SAFETY: the caller's comparison on a registered class.
        bus::class_find(start, |c| unsafe { cmp(c, data) } == 0)
    })
}

/// The class called `name`, or NULL.
///
/// # Safety
/// `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_class_find_by_name(name: *const c_char) -> *mut rte_class {
    entry!("rte_class_find_by_name", ptr::null_mut(), {
        if name.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: per the contract.
        bus::class_find_by_name(unsafe { CStr::from_ptr(name) }.to_bytes())
    })
}
