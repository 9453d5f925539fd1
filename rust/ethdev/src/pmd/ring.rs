//! net_ring: ports whose queues are `rte_ring`s of mbuf pointers. Devargs
//! as 22.11 parses them: none (one port, 16 rings `ETH_RXTX<i>_<name>` each
//! serving as Rx and Tx queue i, so what a queue sends it receives), or
//! `nodeaction=<name>:<numa node>:<CREATE|ATTACH>` (repeatable; one port per
//! entry, named <name>, on rings `ETH_RXTX<i>_<name>`, created or looked
//! up). Unlike 22.11, malformed arguments are refused rather than ignored. Stats count packets per
//! queue; the link is up at 10 Gbps while started, and its changes raise
//! RTE_ETH_EVENT_INTR_LSC when the application asked for them. Rx
//! interrupts: each Rx queue has an eventfd (the port's interrupt handle
//! maps vector i to it), written when this port's Tx queue i enqueues while
//! the interrupt is on.

use std::ffi::{c_int, c_uint, c_void, CStr, CString};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};

use ::rte_ring::ops::{self, Behavior};
use rte_abi::ethdev::*;
use rte_abi::ring::rte_ring;

use crate::{driver, Error, Result};

/// Rings per port (RTE_PMD_RING_MAX_RX_RINGS / _TX_RINGS).
pub const MAX_RINGS: usize = 16;
const RING_SIZE: u32 = 1024;
const RING_F_SP_ENQ: u32 = 1;
const RING_F_SC_DEQ: u32 = 2;

/// `rte_ring_create(name, count, socket, flags)`.
pub type CreateFn = unsafe extern "C" fn(*const core::ffi::c_char, c_uint, c_int, c_uint) -> *mut rte_ring;
/// `rte_ring_lookup(name)`.
pub type LookupFn = unsafe extern "C" fn(*const core::ffi::c_char) -> *mut rte_ring;
/// `rte_ring_free(r)`.
pub type FreeFn = unsafe extern "C" fn(*mut rte_ring);

/// Makes a VDEV interrupt handle whose vector i (RTE_INTR_VEC_RXTX_OFFSET
/// + i) is event fd `efds[i]`; NULL on failure.
pub type IntrMakeFn = unsafe extern "C" fn(*const c_int, u32) -> *mut c_void;
/// Frees such a handle.
pub type IntrFreeFn = unsafe extern "C" fn(*mut c_void);

static HOOKS: [AtomicPtr<c_void>; 5] = [const { AtomicPtr::new(ptr::null_mut()) }; 5];

/// Installs the interrupt-handle hooks (Rx interrupts work without them
/// being absent: the port then has no interrupt handle).
pub fn set_intr_hooks(make: IntrMakeFn, free: IntrFreeFn) {
    // ORDERING: Release, pairs with the Acquire loads in hook().
    HOOKS[3].store(make as *mut c_void, Ordering::Release);
    HOOKS[4].store(free as *mut c_void, Ordering::Release);
}

/// Installs the ring library's create, lookup and free (the C-ABI layer
/// does this at load).
pub fn set_ring_hooks(c: CreateFn, l: LookupFn, f: FreeFn) {
    // ORDERING: Release, pairs with the Acquire loads in hook().
    HOOKS[0].store(c as *mut c_void, Ordering::Release);
    HOOKS[1].store(l as *mut c_void, Ordering::Release);
    HOOKS[2].store(f as *mut c_void, Ordering::Release);
}

fn hook(i: usize) -> Result<*mut c_void> {
    // ORDERING: Acquire, pairs with set_ring_hooks.
    let p = HOOKS[i].load(Ordering::Acquire);
    if p.is_null() {
        return Err(Error::NotSupported("ring library hooks"));
    }
    Ok(p)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    Attach,
}

/// One `nodeaction` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeAction {
    /// Ring set name.
    pub name: String,
    /// NUMA node.
    pub node: i32,
    /// True for CREATE, false for ATTACH.
    pub create: bool,
}

