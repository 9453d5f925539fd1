//! Wire headers of librte_net (`rte_ether.h`, `rte_ip.h`, `rte_udp.h`,
//! `rte_tcp.h`, `rte_sctp.h`, `rte_icmp.h`, `rte_arp.h`, `rte_net.h`). The C
//! headers write these by hand (packed structs, the IPv4 version/ihl
//! bitfield view); multi-byte fields are big endian on the wire.

use core::mem::{align_of, offset_of, size_of};

/// Length of a MAC address.
pub const RTE_ETHER_ADDR_LEN: usize = 6;
/// Length of the Ethernet header.
pub const RTE_ETHER_HDR_LEN: usize = 14;
/// EtherType IPv4.
pub const RTE_ETHER_TYPE_IPV4: u16 = 0x0800;
/// EtherType IPv6.
pub const RTE_ETHER_TYPE_IPV6: u16 = 0x86DD;
/// EtherType ARP.
pub const RTE_ETHER_TYPE_ARP: u16 = 0x0806;
/// EtherType reverse ARP.
pub const RTE_ETHER_TYPE_RARP: u16 = 0x8035;
/// EtherType IEEE 802.1Q VLAN.
pub const RTE_ETHER_TYPE_VLAN: u16 = 0x8100;
/// EtherType IEEE 802.1ad QinQ.
pub const RTE_ETHER_TYPE_QINQ: u16 = 0x88A8;
/// EtherType PPPoE session.
pub const RTE_ETHER_TYPE_PPPOE_SESSION: u16 = 0x8864;
/// EtherType IEEE 1588 timesync.
pub const RTE_ETHER_TYPE_1588: u16 = 0x88F7;
/// EtherType LLDP.
pub const RTE_ETHER_TYPE_LLDP: u16 = 0x88CC;
/// EtherType MPLS unicast.
pub const RTE_ETHER_TYPE_MPLS: u16 = 0x8847;
/// EtherType MPLS multicast.
pub const RTE_ETHER_TYPE_MPLSM: u16 = 0x8848;
/// EtherType transparent Ethernet bridging.
pub const RTE_ETHER_TYPE_TEB: u16 = 0x6558;
/// ARP hardware type Ethernet.
pub const RTE_ARP_HRD_ETHER: u16 = 1;
/// RARP request opcode.
pub const RTE_ARP_OP_REVREQUEST: u16 = 3;

/// A MAC address (2-byte aligned).
#[repr(C, align(2))]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct rte_ether_addr {
    /// The six bytes, first transmitted first.
    pub addr_bytes: [u8; RTE_ETHER_ADDR_LEN],
}

/// Ethernet header.
#[repr(C, align(2))]
pub struct rte_ether_hdr {
    /// Destination.
    pub dst_addr: rte_ether_addr,
    /// Source.
    pub src_addr: rte_ether_addr,
    /// EtherType (big endian).
    pub ether_type: u16,
}

/// VLAN tag after the Ethernet addresses.
#[repr(C, packed)]
pub struct rte_vlan_hdr {
    /// Priority, DEI and VLAN id (big endian).
    pub vlan_tci: u16,
    /// The encapsulated EtherType (big endian).
    pub eth_proto: u16,
}

/// IPv4 header (no options).
#[repr(C, packed)]
pub struct rte_ipv4_hdr {
    /// Version (high nibble) and header length in words (low nibble).
    pub version_ihl: u8,
    /// Type of service.
    pub type_of_service: u8,
    /// Total length.
    pub total_length: u16,
    /// Identification.
    pub packet_id: u16,
    /// Flags and fragment offset.
    pub fragment_offset: u16,
    /// Time to live.
    pub time_to_live: u8,
    /// Next protocol.
    pub next_proto_id: u8,
    /// Header checksum.
    pub hdr_checksum: u16,
    /// Source address.
    pub src_addr: u32,
    /// Destination address.
    pub dst_addr: u32,
}

/// IPv6 header.
#[repr(C, packed)]
pub struct rte_ipv6_hdr {
    /// Version, traffic class, flow label.
    pub vtc_flow: u32,
    /// Payload length.
    pub payload_len: u16,
    /// Next header.
    pub proto: u8,
    /// Hop limit.
    pub hop_limits: u8,
    /// Source address.
    pub src_addr: [u8; 16],
    /// Destination address.
    pub dst_addr: [u8; 16],
}

/// IPv6 fragment extension header.
#[repr(C, packed)]
pub struct rte_ipv6_fragment_ext {
    /// Next header.
    pub next_header: u8,
    /// Reserved.
    pub reserved: u8,
    /// Offset and more-fragments flag.
    pub frag_data: u16,
    /// Identification.
    pub id: u32,
}

