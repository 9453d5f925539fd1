//! Names of packet types and offload flags, as librte_mbuf prints them.

use core::ffi::CStr;

use rte_abi::mbuf::*;
use rte_abi::mbuf_ptype::*;

use crate::put_cstr;

fn pick(table: &[(u32, &'static CStr)], v: u32, unknown: &'static CStr) -> &'static CStr {
    table.iter().find(|e| e.0 == v).map_or(unknown, |e| e.1)
}

/// Name of the outer L2 type of `ptype`.
pub fn l2(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_L2_ETHER, c"L2_ETHER"),
        (RTE_PTYPE_L2_ETHER_TIMESYNC, c"L2_ETHER_TIMESYNC"),
        (RTE_PTYPE_L2_ETHER_ARP, c"L2_ETHER_ARP"),
        (RTE_PTYPE_L2_ETHER_LLDP, c"L2_ETHER_LLDP"),
        (RTE_PTYPE_L2_ETHER_NSH, c"L2_ETHER_NSH"),
        (RTE_PTYPE_L2_ETHER_VLAN, c"L2_ETHER_VLAN"),
        (RTE_PTYPE_L2_ETHER_QINQ, c"L2_ETHER_QINQ"),
        (RTE_PTYPE_L2_ETHER_PPPOE, c"L2_ETHER_PPPOE"),
        (RTE_PTYPE_L2_ETHER_FCOE, c"L2_ETHER_FCOE"),
        (RTE_PTYPE_L2_ETHER_MPLS, c"L2_ETHER_MPLS"),
    ];
    pick(T, ptype & RTE_PTYPE_L2_MASK, c"L2_UNKNOWN")
}

/// Name of the outer L3 type of `ptype`.
pub fn l3(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_L3_IPV4, c"L3_IPV4"),
        (RTE_PTYPE_L3_IPV4_EXT, c"L3_IPV4_EXT"),
        (RTE_PTYPE_L3_IPV6, c"L3_IPV6"),
        (RTE_PTYPE_L3_IPV4_EXT_UNKNOWN, c"L3_IPV4_EXT_UNKNOWN"),
        (RTE_PTYPE_L3_IPV6_EXT, c"L3_IPV6_EXT"),
        (RTE_PTYPE_L3_IPV6_EXT_UNKNOWN, c"L3_IPV6_EXT_UNKNOWN"),
    ];
    pick(T, ptype & RTE_PTYPE_L3_MASK, c"L3_UNKNOWN")
}

/// Name of the outer L4 type of `ptype`.
pub fn l4(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_L4_TCP, c"L4_TCP"),
        (RTE_PTYPE_L4_UDP, c"L4_UDP"),
        (RTE_PTYPE_L4_FRAG, c"L4_FRAG"),
        (RTE_PTYPE_L4_SCTP, c"L4_SCTP"),
        (RTE_PTYPE_L4_ICMP, c"L4_ICMP"),
        (RTE_PTYPE_L4_NONFRAG, c"L4_NONFRAG"),
        (RTE_PTYPE_L4_IGMP, c"L4_IGMP"),
    ];
    pick(T, ptype & RTE_PTYPE_L4_MASK, c"L4_UNKNOWN")
}

/// Name of the tunnel type of `ptype`.
pub fn tunnel(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_TUNNEL_IP, c"TUNNEL_IP"),
        (RTE_PTYPE_TUNNEL_GRE, c"TUNNEL_GRE"),
        (RTE_PTYPE_TUNNEL_VXLAN, c"TUNNEL_VXLAN"),
        (RTE_PTYPE_TUNNEL_NVGRE, c"TUNNEL_NVGRE"),
        (RTE_PTYPE_TUNNEL_GENEVE, c"TUNNEL_GENEVE"),
        (RTE_PTYPE_TUNNEL_GRENAT, c"TUNNEL_GRENAT"),
        (RTE_PTYPE_TUNNEL_GTPC, c"TUNNEL_GTPC"),
        (RTE_PTYPE_TUNNEL_GTPU, c"TUNNEL_GTPU"),
        (RTE_PTYPE_TUNNEL_ESP, c"TUNNEL_ESP"),
        (RTE_PTYPE_TUNNEL_L2TP, c"TUNNEL_L2TP"),
        (RTE_PTYPE_TUNNEL_VXLAN_GPE, c"TUNNEL_VXLAN_GPE"),
        (RTE_PTYPE_TUNNEL_MPLS_IN_GRE, c"TUNNEL_MPLS_IN_GRE"),
        (RTE_PTYPE_TUNNEL_MPLS_IN_UDP, c"TUNNEL_MPLS_IN_UDP"),
    ];
    pick(T, ptype & RTE_PTYPE_TUNNEL_MASK, c"TUNNEL_UNKNOWN")
}

