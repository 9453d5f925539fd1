//! `rte_interrupts.h`: interrupt callbacks run by the interrupt thread,
//! enable/disable/ack, event fds for Rx/Tx interrupts, and the accessors of
//! the opaque `struct rte_intr_handle`.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;

use rte_abi::intr::*;
use rte_eal::intr::{self, IntrHandle, UnregError, NB_OTHER_INTR};
use rte_eal::{rte_log, tls, Error};

use crate::boundary::fail;

/// `struct rte_intr_handle` (opaque to C).
pub type rte_intr_handle = IntrHandle;
/// `rte_intr_unregister_callback_fn`.
pub type rte_intr_unregister_callback_fn = Option<unsafe extern "C" fn(h: *mut rte_intr_handle, cb_arg: *mut c_void)>;

/// The handle behind `h`, or `rte_errno` EINVAL (22.11 logs this at debug level).
fn handle<'a>(h: *const rte_intr_handle) -> Option<&'a mut IntrHandle> {
    if h.is_null() {
        rte_log!(DEBUG, EAL, "EAL: Interrupt instance unallocated\n");
        tls::set_errno(libc::EINVAL);
        return None;
    }
    // SAFETY: a handle from rte_intr_instance_alloc (the documented contract);
    // handles are not shared between threads without the caller's own sync.
    Some(unsafe { &mut *(h as *mut IntrHandle) })
}

fn range_err(what: &str, v: i64, max: u32) -> c_int {
    rte_log!(DEBUG, EAL, "EAL: invalid {what} {v} (limit {max})\n");
    tls::set_errno(libc::ERANGE);
    -libc::ERANGE
}

/// Allocates an interrupt handle (`flags`: RTE_INTR_INSTANCE_F_PRIVATE or
/// _SHARED, both from the process heap here). NULL with `rte_errno` EINVAL
/// (bad flags) or ENOMEM.
#[no_mangle]
pub extern "C" fn rte_intr_instance_alloc(flags: u32) -> *mut rte_intr_handle {
    entry!("rte_intr_instance_alloc", ptr::null_mut(), {
        match intr::alloc(flags) {
            Ok(h) => h,
            Err(e) => fail("rte_intr_instance_alloc", &e, ptr::null_mut()),
        }
    })
}

/// Frees a handle (NULL is ignored).
///
/// # Safety
/// `intr_handle` NULL or from rte_intr_instance_alloc, not registered.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_instance_free(intr_handle: *mut rte_intr_handle) {
    // SAFETY: per the contract.
    entry!("rte_intr_instance_free", (), { unsafe { intr::free(intr_handle) } })
}

/// A copy of `src` (fds, type, counts, event fds); NULL with `rte_errno`.
///
/// # Safety
/// `src` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_instance_dup(src: *const rte_intr_handle) -> *mut rte_intr_handle {
    entry!("rte_intr_instance_dup", ptr::null_mut(), {
        if handle(src).is_none() {
            return ptr::null_mut();
        }
        // SAFETY: checked live.
        match unsafe { intr::dup(src) } {
            Ok(h) => h,
            Err(e) => fail("rte_intr_instance_dup", &e, ptr::null_mut()),
        }
    })
}

macro_rules! set_field {
    ($name:literal, $h:expr, $field:ident = $v:expr) => {
        entry!($name, -libc::EFAULT, {
            match handle($h) {
                Some(h) => {
                    h.$field = $v;
                    0
                }
                None => -libc::EINVAL,
            }
        })
    };
}

/// Sets the interrupt fd. 0, or -EINVAL for a NULL handle.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_fd_set(intr_handle: *mut rte_intr_handle, fd: c_int) -> c_int {
    set_field!("rte_intr_fd_set", intr_handle, fd = fd)
}

/// The interrupt fd, or -1 for a NULL handle.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_fd_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_fd_get", -1, { handle(intr_handle).map_or(-1, |h| h.fd) })
}

/// Sets the handle type. 0, or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_type_set(intr_handle: *mut rte_intr_handle, type_: rte_intr_handle_type) -> c_int {
    set_field!("rte_intr_type_set", intr_handle, type_ = type_)
}

