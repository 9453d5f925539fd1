//! Interrupts: the opaque `rte_intr_handle`, the interrupt thread
//! ("eal-intr-thread", 22.11's eal_intr_thread_main) and the epoll
//! wrappers with their per-thread epoll instance.
//!
//! The thread waits with epoll on every fd that has callbacks plus a wake-up
//! eventfd; registering or unregistering writes the eventfd and the thread
//! rebuilds its wait set. A source whose callbacks are running is marked
//! active: unregistering from it answers -EAGAIN (the `_pending` form
//! queues the removal for after the callbacks), so callbacks never run
//! while their list is being changed.
//!
//! `rte_epoll_event.status` is read and written by the application's
//! threads and by `rte_epoll_wait` concurrently, so it is only touched
//! through atomics (as 22.11 does with __atomic builtins).

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use rte_abi::intr::*;

use crate::{rte_log, Error};

/// Interrupt vectors besides the Rx/Tx queues (22.11's NB_OTHER_INTR).
pub const NB_OTHER_INTR: u32 = 1;

/// The opaque interrupt handle (its layout is ours: 22.11 hides it).
#[repr(C)]
pub struct IntrHandle {
    /// Device fd (VFIO, UIO config).
    pub dev_fd: c_int,
    /// The interrupt fd.
    pub fd: c_int,
    /// Windows handle (stored only).
    pub windows_handle: *mut c_void,
    /// `RTE_INTR_INSTANCE_F_*`.
    pub alloc_flags: u32,
    /// `enum rte_intr_handle_type`.
    pub type_: rte_intr_handle_type,
    /// Most interrupt vectors.
    pub max_intr: u32,
    /// Event fds in use.
    pub nb_efd: u32,
    /// Bytes a vdev's event counter holds.
    pub efd_counter_size: u8,
    /// Capacity of `efds` and `elist`.
    pub nb_intr: u32,
    /// Event fds.
    pub efds: *mut c_int,
    /// Their epoll events.
    pub elist: *mut rte_epoll_event,
    /// Queue-to-vector map.
    pub intr_vec: *mut c_int,
    /// Its length.
    pub vec_list_size: u32,
}

/// Allocates a zeroed handle (fds 0, as 22.11) with 512 event slots.
pub fn alloc(flags: u32) -> Result<*mut IntrHandle, Error> {
    if flags & !RTE_INTR_INSTANCE_F_SHARED != 0 {
        return Err(Error::InvalidArgument(format!("interrupt instance flags {flags:#x}")));
    }
    let n = RTE_MAX_RXTX_INTR_VEC_ID as usize;
    // SAFETY: plain allocations, checked below.
    let (h, efds, elist) = unsafe {
        (
            libc::calloc(1, std::mem::size_of::<IntrHandle>()) as *mut IntrHandle,
            libc::calloc(n, std::mem::size_of::<c_int>()) as *mut c_int,
            libc::calloc(n, std::mem::size_of::<rte_epoll_event>()) as *mut rte_epoll_event,
        )
    };
    if h.is_null() || efds.is_null() || elist.is_null() {
        // SAFETY: free accepts NULL and our allocations.
        unsafe {
            libc::free(h.cast());
            libc::free(efds.cast());
            libc::free(elist.cast());
        }
        return Err(Error::NoSpace("interrupt instance".into()));
    }
    // SAFETY: h is zeroed and ours.
    unsafe {
        (*h).alloc_flags = flags;
        (*h).nb_intr = n as u32;
        (*h).efds = efds;
        (*h).elist = elist;
    }
    Ok(h)
}

/// Frees a handle and its arrays.
///
/// # Safety
/// `h` NULL or from [`alloc`], not used afterwards.
pub unsafe fn free(h: *mut IntrHandle) {
    if h.is_null() {
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        libc::free((*h).efds.cast());
        libc::free((*h).elist.cast());
        libc::free((*h).intr_vec.cast());
        libc::free(h.cast());
    }
}

