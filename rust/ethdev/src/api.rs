//! The application API's semantics (22.11 rules and errno per case).

use std::ffi::c_void;
use std::ptr::{self, addr_of_mut};
use std::sync::atomic::AtomicPtr;

use rte_abi::ethdev::*;
use rte_eal::rte_log;

use crate::{data, dev, ops, Error, Result};

/// Rx burst of a port that is not started: nothing received.
unsafe extern "C" fn dummy_rx(_q: *mut c_void, _p: *mut *mut rte_mbuf, _n: u16) -> u16 {
    rte_log!(ERR, EAL, "ETHDEV: rx_pkt_burst for a port that is not ready\n");
    0
}

/// Tx burst of a port that is not started: nothing sent.
unsafe extern "C" fn dummy_tx(_q: *mut c_void, _p: *mut *mut rte_mbuf, _n: u16) -> u16 {
    rte_log!(ERR, EAL, "ETHDEV: tx_pkt_burst for a port that is not ready\n");
    0
}

/// Tx prepare of a port that is not started: accepts all (as 22.11).
unsafe extern "C" fn dummy_prep(_q: *mut c_void, _p: *mut *mut rte_mbuf, n: u16) -> u16 {
    n
}

unsafe extern "C" fn dummy_count(_q: *mut c_void) -> u32 {
    (-libc::ENOTSUP) as u32
}

unsafe extern "C" fn dummy_status(_q: *mut c_void, _o: u16) -> i32 {
    -libc::ENOTSUP
}

/// Queue pointers the dummy entries point at, so that an inline burst on
/// any queue id of an unused port reads a valid (null) slot.
static DUMMY_QUEUES: [AtomicPtr<c_void>; RTE_MAX_QUEUES_PER_PORT] =
    [const { AtomicPtr::new(ptr::null_mut()) }; RTE_MAX_QUEUES_PER_PORT];

/// Points one fast-path entry at the dummy functions (port not started).
///
/// # Safety
/// `fp` must be an entry of the installed `rte_eth_fp_ops` array.
pub unsafe fn fp_reset(fp: *mut rte_eth_fp_ops) {
    let q = DUMMY_QUEUES.as_ptr() as *mut *mut c_void;
    let e = rte_eth_fp_ops {
        rx_pkt_burst: Some(dummy_rx),
        rx_queue_count: Some(dummy_count),
        rx_descriptor_status: Some(dummy_status),
        rxq: rte_ethdev_qdata { data: q, clbk: q },
        reserved1: [0; 3],
        tx_pkt_burst: Some(dummy_tx),
        tx_pkt_prepare: Some(dummy_prep),
        tx_descriptor_status: Some(dummy_status),
        txq: rte_ethdev_qdata { data: q, clbk: q },
        reserved2: [0; 3],
    };
    // SAFETY: caller's contract. Inline readers of a port being stopped may
    // still see the old entry: 22.11 requires the application to stop
    // polling before it stops a port, so a plain write is what it does too.
    unsafe { ptr::write_volatile(fp, e) };
}

/// Points a port's fast-path entry at its driver and queues (at start).
///
/// # Safety
/// `d` must come from [`dev`] with its queue arrays set up.
unsafe fn fp_setup(port: u16, d: *mut rte_eth_dev) {
    // SAFETY: caller's contract; fields of a live slot and its data.
    unsafe {
        let dd = data(d);
        let e = rte_eth_fp_ops {
            rx_pkt_burst: (*d).rx_pkt_burst,
            rx_queue_count: (*d).rx_queue_count.or(Some(dummy_count)),
            rx_descriptor_status: (*d).rx_descriptor_status.or(Some(dummy_status)),
            rxq: rte_ethdev_qdata {
                data: (*dd).rx_queues,
                clbk: addr_of_mut!((*d).post_rx_burst_cbs) as *mut *mut c_void,
            },
            reserved1: [0; 3],
            tx_pkt_burst: (*d).tx_pkt_burst,
            tx_pkt_prepare: (*d).tx_pkt_prepare.or(Some(dummy_prep)),
            tx_descriptor_status: (*d).tx_descriptor_status.or(Some(dummy_status)),
            txq: rte_ethdev_qdata {
                data: (*dd).tx_queues,
                clbk: addr_of_mut!((*d).pre_tx_burst_cbs) as *mut *mut c_void,
            },
            reserved2: [0; 3],
        };
        ptr::write_volatile(crate::tables().fp.add(port as usize), e);
    }
}

/// Resets a port's fast-path entry.
pub fn fp_release(port: u16) {
    // SAFETY: port < RTE_MAX_ETHPORTS for every caller (a slot index).
    unsafe { fp_reset(crate::tables().fp.add(port as usize)) }
}

fn flag(d: *mut rte_eth_dev, bit: u8) -> bool {
    // SAFETY: d from dev().
    unsafe { (*data(d)).flags & bit != 0 }
}

fn set_flag(d: *mut rte_eth_dev, bit: u8, on: bool) {
    // SAFETY: d from dev(); flags is written under the control lock.
    unsafe {
        let dd = data(d);
        if on {
            (*dd).flags |= bit
        } else {
            (*dd).flags &= !bit
        }
    }
}

/// Whether the port is started.
pub fn started(d: *mut rte_eth_dev) -> bool {
    flag(d, DATA_DEV_STARTED)
}

fn drv(op: &'static str, r: i32) -> Result<()> {
    if r < 0 {
        Err(Error::Driver(op, r))
    } else {
        Ok(())
    }
}

