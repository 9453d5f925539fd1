//! Port lifecycle, fast-path table, callbacks, owners and events on
//! net_null ports, with fake mbufs supplied through the mbuf hooks.

use std::ffi::{c_void, CString};
use std::ptr;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use rte_abi::ethdev::*;
use rte_ethdev::{api, callbacks, pmd, Error};

static SERIAL: Mutex<()> = Mutex::new(());
static FREED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn fake_free(p: *mut *mut c_void, n: u32) {
    for i in 0..n as usize {
        // SAFETY: test mbufs are leaked 128-byte boxes.
        unsafe { drop(Box::from_raw(*p.add(i) as *mut [u64; 16])) };
    }
    FREED.fetch_add(n as usize, Ordering::Relaxed);
}

unsafe extern "C" fn fake_alloc(_pool: *mut c_void, p: *mut *mut c_void, n: u32) -> i32 {
    for i in 0..n as usize {
        // SAFETY: p has room for n pointers.
        unsafe { *p.add(i) = Box::into_raw(Box::new([0u64; 16])) as *mut c_void };
    }
    0
}

fn setup() -> std::sync::MutexGuard<'static, ()> {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // SAFETY: all-zero port slots and fast-path entries are valid.
        let devs = Box::leak(Box::new(unsafe { std::mem::zeroed::<[rte_eth_dev; RTE_MAX_ETHPORTS]>() }));
        // SAFETY: as above.
        let fp = Box::leak(Box::new(unsafe { std::mem::zeroed::<[rte_eth_fp_ops; RTE_MAX_ETHPORTS]>() }));
        // SAFETY: leaked zeroed arrays for the whole test process.
        unsafe { rte_ethdev::install(devs.as_mut_ptr(), fp.as_mut_ptr()) };
        pmd::mbuf::set_mbuf_hooks(fake_free, fake_alloc);
    });
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn conf() -> rte_eth_conf {
    // SAFETY: all-zero is the default configuration.
    unsafe { std::mem::zeroed() }
}

fn fp(port: u16) -> rte_eth_fp_ops {
    // SAFETY: the installed table.
    unsafe { *rte_ethdev::tables().fp.add(port as usize) }
}

static EVENTS: Mutex<Vec<(u16, u32, usize)>> = Mutex::new(Vec::new());

unsafe extern "C" fn on_event(port: u16, ev: u32, arg: *mut c_void, _r: *mut c_void) -> i32 {
    EVENTS.lock().unwrap().push((port, ev, arg as usize));
    0
}

#[test]
fn lifecycle_and_bursts() {
    let _g = setup();
    callbacks::register(RTE_MAX_ETHPORTS as u16, RTE_ETH_EVENT_NEW, on_event, 7 as *mut c_void).unwrap();
    let name = CString::new("net_null_t0").unwrap();
    let port = pmd::null::probe(&name, "size=100", ptr::null_mut(), 0).unwrap();
    assert!(EVENTS.lock().unwrap().contains(&(port, RTE_ETH_EVENT_NEW, 7)));
    callbacks::register(port, RTE_ETH_EVENT_DESTROY, on_event, 9 as *mut c_void).unwrap();

    // Bad input.
    assert_eq!(api::start(port), Err(Error::Invalid(format!("port {port} is not configured"))));
    assert!(matches!(api::info(40), Err(Error::NoDevice(40))));
    let i = api::info(port).unwrap();
    assert_eq!(i.max_rx_queues, 1024);
    let c = conf();
    // SAFETY: c is a valid conf.
    unsafe {
        assert!(matches!(api::configure(port, 1025, 1, &c), Err(Error::Invalid(_))));
        let mut bad = conf();
        bad.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
        assert!(matches!(api::configure(port, 1, 1, &bad), Err(Error::Invalid(_))));
        bad = conf();
        bad.intr_conf = INTR_CONF_RMV;
        assert!(matches!(api::configure(port, 1, 1, &bad), Err(Error::Invalid(_))));
        api::configure(port, 2, 2, &c).unwrap();
        assert!(matches!(
            api::rx_queue_setup(port, 2, 64, 0, ptr::null(), ptr::dangling_mut::<c_void>()),
            Err(Error::Invalid(_))
        ));
        assert!(matches!(api::rx_queue_setup(port, 0, 64, 0, ptr::null(), ptr::null_mut()), Err(Error::Invalid(_))));
        for q in 0..2 {
            api::rx_queue_setup(port, q, 64, 0, ptr::null(), ptr::dangling_mut::<c_void>()).unwrap();
            api::tx_queue_setup(port, q, 64, 0, ptr::null()).unwrap();
        }
    }
    assert_eq!(api::mtu_get(port).unwrap(), 1500);
    // Stopped: dummy fast path.
    let before = fp(port);
    let mut bufs = [ptr::null_mut::<c_void>(); 32];
    // SAFETY: the dummy burst ignores its arguments.
    assert_eq!(unsafe { before.rx_pkt_burst.unwrap()(ptr::null_mut(), bufs.as_mut_ptr(), 32) }, 0);

    api::start(port).unwrap();
    // SAFETY: c valid.
    assert!(matches!(unsafe { api::configure(port, 1, 1, &c) }, Err(Error::Busy(_))));
    // SAFETY: a null conf is allowed.
    assert!(matches!(unsafe { api::tx_queue_setup(port, 0, 64, 0, ptr::null()) }, Err(Error::Busy(_))));
    let l = api::link(port, false).unwrap();
    assert_eq!(l.link_speed, RTE_ETH_SPEED_NUM_10G);
    assert_eq!(api::link_text(&l), "Link up at 10 Gbps FDX Fixed");

    // Rx then Tx through the fast-path table as inline code does it.
    let e = fp(port);
    // SAFETY: the table entry of a started port and its queues.
    unsafe {
        let rxq = *e.rxq.data.add(1);
        let n = e.rx_pkt_burst.unwrap()(rxq, bufs.as_mut_ptr(), 32);
        assert_eq!(n, 32);
        assert_eq!(pmd::mbuf::pkt_len(bufs[0]), 100);
        let txq = *e.txq.data.add(0);
        let before = FREED.load(Ordering::Relaxed);
        assert_eq!(e.tx_pkt_burst.unwrap()(txq, bufs.as_mut_ptr(), 32), 32);
        assert_eq!(FREED.load(Ordering::Relaxed) - before, 32);
    }
    let s = api::stats(port).unwrap();
    assert_eq!((s.ipackets, s.ibytes, s.opackets, s.obytes), (32, 3200, 32, 3200));
    assert_eq!((s.q_ipackets[1], s.q_opackets[0]), (32, 32));
    let xs = api::xstats_all(port).unwrap();
    assert_eq!(xs[0], (b"rx_good_packets".to_vec(), 32));
    assert!(xs.iter().any(|(n, v)| n == b"rx_q1_packets" && *v == 32));
    api::xstats_reset(port).unwrap();
    assert_eq!(api::stats(port).unwrap().ipackets, 0);

    // Promiscuous, MAC, MTU.
    api::rx_mode(port, false, true).unwrap();
    assert!(api::rx_mode_get(port, false).unwrap());
    let m = api::mac_get(port).unwrap();
    assert_eq!(m.addr_bytes[0] & 3, 2);
    assert_eq!(api::mac_remove(port, m), Err(Error::NotSupported("mac_addr_remove")));
    assert!(matches!(
        api::mac_set_default(port, rte_ether_addr { addr_bytes: [1, 0, 0, 0, 0, 1] }),
        Err(Error::Invalid(_))
    ));
    api::mac_set_default(port, rte_ether_addr { addr_bytes: [2, 0, 0, 0, 0, 1] }).unwrap();
    assert_eq!(api::mac_get(port).unwrap().addr_bytes, [2, 0, 0, 0, 0, 1]);
    assert!(matches!(api::mtu_set(port, 20), Err(Error::Invalid(_))));
    api::mtu_set(port, 9000).unwrap();
    assert_eq!(api::mtu_get(port).unwrap(), 9000);

    // Stop: the fast path goes back to the dummies; close releases.
    api::stop(port).unwrap();
    assert_eq!(fp(port).rx_pkt_burst.map(|f| f as usize), before.rx_pkt_burst.map(|f| f as usize));
    assert_eq!(api::link(port, false).unwrap().bits & LINK_BIT_STATUS, 0);
    api::close(port).unwrap();
    assert!(EVENTS.lock().unwrap().contains(&(port, RTE_ETH_EVENT_DESTROY, 9)));
    assert!(matches!(api::info(port), Err(Error::NoDevice(_))));
    callbacks::unregister(RTE_MAX_ETHPORTS as u16, RTE_ETH_EVENT_NEW, on_event, -1isize as *mut c_void).unwrap();
}