/// Copies a handle (fds, type, counts, event fds and events).
///
/// # Safety
/// `src` a live handle.
pub unsafe fn dup(src: *const IntrHandle) -> Result<*mut IntrHandle, Error> {
    // SAFETY: per the contract.
    let s = unsafe { &*src };
    let h = alloc(s.alloc_flags)?;
    // SAFETY: h is fresh with 512 slots; s's arrays hold nb_intr entries.
    unsafe {
        if s.nb_intr as usize > RTE_MAX_RXTX_INTR_VEC_ID as usize {
            event_list_update(h, s.nb_intr)?;
        }
        (*h).fd = s.fd;
        (*h).dev_fd = s.dev_fd;
        (*h).type_ = s.type_;
        (*h).max_intr = s.max_intr;
        (*h).nb_efd = s.nb_efd;
        (*h).efd_counter_size = s.efd_counter_size;
        (*h).windows_handle = s.windows_handle;
        ptr::copy_nonoverlapping(s.efds, (*h).efds, s.nb_intr as usize);
        ptr::copy_nonoverlapping(s.elist, (*h).elist, s.nb_intr as usize);
    }
    Ok(h)
}

/// Resizes the event fd and event arrays to `size` entries.
///
/// # Safety
/// `h` a live handle.
pub unsafe fn event_list_update(h: *mut IntrHandle, size: u32) -> Result<(), Error> {
    if size == 0 {
        return Err(Error::InvalidArgument("event list size 0".into()));
    }
    // SAFETY: per the contract; realloc of our own arrays, checked.
    unsafe {
        let efds = libc::realloc((*h).efds.cast(), size as usize * std::mem::size_of::<c_int>()) as *mut c_int;
        if efds.is_null() {
            return Err(Error::NoSpace("event fd list".into()));
        }
        (*h).efds = efds;
        let elist = libc::realloc((*h).elist.cast(), size as usize * std::mem::size_of::<rte_epoll_event>())
            as *mut rte_epoll_event;
        if elist.is_null() {
            return Err(Error::NoSpace("event list".into()));
        }
        (*h).elist = elist;
        let old = (*h).nb_intr;
        if size > old {
            ptr::write_bytes(efds.add(old as usize), 0, (size - old) as usize);
            ptr::write_bytes(elist.add(old as usize), 0, (size - old) as usize);
        }
        (*h).nb_intr = size;
    }
    Ok(())
}

// ---- the interrupt thread ----

struct Cb {
    f: usize,
    arg: usize,
    pending_delete: bool,
    ucb: usize,
}

struct Source {
    fd: c_int,
    /// A private copy of the registering handle (what the unregister
    /// callback of `_pending` gets).
    handle: *mut IntrHandle,
    callbacks: Vec<Cb>,
    active: bool,
}

// SAFETY: the handle copy is owned by the source and used under SOURCES' lock
// or by the interrupt thread while the source is active.
unsafe impl Send for Source {}

static SOURCES: Mutex<Vec<Source>> = Mutex::new(Vec::new());
/// The wake-up eventfd (-1 before init).
static WAKE_FD: AtomicU32 = AtomicU32::new(u32::MAX);
/// pthread_t of the interrupt thread (0 before init).
static THREAD: AtomicU64 = AtomicU64::new(0);

fn sources() -> MutexGuard<'static, Vec<Source>> {
    SOURCES.lock().unwrap_or_else(|e| e.into_inner())
}

fn wake() {
    let fd = WAKE_FD.load(Ordering::Acquire);
    if fd != u32::MAX {
        let one: u64 = 1;
        // SAFETY: writes 8 bytes to our eventfd.
        unsafe { libc::write(fd as c_int, (&one as *const u64).cast(), 8) };
    }
}

/// Starts the interrupt thread (idempotent).
pub fn init() -> Result<(), Error> {
    if THREAD.load(Ordering::Acquire) != 0 {
        return Ok(());
    }
    // SAFETY: plain syscall.
    let efd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
    if efd < 0 {
        return Err(Error::last_os("cannot create the interrupt thread's eventfd"));
    }
    WAKE_FD.store(efd as u32, Ordering::Release);
    let t = std::thread::Builder::new()
        .name("eal-intr-thread".into())
        .spawn(thread_main)
        .map_err(|e| Error::Os { what: format!("cannot create the interrupt thread: {e}"), errno: libc::EAGAIN })?;
    use std::os::unix::thread::JoinHandleExt;
    THREAD.store(t.as_pthread_t(), Ordering::Release);
    // Detached: it lives as long as the process.
    drop(t);
    Ok(())
}

