//! The bus and class registries, and what EAL does across buses: scan,
//! probe, cleanup, IOVA mode, device lookup, hotplug and the device
//! iterator.
//!
//! Buses and classes are C objects (`struct rte_bus`, `struct rte_class`)
//! registered from constructors; the lists are process-local and kept here
//! (their TAILQ links are left unused). No lock is held while a bus, class
//! or driver callback runs, so callbacks may call back into these lists.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;
use std::sync::{Mutex, MutexGuard, Once};

use rte_abi::dev::*;
use rte_abi::eal::rte_iova_mode;

use crate::devargs;
use crate::{rte_log, Error};

/// A registered C object.
pub struct Ptr<T>(pub *mut T);
impl<T> Clone for Ptr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Ptr<T> {}
impl<T> PartialEq for Ptr<T> {
    fn eq(&self, o: &Self) -> bool {
        self.0 == o.0
    }
}
// SAFETY: the pointees are C objects living as long as their registration;
// this crate only dereferences them under the rules of the functions that do.
unsafe impl<T> Send for Ptr<T> {}

static BUSES: Mutex<Vec<Ptr<rte_bus>>> = Mutex::new(Vec::new());
static CLASSES: Mutex<Vec<Ptr<rte_class>>> = Mutex::new(Vec::new());
static BUILTIN: Once = Once::new();

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn ensure_builtin() {
    // SAFETY: the vdev bus is a static, complete bus object.
    BUILTIN.call_once(|| unsafe { register(crate::vdev::bus()) });
}

/// A snapshot of the registered buses, in registration order.
pub fn buses() -> Vec<*mut rte_bus> {
    ensure_builtin();
    lock(&BUSES).iter().map(|p| p.0).collect()
}

/// The name of a bus as bytes ("" if it has none).
///
/// # Safety
/// `b` is a live bus.
pub unsafe fn bus_name<'a>(b: *const rte_bus) -> &'a [u8] {
    // SAFETY: per the contract; a bus name is a valid string.
    unsafe {
        if (*b).name.is_null() {
            b""
        } else {
            CStr::from_ptr((*b).name).to_bytes()
        }
    }
}

/// Registers `b` (ignored, with a log line, when it lacks a name or a
/// mandatory operation).
///
/// # Safety
/// `b` is NULL or a bus that lives until it is unregistered.
pub unsafe fn register(b: *mut rte_bus) {
    // SAFETY: the caller passes a live bus (checked for NULL).
    let ok = !b.is_null()
        && unsafe {
            !bus_name(b).is_empty()
                && (*b).scan.is_some()
                && (*b).probe.is_some()
                && (*b).find_device.is_some()
                && (*b).parse.is_some()
                && (*b).plug.is_some() == (*b).unplug.is_some()
        };
    if !ok {
        rte_log!(ERR, EAL, "EAL: rte_bus_register(): bus {b:p} lacks a name, scan, probe, find_device or parse\n");
        return;
    }
    let mut l = lock(&BUSES);
    if !l.contains(&Ptr(b)) {
        l.push(Ptr(b));
        // SAFETY: checked above.
        rte_log!(DEBUG, EAL, "EAL: Registered [{}] bus.\n", String::from_utf8_lossy(unsafe { bus_name(b) }));
    }
}

/// Unregisters `b`.
pub fn unregister(b: *mut rte_bus) {
    lock(&BUSES).retain(|p| p.0 != b);
}

/// The first bus after `start` (from the first when NULL) for which `cmp`
/// answers 0.
pub fn find(start: *const rte_bus, mut cmp: impl FnMut(*mut rte_bus) -> bool) -> *mut rte_bus {
    let l = buses();
    let from =
        if start.is_null() { 0 } else { l.iter().position(|&b| std::ptr::eq(b, start)).map_or(l.len(), |i| i + 1) };
    l[from..].iter().copied().find(|&b| cmp(b)).unwrap_or(ptr::null_mut())
}

/// The bus called `name`.
pub fn find_by_name(name: &[u8]) -> *mut rte_bus {
    // SAFETY: registered buses are live.
    find(ptr::null(), |b| unsafe { bus_name(b) } == name)
}

