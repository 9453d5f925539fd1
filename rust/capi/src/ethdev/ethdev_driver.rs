//! `ethdev_driver.h` / `ethdev_vdev.h`: what drivers call.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr;

use ::rte_ethdev::{driver, Error};
use rte_abi::ethdev::*;
use rte_abi::memory::rte_memzone;

use super::ret;
use crate::boundary::fail;

/// The slot of a port named `name`, or NULL.
///
/// # Safety
/// `name` must be a valid string or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_allocated(name: *const c_char) -> *mut rte_eth_dev {
    entry!("rte_eth_dev_allocated", ptr::null_mut(), {
        nonnull!("rte_eth_dev_allocated", name, ptr::null_mut());
        super::rte_ethdev::tables_ready();
        // SAFETY: valid string per the contract.
        driver::allocated(unsafe { CStr::from_ptr(name) }).unwrap_or(ptr::null_mut())
    })
}

/// Allocates a port slot named `name` (NULL when the name is taken, bad,
/// or all RTE_MAX_ETHPORTS slots are used).
///
/// # Safety
/// `name` must be a valid string or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_allocate(name: *const c_char) -> *mut rte_eth_dev {
    entry!("rte_eth_dev_allocate", ptr::null_mut(), {
        nonnull!("rte_eth_dev_allocate", name, ptr::null_mut());
        super::rte_ethdev::tables_ready();
        // SAFETY: valid string per the contract.
        match driver::allocate(unsafe { CStr::from_ptr(name) }) {
            Ok(d) => d,
            Err(e) => fail("rte_eth_dev_allocate", &e, ptr::null_mut()),
        }
    })
}

/// Secondary processes are not supported: always NULL with ENOTSUP.
///
/// # Safety
/// `name` must be a valid string or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_attach_secondary(name: *const c_char) -> *mut rte_eth_dev {
    entry!("rte_eth_dev_attach_secondary", ptr::null_mut(), {
        let _ = name;
        fail("rte_eth_dev_attach_secondary", &Error::NotSupported("secondary process attach"), ptr::null_mut())
    })
}

/// Releases a port (RTE_ETH_EVENT_DESTROY first).
///
/// # Safety
/// `eth_dev` must be a slot of `rte_eth_devices` or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_release_port(eth_dev: *mut rte_eth_dev) -> c_int {
    entry!("rte_eth_dev_release_port", -libc::EINVAL, {
        nonnull!("rte_eth_dev_release_port", eth_dev, -libc::EINVAL);
        // SAFETY: a slot per the contract.
        ret("rte_eth_dev_release_port", unsafe { driver::release_port(eth_dev) })
    })
}

/// Fires RTE_ETH_EVENT_NEW and marks the port attached.
///
/// # Safety
/// `dev` must be a slot from `rte_eth_dev_allocate` or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_probing_finish(dev: *mut rte_eth_dev) {
    entry!("rte_eth_dev_probing_finish", (), {
        if dev.is_null() {
            return;
        }
        // SAFETY: per the contract.
        unsafe { driver::probing_finish(dev) }
    })
}

/// Runs the application's callbacks for `event` on the port; returns the
/// last callback's result.
///
/// # Safety
/// `dev` must be a port slot with data.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_callback_process(
    dev: *mut rte_eth_dev,
    event: c_uint,
    ret_param: *mut c_void,
) -> c_int {
    entry!("rte_eth_dev_callback_process", -libc::EINVAL, {
        nonnull!("rte_eth_dev_callback_process", dev, -libc::EINVAL);
        // SAFETY: per the contract.
        let port = unsafe { (*(*dev).data).port_id };
        ::rte_ethdev::callbacks::process(port, event, ret_param as usize)
    })
}

/// Driver init callback of `rte_eth_dev_create`.
pub type ethdev_init_t = Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut c_void) -> c_int>;
/// Bus-specific init callback of `rte_eth_dev_create`.
pub type ethdev_bus_specific_init = Option<unsafe extern "C" fn(*mut rte_eth_dev, *mut c_void) -> c_int>;
/// Driver uninit callback of `rte_eth_dev_destroy`.
pub type ethdev_uninit_t = Option<unsafe extern "C" fn(*mut rte_eth_dev) -> c_int>;

/// Allocates a port, its zeroed private data (`rte_zmalloc`), runs the bus
/// and driver init callbacks, and finishes probing.
///
/// # Safety
/// `device` must be a live `rte_device`; `name` a valid string; the
/// callbacks valid for their parameters.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_create(
    device: *mut c_void,
    name: *const c_char,
    priv_data_size: usize,
    bus_specific_init: ethdev_bus_specific_init,
    bus_init_params: *mut c_void,
    ethdev_init: ethdev_init_t,
    init_params: *mut c_void,
) -> c_int {
    entry!("rte_eth_dev_create", -libc::EINVAL, {
        nonnull!("rte_eth_dev_create", name, -libc::EINVAL);
        let Some(init) = ethdev_init else {
            return fail("rte_eth_dev_create", &Error::Invalid("NULL ethdev_init".into()), -libc::EINVAL);
        };
        super::rte_ethdev::tables_ready();
        // SAFETY: valid string per the contract.
        let d = match driver::allocate(unsafe { CStr::from_ptr(name) }) {
            Ok(d) => d,
            Err(e) => return fail("rte_eth_dev_create", &e, -libc::ENODEV),
        };
        // SAFETY: our fresh slot; the callbacks per the contract.
        unsafe {
            if priv_data_size > 0 {
                let Some(p) = rte_mem::malloc::alloc(-1, -1, priv_data_size, 0, 0, None) else {
                    let _ = driver::release_port(d);
                    return fail("rte_eth_dev_create", &Error::NoMemory, -libc::ENOMEM);
                };
                ptr::write_bytes(p.as_ptr(), 0, priv_data_size);
                (*(*d).data).dev_private = p.as_ptr() as *mut c_void;
            }
            (*d).device = device;
            if let Some(b) = bus_specific_init {
                let r = b(d, bus_init_params);
                if r < 0 {
                    let _ = driver::release_port(d);
                    return fail("rte_eth_dev_create", &Error::Driver("bus init", r), r);
                }
            }
            let r = init(d, init_params);
            if r < 0 {
                let _ = driver::release_port(d);
                return fail("rte_eth_dev_create", &Error::Driver("ethdev init", r), r);
            }
            driver::probing_finish(d);
        }
        0
    })
}

