//! `rte_mbuf_ptype.h`: the RTE_PTYPE_* packet type values (layer fields of
//! `rte_mbuf.packet_type`: L2 bits 0-3, L3 4-7, L4 8-11, tunnel 12-15, inner
//! L2 16-19, inner L3 20-23, inner L4 24-27).

/// Packet type value UNKNOWN.
pub const RTE_PTYPE_UNKNOWN: u32 = 0x00000000;
/// Packet type value L2_ETHER.
pub const RTE_PTYPE_L2_ETHER: u32 = 0x00000001;
/// Packet type value L2_ETHER_TIMESYNC.
pub const RTE_PTYPE_L2_ETHER_TIMESYNC: u32 = 0x00000002;
/// Packet type value L2_ETHER_ARP.
pub const RTE_PTYPE_L2_ETHER_ARP: u32 = 0x00000003;
/// Packet type value L2_ETHER_LLDP.
pub const RTE_PTYPE_L2_ETHER_LLDP: u32 = 0x00000004;
/// Packet type value L2_ETHER_NSH.
pub const RTE_PTYPE_L2_ETHER_NSH: u32 = 0x00000005;
/// Packet type value L2_ETHER_VLAN.
pub const RTE_PTYPE_L2_ETHER_VLAN: u32 = 0x00000006;
/// Packet type value L2_ETHER_QINQ.
pub const RTE_PTYPE_L2_ETHER_QINQ: u32 = 0x00000007;
/// Packet type value L2_ETHER_PPPOE.
pub const RTE_PTYPE_L2_ETHER_PPPOE: u32 = 0x00000008;
/// Packet type value L2_ETHER_FCOE.
pub const RTE_PTYPE_L2_ETHER_FCOE: u32 = 0x00000009;
/// Packet type value L2_ETHER_MPLS.
pub const RTE_PTYPE_L2_ETHER_MPLS: u32 = 0x0000000a;
/// Packet type value L2_MASK.
pub const RTE_PTYPE_L2_MASK: u32 = 0x0000000f;
/// Packet type value L3_IPV4.
pub const RTE_PTYPE_L3_IPV4: u32 = 0x00000010;
/// Packet type value L3_IPV4_EXT.
pub const RTE_PTYPE_L3_IPV4_EXT: u32 = 0x00000030;
/// Packet type value L3_IPV6.
pub const RTE_PTYPE_L3_IPV6: u32 = 0x00000040;
/// Packet type value L3_IPV4_EXT_UNKNOWN.
pub const RTE_PTYPE_L3_IPV4_EXT_UNKNOWN: u32 = 0x00000090;
/// Packet type value L3_IPV6_EXT.
pub const RTE_PTYPE_L3_IPV6_EXT: u32 = 0x000000c0;
/// Packet type value L3_IPV6_EXT_UNKNOWN.
pub const RTE_PTYPE_L3_IPV6_EXT_UNKNOWN: u32 = 0x000000e0;
/// Packet type value L3_MASK.
pub const RTE_PTYPE_L3_MASK: u32 = 0x000000f0;
/// Packet type value L4_TCP.
pub const RTE_PTYPE_L4_TCP: u32 = 0x00000100;
/// Packet type value L4_UDP.
pub const RTE_PTYPE_L4_UDP: u32 = 0x00000200;
/// Packet type value L4_FRAG.
pub const RTE_PTYPE_L4_FRAG: u32 = 0x00000300;
/// Packet type value L4_SCTP.
pub const RTE_PTYPE_L4_SCTP: u32 = 0x00000400;
/// Packet type value L4_ICMP.
pub const RTE_PTYPE_L4_ICMP: u32 = 0x00000500;
/// Packet type value L4_NONFRAG.
pub const RTE_PTYPE_L4_NONFRAG: u32 = 0x00000600;
/// Packet type value L4_IGMP.
pub const RTE_PTYPE_L4_IGMP: u32 = 0x00000700;
/// Packet type value L4_MASK.
pub const RTE_PTYPE_L4_MASK: u32 = 0x00000f00;
/// Packet type value TUNNEL_IP.
pub const RTE_PTYPE_TUNNEL_IP: u32 = 0x00001000;
/// Packet type value TUNNEL_GRE.
pub const RTE_PTYPE_TUNNEL_GRE: u32 = 0x00002000;
/// Packet type value TUNNEL_VXLAN.
pub const RTE_PTYPE_TUNNEL_VXLAN: u32 = 0x00003000;
/// Packet type value TUNNEL_NVGRE.
pub const RTE_PTYPE_TUNNEL_NVGRE: u32 = 0x00004000;
/// Packet type value TUNNEL_GENEVE.
pub const RTE_PTYPE_TUNNEL_GENEVE: u32 = 0x00005000;
/// Packet type value TUNNEL_GRENAT.
pub const RTE_PTYPE_TUNNEL_GRENAT: u32 = 0x00006000;
/// Packet type value TUNNEL_GTPC.
pub const RTE_PTYPE_TUNNEL_GTPC: u32 = 0x00007000;
/// Packet type value TUNNEL_GTPU.
pub const RTE_PTYPE_TUNNEL_GTPU: u32 = 0x00008000;
/// Packet type value TUNNEL_ESP.
pub const RTE_PTYPE_TUNNEL_ESP: u32 = 0x00009000;
/// Packet type value TUNNEL_L2TP.
pub const RTE_PTYPE_TUNNEL_L2TP: u32 = 0x0000a000;
/// Packet type value TUNNEL_VXLAN_GPE.
pub const RTE_PTYPE_TUNNEL_VXLAN_GPE: u32 = 0x0000b000;
/// Packet type value TUNNEL_MPLS_IN_GRE.
pub const RTE_PTYPE_TUNNEL_MPLS_IN_GRE: u32 = 0x0000c000;
/// Packet type value TUNNEL_MPLS_IN_UDP.
pub const RTE_PTYPE_TUNNEL_MPLS_IN_UDP: u32 = 0x0000d000;
/// Packet type value TUNNEL_MASK.
pub const RTE_PTYPE_TUNNEL_MASK: u32 = 0x0000f000;
/// Packet type value INNER_L2_ETHER.
pub const RTE_PTYPE_INNER_L2_ETHER: u32 = 0x00010000;
/// Packet type value INNER_L2_ETHER_VLAN.
pub const RTE_PTYPE_INNER_L2_ETHER_VLAN: u32 = 0x00020000;
/// Packet type value INNER_L2_ETHER_QINQ.
pub const RTE_PTYPE_INNER_L2_ETHER_QINQ: u32 = 0x00030000;
/// Packet type value INNER_L2_MASK.
pub const RTE_PTYPE_INNER_L2_MASK: u32 = 0x000f0000;
/// Packet type value INNER_L3_IPV4.
pub const RTE_PTYPE_INNER_L3_IPV4: u32 = 0x00100000;
/// Packet type value INNER_L3_IPV4_EXT.
pub const RTE_PTYPE_INNER_L3_IPV4_EXT: u32 = 0x00200000;
/// Packet type value INNER_L3_IPV6.
pub const RTE_PTYPE_INNER_L3_IPV6: u32 = 0x00300000;
/// Packet type value INNER_L3_IPV4_EXT_UNKNOWN.
pub const RTE_PTYPE_INNER_L3_IPV4_EXT_UNKNOWN: u32 = 0x00400000;
/// Packet type value INNER_L3_IPV6_EXT.
pub const RTE_PTYPE_INNER_L3_IPV6_EXT: u32 = 0x00500000;
/// Packet type value INNER_L3_IPV6_EXT_UNKNOWN.
pub const RTE_PTYPE_INNER_L3_IPV6_EXT_UNKNOWN: u32 = 0x00600000;
/// Packet type value INNER_L3_MASK.
pub const RTE_PTYPE_INNER_L3_MASK: u32 = 0x00f00000;
/// Packet type value INNER_L4_TCP.
pub const RTE_PTYPE_INNER_L4_TCP: u32 = 0x01000000;
/// Packet type value INNER_L4_UDP.
pub const RTE_PTYPE_INNER_L4_UDP: u32 = 0x02000000;
/// Packet type value INNER_L4_FRAG.
pub const RTE_PTYPE_INNER_L4_FRAG: u32 = 0x03000000;
/// Packet type value INNER_L4_SCTP.
pub const RTE_PTYPE_INNER_L4_SCTP: u32 = 0x04000000;
/// Packet type value INNER_L4_ICMP.
pub const RTE_PTYPE_INNER_L4_ICMP: u32 = 0x05000000;
/// Packet type value INNER_L4_NONFRAG.
pub const RTE_PTYPE_INNER_L4_NONFRAG: u32 = 0x06000000;
/// Packet type value INNER_L4_MASK.
pub const RTE_PTYPE_INNER_L4_MASK: u32 = 0x0f000000;
/// Packet type value ALL_MASK.
pub const RTE_PTYPE_ALL_MASK: u32 = 0x0fffffff;
