//! `rte_bus_pci.h` / `bus_pci_driver.h`: the PCI driver registry and
//! configuration-space access. No PCI bus scan or probe is built: drivers
//! register (PMD constructors do it at load) and are kept in a list, and
//! config space of a device without a UIO or VFIO binding cannot be read,
//! as 22.11 answers for such a device.

use std::ffi::{c_int, c_void};
use std::sync::Mutex;

use rte_eal::rte_log;

use super::rte_pci::{name, rte_pci_addr};

/// Offset of `addr` in `struct rte_pci_device` (after its list link and
/// the 64-byte `struct rte_device`).
const PCI_DEVICE_ADDR_OFFSET: usize = 80;
/// Start of the extended configuration space.
const PCI_CFG_SPACE_SIZE: i64 = 256;

/// Registered `struct rte_pci_driver`s (as addresses).
static DRIVERS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// Registers a PCI driver (no device is probed: there is no PCI scan).
///
/// # Safety
/// `driver` NULL or a driver living until it is unregistered.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_register(driver: *mut c_void) {
    entry!("rte_pci_register", (), {
        if driver.is_null() {
            rte_log!(ERR, EAL, "EAL: rte_pci_register(): driver is NULL\n");
            return;
        }
        let mut d = DRIVERS.lock().unwrap_or_else(|e| e.into_inner());
        if !d.contains(&(driver as usize)) {
            d.push(driver as usize);
        }
    })
}

/// Unregisters a PCI driver.
///
/// # Safety
/// `driver` NULL or a registered driver.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_unregister(driver: *mut c_void) {
    entry!("rte_pci_unregister", (), {
        DRIVERS.lock().unwrap_or_else(|e| e.into_inner()).retain(|&x| x != driver as usize);
    })
}

/// Number of registered PCI drivers.
pub fn driver_count() -> usize {
    DRIVERS.lock().unwrap_or_else(|e| e.into_inner()).len()
}

/// # Safety
/// `dev` NULL or a `struct rte_pci_device`.
unsafe fn dev_name(dev: *const c_void) -> String {
    if dev.is_null() {
        return "(null)".into();
    }
    // SAFETY: per the contract, addr lies at its 22.11 offset.
    name(unsafe { &*dev.cast::<u8>().add(PCI_DEVICE_ADDR_OFFSET).cast::<rte_pci_addr>() })
}

/// Reads configuration space: no device here has a UIO or VFIO binding
/// to read it through, so -1 with a log line naming the device.
///
/// # Safety
/// `device` NULL or a `struct rte_pci_device`.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_read_config(
    device: *const c_void,
    _buf: *mut c_void,
    _len: usize,
    _offset: i64,
) -> c_int {
    entry!("rte_pci_read_config", -1, {
        // SAFETY: per the contract.
        let n = unsafe { dev_name(device) };
        rte_log!(ERR, EAL, "EAL: Unknown driver type for {n}\n");
        -1
    })
}

/// Writes configuration space: -1 as for reads.
///
/// # Safety
/// `device` NULL or a `struct rte_pci_device`.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_write_config(
    device: *const c_void,
    _buf: *const c_void,
    _len: usize,
    _offset: i64,
) -> c_int {
    entry!("rte_pci_write_config", -1, {
        // SAFETY: per the contract.
        let n = unsafe { dev_name(device) };
        rte_log!(ERR, EAL, "EAL: Unknown driver type for {n}\n");
        -1
    })
}

/// Finds an extended capability: the first config read fails, so -1.
///
/// # Safety
/// `dev` NULL or a `struct rte_pci_device`.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_find_ext_capability(dev: *mut c_void, _cap: u32) -> i64 {
    entry!("rte_pci_find_ext_capability", -1, {
        let mut header = 0u32;
        // SAFETY: per the contract; header is 4 writable bytes.
        if unsafe { rte_pci_read_config(dev, (&mut header as *mut u32).cast(), 4, PCI_CFG_SPACE_SIZE) } < 0 {
            rte_log!(ERR, EAL, "EAL: error in reading extended capabilities\n");
            return -1;
        }
        -1
    })
}