/// Whether the caller is the interrupt thread.
pub fn is_intr_thread() -> bool {
    let t = THREAD.load(Ordering::Acquire);
    // SAFETY: pthread_self has no preconditions.
    t != 0 && t == unsafe { libc::pthread_self() } as u64
}

fn thread_main() {
    // A control thread: it runs on the CPUs no lcore uses, as 22.11's
    // rte_ctrl_thread_create places it.
    if let Some(cpus) = crate::lcore::with(|c| c.ctrl_cpuset) {
        if let Err(e) = crate::cpu::set_thread_affinity(&cpus) {
            rte_log!(DEBUG, EAL, "EAL: interrupt thread: cannot set its affinity: {e}\n");
        }
    }
    loop {
        // SAFETY: plain syscall.
        let ep = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
        if ep < 0 {
            rte_log!(ERR, EAL, "EAL: interrupt thread: cannot create epoll instance\n");
            return;
        }
        let wfd = WAKE_FD.load(Ordering::Acquire) as c_int;
        let mut ev = libc::epoll_event { events: libc::EPOLLIN as u32, u64: wfd as u64 };
        // SAFETY: valid epoll fd and event.
        unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, wfd, &mut ev) };
        let fds: Vec<c_int> = sources().iter().filter(|s| !s.callbacks.is_empty()).map(|s| s.fd).collect();
        for &fd in &fds {
            let mut ev = libc::epoll_event {
                events: (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLRDHUP | libc::EPOLLHUP) as u32,
                u64: fd as u64,
            };
            // SAFETY: as above; a failure (closed fd) just leaves it out.
            if unsafe { libc::epoll_ctl(ep, libc::EPOLL_CTL_ADD, fd, &mut ev) } < 0 {
                rte_log!(ERR, EAL, "EAL: Error adding fd {fd} epoll_ctl, {}\n", std::io::Error::last_os_error());
            }
        }
        wait_loop(ep, wfd);
        // SAFETY: our epoll fd.
        unsafe { libc::close(ep) };
    }
}

/// Waits and dispatches until the wake-up fd fires (then the wait set is rebuilt).
fn wait_loop(ep: c_int, wfd: c_int) {
    let mut evs = [libc::epoll_event { events: 0, u64: 0 }; 16];
    loop {
        // SAFETY: evs holds 16 entries.
        let n = unsafe { libc::epoll_wait(ep, evs.as_mut_ptr(), evs.len() as c_int, -1) };
        if n < 0 {
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                continue;
            }
            rte_log!(ERR, EAL, "EAL: epoll_wait returns with fail\n");
            return;
        }
        let mut rebuild = false;
        for e in &evs[..n as usize] {
            let fd = e.u64 as c_int;
            if fd == wfd {
                let mut v = 0u64;
                // SAFETY: reads 8 bytes from our eventfd.
                unsafe { libc::read(wfd, (&mut v as *mut u64).cast(), 8) };
                rebuild = true;
            } else if !dispatch(fd, e.events) {
                rebuild = true;
            }
        }
        if rebuild {
            return;
        }
    }
}

