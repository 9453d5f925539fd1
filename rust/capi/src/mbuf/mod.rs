//! librte_mbuf: pktmbuf pools, the slow paths of the inline header code,
//! checks and dumps, dynamic fields and flags, names, mempool ops choice.

/// A `&'static CStr` from a string literal (cbindgen's parser predates
/// `cs!("...")` literals, so the files it reads spell them this way).
macro_rules! cs {
    ($s:literal) => {{
        const C: &::std::ffi::CStr = match ::std::ffi::CStr::from_bytes_with_nul(concat!($s, "\0").as_bytes()) {
            Ok(c) => c,
            Err(_) => panic!("interior NUL"),
        };
        C
    }};
}

/// Reads field `$f` of the mbuf at `$m`.
macro_rules! mget {
    ($m:expr, $f:ident) => {{
        // SAFETY: callers pass a live mbuf they may read.
        #[allow(unused_unsafe)]
        let v = unsafe { ::std::ptr::addr_of!((*$m).$f).read() };
        v
    }};
}

/// Writes field `$f` of the mbuf at `$m`.
macro_rules! mset {
    ($m:expr, $f:ident, $v:expr) => {{
        let v = $v;
        // SAFETY: callers pass a live mbuf whose reference they own.
        #[allow(unused_unsafe)]
        let () = unsafe { ::std::ptr::addr_of_mut!((*$m).$f).write(v) };
    }};
}

pub(crate) mod pool;
pub mod rte_mbuf;
pub mod rte_mbuf_dyn;
pub mod rte_mbuf_pool_ops;
pub mod rte_mbuf_ptype;

use ::rte_mbuf::dynreg::DynError;

use crate::boundary::CError;

/// An mbuf-library error as the C ABI reports it.
pub(crate) enum MbufError {
    /// EINVAL.
    Invalid(String),
    /// ENOENT, an ordinary "not found".
    NotFound(String),
    /// From the dynamic registry.
    Dyn(DynError),
}

impl std::fmt::Display for MbufError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MbufError::Invalid(m) => write!(f, "invalid argument: {m}"),
            MbufError::NotFound(m) => write!(f, "{m}"),
            MbufError::Dyn(e) => write!(f, "{e}"),
        }
    }
}

impl CError for MbufError {
    fn errno(&self) -> i32 {
        match self {
            MbufError::Invalid(_) => libc::EINVAL,
            MbufError::NotFound(_) => libc::ENOENT,
            MbufError::Dyn(e) => match e {
                DynError::Invalid(_) => libc::EINVAL,
                DynError::NameTooLong => libc::ENAMETOOLONG,
                DynError::Exists(_) => libc::EEXIST,
                DynError::Busy(_) => libc::EBUSY,
                DynError::NotFound(_) => libc::ENOENT,
            },
        }
    }

    fn is_quiet(&self) -> bool {
        matches!(self, MbufError::NotFound(_))
    }
}

/// A reset mbuf from `mp` (NULL if empty), for other libraries' functions.
pub(crate) fn pool_alloc(mp: *mut rte_abi::mempool::rte_mempool) -> *mut rte_abi::mbuf::rte_mbuf {
    pool::alloc(mp)
}

/// Frees a packet, for other libraries' functions.
pub(crate) fn pool_free(m: *mut rte_abi::mbuf::rte_mbuf) {
    pool::free(m)
}
