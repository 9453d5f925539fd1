//! `rte_dev.h`: generic device accessors, hotplug, the device iterator,
//! device event callbacks and device DMA mapping.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use rte_abi::dev::*;
use rte_eal::{bus, devevent, Error};

use crate::boundary::fail;

/// The device's bus.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_bus(dev: *const rte_device) -> *const rte_bus {
    entry!("rte_dev_bus", ptr::null(), {
        nonnull!("rte_dev_bus", dev, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*dev).bus }
    })
}

/// The device's bus-specific information string.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_bus_info(dev: *const rte_device) -> *const c_char {
    entry!("rte_dev_bus_info", ptr::null(), {
        nonnull!("rte_dev_bus_info", dev, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*dev).bus_info as *const c_char }
    })
}

/// The arguments of the device's latest probe.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_devargs(dev: *const rte_device) -> *const rte_devargs {
    entry!("rte_dev_devargs", ptr::null(), {
        nonnull!("rte_dev_devargs", dev, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*dev).devargs as *const rte_devargs }
    })
}

/// The driver bound to the device (NULL before probing).
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_driver(dev: *const rte_device) -> *const rte_driver {
    entry!("rte_dev_driver", ptr::null(), {
        nonnull!("rte_dev_driver", dev, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*dev).driver }
    })
}

/// The device's name.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_name(dev: *const rte_device) -> *const c_char {
    entry!("rte_dev_name", ptr::null(), {
        nonnull!("rte_dev_name", dev, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*dev).name as *const c_char }
    })
}

/// The device's NUMA node.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_numa_node(dev: *const rte_device) -> c_int {
    entry!("rte_dev_numa_node", -1, {
        nonnull!("rte_dev_numa_node", dev, -1);
        // SAFETY: per the contract.
        unsafe { (*dev).numa_node as c_int }
    })
}

/// The driver's name.
///
/// # Safety
/// `driver` a live driver.
#[no_mangle]
pub unsafe extern "C" fn rte_driver_name(driver: *const rte_driver) -> *const c_char {
    entry!("rte_driver_name", ptr::null(), {
        nonnull!("rte_driver_name", driver, ptr::null());
        // SAFETY: per the contract.
        unsafe { (*driver).name }
    })
}

/// 1 if a driver is bound to the device, else 0.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_is_probed(dev: *const rte_device) -> c_int {
    entry!("rte_dev_is_probed", 0, {
        nonnull!("rte_dev_is_probed", dev, 0);
        // SAFETY: per the contract.
        unsafe { !(*dev).driver.is_null() as c_int }
    })
}

fn hotplug_fail(func: &str, (r, e): (i32, Error)) -> c_int {
    let r = fail(func, &e, r);
    rte_eal::tls::set_errno(-r);
    r
}

/// Probes the device described by `devargs` (e.g. "net_null0,size=64" or
/// "vdev:net_ring0"): records its arguments, rescans its bus and plugs it.
/// Returns 0 or a negative errno (-EINVAL bad string, -ENOTSUP bus without
/// hotplug, -ENODEV device not found, or the driver's error); a device
/// already probed is logged and answers 0, as in 22.11. On failure the
/// arguments are not kept.
///
/// # Safety
/// `devargs` a string.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_probe(devargs: *const c_char) -> c_int {
    entry!("rte_dev_probe", -libc::EFAULT, {
        nonnull!("rte_dev_probe", devargs, -libc::EINVAL);
        // SAFETY: per the contract.
        let s = unsafe { CStr::from_ptr(devargs) }.to_string_lossy();
        match bus::dev_probe(&s) {
            Ok(()) => 0,
            Err(e) => hotplug_fail("rte_dev_probe", e),
        }
    })
}

/// Probes device `devname` on bus `busname` with driver arguments
/// `drvargs` (as `rte_dev_probe("busname:devname,drvargs")`).
///
/// # Safety
/// Strings (`drvargs` may be NULL).
#[no_mangle]
pub unsafe extern "C" fn rte_eal_hotplug_add(
    busname: *const c_char,
    devname: *const c_char,
    drvargs: *const c_char,
) -> c_int {
    entry!("rte_eal_hotplug_add", -libc::EFAULT, {
        nonnull!("rte_eal_hotplug_add", busname, -libc::EINVAL);
        nonnull!("rte_eal_hotplug_add", devname, -libc::EINVAL);
        // SAFETY: per the contract.
        let (b, d, a) = unsafe {
            (
                CStr::from_ptr(busname).to_string_lossy(),
                CStr::from_ptr(devname).to_string_lossy(),
                if drvargs.is_null() { "".into() } else { CStr::from_ptr(drvargs).to_string_lossy() },
            )
        };
        match bus::dev_probe(&format!("{b}:{d},{a}")) {
            Ok(()) => 0,
            Err(e) => hotplug_fail("rte_eal_hotplug_add", e),
        }
    })
}