/// Runs the callbacks of the source on `fd`. False when the source went
/// away (the wait set must be rebuilt).
fn dispatch(fd: c_int, events: u32) -> bool {
    let ty = {
        let mut l = sources();
        let Some(s) = l.iter_mut().find(|s| s.fd == fd) else { return false };
        s.active = true;
        // SAFETY: the source's own handle copy.
        unsafe { (*s.handle).type_ }
    };
    let bytes = match ty {
        RTE_INTR_HANDLE_UIO | RTE_INTR_HANDLE_UIO_INTX => 4,
        RTE_INTR_HANDLE_ALARM | RTE_INTR_HANDLE_VFIO_LEGACY | RTE_INTR_HANDLE_VFIO_MSI | RTE_INTR_HANDLE_VFIO_MSIX => 8,
        RTE_INTR_HANDLE_VFIO_REQ => 8,
        _ => 0,
    };
    let mut call = true;
    let mut dead = false;
    if bytes > 0 {
        let mut buf = [0u8; 8];
        // SAFETY: reads at most 8 bytes into buf.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), bytes) };
        if r < 0 {
            let e = std::io::Error::last_os_error();
            call = false;
            if !matches!(e.raw_os_error(), Some(libc::EINTR) | Some(libc::EAGAIN)) {
                rte_log!(ERR, EAL, "EAL: Error reading from file descriptor {fd}: {e}\n");
                dead = true;
            }
        } else if r == 0 {
            rte_log!(ERR, EAL, "EAL: Read nothing from file descriptor {fd}\n");
            call = false;
            dead = true;
        }
    } else if events & (libc::EPOLLHUP | libc::EPOLLRDHUP) as u32 != 0 && events & libc::EPOLLIN as u32 == 0 {
        // The peer is gone; a callback could not clear this.
        dead = true;
    }
    if call {
        let cbs: Vec<(usize, usize)> = sources()
            .iter()
            .find(|s| s.fd == fd)
            .map(|s| s.callbacks.iter().filter(|c| !c.pending_delete).map(|c| (c.f, c.arg)).collect())
            .unwrap_or_default();
        for (f, arg) in cbs {
            // SAFETY: registered as an rte_intr_callback_fn.
            let f: unsafe extern "C" fn(*mut c_void) = unsafe { std::mem::transmute(f) };
            // SAFETY: the application's callback with its argument.
            unsafe { f(arg as *mut c_void) };
        }
    }
    // Finish: pending removals (with their unregister callbacks), then drop
    // an empty or dead source.
    let mut l = sources();
    let Some(i) = l.iter().position(|s| s.fd == fd) else { return false };
    l[i].active = false;
    let handle = l[i].handle;
    let removed: Vec<Cb> = {
        let s = &mut l[i];
        let (gone, keep): (Vec<Cb>, Vec<Cb>) =
            std::mem::take(&mut s.callbacks).into_iter().partition(|c| c.pending_delete);
        s.callbacks = keep;
        gone
    };
    let drop_source = dead || l[i].callbacks.is_empty();
    let src = drop_source.then(|| l.remove(i));
    drop(l);
    for c in &removed {
        if c.ucb != 0 {
            // SAFETY: registered as an rte_intr_unregister_callback_fn.
            let u: unsafe extern "C" fn(*mut IntrHandle, *mut c_void) = unsafe { std::mem::transmute(c.ucb) };
            // SAFETY: the application's callback with the source's handle.
            unsafe { u(handle, c.arg as *mut c_void) };
        }
    }
    if let Some(s) = src {
        if dead {
            rte_log!(ERR, EAL, "EAL: interrupt source on fd {fd} removed: the fd is broken\n");
        }
        // SAFETY: the unlisted source's own copy.
        unsafe { free(s.handle) };
        return false;
    }
    true
}

/// Adds `f(arg)` to the callbacks of the source on `h`'s fd.
///
/// # Safety
/// `h` a live handle.
pub unsafe fn callback_register(h: *const IntrHandle, f: usize, arg: usize) -> Result<(), Error> {
    // SAFETY: per the contract.
    let fd = unsafe { (*h).fd };
    if fd < 0 || f == 0 {
        return Err(Error::InvalidArgument(format!("interrupt fd {fd} or NULL callback")));
    }
    let mut l = sources();
    let cb = Cb { f, arg, pending_delete: false, ucb: 0 };
    let w;
    if let Some(s) = l.iter_mut().find(|s| s.fd == fd) {
        w = s.callbacks.is_empty();
        s.callbacks.push(cb);
    } else {
        // SAFETY: per the contract.
        let copy = unsafe { dup(h) }?;
        l.push(Source { fd, handle: copy, callbacks: vec![cb], active: false });
        w = true;
    }
    drop(l);
    if w {
        wake();
    }
    Ok(())
}

/// Why an unregister failed.
pub enum UnregError {
    /// Bad handle (`-EINVAL`).
    Invalid,
    /// No source on that fd (`-ENOENT`).
    NoSource,
    /// Its callbacks are running (`-EAGAIN`).
    Busy,
}

