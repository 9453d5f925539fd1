//! `rte_epoll.h`: epoll over `rte_epoll_event`s whose callbacks run in the
//! waiting thread.

use std::ffi::c_int;

use rte_abi::intr::rte_epoll_event;
use rte_eal::{intr, Error};

use crate::boundary::fail;

/// Waits up to `timeout` ms (-1: forever) on `epfd` (RTE_EPOLL_PER_THREAD:
/// the caller's own instance), runs each ready event's callback and copies
/// up to `maxevents` events to `events`. Returns the count, 0 on timeout
/// or -1 (NULL events, epoll failure); EINTR is retried.
///
/// # Safety
/// `events` holds `maxevents` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_epoll_wait(
    epfd: c_int,
    events: *mut rte_epoll_event,
    maxevents: c_int,
    timeout: c_int,
) -> c_int {
    entry!("rte_epoll_wait", -1, {
        nonnull!("rte_epoll_wait", events, -1);
        // SAFETY: per the contract.
        unsafe { intr::epoll_wait(epfd, events, maxevents, timeout, false) }
    })
}

/// As rte_epoll_wait, but returns -1 when a signal interrupts the wait.
///
/// # Safety
/// `events` holds `maxevents` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_epoll_wait_interruptible(
    epfd: c_int,
    events: *mut rte_epoll_event,
    maxevents: c_int,
    timeout: c_int,
) -> c_int {
    entry!("rte_epoll_wait_interruptible", -1, {
        nonnull!("rte_epoll_wait_interruptible", events, -1);
        // SAFETY: per the contract.
        unsafe { intr::epoll_wait(epfd, events, maxevents, timeout, true) }
    })
}

/// Adds, modifies or deletes (EPOLL_CTL_*) `fd` on `epfd`
/// (RTE_EPOLL_PER_THREAD: the caller's own instance) with `event`, which
/// must stay put while registered. Returns 0 or -1 (NULL event, epoll
/// failure); a deleted event is invalidated once no callback runs on it.
///
/// # Safety
/// `event` NULL or a live event.
#[no_mangle]
pub unsafe extern "C" fn rte_epoll_ctl(epfd: c_int, op: c_int, fd: c_int, event: *mut rte_epoll_event) -> c_int {
    entry!("rte_epoll_ctl", -1, {
        if event.is_null() {
            return fail("rte_epoll_ctl", &Error::InvalidArgument("rte_epoll_event can't be NULL".into()), -1);
        }
        // SAFETY: per the contract.
        match unsafe { intr::epoll_ctl(epfd, op, fd, event) } {
            Ok(()) => 0,
            Err(e) => fail("rte_epoll_ctl", &e, -1),
        }
    })
}
