//! Types and constants of `rte_mbuf_core.h` / `rte_mbuf.h`: the packet
//! buffer that reference inline code reads and writes directly, so every
//! offset below is the ABI (22.11 built with RTE_IOVA_AS_PA = 1).
//!
//! The C header writes the structs by hand (anonymous unions, the bitfield
//! views of `packet_type` and `tx_offload`); cbindgen emits only the
//! constants of this file. The unions appear here as their raw words.

use core::ffi::c_void;
use core::mem::{offset_of, size_of};

// ---- ol_flags: receive side ----
/// The VLAN tag is valid in `vlan_tci`.
pub const RTE_MBUF_F_RX_VLAN: u64 = 1u64 << 0;
/// The RSS hash is valid in `hash.rss`.
pub const RTE_MBUF_F_RX_RSS_HASH: u64 = 1u64 << 1;
/// A flow director rule matched.
pub const RTE_MBUF_F_RX_FDIR: u64 = 1u64 << 2;
/// The outer IP checksum is wrong.
pub const RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD: u64 = 1u64 << 5;
/// The VLAN tag was removed from the packet data.
pub const RTE_MBUF_F_RX_VLAN_STRIPPED: u64 = 1u64 << 6;
/// Both IP checksum status bits.
pub const RTE_MBUF_F_RX_IP_CKSUM_MASK: u64 = (1u64 << 4) | (1u64 << 7);
/// IP checksum not checked.
pub const RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN: u64 = 0;
/// IP checksum wrong.
pub const RTE_MBUF_F_RX_IP_CKSUM_BAD: u64 = 1u64 << 4;
/// IP checksum right.
pub const RTE_MBUF_F_RX_IP_CKSUM_GOOD: u64 = 1u64 << 7;
/// IP checksum not present in the data but integrity verified.
pub const RTE_MBUF_F_RX_IP_CKSUM_NONE: u64 = (1u64 << 4) | (1u64 << 7);
/// Both L4 checksum status bits.
pub const RTE_MBUF_F_RX_L4_CKSUM_MASK: u64 = (1u64 << 3) | (1u64 << 8);
/// L4 checksum not checked.
pub const RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN: u64 = 0;
/// L4 checksum wrong.
pub const RTE_MBUF_F_RX_L4_CKSUM_BAD: u64 = 1u64 << 3;
/// L4 checksum right.
pub const RTE_MBUF_F_RX_L4_CKSUM_GOOD: u64 = 1u64 << 8;
/// L4 checksum not present but integrity verified.
pub const RTE_MBUF_F_RX_L4_CKSUM_NONE: u64 = (1u64 << 3) | (1u64 << 8);
/// IEEE1588 PTP packet.
pub const RTE_MBUF_F_RX_IEEE1588_PTP: u64 = 1u64 << 9;
/// IEEE1588 timestamped packet.
pub const RTE_MBUF_F_RX_IEEE1588_TMST: u64 = 1u64 << 10;
/// The flow director id is valid.
pub const RTE_MBUF_F_RX_FDIR_ID: u64 = 1u64 << 13;
/// The flow director flexible bytes are valid.
pub const RTE_MBUF_F_RX_FDIR_FLX: u64 = 1u64 << 14;
/// Both VLAN tags were stripped.
pub const RTE_MBUF_F_RX_QINQ_STRIPPED: u64 = 1u64 << 15;
/// Large receive offload: several packets coalesced.
pub const RTE_MBUF_F_RX_LRO: u64 = 1u64 << 16;
/// Security offload processed.
pub const RTE_MBUF_F_RX_SEC_OFFLOAD: u64 = 1u64 << 18;
/// Security offload failed.
pub const RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED: u64 = 1u64 << 19;
/// Two VLAN tags valid (`vlan_tci`, `vlan_tci_outer`).
pub const RTE_MBUF_F_RX_QINQ: u64 = 1u64 << 20;
/// Both outer L4 checksum status bits.
pub const RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK: u64 = (1u64 << 21) | (1u64 << 22);
/// Outer L4 checksum not checked.
pub const RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN: u64 = 0;
/// Outer L4 checksum wrong.
pub const RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD: u64 = 1u64 << 21;
/// Outer L4 checksum right.
pub const RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD: u64 = 1u64 << 22;
/// Outer L4 checksum invalid.
pub const RTE_MBUF_F_RX_OUTER_L4_CKSUM_INVALID: u64 = (1u64 << 21) | (1u64 << 22);
/// First bit free for dynamic flags.
pub const RTE_MBUF_F_FIRST_FREE: u64 = 1u64 << 23;
/// Last bit free for dynamic flags.
pub const RTE_MBUF_F_LAST_FREE: u64 = 1u64 << 40;

