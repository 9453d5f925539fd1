//! Software packet-type detection (`rte_net_get_ptype`) and IPv6
//! extension-header skipping (`rte_net_skip_ip6_ext`), over any packet
//! that can copy out `len` bytes at an offset (an mbuf chain in C).

use rte_abi::mbuf_ptype::*;
use rte_abi::net::{
    rte_net_hdr_lens, RTE_ETHER_TYPE_IPV4, RTE_ETHER_TYPE_IPV6, RTE_ETHER_TYPE_MPLS, RTE_ETHER_TYPE_MPLSM,
    RTE_ETHER_TYPE_QINQ, RTE_ETHER_TYPE_TEB, RTE_ETHER_TYPE_VLAN,
};

/// Copies `buf.len()` bytes from offset `off` of the packet; false if the
/// packet is shorter.
pub trait PacketReader {
    /// See the trait.
    fn read(&self, off: u32, buf: &mut [u8]) -> bool;
}

impl PacketReader for [u8] {
    fn read(&self, off: u32, buf: &mut [u8]) -> bool {
        let start = off as usize;
        match self.get(start..start + buf.len()) {
            Some(s) => {
                buf.copy_from_slice(s);
                true
            }
            None => false,
        }
    }
}

const IPPROTO_HOPOPTS: u8 = 0;
const IPPROTO_IPIP: u8 = 4;
const IPPROTO_TCP: u8 = 6;
const IPPROTO_UDP: u8 = 17;
const IPPROTO_IPV6: u8 = 41;
const IPPROTO_ROUTING: u8 = 43;
const IPPROTO_FRAGMENT: u8 = 44;
const IPPROTO_GRE: u8 = 47;
const IPPROTO_ESP: u8 = 50;
const IPPROTO_AH: u8 = 51;
const IPPROTO_NONE: u8 = 59;
const IPPROTO_DSTOPTS: u8 = 60;
const IPPROTO_SCTP: u8 = 132;
/// Extension headers skipped at most before giving up.
const MAX_EXT_HDRS: usize = 5;
/// MPLS labels looked at.
const MAX_MPLS_HDR: u32 = 5;
/// IPv4 fragment offset bits and the more-fragments flag.
const IPV4_FRAG_BITS: u16 = 0x3fff;

