//! net_null: a port that receives synthetic packets and drops what it
//! sends. Arguments as 22.11 parses them: `size=<bytes>` (packet size,
//! default 64), `copy=<0|1>` (copy packet data on Rx and Tx), `no-rx=<0|1>`
//! (receive nothing). Any number of queues; per-queue packet and byte
//! counters; the link is up at 10 Gbps while the port is started, and
//! (beyond 22.11's net_null) its changes raise RTE_ETH_EVENT_INTR_LSC when
//! the application configured `intr_conf.lsc`.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

use rte_abi::ethdev::*;

use super::mbuf;
use crate::{driver, Error, Result};

/// Driver name.
pub const DRIVER_NAME: &CStr = c"net_null";
const DEFAULT_SIZE: u32 = 64;

struct Internals {
    packet_size: u32,
    copy: bool,
    no_rx: bool,
    mac: rte_ether_addr,
}

struct Queue {
    pool: *mut c_void,
    port: u16,
    packet_size: u32,
    copy: bool,
    /// A zeroed packet the copy mode copies from and to.
    dummy: Vec<u8>,
    pkts: AtomicU64,
    bytes: AtomicU64,
}

/// Parsed arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Args {
    /// Packet size.
    pub size: u32,
    /// Copy mode.
    pub copy: bool,
    /// Receive nothing.
    pub no_rx: bool,
}

fn parse_bool(k: &str, v: &str) -> Result<bool> {
    match v.parse::<u32>() {
        Ok(0) => Ok(false),
        Ok(1) => Ok(true),
        _ => Err(Error::Invalid(format!("net_null: {k}={v} is not 0 or 1"))),
    }
}

/// Parses `key=value,...` (unknown keys refused, as 22.11's kvargs list).
pub fn parse_args(s: &str) -> Result<Args> {
    let mut a = Args { size: DEFAULT_SIZE, copy: false, no_rx: false };
    for kv in s.split(',').filter(|x| !x.is_empty()) {
        let (k, v) = kv.split_once('=').ok_or_else(|| Error::Invalid(format!("net_null: '{kv}' is not key=value")))?;
        match k {
            "size" => {
                a.size = v
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n > 0 && n <= u16::MAX as u32)
                    .ok_or_else(|| Error::Invalid(format!("net_null: size={v} is not a packet size")))?
            }
            "copy" => a.copy = parse_bool(k, v)?,
            "no-rx" => a.no_rx = parse_bool(k, v)?,
            _ => return Err(Error::Invalid(format!("net_null: unknown argument '{k}'"))),
        }
    }
    if a.copy && a.no_rx {
        return Err(Error::Invalid("net_null: copy and no-rx are exclusive".into()));
    }
    Ok(a)
}

unsafe fn internals(d: *mut rte_eth_dev) -> *mut Internals {
    // SAFETY: dev_private of a net_null port is its Internals.
    unsafe { (*(*d).data).dev_private as *mut Internals }
}

unsafe extern "C" fn rx_burst(q: *mut c_void, bufs: *mut *mut rte_mbuf, n: u16) -> u16 {
    if q.is_null() || n == 0 {
        return 0;
    }
    // SAFETY: q is a Queue set up by rx_queue_setup; bufs holds n slots.
    unsafe {
        let q = &*(q as *const Queue);
        if !mbuf::alloc_bulk(q.pool, bufs, n as u32) {
            return 0;
        }
        let len = q.packet_size;
        for i in 0..n as usize {
            let m = *bufs.add(i);
            mbuf::set_rx(m, len, q.port);
            if q.copy {
                ptr::copy_nonoverlapping(q.dummy.as_ptr(), mbuf::data(m), len as usize);
            }
        }
        q.pkts.fetch_add(n as u64, Ordering::Relaxed);
        q.bytes.fetch_add(n as u64 * len as u64, Ordering::Relaxed);
    }
    n
}

unsafe extern "C" fn no_rx_burst(_q: *mut c_void, _bufs: *mut *mut rte_mbuf, _n: u16) -> u16 {
    0
}

