//! Types of `rte_ethdev.h`, `rte_ethdev_core.h` and the driver-side
//! `ethdev_driver.h` of DPDK 22.11.
//!
//! Application-side structs are checked against the installed reference
//! headers (offsets below measured with `offsetof` on /usr/include/dpdk and
//! again by c-tests/layout). The driver-side structs (`rte_eth_dev`,
//! `rte_eth_dev_data`, `eth_dev_ops`) are not in an installed header: their
//! offsets are computed from the 22.11 source layout, and the size of
//! `rte_eth_devices` (528384 bytes = 32 x 16512, abi/reference-symbols.tsv)
//! confirms `rte_eth_dev`.

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::mem::{offset_of, size_of};

/// Ports in one process (RTE_MAX_ETHPORTS).
pub const RTE_MAX_ETHPORTS: usize = 32;
/// Queues per direction per port.
pub const RTE_MAX_QUEUES_PER_PORT: usize = 1024;
/// Per-queue counters in `rte_eth_stats`.
pub const RTE_ETHDEV_QUEUE_STAT_CNTRS: usize = 16;
/// Length of a port name, NUL included.
pub const RTE_ETH_NAME_MAX_LEN: usize = 64;
/// Length of an owner name, NUL included.
pub const RTE_ETH_MAX_OWNER_NAME_LEN: usize = 64;
/// Length of an xstat name, NUL included.
pub const RTE_ETH_XSTATS_NAME_SIZE: usize = 64;
/// MAC addresses a port can hold at most.
pub const RTE_ETH_NUM_RECEIVE_MAC_ADDR: usize = 128;
/// VLAN filters in the VMDq configurations.
pub const RTE_ETH_VMDQ_MAX_VLAN_FILTERS: usize = 64;
/// User priorities in the DCB configurations.
pub const RTE_ETH_DCB_NUM_USER_PRIORITIES: usize = 8;
/// Length of `rte_eth_burst_mode::info`.
pub const RTE_ETH_BURST_MODE_INFO_SIZE: usize = 1024;
/// Length of the string `rte_eth_link_to_str` writes, NUL included.
pub const RTE_ETH_LINK_MAX_STR_LEN: usize = 40;
/// The "no owner" owner id.
pub const RTE_ETH_DEV_NO_OWNER: u64 = 0;
/// Descriptor count used when the driver has no preference.
pub const RTE_ETH_DEV_FALLBACK_RX_RINGSIZE: u16 = 512;
/// Descriptor count used when the driver has no preference.
pub const RTE_ETH_DEV_FALLBACK_TX_RINGSIZE: u16 = 512;
/// Queue count used when the driver has no preference.
pub const RTE_ETH_DEV_FALLBACK_RX_NBQUEUES: u16 = 1;
/// Queue count used when the driver has no preference.
pub const RTE_ETH_DEV_FALLBACK_TX_NBQUEUES: u16 = 1;

/// `enum rte_eth_dev_state`: slot free.
pub const RTE_ETH_DEV_UNUSED: u32 = 0;
/// Slot holds a probed device.
pub const RTE_ETH_DEV_ATTACHED: u32 = 1;
/// Device removed (hot-unplug) but slot still held.
pub const RTE_ETH_DEV_REMOVED: u32 = 2;

/// Queue states in `rx_queue_state`/`tx_queue_state`.
pub const RTE_ETH_QUEUE_STATE_STOPPED: u8 = 0;
/// Started.
pub const RTE_ETH_QUEUE_STATE_STARTED: u8 = 1;
/// Hairpin.
pub const RTE_ETH_QUEUE_STATE_HAIRPIN: u8 = 2;

/// `rte_eth_dev_data::dev_flags` bits.
pub const RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE: u32 = 1 << 0;
/// The device raises link-state-change interrupts.
pub const RTE_ETH_DEV_INTR_LSC: u32 = 1 << 1;
/// The port is a bonding member.
pub const RTE_ETH_DEV_BONDED_SLAVE: u32 = 1 << 2;
/// The device raises removal interrupts.
pub const RTE_ETH_DEV_INTR_RMV: u32 = 1 << 3;
/// The port is a representor.
pub const RTE_ETH_DEV_REPRESENTOR: u32 = 1 << 4;
/// Queues must not be set up while started... (22.11: NOSTOP_RXTX_QUEUE_SETUP gone; bit 5 is AUTOFILL_QUEUE_XSTATS).
pub const RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS: u32 = 1 << 6;

/// `enum rte_eth_event_type` values.
pub const RTE_ETH_EVENT_UNKNOWN: u32 = 0;
/// Link status changed.
pub const RTE_ETH_EVENT_INTR_LSC: u32 = 1;
/// Queue state event.
pub const RTE_ETH_EVENT_QUEUE_STATE: u32 = 2;
/// Reset interrupt.
pub const RTE_ETH_EVENT_INTR_RESET: u32 = 3;
/// Message from a VF.
pub const RTE_ETH_EVENT_VF_MBOX: u32 = 4;
/// MACsec event.
pub const RTE_ETH_EVENT_MACSEC: u32 = 5;
/// Device removed.
pub const RTE_ETH_EVENT_INTR_RMV: u32 = 6;
/// Port probed.
pub const RTE_ETH_EVENT_NEW: u32 = 7;
/// Port released.
pub const RTE_ETH_EVENT_DESTROY: u32 = 8;
/// End of the event types.
pub const RTE_ETH_EVENT_MAX: u32 = 15;

/// Link speeds (Mbps).
pub const RTE_ETH_SPEED_NUM_NONE: u32 = 0;
/// 10 Gbps.
pub const RTE_ETH_SPEED_NUM_10G: u32 = 10_000;
/// Unknown speed.
pub const RTE_ETH_SPEED_NUM_UNKNOWN: u32 = u32::MAX;
/// `link_speeds` bit: no autonegotiation.
pub const RTE_ETH_LINK_SPEED_FIXED: u32 = 1;
/// `link_speeds` bit: 10 Gbps.
pub const RTE_ETH_LINK_SPEED_10G: u32 = 1 << 8;