/// Parses the devargs: an empty list, or `nodeaction=...` entries.
pub fn parse_args(s: &str) -> Result<Vec<NodeAction>> {
    let mut out = Vec::new();
    for kv in s.split(',').filter(|x| !x.is_empty()) {
        let (k, v) = kv.split_once('=').ok_or_else(|| Error::Invalid(format!("net_ring: '{kv}' is not key=value")))?;
        if k != "nodeaction" {
            return Err(Error::Invalid(format!("net_ring: unknown argument '{k}'")));
        }
        let mut it = v.split(':');
        let (Some(name), Some(node), Some(action), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(Error::Invalid(format!("net_ring: nodeaction={v} is not name:node:action")));
        };
        let node = node.parse::<i32>().map_err(|_| Error::Invalid(format!("net_ring: bad node '{node}'")))?;
        let create = match action {
            "CREATE" => true,
            "ATTACH" => false,
            _ => return Err(Error::Invalid(format!("net_ring: action '{action}' is not CREATE or ATTACH"))),
        };
        if name.is_empty() {
            return Err(Error::Invalid("net_ring: empty ring name".into()));
        }
        out.push(NodeAction { name: name.to_string(), node, create });
    }
    Ok(out)
}

struct Queue {
    rng: *mut rte_ring,
    pkts: AtomicU64,
    /// Rx queue: its event fd (-1: none) and whether its interrupt is on.
    efd: c_int,
    intr: AtomicBool,
    /// Tx queue: the Rx queue of the same index on this port (what it
    /// sends lands there), to signal.
    peer: *const Queue,
}

struct Internals {
    action: Action,
    nrings: usize,
    rx: [Queue; MAX_RINGS],
    tx: [Queue; MAX_RINGS],
    mac: rte_ether_addr,
    intr_handle: *mut c_void,
}

unsafe fn internals(d: *mut rte_eth_dev) -> *mut Internals {
    // SAFETY: dev_private of a net_ring port is its Internals.
    unsafe { (*(*d).data).dev_private as *mut Internals }
}

unsafe extern "C" fn rx_burst(q: *mut c_void, bufs: *mut *mut rte_mbuf, n: u16) -> u16 {
    if q.is_null() {
        return 0;
    }
    // SAFETY: q is one of the port's Queues; its ring holds mbuf pointers.
    unsafe {
        let q = &*(q as *const Queue);
        let k = ops::dequeue(q.rng, bufs as *mut c_void, 8, n as u32, Behavior::Variable, None);
        q.pkts.fetch_add(k as u64, Ordering::Relaxed);
        k as u16
    }
}

unsafe extern "C" fn tx_burst(q: *mut c_void, bufs: *mut *mut rte_mbuf, n: u16) -> u16 {
    if q.is_null() {
        return 0;
    }
    // SAFETY: as rx_burst.
    unsafe {
        let q = &*(q as *const Queue);
        let k = ops::enqueue(q.rng, bufs as *const c_void, 8, n as u32, Behavior::Variable, None);
        q.pkts.fetch_add(k as u64, Ordering::Relaxed);
        // ORDERING: Relaxed: a wake-up only needs to follow the enqueue,
        // which the eventfd write (a syscall) does.
        if k > 0 && !q.peer.is_null() && (*q.peer).intr.load(Ordering::Relaxed) {
            signal((*q.peer).efd);
        }
        k as u16
    }
}

fn signal(efd: c_int) {
    if efd >= 0 {
        let one: u64 = 1;
        // SAFETY: an eventfd this port owns; 8 bytes from a local.
        unsafe { libc::write(efd, ptr::addr_of!(one).cast(), 8) };
    }
}

unsafe extern "C" fn rx_intr(d: *mut rte_eth_dev, q: u16, on: bool) -> c_int {
    // SAFETY: d is a live net_ring port; q < nb_rx_queues (ethdev checks).
    unsafe {
        let i = &*internals(d);
        let Some(rq) = i.rx.get(q as usize) else { return -libc::EINVAL };
        if rq.efd < 0 {
            return -libc::ENOTSUP;
        }
        // ORDERING: Relaxed, see tx_burst; a packet already queued when the
        // interrupt is turned on is signalled at once, so none is missed.
        rq.intr.store(on, Ordering::Relaxed);
        if on && ops::count(rq.rng) > 0 {
            signal(rq.efd);
        }
    }
    0
}

