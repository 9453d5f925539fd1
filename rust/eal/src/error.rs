//! The EAL's error type.

use std::fmt;

/// What went wrong, with enough context for the one log line a caller gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A bad option or option value (`EINVAL`).
    InvalidOption {
        /// The option as the user spelled it.
        option: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An option the reference accepts whose machinery is not built (`ENOTSUP`).
    NotSupported(String),
    /// A bad argument to an API call (`EINVAL`).
    InvalidArgument(String),
    /// `rte_eal_init` was already called (`EALREADY`).
    Already,
    /// The lcore is busy (`EBUSY`).
    Busy,
    /// Another primary holds the runtime directory (`EALREADY`, as the reference).
    PrefixInUse(String),
    /// No room left (`ENOSPC`).
    NoSpace(String),
    /// An operating-system call failed.
    Os {
        /// What was being done.
        what: String,
        /// The errno it failed with.
        errno: i32,
    },
}

impl Error {
    /// The errno value this error is reported as through the C ABI.
    pub fn errno(&self) -> i32 {
        match self {
            Error::InvalidOption { .. } | Error::InvalidArgument(_) => libc::EINVAL,
            Error::NotSupported(_) => libc::ENOTSUP,
            Error::Already | Error::PrefixInUse(_) => libc::EALREADY,
            Error::Busy => libc::EBUSY,
            Error::NoSpace(_) => libc::ENOSPC,
            Error::Os { errno, .. } => *errno,
        }
    }

    /// Builds an [`Error::InvalidOption`].
    pub fn option(option: &str, reason: impl Into<String>) -> Self {
        Error::InvalidOption { option: option.to_string(), reason: reason.into() }
    }

    /// Builds an [`Error::Os`] from the thread's current `errno`.
    pub fn last_os(what: impl Into<String>) -> Self {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        Error::Os { what: what.into(), errno }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidOption { option, reason } => {
                write!(f, "invalid option {option}: {reason}")
            }
            Error::NotSupported(what) => write!(f, "{what} is not supported by librte-rs yet"),
            Error::InvalidArgument(what) => write!(f, "invalid argument: {what}"),
            Error::Already => write!(f, "EAL already initialized"),
            Error::Busy => write!(f, "lcore is busy"),
            Error::PrefixInUse(msg) => write!(f, "{msg}"),
            Error::NoSpace(what) => write!(f, "no space left: {what}"),
            Error::Os { what, errno } => {
                write!(f, "{what}: {}", std::io::Error::from_raw_os_error(*errno))
            }
        }
    }
}

impl std::error::Error for Error {}
