//! Callbacks: per-queue Rx/Tx burst callbacks (lists the inline burst
//! functions walk), port event callbacks, and port owners.

use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use rte_abi::ethdev::*;

use crate::{ctrl, data, dev, Error, Result};

/// `rte_eth_dev_cb_fn`.
pub type EventFn = unsafe extern "C" fn(u16, u32, *mut c_void, *mut c_void) -> i32;

/// One registered event callback.
pub struct EventCb {
    /// The port, or RTE_MAX_ETHPORTS (RTE_ETH_ALL) for every port.
    pub port: u16,
    /// The event.
    pub event: u32,
    /// The function.
    pub f: EventFn,
    /// Its argument.
    pub arg: *mut c_void,
    /// Calls in progress (unregistering is refused with EAGAIN meanwhile).
    pub active: u32,
}
// SAFETY: arg is the application's opaque pointer, passed back as is.
unsafe impl Send for EventCb {}

/// `rte_eth_dev_callback_register`.
pub fn register(port: u16, event: u32, f: EventFn, arg: *mut c_void) -> Result<()> {
    if port as usize != RTE_MAX_ETHPORTS && dev(port).is_err() {
        return Err(Error::Invalid(format!("invalid port_id={port}")));
    }
    if event >= RTE_ETH_EVENT_MAX {
        return Err(Error::Invalid(format!("invalid event {event}")));
    }
    let mut g = ctrl();
    let dup = g.events.iter().any(|c| c.port == port && c.event == event && c.f as usize == f as usize && c.arg == arg);
    if !dup {
        g.events.push(EventCb { port, event, f, arg, active: 0 });
    }
    Ok(())
}

/// `rte_eth_dev_callback_unregister`: `arg == (void *)-1` matches any
/// argument; a callback running now is kept and EAGAIN returned.
pub fn unregister(port: u16, event: u32, f: EventFn, arg: *mut c_void) -> Result<()> {
    if port as usize != RTE_MAX_ETHPORTS && dev(port).is_err() {
        return Err(Error::Invalid(format!("invalid port_id={port}")));
    }
    let mut g = ctrl();
    let any = arg as isize == -1;
    let mut busy = false;
    g.events.retain(|c| {
        let m = c.port == port && c.event == event && c.f as usize == f as usize && (any || c.arg == arg);
        if m && c.active > 0 {
            busy = true;
            return true;
        }
        !m
    });
    if busy {
        return Err(Error::Again("callback is running".into()));
    }
    Ok(())
}

/// Runs the callbacks registered for (`port`, `event`) in registration
/// order, without the lock held (a callback may call ethdev); returns the
/// last one's result (0 when none). `ret_param` is the event's data
/// pointer (as an address), passed through to the callbacks.
pub fn process(port: u16, event: u32, ret_param: usize) -> i32 {
    let mut rc = 0;
    let mut i = 0;
    loop {
        let call = {
            let mut g = ctrl();
            let mut found = None;
            while i < g.events.len() {
                let c = &mut g.events[i];
                i += 1;
                if (c.port == port || c.port as usize == RTE_MAX_ETHPORTS) && c.event == event {
                    c.active += 1;
                    found = Some((c.f, c.arg));
                    break;
                }
            }
            found
        };
        let Some((f, arg)) = call else { break };
        // SAFETY: the application's callback with its own argument.
        rc = unsafe { f(port, event, arg, ret_param as *mut c_void) };
        let mut g = ctrl();
        if let Some(c) = g.events.iter_mut().find(|c| c.f as usize == f as usize && c.arg == arg && c.active > 0) {
            c.active -= 1;
        }
        // A callback unregistering an earlier entry shifts the list: resume
        // after this entry's current position.
        if let Some(pos) = g.events.iter().position(|c| c.f as usize == f as usize && c.arg == arg && c.event == event)
        {
            i = pos + 1;
        }
    }
    rc
}

fn cb_head(port: u16, q: u16, rx: bool) -> Result<*mut *mut rte_eth_rxtx_callback> {
    let d = dev(port).map_err(|_| Error::Invalid(format!("invalid port_id={port}")))?;
    // SAFETY: d from dev().
    let n = unsafe {
        if rx {
            (*data(d)).nb_rx_queues
        } else {
            (*data(d)).nb_tx_queues
        }
    };
    if q >= n {
        return Err(Error::Invalid(format!("port {port}: invalid queue_id={q}")));
    }
    // SAFETY: q < nb queues <= RTE_MAX_QUEUES_PER_PORT.
    Ok(unsafe {
        if rx {
            ptr::addr_of_mut!((*d).post_rx_burst_cbs[q as usize])
        } else {
            ptr::addr_of_mut!((*d).pre_tx_burst_cbs[q as usize])
        }
    })
}

fn as_atomic<'a>(p: *mut *mut rte_eth_rxtx_callback) -> &'a AtomicPtr<rte_eth_rxtx_callback> {
    // SAFETY: a pointer-sized, aligned field of a process-lifetime slot that
    // C inline code reads with __atomic loads.
    unsafe { &*(p as *const AtomicPtr<rte_eth_rxtx_callback>) }
}

