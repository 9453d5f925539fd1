//! librte_telemetry's C ABI: `rte_telemetry.h` (data containers and the
//! command registry) and the internal legacy registration.

pub mod ethdev;
pub mod rte_telemetry;
pub mod server;
