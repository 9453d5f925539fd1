//! `rte_devargs.h`: device argument strings and the process's list of them.
//! (`rte_devargs_parsef` is C-variadic: csrc/devargs.c formats, then calls
//! `rte_devargs_parse`.)

use std::ffi::{c_char, c_int, c_uint, CStr};
use std::io::Write;
use std::ptr;

use rte_abi::dev::{rte_devargs, rte_devtype, RTE_DEVTYPE_VIRTUAL};
use rte_eal::{bus, devargs, Error};

use crate::boundary::fail;

fn text<'a>(s: *const c_char) -> std::borrow::Cow<'a, str> {
    // SAFETY: callers checked s for NULL; a valid string per their contract.
    unsafe { CStr::from_ptr(s) }.to_string_lossy()
}

/// Parses device string `dev` into `da` (every field is overwritten;
/// release with `rte_devargs_reset`). Legacy syntax `[bus:]name[,args]`
/// or layered `bus=...[/class=...][/driver=...]`. Returns 0, or -EINVAL
/// (NULL argument, no bus knows the device, name too long, unknown bus or
/// class) with `rte_errno` set.
///
/// # Safety
/// `da` writable; `dev` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_parse(da: *mut rte_devargs, dev: *const c_char) -> c_int {
    entry!("rte_devargs_parse", -libc::EINVAL, {
        nonnull!("rte_devargs_parse", da, -libc::EINVAL);
        nonnull!("rte_devargs_parse", dev, -libc::EINVAL);
        // SAFETY: per the contract.
        match unsafe { devargs::parse(da, &text(dev)) } {
            Ok(()) => 0,
            Err(e) => fail("rte_devargs_parse", &e, -e.errno()),
        }
    })
}

/// Frees what `da` holds (its string block); NULL is ignored.
///
/// # Safety
/// `da` NULL or a parsed `rte_devargs`.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_reset(da: *mut rte_devargs) {
    entry!("rte_devargs_reset", (), {
        if !da.is_null() {
            // SAFETY: per the contract.
            unsafe { devargs::reset(da) };
        }
    })
}

/// Inserts `*da` (from malloc, parsed) into the list. If the list already
/// has an entry for that device, the entry takes `*da`'s contents and `*da`
/// is freed and replaced by the entry. Returns 0 or -EINVAL.
///
/// # Safety
/// `da` points to a pointer to a malloc'd, parsed `rte_devargs`.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_insert(da: *mut *mut rte_devargs) -> c_int {
    entry!("rte_devargs_insert", -libc::EINVAL, {
        nonnull!("rte_devargs_insert", da, -libc::EINVAL);
        // SAFETY: per the contract.
        let p = unsafe { *da };
        nonnull!("rte_devargs_insert", p, -libc::EINVAL);
        // SAFETY: per the contract.
        unsafe { devargs::insert(da) };
        0
    })
}

/// Parses `devargs_str` into a new list entry of type `devtype`. Returns 0,
/// or -1 with `rte_errno` set (bad string, bad type).
///
/// # Safety
/// `devargs_str` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_add(devtype: rte_devtype, devargs_str: *const c_char) -> c_int {
    entry!("rte_devargs_add", -1, {
        nonnull!("rte_devargs_add", devargs_str, -1);
        if !(0..=RTE_DEVTYPE_VIRTUAL).contains(&devtype) {
            return fail("rte_devargs_add", &Error::InvalidArgument(format!("bad device type {devtype}")), -1);
        }
        match devargs::add(devtype, &text(devargs_str)) {
            Ok(_) => 0,
            Err(e) => fail("rte_devargs_add", &e, -1),
        }
    })
}

/// Removes and frees the list entry for the same bus and name as
/// `devargs`. Returns 0, 1 if there is none, or -1 (NULL, no bus).
///
/// # Safety
/// `devargs` NULL or a live `rte_devargs` (it is freed if it is the listed entry).
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_remove(devargs: *mut rte_devargs) -> c_int {
    entry!("rte_devargs_remove", -1, {
        // SAFETY: checked for NULL first.
        if devargs.is_null() || unsafe { (*devargs).bus.is_null() } {
            return fail("rte_devargs_remove", &Error::InvalidArgument("devargs or its bus is NULL".into()), -1);
        }
        // SAFETY: per the contract.
        if unsafe { devargs::remove(devargs) } {
            0
        } else {
            1
        }
    })
}

/// Number of list entries of type `devtype`.
#[no_mangle]
pub extern "C" fn rte_devargs_type_count(devtype: rte_devtype) -> c_uint {
    entry!("rte_devargs_type_count", 0, {
        // SAFETY: listed entries are live.
        devargs::snapshot().into_iter().filter(|&d| unsafe { (*d).type_ } == devtype).count() as c_uint
    })
}

/// Writes the list to `f`: one line per entry, `[bus]: name args`.
///
/// # Safety
/// `f` an open stdio stream.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_dump(f: *mut libc::FILE) {
    entry!("rte_devargs_dump", (), {
        if f.is_null() {
            return;
        }
        let mut out = String::from("User device list:\n");
        for d in devargs::snapshot() {
            // SAFETY: listed entries are live; their bus is registered.
            let (b, n, a) = unsafe {
                (
                    if (*d).bus.is_null() { "" } else { std::str::from_utf8(bus::bus_name((*d).bus)).unwrap_or("?") },
                    String::from_utf8_lossy(devargs::name_of(d)).into_owned(),
                    if (*d).drv_str.is_null() { String::new() } else { text((*d).drv_str).into_owned() },
                )
            };
            out.push_str(&format!("  [{b}]: {n} {a}\n"));
        }
        // SAFETY: f is an open stream; fwrite of our buffer.
        unsafe {
            libc::fwrite(out.as_ptr().cast(), 1, out.len(), f);
        }
        let _ = std::io::stdout().flush();
    })
}

/// The list entry after `start` (the first when NULL) on bus `busname`
/// (any bus when NULL); NULL at the end.
///
/// # Safety
/// `busname` NULL or a string; `start` NULL or a listed entry.
#[no_mangle]
pub unsafe extern "C" fn rte_devargs_next(busname: *const c_char, start: *const rte_devargs) -> *mut rte_devargs {
    entry!("rte_devargs_next", ptr::null_mut(), {
        // SAFETY: a string per the contract.
        let b = (!busname.is_null()).then(|| unsafe { CStr::from_ptr(busname) }.to_bytes());
        devargs::next(b, start)
    })
}
