//! `rte_mbuf_ptype.h`: names of packet types.

use std::ffi::{c_char, c_int};

use ::rte_mbuf::names;

/// Name of the L2 type ("L2_ETHER", ..., or "L2_UNKNOWN") of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_l2_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_l2_name", cs!("").as_ptr(), { names::l2(ptype).as_ptr() })
}

/// Name of the L3 type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_l3_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_l3_name", cs!("").as_ptr(), { names::l3(ptype).as_ptr() })
}

/// Name of the L4 type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_l4_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_l4_name", cs!("").as_ptr(), { names::l4(ptype).as_ptr() })
}

/// Name of the tunnel type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_tunnel_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_tunnel_name", cs!("").as_ptr(), { names::tunnel(ptype).as_ptr() })
}

/// Name of the inner L2 type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_inner_l2_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_inner_l2_name", cs!("").as_ptr(), { names::inner_l2(ptype).as_ptr() })
}

/// Name of the inner L3 type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_inner_l3_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_inner_l3_name", cs!("").as_ptr(), { names::inner_l3(ptype).as_ptr() })
}

/// Name of the inner L4 type of `ptype`.
#[no_mangle]
pub extern "C" fn rte_get_ptype_inner_l4_name(ptype: u32) -> *const c_char {
    entry!("rte_get_ptype_inner_l4_name", cs!("").as_ptr(), { names::inner_l4(ptype).as_ptr() })
}

/// Writes the names of every layer set in `ptype` (each followed by a
/// space; "UNKNOWN" when none is) into `buf`. Returns 0, or -1 when `buf`
/// is NULL or too small.
///
/// # Safety
/// `buf` must be writable for `buflen` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_get_ptype_name(ptype: u32, buf: *mut c_char, buflen: usize) -> c_int {
    entry!("rte_get_ptype_name", -1, {
        if buf.is_null() || buflen == 0 {
            return -1;
        }
        // SAFETY: writable for buflen bytes per the contract.
        let b = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), buflen) };
        match names::ptype_list(ptype, b) {
            Some(()) => 0,
            None => -1,
        }
    })
}