/// The handle type (RTE_INTR_HANDLE_UNKNOWN for a NULL handle).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_type_get(intr_handle: *const rte_intr_handle) -> rte_intr_handle_type {
    entry!("rte_intr_type_get", RTE_INTR_HANDLE_UNKNOWN, {
        handle(intr_handle).map_or(RTE_INTR_HANDLE_UNKNOWN, |h| h.type_)
    })
}

/// Sets the device fd. 0, or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_dev_fd_set(intr_handle: *mut rte_intr_handle, fd: c_int) -> c_int {
    set_field!("rte_intr_dev_fd_set", intr_handle, dev_fd = fd)
}

/// The device fd, or -1.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_dev_fd_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_dev_fd_get", -1, { handle(intr_handle).map_or(-1, |h| h.dev_fd) })
}

/// Sets the most interrupt vectors: 0, -EINVAL, or -ERANGE above the
/// handle's event list size.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_max_intr_set(intr_handle: *mut rte_intr_handle, max_intr: c_int) -> c_int {
    entry!("rte_intr_max_intr_set", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if max_intr < 0 || max_intr as u32 > h.nb_intr {
            return range_err("max_intr", max_intr as i64, h.nb_intr);
        }
        h.max_intr = max_intr as u32;
        0
    })
}

/// The most interrupt vectors, or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_max_intr_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_max_intr_get", -libc::EFAULT, {
        handle(intr_handle).map_or(-libc::EINVAL, |h| h.max_intr as c_int)
    })
}

/// Sets the number of event fds in use. 0 or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_nb_efd_set(intr_handle: *mut rte_intr_handle, nb_efd: c_int) -> c_int {
    set_field!("rte_intr_nb_efd_set", intr_handle, nb_efd = nb_efd as u32)
}

/// The number of event fds in use, or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_nb_efd_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_nb_efd_get", -libc::EFAULT, { handle(intr_handle).map_or(-libc::EINVAL, |h| h.nb_efd as c_int) })
}

/// The size of the event lists (512 unless updated), or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_nb_intr_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_nb_intr_get", -libc::EFAULT, { handle(intr_handle).map_or(-libc::EINVAL, |h| h.nb_intr as c_int) })
}

/// Sets the byte size of a vdev's event counter. 0 or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efd_counter_size_set(
    intr_handle: *mut rte_intr_handle,
    efd_counter_size: u8,
) -> c_int {
    set_field!("rte_intr_efd_counter_size_set", intr_handle, efd_counter_size = efd_counter_size)
}

/// The event counter size, or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efd_counter_size_get(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_efd_counter_size_get", -libc::EFAULT, {
        handle(intr_handle).map_or(-libc::EINVAL, |h| h.efd_counter_size as c_int)
    })
}

/// Sets event fd `index`: 0, -EINVAL or -ERANGE.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efds_index_set(intr_handle: *mut rte_intr_handle, index: c_int, fd: c_int) -> c_int {
    entry!("rte_intr_efds_index_set", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if index < 0 || index as u32 >= h.nb_intr {
            return range_err("efds index", index as i64, h.nb_intr);
        }
        // SAFETY: index < nb_intr, the array's length.
        unsafe { *h.efds.add(index as usize) = fd };
        0
    })
}

/// Event fd `index`, or -EINVAL/-ERANGE.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efds_index_get(intr_handle: *const rte_intr_handle, index: c_int) -> c_int {
    entry!("rte_intr_efds_index_get", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if index < 0 || index as u32 >= h.nb_intr {
            return range_err("efds index", index as i64, h.nb_intr);
        }
        // SAFETY: in bounds.
        unsafe { *h.efds.add(index as usize) }
    })
}

/// Sets event `index`: 0, -EINVAL or -ERANGE.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_elist_index_set(
    intr_handle: *mut rte_intr_handle,
    index: c_int,
    elist: rte_epoll_event,
) -> c_int {
    entry!("rte_intr_elist_index_set", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if index < 0 || index as u32 >= h.nb_intr {
            return range_err("elist index", index as i64, h.nb_intr);
        }
        // SAFETY: in bounds.
        unsafe { *h.elist.add(index as usize) = elist };
        0
    })
}