/// Adds a burst callback at the tail (`first == false`) or head of the
/// queue's list. Callback records are never freed (a burst may still be
/// walking one), as in 22.11.
pub fn add(
    port: u16,
    q: u16,
    rx: bool,
    first: bool,
    f: *mut c_void,
    param: *mut c_void,
) -> Result<*mut rte_eth_rxtx_callback> {
    if f.is_null() {
        return Err(Error::Invalid("NULL callback function".into()));
    }
    let _g = ctrl();
    let head = cb_head(port, q, rx)?;
    let cb = Box::into_raw(Box::new(rte_eth_rxtx_callback { next: ptr::null_mut(), func: f, param }));
    let h = as_atomic(head);
    // ORDERING: Release publishes the record's fields to the burst path,
    // whose (relaxed, address-dependent) loads of the list pair with it.
    if first {
        // SAFETY: cb is ours until published.
        unsafe { (*cb).next = h.load(Ordering::Relaxed) };
        h.store(cb, Ordering::Release);
    } else {
        let mut tail = h.load(Ordering::Relaxed);
        if tail.is_null() {
            h.store(cb, Ordering::Release);
        } else {
            // SAFETY: list records are never freed; writers hold the lock.
            unsafe {
                while !(*tail).next.is_null() {
                    tail = (*tail).next;
                }
                as_atomic(ptr::addr_of_mut!((*tail).next)).store(cb, Ordering::Release);
            }
        }
    }
    Ok(cb)
}

/// Unlinks a burst callback (EINVAL when it is not in the list).
pub fn remove(port: u16, q: u16, rx: bool, cb: *mut rte_eth_rxtx_callback) -> Result<()> {
    if dev(port).is_err() {
        return Err(Error::NoDevice(port));
    }
    if cb.is_null() {
        return Err(Error::Invalid("NULL callback".into()));
    }
    let _g = ctrl();
    let mut prev = cb_head(port, q, rx)?;
    // SAFETY: records are never freed; writers hold the lock.
    unsafe {
        loop {
            let cur = as_atomic(prev).load(Ordering::Relaxed);
            if cur.is_null() {
                return Err(Error::Invalid(format!("port {port} queue {q}: callback not found")));
            }
            if cur == cb {
                // ORDERING: Release, as add; a burst already past `prev`
                // still finds a valid record (not freed).
                as_atomic(prev).store((*cur).next, Ordering::Release);
                return Ok(());
            }
            prev = ptr::addr_of_mut!((*cur).next);
        }
    }
}

/// `rte_eth_dev_owner_new`.
pub fn owner_new() -> u64 {
    let mut g = ctrl();
    let id = g.next_owner;
    g.next_owner += 1;
    id
}

fn owner_valid(g: &crate::Ctrl, id: u64) -> bool {
    id != RTE_ETH_DEV_NO_OWNER && id < g.next_owner
}

/// `rte_eth_dev_owner_set`.
pub fn owner_set(port: u16, id: u64, name: &[u8]) -> Result<()> {
    let g = ctrl();
    let d = dev(port)?;
    if !owner_valid(&g, id) {
        return Err(Error::Invalid(format!("invalid owner id={id:#x}")));
    }
    if name.len() >= RTE_ETH_MAX_OWNER_NAME_LEN {
        return Err(Error::Invalid("owner name too long".into()));
    }
    // SAFETY: d from dev(); owner written under the lock.
    unsafe {
        let o = &mut (*data(d)).owner;
        if o.id != RTE_ETH_DEV_NO_OWNER {
            return Err(Error::NotPermitted(format!("port {port} already owned by {:#x}", o.id)));
        }
        o.id = id;
        crate::set_cname(&mut o.name, name);
    }
    Ok(())
}

/// `rte_eth_dev_owner_unset`.
pub fn owner_unset(port: u16, id: u64) -> Result<()> {
    let g = ctrl();
    let d = dev(port)?;
    if !owner_valid(&g, id) {
        return Err(Error::Invalid(format!("invalid owner id={id:#x}")));
    }
    // SAFETY: d from dev(); owner written under the lock.
    unsafe {
        let o = &mut (*data(d)).owner;
        if o.id != id {
            return Err(Error::NotPermitted(format!("port {port} is not owned by {id:#x}")));
        }
        *o = std::mem::zeroed();
    }
    Ok(())
}

/// `rte_eth_dev_owner_delete`: frees every port the owner holds.
pub fn owner_delete(id: u64) -> Result<()> {
    let g = ctrl();
    if !owner_valid(&g, id) {
        return Err(Error::Invalid(format!("invalid owner id={id:#x}")));
    }
    for p in 0..RTE_MAX_ETHPORTS as u16 {
        if let Ok(d) = dev(p) {
            // SAFETY: d from dev(); owner written under the lock.
            unsafe {
                if (*data(d)).owner.id == id {
                    (*data(d)).owner = std::mem::zeroed();
                }
            }
        }
    }
    Ok(())
}

/// Next port from `port` owned by `owner` (RTE_MAX_ETHPORTS when none).
pub fn next_owned_by(port: u64, owner: u64) -> u64 {
    let mut p = port;
    while (p as usize) < RTE_MAX_ETHPORTS {
        if let Ok(d) = dev(p as u16) {
            // SAFETY: d from dev().
            let (st, o) = unsafe { ((*d).state, (*data(d)).owner.id) };
            if st == RTE_ETH_DEV_ATTACHED && o == owner {
                return p;
            }
        }
        p += 1;
    }
    RTE_MAX_ETHPORTS as u64
}