/// The bus whose `parse` accepts device name `name`.
pub fn find_by_device_name(name: &[u8]) -> *mut rte_bus {
    let Ok(c) = CString::new(name) else { return ptr::null_mut() };
    find(ptr::null(), |b| {
        // SAFETY: a registered bus's own parser, with a NULL output.
        unsafe { (*b).parse.is_some_and(|p| p(c.as_ptr(), ptr::null_mut()) == 0) }
    })
}

unsafe extern "C" fn same_device(dev: *const rte_device, data: *const c_void) -> c_int {
    (dev as *const c_void != data) as c_int
}

unsafe extern "C" fn device_named(dev: *const rte_device, data: *const c_void) -> c_int {
    // SAFETY: dev is a live device; data is the NUL-terminated name we passed.
    unsafe { ((*dev).name.is_null() || CStr::from_ptr((*dev).name) != CStr::from_ptr(data.cast())) as c_int }
}

/// The bus holding device `dev`.
///
/// # Safety
/// `dev` is a device pointer (compared only, never dereferenced here).
pub unsafe fn find_by_device(dev: *const rte_device) -> *mut rte_bus {
    find(ptr::null(), |b| {
        // SAFETY: the bus's own lookup with a comparison on pointers only.
        unsafe { (*b).find_device.is_some_and(|f| !f(ptr::null(), Some(same_device), dev.cast()).is_null()) }
    })
}

/// The device called `name` on bus `b`.
///
/// # Safety
/// `b` is a registered bus.
pub unsafe fn find_device_by_name(b: *const rte_bus, name: &CStr) -> *mut rte_device {
    // SAFETY: per the contract; the comparison reads only device names.
    unsafe { (*b).find_device.map_or(ptr::null_mut(), |f| f(ptr::null(), Some(device_named), name.as_ptr().cast())) }
}

/// Scans every bus (failures are logged, not returned).
pub fn scan_all() {
    for b in buses() {
        // SAFETY: a registered bus's scan.
        let r = unsafe { (*b).scan.map_or(0, |s| s()) };
        if r != 0 {
            // SAFETY: as above.
            rte_log!(ERR, EAL, "EAL: Scan for ({}) bus failed.\n", String::from_utf8_lossy(unsafe { bus_name(b) }));
        }
    }
}

/// Probes every bus, the vdev bus last (as 22.11 does, so that virtual
/// devices can sit on top of physical ones). Failures are logged.
pub fn probe_all() {
    let vdev = crate::vdev::bus();
    let mut order: Vec<_> = buses().into_iter().filter(|&b| b != vdev).collect();
    order.push(vdev);
    for b in order {
        // SAFETY: a registered bus's probe.
        let r = unsafe { (*b).probe.map_or(0, |p| p()) };
        if r != 0 {
            // SAFETY: as above.
            rte_log!(ERR, EAL, "EAL: Bus ({}) probe failed.\n", String::from_utf8_lossy(unsafe { bus_name(b) }));
        }
    }
}

/// Runs every bus's cleanup (EAL cleanup); then frees the devargs list.
pub fn cleanup_all() {
    for b in buses() {
        // SAFETY: a registered bus's cleanup.
        let r = unsafe { (*b).cleanup.map_or(0, |c| c()) };
        if r != 0 {
            // SAFETY: as above.
            rte_log!(ERR, EAL, "EAL: Bus ({}) cleanup failed.\n", String::from_utf8_lossy(unsafe { bus_name(b) }));
        }
    }
    devargs::clear();
}

/// The IOVA mode the buses' devices need together: VA or PA if only one is
/// asked for, DC when none is or both are.
pub fn iommu_class() -> rte_iova_mode {
    let (mut va, mut pa) = (false, false);
    for b in buses() {
        // SAFETY: a registered bus's query.
        if let Some(m) = unsafe { (*b).get_iommu_class.map(|f| f()) } {
            va |= m == rte_iova_mode::RTE_IOVA_VA as c_int;
            pa |= m == rte_iova_mode::RTE_IOVA_PA as c_int;
        }
    }
    match (va, pa) {
        (true, false) => rte_iova_mode::RTE_IOVA_VA,
        (false, true) => rte_iova_mode::RTE_IOVA_PA,
        (true, true) => {
            rte_log!(WARNING, EAL, "EAL: Some buses want 'VA' but forcing 'DC' because other buses want 'PA'.\n");
            rte_iova_mode::RTE_IOVA_DC
        }
        _ => rte_iova_mode::RTE_IOVA_DC,
    }
}

