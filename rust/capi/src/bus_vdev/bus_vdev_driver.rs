//! `bus_vdev_driver.h`: vdev driver registration (INTERNAL symbols, called
//! from the constructors `RTE_PMD_REGISTER_VDEV` writes). Rust drivers use
//! `rte_eal::vdev::register_static`.

use rte_abi::dev::rte_vdev_driver;
use rte_eal::vdev;

/// Registers a vdev driver (its `driver.name` set).
///
/// # Safety
/// `driver` lives until it is unregistered.
#[no_mangle]
pub unsafe extern "C" fn rte_vdev_register(driver: *mut rte_vdev_driver) {
    entry!("rte_vdev_register", (), { vdev::register(driver) })
}

/// Unregisters a vdev driver.
///
/// # Safety
/// `driver` NULL or a driver.
#[no_mangle]
pub unsafe extern "C" fn rte_vdev_unregister(driver: *mut rte_vdev_driver) {
    entry!("rte_vdev_unregister", (), { vdev::unregister(driver) })
}
