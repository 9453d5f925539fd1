//! Build configuration that shapes the ABI, as in Debian 12's DPDK 22.11
//! (`rte_build_config.h` and `rte_config.h`).

/// Highest number of lcores (threads with an lcore id).
pub const RTE_MAX_LCORE: u32 = 128;
/// Highest number of NUMA nodes.
pub const RTE_MAX_NUMA_NODES: u32 = 32;
/// Highest number of ethdev ports.
pub const RTE_MAX_ETHPORTS: u32 = 32;
/// Cache line size in bytes.
pub const RTE_CACHE_LINE_SIZE: u32 = 64;
/// Highest amount of memory EAL can manage, in MiB.
pub const RTE_MAX_MEM_MB: u32 = 524288;
/// mbuf keeps its `buf_iova` field (moves fields in the first cache line).
pub const RTE_IOVA_AS_PA: u32 = 1;
/// Highest number of VFIO groups.
pub const RTE_MAX_VFIO_GROUPS: u32 = 64;

/// Highest number of malloc heaps.
pub const RTE_MAX_HEAPS: u32 = 32;
/// Highest number of memseg lists.
pub const RTE_MAX_MEMSEG_LISTS: u32 = 128;
/// Highest number of segments in one memseg list.
pub const RTE_MAX_MEMSEG_PER_LIST: u32 = 8192;
/// Highest amount of memory in one memseg list, in MiB.
pub const RTE_MAX_MEM_MB_PER_LIST: u32 = 32768;
/// Highest number of segments of one page size and socket.
pub const RTE_MAX_MEMSEG_PER_TYPE: u32 = 32768;
/// Highest amount of memory of one page size and socket, in MiB.
pub const RTE_MAX_MEM_MB_PER_TYPE: u32 = 65536;
/// Highest number of memzones.
pub const RTE_MAX_MEMZONE: u32 = 2560;
/// Highest number of registered tail queues.
pub const RTE_MAX_TAILQ: u32 = 32;
/// Highest number of VFIO containers.
pub const RTE_MAX_VFIO_CONTAINERS: u32 = 64;
/// Largest per-lcore mempool cache.
pub const RTE_MEMPOOL_CACHE_MAX_SIZE: u32 = 512;
/// Headroom reserved at the start of every packet mbuf.
pub const RTE_PKTMBUF_HEADROOM: u32 = 128;
/// Highest number of rx or tx queues per port.
pub const RTE_MAX_QUEUES_PER_PORT: u32 = 1024;
/// Number of per-queue stats counters in `struct rte_eth_stats`.
pub const RTE_ETHDEV_QUEUE_STAT_CNTRS: u32 = 16;
/// Rx/tx callbacks compiled in.
pub const RTE_ETHDEV_RXTX_CALLBACKS: u32 = 1;
/// Highest number of net_ring rx rings.
pub const RTE_PMD_RING_MAX_RX_RINGS: u32 = 16;
/// Highest number of net_ring tx rings.
pub const RTE_PMD_RING_MAX_TX_RINGS: u32 = 16;

/// Release year (22.11.x).
pub const RTE_VER_YEAR: u32 = 22;
/// Release month.
pub const RTE_VER_MONTH: u32 = 11;
/// Minor (maintenance) release.
pub const RTE_VER_MINOR: u32 = 11;
/// Release number, 99 for a final release.
pub const RTE_VER_RELEASE: u32 = 99;