unsafe extern "C" fn tx_burst(q: *mut c_void, bufs: *mut *mut rte_mbuf, n: u16) -> u16 {
    if q.is_null() || n == 0 {
        return 0;
    }
    // SAFETY: q is a Queue set up by tx_queue_setup; bufs holds n mbufs
    // now owned by the driver.
    unsafe {
        let q = &*(q as *const Queue);
        let mut bytes = 0u64;
        for i in 0..n as usize {
            let m = *bufs.add(i);
            let len = mbuf::pkt_len(m);
            bytes += len as u64;
            if q.copy {
                let c = (mbuf::data_len(m) as usize).min(q.dummy.len());
                ptr::copy_nonoverlapping(mbuf::data(m), q.dummy.as_ptr() as *mut u8, c);
            }
        }
        mbuf::free_bulk(bufs, n as u32);
        q.pkts.fetch_add(n as u64, Ordering::Relaxed);
        q.bytes.fetch_add(bytes, Ordering::Relaxed);
    }
    n
}

unsafe extern "C" fn dev_configure(_d: *mut rte_eth_dev) -> c_int {
    0
}

unsafe extern "C" fn dev_start(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, true, "net_null");
    // SAFETY: d is a live port; queue states for its configured queues.
    unsafe {
        let dd = (*d).data;
        for q in 0..(*dd).nb_rx_queues as usize {
            (*dd).rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
        }
        for q in 0..(*dd).nb_tx_queues as usize {
            (*dd).tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STARTED;
        }
    }
    0
}

unsafe extern "C" fn dev_stop(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, false, "net_null");
    // SAFETY: as dev_start.
    unsafe {
        let dd = (*d).data;
        for q in 0..(*dd).nb_rx_queues as usize {
            (*dd).rx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
        }
        for q in 0..(*dd).nb_tx_queues as usize {
            (*dd).tx_queue_state[q] = RTE_ETH_QUEUE_STATE_STOPPED;
        }
    }
    0
}

unsafe extern "C" fn set_link_up(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, true, "net_null");
    0
}

unsafe extern "C" fn set_link_down(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, false, "net_null");
    0
}

unsafe fn free_queue(slot: *mut *mut c_void) {
    // SAFETY: a queue slot holding null or a Box<Queue> from setup.
    unsafe {
        if !(*slot).is_null() {
            drop(Box::from_raw(*slot as *mut Queue));
            *slot = ptr::null_mut();
        }
    }
}

unsafe extern "C" fn rx_release(d: *mut rte_eth_dev, q: u16) {
    // SAFETY: q < nb_rx_queues (ethdev checks); the array has 1024 slots.
    unsafe { free_queue((*(*d).data).rx_queues.add(q as usize)) }
}

unsafe extern "C" fn tx_release(d: *mut rte_eth_dev, q: u16) {
    // SAFETY: as rx_release.
    unsafe { free_queue((*(*d).data).tx_queues.add(q as usize)) }
}

unsafe extern "C" fn dev_close(d: *mut rte_eth_dev) -> c_int {
    // SAFETY: d is a live net_null port; its queues and internals are
    // Boxes this driver made, cleared so release_port does not free them.
    unsafe {
        let dd = (*d).data;
        for q in 0..(*dd).nb_rx_queues {
            rx_release(d, q);
        }
        for q in 0..(*dd).nb_tx_queues {
            tx_release(d, q);
        }
        let i = internals(d);
        if !i.is_null() {
            drop(Box::from_raw(i));
        }
        (*dd).dev_private = ptr::null_mut();
        (*dd).mac_addrs = ptr::null_mut();
    }
    0
}

unsafe extern "C" fn link_update(_d: *mut rte_eth_dev, _wait: c_int) -> c_int {
    0
}

unsafe extern "C" fn ok_op(_d: *mut rte_eth_dev) -> c_int {
    0
}

unsafe extern "C" fn mac_set(_d: *mut rte_eth_dev, _a: *mut rte_ether_addr) -> c_int {
    0
}

unsafe extern "C" fn mtu_set(_d: *mut rte_eth_dev, _mtu: u16) -> c_int {
    0
}

unsafe extern "C" fn infos_get(d: *mut rte_eth_dev, i: *mut rte_eth_dev_info) -> c_int {
    // SAFETY: i is the caller's zeroed info; d a live port.
    unsafe {
        let i = &mut *i;
        i.max_mac_addrs = 1;
        i.max_rx_pktlen = u32::MAX;
        i.max_rx_queues = RTE_MAX_QUEUES_PER_PORT as u16;
        i.max_tx_queues = RTE_MAX_QUEUES_PER_PORT as u16;
        i.min_rx_bufsize = 0;
        i.tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS | RTE_ETH_TX_OFFLOAD_MT_LOCKFREE;
        i.driver_name = DRIVER_NAME.as_ptr();
        let _ = d;
    }
    0
}

