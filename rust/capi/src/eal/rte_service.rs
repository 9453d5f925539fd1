//! `rte_service.h` / `rte_service_component.h`: the service registry.
//! This EAL starts no service lcores (no -s option), so every service
//! exists, keeps its run states and mappings to nothing, and is never run
//! by a service core: lcore lists are empty and "may be active" is 0.

use std::ffi::{c_char, c_int, c_void};
use std::sync::Mutex;

use rte_eal::{rte_log, Error};

use crate::boundary::fail;

/// Most services (`RTE_SERVICE_NUM_MAX`).
pub const RTE_SERVICE_NUM_MAX: usize = 64;
/// Service name size (`RTE_SERVICE_NAME_MAX`).
pub const RTE_SERVICE_NAME_MAX: usize = 32;

/// A service as its component describes it (`struct rte_service_spec`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_service_spec {
    /// Name.
    pub name: [c_char; RTE_SERVICE_NAME_MAX],
    /// Work function.
    pub callback: Option<unsafe extern "C" fn(*mut c_void) -> i32>,
    /// Its argument.
    pub callback_userdata: *mut c_void,
    /// RTE_SERVICE_CAP_* flags.
    pub capabilities: u32,
    /// NUMA socket.
    pub socket_id: c_int,
}

const _: () = assert!(size_of::<rte_service_spec>() == 56);

struct Service {
    name: Vec<u8>,
    comp_running: bool,
    app_running: bool,
}

static SERVICES: Mutex<[Option<Service>; RTE_SERVICE_NUM_MAX]> = Mutex::new([const { None }; RTE_SERVICE_NUM_MAX]);

fn with_service<T>(func: &str, id: u32, f: impl FnOnce(&mut Service) -> T) -> Result<T, c_int> {
    let mut s = SERVICES.lock().unwrap_or_else(|e| e.into_inner());
    match s.get_mut(id as usize).and_then(|x| x.as_mut()) {
        Some(svc) => Ok(f(svc)),
        None => Err(fail(func, &Error::InvalidArgument(format!("service id {id} is not registered")), -libc::EINVAL)),
    }
}

/// Registers a service: -EINVAL for a NULL spec, no callback or an empty
/// name; -ENOSPC when all RTE_SERVICE_NUM_MAX slots are used. The id goes
/// to `*service_id` when that is not NULL.
///
/// # Safety
/// `spec` NULL or readable; `service_id` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_service_component_register(spec: *const rte_service_spec, service_id: *mut u32) -> c_int {
    entry!("rte_service_component_register", -libc::EINVAL, {
        nonnull!("rte_service_component_register", spec, -libc::EINVAL);
        // SAFETY: per the contract.
        let sp = unsafe { *spec };
        if sp.callback.is_none() || sp.name[0] == 0 {
            return fail(
                "rte_service_component_register",
                &Error::InvalidArgument("service has no callback or no name".into()),
                -libc::EINVAL,
            );
        }
        let name: Vec<u8> = sp.name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        let mut s = SERVICES.lock().unwrap_or_else(|e| e.into_inner());
        let Some(i) = s.iter().position(|x| x.is_none()) else {
            return fail(
                "rte_service_component_register",
                &Error::NoSpace("no free service slot".into()),
                -libc::ENOSPC,
            );
        };
        s[i] = Some(Service { name, comp_running: false, app_running: false });
        if !service_id.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *service_id = i as u32 };
        }
        rte_log!(DEBUG, EAL, "EAL: registered service {i}\n");
        0
    })
}

/// Unregisters a service (-EINVAL for an unknown id).
#[no_mangle]
pub extern "C" fn rte_service_component_unregister(id: u32) -> c_int {
    entry!("rte_service_component_unregister", -libc::EINVAL, {
        let mut s = SERVICES.lock().unwrap_or_else(|e| e.into_inner());
        match s.get_mut(id as usize) {
            Some(x @ Some(_)) => {
                *x = None;
                0
            }
            _ => fail(
                "rte_service_component_unregister",
                &Error::InvalidArgument(format!("service id {id} is not registered")),
                -libc::EINVAL,
            ),
        }
    })
}