unsafe extern "C" fn rx_intr_enable(d: *mut rte_eth_dev, q: u16) -> c_int {
    // SAFETY: forwarded.
    unsafe { rx_intr(d, q, true) }
}

unsafe extern "C" fn rx_intr_disable(d: *mut rte_eth_dev, q: u16) -> c_int {
    // SAFETY: forwarded.
    unsafe { rx_intr(d, q, false) }
}

unsafe extern "C" fn ok_op(_d: *mut rte_eth_dev) -> c_int {
    0
}

fn set_queue_states(d: *mut rte_eth_dev, st: u8) {
    // SAFETY: d is a live port; states for its configured queues.
    unsafe {
        let dd = (*d).data;
        for q in 0..(*dd).nb_rx_queues as usize {
            (*dd).rx_queue_state[q] = st;
        }
        for q in 0..(*dd).nb_tx_queues as usize {
            (*dd).tx_queue_state[q] = st;
        }
    }
}

unsafe extern "C" fn dev_start(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, true, "net_ring");
    set_queue_states(d, RTE_ETH_QUEUE_STATE_STARTED);
    0
}

unsafe extern "C" fn dev_stop(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, false, "net_ring");
    set_queue_states(d, RTE_ETH_QUEUE_STATE_STOPPED);
    0
}

unsafe extern "C" fn link_up(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, true, "net_ring");
    0
}

unsafe extern "C" fn link_down(d: *mut rte_eth_dev) -> c_int {
    super::set_link(d, false, "net_ring");
    0
}

unsafe extern "C" fn link_update(_d: *mut rte_eth_dev, _w: c_int) -> c_int {
    0
}

unsafe extern "C" fn infos_get(d: *mut rte_eth_dev, i: *mut rte_eth_dev_info) -> c_int {
    // SAFETY: d is a live net_ring port; i the caller's info.
    unsafe {
        let n = (*internals(d)).nrings as u16;
        let i = &mut *i;
        i.max_mac_addrs = 1;
        i.max_rx_pktlen = u32::MAX;
        i.max_rx_queues = n;
        i.max_tx_queues = n;
        i.min_rx_bufsize = 0;
        i.driver_name = c"net_ring".as_ptr();
    }
    0
}

unsafe extern "C" fn rx_setup(
    d: *mut rte_eth_dev,
    q: u16,
    _n: u16,
    _s: c_uint,
    _c: *const rte_eth_rxconf,
    _mp: *mut rte_mempool,
) -> c_int {
    // SAFETY: q < nb_rx_queues <= nrings (ethdev and dev_info checks).
    unsafe {
        let i = internals(d);
        *(*(*d).data).rx_queues.add(q as usize) = ptr::addr_of_mut!((*i).rx[q as usize]) as *mut c_void;
    }
    0
}

unsafe extern "C" fn tx_setup(d: *mut rte_eth_dev, q: u16, _n: u16, _s: c_uint, _c: *const rte_eth_txconf) -> c_int {
    // SAFETY: as rx_setup.
    unsafe {
        let i = internals(d);
        *(*(*d).data).tx_queues.add(q as usize) = ptr::addr_of_mut!((*i).tx[q as usize]) as *mut c_void;
    }
    0
}

unsafe extern "C" fn queue_release(_d: *mut rte_eth_dev, _q: u16) {}

