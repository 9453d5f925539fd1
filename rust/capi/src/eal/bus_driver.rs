//! `bus_driver.h`: bus registration (INTERNAL symbols).

use rte_abi::dev::rte_bus;
use rte_eal::bus;

/// Registers a bus. One without a name, scan, probe, find_device or parse
/// (or with only one of plug/unplug) is refused with a log line.
///
/// # Safety
/// `bus` a bus living until it is unregistered.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_register(bus: *mut rte_bus) {
    // SAFETY: per the contract.
    entry!("rte_bus_register", (), { unsafe { bus::register(bus) } })
}

/// Unregisters a bus.
///
/// # Safety
/// `bus` NULL or a bus.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_unregister(bus: *mut rte_bus) {
    entry!("rte_bus_unregister", (), { bus::unregister(bus) })
}
