//! `rte_version.h`.

use std::ffi::c_char;

/// The version string, "DPDK 22.11.11": the ABI this library provides.
#[no_mangle]
pub extern "C" fn rte_version() -> *const c_char {
    rte_eal::init::VERSION.as_ptr()
}