// ---- ol_flags: transmit side ----
/// Outer UDP checksum offload.
pub const RTE_MBUF_F_TX_OUTER_UDP_CKSUM: u64 = 1u64 << 41;
/// UDP fragmentation offload.
pub const RTE_MBUF_F_TX_UDP_SEG: u64 = 1u64 << 42;
/// Security offload requested.
pub const RTE_MBUF_F_TX_SEC_OFFLOAD: u64 = 1u64 << 43;
/// MACsec offload requested.
pub const RTE_MBUF_F_TX_MACSEC: u64 = 1u64 << 44;
/// Tunnel type VXLAN.
pub const RTE_MBUF_F_TX_TUNNEL_VXLAN: u64 = 0x1u64 << 45;
/// Tunnel type GRE.
pub const RTE_MBUF_F_TX_TUNNEL_GRE: u64 = 0x2u64 << 45;
/// Tunnel type IP in IP.
pub const RTE_MBUF_F_TX_TUNNEL_IPIP: u64 = 0x3u64 << 45;
/// Tunnel type Geneve.
pub const RTE_MBUF_F_TX_TUNNEL_GENEVE: u64 = 0x4u64 << 45;
/// Tunnel type MPLS in UDP.
pub const RTE_MBUF_F_TX_TUNNEL_MPLSINUDP: u64 = 0x5u64 << 45;
/// Tunnel type VXLAN-GPE.
pub const RTE_MBUF_F_TX_TUNNEL_VXLAN_GPE: u64 = 0x6u64 << 45;
/// Tunnel type GTP.
pub const RTE_MBUF_F_TX_TUNNEL_GTP: u64 = 0x7u64 << 45;
/// Tunnel type ESP.
pub const RTE_MBUF_F_TX_TUNNEL_ESP: u64 = 0x8u64 << 45;
/// Generic IP tunnel.
pub const RTE_MBUF_F_TX_TUNNEL_IP: u64 = 0xDu64 << 45;
/// Generic UDP tunnel.
pub const RTE_MBUF_F_TX_TUNNEL_UDP: u64 = 0xEu64 << 45;
/// All tunnel type bits.
pub const RTE_MBUF_F_TX_TUNNEL_MASK: u64 = 0xFu64 << 45;
/// Insert two VLAN tags.
pub const RTE_MBUF_F_TX_QINQ: u64 = 1u64 << 49;
/// TCP segmentation offload.
pub const RTE_MBUF_F_TX_TCP_SEG: u64 = 1u64 << 50;
/// Timestamp this packet (IEEE1588).
pub const RTE_MBUF_F_TX_IEEE1588_TMST: u64 = 1u64 << 51;
/// No L4 checksum offload.
pub const RTE_MBUF_F_TX_L4_NO_CKSUM: u64 = 0u64 << 52;
/// TCP checksum offload.
pub const RTE_MBUF_F_TX_TCP_CKSUM: u64 = 1u64 << 52;
/// SCTP checksum offload.
pub const RTE_MBUF_F_TX_SCTP_CKSUM: u64 = 2u64 << 52;
/// UDP checksum offload.
pub const RTE_MBUF_F_TX_UDP_CKSUM: u64 = 3u64 << 52;
/// The L4 checksum request bits.
pub const RTE_MBUF_F_TX_L4_MASK: u64 = 3u64 << 52;
/// IP checksum offload.
pub const RTE_MBUF_F_TX_IP_CKSUM: u64 = 1u64 << 54;
/// The packet is IPv4.
pub const RTE_MBUF_F_TX_IPV4: u64 = 1u64 << 55;
/// The packet is IPv6.
pub const RTE_MBUF_F_TX_IPV6: u64 = 1u64 << 56;
/// Insert the VLAN tag of `vlan_tci`.
pub const RTE_MBUF_F_TX_VLAN: u64 = 1u64 << 57;
/// Outer IP checksum offload.
pub const RTE_MBUF_F_TX_OUTER_IP_CKSUM: u64 = 1u64 << 58;
/// The outer header is IPv4.
pub const RTE_MBUF_F_TX_OUTER_IPV4: u64 = 1u64 << 59;
/// The outer header is IPv6.
pub const RTE_MBUF_F_TX_OUTER_IPV6: u64 = 1u64 << 60;
/// Every transmit offload flag.
pub const RTE_MBUF_F_TX_OFFLOAD_MASK: u64 = RTE_MBUF_F_TX_OUTER_IPV6
    | RTE_MBUF_F_TX_OUTER_IPV4
    | RTE_MBUF_F_TX_OUTER_IP_CKSUM
    | RTE_MBUF_F_TX_VLAN
    | RTE_MBUF_F_TX_IPV6
    | RTE_MBUF_F_TX_IPV4
    | RTE_MBUF_F_TX_IP_CKSUM
    | RTE_MBUF_F_TX_L4_MASK
    | RTE_MBUF_F_TX_IEEE1588_TMST
    | RTE_MBUF_F_TX_TCP_SEG
    | RTE_MBUF_F_TX_QINQ
    | RTE_MBUF_F_TX_TUNNEL_MASK
    | RTE_MBUF_F_TX_MACSEC
    | RTE_MBUF_F_TX_SEC_OFFLOAD
    | RTE_MBUF_F_TX_UDP_SEG
    | RTE_MBUF_F_TX_OUTER_UDP_CKSUM;
