//! `rte_net.h`: software packet type detection on an mbuf chain.

use std::ffi::c_int;

use ::rte_mbuf::ptype;
use rte_abi::mbuf::rte_mbuf;
use rte_abi::net::rte_net_hdr_lens;

use crate::mbuf::rte_mbuf::Chain;

/// Skips IPv6 extension headers at `*off` of `m` after a header whose
/// next-header value is `proto`; returns the next protocol (0: none),
/// setting `*frag` (if not NULL) when a fragment header was met, or -1
/// when the packet is too short or the chain too long.
///
/// # Safety
/// `m` a valid packet; `off` writable; `frag` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_net_skip_ip6_ext(
    proto: u16,
    m: *const rte_mbuf,
    off: *mut u32,
    frag: *mut c_int,
) -> c_int {
    entry!("rte_net_skip_ip6_ext", -1, {
        if m.is_null() || off.is_null() || proto > u8::MAX as u16 {
            return -1;
        }
        // SAFETY: valid per the contract.
        let mut o = unsafe { off.read() };
        let mut fr = false;
        let r = ptype::skip_ip6_ext(proto as u8, &Chain(m), &mut o, &mut fr);
        // SAFETY: writable per the contract.
        unsafe { off.write(o) };
        if !frag.is_null() {
            // SAFETY: writable per the contract.
            unsafe { frag.write(fr as c_int) };
        }
        r.map_or(-1, |p| p as c_int)
    })
}

/// Packet type of `m` found by parsing its headers, for the layers in
/// `layers` (RTE_PTYPE_*_MASK bits); header lengths go to `hdr_lens` if
/// not NULL.
///
/// # Safety
/// `m` a valid packet; `hdr_lens` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_net_get_ptype(m: *const rte_mbuf, hdr_lens: *mut rte_net_hdr_lens, layers: u32) -> u32 {
    entry!("rte_net_get_ptype", 0, {
        if m.is_null() {
            return 0;
        }
        let mut lens = if hdr_lens.is_null() {
            rte_net_hdr_lens::default()
        } else {
            // SAFETY: valid per the contract (fields the parse does not
            // reach keep the caller's values, as in the reference).
            unsafe { hdr_lens.read() }
        };
        let pt = ptype::get_ptype(&Chain(m), &mut lens, layers);
        if !hdr_lens.is_null() {
            // SAFETY: writable per the contract.
            unsafe { hdr_lens.write(lens) };
        }
        pt
    })
}
