//! The Environment Abstraction Layer's logic: option parsing, lcores and
//! their threads, logging, the runtime directory, timers and random numbers.
//!
//! Everything here is process-local state (no other process or C inline code
//! writes it), except the thread-local variables of [`tls`], which reference
//! inline code reads directly. The C ABI lives in `rte-capi`; this crate
//! reports failures as [`Error`] values that the C layer maps to `rte_errno`.

pub mod alarm;
pub mod bus;
pub mod cpu;
pub mod devargs;
pub mod devevent;
pub mod error;
mod getopt;
pub mod init;
pub mod intr;
pub mod kvargs;
pub mod launch;
pub mod lcore;
pub mod log;
pub mod options;
pub mod rand;
pub mod runtime;
pub mod strings;
pub mod tailq;
pub mod tls;
pub mod tsc;
pub mod vdev;

pub use error::Error;