/// Event `index`, or NULL (EINVAL/ERANGE in `rte_errno`).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_elist_index_get(
    intr_handle: *mut rte_intr_handle,
    index: c_int,
) -> *mut rte_epoll_event {
    entry!("rte_intr_elist_index_get", ptr::null_mut(), {
        let Some(h) = handle(intr_handle) else { return ptr::null_mut() };
        if index < 0 || index as u32 >= h.nb_intr {
            range_err("elist index", index as i64, h.nb_intr);
            return ptr::null_mut();
        }
        // SAFETY: in bounds.
        unsafe { h.elist.add(index as usize) }
    })
}

/// Allocates the queue-to-vector list of `size` entries (kept if already
/// allocated). 0, -EINVAL, -ERANGE (above the event list size) or -ENOMEM.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_vec_list_alloc(
    intr_handle: *mut rte_intr_handle,
    name: *const c_char,
    size: c_int,
) -> c_int {
    let _ = name;
    entry!("rte_intr_vec_list_alloc", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if !h.intr_vec.is_null() {
            return 0;
        }
        if size < 0 || size as u32 > h.nb_intr {
            return range_err("vector list size", size as i64, h.nb_intr);
        }
        // SAFETY: a plain allocation, checked.
        let v = unsafe { libc::calloc(size.max(1) as usize, std::mem::size_of::<c_int>()) } as *mut c_int;
        if v.is_null() {
            return fail("rte_intr_vec_list_alloc", &Error::NoSpace("vector list".into()), -libc::ENOMEM);
        }
        h.intr_vec = v;
        h.vec_list_size = size as u32;
        0
    })
}

/// Sets entry `index` of the vector list: 0, -EINVAL or -ERANGE.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_vec_list_index_set(
    intr_handle: *mut rte_intr_handle,
    index: c_int,
    vec: c_int,
) -> c_int {
    entry!("rte_intr_vec_list_index_set", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if h.intr_vec.is_null() || index < 0 || index as u32 >= h.vec_list_size {
            return range_err("vector list index", index as i64, h.vec_list_size);
        }
        // SAFETY: in bounds.
        unsafe { *h.intr_vec.add(index as usize) = vec };
        0
    })
}

/// Entry `index` of the vector list, or -EINVAL/-ERANGE.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_vec_list_index_get(intr_handle: *const rte_intr_handle, index: c_int) -> c_int {
    entry!("rte_intr_vec_list_index_get", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if h.intr_vec.is_null() || index < 0 || index as u32 >= h.vec_list_size {
            return range_err("vector list index", index as i64, h.vec_list_size);
        }
        // SAFETY: in bounds.
        unsafe { *h.intr_vec.add(index as usize) }
    })
}

/// Frees the vector list.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_vec_list_free(intr_handle: *mut rte_intr_handle) {
    entry!("rte_intr_vec_list_free", (), {
        if let Some(h) = handle(intr_handle) {
            // SAFETY: our allocation (or NULL).
            unsafe { libc::free(h.intr_vec.cast()) };
            h.intr_vec = ptr::null_mut();
            h.vec_list_size = 0;
        }
    })
}

/// Resizes the event fd and event lists to `size`. 0, -EINVAL or -ENOMEM.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_event_list_update(intr_handle: *mut rte_intr_handle, size: c_int) -> c_int {
    entry!("rte_intr_event_list_update", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        if size <= 0 {
            return fail("rte_intr_event_list_update", &Error::InvalidArgument(format!("size {size}")), -libc::EINVAL);
        }
        // SAFETY: a live handle.
        match unsafe { intr::event_list_update(h, size as u32) } {
            Ok(()) => 0,
            Err(e) => fail("rte_intr_event_list_update", &e, -e.errno()),
        }
    })
}

/// The Windows handle (stored only on Linux), or NULL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_instance_windows_handle_get(intr_handle: *mut rte_intr_handle) -> *mut c_void {
    entry!("rte_intr_instance_windows_handle_get", ptr::null_mut(), {
        handle(intr_handle).map_or(ptr::null_mut(), |h| h.windows_handle)
    })
}