/// `rte_eth_dev_info_get`: 22.11 defaults, then the driver's answer, then
/// the library's clamps.
pub fn info(port: u16) -> Result<rte_eth_dev_info> {
    let d = dev(port)?;
    // SAFETY: all-zero is a valid dev_info.
    let mut i: rte_eth_dev_info = unsafe { std::mem::zeroed() };
    let lim =
        rte_eth_desc_lim { nb_max: u16::MAX, nb_min: 0, nb_align: 1, nb_seg_max: u16::MAX, nb_mtu_seg_max: u16::MAX };
    i.rx_desc_lim = lim;
    i.tx_desc_lim = lim;
    // SAFETY: d from dev().
    i.device = unsafe { (*d).device };
    i.min_mtu = RTE_ETHER_MIN_MTU;
    i.max_mtu = u16::MAX;
    i.switch_info.domain_id = u16::MAX;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.dev_infos_get.ok_or(Error::NotSupported("dev_infos_get"))?;
    // SAFETY: the driver's operation on its own port.
    drv("dev_infos_get", unsafe { f(d, &mut i) })?;
    i.max_rx_queues = i.max_rx_queues.min(RTE_MAX_QUEUES_PER_PORT as u16);
    i.max_tx_queues = i.max_tx_queues.min(RTE_MAX_QUEUES_PER_PORT as u16);
    // SAFETY: d from dev(); the device/driver names are read from the
    // generic device when present (22.11: device->driver->name).
    unsafe {
        let dd = data(d);
        i.nb_rx_queues = (*dd).nb_rx_queues;
        i.nb_tx_queues = (*dd).nb_tx_queues;
        i.dev_flags = addr_of_mut!((*dd).dev_flags);
        if i.driver_name.is_null() {
            i.driver_name = driver_name_of((*d).device);
        }
    }
    Ok(i)
}

/// `rte_device.driver->name`.
///
/// # Safety
/// `dev` must be null or a live `struct rte_device`.
pub unsafe fn driver_name_of(dev: *mut c_void) -> *const core::ffi::c_char {
    let dev = dev as *const rte_abi::dev::rte_device;
    if dev.is_null() {
        return ptr::null();
    }
    // SAFETY: caller's contract.
    unsafe {
        let drv = (*dev).driver;
        if drv.is_null() {
            return ptr::null();
        }
        (*drv).name
    }
}

fn validate_mtu(i: &rte_eth_dev_info, mtu: u16) -> Result<()> {
    if mtu < i.min_mtu || mtu > i.max_mtu {
        return Err(Error::Invalid(format!("MTU {mtu} outside [{}, {}]", i.min_mtu, i.max_mtu)));
    }
    let frame = mtu as u32 + RTE_ETHER_HDR_LEN_PLUS_CRC;
    if i.max_rx_pktlen != 0 && frame > i.max_rx_pktlen {
        return Err(Error::Invalid(format!("MTU {mtu} gives a frame above max_rx_pktlen {}", i.max_rx_pktlen)));
    }
    Ok(())
}

/// Resizes one direction's queue array to `n` queues, releasing queues
/// beyond `n` (the array always has RTE_MAX_QUEUES_PER_PORT slots so that
/// fast-path indexing by any queue id stays in bounds).
///
/// # Safety
/// `d` from [`dev`], port stopped.
unsafe fn queue_config(d: *mut rte_eth_dev, rx: bool, n: u16) -> Result<()> {
    // SAFETY: caller's contract.
    unsafe {
        let dd = data(d);
        let o = ops(d);
        let (arr, cur, release) = if rx {
            (addr_of_mut!((*dd).rx_queues), addr_of_mut!((*dd).nb_rx_queues), o.rx_queue_release)
        } else {
            (addr_of_mut!((*dd).tx_queues), addr_of_mut!((*dd).nb_tx_queues), o.tx_queue_release)
        };
        if (*arr).is_null() && n > 0 {
            let a = libc::calloc(RTE_MAX_QUEUES_PER_PORT, std::mem::size_of::<*mut c_void>()) as *mut *mut c_void;
            if a.is_null() {
                return Err(Error::NoMemory);
            }
            *arr = a;
        }
        if !(*arr).is_null() {
            for q in n..*cur {
                if !(*(*arr).add(q as usize)).is_null() {
                    if let Some(r) = release {
                        r(d, q);
                    }
                    *(*arr).add(q as usize) = ptr::null_mut();
                }
            }
            if n == 0 {
                libc::free(*arr as *mut c_void);
                *arr = ptr::null_mut();
            }
        }
        *cur = n;
    }
    Ok(())
}

