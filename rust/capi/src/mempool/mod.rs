//! librte_mempool.

pub mod debug;
mod handlers;
pub mod rte_mempool;
mod trace;
