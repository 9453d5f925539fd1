//! librte_kvargs.

pub mod rte_kvargs;