/// Skips IPv6 extension headers starting at `*off` when the previous
/// header's next-header value is `proto`. Returns the first non-extension
/// protocol (0 for "no next header") and sets `*frag` if a fragment
/// header was met (it ends the walk); None when the packet is too short
/// or more than five extension headers follow each other.
pub fn skip_ip6_ext<R: PacketReader + ?Sized>(mut proto: u8, pkt: &R, off: &mut u32, frag: &mut bool) -> Option<u8> {
    *frag = false;
    for _ in 0..MAX_EXT_HDRS {
        let mut xh = [0u8; 2];
        match proto {
            IPPROTO_HOPOPTS | IPPROTO_ROUTING | IPPROTO_DSTOPTS => {
                if !pkt.read(*off, &mut xh) {
                    return None;
                }
                *off += (xh[1] as u32 + 1) * 8;
                proto = xh[0];
            }
            IPPROTO_FRAGMENT => {
                if !pkt.read(*off, &mut xh) {
                    return None;
                }
                *off += 8;
                *frag = true;
                return Some(xh[0]);
            }
            IPPROTO_NONE => return Some(0),
            p => return Some(p),
        }
    }
    None
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

/// L3 type of an IPv4 header from its version/IHL byte (outer values).
fn l3_ipv4(version_ihl: u8) -> u32 {
    match version_ihl {
        0x45 => RTE_PTYPE_L3_IPV4,
        0x46..=0x4f => RTE_PTYPE_L3_IPV4_EXT,
        _ => 0,
    }
}

/// L3 type of an IPv6 header from its next-header value (outer values).
fn l3_ipv6(proto: u8) -> u32 {
    match proto {
        IPPROTO_HOPOPTS | IPPROTO_ROUTING | IPPROTO_FRAGMENT | IPPROTO_ESP | IPPROTO_AH | IPPROTO_DSTOPTS => {
            RTE_PTYPE_L3_IPV6_EXT
        }
        _ => RTE_PTYPE_L3_IPV6,
    }
}

/// L4 type of an IP protocol (outer values).
fn l4_of(proto: u8) -> u32 {
    match proto {
        IPPROTO_TCP => RTE_PTYPE_L4_TCP,
        IPPROTO_UDP => RTE_PTYPE_L4_UDP,
        IPPROTO_SCTP => RTE_PTYPE_L4_SCTP,
        _ => 0,
    }
}

/// Outer layer values shifted to the inner fields.
fn inner(v: u32) -> u32 {
    match v {
        RTE_PTYPE_L3_IPV4 => RTE_PTYPE_INNER_L3_IPV4,
        RTE_PTYPE_L3_IPV4_EXT => RTE_PTYPE_INNER_L3_IPV4_EXT,
        RTE_PTYPE_L3_IPV6 => RTE_PTYPE_INNER_L3_IPV6,
        RTE_PTYPE_L3_IPV6_EXT => RTE_PTYPE_INNER_L3_IPV6_EXT,
        RTE_PTYPE_L4_TCP => RTE_PTYPE_INNER_L4_TCP,
        RTE_PTYPE_L4_UDP => RTE_PTYPE_INNER_L4_UDP,
        RTE_PTYPE_L4_SCTP => RTE_PTYPE_INNER_L4_SCTP,
        _ => 0,
    }
}

/// The protocol being looked at: an EtherType or an IP protocol number
/// (the two share one variable in the walk, as in the reference).
#[derive(Clone, Copy, PartialEq)]
enum Next {
    Ether(u16),
    Ip(u8),
}

/// Tunnel type at `*off` when the L4 protocol is `proto`; moves `*off`
/// past the tunnel header and `*next` to the encapsulated EtherType.
fn tunnel<R: PacketReader + ?Sized>(next: &mut Next, pkt: &R, off: &mut u32) -> u32 {
    match *next {
        Next::Ip(IPPROTO_GRE) => {
            let mut gh = [0u8; 4];
            if !pkt.read(*off, &mut gh) {
                return 0;
            }
            // Header length by the checksum/routing/key/sequence flags.
            let len = match be16(&gh) >> 12 {
                0x0 => 4,
                0x1 | 0x2 | 0x8 => 8,
                0x3 | 0x9 | 0xa => 12,
                0xb => 16,
                _ => return 0,
            };
            *off += len;
            let et = be16(&gh[2..]);
            *next = Next::Ether(et);
            if et == RTE_ETHER_TYPE_TEB {
                RTE_PTYPE_TUNNEL_NVGRE
            } else {
                RTE_PTYPE_TUNNEL_GRE
            }
        }
        Next::Ip(IPPROTO_IPIP) => {
            *next = Next::Ether(RTE_ETHER_TYPE_IPV4);
            RTE_PTYPE_TUNNEL_IP
        }
        Next::Ip(IPPROTO_IPV6) => {
            *next = Next::Ether(RTE_ETHER_TYPE_IPV6);
            RTE_PTYPE_TUNNEL_IP
        }
        _ => 0,
    }
}

/// Where an L3 walk ended.
enum L3 {
    /// Stop and return the type found so far.
    Stop,
    /// Go on with this L4 protocol (or a fragment).
    Go(Next, bool),
}

/// Parses an IPv4 or IPv6 header at `*off` for `next`, adding its L3 type
/// (outer values) to `*pt`; `inner_layer` picks which lengths it fills.
fn walk_l3<R: PacketReader + ?Sized>(
    next: Next,
    pkt: &R,
    off: &mut u32,
    pt: &mut u32,
    l3_len: &mut u16,
    want_l4: bool,
) -> Option<L3> {
    match next {
        Next::Ether(RTE_ETHER_TYPE_IPV4) => {
            let mut h = [0u8; 20];
            if !pkt.read(*off, &mut h) {
                return Some(L3::Stop);
            }
            *pt |= l3_ipv4(h[0]);
            *l3_len = ((h[0] & 0xf) as u16) * 4;
            *off += *l3_len as u32;
            if !want_l4 {
                return Some(L3::Stop);
            }
            if be16(&h[6..]) & IPV4_FRAG_BITS != 0 {
                return Some(L3::Go(Next::Ip(h[9]), true));
            }
            Some(L3::Go(Next::Ip(h[9]), false))
        }
        Next::Ether(RTE_ETHER_TYPE_IPV6) => {
            let mut h = [0u8; 40];
            if !pkt.read(*off, &mut h) {
                return Some(L3::Stop);
            }
            let mut proto = h[6];
            *l3_len = 40;
            *off += 40;
            *pt |= l3_ipv6(proto);
            let mut frag = false;
            if l3_ipv6(proto) == RTE_PTYPE_L3_IPV6_EXT {
                let before = *off;
                match skip_ip6_ext(proto, pkt, off, &mut frag) {
                    Some(p) => proto = p,
                    None => return Some(L3::Stop),
                }
                *l3_len += (*off - before) as u16;
            }
            if proto == 0 || !want_l4 {
                return Some(L3::Stop);
            }
            Some(L3::Go(Next::Ip(proto), frag))
        }
        _ => None,
    }
}

/// Packet type of the packet, looking only at the layers in `layers`
/// (RTE_PTYPE_*_MASK bits), with the header lengths found.
pub fn get_ptype<R: PacketReader + ?Sized>(pkt: &R, lens: &mut rte_net_hdr_lens, layers: u32) -> u32 {
    let mut eh = [0u8; 14];
    if !pkt.read(0, &mut eh) {
        return 0;
    }
    let mut next = be16(&eh[12..]);
    let mut off: u32 = 14;
    lens.l2_len = 14;
    if layers & RTE_PTYPE_L2_MASK == 0 {
        return 0;
    }
    let mut pt = RTE_PTYPE_L2_ETHER;
    let mut vh = [0u8; 4];
    if next == RTE_ETHER_TYPE_VLAN {
        if !pkt.read(off, &mut vh) {
            return pt;
        }
        off += 4;
        lens.l2_len += 4;
        next = be16(&vh[2..]);
        pt = RTE_PTYPE_L2_ETHER_VLAN;
    } else if next == RTE_ETHER_TYPE_QINQ {
        if !pkt.read(off + 4, &mut vh) {
            return pt;
        }
        off += 8;
        lens.l2_len += 8;
        next = be16(&vh[2..]);
        pt = RTE_PTYPE_L2_ETHER_QINQ;
    } else if next == RTE_ETHER_TYPE_MPLS || next == RTE_ETHER_TYPE_MPLSM {
        // The labels are read but never classified: plain Ethernet.
        for i in 0..MAX_MPLS_HDR {
            if !pkt.read(off + i * 4, &mut vh) {
                return pt;
            }
        }
        return pt;
    }

    if layers & RTE_PTYPE_L3_MASK == 0 {
        return pt;
    }
    let mut l3_len = lens.l3_len;
    let mut cur = Next::Ether(next);
    match walk_l3(cur, pkt, &mut off, &mut pt, &mut l3_len, layers & RTE_PTYPE_L4_MASK != 0) {
        Some(L3::Stop) => {
            lens.l3_len = l3_len;
            return pt;
        }
        Some(L3::Go(n, frag)) => {
            lens.l3_len = l3_len;
            if frag {
                lens.l4_len = 0;
                return pt | RTE_PTYPE_L4_FRAG;
            }
            let Next::Ip(p) = n else { unreachable!() };
            pt |= l4_of(p);
            cur = n;
        }
        None => {}
    }

    match pt & RTE_PTYPE_L4_MASK {
        RTE_PTYPE_L4_UDP => {
            lens.l4_len = 8;
            return pt;
        }
        RTE_PTYPE_L4_TCP => {
            let mut th = [0u8; 20];
            if !pkt.read(off, &mut th) {
                return pt & (RTE_PTYPE_L2_MASK | RTE_PTYPE_L3_MASK);
            }
            lens.l4_len = (th[12] & 0xf0) >> 2;
            return pt;
        }
        RTE_PTYPE_L4_SCTP => {
            lens.l4_len = 12;
            return pt;
        }
        _ => {
            let before = off;
            lens.l4_len = 0;
            if layers & RTE_PTYPE_TUNNEL_MASK == 0 {
                return pt;
            }
            pt |= tunnel(&mut cur, pkt, &mut off);
            lens.tunnel_len = (off - before) as u16;
        }
    }

    // The encapsulated packet, with the inner layer values.
    if layers & RTE_PTYPE_INNER_L2_MASK == 0 {
        return pt;
    }
    lens.inner_l2_len = 0;
    if cur == Next::Ether(RTE_ETHER_TYPE_TEB) {
        if !pkt.read(off, &mut eh) {
            return pt;
        }
        pt |= RTE_PTYPE_INNER_L2_ETHER;
        cur = Next::Ether(be16(&eh[12..]));
        off += 14;
        lens.inner_l2_len = 14;
    }
    if cur == Next::Ether(RTE_ETHER_TYPE_VLAN) {
        if !pkt.read(off, &mut vh) {
            return pt;
        }
        pt = (pt & !RTE_PTYPE_INNER_L2_MASK) | RTE_PTYPE_INNER_L2_ETHER_VLAN;
        off += 4;
        lens.inner_l2_len += 4;
        cur = Next::Ether(be16(&vh[2..]));
    } else if cur == Next::Ether(RTE_ETHER_TYPE_QINQ) {
        if !pkt.read(off + 4, &mut vh) {
            return pt;
        }
        pt = (pt & !RTE_PTYPE_INNER_L2_MASK) | RTE_PTYPE_INNER_L2_ETHER_QINQ;
        off += 8;
        lens.inner_l2_len += 8;
        cur = Next::Ether(be16(&vh[2..]));
    }

    if layers & RTE_PTYPE_INNER_L3_MASK == 0 {
        return pt;
    }
    let mut outer_vals = 0u32;
    let mut l3_len = lens.inner_l3_len;
    let r = walk_l3(cur, pkt, &mut off, &mut outer_vals, &mut l3_len, layers & RTE_PTYPE_INNER_L4_MASK != 0);
    pt |= inner(outer_vals);
    match r {
        Some(L3::Stop) => {
            lens.inner_l3_len = l3_len;
            return pt;
        }
        Some(L3::Go(n, frag)) => {
            lens.inner_l3_len = l3_len;
            if frag {
                lens.inner_l4_len = 0;
                return pt | RTE_PTYPE_INNER_L4_FRAG;
            }
            let Next::Ip(p) = n else { unreachable!() };
            pt |= inner(l4_of(p));
        }
        None => {}
    }

    match pt & RTE_PTYPE_INNER_L4_MASK {
        RTE_PTYPE_INNER_L4_UDP => lens.inner_l4_len = 8,
        RTE_PTYPE_INNER_L4_TCP => {
            let mut th = [0u8; 20];
            if !pkt.read(off, &mut th) {
                return pt & (RTE_PTYPE_INNER_L2_MASK | RTE_PTYPE_INNER_L3_MASK);
            }
            lens.inner_l4_len = (th[12] & 0xf0) >> 2;
        }
        RTE_PTYPE_INNER_L4_SCTP => lens.inner_l4_len = 12,
        _ => lens.inner_l4_len = 0,
    }
    pt
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eth(et: u16) -> Vec<u8> {
        let mut p = vec![0u8; 12];
        p.extend_from_slice(&et.to_be_bytes());
        p
    }

    fn ipv4(proto: u8, frag: u16) -> Vec<u8> {
        let mut h = vec![0u8; 20];
        h[0] = 0x45;
        h[6..8].copy_from_slice(&frag.to_be_bytes());
        h[9] = proto;
        h
    }

    #[test]
    fn udp_over_ipv4() {
        let mut p = eth(RTE_ETHER_TYPE_IPV4);
        p.extend(ipv4(IPPROTO_UDP, 0));
        p.extend([0u8; 8]);
        let mut l = rte_net_hdr_lens::default();
        let pt = get_ptype(&p[..], &mut l, RTE_PTYPE_ALL_MASK);
        assert_eq!(pt, RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_UDP);
        assert_eq!((l.l2_len, l.l3_len, l.l4_len), (14, 20, 8));
    }

    #[test]
    fn fragment_and_tunnel() {
        let mut p = eth(RTE_ETHER_TYPE_VLAN);
        p.extend([0, 5, 0x08, 0x00]);
        p.extend(ipv4(IPPROTO_TCP, 0x2000));
        let mut l = rte_net_hdr_lens::default();
        let pt = get_ptype(&p[..], &mut l, RTE_PTYPE_ALL_MASK);
        assert_eq!(pt, RTE_PTYPE_L2_ETHER_VLAN | RTE_PTYPE_L3_IPV4 | RTE_PTYPE_L4_FRAG);
        assert_eq!(l.l2_len, 18);

        let mut p = eth(RTE_ETHER_TYPE_IPV4);
        p.extend(ipv4(IPPROTO_IPIP, 0));
        p.extend(ipv4(IPPROTO_TCP, 0));
        let mut tcp = [0u8; 20];
        tcp[12] = 0x50;
        p.extend(tcp);
        let mut l = rte_net_hdr_lens::default();
        let pt = get_ptype(&p[..], &mut l, RTE_PTYPE_ALL_MASK);
        assert_eq!(
            pt,
            RTE_PTYPE_L2_ETHER
                | RTE_PTYPE_L3_IPV4
                | RTE_PTYPE_TUNNEL_IP
                | RTE_PTYPE_INNER_L3_IPV4
                | RTE_PTYPE_INNER_L4_TCP
        );
        assert_eq!((l.inner_l3_len, l.inner_l4_len), (20, 20));
    }

    #[test]
    fn ipv6_ext() {
        // Hop-by-hop (8 bytes) then UDP.
        let mut p = vec![IPPROTO_UDP, 0, 0, 0, 0, 0, 0, 0];
        p.extend([0u8; 8]);
        let (mut off, mut frag) = (0, false);
        assert_eq!(skip_ip6_ext(IPPROTO_HOPOPTS, &p[..], &mut off, &mut frag), Some(IPPROTO_UDP));
        assert_eq!((off, frag), (8, false));
        let (mut off, mut frag) = (0, false);
        assert_eq!(skip_ip6_ext(IPPROTO_FRAGMENT, &p[..], &mut off, &mut frag), Some(IPPROTO_UDP));
        assert!(frag);
        let (mut off, mut frag) = (100, false);
        assert_eq!(skip_ip6_ext(IPPROTO_ROUTING, &p[..], &mut off, &mut frag), None);
    }
}
