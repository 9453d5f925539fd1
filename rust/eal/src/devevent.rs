//! Device events: application callbacks per device name, and the kernel
//! uevent monitor that feeds them (22.11's dev_uev_handler): a
//! NETLINK_KOBJECT_UEVENT socket registered with the interrupt thread as a
//! DEV_EVENT source. PCI add/remove events become RTE_DEV_EVENT_ADD /
//! RTE_DEV_EVENT_REMOVE for the device's PCI slot name; a removal first
//! goes to the PCI bus's hot-unplug handler when that bus exists.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::sync::{Mutex, MutexGuard};

use rte_abi::dev::{rte_dev_event_type, RTE_DEV_EVENT_ADD, RTE_DEV_EVENT_REMOVE};
use rte_abi::intr::RTE_INTR_HANDLE_DEV_EVENT;

use crate::intr::{self, IntrHandle};
use crate::{bus, rte_log, Error};

struct Cb {
    name: Option<Vec<u8>>,
    f: usize,
    arg: usize,
}

static CBS: Mutex<Vec<Cb>> = Mutex::new(Vec::new());
/// The monitor's interrupt handle (0 when stopped).
static MONITOR: Mutex<usize> = Mutex::new(0);

fn cbs() -> MutexGuard<'static, Vec<Cb>> {
    CBS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers `f(name, event, arg)` for device `name` (every device when
/// None). False if exactly that registration exists.
pub fn register(name: Option<&[u8]>, f: usize, arg: usize) -> bool {
    let name = name.map(<[u8]>::to_vec);
    let mut l = cbs();
    if l.iter().any(|c| c.name == name && c.f == f && c.arg == arg) {
        return false;
    }
    l.push(Cb { name, f, arg });
    true
}

/// Removes the matching registrations (any argument when `any_arg`);
/// returns how many.
pub fn unregister(name: Option<&[u8]>, f: usize, arg: usize, any_arg: bool) -> usize {
    let name = name.map(<[u8]>::to_vec);
    let mut l = cbs();
    let before = l.len();
    l.retain(|c| !(c.name == name && c.f == f && (any_arg || c.arg == arg)));
    before - l.len()
}

/// Calls the callbacks for device `name` (and those for every device).
pub fn process(name: &CStr, event: rte_dev_event_type) {
    let n = name.to_bytes();
    let todo: Vec<(usize, usize)> =
        cbs().iter().filter(|c| c.name.as_deref().is_none_or(|x| x == n)).map(|c| (c.f, c.arg)).collect();
    for (f, a) in todo {
        // SAFETY: registered as an rte_dev_event_cb_fn.
        let f: unsafe extern "C" fn(*const c_char, rte_dev_event_type, *mut c_void) = unsafe { std::mem::transmute(f) };
        // SAFETY: the application's callback with a valid name.
        unsafe { f(name.as_ptr(), event, a as *mut c_void) };
    }
}

/// A kernel uevent reduced to what 22.11 acts on.
#[derive(Debug, PartialEq, Eq)]
pub struct Uevent {
    /// RTE_DEV_EVENT_ADD or RTE_DEV_EVENT_REMOVE.
    pub event: rte_dev_event_type,
    /// "pci", "uio" or "vfio".
    pub subsystem: String,
    /// The PCI slot name, when the event carries one.
    pub devname: Option<String>,
}

/// Parses one uevent message (NUL-separated `KEY=VALUE` lines after the
/// `action@devpath` header). None for udev's re-broadcasts ("libudev"
/// magic), other subsystems and other actions.
pub fn parse_uevent(buf: &[u8]) -> Option<Uevent> {
    let (mut action, mut subsystem, mut devname) = (None, None, None);
    for field in buf.split(|&b| b == 0).filter(|f| !f.is_empty()) {
        if field.starts_with(b"libudev") {
            return None;
        }
        let text = String::from_utf8_lossy(field);
        if let Some(v) = text.strip_prefix("ACTION=") {
            action = Some(v.to_string());
        } else if let Some(v) = text.strip_prefix("SUBSYSTEM=") {
            subsystem = Some(v.to_string());
        } else if let Some(v) = text.strip_prefix("PCI_SLOT_NAME=") {
            devname = Some(v.to_string());
        }
    }
    let subsystem = subsystem?;
    if !["uio", "pci", "vfio"].iter().any(|p| subsystem.starts_with(p)) {
        return None;
    }
    let action = action?;
    let event = if action.starts_with("add") {
        RTE_DEV_EVENT_ADD
    } else if action.starts_with("remove") {
        RTE_DEV_EVENT_REMOVE
    } else {
        return None;
    };
    Some(Uevent { event, subsystem, devname })
}

unsafe extern "C" fn on_uevent(arg: *mut c_void) {
    let h = arg as *const IntrHandle;
    let mut buf = [0u8; 2048];
    // SAFETY: the monitor's handle; recv into our buffer.
    let n = unsafe { libc::recv((*h).fd, buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT) };
    if n <= 0 {
        return;
    }
    let Some(ev) = parse_uevent(&buf[..n as usize]) else { return };
    if !ev.subsystem.starts_with("pci") {
        return;
    }
    let Some(name) = ev.devname.and_then(|d| CString::new(d).ok()) else { return };
    if ev.event == RTE_DEV_EVENT_REMOVE {
        let b = bus::find_by_name(b"pci");
        if !b.is_null() {
            // SAFETY: a registered bus.
            let dev = unsafe { bus::find_device_by_name(b, &name) };
            // SAFETY: as above.
            if let (false, Some(hu)) = (dev.is_null(), unsafe { (*b).hot_unplug_handler }) {
                // SAFETY: the bus's handler on its own device.
                if unsafe { hu(dev) } != 0 {
                    rte_log!(ERR, EAL, "EAL: Can not handle hot-unplug for device ({})\n", name.to_string_lossy());
                }
            }
        }
    }
    process(&name, ev.event);
}

/// Starts the uevent monitor (idempotent).
pub fn monitor_start() -> Result<(), Error> {
    let mut m = MONITOR.lock().unwrap_or_else(|e| e.into_inner());
    if *m != 0 {
        return Ok(());
    }
    intr::init()?;
    // SAFETY: plain syscalls on a socket we own.
    let fd = unsafe {
        libc::socket(
            libc::PF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK,
            libc::NETLINK_KOBJECT_UEVENT,
        )
    };
    if fd < 0 {
        return Err(Error::last_os("cannot open the uevent netlink socket"));
    }
    // SAFETY: a zeroed sockaddr_nl is valid; we fill family and groups.
    let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    addr.nl_family = libc::AF_NETLINK as u16;
    addr.nl_groups = 0xffff_ffff;
    // SAFETY: binds our socket to a valid address of the right size.
    let r = unsafe {
        libc::bind(fd, (&addr as *const libc::sockaddr_nl).cast(), std::mem::size_of::<libc::sockaddr_nl>() as u32)
    };
    if r < 0 {
        let e = Error::last_os("cannot bind the uevent netlink socket");
        // SAFETY: our fd.
        unsafe { libc::close(fd) };
        return Err(e);
    }
    let h = match intr::alloc(0) {
        Ok(h) => h,
        Err(e) => {
            // SAFETY: our fd.
            unsafe { libc::close(fd) };
            return Err(e);
        }
    };
    // SAFETY: h is ours; the callback gets h as its argument.
    unsafe {
        (*h).fd = fd;
        (*h).type_ = RTE_INTR_HANDLE_DEV_EVENT;
        if let Err(e) = intr::callback_register(h, on_uevent as *const () as usize, h as usize) {
            intr::free(h);
            libc::close(fd);
            return Err(e);
        }
    }
    *m = h as usize;
    Ok(())
}

/// Stops the uevent monitor (nothing to do when it is not running).
pub fn monitor_stop() -> Result<(), Error> {
    let mut m = MONITOR.lock().unwrap_or_else(|e| e.into_inner());
    if *m == 0 {
        return Ok(());
    }
    let h = *m as *mut IntrHandle;
    let f = on_uevent as *const () as usize;
    // SAFETY: the monitor's live handle.
    let unregister = || unsafe { intr::callback_unregister(h, f, h as usize, false) };
    while let Err(intr::UnregError::Busy) = unregister() {
        std::thread::yield_now();
    }
    // SAFETY: unregistered: the handle and its fd are ours alone now.
    unsafe {
        libc::close((*h).fd);
        intr::free(h);
    }
    *m = 0;
    Ok(())
}

// ---- hot-unplug SIGBUS handling ----

struct OldAction(std::cell::UnsafeCell<libc::sigaction>);
// SAFETY: written only by hotplug_handle_enable before the handler is
// installed (under HOTPLUG), read by the handler and by disable.
unsafe impl Sync for OldAction {}

// SAFETY: a zeroed sigaction is a valid (default) action.
static OLD_SIGBUS: OldAction = OldAction(std::cell::UnsafeCell::new(unsafe { std::mem::zeroed() }));
static HOTPLUG: Mutex<bool> = Mutex::new(false);

fn die(msg: &[u8]) -> ! {
    // SAFETY: write(2) and _exit(2) are async-signal-safe.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::_exit(libc::EXIT_FAILURE)
    }
}

