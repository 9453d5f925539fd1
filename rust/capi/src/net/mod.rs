//! librte_net: MAC address text and random addresses, software packet
//! type detection, CRCs, RARP packets.

pub mod rte_arp;
pub mod rte_ether;
pub mod rte_net;
pub mod rte_net_crc;
