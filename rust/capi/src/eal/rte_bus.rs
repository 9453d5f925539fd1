//! `rte_bus.h`: scan and probe every bus, find buses.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use rte_abi::dev::{rte_bus, rte_bus_cmp_t, rte_device};
use rte_abi::eal::rte_iova_mode;
use rte_eal::bus;

/// The bus's name.
///
/// # Safety
/// `bus` a registered bus.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_name(bus: *const rte_bus) -> *const c_char {
    entry!("rte_bus_name", ptr::null(), {
        nonnull!("rte_bus_name", bus, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*bus).name }
    })
}

/// Scans every registered bus for devices. Returns 0 (a failing bus is
/// logged and skipped, as in 22.11).
#[no_mangle]
pub extern "C" fn rte_bus_scan() -> c_int {
    entry!("rte_bus_scan", -1, {
        bus::scan_all();
        0
    })
}

/// Probes every registered bus's devices, the vdev bus last. Returns 0
/// (failures are logged).
#[no_mangle]
pub extern "C" fn rte_bus_probe() -> c_int {
    entry!("rte_bus_probe", -1, {
        bus::probe_all();
        0
    })
}

/// Writes the registered buses' names to `f`, one per line (" %-20s").
///
/// # Safety
/// `f` an open stdio stream.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_dump(f: *mut libc::FILE) {
    entry!("rte_bus_dump", (), {
        if f.is_null() {
            return;
        }
        for b in bus::buses() {
            // SAFETY: registered bus; f an open stream.
            unsafe {
                let n = bus::bus_name(b);
                libc::fprintf(f, c" %-20.*s\n".as_ptr(), n.len() as c_int, n.as_ptr());
            }
        }
    })
}

/// The first bus after `start` (from the first when NULL) for which
/// `cmp(bus, data)` is 0; NULL if none.
///
/// # Safety
/// `cmp` callable with `data`.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_find(start: *const rte_bus, cmp: rte_bus_cmp_t, data: *const c_void) -> *mut rte_bus {
    entry!("rte_bus_find", ptr::null_mut(), {
        let Some(cmp) = cmp else { return ptr::null_mut() };
        // SAFETY: the caller's comparison on a registered bus.
        bus::find(start, |b| unsafe { cmp(b, data) } == 0)
    })
}

/// The bus holding device `dev`, or NULL.
///
/// # Safety
/// `dev` NULL or a device.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_find_by_device(dev: *const rte_device) -> *mut rte_bus {
    entry!("rte_bus_find_by_device", ptr::null_mut(), {
        if dev.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: per the contract.
        unsafe { bus::find_by_device(dev) }
    })
}

/// The bus called `busname`, or NULL.
///
/// # Safety
/// `busname` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_bus_find_by_name(busname: *const c_char) -> *mut rte_bus {
    entry!("rte_bus_find_by_name", ptr::null_mut(), {
        if busname.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: per the contract.
        bus::find_by_name(unsafe { CStr::from_ptr(busname) }.to_bytes())
    })
}

/// The IOVA mode the devices of all buses need together (DC when none or
/// conflicting).
#[no_mangle]
pub extern "C" fn rte_bus_get_iommu_class() -> rte_iova_mode {
    entry!("rte_bus_get_iommu_class", rte_iova_mode::RTE_IOVA_DC, { bus::iommu_class() })
}