/// Stores a Windows handle. 0 or -EINVAL.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_instance_windows_handle_set(
    intr_handle: *mut rte_intr_handle,
    windows_handle: *mut c_void,
) -> c_int {
    set_field!("rte_intr_instance_windows_handle_set", intr_handle, windows_handle = windows_handle)
}

// ---- callbacks ----

/// Registers `cb(cb_arg)` to run on the interrupt thread when the
/// handle's fd becomes readable. Returns 0, or -EINVAL (NULL handle,
/// negative fd, NULL callback) / -ENOMEM.
///
/// # Safety
/// `intr_handle` NULL or a live handle; `cb` callable with `cb_arg`.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_callback_register(
    intr_handle: *const rte_intr_handle,
    cb: rte_intr_callback_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_intr_callback_register", -libc::EFAULT, {
        if intr_handle.is_null() || cb.is_none() {
            return fail(
                "rte_intr_callback_register",
                &Error::InvalidArgument("NULL handle or callback".into()),
                -libc::EINVAL,
            );
        }
        // SAFETY: per the contract.
        match unsafe { intr::callback_register(intr_handle, cb.map_or(0, |f| f as usize), cb_arg as usize) } {
            Ok(()) => 0,
            Err(e) => fail("rte_intr_callback_register", &e, -e.errno()),
        }
    })
}

fn unreg_result(func: &str, r: Result<usize, UnregError>) -> c_int {
    match r {
        Ok(n) => n as c_int,
        Err(UnregError::Invalid) => fail(func, &Error::InvalidArgument("bad interrupt handle".into()), -libc::EINVAL),
        Err(UnregError::NoSource) => {
            tls::set_errno(libc::ENOENT);
            -libc::ENOENT
        }
        Err(UnregError::Busy) => {
            tls::set_errno(libc::EAGAIN);
            -libc::EAGAIN
        }
    }
}

/// Removes the callbacks `cb` with `cb_arg` ((void *)-1: any argument)
/// of the handle's fd. Returns how many were removed, -EINVAL, -ENOENT (no
/// callback on that fd) or -EAGAIN (its callbacks are running: from inside
/// a callback use rte_intr_callback_unregister_pending).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_callback_unregister(
    intr_handle: *const rte_intr_handle,
    cb: rte_intr_callback_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_intr_callback_unregister", -libc::EFAULT, {
        if intr_handle.is_null() {
            return unreg_result("rte_intr_callback_unregister", Err(UnregError::Invalid));
        }
        // SAFETY: per the contract.
        let r = unsafe {
            intr::callback_unregister(intr_handle, cb.map_or(0, |f| f as usize), cb_arg as usize, cb_arg as isize == -1)
        };
        unreg_result("rte_intr_callback_unregister", r)
    })
}

/// From inside a callback of the handle's fd: removes the matching
/// callbacks once the running ones return, calling `ucb_fn(handle,
/// cb_arg)` for each. Returns how many were marked, -EINVAL, -ENOENT, or
/// -EAGAIN when the source's callbacks are not running.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_callback_unregister_pending(
    intr_handle: *const rte_intr_handle,
    cb_fn: rte_intr_callback_fn,
    cb_arg: *mut c_void,
    ucb_fn: rte_intr_unregister_callback_fn,
) -> c_int {
    entry!("rte_intr_callback_unregister_pending", -libc::EFAULT, {
        if intr_handle.is_null() {
            return unreg_result("rte_intr_callback_unregister_pending", Err(UnregError::Invalid));
        }
        // SAFETY: per the contract.
        let r = unsafe {
            intr::callback_unregister_pending(
                intr_handle,
                cb_fn.map_or(0, |f| f as usize),
                cb_arg as usize,
                cb_arg as isize == -1,
                ucb_fn.map_or(0, |f| f as usize),
            )
        };
        unreg_result("rte_intr_callback_unregister_pending", r)
    })
}

/// As rte_intr_callback_unregister, retrying while the callbacks run
/// (never call it from one of them).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_callback_unregister_sync(
    intr_handle: *const rte_intr_handle,
    cb: rte_intr_callback_fn,
    cb_arg: *mut c_void,
) -> c_int {
    loop {
        // SAFETY: forwarded.
        let r = unsafe { rte_intr_callback_unregister(intr_handle, cb, cb_arg) };
        if r != -libc::EAGAIN {
            return r;
        }
        std::thread::yield_now();
    }
}

