//! `rte_arp.h`: RARP request packets.

use std::ptr::null_mut;

use rte_abi::mbuf::rte_mbuf;
use rte_abi::mempool::rte_mempool;
use rte_abi::net::*;

/// Length of the RARP frame built (minimum Ethernet frame without CRC is
/// 60; 22.11 appends 64 bytes).
const RARP_PKT_SIZE: u16 = 64;

/// A broadcast RARP request from `mac` ("who am I"), in a new mbuf from
/// `mpool`; NULL if the pool is empty or its buffers are too small.
///
/// # Safety
/// `mpool` a pktmbuf pool; `mac` readable.
#[no_mangle]
pub unsafe extern "C" fn rte_net_make_rarp_packet(
    mpool: *mut rte_mempool,
    mac: *const rte_ether_addr,
) -> *mut rte_mbuf {
    entry!("rte_net_make_rarp_packet", null_mut(), {
        nonnull!("rte_net_make_rarp_packet", mpool, null_mut());
        nonnull!("rte_net_make_rarp_packet", mac, null_mut());
        let m = crate::mbuf::pool_alloc(mpool);
        if m.is_null() {
            return null_mut();
        }
        let room = mget!(m, buf_len) as u32 - mget!(m, data_off) as u32;
        if room < RARP_PKT_SIZE as u32 {
            crate::mbuf::pool_free(m);
            return null_mut();
        }
        // SAFETY: readable per the contract.
        let a = unsafe { (*mac).addr_bytes };
        let mut f = [0u8; RARP_PKT_SIZE as usize];
        f[0..6].fill(0xff);
        f[6..12].copy_from_slice(&a);
        f[12..14].copy_from_slice(&RTE_ETHER_TYPE_RARP.to_be_bytes());
        f[14..16].copy_from_slice(&RTE_ARP_HRD_ETHER.to_be_bytes());
        f[16..18].copy_from_slice(&RTE_ETHER_TYPE_IPV4.to_be_bytes());
        f[18] = RTE_ETHER_ADDR_LEN as u8;
        f[19] = 4;
        f[20..22].copy_from_slice(&RTE_ARP_OP_REVREQUEST.to_be_bytes());
        f[22..28].copy_from_slice(&a); // sender hardware address
        f[32..38].copy_from_slice(&a); // target hardware address
                                       // SAFETY: the data start of a fresh mbuf with at least 64 bytes of room.
        unsafe {
            let dst = mget!(m, buf_addr).cast::<u8>().add(mget!(m, data_off) as usize);
            std::ptr::copy_nonoverlapping(f.as_ptr(), dst, f.len());
        }
        mset!(m, data_len, RARP_PKT_SIZE);
        mset!(m, pkt_len, RARP_PKT_SIZE as u32);
        m
    })
}
