//! librte_ethdev's C ABI: `rte_ethdev.h` (application API) and
//! `ethdev_driver.h` (driver API), and the exported port tables.

pub mod ethdev_driver;
pub mod rte_ethdev;
pub mod rte_flow;
pub mod rte_mtr;
pub mod rte_tm;
pub mod trace;

use ::rte_ethdev::Error;

use crate::boundary::CError;

impl CError for Error {
    fn errno(&self) -> i32 {
        Error::errno(self)
    }
    fn is_quiet(&self) -> bool {
        matches!(self, Error::NotSupported(_))
    }
}

/// Maps a unit result to 0 or a negative errno (rte_errno set, one log
/// line naming the bad value).
pub(crate) fn ret(func: &str, r: ::rte_ethdev::Result<()>) -> i32 {
    match r {
        Ok(()) => 0,
        Err(e) => {
            let n = -e.errno();
            crate::boundary::fail(func, &e, n)
        }
    }
}