unsafe extern "C" fn stats_get(d: *mut rte_eth_dev, s: *mut rte_eth_stats) -> c_int {
    // SAFETY: d is a live net_ring port; s the caller's stats.
    unsafe {
        let dd = (*d).data;
        let i = &*internals(d);
        let s = &mut *s;
        for q in 0..((*dd).nb_rx_queues as usize).min(MAX_RINGS) {
            let p = i.rx[q].pkts.load(Ordering::Relaxed);
            s.ipackets += p;
            if q < RTE_ETHDEV_QUEUE_STAT_CNTRS {
                s.q_ipackets[q] = p;
            }
        }
        for q in 0..((*dd).nb_tx_queues as usize).min(MAX_RINGS) {
            let p = i.tx[q].pkts.load(Ordering::Relaxed);
            s.opackets += p;
            if q < RTE_ETHDEV_QUEUE_STAT_CNTRS {
                s.q_opackets[q] = p;
            }
        }
    }
    0
}

unsafe extern "C" fn stats_reset(d: *mut rte_eth_dev) -> c_int {
    // SAFETY: d is a live net_ring port.
    unsafe {
        let i = &*internals(d);
        for q in i.rx.iter().chain(i.tx.iter()) {
            q.pkts.store(0, Ordering::Relaxed);
        }
    }
    0
}

unsafe extern "C" fn mac_add(_d: *mut rte_eth_dev, _a: *mut rte_ether_addr, _i: u32, _p: u32) -> c_int {
    0
}

unsafe extern "C" fn mac_remove(_d: *mut rte_eth_dev, _i: u32) {}

unsafe extern "C" fn mac_set(_d: *mut rte_eth_dev, _a: *mut rte_ether_addr) -> c_int {
    0
}

unsafe extern "C" fn dev_close(d: *mut rte_eth_dev) -> c_int {
    // SAFETY: d is a live net_ring port; rings this port CREATEd are freed.
    unsafe {
        let i = internals(d);
        if i.is_null() {
            return 0;
        }
        if (*i).action == Action::Create {
            if let Ok(f) = hook(2) {
                let f: FreeFn = std::mem::transmute(f);
                for q in 0..(*i).nrings {
                    f((*i).rx[q].rng);
                }
            }
        }
        if !(*i).intr_handle.is_null() {
            if let Ok(f) = hook(4) {
                std::mem::transmute::<*mut c_void, IntrFreeFn>(f)((*i).intr_handle);
            }
            (*d).intr_handle = ptr::null_mut();
        }
        for q in (*i).rx.iter() {
            if q.efd >= 0 {
                libc::close(q.efd);
            }
        }
        let dd = (*d).data;
        for a in [(*dd).rx_queues, (*dd).tx_queues] {
            if !a.is_null() {
                for q in 0..MAX_RINGS {
                    *a.add(q) = ptr::null_mut();
                }
            }
        }
        drop(Box::from_raw(i));
        (*dd).dev_private = ptr::null_mut();
        (*dd).mac_addrs = ptr::null_mut();
    }
    0
}

static OPS: eth_dev_ops = {
    // SAFETY: all-None is a valid ops table.
    let mut o: eth_dev_ops = unsafe { std::mem::zeroed() };
    o.dev_configure = Some(ok_op);
    o.dev_start = Some(dev_start);
    o.dev_stop = Some(dev_stop);
    o.dev_set_link_up = Some(link_up);
    o.dev_set_link_down = Some(link_down);
    o.dev_close = Some(dev_close);
    o.link_update = Some(link_update);
    o.promiscuous_enable = Some(ok_op);
    o.promiscuous_disable = Some(ok_op);
    o.allmulticast_enable = Some(ok_op);
    o.allmulticast_disable = Some(ok_op);
    o.mac_addr_remove = Some(mac_remove);
    o.mac_addr_add = Some(mac_add);
    o.mac_addr_set = Some(mac_set);
    o.stats_get = Some(stats_get);
    o.stats_reset = Some(stats_reset);
    o.dev_infos_get = Some(infos_get);
    o.rx_queue_setup = Some(rx_setup);
    o.rx_queue_release = Some(queue_release);
    o.tx_queue_setup = Some(tx_setup);
    o.tx_queue_release = Some(queue_release);
    o.rx_queue_intr_enable = Some(rx_intr_enable);
    o.rx_queue_intr_disable = Some(rx_intr_disable);
    o
};