// ---- enable / disable / ack ----

/// 22.11's UIO INTx control: bit 10 (interrupt disable) of the PCI command
/// register, through the config-space fd.
fn uio_intx(dev_fd: c_int, enable: bool) -> c_int {
    let mut hi = 0u8;
    // SAFETY: 1-byte pread/pwrite at offset 5 (PCI_COMMAND + 1) of the fd.
    unsafe {
        if libc::pread(dev_fd, (&mut hi as *mut u8).cast(), 1, 5) != 1 {
            return -1;
        }
        hi = if enable { hi & !0x4 } else { hi | 0x4 };
        if libc::pwrite(dev_fd, (&hi as *const u8).cast(), 1, 5) != 1 {
            return -1;
        }
    }
    0
}

/// 22.11's UIO control: write 1 (enable) or 0 (disable) to the uio fd.
fn uio(fd: c_int, enable: bool) -> c_int {
    let v: i32 = enable as i32;
    // SAFETY: writes 4 bytes from v.
    if unsafe { libc::write(fd, (&v as *const i32).cast(), 4) } < 0 {
        -1
    } else {
        0
    }
}

fn control(func: &str, h: *const rte_intr_handle, enable: bool, ack: bool) -> c_int {
    let Some(h) = handle(h) else { return -1 };
    if h.type_ == RTE_INTR_HANDLE_VDEV {
        return 0;
    }
    if h.fd < 0 || h.dev_fd < 0 {
        rte_log!(ERR, EAL, "EAL: {func}(): interrupt fd {} / device fd {} not set\n", h.fd, h.dev_fd);
        return -1;
    }
    match h.type_ {
        RTE_INTR_HANDLE_UIO => uio(h.fd, enable || ack),
        RTE_INTR_HANDLE_UIO_INTX => uio_intx(h.dev_fd, enable || ack),
        RTE_INTR_HANDLE_VFIO_LEGACY
        | RTE_INTR_HANDLE_VFIO_MSI
        | RTE_INTR_HANDLE_VFIO_MSIX
        | RTE_INTR_HANDLE_VFIO_REQ => {
            if ack && h.type_ != RTE_INTR_HANDLE_VFIO_LEGACY {
                return 0;
            }
            fail(func, &Error::NotSupported("VFIO interrupts are not built".into()), -1)
        }
        t => {
            rte_log!(ERR, EAL, "EAL: {func}(): handle type {t} of fd {} cannot be controlled\n", h.fd);
            -1
        }
    }
}

/// Enables the interrupt: 0 for VDEV handles (nothing to do), UIO and UIO
/// INTx through their fds; -1 for ALARM, EXT, DEV_EVENT, unknown types and
/// VFIO (not built).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_enable(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_enable", -1, { control("rte_intr_enable", intr_handle, true, false) })
}

/// Disables the interrupt (as rte_intr_enable for which types work).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_disable(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_disable", -1, { control("rte_intr_disable", intr_handle, false, false) })
}

/// Acknowledges (re-arms) a level interrupt: 0 for VDEV and VFIO MSI/MSI-X,
/// UIO re-enabled; -1 for the types that cannot be acknowledged.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_ack(intr_handle: *const rte_intr_handle) -> c_int {
    entry!("rte_intr_ack", -1, { control("rte_intr_ack", intr_handle, false, true) })
}

/// 1 on the interrupt thread, else 0.
#[no_mangle]
pub extern "C" fn rte_thread_is_intr() -> c_int {
    entry!("rte_thread_is_intr", 0, { intr::is_intr_thread() as c_int })
}

// ---- event fds and Rx/Tx interrupts ----

