//! librte_eal.

pub mod bus_driver;
pub mod rte_alarm;
pub mod rte_bus;
pub mod rte_class;
pub mod rte_common;
pub mod rte_cpuflags;
pub mod rte_cycles;
pub mod rte_debug;
pub mod rte_dev;
pub mod rte_devargs;
pub mod rte_eal;
pub mod rte_eal_memconfig;
pub mod rte_errno;
pub mod rte_fbarray;
pub mod rte_hexdump;
pub mod rte_launch;
pub mod rte_lcore;
pub mod rte_log;
pub mod rte_malloc;
pub mod rte_memory;
pub mod rte_memzone;
pub mod rte_random;
pub mod rte_string_fns;
pub mod rte_tailq;
pub mod rte_thread;
pub mod rte_version;
