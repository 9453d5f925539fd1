//! `rte_alarm.h`: one-shot alarms with microsecond delays.

use std::ffi::{c_int, c_void};

use rte_abi::intr::rte_eal_alarm_callback;
use rte_eal::{alarm, tls, Error};

use crate::boundary::fail;

/// Calls `cb_fn(cb_arg)` once, `us` microseconds from now, on the alarm
/// control thread. Returns 0, or -EINVAL (zero or huge delay, NULL
/// callback) with `rte_errno` set.
#[no_mangle]
pub extern "C" fn rte_eal_alarm_set(us: u64, cb_fn: rte_eal_alarm_callback, cb_arg: *mut c_void) -> c_int {
    entry!("rte_eal_alarm_set", -libc::EINVAL, {
        match alarm::set(us, cb_fn.map_or(0, |f| f as usize), cb_arg as usize) {
            Ok(()) => 0,
            Err(e) => fail("rte_eal_alarm_set", &e, -libc::EINVAL),
        }
    })
}

/// Cancels the pending alarms of `cb_fn` with `cb_arg` ((void *)-1: any
/// argument), waiting for one whose callback runs on another thread.
/// Returns how many were cancelled; with 0, `rte_errno` is ENOENT (none
/// found). Cancelling the running alarm from inside its own callback sets
/// `rte_errno` to EINPROGRESS. -1 with EINVAL for a NULL callback.
#[no_mangle]
pub extern "C" fn rte_eal_alarm_cancel(cb_fn: rte_eal_alarm_callback, cb_arg: *mut c_void) -> c_int {
    entry!("rte_eal_alarm_cancel", -1, {
        let Some(f) = cb_fn else {
            return fail("rte_eal_alarm_cancel", &Error::InvalidArgument("cb_fn is NULL".into()), -1);
        };
        let (n, own) = alarm::cancel(f as usize, cb_arg as usize, cb_arg as isize == -1);
        if own {
            tls::set_errno(libc::EINPROGRESS);
        } else if n == 0 {
            tls::set_errno(libc::ENOENT);
        }
        n as c_int
    })
}
