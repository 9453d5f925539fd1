//! `rte_net_crc.h`: CRC16-CCITT and Ethernet CRC32 over a buffer. Every
//! algorithm choice gives the same values (one table-driven
//! implementation), so the choice is recorded and otherwise ignored.

use std::ffi::c_void;
use std::sync::atomic::{AtomicU32, Ordering};

use ::rte_mbuf::crc;
use rte_abi::net::{RTE_NET_CRC16_CCITT, RTE_NET_CRC32_ETH};

/// `enum rte_net_crc_alg` (C's enum).
pub type rte_net_crc_alg = u32;
/// `enum rte_net_crc_type` (C's enum).
pub type rte_net_crc_type = u32;

/// The last algorithm asked for. ORDERING: a lone value, no pairing.
static ALG: AtomicU32 = AtomicU32::new(0);

/// Chooses the CRC algorithm (scalar, SSE4.2, NEON, AVX512); all give
/// the same results here.
#[no_mangle]
pub extern "C" fn rte_net_crc_set_alg(alg: rte_net_crc_alg) {
    entry!("rte_net_crc_set_alg", (), { ALG.store(alg, Ordering::Relaxed) })
}

/// CRC of `data_len` bytes at `data`: `RTE_NET_CRC16_CCITT` or
/// `RTE_NET_CRC32_ETH`; 0 for an unknown type or NULL data.
///
/// # Safety
/// `data` readable for `data_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_net_crc_calc(data: *const c_void, data_len: u32, type_: rte_net_crc_type) -> u32 {
    entry!("rte_net_crc_calc", 0, {
        let d: &[u8] = if data.is_null() || data_len == 0 {
            &[]
        } else {
            // SAFETY: readable per the contract.
            unsafe { std::slice::from_raw_parts(data.cast::<u8>(), data_len as usize) }
        };
        match type_ {
            RTE_NET_CRC16_CCITT => crc::crc16_ccitt(d) as u32,
            RTE_NET_CRC32_ETH => crc::crc32_eth(d),
            _ => 0,
        }
    })
}
