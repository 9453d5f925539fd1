//! The memory crate's error type. The C-API layer turns each variant into
//! the errno the reference reports for it.

use std::fmt;

/// What went wrong, with enough context for the one log line a caller gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A bad argument: NULL, zero or out of range (`EINVAL`).
    InvalidArgument(String),
    /// A name that does not fit its field, NUL included (`ENAMETOOLONG`).
    NameTooLong {
        /// The field's size, NUL included.
        max: usize,
    },
    /// A search for free entries found none (`ENOSPC`).
    NoFreeEntry,
    /// A search for used entries found none (`ENOENT`).
    NoUsedEntry,
    /// The array is not mapped in this process, or has no file to attach to
    /// (`ENOENT`).
    NotMapped(String),
    /// The array's memory is already mapped in this process (`EEXIST`).
    AlreadyMapped,
    /// Another process (or another init of the same name) holds the array
    /// (`EBUSY`).
    Busy(String),
    /// The array's address is taken by another mapping in this process
    /// (`EADDRNOTAVAIL`).
    AddressUnavailable(usize),
    /// An operating-system call failed.
    Os {
        /// What was being done.
        what: String,
        /// The errno it failed with.
        errno: i32,
    },
}

impl Error {
    /// Builds an [`Error::Os`] from the thread's current `errno`.
    pub fn last_os(what: impl Into<String>) -> Self {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        Error::Os { what: what.into(), errno }
    }

    /// Builds an [`Error::InvalidArgument`].
    pub fn invalid(what: impl Into<String>) -> Self {
        Error::InvalidArgument(what.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument(what) => write!(f, "invalid argument: {what}"),
            Error::NameTooLong { max } => {
                write!(f, "name too long (at most {} characters)", max - 1)
            }
            Error::NoFreeEntry => write!(f, "no free entry found"),
            Error::NoUsedEntry => write!(f, "no used entry found"),
            Error::NotMapped(what) => write!(f, "{what}"),
            Error::AlreadyMapped => write!(f, "the array is already mapped in this process"),
            Error::Busy(what) => write!(f, "{what}"),
            Error::AddressUnavailable(addr) => {
                write!(f, "cannot map at the array's address {addr:#x}")
            }
            Error::Os { what, errno } => {
                write!(f, "{what}: {}", std::io::Error::from_raw_os_error(*errno))
            }
        }
    }
}

impl std::error::Error for Error {}
