//! `rte_thread.h` and the thread functions of `rte_lcore.h`: names,
//! affinity, control threads, thread ids.

use std::ffi::{c_char, c_int, c_void, CStr};

use rte_abi::thread::rte_thread_t;
use rte_eal::cpu::{self, CpuSet};
use rte_eal::{lcore, tls, Error};

use crate::boundary::fail;
use crate::eal::rte_lcore::rte_cpuset_t;

/// Names thread `id` (names longer than 15 bytes are cut, as Linux keeps
/// 16 bytes with the NUL). Returns 0 or -errno.
///
/// # Safety
/// `name` must be a valid string; `id` a live thread of this process.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_setname(id: libc::pthread_t, name: *const c_char) -> c_int {
    entry!("rte_thread_setname", -libc::EINVAL, {
        nonnull!("rte_thread_setname", name, -libc::EINVAL);
        // SAFETY: valid string per the contract.
        let bytes = unsafe { CStr::from_ptr(name) }.to_bytes();
        let mut buf = [0u8; 16];
        let n = bytes.len().min(15);
        buf[..n].copy_from_slice(&bytes[..n]);
        // SAFETY: `buf` is NUL-terminated; `id` is a live thread per contract.
        -unsafe { libc::pthread_setname_np(id, buf.as_ptr().cast()) }
    })
}

/// Copies thread `id`'s name into `name[..len]`. Returns 0 or -errno.
///
/// # Safety
/// `name` must be writable for `len` bytes; `id` a live thread.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_getname(id: libc::pthread_t, name: *mut c_char, len: usize) -> c_int {
    entry!("rte_thread_getname", -libc::EINVAL, {
        nonnull!("rte_thread_getname", name, -libc::EINVAL);
        // SAFETY: `name` is writable for `len` bytes per the contract.
        -unsafe { libc::pthread_getname_np(id, name, len) }
    })
}

fn set_affinity(cpus: &CpuSet) -> c_int {
    if let Err(e) = cpu::set_thread_affinity(cpus) {
        let err = Error::Os {
            what: format!("cannot pin thread to cpus {}", cpus.to_list_string()),
            errno: e.raw_os_error().unwrap_or(libc::EINVAL),
        };
        return fail("rte_thread_set_affinity", &err, -1);
    }
    let id = tls::lcore_id();
    if id < rte_abi::config::RTE_MAX_LCORE {
        lcore::set_cpuset(id, cpus);
    }
    0
}

/// Pins the calling thread to `*cpusetp` (and records it as its lcore's
/// CPUs). Returns 0, or -1 with `rte_errno`.
///
/// # Safety
/// `cpusetp` must point to a valid `rte_cpuset_t`.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_set_affinity(cpusetp: *mut rte_cpuset_t) -> c_int {
    entry!("rte_thread_set_affinity", -1, {
        nonnull!("rte_thread_set_affinity", cpusetp, -1);
        // SAFETY: valid per the contract.
        let cpus = CpuSet::from_libc(unsafe { &*cpusetp });
        set_affinity(&cpus)
    })
}

/// Stores the calling thread's CPU affinity in `*cpusetp`.
///
/// # Safety
/// `cpusetp` must point to writable `rte_cpuset_t` storage.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_get_affinity(cpusetp: *mut rte_cpuset_t) {
    entry!("rte_thread_get_affinity", (), {
        nonnull!("rte_thread_get_affinity", cpusetp, ());
        // SAFETY: writable per the contract.
        unsafe { cpusetp.write(cpu::thread_affinity().to_libc()) };
    })
}

/// The calling thread's kernel thread id (uncached; `rte_gettid()` caches).
#[no_mangle]
pub extern "C" fn rte_sys_gettid() -> c_int {
    // SAFETY: gettid cannot fail.
    unsafe { libc::gettid() }
}

/// The calling thread's identifier.
#[no_mangle]
pub extern "C" fn rte_thread_self() -> rte_thread_t {
    // SAFETY: pthread_self cannot fail.
    rte_thread_t { opaque_id: unsafe { libc::pthread_self() } as usize }
}

/// 1 if `t1` and `t2` are the same thread, else 0.
#[no_mangle]
pub extern "C" fn rte_thread_equal(t1: rte_thread_t, t2: rte_thread_t) -> c_int {
    // SAFETY: pthread_equal only compares the two ids.
    unsafe { libc::pthread_equal(t1.opaque_id as libc::pthread_t, t2.opaque_id as libc::pthread_t) }
}

struct CtrlStart {
    routine: unsafe extern "C" fn(*mut c_void) -> *mut c_void,
    arg: *mut c_void,
    cpus: CpuSet,
}

extern "C" fn ctrl_trampoline(p: *mut c_void) -> *mut c_void {
    // SAFETY: `p` is the Box leaked by rte_ctrl_thread_create for this thread.
    let start = unsafe { Box::from_raw(p.cast::<CtrlStart>()) };
    let _ = cpu::set_thread_affinity(&start.cpus);
    // SAFETY: the application's start routine with its argument.
    unsafe { (start.routine)(start.arg) }
}

/// Creates a control thread named `name`, running on the CPUs no lcore uses
/// (the main lcore's when none is free). Returns 0 or a positive errno, as
/// pthread_create.
///
/// # Safety
/// `thread` must be writable; `name` a valid string; `attr` NULL or valid;
/// `start_routine` callable with `arg` on a new thread.
#[no_mangle]
pub unsafe extern "C" fn rte_ctrl_thread_create(
    thread: *mut libc::pthread_t,
    name: *const c_char,
    attr: *const libc::pthread_attr_t,
    start_routine: Option<unsafe extern "C" fn(*mut c_void) -> *mut c_void>,
    arg: *mut c_void,
) -> c_int {
    entry!("rte_ctrl_thread_create", libc::EINVAL, {
        nonnull!("rte_ctrl_thread_create", thread, libc::EINVAL);
        nonnull!("rte_ctrl_thread_create", name, libc::EINVAL);
        let Some(routine) = start_routine else {
            return fail(
                "rte_ctrl_thread_create",
                &Error::InvalidArgument("start_routine is NULL".into()),
                libc::EINVAL,
            );
        };
        let cpus = lcore::with(|c| c.ctrl_cpuset).unwrap_or_else(cpu::thread_affinity);
        let start = Box::into_raw(Box::new(CtrlStart { routine, arg, cpus }));
        // SAFETY: `thread` is writable and `attr` NULL or valid per the
        // contract; the trampoline takes ownership of `start`.
        let rc = unsafe { libc::pthread_create(thread, attr, ctrl_trampoline, start.cast()) };
        if rc != 0 {
            // SAFETY: the thread was not created, so `start` is still ours.
            drop(unsafe { Box::from_raw(start) });
            return rc;
        }
        // SAFETY: `*thread` is the live thread just created; name is valid.
        unsafe { rte_thread_setname(*thread, name) };
        0
    })
}
