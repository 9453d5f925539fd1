//! `rte_launch.h`: running functions on worker lcores.

use std::ffi::{c_int, c_uint, c_void};

use rte_abi::launch::{rte_lcore_state_t, rte_rmt_call_main_t};
use rte_eal::{launch, Error};

use crate::boundary::fail;

/// `lcore_function_t *`: the function an lcore runs.
pub type lcore_function_ptr = Option<unsafe extern "C" fn(arg: *mut c_void) -> c_int>;

/// Launches `f(arg)` on worker lcore `worker_id`.
///
/// Returns 0, `-EBUSY` if that lcore is running a function, or `-EINVAL`
/// (with `rte_errno`) if `f` is NULL or `worker_id` is not a worker lcore.
///
/// # Safety
/// `f` must be safe to call with `arg` on another thread.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_remote_launch(f: lcore_function_ptr, arg: *mut c_void, worker_id: c_uint) -> c_int {
    entry!("rte_eal_remote_launch", -libc::EINVAL, {
        let Some(f) = f else {
            return fail("rte_eal_remote_launch", &Error::InvalidArgument("f is NULL".into()), -libc::EINVAL);
        };
        match launch::remote_launch(f, arg, worker_id) {
            Ok(()) => 0,
            Err(Error::Busy) => -libc::EBUSY,
            Err(e) => fail("rte_eal_remote_launch", &e, -e.errno()),
        }
    })
}

/// Launches `f(arg)` on every worker lcore, and on the main lcore too when
/// `call_main` is `CALL_MAIN` (an `enum rte_rmt_call_main_t`) (returning after it finishes there).
///
/// Returns 0, or `-EBUSY` if any worker is running a function (nothing is
/// launched then).
///
/// # Safety
/// `f` must be safe to call with `arg` on any lcore thread.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_mp_remote_launch(f: lcore_function_ptr, arg: *mut c_void, call_main: c_int) -> c_int {
    entry!("rte_eal_mp_remote_launch", -libc::EINVAL, {
        let Some(f) = f else {
            return fail("rte_eal_mp_remote_launch", &Error::InvalidArgument("f is NULL".into()), -libc::EINVAL);
        };
        // SAFETY: forwarded from this function's contract.
        match unsafe { launch::mp_remote_launch(f, arg, call_main == rte_rmt_call_main_t::CALL_MAIN as c_int) } {
            Ok(()) => 0,
            Err(Error::Busy) => -libc::EBUSY,
            Err(e) => fail("rte_eal_mp_remote_launch", &e, -e.errno()),
        }
    })
}

/// The state (WAIT or RUNNING) of lcore `worker_id`.
#[no_mangle]
pub extern "C" fn rte_eal_get_lcore_state(worker_id: c_uint) -> rte_lcore_state_t {
    entry!("rte_eal_get_lcore_state", rte_lcore_state_t::WAIT, { launch::state(worker_id) })
}

/// Waits until lcore `worker_id` is idle; returns the value its last
/// function returned (0 if none was launched).
#[no_mangle]
pub extern "C" fn rte_eal_wait_lcore(worker_id: c_uint) -> c_int {
    entry!("rte_eal_wait_lcore", 0, { launch::wait(worker_id) })
}

/// Waits until every worker lcore is idle.
#[no_mangle]
pub extern "C" fn rte_eal_mp_wait_lcore() {
    entry!("rte_eal_mp_wait_lcore", (), {
        for id in launch::worker_ids() {
            launch::wait(id);
        }
    })
}