extern "C" fn on_sigbus(signum: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as *const c_void;
    // SAFETY: the faulting address, only compared by the buses.
    match unsafe { bus::sigbus(addr) } {
        0 => {}
        -1 => die(b"EAL: Failed to handle SIGBUS for hot-unplug\n"),
        _ => {
            // Not a device's memory: the previous action takes it.
            // SAFETY: written before this handler was installed.
            let old = unsafe { &*OLD_SIGBUS.0.get() };
            if old.sa_flags == libc::SA_SIGINFO && old.sa_sigaction > libc::SIG_IGN {
                // SAFETY: an SA_SIGINFO handler the application installed.
                let f: extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) =
                    unsafe { std::mem::transmute(old.sa_sigaction) };
                f(signum, info, ctx);
            } else if old.sa_flags != libc::SA_SIGINFO && old.sa_sigaction > libc::SIG_IGN {
                // SAFETY: a plain handler the application installed.
                let f: extern "C" fn(c_int) = unsafe { std::mem::transmute(old.sa_sigaction) };
                f(signum);
            } else {
                die(b"EAL: Failed to handle generic SIGBUS!\n");
            }
        }
    }
}

/// Installs the SIGBUS handler that offers faults to the buses (a device
/// unplugged under a mapping) and passes others to the previous handler.
pub fn hotplug_handle_enable() -> Result<(), Error> {
    let mut on = HOTPLUG.lock().unwrap_or_else(|e| e.into_inner());
    if *on {
        return Ok(());
    }
    // SAFETY: a zeroed sigaction filled with our handler; the old action is
    // stored before any SIGBUS can reach the new handler.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = on_sigbus as *const () as usize;
        act.sa_flags = libc::SA_SIGINFO;
        libc::sigemptyset(&mut act.sa_mask);
        if libc::sigaction(libc::SIGBUS, &act, OLD_SIGBUS.0.get()) < 0 {
            return Err(Error::last_os("cannot install the SIGBUS handler"));
        }
    }
    *on = true;
    Ok(())
}