static CALLS: AtomicU32 = AtomicU32::new(0);

unsafe extern "C" fn rx_cb(_p: u16, _q: u16, _b: *mut *mut c_void, n: u16, _max: u16, arg: *mut c_void) -> u16 {
    CALLS.fetch_add(arg as u32, Ordering::Relaxed);
    n
}

#[test]
fn owners_and_rx_callbacks() {
    let _g = setup();
    let name = CString::new("net_null_t1").unwrap();
    let port = pmd::null::probe(&name, "no-rx=1", ptr::null_mut(), 0).unwrap();
    assert!(matches!(pmd::null::parse_args("size=0"), Err(Error::Invalid(_))));
    assert!(matches!(pmd::null::parse_args("bogus=1"), Err(Error::Invalid(_))));
    // SAFETY: default conf.
    unsafe { api::configure(port, 1, 1, &conf()).unwrap() };
    let f = rte_ethdev::fnptr(rx_cb as unsafe extern "C" fn(u16, u16, *mut *mut c_void, u16, u16, *mut c_void) -> u16);
    assert!(callbacks::add(port, 1, true, false, f, ptr::null_mut()).is_err());
    let a = callbacks::add(port, 0, true, false, f, ptr::dangling_mut::<c_void>()).unwrap();
    let b = callbacks::add(port, 0, true, true, f, 10 as *mut c_void).unwrap();
    // SAFETY: the slot of a live port.
    let head = unsafe { (*rte_ethdev::dev(port).unwrap()).post_rx_burst_cbs[0] };
    assert_eq!(head, b);
    // SAFETY: list records are never freed.
    assert_eq!(unsafe { (*b).next }, a);
    callbacks::remove(port, 0, true, b).unwrap();
    assert!(callbacks::remove(port, 0, true, b).is_err());

    let id = callbacks::owner_new();
    callbacks::owner_set(port, id, b"me").unwrap();
    assert_eq!(callbacks::next_owned_by(0, RTE_ETH_DEV_NO_OWNER), RTE_MAX_ETHPORTS as u64);
    assert_eq!(callbacks::next_owned_by(0, id), port as u64);
    assert!(matches!(callbacks::owner_set(port, id, b"again"), Err(Error::NotPermitted(_))));
    assert!(matches!(callbacks::owner_unset(port, id + 5), Err(Error::Invalid(_))));
    callbacks::owner_delete(id).unwrap();
    assert_eq!(callbacks::next_owned_by(0, RTE_ETH_DEV_NO_OWNER), port as u64);
    pmd::null::remove(&name).unwrap();
}