/// The component's run state (nonzero: running); -EINVAL for an unknown id.
#[no_mangle]
pub extern "C" fn rte_service_component_runstate_set(id: u32, runstate: u32) -> c_int {
    entry!("rte_service_component_runstate_set", -libc::EINVAL, {
        with_service("rte_service_component_runstate_set", id, |s| s.comp_running = runstate != 0)
            .map_or_else(|e| e, |()| 0)
    })
}

/// The application's run state (nonzero: running); -EINVAL for an unknown id.
#[no_mangle]
pub extern "C" fn rte_service_runstate_set(id: u32, runstate: u32) -> c_int {
    entry!("rte_service_runstate_set", -libc::EINVAL, {
        with_service("rte_service_runstate_set", id, |s| s.app_running = runstate != 0).map_or_else(|e| e, |()| 0)
    })
}

/// 1 when both run states are set, 0 when not; -EINVAL for an unknown id.
#[no_mangle]
pub extern "C" fn rte_service_runstate_get(id: u32) -> c_int {
    entry!("rte_service_runstate_get", -libc::EINVAL, {
        with_service("rte_service_runstate_get", id, |s| (s.comp_running && s.app_running) as c_int)
            .unwrap_or_else(|e| e)
    })
}

/// Whether a service core may be running the service: none is, so 0
/// (-EINVAL for an unknown id).
#[no_mangle]
pub extern "C" fn rte_service_may_be_active(id: u32) -> c_int {
    entry!("rte_service_may_be_active", -libc::EINVAL, {
        with_service("rte_service_may_be_active", id, |_| 0).unwrap_or_else(|e| e)
    })
}

/// Whether `lcore` runs the service: -EINVAL for an unknown id and for an
/// lcore that is not a service lcore, which here is every lcore.
#[no_mangle]
pub extern "C" fn rte_service_map_lcore_get(id: u32, lcore: u32) -> c_int {
    entry!("rte_service_map_lcore_get", -libc::EINVAL, {
        if lcore >= rte_abi::config::RTE_MAX_LCORE {
            return fail(
                "rte_service_map_lcore_get",
                &Error::InvalidArgument(format!("lcore {lcore} out of range")),
                -libc::EINVAL,
            );
        }
        if let Err(e) = with_service("rte_service_map_lcore_get", id, |_| ()) {
            return e;
        }
        fail(
            "rte_service_map_lcore_get",
            &Error::InvalidArgument(format!("lcore {lcore} is not a service lcore")),
            -libc::EINVAL,
        )
    })
}

/// The service lcores (none): writes nothing and returns 0; -EINVAL for
/// a NULL array.
///
/// # Safety
/// `array` NULL or writable for `n` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_service_lcore_list(array: *mut u32, _n: u32) -> c_int {
    entry!("rte_service_lcore_list", -libc::EINVAL, {
        nonnull!("rte_service_lcore_list", array, -libc::EINVAL);
        0
    })
}

/// The number of service lcores (0).
#[no_mangle]
pub extern "C" fn rte_service_lcore_count() -> i32 {
    0
}

/// The name of a service, or NULL for an unknown id.
#[no_mangle]
pub extern "C" fn rte_service_get_name(id: u32) -> *const c_char {
    entry!("rte_service_get_name", std::ptr::null(), {
        // Names live as long as the process: interned on first request.
        static NAMES: Mutex<Vec<std::ffi::CString>> = Mutex::new(Vec::new());
        let Ok(n) = with_service("rte_service_get_name", id, |s| s.name.clone()) else { return std::ptr::null() };
        let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
        let c = std::ffi::CString::new(n).unwrap_or_default();
        if let Some(p) = names.iter().find(|x| **x == c) {
            return p.as_ptr();
        }
        names.push(c);
        names.last().map_or(std::ptr::null(), |x| x.as_ptr())
    })
}