/// Removes the callbacks `f` with `arg` (any argument when `any`) from the
/// source on `h`'s fd. Returns how many were removed.
///
/// # Safety
/// `h` a live handle.
pub unsafe fn callback_unregister(h: *const IntrHandle, f: usize, arg: usize, any: bool) -> Result<usize, UnregError> {
    // SAFETY: per the contract.
    let fd = unsafe { (*h).fd };
    if fd < 0 {
        return Err(UnregError::Invalid);
    }
    let mut l = sources();
    let Some(i) = l.iter().position(|s| s.fd == fd) else { return Err(UnregError::NoSource) };
    if l[i].active {
        return Err(UnregError::Busy);
    }
    let before = l[i].callbacks.len();
    l[i].callbacks.retain(|c| !(c.f == f && (any || c.arg == arg)));
    let n = before - l[i].callbacks.len();
    if l[i].callbacks.is_empty() {
        let s = l.remove(i);
        // SAFETY: the unlisted source's own copy.
        unsafe { free(s.handle) };
    }
    drop(l);
    wake();
    Ok(n)
}

/// Marks the matching callbacks for removal after the running ones
/// return, calling `ucb(handle, arg)` for each then. Only while the source
/// is active (from inside a callback).
///
/// # Safety
/// `h` a live handle.
pub unsafe fn callback_unregister_pending(
    h: *const IntrHandle,
    f: usize,
    arg: usize,
    any: bool,
    ucb: usize,
) -> Result<usize, UnregError> {
    // SAFETY: per the contract.
    let fd = unsafe { (*h).fd };
    if fd < 0 {
        return Err(UnregError::Invalid);
    }
    let mut l = sources();
    let Some(s) = l.iter_mut().find(|s| s.fd == fd) else { return Err(UnregError::NoSource) };
    if !s.active {
        return Err(UnregError::Busy);
    }
    let mut n = 0;
    for c in s.callbacks.iter_mut().filter(|c| c.f == f && (any || c.arg == arg)) {
        c.pending_delete = true;
        c.ucb = ucb;
        n += 1;
    }
    Ok(n)
}

// ---- epoll wrappers ----

thread_local! {
    static TLS_EPFD: Cell<c_int> = const { Cell::new(-1) };
}

/// This thread's own epoll instance (created on first use; -1 on failure).
pub fn tls_epfd() -> c_int {
    TLS_EPFD.with(|c| {
        if c.get() < 0 {
            // SAFETY: plain syscall.
            c.set(unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) });
        }
        c.get()
    })
}

fn status(ev: *mut rte_epoll_event) -> &'static AtomicU32 {
    // SAFETY: the status field of a live event, u32-aligned; C code reads and
    // writes it only with atomic builtins.
    unsafe { AtomicU32::from_ptr(ptr::addr_of_mut!((*ev).status)) }
}

/// `rte_epoll_ctl`.
///
/// # Safety
/// `ev` a live event that stays put while registered.
pub unsafe fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, ev: *mut rte_epoll_event) -> Result<(), Error> {
    let epfd = if epfd == RTE_EPOLL_PER_THREAD { tls_epfd() } else { epfd };
    if op == libc::EPOLL_CTL_ADD {
        // ORDERING: relaxed as in 22.11: the event is not yet visible to any waiter.
        status(ev).store(RTE_EPOLL_VALID, Ordering::Relaxed);
        // SAFETY: per the contract.
        unsafe {
            (*ev).fd = fd;
            (*ev).epfd = epfd;
        }
    }
    // SAFETY: per the contract.
    let mut e = libc::epoll_event { events: unsafe { (*ev).epdata.event }, u64: ev as u64 };
    // SAFETY: plain syscall with a valid event.
    if unsafe { libc::epoll_ctl(epfd, op, fd, &mut e) } < 0 {
        let err = Error::last_os(format!("epoll_ctl(epfd {epfd}, op {op}, fd {fd})"));
        if op == libc::EPOLL_CTL_ADD {
            status(ev).store(RTE_EPOLL_INVALID, Ordering::Relaxed);
        }
        return Err(err);
    }
    if op == libc::EPOLL_CTL_DEL && status(ev).load(Ordering::Relaxed) != RTE_EPOLL_INVALID {
        // SAFETY: per the contract.
        unsafe { safe_free(ev) };
    }
    Ok(())
}

/// Invalidates `ev` once no waiter runs its callback (also used when
/// removing it from its epoll instance failed: its fd may be closed).
///
/// # Safety
/// `ev` a live event.
pub unsafe fn safe_free(ev: *mut rte_epoll_event) {
    let st = status(ev);
    // ORDERING: the CAS acquires the waiter's RELEASE store of VALID after its
    // callback, so the callback is finished before the data is cleared.
    while st.compare_exchange(RTE_EPOLL_VALID, RTE_EPOLL_INVALID, Ordering::Acquire, Ordering::Relaxed).is_err() {
        if st.load(Ordering::Relaxed) == RTE_EPOLL_INVALID {
            break;
        }
        std::hint::spin_loop();
    }
    // SAFETY: per the contract; no waiter uses it any more.
    unsafe {
        ptr::write_bytes(ptr::addr_of_mut!((*ev).epdata), 0, 1);
        (*ev).fd = -1;
        (*ev).epfd = -1;
    }
}

