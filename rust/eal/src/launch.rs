//! Worker threads and remote launch. Each worker lcore has one thread, pinned
//! to its CPUs, that sleeps until `rte_eal_remote_launch` hands it a
//! function. States follow 22.11: WAIT (idle, last return value kept) and
//! RUNNING. Process-local: a mutex and condvar per worker.

use std::ffi::c_void;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use rte_abi::config::RTE_MAX_LCORE;
use rte_abi::launch::rte_lcore_state_t;

use crate::{cpu, lcore, rte_log, tls, Error};

/// An lcore function (`lcore_function_t *`).
pub type LcoreFn = unsafe extern "C" fn(*mut c_void) -> i32;

struct Job {
    f: LcoreFn,
    arg: *mut c_void,
}

// SAFETY: the function and argument are handed to another thread by the
// rte_eal_remote_launch contract; the application owns their thread-safety.
unsafe impl Send for Job {}

struct SlotState {
    state: rte_lcore_state_t,
    job: Option<Job>,
    ret: i32,
    quit: bool,
}

struct Slot {
    m: Mutex<SlotState>,
    cv: Condvar,
}

struct Worker {
    slot: Arc<Slot>,
    thread: Option<JoinHandle<()>>,
}

static WORKERS: Mutex<Vec<Option<Worker>>> = Mutex::new(Vec::new());

/// State of the main lcore when it runs a function through
/// `rte_eal_mp_remote_launch(CALL_MAIN)`.
static MAIN_STATE: Mutex<(rte_lcore_state_t, i32)> = Mutex::new((rte_lcore_state_t::WAIT, 0));

fn slot(id: u32) -> Option<Arc<Slot>> {
    let w = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
    w.get(id as usize).and_then(|w| w.as_ref()).map(|w| w.slot.clone())
}

fn lock(slot: &Slot) -> std::sync::MutexGuard<'_, SlotState> {
    slot.m.lock().unwrap_or_else(|e| e.into_inner())
}

fn worker_loop(id: u32, slot: Arc<Slot>) {
    tls::set_lcore_id(id);
    let _ = tls::thread_id();
    let lc = lcore::get(id);
    if let Err(e) = cpu::set_thread_affinity(&lc.cpuset) {
        rte_log!(ERR, EAL, "EAL: cannot pin lcore {id} to cpus {}: {e}\n", lc.cpuset.to_list_string());
    }
    rte_log!(
        DEBUG,
        EAL,
        "EAL: lcore {id} is ready (tid={}, cpuset=[{}])\n",
        tls::thread_id(),
        lc.cpuset.to_list_string()
    );
    loop {
        let job = {
            let mut s = lock(&slot);
            loop {
                if let Some(job) = s.job.take() {
                    break job;
                }
                if s.quit {
                    return;
                }
                s = slot.cv.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        };
        // SAFETY: an lcore function called with its argument, as launched.
        let ret = unsafe { (job.f)(job.arg) };
        let mut s = lock(&slot);
        s.ret = ret;
        s.state = rte_lcore_state_t::WAIT;
        slot.cv.notify_all();
    }
}

fn stack_size(huge_worker_stack_kb: Option<u64>) -> usize {
    if let Some(kb) = huge_worker_stack_kb.filter(|&k| k > 0) {
        return (kb as usize) << 10;
    }
    let mut rl = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit writes the rlimit struct passed.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut rl) } == 0;
    if ok && rl.rlim_cur != libc::RLIM_INFINITY && rl.rlim_cur >= (1 << 20) {
        rl.rlim_cur as usize
    } else {
        8 << 20
    }
}

/// Starts one thread per worker lcore (every ROLE_RTE lcore but the main one).
pub fn start_workers(huge_worker_stack_kb: Option<u64>) -> Result<(), Error> {
    let main = lcore::main_lcore();
    let mut workers = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
    workers.clear();
    workers.resize_with(RTE_MAX_LCORE as usize, || None);
    for id in 0..RTE_MAX_LCORE {
        if id == main || !lcore::is_enabled(id) {
            continue;
        }
        let slot = Arc::new(Slot {
            m: Mutex::new(SlotState { state: rte_lcore_state_t::WAIT, job: None, ret: 0, quit: false }),
            cv: Condvar::new(),
        });
        let s2 = slot.clone();
        let thread = std::thread::Builder::new()
            .name(format!("rte-worker-{id}"))
            .stack_size(stack_size(huge_worker_stack_kb))
            .spawn(move || worker_loop(id, s2))
            .map_err(|e| Error::Os {
                what: format!("cannot start thread of lcore {id}"),
                errno: e.raw_os_error().unwrap_or(libc::EAGAIN),
            })?;
        workers[id as usize] = Some(Worker { slot, thread: Some(thread) });
    }
    Ok(())
}

