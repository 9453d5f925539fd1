//! Soft PMDs and the mbuf access they need.

pub mod mbuf;
pub mod null;
pub mod ring;

use std::cell::UnsafeCell;
use std::ffi::{c_int, c_void, CStr};

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

/// A soft PMD's vdev driver record: a process-lifetime static the vdev bus
/// links into its driver list.
pub(crate) struct SoftDriver(UnsafeCell<rte_abi::dev::rte_vdev_driver>);

// SAFETY: written only by the bus's registration (under its lock), which
// links the record into its list; read by the bus afterwards.
unsafe impl Sync for SoftDriver {}

type VdevFn = unsafe extern "C" fn(*mut rte_abi::dev::rte_vdev_device) -> c_int;

impl SoftDriver {
    /// A driver named `name` (and `alias`) with its probe and remove.
    pub(crate) const fn new(name: &'static CStr, alias: &'static CStr, probe: VdevFn, remove: VdevFn) -> Self {
        use rte_abi::dev::{rte_driver, rte_tailq_link, rte_vdev_driver};
        SoftDriver(UnsafeCell::new(rte_vdev_driver {
            next: rte_tailq_link { tqe_next: std::ptr::null_mut(), tqe_prev: std::ptr::null_mut() },
            driver: rte_driver {
                next: rte_tailq_link { tqe_next: std::ptr::null_mut(), tqe_prev: std::ptr::null_mut() },
                name: name.as_ptr(),
                alias: alias.as_ptr(),
            },
            probe: Some(probe),
            remove: Some(remove),
            dma_map: None,
            dma_unmap: None,
            drv_flags: 0,
        }))
    }

    /// Registers the driver on the vdev bus.
    pub(crate) fn register(&'static self) {
        rte_eal::vdev::register(self.0.get());
    }
}