fn rings(set: &str, node: i32, action: Action) -> Result<Vec<*mut rte_ring>> {
    let mut out = Vec::new();
    for q in 0..MAX_RINGS {
        let n = CString::new(format!("ETH_RXTX{q}_{set}")).map_err(|_| Error::Invalid("NUL in ring name".into()))?;
        // SAFETY: the ring library's functions (hooks) with a valid name.
        let r = unsafe {
            match action {
                Action::Create => std::mem::transmute::<*mut c_void, CreateFn>(hook(0)?)(
                    n.as_ptr(),
                    RING_SIZE,
                    node,
                    RING_F_SP_ENQ | RING_F_SC_DEQ,
                ),
                Action::Attach => std::mem::transmute::<*mut c_void, LookupFn>(hook(1)?)(n.as_ptr()),
            }
        };
        if r.is_null() {
            if action == Action::Create {
                if let Ok(f) = hook(2) {
                    // SAFETY: rings we just created.
                    let f: FreeFn = unsafe { std::mem::transmute(f) };
                    // SAFETY: each a ring created above.
                    out.iter().for_each(|&r| unsafe { f(r) });
                }
            }
            return Err(Error::Invalid(format!(
                "net_ring: cannot {} ring {}",
                if action == Action::Create { "create" } else { "find" },
                n.to_string_lossy()
            )));
        }
        out.push(r);
    }
    Ok(out)
}

fn create_port(name: &CStr, set: &str, node: i32, action: Action, device: *mut c_void) -> Result<u16> {
    let rs = rings(set, node, action)?;
    let d = match driver::allocate(name) {
        Ok(d) => d,
        Err(e) => {
            if action == Action::Create {
                if let Ok(f) = hook(2) {
                    // SAFETY: rings we just created.
                    let f: FreeFn = unsafe { std::mem::transmute(f) };
                    // SAFETY: each a ring created above.
                    rs.iter().for_each(|&r| unsafe { f(r) });
                }
            }
            return Err(e);
        }
    };
    let mk = |r: *mut rte_ring, efd: c_int| Queue {
        rng: r,
        pkts: AtomicU64::new(0),
        efd,
        intr: AtomicBool::new(false),
        peer: ptr::null(),
    };
    // One eventfd per Rx queue, for Rx interrupts.
    let efds: Vec<c_int> = (0..rs.len())
        // SAFETY: plain syscall.
        .map(|_| unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) })
        .collect();
    let mut mac = rte_ether_addr::default();
    for b in mac.addr_bytes.iter_mut() {
        *b = rte_eal::rand::rand() as u8;
    }
    mac.addr_bytes[0] = (mac.addr_bytes[0] & 0xfe) | 0x02;
    let i = Box::into_raw(Box::new(Internals {
        action,
        nrings: rs.len(),
        rx: std::array::from_fn(|k| mk(rs[k], efds[k])),
        tx: std::array::from_fn(|k| mk(rs[k], -1)),
        mac,
        intr_handle: ptr::null_mut(),
    }));
    // SAFETY: i is ours until published below; the Rx queues never move.
    unsafe {
        for k in 0..MAX_RINGS {
            (*i).tx[k].peer = ptr::addr_of!((*i).rx[k]);
        }
        if efds.iter().all(|&e| e >= 0) {
            if let Ok(f) = hook(3) {
                (*i).intr_handle = std::mem::transmute::<*mut c_void, IntrMakeFn>(f)(efds.as_ptr(), efds.len() as u32);
            }
        }
    }
    // SAFETY: d is our freshly allocated slot.
    unsafe {
        let dd = (*d).data;
        (*dd).dev_private = i as *mut c_void;
        (*dd).mac_addrs = ptr::addr_of_mut!((*i).mac);
        (*dd).dev_flags = RTE_ETH_DEV_AUTOFILL_QUEUE_XSTATS | RTE_ETH_DEV_INTR_LSC;
        (*dd).numa_node = node;
        (*dd).dev_link = rte_eth_link { link_speed: RTE_ETH_SPEED_NUM_10G, bits: LINK_BIT_DUPLEX };
        (*d).device = device;
        (*d).intr_handle = (*i).intr_handle;
        (*d).dev_ops = &OPS;
        (*d).rx_pkt_burst = Some(rx_burst);
        (*d).tx_pkt_burst = Some(tx_burst);
        driver::probing_finish(d);
        Ok((*dd).port_id)
    }
}

