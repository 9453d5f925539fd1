//! `rte_lcore.h`: lcore ids, roles, sockets, CPUs, callbacks and threads.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use rte_abi::config::RTE_MAX_LCORE;
use rte_abi::lcore::rte_lcore_role_t;
use rte_eal::cpu::CpuSet;
use rte_eal::lcore::{self, LcoreCallback, SOCKET_ID_ANY};
use rte_eal::{tls, Error};

use crate::boundary::{fail, fail_quiet};

/// `rte_cpuset_t` (glibc's `cpu_set_t`).
pub type rte_cpuset_t = libc::cpu_set_t;
/// `rte_lcore_init_cb`.
pub type rte_lcore_init_cb = Option<unsafe extern "C" fn(lcore_id: c_uint, arg: *mut c_void) -> c_int>;
/// `rte_lcore_uninit_cb`.
pub type rte_lcore_uninit_cb = Option<unsafe extern "C" fn(lcore_id: c_uint, arg: *mut c_void)>;
/// `rte_lcore_iterate_cb`.
pub type rte_lcore_iterate_cb = Option<unsafe extern "C" fn(lcore_id: c_uint, arg: *mut c_void) -> c_int>;

/// The role of lcore `lcore_id` (`ROLE_OFF` for an id out of range).
#[no_mangle]
pub extern "C" fn rte_eal_lcore_role(lcore_id: c_uint) -> rte_lcore_role_t {
    entry!("rte_eal_lcore_role", rte_lcore_role_t::ROLE_OFF, { lcore::role(lcore_id) })
}

/// 1 if lcore `lcore_id` has role `role`, 0 if not, -EINVAL for an id out
/// of range.
#[no_mangle]
pub extern "C" fn rte_lcore_has_role(lcore_id: c_uint, role: c_uint) -> c_int {
    entry!("rte_lcore_has_role", -libc::EINVAL, {
        if lcore_id >= RTE_MAX_LCORE {
            return fail_quiet(&Error::InvalidArgument(format!("lcore id {lcore_id}")), -libc::EINVAL);
        }
        (lcore::role(lcore_id) as c_uint == role) as c_int
    })
}

/// The main lcore's id.
#[no_mangle]
pub extern "C" fn rte_get_main_lcore() -> c_uint {
    entry!("rte_get_main_lcore", 0, { lcore::main_lcore() })
}

/// Number of EAL lcores (service cores and non-EAL threads not counted).
#[no_mangle]
pub extern "C" fn rte_lcore_count() -> c_uint {
    entry!("rte_lcore_count", 0, { lcore::count() })
}

/// Position of lcore `lcore_id` (the caller's when -1) among EAL lcores, or
/// -1 if it is not one.
#[no_mangle]
pub extern "C" fn rte_lcore_index(lcore_id: c_int) -> c_int {
    entry!("rte_lcore_index", -1, {
        let id = if lcore_id == -1 { tls::lcore_id() } else { lcore_id as u32 };
        if id >= RTE_MAX_LCORE {
            return -1;
        }
        lcore::get(id).core_index
    })
}

/// NUMA socket of the calling thread's lcore, or `SOCKET_ID_ANY` (as
/// unsigned) for a thread without one.
#[no_mangle]
pub extern "C" fn rte_socket_id() -> c_uint {
    entry!("rte_socket_id", SOCKET_ID_ANY as c_uint, {
        let id = tls::lcore_id();
        if id >= RTE_MAX_LCORE {
            return SOCKET_ID_ANY as c_uint;
        }
        lcore::socket(id) as c_uint
    })
}

/// Number of NUMA sockets.
#[no_mangle]
pub extern "C" fn rte_socket_count() -> c_uint {
    entry!("rte_socket_count", 0, { lcore::sockets().len() as c_uint })
}

/// The socket id at position `idx`, or -1 with `rte_errno = EINVAL`.
#[no_mangle]
pub extern "C" fn rte_socket_id_by_idx(idx: c_uint) -> c_int {
    entry!("rte_socket_id_by_idx", -1, {
        match lcore::sockets().get(idx as usize) {
            Some(&s) => s as c_int,
            None => fail_quiet(&Error::InvalidArgument(format!("socket index {idx}")), -1),
        }
    })
}

/// NUMA socket of lcore `lcore_id`.
#[no_mangle]
pub extern "C" fn rte_lcore_to_socket_id(lcore_id: c_uint) -> c_uint {
    entry!("rte_lcore_to_socket_id", SOCKET_ID_ANY as c_uint, { lcore::get(lcore_id).socket as c_uint })
}

/// The CPU lcore `lcore_id` runs on (the lowest of its set), or -1.
#[no_mangle]
pub extern "C" fn rte_lcore_to_cpu_id(lcore_id: c_int) -> c_int {
    entry!("rte_lcore_to_cpu_id", -1, {
        if lcore_id < 0 || lcore_id as u32 >= RTE_MAX_LCORE {
            return -1;
        }
        lcore::get(lcore_id as u32).cpu_id
    })
}

