//! The ethdev telemetry commands: `/ethdev/list`, `/ethdev/stats,<port>`
//! and `/ethdev/link_status,<port>`, answered as 22.11 does (a failing
//! command, such as an invalid port, answers null).

use std::ffi::{c_char, c_int, CStr};

use rte_abi::ethdev::{LINK_BIT_DUPLEX, LINK_BIT_STATUS, RTE_MAX_ETHPORTS};

use super::rte_telemetry::{self as tel, rte_tel_data};

/// The port id of the parameters: digits first (strtoul base 0 rules,
/// trailing text ignored), an existing port; None otherwise.
///
/// # Safety
/// `params` NULL or a string.
unsafe fn port_param(params: *const c_char) -> Option<u16> {
    if params.is_null() {
        return None;
    }
    // SAFETY: per the contract.
    let p = unsafe { CStr::from_ptr(params) }.to_bytes();
    if !p.first().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    // SAFETY: a NUL-terminated string.
    let v = unsafe { libc::strtoul(params, std::ptr::null_mut(), 0) };
    if v >= RTE_MAX_ETHPORTS as libc::c_ulong {
        return None;
    }
    crate::ethdev::rte_ethdev::tables_ready();
    ::rte_ethdev::dev(v as u16).ok().map(|_| v as u16)
}

unsafe extern "C" fn list(_c: *const c_char, _p: *const c_char, d: *mut rte_tel_data) -> c_int {
    crate::ethdev::rte_ethdev::tables_ready();
    // SAFETY: the server's container.
    unsafe { tel::rte_tel_data_start_array(d, tel::RTE_TEL_INT_VAL) };
    for p in 0..RTE_MAX_ETHPORTS as u16 {
        if ::rte_ethdev::dev(p).is_ok() {
            // SAFETY: as above.
            unsafe { tel::rte_tel_data_add_array_int(d, p as c_int) };
        }
    }
    0
}

unsafe fn u64_array(d: *mut rte_tel_data, name: &CStr, vals: &[u64]) {
    let a = tel::rte_tel_data_alloc();
    // SAFETY: a fresh container handed to d (keep = 0: d frees it).
    unsafe {
        tel::rte_tel_data_start_array(a, tel::RTE_TEL_U64_VAL);
        for &v in vals {
            tel::rte_tel_data_add_array_u64(a, v);
        }
        tel::rte_tel_data_add_dict_container(d, name.as_ptr(), a, 0);
    }
}

unsafe extern "C" fn stats(_c: *const c_char, p: *const c_char, d: *mut rte_tel_data) -> c_int {
    // SAFETY: the server's parameters.
    let Some(port) = (unsafe { port_param(p) }) else { return -1 };
    let Ok(s) = ::rte_ethdev::api::stats(port) else { return -1 };
    // SAFETY: the server's container; static names.
    unsafe {
        tel::rte_tel_data_start_dict(d);
        for (n, v) in [
            (c"ipackets", s.ipackets),
            (c"opackets", s.opackets),
            (c"ibytes", s.ibytes),
            (c"obytes", s.obytes),
            (c"imissed", s.imissed),
            (c"ierrors", s.ierrors),
            (c"oerrors", s.oerrors),
            (c"rx_nombuf", s.rx_nombuf),
        ] {
            tel::rte_tel_data_add_dict_u64(d, n.as_ptr(), v);
        }
        u64_array(d, c"q_ipackets", &s.q_ipackets);
        u64_array(d, c"q_opackets", &s.q_opackets);
        u64_array(d, c"q_ibytes", &s.q_ibytes);
        u64_array(d, c"q_obytes", &s.q_obytes);
        u64_array(d, c"q_errors", &s.q_errors);
    }
    0
}

unsafe extern "C" fn link_status(_c: *const c_char, p: *const c_char, d: *mut rte_tel_data) -> c_int {
    // SAFETY: the server's parameters.
    let Some(port) = (unsafe { port_param(p) }) else { return -1 };
    let Ok(l) = ::rte_ethdev::api::link(port, false) else { return -1 };
    // SAFETY: the server's container; static names.
    unsafe {
        tel::rte_tel_data_start_dict(d);
        if l.bits & LINK_BIT_STATUS == 0 {
            tel::rte_tel_data_add_dict_string(d, c"status".as_ptr(), c"DOWN".as_ptr());
            return 0;
        }
        tel::rte_tel_data_add_dict_string(d, c"status".as_ptr(), c"UP".as_ptr());
        tel::rte_tel_data_add_dict_u64(d, c"speed".as_ptr(), l.link_speed as u64);
        let duplex = if l.bits & LINK_BIT_DUPLEX != 0 { c"full-duplex" } else { c"half-duplex" };
        tel::rte_tel_data_add_dict_string(d, c"duplex".as_ptr(), duplex.as_ptr());
    }
    0
}

/// Registers the ethdev commands.
pub fn register() {
    let cmds: [(&CStr, tel::telemetry_cb, &CStr); 3] = [
        (c"/ethdev/list", Some(list), c"Returns list of available ethdev ports. Takes no parameters"),
        (c"/ethdev/stats", Some(stats), c"Returns the common stats for a port. Parameters: int port_id"),
        (c"/ethdev/link_status", Some(link_status), c"Returns the link status for a port. Parameters: int port_id"),
    ];
    for (c, f, h) in cmds {
        // SAFETY: static strings and our callbacks.
        unsafe { tel::rte_telemetry_register_cmd(c.as_ptr(), f, h.as_ptr()) };
    }
}