/// Creates the port(s) of a net_ring vdev: with no nodeaction, one port
/// named `name` on its own 16 rings (attached to existing ones of that
/// name when they cannot be created, as 22.11); else one port per entry,
/// named after its ring set, as 22.11 names them.
pub fn probe(name: &CStr, args: &str, device: *mut c_void, numa: i32) -> Result<Vec<u16>> {
    let list = parse_args(args)?;
    if list.is_empty() {
        let set = name.to_string_lossy();
        return match create_port(name, &set, numa, Action::Create, device) {
            Ok(p) => Ok(vec![p]),
            Err(Error::Invalid(m)) if m.contains("cannot create") => {
                Ok(vec![create_port(name, &set, numa, Action::Attach, device)?])
            }
            Err(e) => Err(e),
        };
    }
    let mut ports = Vec::new();
    for (k, na) in list.iter().enumerate() {
        let _ = k;
        let pname = CString::new(na.name.clone()).map_err(|_| Error::Invalid("NUL in ring name".into()))?;
        let a = if na.create { Action::Create } else { Action::Attach };
        match create_port(&pname, &na.name, na.node, a, device) {
            Ok(p) => ports.push(p),
            Err(e) => {
                for p in ports {
                    let _ = crate::api::close(p);
                }
                return Err(e);
            }
        }
    }
    Ok(ports)
}

/// Closes every port of the vdev whose generic device is `device`.
pub fn remove(name: &CStr, device: *mut c_void) -> Result<()> {
    let mut any = false;
    for p in 0..RTE_MAX_ETHPORTS as u16 {
        // SAFETY: a live slot from dev().
        if crate::dev(p).map(|d| unsafe { (*d).device } == device).unwrap_or(false) {
            any = true;
            let _ = crate::api::stop(p);
            crate::api::close(p)?;
        }
    }
    if any {
        Ok(())
    } else {
        Err(Error::NotFound(format!("no port {}", name.to_string_lossy())))
    }
}

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
    rte_eal::rte_log!(INFO, PMD, "Initializing pmd_ring for {}\n", name.to_string_lossy());
    match probe(name, &args, device, numa) {
        Ok(_) => 0,
        Err(e) => {
            rte_eal::rte_log!(ERR, PMD, "net_ring: {}: {e}\n", name.to_string_lossy());
            -e.errno()
        }
    }
}

unsafe extern "C" fn vdev_remove(vdev: *mut rte_abi::dev::rte_vdev_device) -> c_int {
    // SAFETY: the bus hands a live device.
    let (name, device) =
        unsafe { (CStr::from_ptr((*vdev).device.name), ptr::addr_of_mut!((*vdev).device) as *mut c_void) };
    match remove(name, device) {
        Ok(()) | Err(Error::NotFound(_)) => 0,
        Err(e) => -e.errno(),
    }
}

static VDEV_DRIVER: super::SoftDriver = super::SoftDriver::new(c"net_ring", c"eth_ring", vdev_probe, vdev_remove);

/// Registers net_ring (alias eth_ring) on the vdev bus.
pub fn register() {
    VDEV_DRIVER.register();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodeaction_parsing() {
        assert_eq!(parse_args("").unwrap(), vec![]);
        let l = parse_args("nodeaction=r1:0:CREATE,nodeaction=r1:0:ATTACH").unwrap();
        assert_eq!(l.len(), 2);
        assert!(l[0].create && !l[1].create && l[1].name == "r1");
        assert!(parse_args("nodeaction=r1:0").is_err());
        assert!(parse_args("nodeaction=r1:x:CREATE").is_err());
        assert!(parse_args("nodeaction=r1:0:MAKE").is_err());
        assert!(parse_args("size=3").is_err());
    }
}