/// Restores the SIGBUS action found by [`hotplug_handle_enable`].
pub fn hotplug_handle_disable() -> Result<(), Error> {
    let mut on = HOTPLUG.lock().unwrap_or_else(|e| e.into_inner());
    if !*on {
        return Ok(());
    }
    // SAFETY: restores the stored action.
    if unsafe { libc::sigaction(libc::SIGBUS, OLD_SIGBUS.0.get(), std::ptr::null_mut()) } < 0 {
        return Err(Error::last_os("cannot restore the SIGBUS action"));
    }
    *on = false;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uevents() {
        let add = b"add@/devices/pci0000:00/0000:00:03.0\0ACTION=add\0DEVPATH=/devices/pci0000:00/0000:00:03.0\0SUBSYSTEM=pci\0PCI_SLOT_NAME=0000:00:03.0\0SEQNUM=1\0";
        assert_eq!(
            parse_uevent(add),
            Some(Uevent { event: RTE_DEV_EVENT_ADD, subsystem: "pci".into(), devname: Some("0000:00:03.0".into()) })
        );
        let rm = b"remove@/x\0ACTION=remove\0SUBSYSTEM=uio\0";
        assert_eq!(parse_uevent(rm).map(|u| (u.event, u.devname)), Some((RTE_DEV_EVENT_REMOVE, None)));
        assert_eq!(parse_uevent(b"libudev\0\xfe\xed\0ACTION=add\0SUBSYSTEM=pci\0"), None);
        assert_eq!(parse_uevent(b"ACTION=add\0SUBSYSTEM=net\0"), None);
        assert_eq!(parse_uevent(b"ACTION=change\0SUBSYSTEM=pci\0"), None);
        assert_eq!(parse_uevent(b""), None);
    }

    #[test]
    fn callbacks_by_name() {
        unsafe extern "C" fn cb(_: *const c_char, _: rte_dev_event_type, arg: *mut c_void) {
            // SAFETY: the test passes a pointer to its counter.
            unsafe { *(arg as *mut i32) += 1 };
        }
        let mut hits = 0i32;
        let arg = &mut hits as *mut i32 as usize;
        assert!(register(Some(b"devA"), cb as *const () as usize, arg));
        assert!(!register(Some(b"devA"), cb as *const () as usize, arg));
        assert!(register(None, cb as *const () as usize, arg));
        process(c"devA", RTE_DEV_EVENT_ADD);
        process(c"devB", RTE_DEV_EVENT_ADD);
        assert_eq!(hits, 3);
        assert_eq!(unregister(Some(b"devA"), cb as *const () as usize, 0, true), 1);
        assert_eq!(unregister(None, cb as *const () as usize, arg, false), 1);
        process(c"devA", RTE_DEV_EVENT_REMOVE);
        assert_eq!(hits, 3);
    }
}