/// `rte_eth_dev_configure`.
///
/// # Safety
/// `conf` must point at a readable `rte_eth_conf` or be null.
pub unsafe fn configure(port: u16, nb_rx: u16, nb_tx: u16, conf: *const rte_eth_conf) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    if conf.is_null() {
        return Err(Error::Invalid(format!("port {port}: NULL configuration")));
    }
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let cfg_op = o.dev_configure.ok_or(Error::NotSupported("dev_configure"))?;
    if started(d) {
        return Err(Error::Busy(format!("port {port} must be stopped to allow configuration")));
    }
    // SAFETY: caller's contract for conf; d's data is ours under the lock.
    let (dd, orig, new) = unsafe { (data(d), (*data(d)).dev_conf, *conf) };
    let ddp = dd as usize;
    let restore = move |e: Error| -> Result<()> {
        // SAFETY: d's data under the lock.
        unsafe { (*(ddp as *mut rte_eth_dev_data)).dev_conf = orig };
        Err(e)
    };
    // SAFETY: as above.
    unsafe { (*dd).dev_conf = new };
    let i = match info(port) {
        Ok(i) => i,
        Err(e) => return restore(e),
    };
    let (mut nrx, mut ntx) = (nb_rx, nb_tx);
    if nrx == 0 && ntx == 0 {
        nrx = if i.default_rxportconf.nb_queues != 0 {
            i.default_rxportconf.nb_queues
        } else {
            RTE_ETH_DEV_FALLBACK_RX_NBQUEUES
        };
        ntx = if i.default_txportconf.nb_queues != 0 {
            i.default_txportconf.nb_queues
        } else {
            RTE_ETH_DEV_FALLBACK_TX_NBQUEUES
        };
    }
    if nrx as usize > RTE_MAX_QUEUES_PER_PORT || nrx > i.max_rx_queues {
        return restore(Error::Invalid(format!(
            "port {port}: {nrx} Rx queues requested, at most {} supported",
            i.max_rx_queues
        )));
    }
    if ntx as usize > RTE_MAX_QUEUES_PER_PORT || ntx > i.max_tx_queues {
        return restore(Error::Invalid(format!(
            "port {port}: {ntx} Tx queues requested, at most {} supported",
            i.max_tx_queues
        )));
    }
    // SAFETY: dd under the lock.
    let dev_flags = unsafe { (*dd).dev_flags };
    if new.intr_conf & INTR_CONF_LSC != 0 && dev_flags & RTE_ETH_DEV_INTR_LSC == 0 {
        return restore(Error::Invalid(format!("port {port}: driver {} does not support lsc", drvname(&i))));
    }
    if new.intr_conf & INTR_CONF_RMV != 0 && dev_flags & RTE_ETH_DEV_INTR_RMV == 0 {
        return restore(Error::Invalid(format!("port {port}: driver {} does not support rmv", drvname(&i))));
    }
    let mtu = if new.rxmode.mtu == 0 { RTE_ETHER_MTU as u32 } else { new.rxmode.mtu };
    if mtu > u16::MAX as u32 {
        return restore(Error::Invalid(format!("port {port}: MTU {mtu} too large")));
    }
    if let Err(e) = validate_mtu(&i, mtu as u16) {
        return restore(e);
    }
    let rxo = new.rxmode.offloads;
    if rxo & i.rx_offload_capa != rxo {
        return restore(Error::Invalid(format!(
            "port {port}: requested Rx offloads {rxo:#x} don't match the capabilities {:#x}",
            i.rx_offload_capa
        )));
    }
    let txo = new.txmode.offloads;
    if txo & i.tx_offload_capa != txo {
        return restore(Error::Invalid(format!(
            "port {port}: requested Tx offloads {txo:#x} don't match the capabilities {:#x}",
            i.tx_offload_capa
        )));
    }
    let hf = new.rx_adv_conf.rss_conf.rss_hf;
    if hf & i.flow_type_rss_offloads != hf {
        return restore(Error::Invalid(format!(
            "port {port}: RSS hash functions {hf:#x} beyond the supported {:#x}",
            i.flow_type_rss_offloads
        )));
    }
    if new.rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG == 0 && rxo & RTE_ETH_RX_OFFLOAD_RSS_HASH != 0 {
        return restore(Error::Invalid(format!("port {port}: RSS_HASH offload without RSS multi-queue mode")));
    }
    // SAFETY: dd under the lock; the port is stopped.
    unsafe {
        (*dd).dev_conf.rxmode.mtu = mtu;
        (*dd).mtu = mtu as u16;
        if let Err(e) = queue_config(d, true, nrx) {
            return restore(e);
        }
        if let Err(e) = queue_config(d, false, ntx) {
            let _ = queue_config(d, true, 0);
            return restore(e);
        }
        let r = cfg_op(d);
        if r < 0 {
            let _ = queue_config(d, true, 0);
            let _ = queue_config(d, false, 0);
            return restore(Error::Driver("dev_configure", r));
        }
    }
    set_flag(d, DATA_DEV_CONFIGURED, true);
    Ok(())
}

fn drvname(i: &rte_eth_dev_info) -> String {
    if i.driver_name.is_null() {
        return "?".into();
    }
    // SAFETY: a driver's static name string.
    unsafe { std::ffi::CStr::from_ptr(i.driver_name) }.to_string_lossy().into_owned()
}

fn adjust(n: &mut u16, l: &rte_eth_desc_lim) {
    if l.nb_align != 0 {
        let a = l.nb_align as u32;
        *n = ((*n as u32).div_ceil(a) * a).min(u16::MAX as u32) as u16;
    }
    if l.nb_max != 0 {
        *n = (*n).min(l.nb_max);
    }
    *n = (*n).max(l.nb_min);
}

/// `rte_eth_dev_adjust_nb_rx_tx_desc`.
pub fn adjust_desc(port: u16, rx: Option<&mut u16>, tx: Option<&mut u16>) -> Result<()> {
    let i = info(port)?;
    if let Some(r) = rx {
        adjust(r, &i.rx_desc_lim);
    }
    if let Some(t) = tx {
        adjust(t, &i.tx_desc_lim);
    }
    Ok(())
}

