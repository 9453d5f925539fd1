//! Constants of `rte_log.h`.

/// Log related to EAL.
pub const RTE_LOGTYPE_EAL: u32 = 0;
/// Log related to malloc.
pub const RTE_LOGTYPE_MALLOC: u32 = 1;
/// Log related to ring.
pub const RTE_LOGTYPE_RING: u32 = 2;
/// Log related to mempool.
pub const RTE_LOGTYPE_MEMPOOL: u32 = 3;
/// Log related to timers.
pub const RTE_LOGTYPE_TIMER: u32 = 4;
/// Log related to poll mode drivers.
pub const RTE_LOGTYPE_PMD: u32 = 5;
/// Log related to hash tables.
pub const RTE_LOGTYPE_HASH: u32 = 6;
/// Log related to LPM.
pub const RTE_LOGTYPE_LPM: u32 = 7;
/// Log related to KNI.
pub const RTE_LOGTYPE_KNI: u32 = 8;
/// Log related to ACL.
pub const RTE_LOGTYPE_ACL: u32 = 9;
/// Log related to power.
pub const RTE_LOGTYPE_POWER: u32 = 10;
/// Log related to QoS meter.
pub const RTE_LOGTYPE_METER: u32 = 11;
/// Log related to QoS port scheduler.
pub const RTE_LOGTYPE_SCHED: u32 = 12;
/// Log related to port.
pub const RTE_LOGTYPE_PORT: u32 = 13;
/// Log related to table.
pub const RTE_LOGTYPE_TABLE: u32 = 14;
/// Log related to pipeline.
pub const RTE_LOGTYPE_PIPELINE: u32 = 15;
/// Log related to mbuf.
pub const RTE_LOGTYPE_MBUF: u32 = 16;
/// Log related to cryptodev.
pub const RTE_LOGTYPE_CRYPTODEV: u32 = 17;
/// Log related to EFD.
pub const RTE_LOGTYPE_EFD: u32 = 18;
/// Log related to eventdev.
pub const RTE_LOGTYPE_EVENTDEV: u32 = 19;
/// Log related to GSO.
pub const RTE_LOGTYPE_GSO: u32 = 20;
/// User-defined log type 1.
pub const RTE_LOGTYPE_USER1: u32 = 24;
/// User-defined log type 2.
pub const RTE_LOGTYPE_USER2: u32 = 25;
/// User-defined log type 3.
pub const RTE_LOGTYPE_USER3: u32 = 26;
/// User-defined log type 4.
pub const RTE_LOGTYPE_USER4: u32 = 27;
/// User-defined log type 5.
pub const RTE_LOGTYPE_USER5: u32 = 28;
/// User-defined log type 6.
pub const RTE_LOGTYPE_USER6: u32 = 29;
/// User-defined log type 7.
pub const RTE_LOGTYPE_USER7: u32 = 30;
/// User-defined log type 8.
pub const RTE_LOGTYPE_USER8: u32 = 31;
/// First id of dynamically registered log types.
pub const RTE_LOGTYPE_FIRST_EXT_ID: u32 = 32;

/// System is unusable.
pub const RTE_LOG_EMERG: u32 = 1;
/// Action must be taken immediately.
pub const RTE_LOG_ALERT: u32 = 2;
/// Critical conditions.
pub const RTE_LOG_CRIT: u32 = 3;
/// Error conditions.
pub const RTE_LOG_ERR: u32 = 4;
/// Warning conditions.
pub const RTE_LOG_WARNING: u32 = 5;
/// Normal but significant condition.
pub const RTE_LOG_NOTICE: u32 = 6;
/// Informational.
pub const RTE_LOG_INFO: u32 = 7;
/// Debug-level messages.
pub const RTE_LOG_DEBUG: u32 = 8;
/// Most detailed log level.
pub const RTE_LOG_MAX: u32 = RTE_LOG_DEBUG;
