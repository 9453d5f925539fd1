//! librte_mempool.

mod handlers;
pub mod rte_mempool;
mod trace;
