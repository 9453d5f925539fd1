//! The C ABI of librte-rs: every exported DPDK 22.11 function and data
//! symbol, one module per library and one file per reference header (each
//! file is the cbindgen input for that header's declarations).
//!
//! Every function is written through [`entry!`]: a panic never unwinds into
//! C; it is logged and turned into the function's documented error value.
//! Errors from the Rust crates become `rte_errno` and a negative errno here,
//! with one log line naming the bad value.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

#[macro_use]
mod boundary;
pub mod bus_vdev;
pub mod eal;
pub mod ethdev;
pub mod kvargs;
pub mod mempool;
#[macro_use]
pub mod mbuf;
pub mod net;
pub mod ring;
mod tailq_list;

pub use boundary::{fail, set_errno};