fn queues(d: *mut rte_eth_dev, rx: bool) -> Vec<*const Queue> {
    // SAFETY: d is a live port; queue slots hold null or a Queue.
    unsafe {
        let dd = (*d).data;
        let (a, n) = if rx { ((*dd).rx_queues, (*dd).nb_rx_queues) } else { ((*dd).tx_queues, (*dd).nb_tx_queues) };
        if a.is_null() {
            return Vec::new();
        }
        (0..n as usize).map(|q| *a.add(q) as *const Queue).collect()
    }
}

unsafe extern "C" fn stats_get(d: *mut rte_eth_dev, s: *mut rte_eth_stats) -> c_int {
    // SAFETY: s is the caller's stats; queue pointers are live Queues.
    unsafe {
        let s = &mut *s;
        for (k, q) in queues(d, true).into_iter().enumerate() {
            if q.is_null() {
                continue;
            }
            let (p, b) = ((*q).pkts.load(Ordering::Relaxed), (*q).bytes.load(Ordering::Relaxed));
            s.ipackets += p;
            s.ibytes += b;
            if k < RTE_ETHDEV_QUEUE_STAT_CNTRS {
                s.q_ipackets[k] = p;
                s.q_ibytes[k] = b;
            }
        }
        for (k, q) in queues(d, false).into_iter().enumerate() {
            if q.is_null() {
                continue;
            }
            let (p, b) = ((*q).pkts.load(Ordering::Relaxed), (*q).bytes.load(Ordering::Relaxed));
            s.opackets += p;
            s.obytes += b;
            if k < RTE_ETHDEV_QUEUE_STAT_CNTRS {
                s.q_opackets[k] = p;
                s.q_obytes[k] = b;
            }
        }
    }
    0
}

unsafe extern "C" fn stats_reset(d: *mut rte_eth_dev) -> c_int {
    for q in queues(d, true).into_iter().chain(queues(d, false)) {
        if !q.is_null() {
            // SAFETY: a live Queue.
            unsafe {
                (*q).pkts.store(0, Ordering::Relaxed);
                (*q).bytes.store(0, Ordering::Relaxed);
            }
        }
    }
    0
}

unsafe fn new_queue(d: *mut rte_eth_dev, pool: *mut c_void) -> *mut c_void {
    // SAFETY: d is a live net_null port with its internals.
    let i = unsafe { &*internals(d) };
    Box::into_raw(Box::new(Queue {
        pool,
        // SAFETY: as above.
        port: unsafe { (*(*d).data).port_id },
        packet_size: i.packet_size,
        copy: i.copy,
        dummy: if i.copy { vec![0u8; i.packet_size as usize] } else { Vec::new() },
        pkts: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
    })) as *mut c_void
}

unsafe extern "C" fn rx_setup(
    d: *mut rte_eth_dev,
    q: u16,
    _n: u16,
    _socket: c_uint,
    _conf: *const rte_eth_rxconf,
    pool: *mut rte_mempool,
) -> c_int {
    // SAFETY: q < nb_rx_queues (ethdev checks); the slot was released.
    unsafe { *(*(*d).data).rx_queues.add(q as usize) = new_queue(d, pool) };
    0
}

unsafe extern "C" fn tx_setup(
    d: *mut rte_eth_dev,
    q: u16,
    _n: u16,
    _socket: c_uint,
    _c: *const rte_eth_txconf,
) -> c_int {
    // SAFETY: as rx_setup.
    unsafe { *(*(*d).data).tx_queues.add(q as usize) = new_queue(d, ptr::null_mut()) };
    0
}

static OPS: eth_dev_ops = {
    // SAFETY: all-None is a valid ops table.
    let mut o: eth_dev_ops = unsafe { std::mem::zeroed() };
    o.dev_configure = Some(dev_configure);
    o.dev_start = Some(dev_start);
    o.dev_stop = Some(dev_stop);
    o.dev_set_link_up = Some(set_link_up);
    o.dev_set_link_down = Some(set_link_down);
    o.dev_close = Some(dev_close);
    o.link_update = Some(link_update);
    o.promiscuous_enable = Some(ok_op);
    o.promiscuous_disable = Some(ok_op);
    o.allmulticast_enable = Some(ok_op);
    o.allmulticast_disable = Some(ok_op);
    o.mac_addr_set = Some(mac_set);
    o.mtu_set = Some(mtu_set);
    o.stats_get = Some(stats_get);
    o.stats_reset = Some(stats_reset);
    o.dev_infos_get = Some(infos_get);
    o.rx_queue_setup = Some(rx_setup);
    o.rx_queue_release = Some(rx_release);
    o.tx_queue_setup = Some(tx_setup);
    o.tx_queue_release = Some(tx_release);
    o
};

