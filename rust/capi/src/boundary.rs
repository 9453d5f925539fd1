//! The panic boundary and error reporting shared by every entry point.

use rte_eal::{rte_log, tls, Error};

/// Runs an entry point's body behind a panic boundary. A panic is logged
/// with the function's name and becomes `$on_panic`, with `rte_errno` set to
/// `EFAULT`; the caller's process goes on.
macro_rules! entry {
    ($name:literal, $on_panic:expr, $body:block) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| $body)) {
            Ok(v) => v,
            Err(_) => {
                $crate::boundary::panicked($name);
                $on_panic
            }
        }
    };
}

/// Returns early with `$ret` and `rte_errno = EINVAL` if `$ptr` is null.
macro_rules! nonnull {
    ($fn:literal, $ptr:expr, $ret:expr) => {
        if $ptr.is_null() {
            return $crate::boundary::fail(
                $fn,
                &::rte_eal::Error::InvalidArgument(concat!(stringify!($ptr), " is NULL").into()),
                $ret,
            );
        }
    };
}

#[doc(hidden)]
pub fn panicked(name: &str) {
    tls::set_errno(libc::EFAULT);
    rte_log!(
        CRIT,
        EAL,
        "EAL: internal error in {name}(): Rust panic caught at the C boundary\n"
    );
}

/// Sets `rte_errno`.
pub fn set_errno(e: i32) {
    tls::set_errno(e);
}

/// Reports `err` from entry point `func`: one log line, `rte_errno` set,
/// and `ret` returned.
pub fn fail<T>(func: &str, err: &Error, ret: T) -> T {
    match err {
        Error::NotSupported(_) => rte_log!(ERR, EAL, "EAL: {func}(): {err}\n"),
        _ => rte_log!(ERR, EAL, "EAL: {func}(): {err}\n"),
    }
    tls::set_errno(err.errno());
    ret
}

/// Like [`fail`], logging at debug level only (for queries whose failure is
/// an ordinary answer, such as an unknown lcore id).
pub fn fail_quiet<T>(err: &Error, ret: T) -> T {
    rte_log!(DEBUG, EAL, "EAL: {err}\n");
    tls::set_errno(err.errno());
    ret
}