/// Removes probed device `dev` from its driver through its bus (a vdev is
/// deleted). Returns 0, -EINVAL (NULL), -ENOENT (not probed), -ENOTSUP
/// (bus without hotplug) or the driver's error.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_remove(dev: *mut rte_device) -> c_int {
    entry!("rte_dev_remove", -libc::EFAULT, {
        nonnull!("rte_dev_remove", dev, -libc::EINVAL);
        // SAFETY: per the contract.
        match unsafe { bus::dev_remove(dev) } {
            Ok(()) => 0,
            Err(e) => hotplug_fail("rte_dev_remove", e),
        }
    })
}

/// Removes device `devname` of bus `busname`. Returns 0, -ENOENT (no such
/// bus), -EINVAL (no such device) or as `rte_dev_remove`.
///
/// # Safety
/// Strings.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_hotplug_remove(busname: *const c_char, devname: *const c_char) -> c_int {
    entry!("rte_eal_hotplug_remove", -libc::EFAULT, {
        nonnull!("rte_eal_hotplug_remove", busname, -libc::EINVAL);
        nonnull!("rte_eal_hotplug_remove", devname, -libc::EINVAL);
        // SAFETY: per the contract.
        let (b, d) = unsafe { (CStr::from_ptr(busname), CStr::from_ptr(devname)) };
        let bp = bus::find_by_name(b.to_bytes());
        if bp.is_null() {
            return hotplug_fail(
                "rte_eal_hotplug_remove",
                (-libc::ENOENT, Error::InvalidArgument(format!("cannot find bus {b:?}"))),
            );
        }
        // SAFETY: a registered bus.
        let dev = unsafe { bus::find_device_by_name(bp, d) };
        if dev.is_null() {
            return hotplug_fail(
                "rte_eal_hotplug_remove",
                (-libc::EINVAL, Error::InvalidArgument(format!("cannot find plugged device {d:?}"))),
            );
        }
        // SAFETY: a device of that bus.
        match unsafe { bus::dev_remove(dev) } {
            Ok(()) => 0,
            Err(e) => hotplug_fail("rte_eal_hotplug_remove", e),
        }
    })
}

/// Sets up `it` to iterate the devices matching `str` (layered syntax:
/// `bus=vdev[,name=X]`, `class=eth[,mac=...]`, or both joined by `/`;
/// `str` must outlive the iteration). Returns 0, -EINVAL (bad string,
/// neither bus nor class) or -ENOTSUP (bus or class without an iterator).
///
/// # Safety
/// `it` writable; `str` a string.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_iterator_init(it: *mut rte_dev_iterator, str_: *const c_char) -> c_int {
    entry!("rte_dev_iterator_init", -libc::EFAULT, {
        nonnull!("rte_dev_iterator_init", it, -libc::EINVAL);
        nonnull!("rte_dev_iterator_init", str_, -libc::EINVAL);
        // SAFETY: per the contract.
        match unsafe { bus::iterator_init(it, str_) } {
            Ok(()) => 0,
            Err(e) => hotplug_fail("rte_dev_iterator_init", e),
        }
    })
}

/// The next device matching the iterator's filter; NULL at the end (or
/// with `rte_errno` EINVAL for an iterator that was not set up).
///
/// # Safety
/// `it` set up by `rte_dev_iterator_init`.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_iterator_next(it: *mut rte_dev_iterator) -> *mut rte_device {
    entry!("rte_dev_iterator_next", ptr::null_mut(), {
        nonnull!("rte_dev_iterator_next", it, ptr::null_mut());
        // SAFETY: per the contract.
        unsafe { bus::iterator_next(it) }
    })
}

/// Registers `cb_fn(name, event, cb_arg)` for events of device
/// `device_name` (every device when NULL). Returns 0, -EINVAL (NULL
/// callback) or -EEXIST (already registered).
///
/// # Safety
/// `device_name` NULL or a string; `cb_fn` callable with `cb_arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_event_callback_register(
    device_name: *const c_char,
    cb_fn: rte_dev_event_cb_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_dev_event_callback_register", -libc::EFAULT, {
        let Some(f) = cb_fn else {
            return fail(
                "rte_dev_event_callback_register",
                &Error::InvalidArgument("cb_fn is NULL".into()),
                -libc::EINVAL,
            );
        };
        // SAFETY: per the contract.
        let name = (!device_name.is_null()).then(|| unsafe { CStr::from_ptr(device_name) }.to_bytes());
        if !devevent::register(name, f as usize, cb_arg as usize) {
            return fail(
                "rte_dev_event_callback_register",
                &Error::InvalidArgument("callback already registered".into()),
                -libc::EEXIST,
            );
        }
        0
    })
}

