//! `rte_ether.h`: MAC address formatting, parsing and random addresses.

use std::ffi::{c_char, c_int, CStr};

use ::rte_mbuf::ether;
use rte_abi::net::rte_ether_addr;

use crate::boundary::fail;
use crate::mbuf::MbufError;

/// Writes `eth_addr` as "XX:XX:XX:XX:XX:XX" into `buf` (truncated to
/// `size` bytes with the NUL, like snprintf).
///
/// # Safety
/// `buf` writable for `size` bytes; `eth_addr` readable.
#[no_mangle]
pub unsafe extern "C" fn rte_ether_format_addr(buf: *mut c_char, size: u16, eth_addr: *const rte_ether_addr) {
    entry!("rte_ether_format_addr", (), {
        if buf.is_null() || size == 0 || eth_addr.is_null() {
            return;
        }
        // SAFETY: readable per the contract.
        let s = ether::format(unsafe { &(*eth_addr).addr_bytes });
        let n = s.len().min(size as usize - 1);
        // SAFETY: n + 1 <= size bytes written.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
        }
    })
}

/// Parses "XX:XX:XX:XX:XX:XX" or "XXXX:XXXX:XXXX" into `eth_addr`; 0, or
/// -1 with rte_errno EINVAL (the address is then left unchanged).
///
/// # Safety
/// `str` a valid C string; `eth_addr` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_ether_unformat_addr(str: *const c_char, eth_addr: *mut rte_ether_addr) -> c_int {
    entry!("rte_ether_unformat_addr", -1, {
        nonnull!("rte_ether_unformat_addr", str, -1);
        nonnull!("rte_ether_unformat_addr", eth_addr, -1);
        // SAFETY: valid string per the contract.
        let s = unsafe { CStr::from_ptr(str) };
        match s.to_str().ok().and_then(ether::parse) {
            Some(a) => {
                // SAFETY: writable per the contract.
                unsafe { (*eth_addr).addr_bytes = a };
                0
            }
            None => crate::boundary::fail_quiet(
                &MbufError::Invalid(format!("'{}' is not a MAC address", s.to_string_lossy())),
                -1,
            ),
        }
    })
}

/// Fills `addr` (6 bytes) with a random locally administered unicast
/// address.
///
/// # Safety
/// `addr` writable for 6 bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_random_addr(addr: *mut u8) {
    entry!("rte_eth_random_addr", (), {
        if addr.is_null() {
            fail("rte_eth_random_addr", &MbufError::Invalid("addr is NULL".into()), ());
            return;
        }
        let r = rte_eal::rand::rand().to_le_bytes();
        let mut a = [r[0], r[1], r[2], r[3], r[4], r[5]];
        a[0] &= !0x01; // unicast
        a[0] |= 0x02; // locally administered
                      // SAFETY: writable for 6 bytes per the contract.
        unsafe { std::ptr::copy_nonoverlapping(a.as_ptr(), addr, 6) };
    })
}