/// Offers a SIGBUS at `addr` to the buses (from the signal handler): 0 if
/// a bus handled it, -1 if a bus failed to, 1 if none claimed it. The bus
/// list is only tried, never waited for (the signal may have interrupted
/// its holder): then no bus claims it.
///
/// # Safety
/// `addr` is only passed on to the buses' handlers, which take any address.
pub unsafe fn sigbus(addr: *const c_void) -> c_int {
    let Ok(l) = BUSES.try_lock() else { return 1 };
    for p in l.iter() {
        // SAFETY: a registered bus; its handler is async-signal-safe by contract.
        if let Some(h) = unsafe { (*p.0).sigbus_handler } {
            // SAFETY: as above.
            match unsafe { h(addr) } {
                0 => return 0,
                r if r < 0 => return -1,
                _ => {}
            }
        }
    }
    1
}

// ---- classes ----

/// Registers class `c` (ignored, logged, without a name).
///
/// # Safety
/// `c` is NULL or a class that lives until it is unregistered.
pub unsafe fn class_register(c: *mut rte_class) {
    // SAFETY: checked for NULL; a class's name is NULL or a valid string.
    if c.is_null() || unsafe { (*c).name.is_null() } {
        rte_log!(ERR, EAL, "EAL: rte_class_register(): class {c:p} has no name\n");
        return;
    }
    let mut l = lock(&CLASSES);
    if !l.contains(&Ptr(c)) {
        l.push(Ptr(c));
    }
}

/// Unregisters class `c`.
pub fn class_unregister(c: *mut rte_class) {
    lock(&CLASSES).retain(|p| p.0 != c);
}

/// The first class after `start` for which `cmp` answers true.
pub fn class_find(start: *const rte_class, mut cmp: impl FnMut(*mut rte_class) -> bool) -> *mut rte_class {
    let l: Vec<_> = lock(&CLASSES).iter().map(|p| p.0).collect();
    let from =
        if start.is_null() { 0 } else { l.iter().position(|&c| std::ptr::eq(c, start)).map_or(l.len(), |i| i + 1) };
    l[from..].iter().copied().find(|&c| cmp(c)).unwrap_or(ptr::null_mut())
}

/// The class called `name`.
pub fn class_find_by_name(name: &[u8]) -> *mut rte_class {
    // SAFETY: registered classes have valid names.
    class_find(ptr::null(), |c| unsafe { CStr::from_ptr((*c).name) }.to_bytes() == name)
}

// ---- hotplug ----

/// Why a hotplug operation failed.
fn hp_err(errno: i32, what: String) -> (i32, Error) {
    (errno, Error::Os { what, errno: -errno })
}

