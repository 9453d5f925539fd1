//! The vdev bus: virtual devices created from `--vdev` arguments or at run
//! time (`rte_vdev_init`), bound to drivers registered with
//! `RTE_PMD_REGISTER_VDEV` by name or alias prefix (`net_null0` goes to
//! the driver `net_null`).
//!
//! Devices are `rte_vdev_device`s on the C heap; each takes its name from
//! its devargs entry, which the devargs list owns.

use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;
use std::sync::{Mutex, MutexGuard};

use rte_abi::dev::*;
use rte_abi::eal::rte_iova_mode;

use crate::bus::Ptr;
use crate::{devargs, rte_log, Error};

/// `SOCKET_ID_ANY`.
const SOCKET_ID_ANY: c_int = -1;

struct BusCell(UnsafeCell<rte_bus>);
// SAFETY: the bus object is written only by rte_devargs_add (its scan mode,
// a plain int no one reads concurrently with init) and read otherwise.
unsafe impl Sync for BusCell {}

static VDEV_BUS: BusCell = BusCell(UnsafeCell::new(rte_bus {
    next: rte_tailq_link { tqe_next: ptr::null_mut(), tqe_prev: ptr::null_mut() },
    name: c"vdev".as_ptr(),
    scan: Some(vdev_scan),
    probe: Some(vdev_probe),
    find_device: Some(vdev_find_device),
    plug: Some(vdev_plug),
    unplug: Some(vdev_unplug),
    parse: Some(vdev_parse),
    devargs_parse: None,
    dma_map: Some(vdev_dma_map),
    dma_unmap: Some(vdev_dma_unmap),
    conf: rte_bus_conf { scan_mode: RTE_BUS_SCAN_UNDEFINED },
    get_iommu_class: Some(vdev_iommu_class),
    dev_iterate: Some(vdev_dev_iterate),
    hot_unplug_handler: None,
    sigbus_handler: None,
    cleanup: Some(vdev_cleanup),
}));

/// The vdev bus object.
pub fn bus() -> *mut rte_bus {
    VDEV_BUS.0.get()
}

/// Registered drivers, devices and custom scans. These mutexes guard only
/// lookups and updates and are never held across a driver or application
/// callback; [`OP`] orders whole operations.
static DRIVERS: Mutex<Vec<Ptr<rte_vdev_driver>>> = Mutex::new(Vec::new());
static DEVICES: Mutex<Vec<Ptr<rte_vdev_device>>> = Mutex::new(Vec::new());
#[allow(clippy::type_complexity)]
static SCANS: Mutex<Vec<(usize, Ptr<c_void>)>> = Mutex::new(Vec::new());
/// Serialises init/uninit/probe/scan/cleanup, held across driver callbacks
/// as 22.11's recursive spinlock is: a driver may call rte_vdev_init or
/// rte_vdev_uninit from its probe or remove on the same thread.
static OP: ReentrantLock = ReentrantLock::new();

fn lock<T>(m: &'static Mutex<T>) -> MutexGuard<'static, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A small re-entrant lock (owner thread id + depth, under a mutex).
struct ReentrantLock {
    state: Mutex<(u64, u32)>,
    cv: std::sync::Condvar,
}

impl ReentrantLock {
    const fn new() -> Self {
        Self { state: Mutex::new((0, 0)), cv: std::sync::Condvar::new() }
    }
    fn lock(&self) -> ReentrantGuard<'_> {
        // SAFETY: gettid has no preconditions.
        let me = unsafe { libc::gettid() } as u64;
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while s.1 > 0 && s.0 != me {
            s = self.cv.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.0 = me;
        s.1 += 1;
        ReentrantGuard(self)
    }
}

struct ReentrantGuard<'a>(&'a ReentrantLock);

impl Drop for ReentrantGuard<'_> {
    fn drop(&mut self) {
        let mut s = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        s.1 -= 1;
        if s.1 == 0 {
            s.0 = 0;
            self.0.cv.notify_one();
        }
    }
}

