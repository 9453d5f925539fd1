//! Alarms (`rte_eal_alarm_set`/`_cancel`): one-shot callbacks after a delay
//! in microseconds, run one at a time on the "eal-alarm" control thread in
//! deadline order (ties in the order they were set).
//!
//! 22.11 runs them from its interrupt thread on a timerfd; here a dedicated
//! thread sleeps on a condition variable until the earliest deadline (the
//! interrupt thread is not built yet). Cancel semantics are 22.11's: an alarm
//! whose callback is running on another thread is waited for; cancelling
//! the running alarm from inside its own callback reports EINPROGRESS.

use std::sync::{Condvar, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use crate::Error;

struct Alarm {
    when: Instant,
    seq: u64,
    f: usize,
    arg: usize,
    /// The thread running its callback (0: not running).
    executor: u64,
}

struct State {
    list: Vec<Alarm>,
    seq: u64,
}

static STATE: Mutex<State> = Mutex::new(State { list: Vec::new(), seq: 0 });
static WAKE: Condvar = Condvar::new();
static START: Once = Once::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

fn tid() -> u64 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u64 }
}

fn run() {
    let mut s = state();
    loop {
        let now = Instant::now();
        let next = s.list.iter().filter(|a| a.executor == 0).min_by_key(|a| (a.when, a.seq)).map(|a| (a.when, a.seq));
        match next {
            None => s = WAKE.wait(s).unwrap_or_else(|e| e.into_inner()),
            Some((when, _)) if when > now => {
                s = WAKE.wait_timeout(s, when - now).unwrap_or_else(|e| e.into_inner()).0;
            }
            Some((_, seq)) => {
                let me = tid();
                let Some(a) = s.list.iter_mut().find(|a| a.seq == seq) else { continue };
                a.executor = me;
                let (f, arg) = (a.f, a.arg);
                drop(s);
                // SAFETY: registered as an rte_eal_alarm_callback.
                let f: unsafe extern "C" fn(*mut libc::c_void) = unsafe { std::mem::transmute(f) };
                // SAFETY: the application's callback with its argument.
                unsafe { f(arg as *mut libc::c_void) };
                s = state();
                s.list.retain(|a| a.seq != seq);
                WAKE.notify_all();
            }
        }
    }
}

/// Sets an alarm: `f(arg)` runs once, `us` microseconds from now.
pub fn set(us: u64, f: usize, arg: usize) -> Result<(), Error> {
    if us == 0 || us > u64::MAX - 1_000_000 || f == 0 {
        return Err(Error::InvalidArgument(format!("alarm of {us} us with callback {f:#x}")));
    }
    START.call_once(|| {
        let _ = std::thread::Builder::new().name("eal-alarm".into()).spawn(run);
    });
    let mut s = state();
    s.seq += 1;
    let seq = s.seq;
    s.list.push(Alarm { when: Instant::now() + Duration::from_micros(us), seq, f, arg, executor: 0 });
    WAKE.notify_all();
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
        // Wait for the ones running on the alarm thread (never our own).
        if !s.list.iter().any(|a| matches(a) && a.executor != 0 && a.executor != me) {
            break;
        }
        s = WAKE.wait_timeout(s, Duration::from_millis(1)).unwrap_or_else(|e| e.into_inner()).0;
    }
    (count, own)
}

/// Drops every pending alarm (EAL cleanup).
pub fn cleanup() {
    state().list.retain(|a| a.executor != 0);
}