/// Probes the device described by `s` (`rte_dev_probe`): parse, record the
/// devargs, rescan the bus, plug the device. On failure nothing stays
/// registered. Returns the (negative errno, error) pair on failure.
pub fn dev_probe(s: &str) -> Result<(), (i32, Error)> {
    // SAFETY: a plain allocation, checked.
    let mut da = unsafe { libc::calloc(1, std::mem::size_of::<rte_devargs>()) } as *mut rte_devargs;
    if da.is_null() {
        return Err(hp_err(-libc::ENOMEM, "devargs allocation".into()));
    }
    // SAFETY: da is writable.
    if let Err(e) = unsafe { devargs::parse(da, s) } {
        // SAFETY: ours, owning nothing after a failed parse.
        unsafe { libc::free(da.cast()) };
        return Err((-libc::EINVAL, e));
    }
    // SAFETY: a parsed devargs has a bus (legacy syntax) or may not (layers).
    let b = unsafe { (*da).bus };
    // SAFETY: b is NULL or registered.
    if b.is_null() || unsafe { (*b).plug.is_none() } {
        // SAFETY: ours.
        unsafe {
            devargs::reset(da);
            libc::free(da.cast());
        }
        return Err(hp_err(-libc::ENOTSUP, format!("\"{s}\": its bus cannot plug devices")));
    }
    // SAFETY: da is a complete C-heap entry.
    unsafe { devargs::insert(&mut da) };
    let undo = |da: *mut rte_devargs| {
        // SAFETY: da is the listed entry.
        unsafe { devargs::remove(da) };
    };
    // SAFETY: the bus's scan (it sees the new devargs).
    let r = unsafe { (*b).scan.map_or(0, |f| f()) };
    if r != 0 {
        undo(da);
        return Err(hp_err(-libc::ENODEV, format!("\"{s}\": bus scan failed ({r})")));
    }
    // SAFETY: da is live; its name is NUL-terminated.
    let name = unsafe { CStr::from_ptr((*da).name.as_ptr()) }.to_owned();
    // SAFETY: b is registered.
    let dev = unsafe { find_device_by_name(b, &name) };
    if dev.is_null() {
        undo(da);
        return Err(hp_err(-libc::ENODEV, format!("cannot find device {name:?}")));
    }
    // SAFETY: a device of bus b.
    if unsafe { !(*dev).driver.is_null() } {
        // 22.11 logs this and still answers 0 (it would resync secondaries).
        rte_log!(ERR, EAL, "EAL: Device {name:?} is already plugged\n");
        return Ok(());
    }
    // SAFETY: the bus's plug on its own device.
    let r = unsafe { (*b).plug.map_or(-libc::ENOTSUP, |f| f(dev)) };
    // SAFETY: as above (the device stays on the bus after a failed plug).
    if r != 0 && unsafe { (*dev).driver.is_null() } {
        undo(da);
        let e = if r < 0 { r } else { -libc::ENOENT };
        return Err(hp_err(e, format!("driver cannot attach device {name:?} ({r})")));
    }
    Ok(())
}

/// Removes probed device `dev` through its bus (`rte_dev_remove`).
///
/// # Safety
/// `dev` is a live device.
pub unsafe fn dev_remove(dev: *mut rte_device) -> Result<(), (i32, Error)> {
    // SAFETY: per the contract.
    let (b, drv, name) = unsafe { ((*dev).bus, (*dev).driver, (*dev).name) };
    let name = if name.is_null() {
        String::from("?")
    } else {
        // SAFETY: a device name is a valid string.
        unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned()
    };
    if drv.is_null() {
        return Err(hp_err(-libc::ENOENT, format!("device {name} is not probed")));
    }
    // SAFETY: b is the device's registered bus (or NULL).
    let Some(unplug) = (!b.is_null()).then(|| unsafe { (*b).unplug }).flatten() else {
        return Err(hp_err(-libc::ENOTSUP, format!("the bus of device {name} cannot unplug it")));
    };
    // SAFETY: the bus's unplug on its own device.
    let r = unsafe { unplug(dev) };
    if r != 0 {
        return Err(hp_err(if r < 0 { r } else { -libc::EBUSY }, format!("driver cannot detach device {name} ({r})")));
    }
    Ok(())
}

// ---- device iterator ----

/// Sets up `it` for the filter string `s` (which must outlive the
/// iteration): a layered string with a bus layer, a class layer or both.
///
/// # Safety
/// `it` is writable; `s` is a valid string.
pub unsafe fn iterator_init(it: *mut rte_dev_iterator, s: *const c_char) -> Result<(), (i32, Error)> {
    // SAFETY: per the contract.
    let text = unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned();
    // SAFETY: zeroed is a valid rte_devargs.
    let mut da: rte_devargs = unsafe { std::mem::zeroed() };
    // SAFETY: a local, writable devargs.
    if let Err(e) = unsafe { devargs::parse(&mut da, &text) } {
        return Err((-libc::EINVAL, e));
    }
    if da.bus_str.is_null() && da.cls_str.is_null() {
        // SAFETY: ours.
        unsafe { devargs::reset(&mut da) };
        return Err((-libc::EINVAL, Error::InvalidArgument(format!("\"{text}\": a bus or class layer is needed"))));
    }
    // SAFETY: registered bus/class when non-NULL.
    let unsupported = unsafe {
        (!da.bus.is_null() && (*da.bus).dev_iterate.is_none()) || (!da.cls.is_null() && (*da.cls).dev_iterate.is_none())
    };
    if unsupported {
        // SAFETY: ours.
        unsafe { devargs::reset(&mut da) };
        return Err((-libc::ENOTSUP, Error::NotSupported(format!("\"{text}\": no device iterator for it"))));
    }
    // The block stays allocated for the iteration; bus_str (when there is
    // one) is its start, which is what rte_eth_iterator_cleanup frees.
    // SAFETY: per the contract.
    unsafe {
        ptr::write(
            it,
            rte_dev_iterator {
                dev_str: s,
                bus_str: da.bus_str,
                cls_str: da.cls_str,
                bus: da.bus,
                cls: da.cls,
                device: ptr::null_mut(),
                class_device: ptr::null_mut(),
            },
        );
    }
    Ok(())
}

