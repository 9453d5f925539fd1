//! librte_ethdev: the port table (`rte_eth_devices`, the shared
//! `rte_eth_dev_data` array and the `rte_eth_fp_ops` fast-path table), the
//! application API's semantics, the driver API, and two soft PMDs.
//!
//! The port structures are the 22.11 C layouts, because reference inline
//! code (`rte_eth_rx_burst` & co.) and C drivers read them directly. They are
//! reached through raw pointers handed in once by the C-ABI layer
//! ([`install`]); every control-path change happens under one process-wide
//! lock ([`ctrl`]), which C code never sees. The fast path touches only
//! `rte_eth_fp_ops` and the callback lists, which are published with release
//! stores that the inline burst functions' loads pair with.
//!
//! Multi-process (secondary attach) is not supported: the port data lives
//! in this process's memory.

use std::ffi::c_void;
use std::sync::{Mutex, MutexGuard, OnceLock};

use rte_abi::ethdev::*;

pub mod api;
pub mod callbacks;
pub mod driver;
pub mod pmd;

/// What an ethdev call can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No such port (ENODEV).
    NoDevice(u16),
    /// A bad argument (EINVAL), with what was wrong.
    Invalid(String),
    /// The driver has no such operation (ENOTSUP).
    NotSupported(&'static str),
    /// The port is started or the resource in use (EBUSY).
    Busy(String),
    /// No memory (ENOMEM).
    NoMemory,
    /// No free slot (ENOSPC).
    NoSpace(String),
    /// Not permitted (EPERM), e.g. another owner holds the port.
    NotPermitted(String),
    /// Retry later (EAGAIN), e.g. a callback is running.
    Again(String),
    /// Address in use (EADDRINUSE).
    AddrInUse,
    /// Nothing found (ENOENT).
    NotFound(String),
    /// A driver operation returned this negative errno.
    Driver(&'static str, i32),
}

impl Error {
    /// The errno the reference reports for this case.
    pub fn errno(&self) -> i32 {
        match self {
            Error::NoDevice(_) => libc::ENODEV,
            Error::Invalid(_) => libc::EINVAL,
            Error::NotSupported(_) => libc::ENOTSUP,
            Error::Busy(_) => libc::EBUSY,
            Error::NoMemory => libc::ENOMEM,
            Error::NoSpace(_) => libc::ENOSPC,
            Error::NotPermitted(_) => libc::EPERM,
            Error::Again(_) => libc::EAGAIN,
            Error::AddrInUse => libc::EADDRINUSE,
            Error::NotFound(_) => libc::ENOENT,
            Error::Driver(_, e) => -*e,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NoDevice(p) => write!(f, "invalid port_id={p}"),
            Error::Invalid(m) => write!(f, "{m}"),
            Error::NotSupported(op) => write!(f, "the driver has no {op} operation"),
            Error::Busy(m) => write!(f, "{m}"),
            Error::NoMemory => write!(f, "out of memory"),
            Error::NoSpace(m) => write!(f, "{m}"),
            Error::NotPermitted(m) => write!(f, "{m}"),
            Error::Again(m) => write!(f, "{m}"),
            Error::AddrInUse => write!(f, "cannot remove the default MAC address"),
            Error::NotFound(m) => write!(f, "{m}"),
            Error::Driver(op, e) => write!(f, "driver {op} failed: {e}"),
        }
    }
}

/// Result of the ethdev calls.
pub type Result<T> = std::result::Result<T, Error>;

/// The process's port tables, as the C-ABI layer exports them.
#[derive(Clone, Copy)]
pub struct Tables {
    /// `rte_eth_devices[RTE_MAX_ETHPORTS]`.
    pub devs: *mut rte_eth_dev,
    /// `rte_eth_fp_ops[RTE_MAX_ETHPORTS]`.
    pub fp: *mut rte_eth_fp_ops,
    /// The `rte_eth_dev_data` array (process memory here).
    pub data: *mut rte_eth_dev_data,
}
// SAFETY: the tables are process-lifetime arrays; writers hold the control
// lock, and the fast-path fields are written with atomic stores.
unsafe impl Send for Tables {}
// SAFETY: as above.
unsafe impl Sync for Tables {}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// Hands the exported arrays to this crate (once; later calls are ignored)
/// and points every fast-path entry at the dummy burst functions.
///
/// # Safety
/// `devs` and `fp` must be zeroed arrays of RTE_MAX_ETHPORTS entries that
/// live for the whole process and that only this crate writes.
pub unsafe fn install(devs: *mut rte_eth_dev, fp: *mut rte_eth_fp_ops) {
    TABLES.get_or_init(|| {
        let layout = std::alloc::Layout::new::<[rte_eth_dev_data; RTE_MAX_ETHPORTS]>();
        // SAFETY: a non-zero-sized layout; all-zero is a valid port data.
        let data = unsafe { std::alloc::alloc_zeroed(layout) } as *mut rte_eth_dev_data;
        assert!(!data.is_null(), "port data allocation");
        let t = Tables { devs, fp, data };
        for p in 0..RTE_MAX_ETHPORTS {
            // SAFETY: p is in the arrays' bounds (caller's contract).
            unsafe { api::fp_reset(t.fp.add(p)) };
        }
        t
    });
}

/// The tables; panics (caught at the C boundary) before [`install`].
pub fn tables() -> Tables {
    *TABLES.get().expect("ethdev tables not installed")
}

/// Process-wide control-path state: owners, event callbacks, and Rust-side
/// per-port records. C code never sees this lock.
pub struct Ctrl {
    /// Next owner id to hand out (ids start at 1).
    pub next_owner: u64,
    /// Registered event callbacks.
    pub events: Vec<callbacks::EventCb>,
}

static CTRL: Mutex<Ctrl> = Mutex::new(Ctrl { next_owner: 1, events: Vec::new() });

/// Takes the control lock (a poisoned lock is taken anyway: every update
/// under it is complete before any call that could panic).
pub fn ctrl() -> MutexGuard<'static, Ctrl> {
    CTRL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The slot of `port` (any state), or None when out of range.
pub fn slot(port: u16) -> Option<*mut rte_eth_dev> {
    ((port as usize) < RTE_MAX_ETHPORTS).then(|| {
        // SAFETY: in bounds of the installed array.
        unsafe { tables().devs.add(port as usize) }
    })
}

/// The slot of a port that exists (state not UNUSED, data set).
pub fn dev(port: u16) -> Result<*mut rte_eth_dev> {
    let d = slot(port).ok_or(Error::NoDevice(port))?;
    // SAFETY: a slot of the installed array; state and data are written
    // under the control lock and only read here.
    let (state, data) = unsafe { (std::ptr::read_volatile(&(*d).state), (*d).data) };
    if state == RTE_ETH_DEV_UNUSED || data.is_null() {
        return Err(Error::NoDevice(port));
    }
    Ok(d)
}

/// The port data of a slot that exists.
///
/// # Safety
/// `d` must come from [`dev`].
pub unsafe fn data(d: *mut rte_eth_dev) -> *mut rte_eth_dev_data {
    // SAFETY: caller's contract.
    unsafe { (*d).data }
}

/// The driver operations of a slot that exists (never null for an allocated
/// port that a driver set up; a zeroed table stands in otherwise).
///
/// # Safety
/// `d` must come from [`dev`].
pub unsafe fn ops(d: *mut rte_eth_dev) -> eth_dev_ops {
    static NONE: OnceLock<usize> = OnceLock::new();
    let _ = NONE;
    // SAFETY: caller's contract; dev_ops points at the driver's static table.
    unsafe {
        let o = (*d).dev_ops;
        if o.is_null() {
            std::mem::zeroed()
        } else {
            *o
        }
    }
}

/// A name as a byte string (up to the first NUL).
pub fn cname(buf: &[core::ffi::c_char]) -> Vec<u8> {
    buf.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect()
}

/// Copies `s` into a C char buffer with a NUL (truncating).
pub fn set_cname(buf: &mut [core::ffi::c_char], s: &[u8]) {
    let n = s.len().min(buf.len() - 1);
    for (d, &c) in buf.iter_mut().zip(&s[..n]) {
        *d = c as core::ffi::c_char;
    }
    buf[n..].iter_mut().for_each(|c| *c = 0);
}

/// Raw pointer to an `extern "C"` function, for callback fields.
pub fn fnptr<T>(f: T) -> *mut c_void {
    assert_eq!(std::mem::size_of::<T>(), std::mem::size_of::<*mut c_void>());
    // SAFETY: T is a function pointer type of pointer size (checked).
    unsafe { std::mem::transmute_copy(&f) }
}