/// Rx offload: scatter.
pub const RTE_ETH_RX_OFFLOAD_SCATTER: u64 = 1 << 13;
/// Rx offload: keep CRC.
pub const RTE_ETH_RX_OFFLOAD_KEEP_CRC: u64 = 1 << 16;
/// Rx offload: RSS hash in the mbuf.
pub const RTE_ETH_RX_OFFLOAD_RSS_HASH: u64 = 1 << 19;
/// Tx offload: multi-thread lock free.
pub const RTE_ETH_TX_OFFLOAD_MT_LOCKFREE: u64 = 1 << 14;
/// Tx offload: multi-segment packets.
pub const RTE_ETH_TX_OFFLOAD_MULTI_SEGS: u64 = 1 << 15;

/// `rte_eth_rx_mq_mode` flag bits.
pub const RTE_ETH_MQ_RX_RSS_FLAG: u32 = 1;

/// Ethernet header plus CRC overhead used for the default MTU arithmetic.
pub const RTE_ETHER_MTU: u16 = 1500;
/// Smallest MTU the reference accepts.
pub const RTE_ETHER_MIN_MTU: u16 = 68;
/// Ethernet header + CRC bytes added to the MTU for a frame length.
pub const RTE_ETHER_HDR_LEN_PLUS_CRC: u32 = 18;

/// An Ethernet address.
#[repr(C, align(2))]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct rte_ether_addr {
    /// Bytes in transmission order.
    pub addr_bytes: [u8; 6],
}

/// Opaque mbuf (laid out by `rte_mbuf_core.h`).
pub type rte_mbuf = c_void;
/// Opaque mempool.
pub type rte_mempool = c_void;
/// Opaque generic device.
pub type rte_device = c_void;
/// Opaque interrupt handle.
pub type rte_intr_handle = c_void;

/// Ring prefetch/host/write-back thresholds.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_thresh {
    /// Prefetch threshold.
    pub pthresh: u8,
    /// Host threshold.
    pub hthresh: u8,
    /// Write-back threshold.
    pub wthresh: u8,
}

/// Rx side of `rte_eth_conf`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_rxmode {
    /// `enum rte_eth_rx_mq_mode`.
    pub mq_mode: u32,
    /// MTU requested (0: the default).
    pub mtu: u32,
    /// LRO aggregate size limit.
    pub max_lro_pkt_size: u32,
    /// RTE_ETH_RX_OFFLOAD_* for the whole port.
    pub offloads: u64,
    /// Reserved.
    pub reserved_64s: [u64; 2],
    /// Reserved.
    pub reserved_ptrs: [*mut c_void; 2],
}

/// Tx side of `rte_eth_conf`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_txmode {
    /// `enum rte_eth_tx_mq_mode`.
    pub mq_mode: u32,
    /// RTE_ETH_TX_OFFLOAD_* for the whole port.
    pub offloads: u64,
    /// Port VLAN id.
    pub pvid: u16,
    /// Bitfield in C: hw_vlan_reject_tagged:1, hw_vlan_reject_untagged:1, hw_vlan_insert_pvid:1.
    pub vlan_flags: u8,
    /// Reserved.
    pub reserved_64s: [u64; 2],
    /// Reserved.
    pub reserved_ptrs: [*mut c_void; 2],
}

/// RSS hash key and protocol set.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_rss_conf {
    /// Hash key (NULL: keep the driver's).
    pub rss_key: *mut u8,
    /// Key length in bytes.
    pub rss_key_len: u8,
    /// RTE_ETH_RSS_* protocols.
    pub rss_hf: u64,
}

/// One VLAN-to-pools entry of the VMDq configurations.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_vmdq_pool_map {
    /// VLAN id.
    pub vlan_id: u16,
    /// Pool bitmask.
    pub pools: u64,
}

/// VMDq+DCB Rx configuration.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_vmdq_dcb_conf {
    /// `enum rte_eth_nb_pools`.
    pub nb_queue_pools: u32,
    /// Whether unmatched packets go to the default pool.
    pub enable_default_pool: u8,
    /// The default pool.
    pub default_pool: u8,
    /// Entries used in `pool_map`.
    pub nb_pool_maps: u8,
    /// VLAN to pools.
    pub pool_map: [rte_eth_vmdq_pool_map; RTE_ETH_VMDQ_MAX_VLAN_FILTERS],
    /// User priority to traffic class.
    pub dcb_tc: [u8; RTE_ETH_DCB_NUM_USER_PRIORITIES],
}

/// DCB Rx (and Tx) configuration.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_dcb_rx_conf {
    /// `enum rte_eth_nb_tcs`.
    pub nb_tcs: u32,
    /// User priority to traffic class.
    pub dcb_tc: [u8; RTE_ETH_DCB_NUM_USER_PRIORITIES],
}

/// VMDq Rx configuration.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_vmdq_rx_conf {
    /// `enum rte_eth_nb_pools`.
    pub nb_queue_pools: u32,
    /// Whether unmatched packets go to the default pool.
    pub enable_default_pool: u8,
    /// The default pool.
    pub default_pool: u8,
    /// Loopback between pools.
    pub enable_loop_back: u8,
    /// Entries used in `pool_map`.
    pub nb_pool_maps: u8,
    /// RTE_ETH_VMDQ_ACCEPT_* flags.
    pub rx_mode: u32,
    /// VLAN to pools.
    pub pool_map: [rte_eth_vmdq_pool_map; RTE_ETH_VMDQ_MAX_VLAN_FILTERS],
}

/// Rx advanced configuration (a struct, all members present).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_rx_adv_conf {
    /// RSS.
    pub rss_conf: rte_eth_rss_conf,
    /// VMDq+DCB.
    pub vmdq_dcb_conf: rte_eth_vmdq_dcb_conf,
    /// DCB.
    pub dcb_rx_conf: rte_eth_dcb_rx_conf,
    /// VMDq.
    pub vmdq_rx_conf: rte_eth_vmdq_rx_conf,
}