/// Name of the inner L2 type of `ptype`.
pub fn inner_l2(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_INNER_L2_ETHER, c"INNER_L2_ETHER"),
        (RTE_PTYPE_INNER_L2_ETHER_VLAN, c"INNER_L2_ETHER_VLAN"),
        (RTE_PTYPE_INNER_L2_ETHER_QINQ, c"INNER_L2_ETHER_QINQ"),
    ];
    pick(T, ptype & RTE_PTYPE_INNER_L2_MASK, c"INNER_L2_UNKNOWN")
}

/// Name of the inner L3 type of `ptype`.
pub fn inner_l3(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_INNER_L3_IPV4, c"INNER_L3_IPV4"),
        (RTE_PTYPE_INNER_L3_IPV4_EXT, c"INNER_L3_IPV4_EXT"),
        (RTE_PTYPE_INNER_L3_IPV6, c"INNER_L3_IPV6"),
        (RTE_PTYPE_INNER_L3_IPV4_EXT_UNKNOWN, c"INNER_L3_IPV4_EXT_UNKNOWN"),
        (RTE_PTYPE_INNER_L3_IPV6_EXT, c"INNER_L3_IPV6_EXT"),
        (RTE_PTYPE_INNER_L3_IPV6_EXT_UNKNOWN, c"INNER_L3_IPV6_EXT_UNKNOWN"),
    ];
    pick(T, ptype & RTE_PTYPE_INNER_L3_MASK, c"INNER_L3_UNKNOWN")
}

/// Name of the inner L4 type of `ptype`.
pub fn inner_l4(ptype: u32) -> &'static CStr {
    const T: &[(u32, &CStr)] = &[
        (RTE_PTYPE_INNER_L4_TCP, c"INNER_L4_TCP"),
        (RTE_PTYPE_INNER_L4_UDP, c"INNER_L4_UDP"),
        (RTE_PTYPE_INNER_L4_FRAG, c"INNER_L4_FRAG"),
        (RTE_PTYPE_INNER_L4_SCTP, c"INNER_L4_SCTP"),
        (RTE_PTYPE_INNER_L4_ICMP, c"INNER_L4_ICMP"),
        (RTE_PTYPE_INNER_L4_NONFRAG, c"INNER_L4_NONFRAG"),
    ];
    pick(T, ptype & RTE_PTYPE_INNER_L4_MASK, c"INNER_L4_UNKNOWN")
}

/// The name function of one layer.
type LayerName = fn(u32) -> &'static CStr;

/// Writes every non-zero layer of `ptype` ("L2_ETHER L3_IPV4 ", or
/// "UNKNOWN" when none is set) into `buf` as a C string; None if it does
/// not fit.
pub fn ptype_list(ptype: u32, buf: &mut [u8]) -> Option<()> {
    if ptype & RTE_PTYPE_ALL_MASK == 0 {
        return put_cstr(buf, 0, "UNKNOWN").map(|_| ());
    }
    let layers: [(u32, LayerName); 7] = [
        (RTE_PTYPE_L2_MASK, l2),
        (RTE_PTYPE_L3_MASK, l3),
        (RTE_PTYPE_L4_MASK, l4),
        (RTE_PTYPE_TUNNEL_MASK, tunnel),
        (RTE_PTYPE_INNER_L2_MASK, inner_l2),
        (RTE_PTYPE_INNER_L3_MASK, inner_l3),
        (RTE_PTYPE_INNER_L4_MASK, inner_l4),
    ];
    let mut at = 0;
    put_cstr(buf, 0, "")?;
    for (mask, name) in layers {
        if ptype & mask != 0 {
            at = put_cstr(buf, at, name(ptype).to_str().unwrap_or(""))?;
            at = put_cstr(buf, at, " ")?;
        }
    }
    Some(())
}