fn check_desc(port: u16, what: &str, n: u16, l: &rte_eth_desc_lim) -> Result<()> {
    if n > l.nb_max || n < l.nb_min || n.checked_rem(l.nb_align).is_some_and(|r| r != 0) {
        return Err(Error::Invalid(format!(
            "port {port}: {what} nb_desc {n} must be <= {}, >= {} and a multiple of {}",
            l.nb_max, l.nb_min, l.nb_align
        )));
    }
    Ok(())
}

/// `rte_eth_rx_queue_setup`.
///
/// # Safety
/// `conf` null or readable; `mp` null or a mempool.
pub unsafe fn rx_queue_setup(
    port: u16,
    q: u16,
    nb_desc: u16,
    socket: u32,
    conf: *const rte_eth_rxconf,
    mp: *mut rte_mempool,
) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let (dd, o) = unsafe { (data(d), ops(d)) };
    // SAFETY: dd under the lock.
    if q >= unsafe { (*dd).nb_rx_queues } {
        return Err(Error::Invalid(format!("port {port}: invalid Rx queue_id={q}")));
    }
    let setup = o.rx_queue_setup.ok_or(Error::NotSupported("rx_queue_setup"))?;
    // SAFETY: conf per the contract.
    let nseg = if conf.is_null() { 0 } else { unsafe { (*conf).rx_nseg } };
    if mp.is_null() && nseg == 0 {
        return Err(Error::Invalid(format!("port {port}: Rx queue {q} needs a mempool")));
    }
    let i = info(port)?;
    let mut n = nb_desc;
    if n == 0 {
        n = if i.default_rxportconf.ring_size != 0 {
            i.default_rxportconf.ring_size
        } else {
            RTE_ETH_DEV_FALLBACK_RX_RINGSIZE
        };
    }
    check_desc(port, "Rx", n, &i.rx_desc_lim)?;
    // SAFETY: dd under the lock; q < nb_rx_queues.
    unsafe {
        if started(d) && (i.dev_capa & 1 == 0 || (*dd).rx_queue_state[q as usize] != RTE_ETH_QUEUE_STATE_STOPPED) {
            return Err(Error::Busy(format!("port {port}: Rx queue {q} set up while started")));
        }
        let slotp = (*dd).rx_queues.add(q as usize);
        if !(*slotp).is_null() {
            if let Some(r) = o.rx_queue_release {
                r(d, q);
            }
            *slotp = ptr::null_mut();
        }
    }
    // SAFETY: conf per the contract.
    let mut lc = if conf.is_null() { i.default_rxconf } else { unsafe { *conf } };
    // SAFETY: dd under the lock.
    let port_off = unsafe { (*dd).dev_conf.rxmode.offloads };
    let qoff = lc.offloads & !port_off;
    if qoff & i.rx_queue_offload_capa != qoff {
        return Err(Error::Invalid(format!(
            "port {port}: Rx queue {q} offloads {qoff:#x} beyond the queue capabilities {:#x}",
            i.rx_queue_offload_capa
        )));
    }
    lc.offloads = qoff | port_off;
    // SAFETY: the driver's operation with a valid local conf.
    drv("rx_queue_setup", unsafe { setup(d, q, n, socket, &lc, mp) })
}

/// `rte_eth_tx_queue_setup`.
///
/// # Safety
/// `conf` null or readable.
pub unsafe fn tx_queue_setup(port: u16, q: u16, nb_desc: u16, socket: u32, conf: *const rte_eth_txconf) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let (dd, o) = unsafe { (data(d), ops(d)) };
    // SAFETY: dd under the lock.
    if q >= unsafe { (*dd).nb_tx_queues } {
        return Err(Error::Invalid(format!("port {port}: invalid Tx queue_id={q}")));
    }
    let setup = o.tx_queue_setup.ok_or(Error::NotSupported("tx_queue_setup"))?;
    let i = info(port)?;
    let mut n = nb_desc;
    if n == 0 {
        n = if i.default_txportconf.ring_size != 0 {
            i.default_txportconf.ring_size
        } else {
            RTE_ETH_DEV_FALLBACK_TX_RINGSIZE
        };
    }
    check_desc(port, "Tx", n, &i.tx_desc_lim)?;
    // SAFETY: dd under the lock; q < nb_tx_queues.
    unsafe {
        if started(d) && (i.dev_capa & 2 == 0 || (*dd).tx_queue_state[q as usize] != RTE_ETH_QUEUE_STATE_STOPPED) {
            return Err(Error::Busy(format!("port {port}: Tx queue {q} set up while started")));
        }
        let slotp = (*dd).tx_queues.add(q as usize);
        if !(*slotp).is_null() {
            if let Some(r) = o.tx_queue_release {
                r(d, q);
            }
            *slotp = ptr::null_mut();
        }
    }
    // SAFETY: conf per the contract.
    let mut lc = if conf.is_null() { i.default_txconf } else { unsafe { *conf } };
    // SAFETY: dd under the lock.
    let port_off = unsafe { (*dd).dev_conf.txmode.offloads };
    let qoff = lc.offloads & !port_off;
    if qoff & i.tx_queue_offload_capa != qoff {
        return Err(Error::Invalid(format!(
            "port {port}: Tx queue {q} offloads {qoff:#x} beyond the queue capabilities {:#x}",
            i.tx_queue_offload_capa
        )));
    }
    lc.offloads = qoff | port_off;
    // SAFETY: the driver's operation with a valid local conf.
    drv("tx_queue_setup", unsafe { setup(d, q, n, socket, &lc) })
}