/// Tx advanced configuration (a union in C, 12 bytes: the largest member
/// is `{nb_queue_pools, dcb_tc[8]}`).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_tx_adv_conf {
    /// `enum` pools or tcs count.
    pub nb: u32,
    /// User priority to traffic class.
    pub dcb_tc: [u8; RTE_ETH_DCB_NUM_USER_PRIORITIES],
}

/// The port configuration given to `rte_eth_dev_configure`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_conf {
    /// RTE_ETH_LINK_SPEED_* bitmap (0: autonegotiate).
    pub link_speeds: u32,
    /// Rx configuration.
    pub rxmode: rte_eth_rxmode,
    /// Tx configuration.
    pub txmode: rte_eth_txmode,
    /// Loopback mode (driver specific).
    pub lpbk_mode: u32,
    /// Rx advanced configuration.
    pub rx_adv_conf: rte_eth_rx_adv_conf,
    /// Tx advanced configuration.
    pub tx_adv_conf: rte_eth_tx_adv_conf,
    /// DCB capability flags.
    pub dcb_capability_en: u32,
    /// Bitfield in C: lsc:1, rxq:1, rmv:1.
    pub intr_conf: u32,
}

/// `intr_conf` bit: link-state-change interrupts.
pub const INTR_CONF_LSC: u32 = 1;
/// `intr_conf` bit: Rx queue interrupts.
pub const INTR_CONF_RXQ: u32 = 2;
/// `intr_conf` bit: removal interrupts.
pub const INTR_CONF_RMV: u32 = 4;

/// Rx queue configuration.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_rxconf {
    /// Ring thresholds.
    pub rx_thresh: rte_eth_thresh,
    /// Free descriptors to gather before refilling.
    pub rx_free_thresh: u16,
    /// Drop when no descriptor is free.
    pub rx_drop_en: u8,
    /// Do not start with the port.
    pub rx_deferred_start: u8,
    /// Segments in `rx_seg`.
    pub rx_nseg: u16,
    /// Shared Rx queue group.
    pub share_group: u16,
    /// Shared Rx queue id in the group.
    pub share_qid: u16,
    /// RTE_ETH_RX_OFFLOAD_* for this queue.
    pub offloads: u64,
    /// Buffer split description.
    pub rx_seg: *mut c_void,
    /// Mempools (multi-pool Rx).
    pub rx_mempools: *mut *mut rte_mempool,
    /// Entries in `rx_mempools`.
    pub rx_nmempool: u16,
    /// Reserved.
    pub reserved_64s: [u64; 2],
    /// Reserved.
    pub reserved_ptrs: [*mut c_void; 2],
}

/// Tx queue configuration.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_txconf {
    /// Ring thresholds.
    pub tx_thresh: rte_eth_thresh,
    /// Report-status threshold.
    pub tx_rs_thresh: u16,
    /// Free threshold.
    pub tx_free_thresh: u16,
    /// Do not start with the port.
    pub tx_deferred_start: u8,
    /// RTE_ETH_TX_OFFLOAD_* for this queue.
    pub offloads: u64,
    /// Reserved.
    pub reserved_64s: [u64; 2],
    /// Reserved.
    pub reserved_ptrs: [*mut c_void; 2],
}

/// Descriptor count limits of a queue.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_desc_lim {
    /// Most descriptors.
    pub nb_max: u16,
    /// Fewest descriptors.
    pub nb_min: u16,
    /// Required multiple.
    pub nb_align: u16,
    /// Most segments per packet.
    pub nb_seg_max: u16,
    /// Most segments per MTU-sized packet.
    pub nb_mtu_seg_max: u16,
}

/// Switch domain of a port.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_switch_info {
    /// Switch name.
    pub name: *const c_char,
    /// Domain id.
    pub domain_id: u16,
    /// Port id in the domain.
    pub port_id: u16,
    /// Shared Rx queue domain.
    pub rx_domain: u16,
}

/// Buffer split capabilities. In C a 6-bit `uint32_t` bitfield, then two
/// shorts that share its 4-byte unit (so `max_nseg` sits at offset 2).
#[repr(C, align(4))]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_rxseg_capa {
    /// multi_pools:1, offset_allowed:1, offset_align_log2:4.
    pub bits: u16,
    /// Most segments.
    pub max_nseg: u16,
    /// Reserved.
    pub reserved: u16,
}

/// Preferred burst/ring/queue sizes.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_dev_portconf {
    /// Burst size.
    pub burst_size: u16,
    /// Ring size.
    pub ring_size: u16,
    /// Queue count.
    pub nb_queues: u16,
}

