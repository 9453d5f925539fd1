//! `rte_trace_point.h` / `rte_trace_point_register.h`: trace point
//! registration. Tracing is not built: a registration records the point's
//! name and field layout and leaves its handle disabled (the enable bit the
//! inline emit code tests stays clear), as 22.11 does with no trace enabled.

use std::cell::Cell;
use std::ffi::{c_char, c_int, CStr};
use std::sync::Mutex;

use rte_eal::{rte_log, Error};

use crate::boundary::fail;

/// Size bits of a handle (`__RTE_TRACE_FIELD_SIZE_MASK`).
const SIZE_MASK: u64 = 0xffff;
/// Id bits of a handle start here.
const ID_SHIFT: u32 = 16;

struct Point {
    name: Vec<u8>,
    handle: usize,
    size: usize,
    fields: Vec<(String, String)>,
}

static POINTS: Mutex<Vec<Point>> = Mutex::new(Vec::new());

/// Size so far and (name, type) of each field of a point being registered.
type Fields = (usize, Vec<(String, String)>);

thread_local! {
    /// Fields emitted by the register function running on this thread.
    static PENDING: Cell<Option<Fields>> = const { Cell::new(None) };
}

/// Registers a trace point: calls `register_fn` (which emits each field
/// through `__rte_trace_point_emit_field`), records the point and writes a
/// disabled handle. -EINVAL (rte_errno) for a NULL argument.
///
/// # Safety
/// `handle` NULL or writable; `name` NULL or a string; `register_fn` callable.
#[no_mangle]
pub unsafe extern "C" fn __rte_trace_point_register(
    handle: *mut u64,
    name: *const c_char,
    register_fn: Option<unsafe extern "C" fn()>,
) -> c_int {
    entry!("__rte_trace_point_register", -libc::EINVAL, {
        nonnull!("__rte_trace_point_register", handle, -libc::EINVAL);
        nonnull!("__rte_trace_point_register", name, -libc::EINVAL);
        let Some(f) = register_fn else {
            return fail(
                "__rte_trace_point_register",
                &Error::InvalidArgument("register function is NULL".into()),
                -libc::EINVAL,
            );
        };
        // SAFETY: per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes().to_vec();
        PENDING.with(|p| p.set(Some((0, Vec::new()))));
        // SAFETY: the trace point's own register function.
        unsafe { f() };
        let (size, fields) = PENDING.with(|p| p.take()).unwrap_or_default();
        let mut pts = POINTS.lock().unwrap_or_else(|e| e.into_inner());
        if pts.iter().any(|p| p.name == n) {
            // 22.11 accepts it here and reports duplicates only when trace
            // is initialised (never, as tracing is not built).
            rte_log!(DEBUG, EAL, "EAL: trace point {} registered again\n", String::from_utf8_lossy(&n));
        }
        let id = pts.len() as u64;
        // SAFETY: writable per the contract; the enable bit stays clear.
        unsafe { handle.write(((id << ID_SHIFT) & !(1u64 << 63) & !(1u64 << 62)) | (size as u64 & SIZE_MASK)) };
        pts.push(Point { name: n, handle: handle as usize, size, fields });
        0
    })
}

/// Records one field of the trace point being registered on this thread
/// (ignored outside a registration).
///
/// # Safety
/// `field` and `type_` NULL or strings.
#[no_mangle]
pub unsafe extern "C" fn __rte_trace_point_emit_field(sz: usize, field: *const c_char, type_: *const c_char) {
    entry!("__rte_trace_point_emit_field", (), {
        let s = |p: *const c_char| {
            if p.is_null() {
                String::new()
            } else {
                // SAFETY: per the contract.
                unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
            }
        };
        let (f, t) = (s(field), s(type_));
        PENDING.with(|p| {
            if let Some((size, mut fields)) = p.take() {
                fields.push((f, t));
                p.set(Some((size + sz, fields)));
            }
        });
    })
}

/// Trace memory for this thread: with no trace enabled no point ever
/// emits, so none is allocated.
#[no_mangle]
pub extern "C" fn __rte_trace_mem_per_thread_alloc() {}

/// Number of registered trace points and the field count of `name`
/// (for tests and dumps).
pub fn registered(name: &[u8]) -> Option<(usize, usize)> {
    let pts = POINTS.lock().unwrap_or_else(|e| e.into_inner());
    pts.iter().find(|p| p.name == name).map(|p| (p.size, p.fields.len()))
}

/// Whether trace point `t` is enabled (bit 63 of its handle); false for NULL.
///
/// # Safety
/// `t` NULL or a registered handle.
#[no_mangle]
pub unsafe extern "C" fn rte_trace_point_is_enabled(t: *mut u64) -> bool {
    entry!("rte_trace_point_is_enabled", false, {
        if t.is_null() {
            return false;
        }
        // SAFETY: a registered handle; C inline code reads it with an
        // acquire load, so it is read atomically here too.
        // ORDERING: acquire pairs with the release of an enabling store.
        let v = unsafe { std::sync::atomic::AtomicU64::from_ptr(t) }.load(std::sync::atomic::Ordering::Acquire);
        v & (1u64 << 63) != 0
    })
}

/// Whether tracing is enabled globally: it is not built (false).
#[no_mangle]
pub extern "C" fn rte_trace_is_enabled() -> bool {
    false
}

/// The handle of the trace point called `name`, or NULL.
///
/// # Safety
/// `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_trace_point_lookup(name: *const c_char) -> *mut u64 {
    entry!("rte_trace_point_lookup", std::ptr::null_mut(), {
        if name.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes();
        let pts = POINTS.lock().unwrap_or_else(|e| e.into_inner());
        pts.iter().find(|p| p.name == n).map_or(std::ptr::null_mut(), |p| p.handle as *mut u64)
    })
}
