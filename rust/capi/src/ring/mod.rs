//! librte_ring.

pub mod rte_ring;
