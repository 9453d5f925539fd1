//! `rte_log.h`: log types, levels and the output stream. `rte_log` and
//! `rte_vlog` themselves are C (variadic) in `csrc/log.c` and call back here.

use std::ffi::{c_char, c_int, CStr};

use rte_eal::{log, Error};

use crate::boundary::{fail, fail_quiet};

/// Writes `s` to `f` and flushes.
///
/// # Safety
/// `f` must be a valid open stream.
pub(crate) unsafe fn write_stream(f: *mut libc::FILE, s: &str) {
    // SAFETY: `f` is valid per the contract; the buffer is valid for len.
    unsafe {
        libc::fwrite(s.as_ptr().cast(), 1, s.len(), f);
        libc::fflush(f);
    }
}

/// Sends log messages to `f` (NULL restores the default, stderr). Returns 0.
///
/// # Safety
/// `f` must stay a valid open stream while it is the log stream.
#[no_mangle]
pub unsafe extern "C" fn rte_openlog_stream(f: *mut libc::FILE) -> c_int {
    entry!("rte_openlog_stream", -1, {
        log::set_stream(f);
        0
    })
}

/// The stream log messages go to now.
#[no_mangle]
pub extern "C" fn rte_log_get_stream() -> *mut libc::FILE {
    entry!("rte_log_get_stream", std::ptr::null_mut(), { log::stream() })
}

/// Sets the global log level (levels above `RTE_LOG_DEBUG` are clamped to it).
#[no_mangle]
pub extern "C" fn rte_log_set_global_level(level: u32) {
    entry!("rte_log_set_global_level", (), { log::set_global_level(level.min(rte_abi::log::RTE_LOG_MAX)) })
}

/// The global log level.
#[no_mangle]
pub extern "C" fn rte_log_get_global_level() -> u32 {
    entry!("rte_log_get_global_level", 0, { log::global_level() })
}

/// The level of `logtype`, or -1 if it is not registered.
#[no_mangle]
pub extern "C" fn rte_log_get_level(logtype: u32) -> c_int {
    entry!("rte_log_get_level", -1, { log::level(logtype).map_or(-1, |l| l as c_int) })
}

/// Whether a message of `loglevel` for `logtype` would be printed.
#[no_mangle]
pub extern "C" fn rte_log_can_log(logtype: u32, loglevel: u32) -> bool {
    entry!("rte_log_can_log", false, { log::can_log(logtype, loglevel) })
}

/// Sets the level of every type matching the glob `pattern`, now and for
/// types registered later. Returns 0, or -1 for a NULL pattern or bad level.
///
/// # Safety
/// `pattern` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_log_set_level_pattern(pattern: *const c_char, level: u32) -> c_int {
    entry!("rte_log_set_level_pattern", -1, {
        nonnull!("rte_log_set_level_pattern", pattern, -1);
        // SAFETY: valid string per the contract.
        match log::set_level_pattern(unsafe { CStr::from_ptr(pattern) }, level) {
            Ok(()) => 0,
            Err(e) => fail("rte_log_set_level_pattern", &e, -1),
        }
    })
}

/// Sets the level of every type matching the POSIX basic regular
/// expression `regex`, now and for types registered later. Returns 0, or -1
/// for a NULL or invalid expression or a bad level.
///
/// # Safety
/// `regex` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_log_set_level_regexp(regex: *const c_char, level: u32) -> c_int {
    entry!("rte_log_set_level_regexp", -1, {
        nonnull!("rte_log_set_level_regexp", regex, -1);
        // SAFETY: valid string per the contract.
        match log::set_level_regexp(unsafe { CStr::from_ptr(regex) }, level) {
            Ok(()) => 0,
            Err(e) => fail("rte_log_set_level_regexp", &e, -1),
        }
    })
}

/// Sets the level of one log type. Returns 0, or -1 for an unregistered
/// type or a level above `RTE_LOG_DEBUG`.
#[no_mangle]
pub extern "C" fn rte_log_set_level(logtype: u32, level: u32) -> c_int {
    entry!("rte_log_set_level", -1, {
        match log::set_level(logtype, level) {
            Ok(()) => 0,
            Err(e) => fail_quiet(&e, -1),
        }
    })
}

fn register(name: *const c_char, level: u32, func: &str) -> c_int {
    if name.is_null() {
        return fail(func, &Error::InvalidArgument("name is NULL".into()), -libc::EINVAL);
    }
    // SAFETY: non-null; valid string per the callers' contracts.
    let name = unsafe { CStr::from_ptr(name) };
    match log::register(name, level) {
        Ok(id) => id as c_int,
        Err(e) => fail(func, &e, -e.errno()),
    }
}

/// Registers a log type (or finds it) at level INFO; returns its id, or a
/// negative errno.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_log_register(name: *const c_char) -> c_int {
    entry!("rte_log_register", -libc::EFAULT, { register(name, rte_abi::log::RTE_LOG_INFO, "rte_log_register") })
}

/// Registers a log type (or finds it) at `level_def`, unless a saved
/// `--log-level` setting matches it; returns its id, or a negative errno.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_log_register_type_and_pick_level(name: *const c_char, level_def: u32) -> c_int {
    entry!("rte_log_register_type_and_pick_level", -libc::EFAULT, {
        register(name, level_def, "rte_log_register_type_and_pick_level")
    })
}

/// Prints the global level and every log type with its level.
///
/// # Safety
/// `f` must be a valid open stream.
#[no_mangle]
pub unsafe extern "C" fn rte_log_dump(f: *mut libc::FILE) {
    entry!("rte_log_dump", (), {
        nonnull!("rte_log_dump", f, ());
        let mut s = log::dump_lines().join("\n");
        s.push('\n');
        // SAFETY: valid stream per the contract.
        unsafe { write_stream(f, &s) };
    })
}

/// Prints every log type name with its level, each line starting with
/// `prefix` (none if NULL).
///
/// # Safety
/// `out` must be a valid open stream; `prefix` NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_log_list_types(out: *mut libc::FILE, prefix: *const c_char) {
    entry!("rte_log_list_types", (), {
        nonnull!("rte_log_list_types", out, ());
        let prefix = if prefix.is_null() {
            String::new()
        } else {
            // SAFETY: non-null, valid string per the contract.
            unsafe { CStr::from_ptr(prefix) }.to_string_lossy().into_owned()
        };
        let mut s = String::new();
        for (name, level) in log::list_types() {
            s.push_str(&format!("{prefix}{name:<40}{}\n", log::level_name(level)));
        }
        // SAFETY: valid stream per the contract.
        unsafe { write_stream(out, &s) };
    })
}

/// For `csrc/log.c`: whether messages also go to syslog.
#[no_mangle]
pub extern "C" fn rte_rs_log_syslog_enabled() -> c_int {
    log::syslog_enabled() as c_int
}