/// `rte_eth_dev_start`.
pub fn start(port: u16) -> Result<()> {
    let g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let (dd, o) = unsafe { (data(d), ops(d)) };
    let f = o.dev_start.ok_or(Error::NotSupported("dev_start"))?;
    if !flag(d, DATA_DEV_CONFIGURED) {
        return Err(Error::Invalid(format!("port {port} is not configured")));
    }
    if started(d) {
        rte_log!(INFO, EAL, "ETHDEV: port {port} is already started\n");
        return Ok(());
    }
    // SAFETY: the driver's operation on its port.
    drv("dev_start", unsafe { f(d) })?;
    set_flag(d, DATA_DEV_STARTED, true);
    // Restore the Rx modes the application asked for before the start.
    if flag(d, DATA_PROMISCUOUS) {
        if let Some(p) = o.promiscuous_enable {
            // SAFETY: the driver's operation.
            unsafe { p(d) };
        }
    }
    if flag(d, DATA_ALL_MULTICAST) {
        if let Some(p) = o.allmulticast_enable {
            // SAFETY: the driver's operation.
            unsafe { p(d) };
        }
    }
    // SAFETY: dd under the lock.
    let lsc = unsafe { (*dd).dev_conf.intr_conf & INTR_CONF_LSC != 0 };
    if !lsc {
        if let Some(l) = o.link_update {
            // SAFETY: the driver's operation.
            unsafe { l(d, 0) };
        }
    }
    // SAFETY: d from dev(), queues set up.
    unsafe { fp_setup(port, d) };
    drop(g);
    Ok(())
}

/// `rte_eth_dev_stop`.
pub fn stop(port: u16) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.dev_stop.ok_or(Error::NotSupported("dev_stop"))?;
    if !started(d) {
        rte_log!(INFO, EAL, "ETHDEV: port {port} is already stopped\n");
        return Ok(());
    }
    fp_release(port);
    // SAFETY: the driver's operation.
    let r = unsafe { f(d) };
    set_flag(d, DATA_DEV_STARTED, false);
    drv("dev_stop", r)
}

/// `rte_eth_dev_set_link_up` / `_down`.
pub fn set_link(port: u16, up: bool) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = if up {
        o.dev_set_link_up.ok_or(Error::NotSupported("dev_set_link_up"))?
    } else {
        o.dev_set_link_down.ok_or(Error::NotSupported("dev_set_link_down"))?
    };
    // SAFETY: the driver's operation.
    drv("dev_set_link", unsafe { f(d) })
}

/// `rte_eth_dev_close`: the driver's close, then the port is released
/// (an RTE_ETH_EVENT_DESTROY fires).
pub fn close(port: u16) -> Result<()> {
    let d = {
        let _g = crate::ctrl();
        let d = dev(port)?;
        if started(d) {
            return Err(Error::Invalid(format!("cannot close started port {port}")));
        }
        d
    };
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.dev_close.ok_or(Error::NotSupported("dev_close"))?;
    // SAFETY: the driver's operation.
    let r = unsafe { f(d) };
    // SAFETY: d is a port slot.
    let r2 = unsafe { crate::driver::release_port(d) };
    drv("dev_close", r)?;
    r2
}

/// `rte_eth_dev_reset`: stop, then the driver's reset.
pub fn reset(port: u16) -> Result<()> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.dev_reset.ok_or(Error::NotSupported("dev_reset"))?;
    stop(port)?;
    let _g = crate::ctrl();
    // SAFETY: the driver's operation.
    drv("dev_reset", unsafe { f(d) })
}

/// Rx/Tx queue start/stop (`rte_eth_dev_{rx,tx}_queue_{start,stop}`).
pub fn queue_state(port: u16, q: u16, rx: bool, start_it: bool) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let (dd, o) = unsafe { (data(d), ops(d)) };
    if !flag(d, DATA_DEV_CONFIGURED) {
        return Err(Error::Invalid(format!("port {port} must be configured before queue start/stop")));
    }
    // SAFETY: dd under the lock.
    let (nb, queues, states) = unsafe {
        if rx {
            ((*dd).nb_rx_queues, (*dd).rx_queues, (*dd).rx_queue_state.as_ptr())
        } else {
            ((*dd).nb_tx_queues, (*dd).tx_queues, (*dd).tx_queue_state.as_ptr())
        }
    };
    if q >= nb {
        return Err(Error::Invalid(format!("port {port}: invalid queue_id={q}")));
    }
    let f = match (rx, start_it) {
        (true, true) => o.rx_queue_start.ok_or(Error::NotSupported("rx_queue_start"))?,
        (true, false) => o.rx_queue_stop.ok_or(Error::NotSupported("rx_queue_stop"))?,
        (false, true) => o.tx_queue_start.ok_or(Error::NotSupported("tx_queue_start"))?,
        (false, false) => o.tx_queue_stop.ok_or(Error::NotSupported("tx_queue_stop"))?,
    };
    // SAFETY: q < nb, so the slot is in the queue array.
    if unsafe { (*queues.add(q as usize)).is_null() } {
        return Err(Error::Invalid(format!("port {port}: queue {q} has not been set up")));
    }
    if !started(d) {
        return Err(Error::Invalid(format!("port {port} is not started")));
    }
    // SAFETY: q in bounds of the state array.
    let st = unsafe { *states.add(q as usize) };
    if st == RTE_ETH_QUEUE_STATE_HAIRPIN {
        return Err(Error::Invalid(format!("port {port}: queue {q} is a hairpin queue")));
    }
    let want = if start_it { RTE_ETH_QUEUE_STATE_STARTED } else { RTE_ETH_QUEUE_STATE_STOPPED };
    if st == want {
        return Ok(());
    }
    // SAFETY: the driver's operation.
    drv("queue start/stop", unsafe { f(d, q) })
}