/// The CPUs lcore `lcore_id` may run on (empty for an unknown lcore).
#[no_mangle]
pub extern "C" fn rte_lcore_cpuset(lcore_id: c_uint) -> rte_cpuset_t {
    entry!("rte_lcore_cpuset", CpuSet::new().to_libc(), { lcore::get(lcore_id).cpuset.to_libc() })
}

/// 1 if `lcore_id` is an EAL lcore, else 0.
#[no_mangle]
pub extern "C" fn rte_lcore_is_enabled(lcore_id: c_uint) -> c_int {
    entry!("rte_lcore_is_enabled", 0, { lcore::is_enabled(lcore_id) as c_int })
}

/// The next EAL lcore after `i` (skipping the main one if `skip_main`,
/// wrapping around if `wrap`), or `RTE_MAX_LCORE` when there is none.
#[no_mangle]
pub extern "C" fn rte_get_next_lcore(i: c_uint, skip_main: c_int, wrap: c_int) -> c_uint {
    entry!("rte_get_next_lcore", RTE_MAX_LCORE, { lcore::next(i, skip_main != 0, wrap != 0) })
}

/// Registers callbacks run for every lcore now and as lcores come and go.
/// Returns a handle, or NULL if `name` is NULL or an `init` refused an lcore.
///
/// # Safety
/// `name` must be a valid string; the callbacks must be callable with `arg`
/// from any thread.
#[no_mangle]
pub unsafe extern "C" fn rte_lcore_callback_register(
    name: *const c_char,
    init: rte_lcore_init_cb,
    uninit: rte_lcore_uninit_cb,
    arg: *mut c_void,
) -> *mut c_void {
    entry!("rte_lcore_callback_register", std::ptr::null_mut(), {
        nonnull!("rte_lcore_callback_register", name, std::ptr::null_mut());
        // SAFETY: non-null, NUL-terminated per the contract.
        let name = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
        let cb = LcoreCallback { name, init, uninit, arg };
        lcore::callback_register(cb).unwrap_or(std::ptr::null_mut())
    })
}

/// Unregisters callbacks, running `uninit` for every lcore.
///
/// # Safety
/// `handle` must come from `rte_lcore_callback_register` (or be NULL).
#[no_mangle]
pub unsafe extern "C" fn rte_lcore_callback_unregister(handle: *mut c_void) {
    entry!("rte_lcore_callback_unregister", (), {
        if !handle.is_null() && !lcore::callback_unregister(handle) {
            fail("rte_lcore_callback_unregister", &Error::InvalidArgument(format!("unknown handle {handle:?}")), ())
        }
    })
}

/// Calls `cb(lcore_id, arg)` for every lcore in use, stopping at the first
/// non-zero return, which is returned.
///
/// # Safety
/// `cb` must be callable with `arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_lcore_iterate(cb: rte_lcore_iterate_cb, arg: *mut c_void) -> c_int {
    entry!("rte_lcore_iterate", -libc::EINVAL, {
        let Some(cb) = cb else {
            return fail("rte_lcore_iterate", &Error::InvalidArgument("cb is NULL".into()), -libc::EINVAL);
        };
        for id in 0..RTE_MAX_LCORE {
            if lcore::role(id) == rte_lcore_role_t::ROLE_OFF {
                continue;
            }
            // SAFETY: the application's callback, called as documented.
            let r = unsafe { cb(id, arg) };
            if r != 0 {
                return r;
            }
        }
        0
    })
}

/// Prints one line per lcore in use: id, socket, role and CPUs.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_lcore_dump(f: *mut libc::FILE) {
    entry!("rte_lcore_dump", (), {
        nonnull!("rte_lcore_dump", f, ());
        let mut out = String::new();
        for id in 0..RTE_MAX_LCORE {
            let l = lcore::get(id);
            if l.role == rte_lcore_role_t::ROLE_OFF {
                continue;
            }
            out.push_str(&format!(
                "lcore {id}, socket {}, role {}, cpuset {}\n",
                l.socket as u32,
                lcore::role_name(l.role),
                l.cpuset.to_list_string()
            ));
        }
        // SAFETY: `f` is a valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &out) };
    })
}

/// Registers the calling thread as a non-EAL lcore, giving it an lcore id.
/// Returns 0, or -1 with `rte_errno`: `EINVAL` before init, `ENOMEM` when no
/// lcore id is free or an lcore init callback refused.
#[no_mangle]
pub extern "C" fn rte_thread_register() -> c_int {
    entry!("rte_thread_register", -1, {
        match lcore::register_thread() {
            Ok(_) => 0,
            Err(Error::NoSpace(m)) => {
                crate::boundary::fail("rte_thread_register", &Error::NoSpace(m), ());
                crate::boundary::set_errno(libc::ENOMEM);
                -1
            }
            Err(e) => fail("rte_thread_register", &e, -1),
        }
    })
}

/// Releases the calling non-EAL thread's lcore id.
#[no_mangle]
pub extern "C" fn rte_thread_unregister() {
    entry!("rte_thread_unregister", (), { lcore::unregister_thread() })
}