/// The data buffer is external (attached with `rte_pktmbuf_attach_extbuf`).
pub const RTE_MBUF_F_EXTERNAL: u64 = 1u64 << 61;
/// The mbuf is attached to another mbuf's buffer (a clone).
pub const RTE_MBUF_F_INDIRECT: u64 = 1u64 << 62;

/// Alignment of the private area after the mbuf header.
pub const RTE_MBUF_PRIV_ALIGN: u32 = 8;
/// Port id of an mbuf that no port received.
pub const RTE_MBUF_PORT_INVALID: u32 = 0xffff;
/// Most segments in one packet.
pub const RTE_MBUF_MAX_NB_SEGS: u32 = 0xffff;
/// Pool flag: the mbufs carry pinned external buffers.
pub const RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF: u32 = 1 << 0;

/// `struct rte_mbuf`, two cache lines. The unions of the C header appear
/// as their widest raw member: `packet_type` (the l2/l3/l4/tun/inner
/// nibbles), `hash` (rss / fdir / sched / txadapter / usr) and
/// `tx_offload` (l2_len:7, l3_len:9, l4_len:8, tso_segsz:16,
/// outer_l3_len:9, outer_l2_len:7 from bit 0).
#[repr(C, align(64))]
pub struct rte_mbuf {
    /// Start of the data buffer.
    pub buf_addr: *mut c_void,
    /// IO address of the data buffer.
    pub buf_iova: u64,
    /// Offset of the data from `buf_addr` (start of the rearm_data word).
    pub data_off: u16,
    /// Reference count, changed atomically.
    pub refcnt: u16,
    /// Segments in the chain (meaningful in the first one).
    pub nb_segs: u16,
    /// Input port.
    pub port: u16,
    /// RTE_MBUF_F_* flags.
    pub ol_flags: u64,
    /// RTE_PTYPE_* packet type (start of rx_descriptor_fields1).
    pub packet_type: u32,
    /// Length of the whole packet (all segments).
    pub pkt_len: u32,
    /// Length of this segment's data.
    pub data_len: u16,
    /// VLAN tag (host order).
    pub vlan_tci: u16,
    /// The hash union (8 bytes).
    pub hash: [u32; 2],
    /// Outer VLAN tag (host order).
    pub vlan_tci_outer: u16,
    /// Size of the data buffer.
    pub buf_len: u16,
    /// The mempool the mbuf came from (`struct rte_mempool *`).
    pub pool: *mut c_void,
    /// Next segment (second cache line).
    pub next: *mut rte_mbuf,
    /// The transmit offload bitfield word.
    pub tx_offload: u64,
    /// Shared info of an external buffer.
    pub shinfo: *mut rte_mbuf_ext_shared_info,
    /// Size of the private area after the header.
    pub priv_size: u16,
    /// IEEE1588 timesync flags.
    pub timesync: u16,
    /// Dynamic fields.
    pub dynfield1: [u32; 9],
}