/// Link state, from the driver (or the stored word when LSC interrupts
/// keep it current).
pub fn link(port: u16, wait: bool) -> Result<rte_eth_link> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let (dd, o) = unsafe { (data(d), ops(d)) };
    // SAFETY: dd of a live port.
    let lsc = unsafe { (*dd).dev_conf.intr_conf & INTR_CONF_LSC != 0 };
    if !lsc {
        let f = o.link_update.ok_or(Error::NotSupported("link_update"))?;
        // SAFETY: the driver's operation.
        unsafe { f(d, wait as i32) };
    }
    // SAFETY: d from dev().
    Ok(unsafe { crate::driver::linkstatus_get(d) })
}

/// The text of a speed (static, as `rte_eth_link_speed_to_str`).
pub fn speed_str(speed: u32) -> &'static core::ffi::CStr {
    match speed {
        0 => c"None",
        10 => c"10 Mbps",
        100 => c"100 Mbps",
        1000 => c"1 Gbps",
        2500 => c"2.5 Gbps",
        5000 => c"5 Gbps",
        10_000 => c"10 Gbps",
        20_000 => c"20 Gbps",
        25_000 => c"25 Gbps",
        40_000 => c"40 Gbps",
        50_000 => c"50 Gbps",
        56_000 => c"56 Gbps",
        100_000 => c"100 Gbps",
        200_000 => c"200 Gbps",
        u32::MAX => c"Unknown",
        _ => c"Invalid",
    }
}

/// The text `rte_eth_link_to_str` writes.
pub fn link_text(l: &rte_eth_link) -> String {
    if l.bits & LINK_BIT_STATUS == 0 {
        return "Link down".into();
    }
    format!(
        "Link up at {} {} {}",
        speed_str(l.link_speed).to_str().unwrap_or("?"),
        if l.bits & LINK_BIT_DUPLEX != 0 { "FDX" } else { "HDX" },
        if l.bits & LINK_BIT_AUTONEG != 0 { "Autoneg" } else { "Fixed" }
    )
}

/// Promiscuous (`allmulti == false`) or all-multicast mode on/off.
pub fn rx_mode(port: u16, allmulti: bool, on: bool) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    let bit = if allmulti { DATA_ALL_MULTICAST } else { DATA_PROMISCUOUS };
    if flag(d, bit) == on {
        return Ok(());
    }
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = match (allmulti, on) {
        (false, true) => o.promiscuous_enable.ok_or(Error::NotSupported("promiscuous_enable"))?,
        (false, false) => o.promiscuous_disable.ok_or(Error::NotSupported("promiscuous_disable"))?,
        (true, true) => o.allmulticast_enable.ok_or(Error::NotSupported("allmulticast_enable"))?,
        (true, false) => o.allmulticast_disable.ok_or(Error::NotSupported("allmulticast_disable"))?,
    };
    set_flag(d, bit, on);
    // SAFETY: the driver's operation.
    let r = unsafe { f(d) };
    if r < 0 {
        set_flag(d, bit, !on);
    }
    drv("rx mode", r)
}

/// Whether promiscuous (or all-multicast) mode is on.
pub fn rx_mode_get(port: u16, allmulti: bool) -> Result<bool> {
    let d = dev(port)?;
    Ok(flag(d, if allmulti { DATA_ALL_MULTICAST } else { DATA_PROMISCUOUS }))
}

fn mac_valid(a: &rte_ether_addr) -> bool {
    a.addr_bytes != [0; 6] && a.addr_bytes[0] & 1 == 0
}

/// The port's default MAC address.
pub fn mac_get(port: u16) -> Result<rte_ether_addr> {
    let d = dev(port)?;
    // SAFETY: d from dev(); mac_addrs holds at least one entry when set.
    unsafe {
        let m = (*data(d)).mac_addrs;
        if m.is_null() {
            return Ok(rte_ether_addr::default());
        }
        Ok(*m)
    }
}

fn max_macs(port: u16) -> Result<usize> {
    Ok(info(port)?.max_mac_addrs.min(RTE_ETH_NUM_RECEIVE_MAC_ADDR as u32) as usize)
}

/// `rte_eth_dev_default_mac_addr_set`.
pub fn mac_set_default(port: u16, a: rte_ether_addr) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    if !mac_valid(&a) {
        return Err(Error::Invalid(format!("port {port}: {a:02x?} is not a valid unicast address")));
    }
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.mac_addr_set.ok_or(Error::NotSupported("mac_addr_set"))?;
    let mut a2 = a;
    // SAFETY: the driver's operation.
    drv("mac_addr_set", unsafe { f(d, &mut a2) })?;
    // SAFETY: d from dev().
    unsafe {
        let m = (*data(d)).mac_addrs;
        if !m.is_null() {
            *m = a;
        }
    }
    Ok(())
}