/// What `rte_eth_dev_info_get` reports.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_dev_info {
    /// Generic device.
    pub device: *mut rte_device,
    /// Driver name.
    pub driver_name: *const c_char,
    /// Kernel interface index (0 if none).
    pub if_index: c_uint,
    /// Smallest MTU.
    pub min_mtu: u16,
    /// Largest MTU.
    pub max_mtu: u16,
    /// Points at `rte_eth_dev_data::dev_flags`.
    pub dev_flags: *const u32,
    /// Smallest Rx buffer.
    pub min_rx_bufsize: u32,
    /// Largest Rx packet.
    pub max_rx_pktlen: u32,
    /// Largest LRO aggregate.
    pub max_lro_pkt_size: u32,
    /// Most Rx queues.
    pub max_rx_queues: u16,
    /// Most Tx queues.
    pub max_tx_queues: u16,
    /// MAC address slots.
    pub max_mac_addrs: u32,
    /// Hash MAC address slots.
    pub max_hash_mac_addrs: u32,
    /// Most VFs.
    pub max_vfs: u16,
    /// Most VMDq pools.
    pub max_vmdq_pools: u16,
    /// Buffer split capabilities.
    pub rx_seg_capa: rte_eth_rxseg_capa,
    /// Port Rx offloads.
    pub rx_offload_capa: u64,
    /// Port Tx offloads.
    pub tx_offload_capa: u64,
    /// Per-queue Rx offloads.
    pub rx_queue_offload_capa: u64,
    /// Per-queue Tx offloads.
    pub tx_queue_offload_capa: u64,
    /// RETA entries.
    pub reta_size: u16,
    /// RSS key bytes.
    pub hash_key_size: u8,
    /// RSS protocols.
    pub flow_type_rss_offloads: u64,
    /// Default Rx queue configuration.
    pub default_rxconf: rte_eth_rxconf,
    /// Default Tx queue configuration.
    pub default_txconf: rte_eth_txconf,
    /// VMDq first queue.
    pub vmdq_queue_base: u16,
    /// VMDq queues.
    pub vmdq_queue_num: u16,
    /// VMDq first pool.
    pub vmdq_pool_base: u16,
    /// Rx descriptor limits.
    pub rx_desc_lim: rte_eth_desc_lim,
    /// Tx descriptor limits.
    pub tx_desc_lim: rte_eth_desc_lim,
    /// RTE_ETH_LINK_SPEED_* supported.
    pub speed_capa: u32,
    /// Configured Rx queues.
    pub nb_rx_queues: u16,
    /// Configured Tx queues.
    pub nb_tx_queues: u16,
    /// Most mempools per Rx queue.
    pub max_rx_mempools: u16,
    /// Preferred Rx settings.
    pub default_rxportconf: rte_eth_dev_portconf,
    /// Preferred Tx settings.
    pub default_txportconf: rte_eth_dev_portconf,
    /// RTE_ETH_DEV_CAPA_* bits.
    pub dev_capa: u64,
    /// Switch information.
    pub switch_info: rte_eth_switch_info,
    /// `enum rte_eth_err_handle_mode`.
    pub err_handle_mode: u32,
    /// Reserved.
    pub reserved_64s: [u64; 2],
    /// Reserved.
    pub reserved_ptrs: [*mut c_void; 2],
}

/// Link state: 8 bytes read and written as one 64-bit word. In C the
/// second half is `link_duplex:1, link_autoneg:1, link_status:1`.
#[repr(C, align(8))]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct rte_eth_link {
    /// Mbps (RTE_ETH_SPEED_NUM_*).
    pub link_speed: u32,
    /// Bit 0 duplex, bit 1 autoneg, bit 2 status.
    pub bits: u16,
}

/// `rte_eth_link::bits`: full duplex.
pub const LINK_BIT_DUPLEX: u16 = 1;
/// `rte_eth_link::bits`: autonegotiated.
pub const LINK_BIT_AUTONEG: u16 = 2;
/// `rte_eth_link::bits`: up.
pub const LINK_BIT_STATUS: u16 = 4;

/// Basic port counters.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_stats {
    /// Packets received.
    pub ipackets: u64,
    /// Packets sent.
    pub opackets: u64,
    /// Bytes received.
    pub ibytes: u64,
    /// Bytes sent.
    pub obytes: u64,
    /// Rx packets dropped by the hardware.
    pub imissed: u64,
    /// Erroneous Rx packets.
    pub ierrors: u64,
    /// Failed transmissions.
    pub oerrors: u64,
    /// Rx mbuf allocation failures.
    pub rx_nombuf: u64,
    /// Per queue.
    pub q_ipackets: [u64; RTE_ETHDEV_QUEUE_STAT_CNTRS],
    /// Per queue.
    pub q_opackets: [u64; RTE_ETHDEV_QUEUE_STAT_CNTRS],
    /// Per queue.
    pub q_ibytes: [u64; RTE_ETHDEV_QUEUE_STAT_CNTRS],
    /// Per queue.
    pub q_obytes: [u64; RTE_ETHDEV_QUEUE_STAT_CNTRS],
    /// Per queue.
    pub q_errors: [u64; RTE_ETHDEV_QUEUE_STAT_CNTRS],
}

/// One extended statistic.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_xstat {
    /// Index in the names table.
    pub id: u64,
    /// Value.
    pub value: u64,
}

/// One extended statistic name.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_xstat_name {
    /// NUL-terminated name.
    pub name: [c_char; RTE_ETH_XSTATS_NAME_SIZE],
}

/// A port owner.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_dev_owner {
    /// Owner id (0: none).
    pub id: u64,
    /// Owner name.
    pub name: [c_char; RTE_ETH_MAX_OWNER_NAME_LEN],
}

/// Rx queue information.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
pub struct rte_eth_rxq_info {
    /// Mempool.
    pub mp: *mut rte_mempool,
    /// Configuration.
    pub conf: rte_eth_rxconf,
    /// Scattered Rx on.
    pub scattered_rx: u8,
    /// RTE_ETH_QUEUE_STATE_*.
    pub queue_state: u8,
    /// Descriptors.
    pub nb_desc: u16,
    /// Buffer size.
    pub rx_buf_size: u16,
    /// Available descriptors threshold (percent).
    pub avail_thresh: u8,
}

/// Tx queue information.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
pub struct rte_eth_txq_info {
    /// Configuration.
    pub conf: rte_eth_txconf,
    /// Descriptors.
    pub nb_desc: u16,
    /// RTE_ETH_QUEUE_STATE_*.
    pub queue_state: u8,
}

/// Burst mode description.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_burst_mode {
    /// RTE_ETH_BURST_FLAG_*.
    pub flags: u64,
    /// Text.
    pub info: [c_char; RTE_ETH_BURST_MODE_INFO_SIZE],
}

/// Tx buffer error callback.
pub type buffer_tx_error_fn = Option<unsafe extern "C" fn(*mut *mut rte_mbuf, u16, *mut c_void)>;

/// A Tx buffer; `size` mbuf pointers follow the header.
#[repr(C)]
pub struct rte_eth_dev_tx_buffer {
    /// Called with the packets a flush could not send.
    pub error_callback: buffer_tx_error_fn,
    /// Its argument.
    pub error_userdata: *mut c_void,
    /// Capacity.
    pub size: u16,
    /// Packets buffered.
    pub length: u16,
    /// The packets (flexible array).
    pub pkts: [*mut rte_mbuf; 0],
}

/// VLAN filter bitmap.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_vlan_filter_conf {
    /// 4096 bits.
    pub ids: [u64; 64],
}

