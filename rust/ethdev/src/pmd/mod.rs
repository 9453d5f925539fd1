//! Soft PMDs and the mbuf access they need.

pub mod mbuf;
pub mod null;
pub mod ring;

use std::ffi::c_void;

use rte_abi::ethdev::*;

use crate::driver;

/// Delivers a link-state-change event from the alarm thread (as an
/// interrupt thread would), never from inside the call that changed the
/// link (which holds the port's control lock).
unsafe extern "C" fn lsc_alarm(arg: *mut c_void) {
    let port = arg as usize as u16;
    if crate::dev(port).is_ok() {
        crate::callbacks::process(port, RTE_ETH_EVENT_INTR_LSC, 0);
    }
}

/// Sets a soft port's link word (up: 10 Gbps full duplex); when the status
/// changed and the application asked for LSC interrupts, an
/// RTE_ETH_EVENT_INTR_LSC follows.
fn set_link(d: *mut rte_eth_dev, up: bool, pmd: &str) {
    let l = rte_eth_link {
        link_speed: if up { RTE_ETH_SPEED_NUM_10G } else { RTE_ETH_SPEED_NUM_NONE },
        bits: LINK_BIT_DUPLEX | if up { LINK_BIT_STATUS } else { 0 },
    };
    // SAFETY: d is a live port of one of these PMDs.
    let (changed, lsc, port) = unsafe {
        (driver::linkstatus_set(d, l), (*(*d).data).dev_conf.intr_conf & INTR_CONF_LSC != 0, (*(*d).data).port_id)
    };
    if changed && lsc {
        let f = lsc_alarm as unsafe extern "C" fn(*mut c_void) as usize;
        if let Err(e) = rte_eal::alarm::set(1, f, port as usize) {
            rte_eal::rte_log!(ERR, PMD, "{pmd}: port {port}: cannot schedule the LSC event: {e}\n");
        }
    }
}