/// Runs the driver's uninit, then releases the port.
///
/// # Safety
/// `ethdev` must be a port slot or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_destroy(ethdev: *mut rte_eth_dev, ethdev_uninit: ethdev_uninit_t) -> c_int {
    entry!("rte_eth_dev_destroy", -libc::EINVAL, {
        nonnull!("rte_eth_dev_destroy", ethdev, -libc::EINVAL);
        let Some(u) = ethdev_uninit else {
            return fail("rte_eth_dev_destroy", &Error::Invalid("NULL ethdev_uninit".into()), -libc::EINVAL);
        };
        // SAFETY: the driver's callback on its port.
        let r = unsafe { u(ethdev) };
        if r < 0 {
            return fail("rte_eth_dev_destroy", &Error::Driver("ethdev uninit", r), r);
        }
        // SAFETY: a slot per the contract.
        ret("rte_eth_dev_destroy", unsafe { driver::release_port(ethdev) })
    })
}

/// The memzone `eth_p<port>_q<queue>_<name>` (reused if it exists and
/// fits), IOVA-contiguous.
///
/// # Safety
/// `eth_dev` must be a live port slot; `name` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dma_zone_reserve(
    eth_dev: *const rte_eth_dev,
    name: *const c_char,
    queue_id: u16,
    size: usize,
    align: c_uint,
    socket_id: c_int,
) -> *const rte_memzone {
    entry!("rte_eth_dma_zone_reserve", ptr::null(), {
        nonnull!("rte_eth_dma_zone_reserve", eth_dev, ptr::null());
        nonnull!("rte_eth_dma_zone_reserve", name, ptr::null());
        // SAFETY: per the contract.
        match unsafe { driver::dma_zone_reserve(eth_dev, CStr::from_ptr(name), queue_id, size, align, socket_id) } {
            Ok(m) => m,
            Err(e) => fail("rte_eth_dma_zone_reserve", &e, ptr::null()),
        }
    })
}

/// Frees a zone from `rte_eth_dma_zone_reserve` (-ENOENT if none).
///
/// # Safety
/// `eth_dev` must be a live port slot; `name` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dma_zone_free(
    eth_dev: *const rte_eth_dev,
    name: *const c_char,
    queue_id: u16,
) -> c_int {
    entry!("rte_eth_dma_zone_free", -libc::EINVAL, {
        nonnull!("rte_eth_dma_zone_free", eth_dev, -libc::EINVAL);
        nonnull!("rte_eth_dma_zone_free", name, -libc::EINVAL);
        // SAFETY: per the contract.
        ret("rte_eth_dma_zone_free", unsafe { driver::dma_zone_free(eth_dev, CStr::from_ptr(name), queue_id) })
    })
}

/// The burst function of a queue that moves nothing.
///
/// # Safety
/// Any arguments (none are read).
#[no_mangle]
pub unsafe extern "C" fn rte_eth_pkt_burst_dummy(queue: *mut c_void, pkts: *mut *mut rte_mbuf, nb_pkts: u16) -> u16 {
    let _ = (queue, pkts, nb_pkts);
    0
}

/// The slot of a port by name (NULL if none).
///
/// # Safety
/// `name` must be a valid string or NULL.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_get_by_name(name: *const c_char) -> *mut rte_eth_dev {
    // SAFETY: same contract.
    unsafe { rte_eth_dev_allocated(name) }
}

/// Whether Rx queue `queue_id` is a hairpin queue (never, here).
///
/// # Safety
/// `dev` must be a port slot with data.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_is_rx_hairpin_queue(dev: *mut rte_eth_dev, queue_id: u16) -> c_int {
    entry!("rte_eth_dev_is_rx_hairpin_queue", 0, {
        nonnull!("rte_eth_dev_is_rx_hairpin_queue", dev, 0);
        // SAFETY: per the contract; q bounded.
        unsafe {
            ((*(*dev).data).rx_queue_state[(queue_id as usize) % RTE_MAX_QUEUES_PER_PORT]
                == RTE_ETH_QUEUE_STATE_HAIRPIN) as c_int
        }
    })
}

/// Whether Tx queue `queue_id` is a hairpin queue.
///
/// # Safety
/// `dev` must be a port slot with data.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_is_tx_hairpin_queue(dev: *mut rte_eth_dev, queue_id: u16) -> c_int {
    entry!("rte_eth_dev_is_tx_hairpin_queue", 0, {
        nonnull!("rte_eth_dev_is_tx_hairpin_queue", dev, 0);
        // SAFETY: per the contract; q bounded.
        unsafe {
            ((*(*dev).data).tx_queue_state[(queue_id as usize) % RTE_MAX_QUEUES_PER_PORT]
                == RTE_ETH_QUEUE_STATE_HAIRPIN) as c_int
        }
    })
}