/// Hands `f(arg)` to worker `id`. Fails with `Busy` if it is running.
pub fn remote_launch(f: LcoreFn, arg: *mut c_void, id: u32) -> Result<(), Error> {
    let slot = slot(id).ok_or_else(|| Error::InvalidArgument(format!("lcore {id} is not a worker lcore")))?;
    let mut s = lock(&slot);
    if s.state != rte_lcore_state_t::WAIT || s.quit {
        return Err(Error::Busy);
    }
    s.state = rte_lcore_state_t::RUNNING;
    s.job = Some(Job { f, arg });
    slot.cv.notify_all();
    Ok(())
}

/// Waits until worker `id` is back in WAIT; returns its last return value
/// (0 if never launched or not a worker).
pub fn wait(id: u32) -> i32 {
    if id == lcore::main_lcore() {
        return MAIN_STATE.lock().unwrap_or_else(|e| e.into_inner()).1;
    }
    let Some(slot) = slot(id) else { return 0 };
    let mut s = lock(&slot);
    while s.state == rte_lcore_state_t::RUNNING {
        s = slot.cv.wait(s).unwrap_or_else(|e| e.into_inner());
    }
    s.ret
}

/// State of lcore `id`.
pub fn state(id: u32) -> rte_lcore_state_t {
    if id == lcore::main_lcore() {
        return MAIN_STATE.lock().unwrap_or_else(|e| e.into_inner()).0;
    }
    slot(id).map_or(rte_lcore_state_t::WAIT, |s| lock(&s).state)
}

/// Worker lcore ids, ascending.
pub fn worker_ids() -> Vec<u32> {
    let w = WORKERS.lock().unwrap_or_else(|e| e.into_inner());
    w.iter().enumerate().filter(|(_, w)| w.is_some()).map(|(i, _)| i as u32).collect()
}

/// Launches on every worker (all must be idle), and on the main lcore too
/// when `call_main`.
///
/// # Safety
/// `f` must be safe to call with `arg` on every lcore thread.
pub unsafe fn mp_remote_launch(f: LcoreFn, arg: *mut c_void, call_main: bool) -> Result<(), Error> {
    let ids = worker_ids();
    if ids.iter().any(|&id| state(id) != rte_lcore_state_t::WAIT) {
        return Err(Error::Busy);
    }
    for &id in &ids {
        remote_launch(f, arg, id)?;
    }
    if call_main {
        MAIN_STATE.lock().unwrap_or_else(|e| e.into_inner()).0 = rte_lcore_state_t::RUNNING;
        // SAFETY: an lcore function called with its argument on this thread.
        let ret = unsafe { f(arg) };
        *MAIN_STATE.lock().unwrap_or_else(|e| e.into_inner()) = (rte_lcore_state_t::WAIT, ret);
    }
    Ok(())
}

/// Stops and joins every idle worker. A worker still running a function
/// cannot be joined; it is left detached and named in a log line.
pub fn stop_workers() {
    let workers = std::mem::take(&mut *WORKERS.lock().unwrap_or_else(|e| e.into_inner()));
    for (id, w) in workers.into_iter().enumerate() {
        let Some(mut w) = w else { continue };
        let running = {
            let mut s = lock(&w.slot);
            s.quit = true;
            w.slot.cv.notify_all();
            s.state == rte_lcore_state_t::RUNNING
        };
        if running {
            rte_log!(WARNING, EAL, "EAL: lcore {id} is still running at cleanup; its thread is not joined\n");
            continue;
        }
        if let Some(t) = w.thread.take() {
            let _ = t.join();
        }
    }
    *MAIN_STATE.lock().unwrap_or_else(|e| e.into_inner()) = (rte_lcore_state_t::WAIT, 0);
}