/// `rte_eth_dev_mac_addr_add`.
pub fn mac_add(port: u16, a: rte_ether_addr, pool: u32) -> Result<()> {
    let n = max_macs(port)?;
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.mac_addr_add.ok_or(Error::NotSupported("mac_addr_add"))?;
    if a.addr_bytes == [0; 6] {
        return Err(Error::Invalid(format!("port {port}: cannot add the zero MAC address")));
    }
    if pool >= 64 {
        return Err(Error::Invalid(format!("port {port}: pool {pool} >= 64")));
    }
    // SAFETY: d from dev(); mac_addrs has max_mac_addrs entries.
    unsafe {
        let dd = data(d);
        let m = (*dd).mac_addrs;
        if m.is_null() {
            return Err(Error::NoSpace(format!("port {port} has no MAC table")));
        }
        let idx = match (0..n).find(|&k| *m.add(k) == a) {
            Some(k) => {
                if (*dd).mac_pool_sel[k] & (1u64 << pool) != 0 {
                    return Ok(());
                }
                k
            }
            None => match (1..n).find(|&k| (*m.add(k)).addr_bytes == [0; 6]) {
                Some(k) => k,
                None => return Err(Error::NoSpace(format!("port {port}: all {n} MAC slots in use"))),
            },
        };
        let mut a2 = a;
        drv("mac_addr_add", f(d, &mut a2, idx as u32, pool))?;
        *m.add(idx) = a;
        (*dd).mac_pool_sel[idx] |= 1u64 << pool;
    }
    Ok(())
}

/// `rte_eth_dev_mac_addr_remove`.
pub fn mac_remove(port: u16, a: rte_ether_addr) -> Result<()> {
    let n = max_macs(port)?;
    let _g = crate::ctrl();
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.mac_addr_remove.ok_or(Error::NotSupported("mac_addr_remove"))?;
    // SAFETY: d from dev(); mac_addrs has max_mac_addrs entries.
    unsafe {
        let dd = data(d);
        let m = (*dd).mac_addrs;
        if m.is_null() {
            return Ok(());
        }
        match (0..n).find(|&k| *m.add(k) == a) {
            Some(0) => Err(Error::AddrInUse),
            None => Ok(()),
            Some(k) => {
                f(d, k as u32);
                *m.add(k) = rte_ether_addr::default();
                (*dd).mac_pool_sel[k] = 0;
                Ok(())
            }
        }
    }
}

/// The port's MTU.
pub fn mtu_get(port: u16) -> Result<u16> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    Ok(unsafe { (*data(d)).mtu })
}

/// `rte_eth_dev_set_mtu`.
pub fn mtu_set(port: u16, mtu: u16) -> Result<()> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.mtu_set.ok_or(Error::NotSupported("mtu_set"))?;
    let i = info(port)?;
    validate_mtu(&i, mtu)?;
    let _g = crate::ctrl();
    if !flag(d, DATA_DEV_CONFIGURED) {
        return Err(Error::Invalid(format!("port {port} must be configured before setting the MTU")));
    }
    // SAFETY: the driver's operation.
    drv("mtu_set", unsafe { f(d, mtu) })?;
    // SAFETY: d from dev().
    unsafe {
        (*data(d)).mtu = mtu;
        (*data(d)).dev_conf.rxmode.mtu = mtu as u32;
    }
    Ok(())
}

/// `rte_eth_stats_get`.
pub fn stats(port: u16) -> Result<rte_eth_stats> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    // SAFETY: d from dev().
    let mut s = rte_eth_stats { rx_nombuf: unsafe { (*data(d)).rx_mbuf_alloc_failed }, ..Default::default() };
    let f = o.stats_get.ok_or(Error::NotSupported("stats_get"))?;
    // SAFETY: the driver's operation.
    drv("stats_get", unsafe { f(d, &mut s) })?;
    Ok(s)
}

/// `rte_eth_stats_reset`.
pub fn stats_reset(port: u16) -> Result<()> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let f = o.stats_reset.ok_or(Error::NotSupported("stats_reset"))?;
    // SAFETY: the driver's operation.
    drv("stats_reset", unsafe { f(d) })?;
    // SAFETY: d from dev().
    unsafe { (*data(d)).rx_mbuf_alloc_failed = 0 };
    Ok(())
}

const BASIC: [&str; 8] = [
    "rx_good_packets",
    "tx_good_packets",
    "rx_good_bytes",
    "tx_good_bytes",
    "rx_missed_errors",
    "rx_errors",
    "tx_errors",
    "rx_mbuf_allocation_errors",
];

fn basic_values(s: &rte_eth_stats) -> [u64; 8] {
    [s.ipackets, s.opackets, s.ibytes, s.obytes, s.imissed, s.ierrors, s.oerrors, s.rx_nombuf]
}

fn queue_counts(d: *mut rte_eth_dev) -> (usize, usize) {
    // SAFETY: d from dev().
    unsafe {
        let dd = data(d);
        if (*dd).dev_flags & RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS == 0 {
            return (0, 0);
        }
        (
            ((*dd).nb_rx_queues as usize).min(RTE_ETHDEV_QUEUE_STAT_CNTRS),
            ((*dd).nb_tx_queues as usize).min(RTE_ETHDEV_QUEUE_STAT_CNTRS),
        )
    }
}