/// Creates a net_null port named `name` for the generic device `device`
/// (may be null) with arguments `args`; returns its port id.
pub fn probe(name: &CStr, args: &str, device: *mut c_void, numa: i32) -> Result<u16> {
    let a = parse_args(args)?;
    let d = driver::allocate(name)?;
    let mut mac = rte_ether_addr { addr_bytes: [0; 6] };
    for b in mac.addr_bytes.iter_mut() {
        *b = rte_eal::rand::rand() as u8;
    }
    mac.addr_bytes[0] = (mac.addr_bytes[0] & 0xfe) | 0x02;
    let i = Box::into_raw(Box::new(Internals { packet_size: a.size, copy: a.copy, no_rx: a.no_rx, mac }));
    // SAFETY: d is our freshly allocated slot.
    unsafe {
        let dd = (*d).data;
        (*dd).dev_private = i as *mut c_void;
        (*dd).mac_addrs = ptr::addr_of_mut!((*i).mac);
        // Unlike 22.11's net_null, link changes raise LSC events.
        (*dd).dev_flags = RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS | RTE_ETH_DEV_INTR_LSC;
        (*dd).numa_node = numa;
        (*dd).dev_link = rte_eth_link { link_speed: RTE_ETH_SPEED_NUM_10G, bits: LINK_BIT_DUPLEX };
        (*d).device = device;
        (*d).dev_ops = &OPS;
        (*d).rx_pkt_burst = Some(if (*i).no_rx { no_rx_burst } else { rx_burst });
        (*d).tx_pkt_burst = Some(tx_burst);
        driver::probing_finish(d);
        Ok((*dd).port_id)
    }
}

/// Closes and releases the net_null port named `name`.
pub fn remove(name: &CStr) -> Result<()> {
    let d = driver::allocated(name).ok_or_else(|| Error::NotFound(format!("no port {}", name.to_string_lossy())))?;
    // SAFETY: d is an allocated slot.
    let port = unsafe { (*(*d).data).port_id };
    let _ = crate::api::stop(port);
    crate::api::close(port)
}

/// The C name pointer (for tables that want `const char *`).
pub fn driver_name() -> *const c_char {
    DRIVER_NAME.as_ptr()
}

/// The vdev probe: `--vdev net_null0,size=128` or `rte_vdev_init`.
unsafe extern "C" fn vdev_probe(vdev: *mut rte_abi::dev::rte_vdev_device) -> c_int {
    // SAFETY: the bus hands a live device with its name and devargs.
    let (name, args, numa, device) = unsafe {
        let d = ptr::addr_of_mut!((*vdev).device);
        let da = (*d).devargs;
        let args = if da.is_null() || (*da).data.is_null() {
            String::new()
        } else {
            CStr::from_ptr((*da).data).to_string_lossy().into_owned()
        };
        (CStr::from_ptr((*d).name), args, (*d).numa_node, d as *mut c_void)
    };
    rte_eal::rte_log!(INFO, PMD, "Initializing pmd_null for {}\n", name.to_string_lossy());
    match probe(name, &args, device, numa) {
        Ok(_) => 0,
        Err(e) => {
            rte_eal::rte_log!(ERR, PMD, "net_null: {}: {e}\n", name.to_string_lossy());
            -e.errno()
        }
    }
}

/// The vdev remove: closes and releases the port (0 if it is gone).
unsafe extern "C" fn vdev_remove(vdev: *mut rte_abi::dev::rte_vdev_device) -> c_int {
    // SAFETY: the bus hands a live device.
    let name = unsafe { CStr::from_ptr((*vdev).device.name) };
    match remove(name) {
        Ok(()) | Err(Error::NotFound(_)) => 0,
        Err(e) => -e.errno(),
    }
}

static VDEV_DRIVER: super::SoftDriver = super::SoftDriver::new(c"net_null", c"eth_null", vdev_probe, vdev_remove);

/// Registers net_null (alias eth_null) on the vdev bus.
pub fn register() {
    VDEV_DRIVER.register();
}