/// SR-IOV state.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct rte_eth_dev_sriov {
    /// Active.
    pub active: u8,
    /// Queues per pool.
    pub nb_q_per_pool: u8,
    /// Default VMDq index.
    pub def_vmdq_idx: u16,
    /// Default pool queue.
    pub def_pool_q_idx: u16,
}

/// Driver Rx burst.
pub type eth_rx_burst_t = Option<unsafe extern "C" fn(*mut c_void, *mut *mut rte_mbuf, u16) -> u16>;
/// Driver Tx burst.
pub type eth_tx_burst_t = Option<unsafe extern "C" fn(*mut c_void, *mut *mut rte_mbuf, u16) -> u16>;
/// Driver Tx prepare.
pub type eth_tx_prep_t = Option<unsafe extern "C" fn(*mut c_void, *mut *mut rte_mbuf, u16) -> u16>;
/// Used Rx descriptors.
pub type eth_rx_queue_count_t = Option<unsafe extern "C" fn(*mut c_void) -> u32>;
/// Rx descriptor status.
pub type eth_rx_descriptor_status_t = Option<unsafe extern "C" fn(*mut c_void, u16) -> c_int>;
/// Tx descriptor status.
pub type eth_tx_descriptor_status_t = Option<unsafe extern "C" fn(*mut c_void, u16) -> c_int>;

/// Per-queue data arrays of one direction in `rte_eth_fp_ops`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_ethdev_qdata {
    /// Queue pointers, indexed by queue id.
    pub data: *mut *mut c_void,
    /// Callback list heads, indexed by queue id.
    pub clbk: *mut *mut c_void,
}

/// The fast-path table entry the inline burst functions read.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
pub struct rte_eth_fp_ops {
    /// Rx burst.
    pub rx_pkt_burst: eth_rx_burst_t,
    /// Rx queue count.
    pub rx_queue_count: eth_rx_queue_count_t,
    /// Rx descriptor status.
    pub rx_descriptor_status: eth_rx_descriptor_status_t,
    /// Rx queues and callbacks.
    pub rxq: rte_ethdev_qdata,
    /// Reserved.
    pub reserved1: [usize; 3],
    /// Tx burst.
    pub tx_pkt_burst: eth_tx_burst_t,
    /// Tx prepare.
    pub tx_pkt_prepare: eth_tx_prep_t,
    /// Tx descriptor status.
    pub tx_descriptor_status: eth_tx_descriptor_status_t,
    /// Tx queues and callbacks.
    pub txq: rte_ethdev_qdata,
    /// Reserved.
    pub reserved2: [usize; 3],
}

/// Rx callback.
pub type rte_rx_callback_fn = Option<unsafe extern "C" fn(u16, u16, *mut *mut rte_mbuf, u16, u16, *mut c_void) -> u16>;
/// Tx callback.
pub type rte_tx_callback_fn = Option<unsafe extern "C" fn(u16, u16, *mut *mut rte_mbuf, u16, *mut c_void) -> u16>;

/// One Rx or Tx callback in a queue's list (`fn` is a union of the two
/// pointer types in C).
#[repr(C)]
pub struct rte_eth_rxtx_callback {
    /// Next in the list.
    pub next: *mut rte_eth_rxtx_callback,
    /// The function (`fn.rx` or `fn.tx`).
    pub func: *mut c_void,
    /// Its argument.
    pub param: *mut c_void,
}

/// `struct rte_eth_dev_cb_list` (a TAILQ head of opaque callbacks).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_eth_dev_cb_list {
    /// First.
    pub tqh_first: *mut c_void,
    /// Last's next pointer.
    pub tqh_last: *mut *mut c_void,
}

/// A port slot (`rte_eth_devices[port_id]`), per process.
#[repr(C, align(64))]
pub struct rte_eth_dev {
    /// Driver Rx burst.
    pub rx_pkt_burst: eth_rx_burst_t,
    /// Driver Tx burst.
    pub tx_pkt_burst: eth_tx_burst_t,
    /// Driver Tx prepare.
    pub tx_pkt_prepare: eth_tx_prep_t,
    /// Driver Rx queue count.
    pub rx_queue_count: eth_rx_queue_count_t,
    /// Driver Rx descriptor status.
    pub rx_descriptor_status: eth_rx_descriptor_status_t,
    /// Driver Tx descriptor status.
    pub tx_descriptor_status: eth_tx_descriptor_status_t,
    /// Shared data.
    pub data: *mut rte_eth_dev_data,
    /// Per-process driver data.
    pub process_private: *mut c_void,
    /// Driver operations.
    pub dev_ops: *const eth_dev_ops,
    /// Backing device.
    pub device: *mut rte_device,
    /// Interrupt handle.
    pub intr_handle: *mut rte_intr_handle,
    /// Application event callbacks (unused here: kept in Rust).
    pub link_intr_cbs: rte_eth_dev_cb_list,
    /// Rx callback lists.
    pub post_rx_burst_cbs: [*mut rte_eth_rxtx_callback; RTE_MAX_QUEUES_PER_PORT],
    /// Tx callback lists.
    pub pre_tx_burst_cbs: [*mut rte_eth_rxtx_callback; RTE_MAX_QUEUES_PER_PORT],
    /// `enum rte_eth_dev_state`.
    pub state: u32,
    /// Security context.
    pub security_ctx: *mut c_void,
}