/// Registers a vdev driver (`rte_vdev_register`). The driver's name is
/// set before (the C macro does it in the same constructor).
pub fn register(drv: *mut rte_vdev_driver) {
    if drv.is_null() {
        return;
    }
    let mut l = lock(&DRIVERS);
    if !l.contains(&Ptr(drv)) {
        l.push(Ptr(drv));
    }
}

/// Unregisters a vdev driver.
pub fn unregister(drv: *mut rte_vdev_driver) {
    lock(&DRIVERS).retain(|p| p.0 != drv);
}

/// Rust-side registration for drivers written in Rust: `drv` must live
/// for the rest of the process (its `driver.name` set).
pub fn register_static(drv: &'static mut rte_vdev_driver) {
    register(drv);
}

fn c_bytes<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        b""
    } else {
        // SAFETY: callers pass valid strings (driver names, device names).
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

/// The driver whose name (or else alias) is a prefix of `name`.
fn driver_for(name: &[u8]) -> Option<*mut rte_vdev_driver> {
    let l: Vec<_> = lock(&DRIVERS).iter().map(|p| p.0).collect();
    l.into_iter().find(|&d| {
        // SAFETY: registered drivers are live.
        let (n, a) = unsafe { ((*d).driver.name, (*d).driver.alias) };
        (!n.is_null() && name.starts_with(c_bytes(n))) || (!a.is_null() && name.starts_with(c_bytes(a)))
    })
}

fn devices() -> Vec<*mut rte_vdev_device> {
    lock(&DEVICES).iter().map(|p| p.0).collect()
}

fn find(name: &[u8]) -> Option<*mut rte_vdev_device> {
    // SAFETY: listed devices are live.
    devices().into_iter().find(|&d| c_bytes(unsafe { (*d).device.name }) == name)
}

fn new_device(da: *mut rte_devargs) -> Result<*mut rte_vdev_device, Error> {
    // SAFETY: a plain allocation, checked.
    let d = unsafe { libc::calloc(1, std::mem::size_of::<rte_vdev_device>()) } as *mut rte_vdev_device;
    if d.is_null() {
        return Err(Error::NoSpace("vdev device allocation".into()));
    }
    // SAFETY: d is zeroed and ours; da is a live devargs entry.
    unsafe {
        (*d).device.bus = bus();
        (*d).device.numa_node = SOCKET_ID_ANY;
        (*d).device.devargs = da;
        (*d).device.name = (*da).name.as_ptr();
    }
    Ok(d)
}

/// Binds `d` to its driver. 0 on success, -EEXIST if already bound, -1 if
/// no driver matches (or it needs IOVA as VA in PA mode), or the driver's
/// probe result.
fn probe_one(d: *mut rte_vdev_device) -> c_int {
    // SAFETY: a live device.
    let (name, bound) = unsafe { (c_bytes((*d).device.name).to_vec(), !(*d).device.driver.is_null()) };
    if bound {
        return -libc::EEXIST;
    }
    // As 22.11: -1 when no driver takes the name or the driver needs IOVA
    // as VA in PA mode.
    let Some(drv) = driver_for(&name) else {
        return -1;
    };
    // SAFETY: a registered driver.
    if unsafe { (*drv).drv_flags } & RTE_VDEV_DRV_NEED_IOVA_AS_VA != 0
        && crate::init::iova_mode() == rte_iova_mode::RTE_IOVA_PA
    {
        rte_log!(
            ERR,
            EAL,
            "EAL: vdev: {} requires VA IOVA mode but current mode is PA, not initializing\n",
            String::from_utf8_lossy(&name)
        );
        return -1;
    }
    rte_log!(DEBUG, EAL, "EAL: vdev: probe driver for {}\n", String::from_utf8_lossy(&name));
    // SAFETY: the registered driver's probe on our device.
    let r = unsafe { (*drv).probe.map_or(-libc::ENOTSUP, |p| p(d)) };
    if r == 0 {
        // SAFETY: as above.
        unsafe { (*d).device.driver = &(*drv).driver };
    }
    r
}

/// `rte_vdev_init`: creates device `name` with driver arguments `args` and
/// probes it. On any failure nothing stays registered.
pub fn init(name: &[u8], args: &[u8]) -> Result<(), (c_int, Error)> {
    let _g = OP.lock();
    let shown = String::from_utf8_lossy(name).into_owned();
    if name.is_empty() || name.len() >= RTE_DEV_NAME_MAX_LEN {
        return Err((-libc::EINVAL, Error::InvalidArgument(format!("vdev name \"{shown}\" is empty or too long"))));
    }
    if find(name).is_some() {
        return Err((-libc::EEXIST, Error::InvalidArgument(format!("vdev \"{shown}\" already exists"))));
    }
    // SAFETY: a plain allocation, checked.
    let mut da = unsafe { libc::calloc(1, std::mem::size_of::<rte_devargs>()) } as *mut rte_devargs;
    if da.is_null() {
        return Err((-libc::ENOMEM, Error::NoSpace("devargs allocation".into())));
    }
    let data = devargs::c_strdup(args);
    // SAFETY: da is zeroed and ours.
    unsafe {
        (*da).data = data;
        (*da).drv_str = data;
        (*da).bus = bus();
        (*da).type_ = RTE_DEVTYPE_VIRTUAL;
        for (dst, &s) in (*da).name.iter_mut().zip(name) {
            *dst = s as c_char;
        }
        devargs::insert(&mut da);
    }
    let d = match new_device(da) {
        Ok(d) => d,
        Err(e) => {
            // SAFETY: the listed entry.
            unsafe { devargs::remove(da) };
            return Err((-libc::ENOMEM, e));
        }
    };
    lock(&DEVICES).push(Ptr(d));
    let r = probe_one(d);
    if r != 0 {
        lock(&DEVICES).retain(|p| p.0 != d);
        // SAFETY: the device is unlisted and ours; da is the listed entry.
        unsafe {
            devargs::remove(da);
            libc::free(d.cast());
        }
        let e = if r == -1 {
            Error::Os { what: format!("no usable driver found for vdev \"{shown}\""), errno: libc::ENOENT }
        } else {
            Error::Os { what: format!("driver probe of vdev \"{shown}\" failed ({r})"), errno: -r }
        };
        return Err((r, e));
    }
    Ok(())
}

/// `rte_vdev_uninit`: removes device `name` from its driver and deletes it.
pub fn uninit(name: &[u8]) -> Result<(), (c_int, Error)> {
    let _g = OP.lock();
    let shown = String::from_utf8_lossy(name).into_owned();
    let Some(d) = find(name) else {
        return Err((-libc::ENOENT, Error::InvalidArgument(format!("no vdev \"{shown}\""))));
    };
    // SAFETY: a listed device.
    let drv = unsafe { (*d).device.driver };
    if drv.is_null() {
        return Err((1, Error::InvalidArgument(format!("vdev \"{shown}\" has no driver attached"))));
    }
    // SAFETY: the bound driver is the `driver` field of an rte_vdev_driver.
    let vdrv =
        unsafe { (drv as *const u8).sub(std::mem::offset_of!(rte_vdev_driver, driver)) } as *const rte_vdev_driver;
    // SAFETY: the driver's remove on its own device.
    let r = unsafe { (*vdrv).remove.map_or(0, |f| f(d)) };
    if r != 0 {
        return Err((r, Error::Os { what: format!("driver cannot remove vdev \"{shown}\""), errno: -r }));
    }
    lock(&DEVICES).retain(|p| p.0 != d);
    // SAFETY: unlisted and ours; its devargs is the listed entry.
    unsafe {
        (*d).device.driver = ptr::null();
        devargs::remove((*d).device.devargs);
        libc::free(d.cast());
    }
    Ok(())
}

/// `rte_vdev_add_custom_scan`.
pub fn add_custom_scan(cb: rte_vdev_scan_callback, arg: *mut c_void) -> Result<(), Error> {
    let Some(f) = cb else { return Err(Error::InvalidArgument("callback is NULL".into())) };
    let mut l = lock(&SCANS);
    if !l.iter().any(|&(c, a)| c == f as usize && a.0 == arg) {
        l.push((f as usize, Ptr(arg)));
    }
    Ok(())
}

/// `rte_vdev_remove_custom_scan`: removes the registrations of `cb` with
/// `arg`, or with any argument when one was registered with (void *)-1 (as
/// 22.11 matches). Returns how many were removed.
pub fn remove_custom_scan(cb: rte_vdev_scan_callback, arg: *mut c_void) -> usize {
    let Some(f) = cb else { return 0 };
    let mut l = lock(&SCANS);
    let before = l.len();
    l.retain(|&(c, a)| !(c == f as usize && (a.0 == arg || a.0 as isize == -1)));
    before - l.len()
}

unsafe extern "C" fn vdev_scan() -> c_int {
    let _g = OP.lock();
    let scans: Vec<_> = lock(&SCANS).clone();
    for (f, a) in scans {
        // SAFETY: registered as a rte_vdev_scan_callback.
        let f: unsafe extern "C" fn(*mut c_void) = unsafe { std::mem::transmute(f) };
        // SAFETY: the application's callback with its own argument.
        unsafe { f(a.0) };
    }
    let mut da = devargs::next(Some(b"vdev"), ptr::null());
    while !da.is_null() {
        // SAFETY: a listed entry.
        let name = unsafe { devargs::name_of(da) }.to_vec();
        if find(&name).is_none() {
            match new_device(da) {
                Ok(d) => lock(&DEVICES).push(Ptr(d)),
                Err(_) => return -1,
            }
        }
        da = devargs::next(Some(b"vdev"), da);
    }
    0
}

unsafe extern "C" fn vdev_probe() -> c_int {
    let _g = OP.lock();
    let mut ret = 0;
    for d in devices() {
        let r = probe_one(d);
        if r != 0 && r != -libc::EEXIST {
            // SAFETY: a listed device.
            let n = String::from_utf8_lossy(c_bytes(unsafe { (*d).device.name })).into_owned();
            rte_log!(ERR, EAL, "EAL: vdev: failed to initialize {n} device ({r})\n");
            ret = -1;
        }
    }
    ret
}

unsafe extern "C" fn vdev_cleanup() -> c_int {
    let _g = OP.lock();
    let mut ret = 0;
    let all: Vec<_> = std::mem::take(&mut *lock(&DEVICES));
    for Ptr(d) in all {
        // SAFETY: formerly listed, ours.
        let drv = unsafe { (*d).device.driver };
        if !drv.is_null() {
            // SAFETY: as in uninit.
            let vdrv = unsafe { (drv as *const u8).sub(std::mem::offset_of!(rte_vdev_driver, driver)) }
                as *const rte_vdev_driver;
            // SAFETY: the driver's remove on its own device.
            if unsafe { (*vdrv).remove.map_or(0, |f| f(d)) } < 0 {
                ret = -1;
            }
        }
        // SAFETY: ours.
        unsafe { libc::free(d.cast()) };
    }
    ret
}

unsafe extern "C" fn vdev_find_device(
    start: *const rte_device,
    cmp: rte_dev_cmp_t,
    data: *const c_void,
) -> *mut rte_device {
    let Some(cmp) = cmp else { return ptr::null_mut() };
    let l = devices();
    let from = if start.is_null() {
        0
    } else {
        // SAFETY: listed devices are live.
        match l.iter().position(|&d| unsafe { ptr::addr_of!((*d).device) } == start) {
            Some(i) => i + 1,
            None => return ptr::null_mut(),
        }
    };
    for &d in &l[from..] {
        // SAFETY: a listed device; the caller's comparison.
        let dev = unsafe { ptr::addr_of_mut!((*d).device) };
        // SAFETY: as above.
        if unsafe { cmp(dev, data) } == 0 {
            return dev;
        }
    }
    ptr::null_mut()
}

fn to_vdev(dev: *mut rte_device) -> *mut rte_vdev_device {
    // SAFETY: devices of this bus are the `device` field of an rte_vdev_device.
    unsafe { (dev as *mut u8).sub(std::mem::offset_of!(rte_vdev_device, device)) }.cast()
}

unsafe extern "C" fn vdev_plug(dev: *mut rte_device) -> c_int {
    let _g = OP.lock();
    probe_one(to_vdev(dev))
}

unsafe extern "C" fn vdev_unplug(dev: *mut rte_device) -> c_int {
    // SAFETY: a live device of this bus.
    let name = c_bytes(unsafe { (*dev).name }).to_vec();
    match uninit(&name) {
        Ok(()) => 0,
        Err((r, _)) => r,
    }
}

unsafe extern "C" fn vdev_parse(name: *const c_char, addr: *mut c_void) -> c_int {
    match driver_for(c_bytes(name)) {
        Some(d) => {
            if !addr.is_null() {
                // SAFETY: the caller's output slot for a driver pointer.
                unsafe { *(addr as *mut *mut rte_vdev_driver) = d };
            }
            0
        }
        None => 1,
    }
}

unsafe fn vdev_driver_of(dev: *mut rte_device) -> Option<*const rte_vdev_driver> {
    // SAFETY: per the caller, a live device of this bus.
    let drv = unsafe { (*dev).driver };
    // SAFETY: as in uninit.
    (!drv.is_null())
        .then(|| unsafe { (drv as *const u8).sub(std::mem::offset_of!(rte_vdev_driver, driver)) }
            as *const rte_vdev_driver)
}

unsafe extern "C" fn vdev_dma_map(dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize) -> c_int {
    // SAFETY: a device of this bus.
    match unsafe { vdev_driver_of(dev) }.and_then(|d| unsafe { (*d).dma_map }) {
        // SAFETY: the driver's own callback.
        Some(f) => unsafe { f(to_vdev(dev), addr, iova, len) },
        None => 0,
    }
}

unsafe extern "C" fn vdev_dma_unmap(dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize) -> c_int {
    // SAFETY: a device of this bus.
    match unsafe { vdev_driver_of(dev) }.and_then(|d| unsafe { (*d).dma_unmap }) {
        // SAFETY: the driver's own callback.
        Some(f) => unsafe { f(to_vdev(dev), addr, iova, len) },
        None => 0,
    }
}

unsafe extern "C" fn vdev_iommu_class() -> c_int {
    // As 22.11: the driver each device's name selects (probed or not).
    for d in devices() {
        // SAFETY: a listed device.
        let name = c_bytes(unsafe { (*d).device.name }).to_vec();
        if let Some(drv) = driver_for(&name) {
            // SAFETY: a registered driver.
            if unsafe { (*drv).drv_flags } & RTE_VDEV_DRV_NEED_IOVA_AS_VA != 0 {
                return rte_iova_mode::RTE_IOVA_VA as c_int;
            }
        }
    }
    rte_iova_mode::RTE_IOVA_DC as c_int
}

unsafe extern "C" fn vdev_dev_iterate(
    start: *const c_void,
    s: *const c_char,
    _it: *const rte_dev_iterator,
) -> *mut c_void {
    let mut want: Option<Vec<u8>> = None;
    if !s.is_null() {
        let text = c_bytes(s);
        let pairs = match crate::kvargs::tokenize(text) {
            Ok(p) => p,
            Err(e) => {
                rte_log!(ERR, EAL, "EAL: vdev: cannot parse filter: {e}\n");
                crate::tls::set_errno(libc::EINVAL);
                return ptr::null_mut();
            }
        };
        for p in pairs {
            let k = &text[p.key.clone()];
            if k != b"name" {
                rte_log!(ERR, EAL, "EAL: vdev: unknown filter key \"{}\"\n", String::from_utf8_lossy(k));
                crate::tls::set_errno(libc::EINVAL);
                return ptr::null_mut();
            }
            want = Some(p.value.map(|v| text[v].to_vec()).unwrap_or_default());
        }
    }
    let name = want.map(|w| CString::new(w).unwrap_or_default());
    unsafe extern "C" fn any(_: *const rte_device, _: *const c_void) -> c_int {
        0
    }
    unsafe extern "C" fn named(dev: *const rte_device, data: *const c_void) -> c_int {
        // SAFETY: a live device; data is our CString.
        unsafe { ((*dev).name.is_null() || CStr::from_ptr((*dev).name) != CStr::from_ptr(data.cast())) as c_int }
    }
    match &name {
        // SAFETY: our own lookup.
        Some(n) => unsafe { vdev_find_device(start.cast(), Some(named), n.as_ptr().cast()) }.cast(),
        // SAFETY: as above.
        None => unsafe { vdev_find_device(start.cast(), Some(any), ptr::null()) }.cast(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI32, Ordering};

    static PROBED: AtomicI32 = AtomicI32::new(0);
    static REMOVED: AtomicI32 = AtomicI32::new(0);

    unsafe extern "C" fn probe(dev: *mut rte_vdev_device) -> c_int {
        // SAFETY: the bus passes one of its live devices.
        let args = unsafe { CStr::from_ptr((*(*dev).device.devargs).drv_str) };
        if args.to_bytes() == b"fail" {
            return -libc::EIO;
        }
        PROBED.fetch_add(1, Ordering::SeqCst);
        0
    }

    unsafe extern "C" fn remove(_: *mut rte_vdev_device) -> c_int {
        REMOVED.fetch_add(1, Ordering::SeqCst);
        0
    }

    /// The registration path a Rust PMD uses, then run-time init/uninit.
    #[test]
    fn rust_driver_lifecycle() {
        let drv: &'static mut rte_vdev_driver = Box::leak(Box::new(rte_vdev_driver {
            next: rte_tailq_link { tqe_next: ptr::null_mut(), tqe_prev: ptr::null_mut() },
            driver: rte_driver {
                next: rte_tailq_link { tqe_next: ptr::null_mut(), tqe_prev: ptr::null_mut() },
                name: c"net_rtest".as_ptr(),
                alias: c"eth_rtest".as_ptr(),
            },
            probe: Some(probe),
            remove: Some(remove),
            dma_map: None,
            dma_unmap: None,
            drv_flags: 0,
        }));
        register_static(drv);
        assert!(init(b"net_rtest0", b"a=1").is_ok());
        assert!(init(b"eth_rtest1", b"").is_ok());
        assert_eq!(PROBED.load(Ordering::SeqCst), 2);
        assert_eq!(init(b"net_rtest0", b"").unwrap_err().0, -libc::EEXIST);
        assert_eq!(init(b"net_nothing0", b"").unwrap_err().0, -1);
        assert_eq!(init(b"net_rtest2", b"fail").unwrap_err().0, -libc::EIO);
        assert!(find(b"net_rtest2").is_none());
        assert!(!devargs::next(Some(b"vdev"), ptr::null()).is_null());
        assert!(uninit(b"net_rtest0").is_ok());
        assert_eq!(uninit(b"net_rtest0").unwrap_err().0, -libc::ENOENT);
        // SAFETY: the bus's own cleanup (removes eth_rtest1).
        assert_eq!(unsafe { vdev_cleanup() }, 0);
        assert_eq!(REMOVED.load(Ordering::SeqCst), 2);
        devargs::clear();
    }
}