/// All extended statistics: the generic ones, per-queue ones when the
/// driver asks for them, then the driver's, as (name, value).
pub fn xstats_all(port: u16) -> Result<Vec<(Vec<u8>, u64)>> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let s = stats(port).unwrap_or_default();
    let mut out: Vec<(Vec<u8>, u64)> =
        BASIC.iter().zip(basic_values(&s)).map(|(n, v)| (n.as_bytes().to_vec(), v)).collect();
    let (nrx, ntx) = queue_counts(d);
    for q in 0..nrx {
        out.push((format!("rx_q{q}_packets").into_bytes(), s.q_ipackets[q]));
        out.push((format!("rx_q{q}_bytes").into_bytes(), s.q_ibytes[q]));
        out.push((format!("rx_q{q}_errors").into_bytes(), s.q_errors[q]));
    }
    for q in 0..ntx {
        out.push((format!("tx_q{q}_packets").into_bytes(), s.q_opackets[q]));
        out.push((format!("tx_q{q}_bytes").into_bytes(), s.q_obytes[q]));
    }
    if let (Some(names), Some(vals)) = (o.xstats_get_names, o.xstats_get) {
        // SAFETY: the driver's operations with buffers of the size given.
        unsafe {
            let n = names(d, ptr::null_mut(), 0);
            if n > 0 {
                let mut nb = vec![std::mem::zeroed::<rte_eth_xstat_name>(); n as usize];
                let mut vb = vec![rte_eth_xstat::default(); n as usize];
                let n1 = names(d, nb.as_mut_ptr(), n as u32);
                let n2 = vals(d, vb.as_mut_ptr(), n as u32);
                let k = n1.min(n2).max(0) as usize;
                for j in 0..k {
                    out.push((crate::cname(&nb[j].name), vb[j].value));
                }
            }
        }
    }
    Ok(out)
}

/// `rte_eth_xstats_reset`: the driver's xstats reset, or the basic stats
/// reset when it has none.
pub fn xstats_reset(port: u16) -> Result<()> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    if let Some(f) = o.xstats_reset {
        // SAFETY: the driver's operation.
        drv("xstats_reset", unsafe { f(d) })?;
    }
    stats_reset(port)
}

/// Socket of the port (-1 with EINVAL for a bad port, as 22.11).
pub fn socket_id(port: u16) -> Result<i32> {
    let d = dev(port)?;
    // SAFETY: d from dev().
    Ok(unsafe { (*data(d)).numa_node })
}

/// Set ptypes: 22.11 answers 0 (and writes RTE_PTYPE_UNKNOWN) when the
/// driver cannot filter packet types.
///
/// # Safety
/// `set` must hold `num` entries when num > 0.
pub unsafe fn set_ptypes(port: u16, mask: u32, set: *mut u32, num: u32) -> Result<i32> {
    let d = dev(port)?;
    if num > 0 && set.is_null() {
        return Err(Error::Invalid(format!("port {port}: NULL ptypes array with num={num}")));
    }
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let (Some(sup), Some(setf)) = (o.dev_supported_ptypes_get, o.dev_ptypes_set) else {
        if num > 0 {
            // SAFETY: set has num > 0 entries.
            unsafe { *set = 0 };
        }
        return Ok(0);
    };
    // SAFETY: the driver's operations; its list ends with RTE_PTYPE_UNKNOWN.
    unsafe {
        if mask == 0 {
            drv("dev_ptypes_set", setf(d, 0))?;
            if num > 0 {
                *set = 0;
            }
            return Ok(0);
        }
        let mut list = Vec::new();
        let p = sup(d);
        if !p.is_null() {
            let mut k = 0;
            while *p.add(k) != 0 {
                if *p.add(k) & mask != 0 {
                    list.push(*p.add(k));
                }
                k += 1;
            }
        }
        drv("dev_ptypes_set", setf(d, mask))?;
        let mut j = 0usize;
        for &t in &list {
            if j + 1 < num as usize {
                *set.add(j) = t;
                j += 1;
            }
        }
        if (j as u32) < num {
            *set.add(j) = 0;
        }
        Ok(0)
    }
}

/// `rte_eth_dev_get_supported_ptypes`.
///
/// # Safety
/// `out` must hold `num` entries when num > 0.
pub unsafe fn supported_ptypes(port: u16, mask: u32, out: *mut u32, num: i32) -> Result<i32> {
    let d = dev(port)?;
    if num > 0 && out.is_null() {
        return Err(Error::Invalid(format!("port {port}: NULL ptypes array with num={num}")));
    }
    // SAFETY: d from dev().
    let o = unsafe { ops(d) };
    let Some(sup) = o.dev_supported_ptypes_get else { return Ok(0) };
    let mut j = 0i32;
    // SAFETY: the driver's list ends with RTE_PTYPE_UNKNOWN; out per contract.
    unsafe {
        let p = sup(d);
        if p.is_null() {
            return Ok(0);
        }
        let mut k = 0;
        while *p.add(k) != 0 {
            if *p.add(k) & mask != 0 {
                if j < num {
                    *out.add(j as usize) = *p.add(k);
                }
                j += 1;
            }
            k += 1;
        }
    }
    Ok(j)
}

/// Runs `f` on a port's data (read-only query helpers).
pub fn with_data<T>(port: u16, f: impl FnOnce(&rte_eth_dev_data) -> T) -> Result<T> {
    let d = dev(port)?;
    // SAFETY: d from dev(); read-only view of a live port's data.
    Ok(f(unsafe { &*data(d) }))
}

/// `rte_eth_dev_internal_reset`: queues released, configuration cleared
/// (refused, with a log line, while the port is started).
pub fn internal_reset(port: u16) -> Result<()> {
    let _g = crate::ctrl();
    let d = dev(port)?;
    if started(d) {
        return Err(Error::Busy(format!("port {port} must be stopped before an internal reset")));
    }
    // SAFETY: d from dev(); the port is stopped and ours under the lock.
    unsafe {
        queue_config(d, true, 0)?;
        queue_config(d, false, 0)?;
        ptr::write_bytes(ptr::addr_of_mut!((*data(d)).dev_conf), 0, 1);
    }
    set_flag(d, DATA_DEV_CONFIGURED, false);
    Ok(())
}