/// Shared per-port data.
#[repr(C, align(64))]
pub struct rte_eth_dev_data {
    /// Port name.
    pub name: [c_char; RTE_ETH_NAME_MAX_LEN],
    /// Rx queue pointers.
    pub rx_queues: *mut *mut c_void,
    /// Tx queue pointers.
    pub tx_queues: *mut *mut c_void,
    /// Rx queues configured.
    pub nb_rx_queues: u16,
    /// Tx queues configured.
    pub nb_tx_queues: u16,
    /// SR-IOV.
    pub sriov: rte_eth_dev_sriov,
    /// Driver private data.
    pub dev_private: *mut c_void,
    /// Link (64-bit atomic word).
    pub dev_link: rte_eth_link,
    /// Configuration applied.
    pub dev_conf: rte_eth_conf,
    /// MTU.
    pub mtu: u16,
    /// Rx buffer size common to all queues.
    pub min_rx_buf_size: u32,
    /// Rx mbuf allocation failures.
    pub rx_mbuf_alloc_failed: u64,
    /// MAC addresses (index 0: the default).
    pub mac_addrs: *mut rte_ether_addr,
    /// Pools per MAC address.
    pub mac_pool_sel: [u64; RTE_ETH_NUM_RECEIVE_MAC_ADDR],
    /// Hash MAC addresses.
    pub hash_mac_addrs: *mut rte_ether_addr,
    /// Port id.
    pub port_id: u16,
    /// Bitfield in C: promiscuous, scattered_rx, all_multicast, dev_started,
    /// lro, dev_configured, flow_configured (bits 0..6).
    pub flags: u8,
    /// Rx queue states.
    pub rx_queue_state: [u8; RTE_MAX_QUEUES_PER_PORT],
    /// Tx queue states.
    pub tx_queue_state: [u8; RTE_MAX_QUEUES_PER_PORT],
    /// RTE_ETH_DEV_* capabilities.
    pub dev_flags: u32,
    /// NUMA node.
    pub numa_node: c_int,
    /// VLAN filter.
    pub vlan_filter_conf: rte_vlan_filter_conf,
    /// Owner.
    pub owner: rte_eth_dev_owner,
    /// Representor id.
    pub representor_id: u16,
    /// Backing port.
    pub backer_port_id: u16,
    /// `pthread_mutex_t` for flow ops.
    pub flow_ops_mutex: libc_pthread_mutex,
}

/// A `pthread_mutex_t` (40 bytes, 8-aligned on x86_64 glibc).
#[repr(C, align(8))]
#[derive(Clone, Copy)]
pub struct libc_pthread_mutex {
    /// Opaque.
    pub bytes: [u8; 40],
}

/// `rte_eth_dev_data::flags` bits.
pub const DATA_PROMISCUOUS: u8 = 1;
/// Scattered Rx.
pub const DATA_SCATTERED_RX: u8 = 2;
/// All-multicast.
pub const DATA_ALL_MULTICAST: u8 = 4;
/// Started.
pub const DATA_DEV_STARTED: u8 = 8;
/// LRO.
pub const DATA_LRO: u8 = 16;
/// Configured.
pub const DATA_DEV_CONFIGURED: u8 = 32;
/// Flow engine configured.
pub const DATA_FLOW_CONFIGURED: u8 = 64;

type DevFn = Option<unsafe extern "C" fn(*mut rte_eth_dev) -> c_int>;
type OtherFn = Option<unsafe extern "C" fn()>;

/// Driver operations, in 22.11 order. Operations this library calls are
/// typed; the rest are untyped slots keeping the layout.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct eth_dev_ops {
    /// Configure.
    pub dev_configure: DevFn,
    /// Start.
    pub dev_start: DevFn,
    /// Stop.
    pub dev_stop: DevFn,
    /// Link up.
    pub dev_set_link_up: DevFn,
    /// Link down.
    pub dev_set_link_down: DevFn,
    /// Close.
    pub dev_close: DevFn,
    /// Reset.
    pub dev_reset: DevFn,
    /// Link update (wait_to_complete).
    pub link_update: Option<unsafe extern "C" fn(*mut rte_eth_dev, c_int) -> c_int>,
    /// Removed?
    pub is_removed: DevFn,
    /// Promiscuous on.
    pub promiscuous_enable: DevFn,
    /// Promiscuous off.
    pub promiscuous_disable: DevFn,
    /// All-multicast on.
    pub allmulticast_enable: DevFn,
    /// All-multicast off.
    pub allmulticast_disable: DevFn,
    /// Remove a MAC address (index).
    pub mac_addr_remove: Option<unsafe extern "C" fn(*mut rte_eth_dev, u32)>,
    /// Add a MAC address (addr, index, pool).
    pub mac_addr_add: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_ether_addr, u32, u32) -> c_int>,
    /// Set the default MAC address.
    pub mac_addr_set: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_ether_addr) -> c_int>,
    /// Multicast list.
    pub set_mc_addr_list: OtherFn,
    /// MTU.
    pub mtu_set: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Stats.
    pub stats_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_eth_stats) -> c_int>,
    /// Stats reset.
    pub stats_reset: DevFn,
    /// Xstats.
    pub xstats_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_eth_xstat, c_uint) -> c_int>,
    /// Xstats reset.
    pub xstats_reset: DevFn,
    /// Xstat names.
    pub xstats_get_names: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_eth_xstat_name, c_uint) -> c_int>,
    /// Queue stats mapping.
    pub queue_stats_mapping_set: OtherFn,
    /// Device info.
    pub dev_infos_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_eth_dev_info) -> c_int>,
    /// Rx queue info.
    pub rxq_info_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16, *mut rte_eth_rxq_info)>,
    /// Tx queue info.
    pub txq_info_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16, *mut rte_eth_txq_info)>,
    /// Rx burst mode.
    pub rx_burst_mode_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16, *mut rte_eth_burst_mode) -> c_int>,
    /// Tx burst mode.
    pub tx_burst_mode_get: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16, *mut rte_eth_burst_mode) -> c_int>,
    /// Firmware version.
    pub fw_version_get: OtherFn,
    /// Supported ptypes.
    pub dev_supported_ptypes_get: Option<unsafe extern "C" fn(*mut rte_eth_dev) -> *const u32>,
    /// Set ptypes.
    pub dev_ptypes_set: Option<unsafe extern "C" fn(*mut rte_eth_dev, u32) -> c_int>,
    /// VLAN filter.
    pub vlan_filter_set: OtherFn,
    /// VLAN TPID.
    pub vlan_tpid_set: OtherFn,
    /// VLAN strip per queue.
    pub vlan_strip_queue_set: OtherFn,
    /// VLAN offloads.
    pub vlan_offload_set: OtherFn,
    /// Port VLAN id.
    pub vlan_pvid_set: OtherFn,
    /// Rx queue start.
    pub rx_queue_start: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Rx queue stop.
    pub rx_queue_stop: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Tx queue start.
    pub tx_queue_start: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Tx queue stop.
    pub tx_queue_stop: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Rx queue setup.
    pub rx_queue_setup: Option<
        unsafe extern "C" fn(*mut rte_eth_dev, u16, u16, c_uint, *const rte_eth_rxconf, *mut rte_mempool) -> c_int,
    >,
    /// Rx queue release.
    pub rx_queue_release: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16)>,
    /// Rx interrupt on.
    pub rx_queue_intr_enable: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Rx interrupt off.
    pub rx_queue_intr_disable: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int>,
    /// Tx queue setup.
    pub tx_queue_setup:
        Option<unsafe extern "C" fn(*mut rte_eth_dev, u16, u16, c_uint, *const rte_eth_txconf) -> c_int>,
    /// Tx queue release.
    pub tx_queue_release: Option<unsafe extern "C" fn(*mut rte_eth_dev, u16)>,
    /// The remaining 22.11 operations (tx_done_cleanup .. cman_config_get),
    /// not called by this library.
    pub others: [OtherFn; 66],
}