/// Receive flags in list order: (value, field mask, name). A multi-bit
/// field lists every value of its mask, zero included.
const RX: &[(u64, u64, &CStr)] = &[
    (RTE_MBUF_F_RX_VLAN, RTE_MBUF_F_RX_VLAN, c"RTE_MBUF_F_RX_VLAN"),
    (RTE_MBUF_F_RX_RSS_HASH, RTE_MBUF_F_RX_RSS_HASH, c"RTE_MBUF_F_RX_RSS_HASH"),
    (RTE_MBUF_F_RX_FDIR, RTE_MBUF_F_RX_FDIR, c"RTE_MBUF_F_RX_FDIR"),
    (RTE_MBUF_F_RX_L4_CKSUM_BAD, RTE_MBUF_F_RX_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_L4_CKSUM_BAD"),
    (RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_L4_CKSUM_GOOD"),
    (RTE_MBUF_F_RX_L4_CKSUM_NONE, RTE_MBUF_F_RX_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_L4_CKSUM_NONE"),
    (RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN, RTE_MBUF_F_RX_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN"),
    (RTE_MBUF_F_RX_IP_CKSUM_BAD, RTE_MBUF_F_RX_IP_CKSUM_MASK, c"RTE_MBUF_F_RX_IP_CKSUM_BAD"),
    (RTE_MBUF_F_RX_IP_CKSUM_GOOD, RTE_MBUF_F_RX_IP_CKSUM_MASK, c"RTE_MBUF_F_RX_IP_CKSUM_GOOD"),
    (RTE_MBUF_F_RX_IP_CKSUM_NONE, RTE_MBUF_F_RX_IP_CKSUM_MASK, c"RTE_MBUF_F_RX_IP_CKSUM_NONE"),
    (RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN, RTE_MBUF_F_RX_IP_CKSUM_MASK, c"RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN"),
    (RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD, RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD, c"RTE_MBUF_F_RX_OUTER_IP_CKSUM_BAD"),
    (RTE_MBUF_F_RX_VLAN_STRIPPED, RTE_MBUF_F_RX_VLAN_STRIPPED, c"RTE_MBUF_F_RX_VLAN_STRIPPED"),
    (RTE_MBUF_F_RX_IEEE1588_PTP, RTE_MBUF_F_RX_IEEE1588_PTP, c"RTE_MBUF_F_RX_IEEE1588_PTP"),
    (RTE_MBUF_F_RX_IEEE1588_TMST, RTE_MBUF_F_RX_IEEE1588_TMST, c"RTE_MBUF_F_RX_IEEE1588_TMST"),
    (RTE_MBUF_F_RX_FDIR_ID, RTE_MBUF_F_RX_FDIR_ID, c"RTE_MBUF_F_RX_FDIR_ID"),
    (RTE_MBUF_F_RX_FDIR_FLX, RTE_MBUF_F_RX_FDIR_FLX, c"RTE_MBUF_F_RX_FDIR_FLX"),
    (RTE_MBUF_F_RX_QINQ_STRIPPED, RTE_MBUF_F_RX_QINQ_STRIPPED, c"RTE_MBUF_F_RX_QINQ_STRIPPED"),
    (RTE_MBUF_F_RX_LRO, RTE_MBUF_F_RX_LRO, c"RTE_MBUF_F_RX_LRO"),
    (RTE_MBUF_F_RX_SEC_OFFLOAD, RTE_MBUF_F_RX_SEC_OFFLOAD, c"RTE_MBUF_F_RX_SEC_OFFLOAD"),
    (RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED, RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED, c"RTE_MBUF_F_RX_SEC_OFFLOAD_FAILED"),
    (RTE_MBUF_F_RX_QINQ, RTE_MBUF_F_RX_QINQ, c"RTE_MBUF_F_RX_QINQ"),
    (RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD, RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_OUTER_L4_CKSUM_BAD"),
    (RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD, RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_OUTER_L4_CKSUM_GOOD"),
    (RTE_MBUF_F_RX_OUTER_L4_CKSUM_INVALID, RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_OUTER_L4_CKSUM_INVALID"),
    (RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN, RTE_MBUF_F_RX_OUTER_L4_CKSUM_MASK, c"RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN"),
];

/// Transmit flags in list order, as [`RX`]. ESP tunnels have no name.
const TX: &[(u64, u64, &CStr)] = &[
    (RTE_MBUF_F_TX_VLAN, RTE_MBUF_F_TX_VLAN, c"RTE_MBUF_F_TX_VLAN"),
    (RTE_MBUF_F_TX_IP_CKSUM, RTE_MBUF_F_TX_IP_CKSUM, c"RTE_MBUF_F_TX_IP_CKSUM"),
    (RTE_MBUF_F_TX_L4_NO_CKSUM, RTE_MBUF_F_TX_L4_MASK, c"RTE_MBUF_F_TX_L4_NO_CKSUM"),
    (RTE_MBUF_F_TX_TCP_CKSUM, RTE_MBUF_F_TX_L4_MASK, c"RTE_MBUF_F_TX_TCP_CKSUM"),
    (RTE_MBUF_F_TX_SCTP_CKSUM, RTE_MBUF_F_TX_L4_MASK, c"RTE_MBUF_F_TX_SCTP_CKSUM"),
    (RTE_MBUF_F_TX_UDP_CKSUM, RTE_MBUF_F_TX_L4_MASK, c"RTE_MBUF_F_TX_UDP_CKSUM"),
    (RTE_MBUF_F_TX_IEEE1588_TMST, RTE_MBUF_F_TX_IEEE1588_TMST, c"RTE_MBUF_F_TX_IEEE1588_TMST"),
    (RTE_MBUF_F_TX_TCP_SEG, RTE_MBUF_F_TX_TCP_SEG, c"RTE_MBUF_F_TX_TCP_SEG"),
    (RTE_MBUF_F_TX_IPV4, RTE_MBUF_F_TX_IPV4, c"RTE_MBUF_F_TX_IPV4"),
    (RTE_MBUF_F_TX_IPV6, RTE_MBUF_F_TX_IPV6, c"RTE_MBUF_F_TX_IPV6"),
    (RTE_MBUF_F_TX_OUTER_IP_CKSUM, RTE_MBUF_F_TX_OUTER_IP_CKSUM, c"RTE_MBUF_F_TX_OUTER_IP_CKSUM"),
    (RTE_MBUF_F_TX_OUTER_IPV4, RTE_MBUF_F_TX_OUTER_IPV4, c"RTE_MBUF_F_TX_OUTER_IPV4"),
    (RTE_MBUF_F_TX_OUTER_IPV6, RTE_MBUF_F_TX_OUTER_IPV6, c"RTE_MBUF_F_TX_OUTER_IPV6"),
    (RTE_MBUF_F_TX_TUNNEL_VXLAN, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_VXLAN"),
    (RTE_MBUF_F_TX_TUNNEL_GTP, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_GTP"),
    (RTE_MBUF_F_TX_TUNNEL_GRE, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_GRE"),
    (RTE_MBUF_F_TX_TUNNEL_IPIP, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_IPIP"),
    (RTE_MBUF_F_TX_TUNNEL_GENEVE, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_GENEVE"),
    (RTE_MBUF_F_TX_TUNNEL_MPLSINUDP, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_MPLSINUDP"),
    (RTE_MBUF_F_TX_TUNNEL_VXLAN_GPE, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_VXLAN_GPE"),
    (RTE_MBUF_F_TX_TUNNEL_IP, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_IP"),
    (RTE_MBUF_F_TX_TUNNEL_UDP, RTE_MBUF_F_TX_TUNNEL_MASK, c"RTE_MBUF_F_TX_TUNNEL_UDP"),
    (RTE_MBUF_F_TX_QINQ, RTE_MBUF_F_TX_QINQ, c"RTE_MBUF_F_TX_QINQ"),
    (RTE_MBUF_F_TX_MACSEC, RTE_MBUF_F_TX_MACSEC, c"RTE_MBUF_F_TX_MACSEC"),
    (RTE_MBUF_F_TX_SEC_OFFLOAD, RTE_MBUF_F_TX_SEC_OFFLOAD, c"RTE_MBUF_F_TX_SEC_OFFLOAD"),
    (RTE_MBUF_F_TX_UDP_SEG, RTE_MBUF_F_TX_UDP_SEG, c"RTE_MBUF_F_TX_UDP_SEG"),
    (RTE_MBUF_F_TX_OUTER_UDP_CKSUM, RTE_MBUF_F_TX_OUTER_UDP_CKSUM, c"RTE_MBUF_F_TX_OUTER_UDP_CKSUM"),
];

fn flag_name(table: &[(u64, u64, &'static CStr)], mask: u64) -> Option<&'static CStr> {
    // A zero value is a list entry only, never a name.
    table.iter().find(|e| e.0 == mask && mask != 0).map(|e| e.2)
}

/// Name of one receive flag value (a single flag or one value of a
/// multi-bit field), None if it has none.
pub fn rx_flag_name(mask: u64) -> Option<&'static CStr> {
    flag_name(RX, mask)
}

/// Name of one transmit flag value, None if it has none.
pub fn tx_flag_name(mask: u64) -> Option<&'static CStr> {
    flag_name(TX, mask)
}

fn flag_list(table: &[(u64, u64, &CStr)], mask: u64, buf: &mut [u8]) -> Option<()> {
    let mut at = put_cstr(buf, 0, "")?;
    for &(v, m, name) in table {
        if mask & m == v {
            at = put_cstr(buf, at, name.to_str().unwrap_or(""))?;
            at = put_cstr(buf, at, " ")?;
        }
    }
    Some(())
}

/// Writes the names of the receive flags set in `mask`, each followed by
/// a space, into `buf` as a C string; None if it does not fit.
pub fn rx_flag_list(mask: u64, buf: &mut [u8]) -> Option<()> {
    flag_list(RX, mask, buf)
}

/// As [`rx_flag_list`] for transmit flags.
pub fn tx_flag_list(mask: u64, buf: &mut [u8]) -> Option<()> {
    flag_list(TX, mask, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(buf: &[u8]) -> &str {
        std::str::from_utf8(&buf[..buf.iter().position(|&b| b == 0).unwrap()]).unwrap()
    }

    #[test]
    fn ptype_names() {
        let mut b = [0u8; 256];
        ptype_list(RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP, &mut b).unwrap();
        assert_eq!(s(&b), "L2_ETHER L3_IPV4 L4_UDP ");
        ptype_list(0xf000_0000, &mut b).unwrap();
        assert_eq!(s(&b), "UNKNOWN");
        assert!(ptype_list(RTE_PTYPE_L2_ETHER, &mut b[..9]).is_none());
        assert!(ptype_list(RTE_PTYPE_L2_ETHER, &mut b[..10]).is_some());
        assert_eq!(l3(0x20), c"L3_UNKNOWN");
    }

    #[test]
    fn flag_names() {
        assert_eq!(tx_flag_name(RTE_MBUF_F_TX_L4_MASK), Some(c"RTE_MBUF_F_TX_UDP_CKSUM"));
        assert_eq!(tx_flag_name(RTE_MBUF_F_TX_TUNNEL_ESP), None);
        assert_eq!(rx_flag_name(0), None);
        let mut b = [0u8; 64];
        tx_flag_list(0, &mut b[..27]).unwrap();
        assert_eq!(s(&b), "RTE_MBUF_F_TX_L4_NO_CKSUM ");
        assert!(tx_flag_list(0, &mut b[..26]).is_none());
        assert!(rx_flag_list(0, &mut []).is_none());
    }
}
