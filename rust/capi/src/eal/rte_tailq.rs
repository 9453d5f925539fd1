//! `rte_tailq.h`: named shared lists.

use std::ffi::{c_char, c_int, CStr};

use rte_abi::tailq::{rte_tailq_elem, rte_tailq_head};
use rte_eal::tailq;

use crate::boundary::fail;

/// Registers a tail queue (called by `EAL_REGISTER_TAILQ` constructors).
/// Returns 0, or -1 with `rte_errno` (`EINVAL`: NULL, empty or duplicate
/// name; `ENOSPC`: no head left).
///
/// # Safety
/// `t` must point to an element that lives for the rest of the process.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_tailq_register(t: *mut rte_tailq_elem) -> c_int {
    entry!("rte_eal_tailq_register", -1, {
        nonnull!("rte_eal_tailq_register", t, -1);
        // SAFETY: forwarded from this function's contract.
        match unsafe { tailq::register(t) } {
            Ok(()) => 0,
            Err(e) => fail("rte_eal_tailq_register", &e, -1),
        }
    })
}

/// The shared head named `name`, or NULL.
///
/// # Safety
/// `name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_tailq_lookup(name: *const c_char) -> *mut rte_tailq_head {
    entry!("rte_eal_tailq_lookup", std::ptr::null_mut(), {
        if name.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: non-null, valid string per the contract.
        tailq::lookup(unsafe { CStr::from_ptr(name) }).unwrap_or(std::ptr::null_mut())
    })
}

/// Prints the tail queues in use.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_dump_tailq(f: *mut libc::FILE) {
    entry!("rte_dump_tailq", (), {
        nonnull!("rte_dump_tailq", f, ());
        let mut s = String::new();
        for (i, n) in tailq::names().iter().enumerate() {
            s.push_str(&format!("Tailq {i}: qname:<{n}>\n"));
        }
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}