/// Index in `eth_dev_ops::others` of `read_clock`.
pub const OPS_OTHERS_READ_CLOCK: usize = 32;

const _: () = {
    assert!(size_of::<rte_eth_thresh>() == 3);
    assert!(size_of::<rte_eth_rxmode>() == 56);
    assert!(offset_of!(rte_eth_rxmode, mtu) == 4);
    assert!(offset_of!(rte_eth_rxmode, offloads) == 16);
    assert!(offset_of!(rte_eth_rxmode, reserved_ptrs) == 40);
    assert!(size_of::<rte_eth_txmode>() == 56);
    assert!(offset_of!(rte_eth_txmode, offloads) == 8);
    assert!(offset_of!(rte_eth_txmode, pvid) == 16);
    assert!(offset_of!(rte_eth_txmode, reserved_64s) == 24);
    assert!(size_of::<rte_eth_rss_conf>() == 24);
    assert!(offset_of!(rte_eth_rss_conf, rss_key_len) == 8);
    assert!(offset_of!(rte_eth_rss_conf, rss_hf) == 16);
    assert!(size_of::<rte_eth_vmdq_dcb_conf>() == 1040);
    assert!(offset_of!(rte_eth_vmdq_dcb_conf, pool_map) == 8);
    assert!(offset_of!(rte_eth_vmdq_dcb_conf, dcb_tc) == 1032);
    assert!(size_of::<rte_eth_dcb_rx_conf>() == 12);
    assert!(size_of::<rte_eth_vmdq_rx_conf>() == 1040);
    assert!(offset_of!(rte_eth_vmdq_rx_conf, rx_mode) == 8);
    assert!(offset_of!(rte_eth_vmdq_rx_conf, pool_map) == 16);
    assert!(size_of::<rte_eth_tx_adv_conf>() == 12);
    assert!(size_of::<rte_eth_conf>() == 2272);
    assert!(offset_of!(rte_eth_conf, rxmode) == 8);
    assert!(offset_of!(rte_eth_conf, txmode) == 64);
    assert!(offset_of!(rte_eth_conf, lpbk_mode) == 120);
    assert!(offset_of!(rte_eth_conf, rx_adv_conf) == 128);
    assert!(offset_of!(rte_eth_conf, rx_adv_conf.vmdq_dcb_conf) == 152);
    assert!(offset_of!(rte_eth_conf, rx_adv_conf.dcb_rx_conf) == 1192);
    assert!(offset_of!(rte_eth_conf, rx_adv_conf.vmdq_rx_conf) == 1208);
    assert!(offset_of!(rte_eth_conf, tx_adv_conf) == 2248);
    assert!(offset_of!(rte_eth_conf, dcb_capability_en) == 2260);
    assert!(offset_of!(rte_eth_conf, intr_conf) == 2264);
    assert!(size_of::<rte_eth_rxconf>() == 80);
    assert!(offset_of!(rte_eth_rxconf, rx_free_thresh) == 4);
    assert!(offset_of!(rte_eth_rxconf, rx_nseg) == 8);
    assert!(offset_of!(rte_eth_rxconf, share_qid) == 12);
    assert!(offset_of!(rte_eth_rxconf, offloads) == 16);
    assert!(offset_of!(rte_eth_rxconf, rx_seg) == 24);
    assert!(offset_of!(rte_eth_rxconf, rx_nmempool) == 40);
    assert!(offset_of!(rte_eth_rxconf, reserved_64s) == 48);
    assert!(size_of::<rte_eth_txconf>() == 56);
    assert!(offset_of!(rte_eth_txconf, tx_rs_thresh) == 4);
    assert!(offset_of!(rte_eth_txconf, tx_deferred_start) == 8);
    assert!(offset_of!(rte_eth_txconf, offloads) == 16);
    assert!(offset_of!(rte_eth_txconf, reserved_ptrs) == 40);
    assert!(size_of::<rte_eth_desc_lim>() == 10);
    assert!(size_of::<rte_eth_switch_info>() == 16);
    assert!(size_of::<rte_eth_rxseg_capa>() == 8);
    assert!(offset_of!(rte_eth_rxseg_capa, max_nseg) == 2);
    assert!(size_of::<rte_eth_dev_portconf>() == 6);
    assert!(size_of::<rte_eth_dev_info>() == 376);
    assert!(offset_of!(rte_eth_dev_info, if_index) == 16);
    assert!(offset_of!(rte_eth_dev_info, dev_flags) == 24);
    assert!(offset_of!(rte_eth_dev_info, max_rx_queues) == 44);
    assert!(offset_of!(rte_eth_dev_info, max_vfs) == 56);
    assert!(offset_of!(rte_eth_dev_info, rx_seg_capa) == 60);
    assert!(offset_of!(rte_eth_dev_info, rx_offload_capa) == 72);
    assert!(offset_of!(rte_eth_dev_info, reta_size) == 104);
    assert!(offset_of!(rte_eth_dev_info, flow_type_rss_offloads) == 112);
    assert!(offset_of!(rte_eth_dev_info, default_rxconf) == 120);
    assert!(offset_of!(rte_eth_dev_info, default_txconf) == 200);
    assert!(offset_of!(rte_eth_dev_info, vmdq_queue_base) == 256);
    assert!(offset_of!(rte_eth_dev_info, rx_desc_lim) == 262);
    assert!(offset_of!(rte_eth_dev_info, speed_capa) == 284);
    assert!(offset_of!(rte_eth_dev_info, nb_rx_queues) == 288);
    assert!(offset_of!(rte_eth_dev_info, max_rx_mempools) == 292);
    assert!(offset_of!(rte_eth_dev_info, default_rxportconf) == 294);
    assert!(offset_of!(rte_eth_dev_info, dev_capa) == 312);
    assert!(offset_of!(rte_eth_dev_info, switch_info) == 320);
    assert!(offset_of!(rte_eth_dev_info, err_handle_mode) == 336);
    assert!(offset_of!(rte_eth_dev_info, reserved_64s) == 344);
    assert!(offset_of!(rte_eth_dev_info, reserved_ptrs) == 360);
    assert!(size_of::<rte_eth_link>() == 8);
    assert!(size_of::<rte_eth_stats>() == 704);
    assert!(offset_of!(rte_eth_stats, q_ipackets) == 64);
    assert!(offset_of!(rte_eth_stats, q_errors) == 576);
    assert!(size_of::<rte_eth_xstat>() == 16);
    assert!(size_of::<rte_eth_xstat_name>() == 64);
    assert!(size_of::<rte_eth_dev_owner>() == 72);
    assert!(size_of::<rte_eth_rxq_info>() == 128);
    assert!(offset_of!(rte_eth_rxq_info, conf) == 8);
    assert!(offset_of!(rte_eth_rxq_info, scattered_rx) == 88);
    assert!(offset_of!(rte_eth_rxq_info, nb_desc) == 90);
    assert!(offset_of!(rte_eth_rxq_info, avail_thresh) == 94);
    assert!(size_of::<rte_eth_txq_info>() == 64);
    assert!(offset_of!(rte_eth_txq_info, nb_desc) == 56);
    assert!(offset_of!(rte_eth_txq_info, queue_state) == 58);
    assert!(size_of::<rte_eth_burst_mode>() == 1032);
    assert!(size_of::<rte_eth_dev_tx_buffer>() == 24);
    assert!(offset_of!(rte_eth_dev_tx_buffer, size) == 16);
    assert!(offset_of!(rte_eth_dev_tx_buffer, pkts) == 24);
    assert!(size_of::<rte_ethdev_qdata>() == 16);
    assert!(size_of::<rte_eth_fp_ops>() == 128);
    assert!(offset_of!(rte_eth_fp_ops, rxq) == 24);
    assert!(offset_of!(rte_eth_fp_ops, reserved1) == 40);
    assert!(offset_of!(rte_eth_fp_ops, tx_pkt_burst) == 64);
    assert!(offset_of!(rte_eth_fp_ops, txq) == 88);
    assert!(offset_of!(rte_eth_fp_ops, reserved2) == 104);
    assert!(size_of::<rte_eth_dev_sriov>() == 6);
    assert!(size_of::<rte_vlan_filter_conf>() == 512);
    // Driver side, from the 22.11 source layout (not in an installed header).
    assert!(size_of::<rte_eth_rxtx_callback>() == 24);
    assert!(offset_of!(rte_eth_dev, data) == 48 && offset_of!(rte_eth_dev, dev_ops) == 64);
    assert!(offset_of!(rte_eth_dev, intr_handle) == 80 && offset_of!(rte_eth_dev, link_intr_cbs) == 88);
    assert!(offset_of!(rte_eth_dev, post_rx_burst_cbs) == 104 && offset_of!(rte_eth_dev, pre_tx_burst_cbs) == 8296);
    assert!(offset_of!(rte_eth_dev, state) == 16488 && offset_of!(rte_eth_dev, security_ctx) == 16496);
    assert!(size_of::<rte_eth_dev>() * RTE_MAX_ETHPORTS == 528384);
    assert!(offset_of!(rte_eth_dev_data, rx_queues) == 64 && offset_of!(rte_eth_dev_data, nb_rx_queues) == 80);
    assert!(offset_of!(rte_eth_dev_data, sriov) == 84 && offset_of!(rte_eth_dev_data, dev_private) == 96);
    assert!(offset_of!(rte_eth_dev_data, dev_link) == 104 && offset_of!(rte_eth_dev_data, dev_conf) == 112);
    assert!(offset_of!(rte_eth_dev_data, mtu) == 2384 && offset_of!(rte_eth_dev_data, min_rx_buf_size) == 2388);
    assert!(
        offset_of!(rte_eth_dev_data, rx_mbuf_alloc_failed) == 2392 && offset_of!(rte_eth_dev_data, mac_addrs) == 2400
    );
    assert!(offset_of!(rte_eth_dev_data, hash_mac_addrs) == 3432 && offset_of!(rte_eth_dev_data, port_id) == 3440);
    assert!(offset_of!(rte_eth_dev_data, flags) == 3442 && offset_of!(rte_eth_dev_data, rx_queue_state) == 3443);
    assert!(offset_of!(rte_eth_dev_data, dev_flags) == 5492 && offset_of!(rte_eth_dev_data, vlan_filter_conf) == 5504);
    assert!(offset_of!(rte_eth_dev_data, owner) == 6016 && offset_of!(rte_eth_dev_data, backer_port_id) == 6090);
    assert!(offset_of!(rte_eth_dev_data, flow_ops_mutex) == 6096 && size_of::<rte_eth_dev_data>() == 6144);
    assert!(size_of::<eth_dev_ops>() == 113 * 8);
};