/// UDP header.
#[repr(C, packed)]
pub struct rte_udp_hdr {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Length of header and data.
    pub dgram_len: u16,
    /// Checksum.
    pub dgram_cksum: u16,
}

/// TCP header.
#[repr(C, packed)]
pub struct rte_tcp_hdr {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Sequence number.
    pub sent_seq: u32,
    /// Acknowledgement number.
    pub recv_ack: u32,
    /// Header length in words (high nibble).
    pub data_off: u8,
    /// Flags.
    pub tcp_flags: u8,
    /// Receive window.
    pub rx_win: u16,
    /// Checksum.
    pub cksum: u16,
    /// Urgent pointer.
    pub tcp_urp: u16,
}

/// SCTP common header.
#[repr(C, packed)]
pub struct rte_sctp_hdr {
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Verification tag.
    pub tag: u32,
    /// CRC32c checksum.
    pub cksum: u32,
}

/// ICMP header.
#[repr(C, packed)]
pub struct rte_icmp_hdr {
    /// Type.
    pub icmp_type: u8,
    /// Code.
    pub icmp_code: u8,
    /// Checksum.
    pub icmp_cksum: u16,
    /// Identifier.
    pub icmp_ident: u16,
    /// Sequence number.
    pub icmp_seq_nb: u16,
}

/// ARP payload for Ethernet/IPv4.
#[repr(C, packed(2))]
pub struct rte_arp_ipv4 {
    /// Sender hardware address (`struct rte_ether_addr` in C).
    pub arp_sha: [u8; RTE_ETHER_ADDR_LEN],
    /// Sender IP address.
    pub arp_sip: u32,
    /// Target hardware address (`struct rte_ether_addr` in C).
    pub arp_tha: [u8; RTE_ETHER_ADDR_LEN],
    /// Target IP address.
    pub arp_tip: u32,
}

/// ARP header.
#[repr(C, packed(2))]
pub struct rte_arp_hdr {
    /// Hardware type.
    pub arp_hardware: u16,
    /// Protocol type.
    pub arp_protocol: u16,
    /// Hardware address length.
    pub arp_hlen: u8,
    /// Protocol address length.
    pub arp_plen: u8,
    /// Opcode.
    pub arp_opcode: u16,
    /// Payload.
    pub arp_data: rte_arp_ipv4,
}

/// Header lengths found by `rte_net_get_ptype`.
#[repr(C)]
#[derive(Default)]
pub struct rte_net_hdr_lens {
    /// Outer L2 length.
    pub l2_len: u8,
    /// Inner L2 length.
    pub inner_l2_len: u8,
    /// Outer L3 length.
    pub l3_len: u16,
    /// Inner L3 length.
    pub inner_l3_len: u16,
    /// Tunnel header length.
    pub tunnel_len: u16,
    /// Outer L4 length.
    pub l4_len: u8,
    /// Inner L4 length.
    pub inner_l4_len: u8,
}

/// `enum rte_net_crc_type`: CRC16-CCITT.
pub const RTE_NET_CRC16_CCITT: u32 = 0;
/// CRC32 (Ethernet).
pub const RTE_NET_CRC32_ETH: u32 = 1;
/// Number of CRC types.
pub const RTE_NET_CRC_REQS: u32 = 2;

const _: () = {
    assert!(size_of::<rte_ether_addr>() == 6 && align_of::<rte_ether_addr>() == 2);
    assert!(size_of::<rte_ether_hdr>() == 14 && offset_of!(rte_ether_hdr, ether_type) == 12);
    assert!(size_of::<rte_vlan_hdr>() == 4);
    assert!(size_of::<rte_ipv4_hdr>() == 20 && offset_of!(rte_ipv4_hdr, hdr_checksum) == 10);
    assert!(size_of::<rte_ipv6_hdr>() == 40 && offset_of!(rte_ipv6_hdr, src_addr) == 8);
    assert!(size_of::<rte_ipv6_fragment_ext>() == 8);
    assert!(size_of::<rte_udp_hdr>() == 8);
    assert!(size_of::<rte_tcp_hdr>() == 20 && offset_of!(rte_tcp_hdr, data_off) == 12);
    assert!(size_of::<rte_sctp_hdr>() == 12);
    assert!(size_of::<rte_icmp_hdr>() == 8);
    assert!(size_of::<rte_arp_ipv4>() == 20 && offset_of!(rte_arp_ipv4, arp_tha) == 10);
    assert!(size_of::<rte_arp_hdr>() == 28 && align_of::<rte_arp_hdr>() == 2);
    assert!(size_of::<rte_net_hdr_lens>() == 10 && offset_of!(rte_net_hdr_lens, l4_len) == 8);
};
