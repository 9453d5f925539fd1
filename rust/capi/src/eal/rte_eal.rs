//! `rte_eal.h`: initialisation, cleanup and process-wide queries.

use std::ffi::{c_char, c_int};

use rte_abi::eal::{rte_iova_mode, rte_proc_type_t};
use rte_eal::{init, Error};

use crate::boundary::fail;

/// Initialises the Environment Abstraction Layer from the program's
/// arguments.
///
/// Returns the number of arguments consumed (`argv[ret]` then holds the
/// program name), or -1 with `rte_errno`: `EINVAL` for a bad option or
/// value, `ENOTSUP` for an option whose machinery is not built, `EALREADY`
/// if EAL is already initialised or the `--file-prefix` is held by another
/// primary process.
///
/// # Safety
/// `argv` must hold `argc` valid NUL-terminated strings (as `main` gets them).
#[no_mangle]
pub unsafe extern "C" fn rte_eal_init(argc: c_int, argv: *mut *mut c_char) -> c_int {
    entry!("rte_eal_init", -1, {
        // SAFETY: forwarded from this function's contract.
        match unsafe { init::eal_init(argc, argv) } {
            Ok(n) => n as c_int,
            Err(e) => fail("rte_eal_init", &e, -1),
        }
    })
}

/// Releases what `rte_eal_init` took: joins the worker threads, runs lcore
/// uninit callbacks, removes this process's runtime files.
///
/// Returns 0, or -1 with `rte_errno = EALREADY` if called twice.
#[no_mangle]
pub extern "C" fn rte_eal_cleanup() -> c_int {
    entry!("rte_eal_cleanup", -1, {
        // LIBRTE_RS_MEMPOOL_DEBUG: objects still out of their pools.
        crate::mempool::debug::on_eal_cleanup();
        match init::eal_cleanup() {
            Ok(()) => 0,
            Err(e @ Error::Already) => crate::boundary::fail_quiet(&e, -1),
            Err(e) => fail("rte_eal_cleanup", &e, -1),
        }
    })
}

/// The type of this process: primary (also before init) or secondary.
#[no_mangle]
pub extern "C" fn rte_eal_process_type() -> rte_proc_type_t {
    entry!("rte_eal_process_type", rte_proc_type_t::RTE_PROC_INVALID, { init::proc_type() })
}

/// The runtime directory (`/var/run/dpdk/<prefix>` for root), or an empty
/// string before init.
#[no_mangle]
pub extern "C" fn rte_eal_get_runtime_dir() -> *const c_char {
    entry!("rte_eal_get_runtime_dir", c"".as_ptr(), {
        // The CString lives in the EAL state until rte_eal_cleanup.
        init::with(|e| e.runtime_dir_c.as_ptr()).unwrap_or(c"".as_ptr())
    })
}

/// 1 if EAL uses hugepages, 0 with `--no-huge` (or before init).
#[no_mangle]
pub extern "C" fn rte_eal_has_hugepages() -> c_int {
    entry!("rte_eal_has_hugepages", 0, { init::has_hugepages() as c_int })
}

/// 1 if the PCI bus is enabled, 0 with `--no-pci` (or before init).
#[no_mangle]
pub extern "C" fn rte_eal_has_pci() -> c_int {
    entry!("rte_eal_has_pci", 0, { init::has_pci() as c_int })
}

/// 1 if `/dev/uioX` nodes are to be created (`--create-uio-dev`).
#[no_mangle]
pub extern "C" fn rte_eal_create_uio_dev() -> c_int {
    entry!("rte_eal_create_uio_dev", 0, { init::with(|e| e.options.create_uio_dev as c_int).unwrap_or(0) })
}

/// The IOVA mode in use: as forced by `--iova-mode`, else VA.
#[no_mangle]
pub extern "C" fn rte_eal_iova_mode() -> rte_iova_mode {
    entry!("rte_eal_iova_mode", rte_iova_mode::RTE_IOVA_DC, { init::iova_mode() })
}

/// The mempool ops name given by `--mbuf-pool-ops-name`, or NULL.
#[no_mangle]
pub extern "C" fn rte_eal_mbuf_user_pool_ops() -> *const c_char {
    entry!("rte_eal_mbuf_user_pool_ops", std::ptr::null(), {
        static NAME: std::sync::OnceLock<Option<std::ffi::CString>> = std::sync::OnceLock::new();
        if !init::is_ready() {
            return std::ptr::null();
        }
        NAME.get_or_init(|| {
            init::with(|e| e.options.mbuf_pool_ops_name.clone()).flatten().and_then(|s| std::ffi::CString::new(s).ok())
        })
        .as_ref()
        .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}
