//! `#[repr(C)]` mirrors of the DPDK 22.11 public types and constants.
//!
//! This crate holds no logic. Each file is one cbindgen input for the
//! reference header of the same topic (see `tools/gen_headers.py`), and each
//! struct carries const assertions of its size and field offsets, checked
//! again from C against `/usr/include/dpdk` by `c-tests/layout`.
#![allow(non_camel_case_types)]

pub mod config;
pub mod cpuflags;
pub mod dev;
pub mod eal;
pub mod ethdev;
pub mod fbarray;
pub mod flow;
pub mod intr;
pub mod launch;
pub mod lcore;
pub mod log;
pub mod mbuf;
pub mod mbuf_dyn;
pub mod mbuf_ptype;
pub mod memory;
pub mod mempool;
pub mod net;
pub mod ring;
pub mod tailq;
pub mod thread;