/// Unregisters matching callbacks (`cb_arg` (void *)-1 matches any
/// argument). Returns how many were removed, -EINVAL (NULL callback) or
/// -ENOENT (none matched).
///
/// # Safety
/// `device_name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_event_callback_unregister(
    device_name: *const c_char,
    cb_fn: rte_dev_event_cb_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_dev_event_callback_unregister", -libc::EFAULT, {
        let Some(f) = cb_fn else {
            return fail(
                "rte_dev_event_callback_unregister",
                &Error::InvalidArgument("cb_fn is NULL".into()),
                -libc::EINVAL,
            );
        };
        // SAFETY: per the contract.
        let name = (!device_name.is_null()).then(|| unsafe { CStr::from_ptr(device_name) }.to_bytes());
        match devevent::unregister(name, f as usize, cb_arg as usize, cb_arg as isize == -1) {
            0 => fail(
                "rte_dev_event_callback_unregister",
                &Error::InvalidArgument("not registered".into()),
                -libc::ENOENT,
            ),
            n => n as c_int,
        }
    })
}

/// Calls the callbacks registered for `device_name` (and those for every
/// device) with `event`.
///
/// # Safety
/// `device_name` a string.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_event_callback_process(device_name: *const c_char, event: rte_dev_event_type) {
    entry!("rte_dev_event_callback_process", (), {
        if device_name.is_null() {
            return;
        }
        // SAFETY: per the contract.
        devevent::process(unsafe { CStr::from_ptr(device_name) }, event);
    })
}

/// Starts the kernel uevent monitor: PCI device add/remove events reach
/// the device event callbacks from the interrupt thread. 0 (also when
/// already running) or -1 with `rte_errno` (netlink socket failure).
#[no_mangle]
pub extern "C" fn rte_dev_event_monitor_start() -> c_int {
    entry!("rte_dev_event_monitor_start", -1, {
        match devevent::monitor_start() {
            Ok(()) => 0,
            Err(e) => fail("rte_dev_event_monitor_start", &e, -1),
        }
    })
}

/// Stops the uevent monitor (0 also when it is not running).
#[no_mangle]
pub extern "C" fn rte_dev_event_monitor_stop() -> c_int {
    entry!("rte_dev_event_monitor_stop", -1, {
        match devevent::monitor_stop() {
            Ok(()) => 0,
            Err(e) => fail("rte_dev_event_monitor_stop", &e, -1),
        }
    })
}

/// Installs a SIGBUS handler that lets buses recover from a device
/// unplugged under a mapping (other faults go to the previous handler).
/// 0, or -1 with `rte_errno`.
#[no_mangle]
pub extern "C" fn rte_dev_hotplug_handle_enable() -> c_int {
    entry!("rte_dev_hotplug_handle_enable", -1, {
        match devevent::hotplug_handle_enable() {
            Ok(()) => 0,
            Err(e) => fail("rte_dev_hotplug_handle_enable", &e, -1),
        }
    })
}

/// Restores the SIGBUS action from before rte_dev_hotplug_handle_enable.
/// 0, or -1 with `rte_errno`.
#[no_mangle]
pub extern "C" fn rte_dev_hotplug_handle_disable() -> c_int {
    entry!("rte_dev_hotplug_handle_disable", -1, {
        match devevent::hotplug_handle_disable() {
            Ok(()) => 0,
            Err(e) => fail("rte_dev_hotplug_handle_disable", &e, -1),
        }
    })
}

unsafe fn dma(func: &str, dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize, map: bool) -> c_int {
    if dev.is_null() || addr.is_null() || len == 0 {
        return fail(func, &Error::InvalidArgument("NULL device or address, or zero length".into()), -libc::EINVAL);
    }
    // SAFETY: a live device; its bus is registered.
    let b = unsafe { (*dev).bus };
    // SAFETY: as above.
    let op = (!b.is_null())
        .then(|| unsafe {
            if map {
                (*b).dma_map
            } else {
                (*b).dma_unmap
            }
        })
        .flatten();
    match op {
        // SAFETY: the bus's own operation on its device.
        Some(f) => unsafe { f(dev, addr, iova, len) },
        None => fail(func, &Error::NotSupported("the device's bus has no DMA mapping".into()), -libc::ENOTSUP),
    }
}

/// Maps `[addr, addr+len)` at `iova` for DMA by `dev` through its bus.
/// Returns 0, -EINVAL, -ENOTSUP (bus without DMA mapping) or the bus's error.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_dma_map(dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize) -> c_int {
    // SAFETY: forwarded.
    entry!("rte_dev_dma_map", -libc::EFAULT, { unsafe { dma("rte_dev_dma_map", dev, addr, iova, len, true) } })
}

/// Undoes `rte_dev_dma_map`.
///
/// # Safety
/// `dev` a live device.
#[no_mangle]
pub unsafe extern "C" fn rte_dev_dma_unmap(dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize) -> c_int {
    // SAFETY: forwarded.
    entry!("rte_dev_dma_unmap", -libc::EFAULT, { unsafe { dma("rte_dev_dma_unmap", dev, addr, iova, len, false) } })
}