fn layer_args_c(layer: *const c_char) -> Option<CString> {
    if layer.is_null() {
        return None;
    }
    // SAFETY: a layer string from iterator_init.
    let l = unsafe { CStr::from_ptr(layer) }.to_string_lossy().into_owned();
    CString::new(devargs::layer_args(&l)).ok()
}

/// The next device matching the iterator's filter (NULL at the end).
///
/// # Safety
/// `it` was set up by [`iterator_init`].
pub unsafe fn iterator_next(it: *mut rte_dev_iterator) -> *mut rte_device {
    // SAFETY: per the contract.
    let itr = unsafe { &mut *it };
    if itr.bus_str.is_null() && itr.cls_str.is_null() {
        crate::tls::set_errno(libc::EINVAL);
        return ptr::null_mut();
    }
    let bus_args = layer_args_c(itr.bus_str);
    let cls_args = layer_args_c(itr.cls_str);
    let bus_filter = bus_args.as_ref().map_or(ptr::null(), |c| c.as_ptr());
    let cls_filter = cls_args.as_ref().map_or(ptr::null(), |c| c.as_ptr());
    let all = buses();
    let mut bi = if !itr.bus_str.is_null() {
        match all.iter().position(|&b| b == itr.bus) {
            Some(i) => i,
            None => return ptr::null_mut(),
        }
    } else if !itr.device.is_null() {
        // SAFETY: the current device is live while iterated.
        let cur = unsafe { (*itr.device).bus } as *mut rte_bus;
        all.iter().position(|&b| b == cur).unwrap_or(0)
    } else {
        0
    };
    let cls = itr.cls;
    // First: more class devices on the current device.
    if !cls.is_null() && !itr.device.is_null() {
        // SAFETY: the class's iterator; `it` is its documented context.
        let cd = unsafe { ((*cls).dev_iterate.unwrap())(itr.class_device, cls_filter, it) };
        if !cd.is_null() {
            itr.class_device = cd;
            return itr.device;
        }
    }
    while bi < all.len() {
        let b = all[bi];
        // SAFETY: a registered bus.
        if let Some(bus_iter) = unsafe { (*b).dev_iterate } {
            loop {
                let prev = itr.device;
                // Continue on this bus only from one of its own devices.
                // SAFETY: prev is live while iterated.
                let start =
                    if !prev.is_null() && std::ptr::eq(unsafe { (*prev).bus }, b) { prev } else { ptr::null_mut() };
                // SAFETY: the bus's iterator with its documented arguments.
                let dev = unsafe { bus_iter(start as *const c_void, bus_filter, it) } as *mut rte_device;
                itr.device = dev;
                itr.class_device = ptr::null_mut();
                if dev.is_null() {
                    break;
                }
                if cls.is_null() {
                    itr.bus = b;
                    return dev;
                }
                // SAFETY: as above for the class iterator.
                let cd = unsafe { ((*cls).dev_iterate.unwrap())(ptr::null(), cls_filter, it) };
                if !cd.is_null() {
                    itr.class_device = cd;
                    itr.bus = b;
                    return dev;
                }
            }
        }
        if !itr.bus_str.is_null() {
            break;
        }
        bi += 1;
    }
    itr.device = ptr::null_mut();
    ptr::null_mut()
}
