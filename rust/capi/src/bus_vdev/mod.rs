//! librte_bus_vdev.

pub mod bus_vdev_driver;
pub mod rte_bus_vdev;