/// Sets up event fds: `nb_efd` (at most 512) non-blocking eventfds for
/// VFIO MSI-X handles; VDEV handles only have their counter size checked
/// (the driver sets its fds); other types use their own fd as the single
/// event fd. 0 or a negative errno.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efd_enable(intr_handle: *mut rte_intr_handle, nb_efd: u32) -> c_int {
    entry!("rte_intr_efd_enable", -libc::EFAULT, {
        let Some(h) = handle(intr_handle) else { return -libc::EINVAL };
        match h.type_ {
            RTE_INTR_HANDLE_VFIO_MSIX => {
                let n = nb_efd.min(RTE_MAX_RXTX_INTR_VEC_ID).min(h.nb_intr);
                for i in 0..n {
                    // SAFETY: plain syscall.
                    let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
                    if fd < 0 {
                        let e = Error::last_os("can't setup eventfd");
                        return fail("rte_intr_efd_enable", &e, -e.errno());
                    }
                    // SAFETY: i < nb_intr.
                    unsafe { *h.efds.add(i as usize) = fd };
                }
                h.nb_efd = n;
                h.max_intr = NB_OTHER_INTR + n;
            }
            RTE_INTR_HANDLE_VDEV => {
                if h.efd_counter_size as usize > 8 {
                    return fail(
                        "rte_intr_efd_enable",
                        &Error::InvalidArgument(format!("efd_counter_size {} is oversized", h.efd_counter_size)),
                        -libc::EINVAL,
                    );
                }
            }
            _ => {
                // SAFETY: nb_intr >= 1.
                unsafe { *h.efds = h.fd };
                h.nb_efd = nb_efd.min(1);
                h.max_intr = NB_OTHER_INTR;
            }
        }
        0
    })
}

/// Removes the event fds from their epoll instances and, for VFIO MSI-X,
/// closes them.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_efd_disable(intr_handle: *mut rte_intr_handle) {
    entry!("rte_intr_efd_disable", (), {
        // SAFETY: forwarded.
        unsafe { rte_intr_free_epoll_fd(intr_handle) };
        let Some(h) = handle(intr_handle) else { return };
        if h.nb_efd > 0 && h.type_ == RTE_INTR_HANDLE_VFIO_MSIX {
            for i in 0..h.nb_efd.min(h.nb_intr) {
                // SAFETY: in bounds; our eventfds.
                unsafe { libc::close(*h.efds.add(i as usize)) };
            }
        }
        h.nb_efd = 0;
        h.max_intr = 0;
    })
}

/// Removes every registered event of the handle from its epoll instance
/// (waiting for a running event callback).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_free_epoll_fd(intr_handle: *mut rte_intr_handle) {
    entry!("rte_intr_free_epoll_fd", (), {
        let Some(h) = handle(intr_handle) else { return };
        for i in 0..h.nb_efd.min(h.nb_intr) {
            // SAFETY: in bounds.
            let rev = unsafe { h.elist.add(i as usize) };
            // SAFETY: a live event; status read atomically.
            let st = unsafe { std::sync::atomic::AtomicU32::from_ptr(ptr::addr_of_mut!((*rev).status)) };
            // ORDERING: relaxed peek; epoll_ctl's DEL path synchronises.
            if st.load(std::sync::atomic::Ordering::Relaxed) == RTE_EPOLL_INVALID {
                continue;
            }
            // SAFETY: the event stays in the handle.
            if let Err(e) = unsafe { intr::epoll_ctl((*rev).epfd, libc::EPOLL_CTL_DEL, (*rev).fd, rev) } {
                rte_log!(DEBUG, EAL, "EAL: rte_intr_free_epoll_fd(): {e}; invalidating the event anyway\n");
                // SAFETY: as above; 22.11 force-frees a valid entry here too.
                unsafe { intr::safe_free(rev) };
            }
        }
    })
}

