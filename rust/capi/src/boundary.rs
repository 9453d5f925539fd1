//! The panic boundary and error reporting shared by every entry point.

use std::fmt::Display;

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
    rte_log!(CRIT, EAL, "EAL: internal error in {name}(): Rust panic caught at the C boundary\n");
}

/// Sets `rte_errno`.
pub fn set_errno(e: i32) {
    tls::set_errno(e);
}

/// An error from one of the Rust crates, as the C ABI reports it: the
/// errno here is the one the reference documents (or sets) for that case.
pub trait CError: Display {
    /// The errno value to report.
    fn errno(&self) -> i32;
    /// Whether this is an ordinary answer (nothing found) rather than a
    /// failure, logged at debug level only.
    fn is_quiet(&self) -> bool {
        false
    }
}

impl CError for Error {
    fn errno(&self) -> i32 {
        Error::errno(self)
    }
}

impl CError for rte_mem::Error {
    fn errno(&self) -> i32 {
        use rte_mem::Error as E;
        match self {
            E::InvalidArgument(_) => libc::EINVAL,
            E::NameTooLong { .. } => libc::ENAMETOOLONG,
            E::NoFreeEntry => libc::ENOSPC,
            E::NoUsedEntry | E::NotMapped(_) => libc::ENOENT,
            E::AlreadyMapped => libc::EEXIST,
            E::Busy(_) => libc::EBUSY,
            E::AddressUnavailable(_) => libc::EADDRNOTAVAIL,
            E::Os { errno, .. } => *errno,
        }
    }

    fn is_quiet(&self) -> bool {
        matches!(self, rte_mem::Error::NoFreeEntry | rte_mem::Error::NoUsedEntry)
    }
}

/// Reports `err` from entry point `func`: one log line (at debug level for
/// an ordinary "nothing found"), `rte_errno` set, and `ret` returned.
pub fn fail<T>(func: &str, err: &impl CError, ret: T) -> T {
    if err.is_quiet() {
        rte_log!(DEBUG, EAL, "EAL: {func}(): {err}\n");
    } else {
        rte_log!(ERR, EAL, "EAL: {func}(): {err}\n");
    }
    tls::set_errno(err.errno());
    ret
}

/// Like [`fail`], logging at debug level only (for queries whose failure is
/// an ordinary answer, such as an unknown lcore id).
pub fn fail_quiet<T>(err: &impl CError, ret: T) -> T {
    rte_log!(DEBUG, EAL, "EAL: {err}\n");
    tls::set_errno(err.errno());
    ret
}
