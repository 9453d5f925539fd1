//! Alarms (`rte_eal_alarm_set`/`_cancel`): one-shot callbacks after a delay
//! in microseconds, run on the interrupt thread in deadline order (ties in
//! the order they were set), as 22.11 does: one timerfd (CLOCK_MONOTONIC,
//! absolute) armed for the earliest alarm is an interrupt source of type
//! ALARM; its callback runs every expired alarm and re-arms it.
//!
//! Cancel semantics are 22.11's: an alarm whose callback is running on
//! another thread is waited for; cancelling the running alarm from inside
//! its own callback cannot remove it and reports EINPROGRESS.

use std::ffi::c_void;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use rte_abi::intr::RTE_INTR_HANDLE_ALARM;

use crate::intr::{self, IntrHandle};
use crate::Error;

struct Alarm {
    /// Deadline, CLOCK_MONOTONIC nanoseconds.
    when: u64,
    seq: u64,
    f: usize,
    arg: usize,
    /// The thread running its callback (0: not running).
    executor: u64,
}

struct State {
    list: Vec<Alarm>,
    seq: u64,
    /// The timerfd's interrupt handle (NULL before the first alarm).
    handle: usize,
}

static STATE: Mutex<State> = Mutex::new(State { list: Vec::new(), seq: 0, handle: 0 });
static DONE: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

fn tid() -> u64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u64 }
}

fn now_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: writes ts.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Arms the timerfd for the earliest pending alarm (disarms when none).
fn arm(s: &State) {
    if s.handle == 0 {
        return;
    }
    let next = s.list.iter().filter(|a| a.executor == 0).map(|a| a.when).min();
    let mut spec: libc::itimerspec = libc::itimerspec {
        it_interval: libc::timespec { tv_sec: 0, tv_nsec: 0 },
        it_value: libc::timespec { tv_sec: 0, tv_nsec: 0 },
    };
    if let Some(w) = next {
        // An absolute time of 0 would disarm: never pass it.
        let w = w.max(1);
        spec.it_value = libc::timespec { tv_sec: (w / 1_000_000_000) as i64, tv_nsec: (w % 1_000_000_000) as i64 };
    }
    // SAFETY: the handle is ours; timerfd_settime on its fd.
    unsafe {
        let fd = (*(s.handle as *const IntrHandle)).fd;
        libc::timerfd_settime(fd, libc::TFD_TIMER_ABSTIME, &spec, std::ptr::null_mut());
    }
}

/// The ALARM source's callback (interrupt thread): runs every expired alarm.
unsafe extern "C" fn expire(_: *mut c_void) {
    let me = tid();
    let mut s = state();
    loop {
        let now = now_ns();
        let next =
            s.list.iter().filter(|a| a.executor == 0 && a.when <= now).min_by_key(|a| (a.when, a.seq)).map(|a| a.seq);
        let Some(seq) = next else { break };
        let Some(a) = s.list.iter_mut().find(|a| a.seq == seq) else { break };
        a.executor = me;
        let (f, arg) = (a.f, a.arg);
        drop(s);
        // SAFETY: registered as an rte_eal_alarm_callback.
        let f: unsafe extern "C" fn(*mut c_void) = unsafe { std::mem::transmute(f) };
        // SAFETY: the application's callback with its argument.
        unsafe { f(arg as *mut c_void) };
        s = state();
        s.list.retain(|a| a.seq != seq);
        DONE.notify_all();
    }
    arm(&s);
}

fn ensure_source(s: &mut State) -> Result<(), Error> {
    if s.handle != 0 {
        return Ok(());
    }
    intr::init()?;
    // SAFETY: plain syscall.
    let fd = unsafe { libc::timerfd_create(libc::CLOCK_MONOTONIC, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC) };
    if fd < 0 {
        return Err(Error::last_os("cannot create the alarm timerfd"));
    }
    let h = intr::alloc(0)?;
    // SAFETY: h is ours.
    unsafe {
        (*h).fd = fd;
        (*h).type_ = RTE_INTR_HANDLE_ALARM;
        if let Err(e) = intr::callback_register(h, expire as *const () as usize, 0) {
            intr::free(h);
            libc::close(fd);
            return Err(e);
        }
    }
    s.handle = h as usize;
    Ok(())
}

/// Sets an alarm: `f(arg)` runs once, `us` microseconds from now.
pub fn set(us: u64, f: usize, arg: usize) -> Result<(), Error> {
    if us == 0 || us > u64::MAX - 1_000_000 || f == 0 {
        return Err(Error::InvalidArgument(format!("alarm of {us} us with callback {f:#x}")));
    }
    let mut s = state();
    ensure_source(&mut s)?;
    s.seq += 1;
    let seq = s.seq;
    let when = now_ns().saturating_add(us.saturating_mul(1000));
    s.list.push(Alarm { when, seq, f, arg, executor: 0 });
    arm(&s);
    Ok(())
}

/// Cancels the alarms of `f` with `arg` (any argument when `any_arg`).
/// Returns how many were removed and whether one of them is the alarm
/// whose callback is running on this very thread (it cannot be removed).
pub fn cancel(f: usize, arg: usize, any_arg: bool) -> (usize, bool) {
    let me = tid();
    let mut count = 0;
    let mut own = false;
    let mut s = state();
    loop {
        let matches = |a: &Alarm| a.f == f && (any_arg || a.arg == arg);
        let before = s.list.len();
        s.list.retain(|a| !(matches(a) && a.executor == 0));
        count += before - s.list.len();
        own |= s.list.iter().any(|a| matches(a) && a.executor == me);
        // Wait for the ones running on the interrupt thread (never our own).
        if !s.list.iter().any(|a| matches(a) && a.executor != 0 && a.executor != me) {
            break;
        }
        s = DONE.wait_timeout(s, Duration::from_millis(1)).unwrap_or_else(|e| e.into_inner()).0;
    }
    arm(&s);
    (count, own)
}

/// Drops every pending alarm (EAL cleanup).
pub fn cleanup() {
    let mut s = state();
    s.list.retain(|a| a.executor != 0);
    arm(&s);
}