const _: () = {
    assert!(size_of::<rte_mbuf>() == 128);
    assert!(offset_of!(rte_mbuf, buf_iova) == 8);
    assert!(offset_of!(rte_mbuf, data_off) == 16);
    assert!(offset_of!(rte_mbuf, refcnt) == 18);
    assert!(offset_of!(rte_mbuf, nb_segs) == 20);
    assert!(offset_of!(rte_mbuf, port) == 22);
    assert!(offset_of!(rte_mbuf, ol_flags) == 24);
    assert!(offset_of!(rte_mbuf, packet_type) == 32);
    assert!(offset_of!(rte_mbuf, pkt_len) == 36);
    assert!(offset_of!(rte_mbuf, data_len) == 40);
    assert!(offset_of!(rte_mbuf, vlan_tci) == 42);
    assert!(offset_of!(rte_mbuf, hash) == 44);
    assert!(offset_of!(rte_mbuf, vlan_tci_outer) == 52);
    assert!(offset_of!(rte_mbuf, buf_len) == 54);
    assert!(offset_of!(rte_mbuf, pool) == 56);
    assert!(offset_of!(rte_mbuf, next) == 64);
    assert!(offset_of!(rte_mbuf, tx_offload) == 72);
    assert!(offset_of!(rte_mbuf, shinfo) == 80);
    assert!(offset_of!(rte_mbuf, priv_size) == 88);
    assert!(offset_of!(rte_mbuf, timesync) == 90);
    assert!(offset_of!(rte_mbuf, dynfield1) == 92);
};

/// `rte_mbuf_extbuf_free_callback_t`.
pub type rte_mbuf_extbuf_free_callback_t = Option<unsafe extern "C" fn(addr: *mut c_void, opaque: *mut c_void)>;

/// Shared information of an external buffer (usually at its end).
#[repr(C)]
pub struct rte_mbuf_ext_shared_info {
    /// Called when the last mbuf detaches.
    pub free_cb: rte_mbuf_extbuf_free_callback_t,
    /// Argument of `free_cb`.
    pub fcb_opaque: *mut c_void,
    /// References to the buffer, changed atomically.
    pub refcnt: u16,
}

const _: () = {
    assert!(size_of::<rte_mbuf_ext_shared_info>() == 24);
    assert!(offset_of!(rte_mbuf_ext_shared_info, fcb_opaque) == 8);
    assert!(offset_of!(rte_mbuf_ext_shared_info, refcnt) == 16);
};

/// `struct rte_mbuf_sched`: the hierarchical scheduler view of `hash`.
#[repr(C)]
pub struct rte_mbuf_sched {
    /// Queue id.
    pub queue_id: u32,
    /// Traffic class (0 is the highest priority).
    pub traffic_class: u8,
    /// Color (`enum rte_color`).
    pub color: u8,
    /// Reserved.
    pub reserved: u16,
}

const _: () = assert!(size_of::<rte_mbuf_sched>() == 8);

/// The private area of a pktmbuf pool (`rte_mempool_get_priv`).
#[repr(C)]
pub struct rte_pktmbuf_pool_private {
    /// Size of each mbuf's data buffer.
    pub mbuf_data_room_size: u16,
    /// Size of each mbuf's private area.
    pub mbuf_priv_size: u16,
    /// RTE_PKTMBUF_POOL_F_* flags.
    pub flags: u32,
}

const _: () = assert!(size_of::<rte_pktmbuf_pool_private>() == 8);

/// One external memory area for `rte_pktmbuf_pool_create_extbuf`.
#[repr(C)]
pub struct rte_pktmbuf_extmem {
    /// Start address.
    pub buf_ptr: *mut c_void,
    /// Start IO address (RTE_BAD_IOVA if unknown).
    pub buf_iova: u64,
    /// Length in bytes.
    pub buf_len: usize,
    /// Size of each data buffer carved from it.
    pub elt_size: u16,
}

const _: () = assert!(size_of::<rte_pktmbuf_extmem>() == 32);
