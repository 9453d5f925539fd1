//! librte_pci and librte_bus_pci: PCI address helpers and the driver
//! registry of a PCI bus that does not probe (no device is ever touched).

pub mod rte_bus_pci;
pub mod rte_pci;