/// `rte_epoll_wait[_interruptible]`: fills `out` with up to `max` events
/// and runs their callbacks. Returns the count, 0 on timeout, -1 on error
/// (or on EINTR when interruptible).
///
/// # Safety
/// `out` holds `max` events.
pub unsafe fn epoll_wait(
    epfd: c_int,
    out: *mut rte_epoll_event,
    max: c_int,
    timeout: c_int,
    interruptible: bool,
) -> c_int {
    let epfd = if epfd == RTE_EPOLL_PER_THREAD { tls_epfd() } else { epfd };
    if max <= 0 {
        return -1;
    }
    // Small waits (the common case: a few queues) use the stack.
    let mut small = [libc::epoll_event { events: 0, u64: 0 }; 32];
    let mut big = Vec::new();
    let evs: &mut [libc::epoll_event] = if max as usize <= small.len() {
        &mut small[..max as usize]
    } else {
        big.resize(max as usize, libc::epoll_event { events: 0, u64: 0 });
        &mut big
    };
    loop {
        // SAFETY: evs holds max entries.
        let n = unsafe { libc::epoll_wait(epfd, evs.as_mut_ptr(), max, timeout) };
        if n > 0 {
            let mut count = 0usize;
            for e in &evs[..n as usize] {
                let rev = e.u64 as *mut rte_epoll_event;
                // ORDERING: ACQUIRE pairs with the RELEASE below (and with
                // safe_free's CAS): the event's data is stable while EXEC.
                if rev.is_null()
                    || status(rev)
                        .compare_exchange(RTE_EPOLL_VALID, RTE_EPOLL_EXEC, Ordering::Acquire, Ordering::Relaxed)
                        .is_err()
                {
                    continue;
                }
                // SAFETY: rev is a registered event (EXEC keeps it alive);
                // out has room for max >= n entries.
                unsafe {
                    let o = out.add(count);
                    (*o).status = RTE_EPOLL_VALID;
                    (*o).fd = (*rev).fd;
                    (*o).epfd = (*rev).epfd;
                    (*o).epdata.event = e.events;
                    (*o).epdata.data = (*rev).epdata.data;
                    if let Some(cb) = (*rev).epdata.cb_fun {
                        cb((*rev).fd, (*rev).epdata.cb_arg);
                    }
                }
                // ORDERING: RELEASE publishes the callback's effects to safe_free.
                status(rev).store(RTE_EPOLL_VALID, Ordering::Release);
                count += 1;
            }
            return count as c_int;
        } else if n < 0 {
            if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                if interruptible {
                    return -1;
                }
                continue;
            }
            rte_log!(ERR, EAL, "EAL: epoll_wait returns with fail\n");
            return -1;
        }
        return 0;
    }
}

/// The callback 22.11 attaches to Rx/Tx event fds: drains the counter.
///
/// # Safety
/// `arg` the live handle the event belongs to.
pub unsafe extern "C" fn rxtx_intr_cb(fd: c_int, arg: *mut c_void) {
    let h = arg as *const IntrHandle;
    // SAFETY: per the contract.
    let bytes = unsafe {
        match (*h).type_ {
            RTE_INTR_HANDLE_UIO | RTE_INTR_HANDLE_UIO_INTX => 4,
            RTE_INTR_HANDLE_VDEV => (*h).efd_counter_size as usize,
            RTE_INTR_HANDLE_EXT => return,
            _ => 8,
        }
    };
    if bytes == 0 || bytes > 8 {
        return;
    }
    let mut buf = [0u8; 8];
    loop {
        // SAFETY: reads at most 8 bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), bytes) };
        if r >= 0 {
            return;
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => return,
            _ => {
                rte_log!(ERR, EAL, "EAL: Error reading from fd {fd}: {}\n", std::io::Error::last_os_error());
                return;
            }
        }
    }
}