/// Adds (RTE_INTR_EVENT_ADD) or removes (RTE_INTR_EVENT_DEL) the event fd
/// of vector `vec` on epoll instance `epfd` (RTE_EPOLL_PER_THREAD: the
/// caller's), with `data` returned by rte_epoll_wait. 0, -EPERM (no such
/// event fd, bad op, epoll failure) or -EEXIST (already added).
///
/// # Safety
/// `intr_handle` NULL or a live handle that stays put while added.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_rx_ctl(
    intr_handle: *mut rte_intr_handle,
    epfd: c_int,
    op: c_int,
    vec: u32,
    data: *mut c_void,
) -> c_int {
    entry!("rte_intr_rx_ctl", -libc::EPERM, {
        let idx = if vec >= RTE_INTR_VEC_RXTX_OFFSET { vec - RTE_INTR_VEC_RXTX_OFFSET } else { vec };
        let Some(h) = (!intr_handle.is_null()).then(|| handle(intr_handle)).flatten() else { return -libc::EPERM };
        if h.nb_efd == 0 || idx >= h.nb_efd || idx >= h.nb_intr {
            rte_log!(ERR, EAL, "EAL: rte_intr_rx_ctl(): vector {vec} has no event fd\n");
            return -libc::EPERM;
        }
        // SAFETY: in bounds.
        let rev = unsafe { h.elist.add(idx as usize) };
        // SAFETY: a live event.
        let st = unsafe { std::sync::atomic::AtomicU32::from_ptr(ptr::addr_of_mut!((*rev).status)) };
        match op as u64 {
            RTE_INTR_EVENT_ADD => {
                // ORDERING: relaxed: registration is not concurrent with itself.
                if st.load(std::sync::atomic::Ordering::Relaxed) != RTE_EPOLL_INVALID {
                    rte_log!(INFO, EAL, "EAL: Event already been added.\n");
                    return -libc::EEXIST;
                }
                // SAFETY: the event is not registered yet, so no waiter reads it.
                unsafe {
                    (*rev).epdata.event = (libc::EPOLLIN | libc::EPOLLPRI | libc::EPOLLET) as u32;
                    (*rev).epdata.data = data;
                    (*rev).epdata.cb_fun = Some(intr::rxtx_intr_cb);
                    (*rev).epdata.cb_arg = intr_handle.cast();
                }
                // SAFETY: in bounds of efds; rev stays in the handle.
                match unsafe { intr::epoll_ctl(epfd, libc::EPOLL_CTL_ADD, *h.efds.add(idx as usize), rev) } {
                    Ok(()) => 0,
                    Err(e) => {
                        rte_log!(ERR, EAL, "EAL: rte_intr_rx_ctl(): {e}\n");
                        -libc::EPERM
                    }
                }
            }
            RTE_INTR_EVENT_DEL => {
                if st.load(std::sync::atomic::Ordering::Relaxed) == RTE_EPOLL_INVALID {
                    rte_log!(INFO, EAL, "EAL: Event does not exist.\n");
                    return -libc::EPERM;
                }
                // SAFETY: a registered event.
                match unsafe { intr::epoll_ctl((*rev).epfd, libc::EPOLL_CTL_DEL, (*rev).fd, rev) } {
                    Ok(()) => 0,
                    Err(_) => -libc::EPERM,
                }
            }
            _ => {
                rte_log!(ERR, EAL, "EAL: rte_intr_rx_ctl(): event op type mismatch ({op})\n");
                -libc::EPERM
            }
        }
    })
}

/// 1 if the handle has Rx/Tx event fds (datapath interrupts), else 0.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_dp_is_en(intr_handle: *mut rte_intr_handle) -> c_int {
    entry!("rte_intr_dp_is_en", 0, { handle(intr_handle).map_or(0, |h| (h.nb_efd != 0) as c_int) })
}

/// 1 if other (non-queue) interrupts can share the device with the queue
/// vectors, else 0.
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_allow_others(intr_handle: *mut rte_intr_handle) -> c_int {
    entry!("rte_intr_allow_others", 0, {
        handle(intr_handle).map_or(0, |h| if h.nb_efd == 0 { 1 } else { (h.max_intr != h.nb_efd) as c_int })
    })
}

/// 1 if the handle type supports several interrupt vectors (VFIO MSI-X, VDEV).
///
/// # Safety
/// `intr_handle` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn rte_intr_cap_multiple(intr_handle: *mut rte_intr_handle) -> c_int {
    entry!("rte_intr_cap_multiple", 0, {
        handle(intr_handle).map_or(0, |h| matches!(h.type_, RTE_INTR_HANDLE_VFIO_MSIX | RTE_INTR_HANDLE_VDEV) as c_int)
    })
}

/// The calling thread's own epoll instance (created on first use).
#[no_mangle]
pub extern "C" fn rte_intr_tls_epfd() -> c_int {
    entry!("rte_intr_tls_epfd", -1, { intr::tls_epfd() })
}
