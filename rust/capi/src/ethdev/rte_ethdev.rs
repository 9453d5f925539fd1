//! `rte_ethdev.h`: the application API, the exported port tables and the
//! callback walkers the inline burst functions call.

use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Once;

use ::rte_ethdev::{api, callbacks, Error};
use rte_abi::ethdev::*;

use super::ret;
use crate::boundary::{fail, set_errno};

/// The per-process port slots (22.11 size: 32 x 16512 bytes).
#[no_mangle]
pub static mut rte_eth_devices: [rte_eth_dev; RTE_MAX_ETHPORTS] =
    // SAFETY: all-zero is a valid (unused) port slot.
    unsafe { std::mem::zeroed() };

/// The fast-path table reference inline code reads (32 x 128 bytes).
#[no_mangle]
pub static mut rte_eth_fp_ops: [rte_eth_fp_ops; RTE_MAX_ETHPORTS] =
    // SAFETY: all-zero entries; dummy functions are installed at load.
    unsafe { std::mem::zeroed() };

/// The ethdev log type ("lib.ethdev").
#[no_mangle]
pub static rte_eth_dev_logtype: AtomicI32 = AtomicI32::new(0);

static INSTALL: Once = Once::new();

/// Hands the tables to the ethdev crate (idempotent).
pub(crate) fn tables_ready() {
    INSTALL.call_once(|| {
        // SAFETY: the exported arrays live for the whole process and are
        // written only through the ethdev crate from here on.
        unsafe {
            ::rte_ethdev::install(ptr::addr_of_mut!(rte_eth_devices).cast(), ptr::addr_of_mut!(rte_eth_fp_ops).cast())
        };
        if let Ok(t) = rte_eal::log::register(c"lib.ethdev", rte_abi::log::RTE_LOG_INFO) {
            rte_eth_dev_logtype.store(t as i32, Ordering::Relaxed);
        }
    });
}

/// Bulk mbuf allocation for the soft PMDs: all `n` or none, each reset as
/// `rte_pktmbuf_alloc` leaves it.
unsafe extern "C" fn pmd_alloc_bulk(pool: *mut c_void, objs: *mut *mut c_void, n: u32) -> i32 {
    let mp = pool as *mut rte_abi::mempool::rte_mempool;
    // SAFETY: a packet pool and room for n pointers (the PMD's contract).
    unsafe {
        let r = crate::mbuf::pool::get_bulk(mp, objs, n);
        if r < 0 {
            return r;
        }
        for i in 0..n as usize {
            crate::mbuf::pool::reset(*objs.add(i) as *mut _);
        }
    }
    0
}

unsafe extern "C" fn pmd_free_bulk(objs: *mut *mut c_void, n: u32) {
    // SAFETY: n packets the PMD owns.
    unsafe { crate::mbuf::rte_mbuf::rte_pktmbuf_free_bulk(objs as *mut _, n) }
}

extern "C" fn load_time_init() {
    tables_ready();
    ::rte_ethdev::pmd::mbuf::set_mbuf_hooks(pmd_free_bulk, pmd_alloc_bulk);
    ::rte_ethdev::pmd::null::register();
    ::rte_ethdev::class::register();
    ::rte_ethdev::pmd::ring::set_ring_hooks(
        crate::ring::rte_ring::rte_ring_create,
        crate::ring::rte_ring::rte_ring_lookup,
        crate::ring::rte_ring::rte_ring_free,
    );
    ::rte_ethdev::pmd::ring::set_intr_hooks(pmd_intr_make, pmd_intr_free);
    ::rte_ethdev::pmd::ring::register();
}

/// Runs at load time so that `rte_eth_fp_ops` holds the dummy functions
/// before any application code can read it (as 22.11's constructor).
#[used]
#[link_section = ".init_array"]
static INIT: extern "C" fn() = load_time_init;

fn port_err(func: &str, port: u16) -> c_int {
    fail(func, &Error::NoDevice(port), -libc::ENODEV)
}

/// 1 if `port_id` is an allocated port, else 0.
#[no_mangle]
pub extern "C" fn rte_eth_dev_is_valid_port(port_id: u16) -> c_int {
    entry!("rte_eth_dev_is_valid_port", 0, {
        tables_ready();
        ::rte_ethdev::dev(port_id).is_ok() as c_int
    })
}

/// Next port at or after `port_id` owned by `owner_id` (RTE_MAX_ETHPORTS
/// when none): the iterator behind RTE_ETH_FOREACH_DEV.
#[no_mangle]
pub extern "C" fn rte_eth_find_next_owned_by(port_id: u16, owner_id: u64) -> u64 {
    entry!("rte_eth_find_next_owned_by", RTE_MAX_ETHPORTS as u64, {
        tables_ready();
        callbacks::next_owned_by(port_id as u64, owner_id)
    })
}

/// Next allocated port at or after `port_id` (RTE_MAX_ETHPORTS if none).
#[no_mangle]
pub extern "C" fn rte_eth_find_next(port_id: u16) -> u16 {
    entry!("rte_eth_find_next", RTE_MAX_ETHPORTS as u16, {
        tables_ready();
        (port_id..RTE_MAX_ETHPORTS as u16).find(|&p| ::rte_ethdev::dev(p).is_ok()).unwrap_or(RTE_MAX_ETHPORTS as u16)
    })
}

/// Ports usable by the application (attached, no owner).
#[no_mangle]
pub extern "C" fn rte_eth_dev_count_avail() -> u16 {
    entry!("rte_eth_dev_count_avail", 0, {
        tables_ready();
        let mut n = 0;
        let mut p = callbacks::next_owned_by(0, RTE_ETH_DEV_NO_OWNER);
        while (p as usize) < RTE_MAX_ETHPORTS {
            n += 1;
            p = callbacks::next_owned_by(p + 1, RTE_ETH_DEV_NO_OWNER);
        }
        n
    })
}

/// All allocated ports.
#[no_mangle]
pub extern "C" fn rte_eth_dev_count_total() -> u16 {
    entry!("rte_eth_dev_count_total", 0, {
        tables_ready();
        (0..RTE_MAX_ETHPORTS as u16).filter(|&p| ::rte_ethdev::dev(p).is_ok()).count() as u16
    })
}

/// Configures queue counts and the port configuration (-EBUSY while
/// started, -EINVAL for counts, MTU or offloads beyond dev_info).
///
/// # Safety
/// `dev_conf` must be NULL or a readable `rte_eth_conf`.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_configure(
    port_id: u16,
    nb_rx_queue: u16,
    nb_tx_queue: u16,
    dev_conf: *const rte_eth_conf,
) -> c_int {
    entry!("rte_eth_dev_configure", -libc::EINVAL, {
        tables_ready();
        // SAFETY: per the contract.
        ret("rte_eth_dev_configure", unsafe { api::configure(port_id, nb_rx_queue, nb_tx_queue, dev_conf) })
    })
}

/// Copies the port's current configuration.
///
/// # Safety
/// `dev_conf` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_conf_get(port_id: u16, dev_conf: *mut rte_eth_conf) -> c_int {
    entry!("rte_eth_dev_conf_get", -libc::EINVAL, {
        tables_ready();
        nonnull!("rte_eth_dev_conf_get", dev_conf, -libc::EINVAL);
        match api::with_data(port_id, |d| d.dev_conf) {
            // SAFETY: writable per the contract.
            Ok(c) => unsafe {
                *dev_conf = c;
                0
            },
            Err(_) => port_err("rte_eth_dev_conf_get", port_id),
        }
    })
}

/// Sets up Rx queue `rx_queue_id`.
///
/// # Safety
/// `rx_conf` NULL or readable; `mb_pool` a packet mempool.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_rx_queue_setup(
    port_id: u16,
    rx_queue_id: u16,
    nb_rx_desc: u16,
    socket_id: c_uint,
    rx_conf: *const rte_eth_rxconf,
    mb_pool: *mut rte_mempool,
) -> c_int {
    entry!("rte_eth_rx_queue_setup", -libc::EINVAL, {
        tables_ready();
        // SAFETY: per the contract.
        ret("rte_eth_rx_queue_setup", unsafe {
            api::rx_queue_setup(port_id, rx_queue_id, nb_rx_desc, socket_id, rx_conf, mb_pool)
        })
    })
}

/// Sets up Tx queue `tx_queue_id`.
///
/// # Safety
/// `tx_conf` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_queue_setup(
    port_id: u16,
    tx_queue_id: u16,
    nb_tx_desc: u16,
    socket_id: c_uint,
    tx_conf: *const rte_eth_txconf,
) -> c_int {
    entry!("rte_eth_tx_queue_setup", -libc::EINVAL, {
        tables_ready();
        // SAFETY: per the contract.
        ret("rte_eth_tx_queue_setup", unsafe {
            api::tx_queue_setup(port_id, tx_queue_id, nb_tx_desc, socket_id, tx_conf)
        })
    })
}

macro_rules! simple {
    ($name:ident, $lit:literal, $body:expr) => {
        #[doc = concat!("`", stringify!($name), "` (22.11 semantics and errno).")]
        #[no_mangle]
        pub extern "C" fn $name(port_id: u16) -> c_int {
            entry!($lit, -libc::EINVAL, {
                tables_ready();
                let f: fn(u16) -> ::rte_ethdev::Result<()> = $body;
                ret(stringify!($name), f(port_id))
            })
        }
    };
}

simple!(rte_eth_dev_start, "rte_eth_dev_start", api::start);
simple!(rte_eth_dev_stop, "rte_eth_dev_stop", api::stop);
simple!(rte_eth_dev_close, "rte_eth_dev_close", api::close);
simple!(rte_eth_dev_reset, "rte_eth_dev_reset", api::reset);
simple!(rte_eth_dev_set_link_up, "rte_eth_dev_set_link_up", |p| api::set_link(p, true));
simple!(rte_eth_dev_set_link_down, "rte_eth_dev_set_link_down", |p| api::set_link(p, false));
simple!(rte_eth_promiscuous_enable, "rte_eth_promiscuous_enable", |p| api::rx_mode(p, false, true));
simple!(rte_eth_promiscuous_disable, "rte_eth_promiscuous_disable", |p| api::rx_mode(p, false, false));
simple!(rte_eth_allmulticast_enable, "rte_eth_allmulticast_enable", |p| api::rx_mode(p, true, true));
simple!(rte_eth_allmulticast_disable, "rte_eth_allmulticast_disable", |p| api::rx_mode(p, true, false));
simple!(rte_eth_stats_reset, "rte_eth_stats_reset", api::stats_reset);
simple!(rte_eth_xstats_reset, "rte_eth_xstats_reset", api::xstats_reset);

macro_rules! queue_fn {
    ($name:ident, $lit:literal, $rx:expr, $start:expr) => {
        #[doc = concat!("`", stringify!($name), "` (-EINVAL for a bad queue or a stopped port).")]
        #[no_mangle]
        pub extern "C" fn $name(port_id: u16, queue_id: u16) -> c_int {
            entry!($lit, -libc::EINVAL, {
                tables_ready();
                ret(stringify!($name), api::queue_state(port_id, queue_id, $rx, $start))
            })
        }
    };
}

queue_fn!(rte_eth_dev_rx_queue_start, "rte_eth_dev_rx_queue_start", true, true);
queue_fn!(rte_eth_dev_rx_queue_stop, "rte_eth_dev_rx_queue_stop", true, false);
queue_fn!(rte_eth_dev_tx_queue_start, "rte_eth_dev_tx_queue_start", false, true);
queue_fn!(rte_eth_dev_tx_queue_stop, "rte_eth_dev_tx_queue_stop", false, false);

/// 1 when promiscuous mode is on, 0 when off, -ENODEV for a bad port.
#[no_mangle]
pub extern "C" fn rte_eth_promiscuous_get(port_id: u16) -> c_int {
    entry!("rte_eth_promiscuous_get", -libc::ENODEV, {
        tables_ready();
        match api::rx_mode_get(port_id, false) {
            Ok(b) => b as c_int,
            Err(_) => port_err("rte_eth_promiscuous_get", port_id),
        }
    })
}

/// 1 when all-multicast mode is on, 0 when off, -ENODEV for a bad port.
#[no_mangle]
pub extern "C" fn rte_eth_allmulticast_get(port_id: u16) -> c_int {
    entry!("rte_eth_allmulticast_get", -libc::ENODEV, {
        tables_ready();
        match api::rx_mode_get(port_id, true) {
            Ok(b) => b as c_int,
            Err(_) => port_err("rte_eth_allmulticast_get", port_id),
        }
    })
}

/// Fills `dev_info` (zeroed first).
///
/// # Safety
/// `dev_info` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_info_get(port_id: u16, dev_info: *mut rte_eth_dev_info) -> c_int {
    entry!("rte_eth_dev_info_get", -libc::EINVAL, {
        tables_ready();
        nonnull!("rte_eth_dev_info_get", dev_info, -libc::EINVAL);
        // SAFETY: writable per the contract (zeroed as 22.11 does first).
        unsafe { ptr::write_bytes(dev_info, 0, 1) };
        match api::info(port_id) {
            // SAFETY: as above.
            Ok(i) => unsafe {
                *dev_info = i;
                0
            },
            Err(e) => {
                let n = -e.errno();
                fail("rte_eth_dev_info_get", &e, n)
            }
        }
    })
}

/// Rounds descriptor counts to the port's limits.
///
/// # Safety
/// Each pointer NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_adjust_nb_rx_tx_desc(
    port_id: u16,
    nb_rx_desc: *mut u16,
    nb_tx_desc: *mut u16,
) -> c_int {
    entry!("rte_eth_dev_adjust_nb_rx_tx_desc", -libc::EINVAL, {
        tables_ready();
        // SAFETY: NULL or writable per the contract.
        let (rx, tx) = unsafe { (nb_rx_desc.as_mut(), nb_tx_desc.as_mut()) };
        ret("rte_eth_dev_adjust_nb_rx_tx_desc", api::adjust_desc(port_id, rx, tx))
    })
}

/// NUMA socket of the port; -1 with rte_errno EINVAL for a bad port.
#[no_mangle]
pub extern "C" fn rte_eth_dev_socket_id(port_id: u16) -> c_int {
    entry!("rte_eth_dev_socket_id", -1, {
        tables_ready();
        match api::socket_id(port_id) {
            Ok(s) => {
                if s < 0 {
                    set_errno(0);
                }
                s
            }
            Err(_) => fail("rte_eth_dev_socket_id", &Error::Invalid(format!("invalid port_id={port_id}")), -1),
        }
    })
}

unsafe fn link_common(func: &str, port_id: u16, link: *mut rte_eth_link, wait: bool) -> c_int {
    if link.is_null() {
        return fail(func, &Error::Invalid("link is NULL".into()), -libc::EINVAL);
    }
    match api::link(port_id, wait) {
        Ok(l) => {
            // SAFETY: writable per the callers' contract.
            unsafe { *link = l };
            0
        }
        Err(e) => {
            let n = -e.errno();
            fail(func, &e, n)
        }
    }
}

/// Link state, waiting for completion.
///
/// # Safety
/// `link` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_link_get(port_id: u16, link: *mut rte_eth_link) -> c_int {
    entry!("rte_eth_link_get", -libc::EINVAL, {
        tables_ready();
        // SAFETY: forwarded contract.
        unsafe { link_common("rte_eth_link_get", port_id, link, true) }
    })
}

/// Link state, without waiting.
///
/// # Safety
/// `link` must be NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_link_get_nowait(port_id: u16, link: *mut rte_eth_link) -> c_int {
    entry!("rte_eth_link_get_nowait", -libc::EINVAL, {
        tables_ready();
        // SAFETY: forwarded contract.
        unsafe { link_common("rte_eth_link_get_nowait", port_id, link, false) }
    })
}

/// A static string for a link speed in Mbps ("Invalid" if not a speed).
#[no_mangle]
pub extern "C" fn rte_eth_link_speed_to_str(link_speed: u32) -> *const c_char {
    api::speed_str(link_speed).as_ptr()
}

/// Writes "Link down" or "Link up at <speed> <FDX|HDX> <Autoneg|Fixed>";
/// returns its length (as snprintf) or -EINVAL.
///
/// # Safety
/// `str` writable for `len` bytes; `eth_link` readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_link_to_str(str: *mut c_char, len: usize, eth_link: *const rte_eth_link) -> c_int {
    entry!("rte_eth_link_to_str", -libc::EINVAL, {
        nonnull!("rte_eth_link_to_str", str, -libc::EINVAL);
        nonnull!("rte_eth_link_to_str", eth_link, -libc::EINVAL);
        if len == 0 {
            return fail("rte_eth_link_to_str", &Error::Invalid("len is 0".into()), -libc::EINVAL);
        }
        // SAFETY: per the contract.
        let t = api::link_text(unsafe { &*eth_link });
        let n = t.len().min(len - 1);
        // SAFETY: str has len >= n + 1 bytes.
        unsafe {
            ptr::copy_nonoverlapping(t.as_ptr(), str as *mut u8, n);
            *str.add(n) = 0;
        }
        t.len() as c_int
    })
}

/// The default MAC address.
///
/// # Safety
/// `mac_addr` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_macaddr_get(port_id: u16, mac_addr: *mut rte_ether_addr) -> c_int {
    entry!("rte_eth_macaddr_get", -libc::EINVAL, {
        tables_ready();
        match api::mac_get(port_id) {
            Ok(m) => {
                nonnull!("rte_eth_macaddr_get", mac_addr, -libc::EINVAL);
                // SAFETY: writable per the contract.
                unsafe { *mac_addr = m };
                0
            }
            Err(_) => port_err("rte_eth_macaddr_get", port_id),
        }
    })
}

/// Copies up to `num` of the port's MAC addresses; returns how many.
///
/// # Safety
/// `ma` NULL or writable for `num` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_macaddrs_get(port_id: u16, ma: *mut rte_ether_addr, num: c_uint) -> c_int {
    entry!("rte_eth_macaddrs_get", -libc::EINVAL, {
        tables_ready();
        nonnull!("rte_eth_macaddrs_get", ma, -libc::EINVAL);
        let i = match api::info(port_id) {
            Ok(i) => i,
            Err(e) => {
                let n = -e.errno();
                return fail("rte_eth_macaddrs_get", &e, n);
            }
        };
        let n = num.min(i.max_mac_addrs) as usize;
        match api::with_data(port_id, |d| d.mac_addrs) {
            Ok(m) if !m.is_null() => {
                // SAFETY: the port's table has max_mac_addrs entries; ma has num.
                unsafe { ptr::copy_nonoverlapping(m, ma, n) };
                n as c_int
            }
            Ok(_) => 0,
            Err(_) => port_err("rte_eth_macaddrs_get", port_id),
        }
    })
}

/// Sets the default MAC address (-EINVAL for multicast or zero).
///
/// # Safety
/// `mac_addr` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_default_mac_addr_set(port_id: u16, mac_addr: *mut rte_ether_addr) -> c_int {
    entry!("rte_eth_dev_default_mac_addr_set", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_default_mac_addr_set", port_id);
        }
        nonnull!("rte_eth_dev_default_mac_addr_set", mac_addr, -libc::EINVAL);
        // SAFETY: readable per the contract.
        ret("rte_eth_dev_default_mac_addr_set", api::mac_set_default(port_id, unsafe { *mac_addr }))
    })
}

/// Adds a MAC address to pool `pool` (-ENOSPC when the table is full).
///
/// # Safety
/// `mac_addr` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_mac_addr_add(port_id: u16, mac_addr: *mut rte_ether_addr, pool: u32) -> c_int {
    entry!("rte_eth_dev_mac_addr_add", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_mac_addr_add", port_id);
        }
        nonnull!("rte_eth_dev_mac_addr_add", mac_addr, -libc::EINVAL);
        // SAFETY: readable per the contract.
        ret("rte_eth_dev_mac_addr_add", api::mac_add(port_id, unsafe { *mac_addr }, pool))
    })
}

/// Removes a MAC address (-EADDRINUSE for the default one).
///
/// # Safety
/// `mac_addr` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_mac_addr_remove(port_id: u16, mac_addr: *mut rte_ether_addr) -> c_int {
    entry!("rte_eth_dev_mac_addr_remove", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_mac_addr_remove", port_id);
        }
        nonnull!("rte_eth_dev_mac_addr_remove", mac_addr, -libc::EINVAL);
        // SAFETY: readable per the contract.
        ret("rte_eth_dev_mac_addr_remove", api::mac_remove(port_id, unsafe { *mac_addr }))
    })
}

/// The port's MTU.
///
/// # Safety
/// `mtu` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_get_mtu(port_id: u16, mtu: *mut u16) -> c_int {
    entry!("rte_eth_dev_get_mtu", -libc::EINVAL, {
        tables_ready();
        match api::mtu_get(port_id) {
            Ok(m) => {
                nonnull!("rte_eth_dev_get_mtu", mtu, -libc::EINVAL);
                // SAFETY: writable per the contract.
                unsafe { *mtu = m };
                0
            }
            Err(_) => port_err("rte_eth_dev_get_mtu", port_id),
        }
    })
}

/// Sets the MTU (-EINVAL outside [min_mtu, max_mtu] or before configure).
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_mtu(port_id: u16, mtu: u16) -> c_int {
    entry!("rte_eth_dev_set_mtu", -libc::EINVAL, {
        tables_ready();
        ret("rte_eth_dev_set_mtu", api::mtu_set(port_id, mtu))
    })
}

/// Basic counters.
///
/// # Safety
/// `stats` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_stats_get(port_id: u16, stats: *mut rte_eth_stats) -> c_int {
    entry!("rte_eth_stats_get", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_stats_get", port_id);
        }
        nonnull!("rte_eth_stats_get", stats, -libc::EINVAL);
        match api::stats(port_id) {
            // SAFETY: writable per the contract.
            Ok(s) => unsafe {
                *stats = s;
                0
            },
            Err(e) => {
                let n = -e.errno();
                fail("rte_eth_stats_get", &e, n)
            }
        }
    })
}

fn xstats(func: &str, port_id: u16) -> Result<Vec<(Vec<u8>, u64)>, c_int> {
    api::xstats_all(port_id).map_err(|e| {
        let n = -e.errno();
        fail(func, &e, n)
    })
}

/// Extended stat names; with `xstats_names` NULL (or `size` too small)
/// returns how many there are.
///
/// # Safety
/// `xstats_names` NULL or writable for `size` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_xstats_get_names(
    port_id: u16,
    xstats_names: *mut rte_eth_xstat_name,
    size: c_uint,
) -> c_int {
    entry!("rte_eth_xstats_get_names", -libc::EINVAL, {
        tables_ready();
        let all = match xstats("rte_eth_xstats_get_names", port_id) {
            Ok(a) => a,
            Err(n) => return n,
        };
        if xstats_names.is_null() || (size as usize) < all.len() {
            return all.len() as c_int;
        }
        for (k, (n, _)) in all.iter().enumerate() {
            // SAFETY: k < size entries per the contract.
            unsafe { ::rte_ethdev::set_cname(&mut (*xstats_names.add(k)).name, n) };
        }
        all.len() as c_int
    })
}

/// Extended stat values (`id` = index); count when `xstats` NULL or `n`
/// too small.
///
/// # Safety
/// `xstats` NULL or writable for `n` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_xstats_get(port_id: u16, xstats_out: *mut rte_eth_xstat, n: c_uint) -> c_int {
    entry!("rte_eth_xstats_get", -libc::EINVAL, {
        tables_ready();
        let all = match xstats("rte_eth_xstats_get", port_id) {
            Ok(a) => a,
            Err(e) => return e,
        };
        if xstats_out.is_null() || (n as usize) < all.len() {
            return all.len() as c_int;
        }
        for (k, (_, v)) in all.iter().enumerate() {
            // SAFETY: k < n entries per the contract.
            unsafe { *xstats_out.add(k) = rte_eth_xstat { id: k as u64, value: *v } };
        }
        all.len() as c_int
    })
}

/// Names by id (all names when `ids` is NULL).
///
/// # Safety
/// `ids` NULL or `size` entries; `xstats_names` NULL or `size` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_xstats_get_names_by_id(
    port_id: u16,
    xstats_names: *mut rte_eth_xstat_name,
    size: c_uint,
    ids: *mut u64,
) -> c_int {
    entry!("rte_eth_xstats_get_names_by_id", -libc::EINVAL, {
        tables_ready();
        if ids.is_null() {
            // SAFETY: forwarded contract.
            return unsafe { rte_eth_xstats_get_names(port_id, xstats_names, size) };
        }
        let all = match xstats("rte_eth_xstats_get_names_by_id", port_id) {
            Ok(a) => a,
            Err(e) => return e,
        };
        nonnull!("rte_eth_xstats_get_names_by_id", xstats_names, -libc::EINVAL);
        for k in 0..size as usize {
            // SAFETY: k < size entries in both arrays per the contract.
            let id = unsafe { *ids.add(k) } as usize;
            let Some((n, _)) = all.get(id) else {
                return fail(
                    "rte_eth_xstats_get_names_by_id",
                    &Error::Invalid(format!("invalid xstat id {id}")),
                    -libc::EINVAL,
                );
            };
            // SAFETY: as above.
            unsafe { ::rte_ethdev::set_cname(&mut (*xstats_names.add(k)).name, n) };
        }
        size as c_int
    })
}

/// Values by id (all values when `ids` is NULL).
///
/// # Safety
/// `ids` NULL or `size` entries; `values` NULL or `size` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_xstats_get_by_id(
    port_id: u16,
    ids: *const u64,
    values: *mut u64,
    size: c_uint,
) -> c_int {
    entry!("rte_eth_xstats_get_by_id", -libc::EINVAL, {
        tables_ready();
        let all = match xstats("rte_eth_xstats_get_by_id", port_id) {
            Ok(a) => a,
            Err(e) => return e,
        };
        if ids.is_null() {
            if values.is_null() || (size as usize) < all.len() {
                return all.len() as c_int;
            }
            for (k, (_, v)) in all.iter().enumerate() {
                // SAFETY: k < size per the contract.
                unsafe { *values.add(k) = *v };
            }
            return all.len() as c_int;
        }
        nonnull!("rte_eth_xstats_get_by_id", values, -libc::EINVAL);
        for k in 0..size as usize {
            // SAFETY: k < size entries in both arrays per the contract.
            let id = unsafe { *ids.add(k) } as usize;
            let Some((_, v)) = all.get(id) else {
                return fail(
                    "rte_eth_xstats_get_by_id",
                    &Error::Invalid(format!("invalid xstat id {id}")),
                    -libc::EINVAL,
                );
            };
            // SAFETY: as above.
            unsafe { *values.add(k) = *v };
        }
        size as c_int
    })
}

/// The id of the xstat named `xstat_name` (-EINVAL if none).
///
/// # Safety
/// `xstat_name` a valid string; `id` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_xstats_get_id_by_name(port_id: u16, xstat_name: *const c_char, id: *mut u64) -> c_int {
    entry!("rte_eth_xstats_get_id_by_name", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_xstats_get_id_by_name", port_id);
        }
        nonnull!("rte_eth_xstats_get_id_by_name", xstat_name, -libc::EINVAL);
        nonnull!("rte_eth_xstats_get_id_by_name", id, -libc::EINVAL);
        let all = match xstats("rte_eth_xstats_get_id_by_name", port_id) {
            Ok(a) => a,
            Err(e) => return e,
        };
        // SAFETY: valid string per the contract.
        let want = unsafe { CStr::from_ptr(xstat_name) }.to_bytes();
        match all.iter().position(|(n, _)| n.as_slice() == want) {
            Some(k) => {
                // SAFETY: writable per the contract.
                unsafe { *id = k as u64 };
                0
            }
            None => fail(
                "rte_eth_xstats_get_id_by_name",
                &Error::Invalid(format!("no xstat named {}", String::from_utf8_lossy(want))),
                -libc::EINVAL,
            ),
        }
    })
}

/// Port id of the port named `name`.
///
/// # Safety
/// `name` a valid string; `port_id` writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_get_port_by_name(name: *const c_char, port_id: *mut u16) -> c_int {
    entry!("rte_eth_dev_get_port_by_name", -libc::EINVAL, {
        tables_ready();
        nonnull!("rte_eth_dev_get_port_by_name", name, -libc::EINVAL);
        nonnull!("rte_eth_dev_get_port_by_name", port_id, -libc::EINVAL);
        // SAFETY: valid string per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes();
        for p in 0..RTE_MAX_ETHPORTS as u16 {
            if api::with_data(p, |d| ::rte_ethdev::cname(&d.name) == n).unwrap_or(false) {
                // SAFETY: writable per the contract.
                unsafe { *port_id = p };
                return 0;
            }
        }
        fail(
            "rte_eth_dev_get_port_by_name",
            &Error::NotFound(format!("no port named {}", String::from_utf8_lossy(n))),
            -libc::ENODEV,
        )
    })
}

/// Name of port `port_id` (at least RTE_ETH_NAME_MAX_LEN bytes at `name`).
///
/// # Safety
/// `name` writable for RTE_ETH_NAME_MAX_LEN bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_get_name_by_port(port_id: u16, name: *mut c_char) -> c_int {
    entry!("rte_eth_dev_get_name_by_port", -libc::EINVAL, {
        tables_ready();
        let n = match api::with_data(port_id, |d| d.name) {
            Ok(n) => n,
            Err(_) => return port_err("rte_eth_dev_get_name_by_port", port_id),
        };
        nonnull!("rte_eth_dev_get_name_by_port", name, -libc::EINVAL);
        // SAFETY: writable per the contract.
        unsafe { ptr::copy_nonoverlapping(n.as_ptr(), name, RTE_ETH_NAME_MAX_LEN) };
        0
    })
}

/// Sets the packet types the application needs (22.11: 0 and
/// RTE_PTYPE_UNKNOWN when the driver cannot filter).
///
/// # Safety
/// `set_ptypes` NULL or writable for `num` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_set_ptypes(
    port_id: u16,
    ptype_mask: u32,
    set_ptypes: *mut u32,
    num: c_uint,
) -> c_int {
    entry!("rte_eth_dev_set_ptypes", -libc::EINVAL, {
        tables_ready();
        // SAFETY: per the contract.
        match unsafe { api::set_ptypes(port_id, ptype_mask, set_ptypes, num) } {
            Ok(n) => n,
            Err(e) => {
                let n = -e.errno();
                fail("rte_eth_dev_set_ptypes", &e, n)
            }
        }
    })
}

/// Supported packet types matching `ptype_mask`; returns the count.
///
/// # Safety
/// `ptypes` NULL or writable for `num` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_get_supported_ptypes(
    port_id: u16,
    ptype_mask: u32,
    ptypes: *mut u32,
    num: c_int,
) -> c_int {
    entry!("rte_eth_dev_get_supported_ptypes", -libc::EINVAL, {
        tables_ready();
        // SAFETY: per the contract.
        match unsafe { api::supported_ptypes(port_id, ptype_mask, ptypes, num) } {
            Ok(n) => n,
            Err(e) => {
                let n = -e.errno();
                fail("rte_eth_dev_get_supported_ptypes", &e, n)
            }
        }
    })
}

/// The device clock (-ENOTSUP when the driver has no clock).
///
/// # Safety
/// `clock` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_read_clock(port_id: u16, clock: *mut u64) -> c_int {
    entry!("rte_eth_read_clock", -libc::EINVAL, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_read_clock", port_id) };
        nonnull!("rte_eth_read_clock", clock, -libc::EINVAL);
        // SAFETY: d from dev().
        let f = unsafe { ::rte_ethdev::ops(d) }.others[OPS_OTHERS_READ_CLOCK];
        match f {
            // SAFETY: the 22.11 read_clock slot: int (*)(struct rte_eth_dev *, uint64_t *).
            Some(f) => unsafe {
                let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut u64) -> c_int = std::mem::transmute(f);
                f(d, clock)
            },
            None => fail("rte_eth_read_clock", &Error::NotSupported("read_clock"), -libc::ENOTSUP),
        }
    })
}

// ---- Rx/Tx burst callbacks -------------------------------------------------

/// Walks an Rx callback list (called by the inline `rte_eth_rx_burst`).
///
/// # Safety
/// `opaque` must be the queue's list head read by the inline code;
/// `rx_pkts` holds `nb_pkts` slots.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_call_rx_callbacks(
    port_id: u16,
    queue_id: u16,
    rx_pkts: *mut *mut rte_mbuf,
    mut nb_rx: u16,
    nb_pkts: u16,
    opaque: *mut c_void,
) -> u16 {
    let mut cb = opaque as *const rte_eth_rxtx_callback;
    while !cb.is_null() {
        // SAFETY: records are never freed; `func` is an rx callback.
        unsafe {
            let f: unsafe extern "C" fn(u16, u16, *mut *mut rte_mbuf, u16, u16, *mut c_void) -> u16 =
                std::mem::transmute((*cb).func);
            nb_rx = f(port_id, queue_id, rx_pkts, nb_rx, nb_pkts, (*cb).param);
            // ORDERING: Acquire pairs with the Release store of `next` in add.
            cb = (*(ptr::addr_of!((*cb).next) as *const std::sync::atomic::AtomicPtr<rte_eth_rxtx_callback>))
                .load(Ordering::Acquire);
        }
    }
    nb_rx
}

/// Walks a Tx callback list (called by the inline `rte_eth_tx_burst`).
///
/// # Safety
/// As `rte_eth_call_rx_callbacks`.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_call_tx_callbacks(
    port_id: u16,
    queue_id: u16,
    tx_pkts: *mut *mut rte_mbuf,
    mut nb_pkts: u16,
    opaque: *mut c_void,
) -> u16 {
    let mut cb = opaque as *const rte_eth_rxtx_callback;
    while !cb.is_null() {
        // SAFETY: records are never freed; `func` is a tx callback.
        unsafe {
            let f: unsafe extern "C" fn(u16, u16, *mut *mut rte_mbuf, u16, *mut c_void) -> u16 =
                std::mem::transmute((*cb).func);
            nb_pkts = f(port_id, queue_id, tx_pkts, nb_pkts, (*cb).param);
            // ORDERING: Acquire pairs with the Release store of `next` in add.
            cb = (*(ptr::addr_of!((*cb).next) as *const std::sync::atomic::AtomicPtr<rte_eth_rxtx_callback>))
                .load(Ordering::Acquire);
        }
    }
    nb_pkts
}

fn add_cb(func: &str, port: u16, q: u16, rx: bool, first: bool, f: *mut c_void, p: *mut c_void) -> *const c_void {
    tables_ready();
    match callbacks::add(port, q, rx, first, f, p) {
        Ok(cb) => cb as *const c_void,
        Err(e) => fail(func, &e, ptr::null()),
    }
}

/// Appends an Rx callback; NULL with rte_errno EINVAL for a bad port,
/// queue or function.
#[no_mangle]
pub extern "C" fn rte_eth_add_rx_callback(
    port_id: u16,
    queue_id: u16,
    f: rte_rx_callback_fn,
    user_param: *mut c_void,
) -> *const c_void {
    entry!("rte_eth_add_rx_callback", ptr::null(), {
        add_cb(
            "rte_eth_add_rx_callback",
            port_id,
            queue_id,
            true,
            false,
            f.map_or(ptr::null_mut(), ::rte_ethdev::fnptr),
            user_param,
        )
    })
}

/// Prepends an Rx callback.
#[no_mangle]
pub extern "C" fn rte_eth_add_first_rx_callback(
    port_id: u16,
    queue_id: u16,
    f: rte_rx_callback_fn,
    user_param: *mut c_void,
) -> *const c_void {
    entry!("rte_eth_add_first_rx_callback", ptr::null(), {
        add_cb(
            "rte_eth_add_first_rx_callback",
            port_id,
            queue_id,
            true,
            true,
            f.map_or(ptr::null_mut(), ::rte_ethdev::fnptr),
            user_param,
        )
    })
}

/// Appends a Tx callback.
#[no_mangle]
pub extern "C" fn rte_eth_add_tx_callback(
    port_id: u16,
    queue_id: u16,
    f: rte_tx_callback_fn,
    user_param: *mut c_void,
) -> *const c_void {
    entry!("rte_eth_add_tx_callback", ptr::null(), {
        add_cb(
            "rte_eth_add_tx_callback",
            port_id,
            queue_id,
            false,
            false,
            f.map_or(ptr::null_mut(), ::rte_ethdev::fnptr),
            user_param,
        )
    })
}

/// Unlinks an Rx callback (its memory stays: a burst may be using it).
#[no_mangle]
pub extern "C" fn rte_eth_remove_rx_callback(port_id: u16, queue_id: u16, user_cb: *const c_void) -> c_int {
    entry!("rte_eth_remove_rx_callback", -libc::EINVAL, {
        tables_ready();
        ret("rte_eth_remove_rx_callback", callbacks::remove(port_id, queue_id, true, user_cb as *mut _))
    })
}

/// Unlinks a Tx callback.
#[no_mangle]
pub extern "C" fn rte_eth_remove_tx_callback(port_id: u16, queue_id: u16, user_cb: *const c_void) -> c_int {
    entry!("rte_eth_remove_tx_callback", -libc::EINVAL, {
        tables_ready();
        ret("rte_eth_remove_tx_callback", callbacks::remove(port_id, queue_id, false, user_cb as *mut _))
    })
}

// ---- Event callbacks -------------------------------------------------------

/// `rte_eth_dev_cb_fn`.
pub type rte_eth_dev_cb_fn = Option<unsafe extern "C" fn(u16, c_uint, *mut c_void, *mut c_void) -> c_int>;

/// Registers an event callback for `port_id` or RTE_ETH_ALL.
#[no_mangle]
pub extern "C" fn rte_eth_dev_callback_register(
    port_id: u16,
    event: c_uint,
    cb_fn: rte_eth_dev_cb_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_eth_dev_callback_register", -libc::EINVAL, {
        tables_ready();
        let Some(f) = cb_fn else {
            return fail("rte_eth_dev_callback_register", &Error::Invalid("NULL callback".into()), -libc::EINVAL);
        };
        ret("rte_eth_dev_callback_register", callbacks::register(port_id, event, f, cb_arg))
    })
}

/// Unregisters event callbacks (`cb_arg == (void *)-1`: any argument);
/// -EAGAIN while the callback runs.
#[no_mangle]
pub extern "C" fn rte_eth_dev_callback_unregister(
    port_id: u16,
    event: c_uint,
    cb_fn: rte_eth_dev_cb_fn,
    cb_arg: *mut c_void,
) -> c_int {
    entry!("rte_eth_dev_callback_unregister", -libc::EINVAL, {
        tables_ready();
        let Some(f) = cb_fn else {
            return fail("rte_eth_dev_callback_unregister", &Error::Invalid("NULL callback".into()), -libc::EINVAL);
        };
        ret("rte_eth_dev_callback_unregister", callbacks::unregister(port_id, event, f, cb_arg))
    })
}

// ---- Owners ------------------------------------------------------------------

/// A new owner id.
///
/// # Safety
/// `owner_id` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_owner_new(owner_id: *mut u64) -> c_int {
    entry!("rte_eth_dev_owner_new", -libc::EINVAL, {
        nonnull!("rte_eth_dev_owner_new", owner_id, -libc::EINVAL);
        // SAFETY: writable per the contract.
        unsafe { *owner_id = callbacks::owner_new() };
        0
    })
}

/// Sets the port's owner (-EPERM if another owner has it).
///
/// # Safety
/// `owner` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_owner_set(port_id: u16, owner: *const rte_eth_dev_owner) -> c_int {
    entry!("rte_eth_dev_owner_set", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_owner_set", port_id);
        }
        nonnull!("rte_eth_dev_owner_set", owner, -libc::EINVAL);
        // SAFETY: readable per the contract.
        let o = unsafe { &*owner };
        let name = &o.name;
        if !name.contains(&0) {
            return fail("rte_eth_dev_owner_set", &Error::Invalid("owner name not terminated".into()), -libc::EINVAL);
        }
        ret("rte_eth_dev_owner_set", callbacks::owner_set(port_id, o.id, &::rte_ethdev::cname(name)))
    })
}

/// Clears the port's owner if it is `owner_id` (-EPERM otherwise).
#[no_mangle]
pub extern "C" fn rte_eth_dev_owner_unset(port_id: u16, owner_id: u64) -> c_int {
    entry!("rte_eth_dev_owner_unset", -libc::EINVAL, {
        tables_ready();
        ret("rte_eth_dev_owner_unset", callbacks::owner_unset(port_id, owner_id))
    })
}

/// Releases every port `owner_id` owns.
#[no_mangle]
pub extern "C" fn rte_eth_dev_owner_delete(owner_id: u64) -> c_int {
    entry!("rte_eth_dev_owner_delete", -libc::EINVAL, {
        tables_ready();
        ret("rte_eth_dev_owner_delete", callbacks::owner_delete(owner_id))
    })
}

/// The port's owner.
///
/// # Safety
/// `owner` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_owner_get(port_id: u16, owner: *mut rte_eth_dev_owner) -> c_int {
    entry!("rte_eth_dev_owner_get", -libc::EINVAL, {
        tables_ready();
        let o = match api::with_data(port_id, |d| d.owner) {
            Ok(o) => o,
            Err(_) => return port_err("rte_eth_dev_owner_get", port_id),
        };
        nonnull!("rte_eth_dev_owner_get", owner, -libc::EINVAL);
        // SAFETY: writable per the contract.
        unsafe { *owner = o };
        0
    })
}

// ---- Tx buffers ----------------------------------------------------------------

/// Frees unsent packets (the default Tx buffer error callback).
///
/// # Safety
/// `pkts` holds `unsent` mbufs the caller gives up.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_buffer_drop_callback(pkts: *mut *mut rte_mbuf, unsent: u16, userdata: *mut c_void) {
    let _ = userdata;
    // SAFETY: per the contract.
    unsafe { ::rte_ethdev::pmd::mbuf::free_bulk(pkts, unsent as u32) };
}

/// Frees unsent packets and adds their number to `*(uint64_t *)userdata`.
///
/// # Safety
/// As the drop callback; `userdata` points at a u64.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_buffer_count_callback(
    pkts: *mut *mut rte_mbuf,
    unsent: u16,
    userdata: *mut c_void,
) {
    // SAFETY: per the contract.
    unsafe {
        ::rte_ethdev::pmd::mbuf::free_bulk(pkts, unsent as u32);
        if !userdata.is_null() {
            *(userdata as *mut u64) += unsent as u64;
        }
    }
}

/// Sets a Tx buffer's error callback.
///
/// # Safety
/// `buffer` NULL or a Tx buffer.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_buffer_set_err_callback(
    buffer: *mut rte_eth_dev_tx_buffer,
    cbfn: buffer_tx_error_fn,
    userdata: *mut c_void,
) -> c_int {
    entry!("rte_eth_tx_buffer_set_err_callback", -libc::EINVAL, {
        nonnull!("rte_eth_tx_buffer_set_err_callback", buffer, -libc::EINVAL);
        // SAFETY: a Tx buffer per the contract.
        unsafe {
            (*buffer).error_callback = cbfn;
            (*buffer).error_userdata = userdata;
        }
        0
    })
}

/// Initialises a Tx buffer of `size` packets (drop callback by default).
///
/// # Safety
/// `buffer` NULL or RTE_ETH_TX_BUFFER_SIZE(size) writable bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_buffer_init(buffer: *mut rte_eth_dev_tx_buffer, size: u16) -> c_int {
    entry!("rte_eth_tx_buffer_init", -libc::EINVAL, {
        nonnull!("rte_eth_tx_buffer_init", buffer, -libc::EINVAL);
        // SAFETY: writable per the contract.
        unsafe {
            (*buffer).size = size;
            (*buffer).length = 0;
            if (*buffer).error_callback.is_none() {
                (*buffer).error_callback = Some(rte_eth_tx_buffer_drop_callback);
                (*buffer).error_userdata = ptr::null_mut();
            }
        }
        0
    })
}

/// Keeps `UnsafeCell` in scope for future per-port records.
#[allow(dead_code)]
struct Unused(UnsafeCell<()>);

// ---- Names, speeds, lookups --------------------------------------------------

fn bit_name(v: u64, table: &[(u32, &'static CStr)]) -> *const c_char {
    if v.count_ones() == 1 {
        if let Some((_, n)) = table.iter().find(|(b, _)| 1u64 << b == v) {
            return n.as_ptr();
        }
    }
    c"UNKNOWN".as_ptr()
}

const RX_OFFLOAD_NAMES: [(u32, &CStr); 18] = [
    (0, c"VLAN_STRIP"),
    (1, c"IPV4_CKSUM"),
    (2, c"UDP_CKSUM"),
    (3, c"TCP_CKSUM"),
    (4, c"TCP_LRO"),
    (5, c"QINQ_STRIP"),
    (6, c"OUTER_IPV4_CKSUM"),
    (7, c"MACSEC_STRIP"),
    (9, c"VLAN_FILTER"),
    (10, c"VLAN_EXTEND"),
    (13, c"SCATTER"),
    (14, c"TIMESTAMP"),
    (15, c"SECURITY"),
    (16, c"KEEP_CRC"),
    (17, c"SCTP_CKSUM"),
    (18, c"OUTER_UDP_CKSUM"),
    (19, c"RSS_HASH"),
    (20, c"BUFFER_SPLIT"),
];

const TX_OFFLOAD_NAMES: [(u32, &CStr); 22] = [
    (0, c"VLAN_INSERT"),
    (1, c"IPV4_CKSUM"),
    (2, c"UDP_CKSUM"),
    (3, c"TCP_CKSUM"),
    (4, c"SCTP_CKSUM"),
    (5, c"TCP_TSO"),
    (6, c"UDP_TSO"),
    (7, c"OUTER_IPV4_CKSUM"),
    (8, c"QINQ_INSERT"),
    (9, c"VXLAN_TNL_TSO"),
    (10, c"GRE_TNL_TSO"),
    (11, c"IPIP_TNL_TSO"),
    (12, c"GENEVE_TNL_TSO"),
    (13, c"MACSEC_INSERT"),
    (14, c"MT_LOCKFREE"),
    (15, c"MULTI_SEGS"),
    (16, c"MBUF_FAST_FREE"),
    (17, c"SECURITY"),
    (18, c"UDP_TNL_TSO"),
    (19, c"IP_TNL_TSO"),
    (20, c"OUTER_UDP_CKSUM"),
    (21, c"SEND_ON_TIMESTAMP"),
];

const CAPA_NAMES: [(u32, &CStr); 5] = [
    (0, c"RUNTIME_RX_QUEUE_SETUP"),
    (1, c"RUNTIME_TX_QUEUE_SETUP"),
    (2, c"RXQ_SHARE"),
    (3, c"FLOW_RULE_KEEP"),
    (4, c"FLOW_SHARED_OBJECT_KEEP"),
];

/// Name of one Rx offload bit ("UNKNOWN" otherwise).
#[no_mangle]
pub extern "C" fn rte_eth_dev_rx_offload_name(offload: u64) -> *const c_char {
    bit_name(offload, &RX_OFFLOAD_NAMES)
}

/// Name of one Tx offload bit ("UNKNOWN" otherwise).
#[no_mangle]
pub extern "C" fn rte_eth_dev_tx_offload_name(offload: u64) -> *const c_char {
    bit_name(offload, &TX_OFFLOAD_NAMES)
}

/// Name of one RTE_ETH_DEV_CAPA_* bit ("UNKNOWN" otherwise).
#[no_mangle]
pub extern "C" fn rte_eth_dev_capability_name(capability: u64) -> *const c_char {
    bit_name(capability, &CAPA_NAMES)
}

/// The RTE_ETH_LINK_SPEED_* bit of a speed in Mbps (half duplex differs
/// only at 10 and 100 Mbps); 0 for an unknown speed.
#[no_mangle]
pub extern "C" fn rte_eth_speed_bitflag(speed: u32, duplex: c_int) -> u32 {
    let fd = duplex != 0;
    match speed {
        10 => {
            if fd {
                1 << 2
            } else {
                1 << 1
            }
        }
        100 => {
            if fd {
                1 << 4
            } else {
                1 << 3
            }
        }
        1000 => 1 << 5,
        2500 => 1 << 6,
        5000 => 1 << 7,
        10_000 => 1 << 8,
        20_000 => 1 << 9,
        25_000 => 1 << 10,
        40_000 => 1 << 11,
        50_000 => 1 << 12,
        56_000 => 1 << 13,
        100_000 => 1 << 14,
        200_000 => 1 << 15,
        _ => 0,
    }
}

/// Next port at or after `port_id_start` whose device is `parent`.
#[no_mangle]
pub extern "C" fn rte_eth_find_next_of(port_id_start: u16, parent: *const c_void) -> u16 {
    entry!("rte_eth_find_next_of", RTE_MAX_ETHPORTS as u16, {
        tables_ready();
        (port_id_start..RTE_MAX_ETHPORTS as u16)
            .find(|&p| {
                // SAFETY: a live slot from dev().
                ::rte_ethdev::dev(p)
                    .map(|d| std::ptr::eq(unsafe { (*d).device } as *const c_void, parent))
                    .unwrap_or(false)
            })
            .unwrap_or(RTE_MAX_ETHPORTS as u16)
    })
}

/// Next port at or after `port_id_start` on the same device as `ref_port_id`.
#[no_mangle]
pub extern "C" fn rte_eth_find_next_sibling(port_id_start: u16, ref_port_id: u16) -> u16 {
    entry!("rte_eth_find_next_sibling", RTE_MAX_ETHPORTS as u16, {
        tables_ready();
        match ::rte_ethdev::dev(ref_port_id) {
            // SAFETY: a live slot from dev().
            Ok(d) => rte_eth_find_next_of(port_id_start, unsafe { (*d).device } as *const c_void),
            Err(_) => RTE_MAX_ETHPORTS as u16,
        }
    })
}

/// The port's security context (NULL when none or a bad port).
#[no_mangle]
pub extern "C" fn rte_eth_dev_get_sec_ctx(port_id: u16) -> *mut c_void {
    entry!("rte_eth_dev_get_sec_ctx", ptr::null_mut(), {
        tables_ready();
        // SAFETY: a live slot from dev().
        ::rte_ethdev::dev(port_id).map(|d| unsafe { (*d).security_ctx }).unwrap_or(ptr::null_mut())
    })
}

/// 1 if the device was removed (asking the driver), else 0.
#[no_mangle]
pub extern "C" fn rte_eth_dev_is_removed(port_id: u16) -> c_int {
    entry!("rte_eth_dev_is_removed", 0, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return 0 };
        // SAFETY: d from dev().
        unsafe {
            if (*d).state == RTE_ETH_DEV_REMOVED {
                return 1;
            }
            let Some(f) = ::rte_ethdev::ops(d).is_removed else { return 0 };
            let r = f(d);
            if r != 0 {
                (*d).state = RTE_ETH_DEV_REMOVED;
            }
            r
        }
    })
}

// ---- Operations that only call the driver (-ENOTSUP without one) ----------

/// The port's slot and driver operation `$sel`, or the 22.11 error.
macro_rules! port_op {
    ($func:expr, $port:expr, $sel:expr, $opname:expr) => {{
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev($port) else { return port_err($func, $port) };
        // SAFETY: d from dev().
        let o = unsafe { ::rte_ethdev::ops(d) };
        #[allow(clippy::redundant_closure_call)]
        match ($sel)(&o) {
            Some(f) => (d, f),
            None => return fail($func, &Error::NotSupported($opname), -libc::ENOTSUP),
        }
    }};
}

fn other(o: &eth_dev_ops, i: usize) -> Option<unsafe extern "C" fn()> {
    o.others[i]
}

macro_rules! dev_only_op {
    ($name:ident, $lit:literal, $idx:expr, $opname:literal) => {
        #[doc = concat!("`", $lit, "`: the driver's ", $opname, " (-ENOTSUP without one).")]
        #[no_mangle]
        pub extern "C" fn $name(port_id: u16) -> c_int {
            entry!($lit, -libc::EINVAL, {
                let (d, f) = port_op!($lit, port_id, |o: &eth_dev_ops| other(o, $idx), $opname);
                // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *).
                unsafe {
                    let f: unsafe extern "C" fn(*mut rte_eth_dev) -> c_int = std::mem::transmute(f);
                    f(d)
                }
            })
        }
    };
}

dev_only_op!(rte_eth_led_on, "rte_eth_led_on", 1, "dev_led_on");
dev_only_op!(rte_eth_led_off, "rte_eth_led_off", 2, "dev_led_off");
dev_only_op!(rte_eth_timesync_enable, "rte_eth_timesync_enable", 25, "timesync_enable");
dev_only_op!(rte_eth_timesync_disable, "rte_eth_timesync_disable", 26, "timesync_disable");

macro_rules! dev_ptr_op {
    ($name:ident, $lit:literal, $idx:expr, $opname:literal, $t:ty) => {
        #[doc = concat!("`", $lit, "`: the driver's ", $opname, " (-EINVAL for NULL, -ENOTSUP without one).")]
        ///
        /// # Safety
        /// The pointer must be NULL or valid for the operation.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, arg: *mut $t) -> c_int {
            entry!($lit, -libc::EINVAL, {
                let (d, f) = port_op!($lit, port_id, |o: &eth_dev_ops| other(o, $idx), $opname);
                nonnull!($lit, arg, -libc::EINVAL);
                // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *, T *).
                unsafe {
                    let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut $t) -> c_int = std::mem::transmute(f);
                    f(d, arg)
                }
            })
        }
    };
}

dev_ptr_op!(rte_eth_dev_flow_ctrl_get, "rte_eth_dev_flow_ctrl_get", 3, "flow_ctrl_get", c_void);
dev_ptr_op!(rte_eth_dev_flow_ctrl_set, "rte_eth_dev_flow_ctrl_set", 4, "flow_ctrl_set", c_void);
dev_ptr_op!(
    rte_eth_dev_priority_flow_ctrl_set,
    "rte_eth_dev_priority_flow_ctrl_set",
    5,
    "priority_flow_ctrl_set",
    c_void
);
dev_ptr_op!(rte_eth_dev_udp_tunnel_port_add, "rte_eth_dev_udp_tunnel_port_add", 10, "udp_tunnel_port_add", c_void);
dev_ptr_op!(
    rte_eth_dev_udp_tunnel_port_delete,
    "rte_eth_dev_udp_tunnel_port_delete",
    11,
    "udp_tunnel_port_del",
    c_void
);
dev_ptr_op!(rte_eth_dev_rss_hash_update, "rte_eth_dev_rss_hash_update", 13, "rss_hash_update", rte_eth_rss_conf);
dev_ptr_op!(rte_eth_dev_rss_hash_conf_get, "rte_eth_dev_rss_hash_conf_get", 14, "rss_hash_conf_get", rte_eth_rss_conf);
dev_ptr_op!(rte_eth_dev_get_reg_info, "rte_eth_dev_get_reg_info", 17, "get_reg", c_void);
dev_ptr_op!(rte_eth_dev_get_eeprom, "rte_eth_dev_get_eeprom", 19, "get_eeprom", c_void);
dev_ptr_op!(rte_eth_dev_set_eeprom, "rte_eth_dev_set_eeprom", 20, "set_eeprom", c_void);
dev_ptr_op!(rte_eth_dev_get_module_info, "rte_eth_dev_get_module_info", 21, "get_module_info", c_void);
dev_ptr_op!(rte_eth_dev_get_module_eeprom, "rte_eth_dev_get_module_eeprom", 22, "get_module_eeprom", c_void);
dev_ptr_op!(rte_eth_dev_get_dcb_info, "rte_eth_dev_get_dcb_info", 24, "get_dcb_info", c_void);
dev_ptr_op!(
    rte_eth_timesync_read_tx_timestamp,
    "rte_eth_timesync_read_tx_timestamp",
    28,
    "timesync_read_tx_timestamp",
    libc::timespec
);
dev_ptr_op!(rte_eth_timesync_read_time, "rte_eth_timesync_read_time", 30, "timesync_read_time", libc::timespec);
dev_ptr_op!(rte_eth_timesync_write_time, "rte_eth_timesync_write_time", 31, "timesync_write_time", libc::timespec);

/// The driver's EEPROM size (-ENOTSUP without the operation).
#[no_mangle]
pub extern "C" fn rte_eth_dev_get_eeprom_length(port_id: u16) -> c_int {
    entry!("rte_eth_dev_get_eeprom_length", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_dev_get_eeprom_length", port_id, |o: &eth_dev_ops| other(o, 18), "get_eeprom_length");
        // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *).
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev) -> c_int = std::mem::transmute(f);
            f(d)
        }
    })
}

/// Reads an Rx timestamp (`flags` driver specific).
///
/// # Safety
/// `timestamp` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_timesync_read_rx_timestamp(
    port_id: u16,
    timestamp: *mut libc::timespec,
    flags: u32,
) -> c_int {
    entry!("rte_eth_timesync_read_rx_timestamp", -libc::EINVAL, {
        let (d, f) = port_op!(
            "rte_eth_timesync_read_rx_timestamp",
            port_id,
            |o: &eth_dev_ops| other(o, 27),
            "timesync_read_rx_timestamp"
        );
        nonnull!("rte_eth_timesync_read_rx_timestamp", timestamp, -libc::EINVAL);
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut libc::timespec, u32) -> c_int = std::mem::transmute(f);
            f(d, timestamp, flags)
        }
    })
}

/// Shifts the device clock by `delta` ns.
#[no_mangle]
pub extern "C" fn rte_eth_timesync_adjust_time(port_id: u16, delta: i64) -> c_int {
    entry!("rte_eth_timesync_adjust_time", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_timesync_adjust_time", port_id, |o: &eth_dev_ops| other(o, 29), "timesync_adjust_time");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, i64) -> c_int = std::mem::transmute(f);
            f(d, delta)
        }
    })
}

/// RSS redirection table update (`reta_size` entries in groups of 64).
///
/// # Safety
/// `reta_conf` NULL or reta_size/64 groups.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_rss_reta_update(port_id: u16, reta_conf: *mut c_void, reta_size: u16) -> c_int {
    entry!("rte_eth_dev_rss_reta_update", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_rss_reta_update", port_id);
        }
        nonnull!("rte_eth_dev_rss_reta_update", reta_conf, -libc::EINVAL);
        if reta_size == 0 {
            return fail("rte_eth_dev_rss_reta_update", &Error::Invalid("reta_size 0".into()), -libc::EINVAL);
        }
        let (d, f) = port_op!("rte_eth_dev_rss_reta_update", port_id, |o: &eth_dev_ops| other(o, 15), "reta_update");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut c_void, u16) -> c_int = std::mem::transmute(f);
            f(d, reta_conf, reta_size)
        }
    })
}

/// RSS redirection table query.
///
/// # Safety
/// `reta_conf` NULL or reta_size/64 groups.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_rss_reta_query(port_id: u16, reta_conf: *mut c_void, reta_size: u16) -> c_int {
    entry!("rte_eth_dev_rss_reta_query", -libc::EINVAL, {
        tables_ready();
        if ::rte_ethdev::dev(port_id).is_err() {
            return port_err("rte_eth_dev_rss_reta_query", port_id);
        }
        nonnull!("rte_eth_dev_rss_reta_query", reta_conf, -libc::EINVAL);
        let (d, f) = port_op!("rte_eth_dev_rss_reta_query", port_id, |o: &eth_dev_ops| other(o, 16), "reta_query");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut c_void, u16) -> c_int = std::mem::transmute(f);
            f(d, reta_conf, reta_size)
        }
    })
}

/// Frees up to `free_cnt` sent mbufs of a Tx queue (0: all possible).
#[no_mangle]
pub extern "C" fn rte_eth_tx_done_cleanup(port_id: u16, queue_id: u16, free_cnt: u32) -> c_int {
    entry!("rte_eth_tx_done_cleanup", -libc::EINVAL, {
        let (d, f) = port_op!("rte_eth_tx_done_cleanup", port_id, |o: &eth_dev_ops| other(o, 0), "tx_done_cleanup");
        // SAFETY: d from dev(); queue checked against the configured count.
        unsafe {
            let dd = (*d).data;
            if queue_id >= (*dd).nb_tx_queues {
                return fail(
                    "rte_eth_tx_done_cleanup",
                    &Error::Invalid(format!("invalid queue_id={queue_id}")),
                    -libc::EINVAL,
                );
            }
            let f: unsafe extern "C" fn(*mut c_void, u32) -> c_int = std::mem::transmute(f);
            f(*(*dd).tx_queues.add(queue_id as usize), free_cnt)
        }
    })
}

/// Per-queue Tx rate limit in Mbps.
#[no_mangle]
pub extern "C" fn rte_eth_set_queue_rate_limit(port_id: u16, queue_idx: u16, tx_rate: u16) -> c_int {
    entry!("rte_eth_set_queue_rate_limit", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_set_queue_rate_limit", port_id, |o: &eth_dev_ops| other(o, 12), "set_queue_rate_limit");
        // SAFETY: d from dev().
        unsafe {
            if queue_idx >= (*(*d).data).nb_tx_queues {
                return fail(
                    "rte_eth_set_queue_rate_limit",
                    &Error::Invalid(format!("invalid queue_id={queue_idx}")),
                    -libc::EINVAL,
                );
            }
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, u16) -> c_int = std::mem::transmute(f);
            f(d, queue_idx, tx_rate)
        }
    })
}

/// Firmware version text (-ENOTSUP without the operation).
///
/// # Safety
/// `fw_version` NULL (with `fw_size` 0) or writable for `fw_size` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_fw_version_get(port_id: u16, fw_version: *mut c_char, fw_size: usize) -> c_int {
    entry!("rte_eth_dev_fw_version_get", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_dev_fw_version_get", port_id, |o: &eth_dev_ops| o.fw_version_get, "fw_version_get");
        if fw_version.is_null() && fw_size > 0 {
            return fail(
                "rte_eth_dev_fw_version_get",
                &Error::Invalid("NULL buffer with size > 0".into()),
                -libc::EINVAL,
            );
        }
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut c_char, usize) -> c_int = std::mem::transmute(f);
            f(d, fw_version, fw_size)
        }
    })
}

/// The multicast address list (-ENOTSUP without the operation).
///
/// # Safety
/// `mc_addr_set` readable for `nb_mc_addr` entries.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_set_mc_addr_list(
    port_id: u16,
    mc_addr_set: *mut rte_ether_addr,
    nb_mc_addr: u32,
) -> c_int {
    entry!("rte_eth_dev_set_mc_addr_list", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_dev_set_mc_addr_list", port_id, |o: &eth_dev_ops| o.set_mc_addr_list, "set_mc_addr_list");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_ether_addr, u32) -> c_int = std::mem::transmute(f);
            f(d, mc_addr_set, nb_mc_addr)
        }
    })
}

fn queue_info_common(func: &str, port_id: u16, q: u16, rx: bool) -> Result<*mut rte_eth_dev, c_int> {
    tables_ready();
    let Ok(d) = ::rte_ethdev::dev(port_id) else { return Err(port_err(func, port_id)) };
    // SAFETY: d from dev().
    unsafe {
        let dd = (*d).data;
        let (n, a) = if rx { ((*dd).nb_rx_queues, (*dd).rx_queues) } else { ((*dd).nb_tx_queues, (*dd).tx_queues) };
        if q >= n || a.is_null() || (*a.add(q as usize)).is_null() {
            return Err(fail(func, &Error::Invalid(format!("port {port_id}: queue {q} is not set up")), -libc::EINVAL));
        }
    }
    Ok(d)
}

/// `rte_eth_rx_queue_info_get` / `rte_eth_tx_queue_info_get`: the port
/// and queue checked, the driver's info op called on a zeroed struct, the
/// queue state filled in from the port data.
macro_rules! queue_info_get {
    ($name:ident, $lit:literal, $info:ty, $op:ident, $rx:expr, $state:ident, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// `qinfo` NULL or writable.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, queue_id: u16, qinfo: *mut $info) -> c_int {
            entry!($lit, -libc::EINVAL, {
                let d = match queue_info_common($lit, port_id, queue_id, $rx) {
                    Ok(d) => d,
                    Err(e) => return e,
                };
                nonnull!($lit, qinfo, -libc::EINVAL);
                // SAFETY: d from dev(); qinfo writable per the contract.
                unsafe {
                    let Some(f) = ::rte_ethdev::ops(d).$op else {
                        return fail($lit, &Error::NotSupported(stringify!($op)), -libc::ENOTSUP);
                    };
                    ptr::write_bytes(qinfo, 0, 1);
                    f(d, queue_id, qinfo);
                    (*qinfo).queue_state = (*(*d).data).$state[queue_id as usize];
                }
                0
            })
        }
    };
}

queue_info_get!(
    rte_eth_rx_queue_info_get,
    "rte_eth_rx_queue_info_get",
    rte_eth_rxq_info,
    rxq_info_get,
    true,
    rx_queue_state,
    "Rx queue information."
);
queue_info_get!(
    rte_eth_tx_queue_info_get,
    "rte_eth_tx_queue_info_get",
    rte_eth_txq_info,
    txq_info_get,
    false,
    tx_queue_state,
    "Tx queue information."
);

/// `rte_eth_rx_burst_mode_get` / `rte_eth_tx_burst_mode_get`: the port and
/// queue checked, the driver's op called on a zeroed description.
macro_rules! burst_mode_get {
    ($name:ident, $lit:literal, $op:ident, $rx:expr, $doc:literal) => {
        #[doc = $doc]
        ///
        /// # Safety
        /// `mode` NULL or writable.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, queue_id: u16, mode: *mut rte_eth_burst_mode) -> c_int {
            entry!($lit, -libc::EINVAL, {
                let d = match queue_info_common($lit, port_id, queue_id, $rx) {
                    Ok(d) => d,
                    Err(e) => return e,
                };
                nonnull!($lit, mode, -libc::EINVAL);
                // SAFETY: d from dev(); mode writable per the contract.
                unsafe {
                    let Some(f) = ::rte_ethdev::ops(d).$op else {
                        return fail($lit, &Error::NotSupported(stringify!($op)), -libc::ENOTSUP);
                    };
                    ptr::write_bytes(mode, 0, 1);
                    f(d, queue_id, mode)
                }
            })
        }
    };
}

burst_mode_get!(
    rte_eth_rx_burst_mode_get,
    "rte_eth_rx_burst_mode_get",
    rx_burst_mode_get,
    true,
    "Rx burst mode description."
);
burst_mode_get!(
    rte_eth_tx_burst_mode_get,
    "rte_eth_tx_burst_mode_get",
    tx_burst_mode_get,
    false,
    "Tx burst mode description."
);

/// VLAN filter entry on/off (-ENOSYS when the port's VLAN filter offload
/// is off, as 22.11).
#[no_mangle]
pub extern "C" fn rte_eth_dev_vlan_filter(port_id: u16, vlan_id: u16, on: c_int) -> c_int {
    entry!("rte_eth_dev_vlan_filter", -libc::EINVAL, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_dev_vlan_filter", port_id) };
        // SAFETY: d from dev().
        let dd = unsafe { (*d).data };
        // SAFETY: as above.
        if unsafe { (*dd).dev_conf.rxmode.offloads } & (1 << 9) == 0 {
            return fail(
                "rte_eth_dev_vlan_filter",
                &Error::Invalid(format!("port {port_id}: VLAN filtering disabled")),
                -libc::ENOSYS,
            );
        }
        if vlan_id > 4095 {
            return fail(
                "rte_eth_dev_vlan_filter",
                &Error::Invalid(format!("vlan_id {vlan_id} > 4095")),
                -libc::EINVAL,
            );
        }
        let (d, f) =
            port_op!("rte_eth_dev_vlan_filter", port_id, |o: &eth_dev_ops| o.vlan_filter_set, "vlan_filter_set");
        // SAFETY: the 22.11 slot type; the bitmap of a live port.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, c_int) -> c_int = std::mem::transmute(f);
            let r = f(d, vlan_id, on);
            if r == 0 {
                let w = &mut (*dd).vlan_filter_conf.ids[(vlan_id / 64) as usize];
                if on != 0 {
                    *w |= 1 << (vlan_id % 64);
                } else {
                    *w &= !(1 << (vlan_id % 64));
                }
            }
            r
        }
    })
}

/// The VLAN offloads on (RTE_ETH_VLAN_*_OFFLOAD bits).
#[no_mangle]
pub extern "C" fn rte_eth_dev_get_vlan_offload(port_id: u16) -> c_int {
    entry!("rte_eth_dev_get_vlan_offload", -libc::ENODEV, {
        tables_ready();
        match api::with_data(port_id, |d| d.dev_conf.rxmode.offloads) {
            Ok(o) => {
                let mut r = 0;
                if o & 1 != 0 {
                    r |= 1; // strip
                }
                if o & (1 << 9) != 0 {
                    r |= 2; // filter
                }
                if o & (1 << 10) != 0 {
                    r |= 4; // extend
                }
                if o & (1 << 5) != 0 {
                    r |= 8; // QinQ strip
                }
                r
            }
            Err(_) => port_err("rte_eth_dev_get_vlan_offload", port_id),
        }
    })
}

/// VLAN stripping on one Rx queue.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_vlan_strip_on_queue(port_id: u16, rx_queue_id: u16, on: c_int) -> c_int {
    entry!("rte_eth_dev_set_vlan_strip_on_queue", -libc::EINVAL, {
        let (d, f) = port_op!(
            "rte_eth_dev_set_vlan_strip_on_queue",
            port_id,
            |o: &eth_dev_ops| o.vlan_strip_queue_set,
            "vlan_strip_queue_set"
        );
        // SAFETY: d from dev(); the 22.11 slot type.
        unsafe {
            if rx_queue_id >= (*(*d).data).nb_rx_queues {
                return fail(
                    "rte_eth_dev_set_vlan_strip_on_queue",
                    &Error::Invalid(format!("invalid rx_queue_id={rx_queue_id}")),
                    -libc::EINVAL,
                );
            }
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, c_int) = std::mem::transmute(f);
            f(d, rx_queue_id, on);
        }
        0
    })
}

/// Outer/inner VLAN TPID.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_vlan_ether_type(port_id: u16, vlan_type: c_uint, tag_type: u16) -> c_int {
    entry!("rte_eth_dev_set_vlan_ether_type", -libc::EINVAL, {
        let (d, f) =
            port_op!("rte_eth_dev_set_vlan_ether_type", port_id, |o: &eth_dev_ops| o.vlan_tpid_set, "vlan_tpid_set");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, c_uint, u16) -> c_int = std::mem::transmute(f);
            f(d, vlan_type, tag_type)
        }
    })
}

/// Port VLAN id for Tx insertion.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_vlan_pvid(port_id: u16, pvid: u16, on: c_int) -> c_int {
    entry!("rte_eth_dev_set_vlan_pvid", -libc::EINVAL, {
        let (d, f) = port_op!("rte_eth_dev_set_vlan_pvid", port_id, |o: &eth_dev_ops| o.vlan_pvid_set, "vlan_pvid_set");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, c_int) -> c_int = std::mem::transmute(f);
            f(d, pvid, on)
        }
    })
}

/// Queue statistics mapping (-ENOTSUP without the operation).
fn stats_mapping(func: &str, port_id: u16, q: u16, idx: u8, rx: bool) -> c_int {
    tables_ready();
    let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err(func, port_id) };
    // SAFETY: d from dev().
    let (n, o) =
        unsafe { (if rx { (*(*d).data).nb_rx_queues } else { (*(*d).data).nb_tx_queues }, ::rte_ethdev::ops(d)) };
    if q >= n {
        return fail(func, &Error::Invalid(format!("invalid queue_id={q}")), -libc::EINVAL);
    }
    if idx as usize >= RTE_ETHDEV_QUEUE_STAT_CNTRS {
        return fail(func, &Error::Invalid(format!("stat_idx {idx} >= {RTE_ETHDEV_QUEUE_STAT_CNTRS}")), -libc::EINVAL);
    }
    let Some(f) = o.queue_stats_mapping_set else {
        return fail(func, &Error::NotSupported("queue_stats_mapping_set"), -libc::ENOTSUP);
    };
    // SAFETY: the 22.11 slot type.
    unsafe {
        let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, u8, u8) -> c_int = std::mem::transmute(f);
        f(d, q, idx, rx as u8)
    }
}

/// Maps an Rx queue to a per-queue counter.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_rx_queue_stats_mapping(port_id: u16, rx_queue_id: u16, stat_idx: u8) -> c_int {
    entry!("rte_eth_dev_set_rx_queue_stats_mapping", -libc::EINVAL, {
        stats_mapping("rte_eth_dev_set_rx_queue_stats_mapping", port_id, rx_queue_id, stat_idx, true)
    })
}

/// Maps a Tx queue to a per-queue counter.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_tx_queue_stats_mapping(port_id: u16, tx_queue_id: u16, stat_idx: u8) -> c_int {
    entry!("rte_eth_dev_set_tx_queue_stats_mapping", -libc::EINVAL, {
        stats_mapping("rte_eth_dev_set_tx_queue_stats_mapping", port_id, tx_queue_id, stat_idx, false)
    })
}

// ---- Switch domains --------------------------------------------------------------

static SWITCH_DOMAINS: std::sync::Mutex<[bool; RTE_MAX_ETHPORTS]> = std::sync::Mutex::new([false; RTE_MAX_ETHPORTS]);

/// A switch domain id (-ENOSPC when all RTE_MAX_ETHPORTS are taken).
///
/// # Safety
/// `domain_id` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_switch_domain_alloc(domain_id: *mut u16) -> c_int {
    entry!("rte_eth_switch_domain_alloc", -libc::EINVAL, {
        nonnull!("rte_eth_switch_domain_alloc", domain_id, -libc::EINVAL);
        let mut t = SWITCH_DOMAINS.lock().unwrap_or_else(|e| e.into_inner());
        match t.iter().position(|u| !u) {
            Some(i) => {
                t[i] = true;
                // SAFETY: writable per the contract.
                unsafe { *domain_id = i as u16 };
                0
            }
            None => {
                // SAFETY: as above.
                unsafe { *domain_id = u16::MAX };
                fail("rte_eth_switch_domain_alloc", &Error::NoSpace("no free switch domain".into()), -libc::ENOSPC)
            }
        }
    })
}

/// Frees a switch domain id (-EINVAL if not allocated).
#[no_mangle]
pub extern "C" fn rte_eth_switch_domain_free(domain_id: u16) -> c_int {
    entry!("rte_eth_switch_domain_free", -libc::EINVAL, {
        let mut t = SWITCH_DOMAINS.lock().unwrap_or_else(|e| e.into_inner());
        match t.get_mut(domain_id as usize) {
            Some(u) if *u => {
                *u = false;
                0
            }
            _ => fail(
                "rte_eth_switch_domain_free",
                &Error::Invalid(format!("switch domain {domain_id} not allocated")),
                -libc::EINVAL,
            ),
        }
    })
}

// ---- Rx interrupts ---------------------------------------------------------------

use crate::eal::rte_interrupts as intr;
use intr::rte_intr_handle;
use rte_abi::intr::{RTE_INTR_HANDLE_VDEV, RTE_INTR_INSTANCE_F_PRIVATE, RTE_INTR_VEC_RXTX_OFFSET};

/// Interrupt handle for a soft PMD: VDEV type, vector RXTX_OFFSET + i on
/// event fd `efds[i]`.
pub(crate) unsafe extern "C" fn pmd_intr_make(efds: *const c_int, n: u32) -> *mut c_void {
    let h = intr::rte_intr_instance_alloc(RTE_INTR_INSTANCE_F_PRIVATE);
    if h.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a fresh handle; efds holds n fds (the PMD's contract).
    unsafe {
        let ok = intr::rte_intr_type_set(h, RTE_INTR_HANDLE_VDEV) == 0
            && intr::rte_intr_efd_counter_size_set(h, 8) == 0
            && (0..n).all(|i| intr::rte_intr_efds_index_set(h, i as c_int, *efds.add(i as usize)) == 0)
            && intr::rte_intr_nb_efd_set(h, n as c_int) == 0
            && intr::rte_intr_max_intr_set(h, n as c_int + 1) == 0
            && intr::rte_intr_vec_list_alloc(h, c"intr_vec".as_ptr(), n as c_int) == 0
            && (0..n).all(|i| {
                intr::rte_intr_vec_list_index_set(h, i as c_int, (RTE_INTR_VEC_RXTX_OFFSET + i) as c_int) == 0
            });
        if !ok {
            intr::rte_intr_instance_free(h);
            return ptr::null_mut();
        }
    }
    h.cast()
}

pub(crate) unsafe extern "C" fn pmd_intr_free(h: *mut c_void) {
    // SAFETY: a handle from pmd_intr_make.
    unsafe {
        intr::rte_intr_vec_list_free(h.cast());
        intr::rte_intr_instance_free(h.cast());
    }
}

fn rxq_checked(func: &str, port_id: u16, queue_id: u16) -> Result<*mut rte_eth_dev, c_int> {
    tables_ready();
    let Ok(d) = ::rte_ethdev::dev(port_id) else { return Err(port_err(func, port_id)) };
    // SAFETY: d from dev().
    unsafe {
        let dd = (*d).data;
        if queue_id >= (*dd).nb_rx_queues || (*(*dd).rx_queues.add(queue_id as usize)).is_null() {
            return Err(fail(
                func,
                &Error::Invalid(format!("port {port_id}: Rx queue {queue_id} is not set up")),
                -libc::EINVAL,
            ));
        }
    }
    Ok(d)
}

fn rx_intr_onoff(func: &str, port_id: u16, queue_id: u16, on: bool) -> c_int {
    let d = match rxq_checked(func, port_id, queue_id) {
        Ok(d) => d,
        Err(e) => return e,
    };
    // SAFETY: d from dev().
    let o = unsafe { ::rte_ethdev::ops(d) };
    let f = if on { o.rx_queue_intr_enable } else { o.rx_queue_intr_disable };
    let Some(f) = f else { return fail(func, &Error::NotSupported("rx_queue_intr_enable/disable"), -libc::ENOTSUP) };
    // SAFETY: the driver's operation.
    let r = unsafe { f(d, queue_id) };
    if r < 0 {
        return fail(func, &Error::Driver("rx interrupt", r), r);
    }
    r
}

/// Turns the Rx interrupt of a queue on.
#[no_mangle]
pub extern "C" fn rte_eth_dev_rx_intr_enable(port_id: u16, queue_id: u16) -> c_int {
    entry!("rte_eth_dev_rx_intr_enable", -libc::EINVAL, {
        rx_intr_onoff("rte_eth_dev_rx_intr_enable", port_id, queue_id, true)
    })
}

/// Turns the Rx interrupt of a queue off.
#[no_mangle]
pub extern "C" fn rte_eth_dev_rx_intr_disable(port_id: u16, queue_id: u16) -> c_int {
    entry!("rte_eth_dev_rx_intr_disable", -libc::EINVAL, {
        rx_intr_onoff("rte_eth_dev_rx_intr_disable", port_id, queue_id, false)
    })
}

fn intr_handle_of(func: &str, d: *mut rte_eth_dev) -> Result<*mut rte_intr_handle, c_int> {
    // SAFETY: d from dev().
    let h = unsafe { (*d).intr_handle } as *mut rte_intr_handle;
    if h.is_null() {
        return Err(fail(func, &Error::NotSupported("Rx interrupt handle"), -libc::ENOTSUP));
    }
    Ok(h)
}

/// Adds (RTE_INTR_EVENT_ADD) or removes the event fd of an Rx queue on
/// epoll instance `epfd`, with `data` for rte_epoll_wait.
///
/// # Safety
/// `data` is only stored (returned by rte_epoll_wait); any value.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_rx_intr_ctl_q(
    port_id: u16,
    queue_id: u16,
    epfd: c_int,
    op: c_int,
    data: *mut c_void,
) -> c_int {
    entry!("rte_eth_dev_rx_intr_ctl_q", -libc::EINVAL, {
        let d = match rxq_checked("rte_eth_dev_rx_intr_ctl_q", port_id, queue_id) {
            Ok(d) => d,
            Err(e) => return e,
        };
        let h = match intr_handle_of("rte_eth_dev_rx_intr_ctl_q", d) {
            Ok(h) => h,
            Err(e) => return e,
        };
        // SAFETY: the port's live handle.
        unsafe {
            let vec = intr::rte_intr_vec_list_index_get(h, queue_id as c_int);
            if vec < 0 {
                return fail(
                    "rte_eth_dev_rx_intr_ctl_q",
                    &Error::Invalid(format!("no vector for queue {queue_id}")),
                    -libc::EPERM,
                );
            }
            intr::rte_intr_rx_ctl(h, epfd, op, vec as u32, data)
        }
    })
}

/// `rte_eth_dev_rx_intr_ctl_q` for every Rx queue of the port.
///
/// # Safety
/// As `rte_eth_dev_rx_intr_ctl_q`.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_rx_intr_ctl(port_id: u16, epfd: c_int, op: c_int, data: *mut c_void) -> c_int {
    entry!("rte_eth_dev_rx_intr_ctl", -libc::EINVAL, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_dev_rx_intr_ctl", port_id) };
        let h = match intr_handle_of("rte_eth_dev_rx_intr_ctl", d) {
            Ok(h) => h,
            Err(e) => return e,
        };
        // SAFETY: d from dev(); the port's live handle.
        unsafe {
            for q in 0..(*(*d).data).nb_rx_queues {
                let vec = intr::rte_intr_vec_list_index_get(h, q as c_int);
                if vec < 0 {
                    continue;
                }
                let r = intr::rte_intr_rx_ctl(h, epfd, op, vec as u32, data);
                if r != 0 && r != -libc::EEXIST {
                    rte_eal::rte_log!(ERR, EAL, "ETHDEV: port {port_id} Rx queue {q}: rx_ctl failed ({r})\n");
                }
            }
        }
        0
    })
}

/// The event fd of an Rx queue's interrupt, or -1.
#[no_mangle]
pub extern "C" fn rte_eth_dev_rx_intr_ctl_q_get_fd(port_id: u16, queue_id: u16) -> c_int {
    entry!("rte_eth_dev_rx_intr_ctl_q_get_fd", -1, {
        let d = match rxq_checked("rte_eth_dev_rx_intr_ctl_q_get_fd", port_id, queue_id) {
            Ok(d) => d,
            Err(_) => return -1,
        };
        let Ok(h) = intr_handle_of("rte_eth_dev_rx_intr_ctl_q_get_fd", d) else { return -1 };
        // SAFETY: the port's live handle.
        unsafe {
            let vec = intr::rte_intr_vec_list_index_get(h, queue_id as c_int);
            if vec < 0 {
                return -1;
            }
            let vec = vec as u32;
            let idx = if vec >= RTE_INTR_VEC_RXTX_OFFSET { vec - RTE_INTR_VEC_RXTX_OFFSET } else { vec };
            intr::rte_intr_efds_index_get(h, idx as c_int)
        }
    })
}

// ---- More driver-only operations (-ENOTSUP without the op, as 22.11) -------

/// Defines `$name(port_id, args...)` calling slot `$idx` of the driver's
/// operations as `(dev, args...) -> int`; pointer arguments listed in
/// `nonnull` must not be NULL (-EINVAL).
macro_rules! op_call {
    ($name:ident, $lit:literal, $idx:expr, $opname:literal, ($($a:ident : $t:ty),*), nonnull($($p:ident),*)) => {
        #[doc = concat!("`", $lit, "`: the driver's ", $opname, " (-ENODEV for a bad port, -ENOTSUP without the operation).")]
        ///
        /// # Safety
        /// Pointer arguments NULL or valid for the operation.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($a: $t),*) -> c_int {
            entry!($lit, -libc::EINVAL, {
                // 22.11 order: the port, the arguments, then the operation.
                tables_ready();
                if ::rte_ethdev::dev(port_id).is_err() {
                    return port_err($lit, port_id);
                }
                $(nonnull!($lit, $p, -libc::EINVAL);)*
                let (d, f) = port_op!($lit, port_id, |o: &eth_dev_ops| other(o, $idx), $opname);
                // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *, ...).
                unsafe {
                    let f: unsafe extern "C" fn(*mut rte_eth_dev, $($t),*) -> c_int = std::mem::transmute(f);
                    f(d, $($a),*)
                }
            })
        }
    };
}

op_call!(rte_eth_dev_uc_all_hash_table_set, "rte_eth_dev_uc_all_hash_table_set", 9, "uc_all_hash_table_set",
    (on: u8), nonnull());
op_call!(rte_eth_dev_priority_flow_ctrl_queue_info_get, "rte_eth_dev_priority_flow_ctrl_queue_info_get", 6,
    "priority_flow_ctrl_queue_info_get", (pfc_queue_info: *mut c_void), nonnull(pfc_queue_info));
op_call!(rte_eth_dev_priority_flow_ctrl_queue_configure, "rte_eth_dev_priority_flow_ctrl_queue_configure", 7,
    "priority_flow_ctrl_queue_config", (pfc_queue_conf: *mut c_void), nonnull(pfc_queue_conf));
op_call!(rte_eth_fec_get_capability, "rte_eth_fec_get_capability", 41, "fec_get_capability",
    (speed_fec_capa: *mut c_void, num: c_uint), nonnull());
op_call!(rte_eth_fec_get, "rte_eth_fec_get", 42, "fec_get", (fec_capa: *mut u32), nonnull(fec_capa));
op_call!(rte_eth_representor_info_get, "rte_eth_representor_info_get", 51, "representor_info_get",
    (info: *mut c_void), nonnull());
op_call!(rte_eth_ip_reassembly_capability_get, "rte_eth_ip_reassembly_capability_get", 53,
    "ip_reassembly_capability_get", (capa: *mut c_void), nonnull(capa));
op_call!(rte_eth_ip_reassembly_conf_get, "rte_eth_ip_reassembly_conf_get", 54, "ip_reassembly_conf_get",
    (conf: *mut c_void), nonnull(conf));
op_call!(rte_eth_ip_reassembly_conf_set, "rte_eth_ip_reassembly_conf_set", 55, "ip_reassembly_conf_set",
    (conf: *const c_void), nonnull(conf));
op_call!(rte_eth_buffer_split_get_supported_hdr_ptypes, "rte_eth_buffer_split_get_supported_hdr_ptypes", 56,
    "buffer_split_supported_hdr_ptypes_get", (ptypes: *mut u32, num: c_int), nonnull());
op_call!(rte_eth_dev_priv_dump, "rte_eth_dev_priv_dump", 57, "eth_dev_priv_dump", (file: *mut libc::FILE), nonnull(file));
op_call!(rte_eth_cman_info_get, "rte_eth_cman_info_get", 62, "cman_info_get", (info: *mut c_void), nonnull(info));
op_call!(rte_eth_cman_config_init, "rte_eth_cman_config_init", 63, "cman_config_init", (config: *mut c_void), nonnull(config));
op_call!(rte_eth_cman_config_set, "rte_eth_cman_config_set", 64, "cman_config_set", (config: *const c_void), nonnull(config));
op_call!(rte_eth_cman_config_get, "rte_eth_cman_config_get", 65, "cman_config_get", (config: *mut c_void), nonnull(config));
op_call!(rte_eth_dev_hairpin_capability_get, "rte_eth_dev_hairpin_capability_get", 38, "hairpin_cap_get",
    (cap: *mut c_void), nonnull(cap));
op_call!(rte_eth_rx_hairpin_queue_setup, "rte_eth_rx_hairpin_queue_setup", 39, "rx_hairpin_queue_setup",
    (rx_queue_id: u16, nb_rx_desc: u16, conf: *const c_void), nonnull(conf));
op_call!(rte_eth_tx_hairpin_queue_setup, "rte_eth_tx_hairpin_queue_setup", 40, "tx_hairpin_queue_setup",
    (tx_queue_id: u16, nb_tx_desc: u16, conf: *const c_void), nonnull(conf));

fn hairpin_bind_common(func: &str, tx_port: u16, rx_port: u16, bind: bool) -> c_int {
    tables_ready();
    let Ok(d) = ::rte_ethdev::dev(tx_port) else { return port_err(func, tx_port) };
    if rx_port as usize != RTE_MAX_ETHPORTS && ::rte_ethdev::dev(rx_port).is_err() {
        return port_err(func, rx_port);
    }
    // SAFETY: d from dev().
    if unsafe { (*(*d).data).flags } & DATA_DEV_STARTED == 0 {
        return fail(func, &Error::Busy(format!("Tx port {tx_port} is not started")), -libc::EBUSY);
    }
    // SAFETY: d from dev().
    let Some(f) = unsafe { ::rte_ethdev::ops(d) }.others[if bind { 45 } else { 46 }] else {
        return fail(func, &Error::NotSupported("hairpin_bind/unbind"), -libc::ENOTSUP);
    };
    // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *, uint16_t).
    unsafe {
        let f: unsafe extern "C" fn(*mut rte_eth_dev, u16) -> c_int = std::mem::transmute(f);
        f(d, rx_port)
    }
}

/// Binds the hairpin Tx queues of `tx_port` to `rx_port` (RTE_MAX_ETHPORTS:
/// all peers); -EBUSY while `tx_port` is stopped.
#[no_mangle]
pub extern "C" fn rte_eth_hairpin_bind(tx_port: u16, rx_port: u16) -> c_int {
    entry!("rte_eth_hairpin_bind", -libc::EINVAL, {
        hairpin_bind_common("rte_eth_hairpin_bind", tx_port, rx_port, true)
    })
}

/// Unbinds hairpin queues (as rte_eth_hairpin_bind).
#[no_mangle]
pub extern "C" fn rte_eth_hairpin_unbind(tx_port: u16, rx_port: u16) -> c_int {
    entry!("rte_eth_hairpin_unbind", -libc::EINVAL, {
        hairpin_bind_common("rte_eth_hairpin_unbind", tx_port, rx_port, false)
    })
}
op_call!(rte_eth_hairpin_get_peer_ports, "rte_eth_hairpin_get_peer_ports", 44, "hairpin_get_peer_ports",
    (peer_ports: *mut u16, len: usize, direction: u32), nonnull(peer_ports));
op_call!(rte_eth_get_monitor_addr, "rte_eth_get_monitor_addr", 50, "get_monitor_addr",
    (queue_id: u16, pmc: *mut c_void), nonnull(pmc));

/// Whether the port can use mempool ops `pool`: the driver's answer, or 1
/// (every pool) when it has no opinion, as 22.11.
///
/// # Safety
/// `pool` NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_pool_ops_supported(port_id: u16, pool: *const c_char) -> c_int {
    entry!("rte_eth_dev_pool_ops_supported", -libc::EINVAL, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_dev_pool_ops_supported", port_id) };
        nonnull!("rte_eth_dev_pool_ops_supported", pool, -libc::EINVAL);
        // SAFETY: d from dev().
        match unsafe { ::rte_ethdev::ops(d) }.others[37] {
            // SAFETY: the 22.11 slot type int (*)(struct rte_eth_dev *, const char *).
            Some(f) => unsafe {
                let f: unsafe extern "C" fn(*mut rte_eth_dev, *const c_char) -> c_int = std::mem::transmute(f);
                f(d, pool)
            },
            None => 1,
        }
    })
}

/// Asks the driver to deliver the Rx metadata in `*features`; only before
/// the port is configured (-EBUSY after), -ENOTSUP without the operation.
///
/// # Safety
/// `features` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_rx_metadata_negotiate(port_id: u16, features: *mut u64) -> c_int {
    entry!("rte_eth_rx_metadata_negotiate", -libc::EINVAL, {
        tables_ready();
        let Ok(d0) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_rx_metadata_negotiate", port_id) };
        // SAFETY: d0 from dev().
        if unsafe { (*(*d0).data).flags } & DATA_DEV_CONFIGURED != 0 {
            return fail(
                "rte_eth_rx_metadata_negotiate",
                &Error::Busy(format!("port {port_id} is already configured")),
                -libc::EBUSY,
            );
        }
        nonnull!("rte_eth_rx_metadata_negotiate", features, -libc::EINVAL);
        let (d, f) =
            port_op!("rte_eth_rx_metadata_negotiate", port_id, |o: &eth_dev_ops| other(o, 52), "rx_metadata_negotiate");
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut u64) -> c_int = std::mem::transmute(f);
            f(d, features)
        }
    })
}

/// Dumps `num` Rx descriptors from `offset` of a queue.
///
/// # Safety
/// `file` a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_rx_descriptor_dump(
    port_id: u16,
    queue_id: u16,
    offset: u16,
    num: u16,
    file: *mut libc::FILE,
) -> c_int {
    entry!("rte_eth_rx_descriptor_dump", -libc::EINVAL, {
        // SAFETY: forwarded from this function's contract.
        unsafe { descriptor_dump(true, port_id, queue_id, offset, num, file) }
    })
}

/// Dumps `num` Tx descriptors from `offset` of a queue.
///
/// # Safety
/// `file` a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_tx_descriptor_dump(
    port_id: u16,
    queue_id: u16,
    offset: u16,
    num: u16,
    file: *mut libc::FILE,
) -> c_int {
    entry!("rte_eth_tx_descriptor_dump", -libc::EINVAL, {
        // SAFETY: forwarded from this function's contract.
        unsafe { descriptor_dump(false, port_id, queue_id, offset, num, file) }
    })
}

/// The Rx (`rx`) or Tx descriptor dump: the port, the driver op, the stream
/// and the queue id checked in 22.11's order, then the op.
///
/// # Safety
/// `file` a valid stream.
unsafe fn descriptor_dump(
    rx: bool,
    port_id: u16,
    queue_id: u16,
    offset: u16,
    num: u16,
    file: *mut libc::FILE,
) -> c_int {
    let (name, slot, op) = if rx {
        ("rte_eth_rx_descriptor_dump", 60, "eth_rx_descriptor_dump")
    } else {
        ("rte_eth_tx_descriptor_dump", 61, "eth_tx_descriptor_dump")
    };
    let (d, f) = port_op!(name, port_id, |o: &eth_dev_ops| other(o, slot), op);
    if file.is_null() {
        return fail(name, &Error::Invalid("file is NULL".into()), -libc::EINVAL);
    }
    // SAFETY: d from dev(); the 22.11 slot type.
    unsafe {
        let n = if rx { (*(*d).data).nb_rx_queues } else { (*(*d).data).nb_tx_queues };
        if queue_id >= n {
            return fail(name, &Error::Invalid(format!("invalid queue_id={queue_id}")), -libc::EINVAL);
        }
        let f: unsafe extern "C" fn(*const rte_eth_dev, u16, u16, u16, *mut libc::FILE) -> c_int =
            std::mem::transmute(f);
        f(d, queue_id, offset, num, file)
    }
}

/// Releases a stopped port's queues and forgets its configuration (the
/// application must configure it again).
///
/// # Safety
/// `dev` a port slot with data.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_internal_reset(dev: *mut rte_eth_dev) {
    entry!("rte_eth_dev_internal_reset", (), {
        if dev.is_null() {
            return;
        }
        // SAFETY: per the contract.
        let port = unsafe { (*(*dev).data).port_id };
        if let Err(e) = ::rte_ethdev::api::internal_reset(port) {
            fail("rte_eth_dev_internal_reset", &e, ());
        }
    })
}

/// Turns the VLAN Rx offloads on or off (RTE_ETH_VLAN_*_OFFLOAD bits):
/// 0 when nothing changes, -EINVAL when the port lacks a requested
/// offload, -ENOTSUP when the driver lacks the operation; the port configuration is
/// restored if the driver fails.
#[no_mangle]
pub extern "C" fn rte_eth_dev_set_vlan_offload(port_id: u16, offload_mask: c_int) -> c_int {
    entry!("rte_eth_dev_set_vlan_offload", -libc::EINVAL, {
        tables_ready();
        let Ok(d) = ::rte_ethdev::dev(port_id) else { return port_err("rte_eth_dev_set_vlan_offload", port_id) };
        // SAFETY: d from dev().
        let orig = unsafe { (*(*d).data).dev_conf.rxmode.offloads };
        // (request bit, Rx offload bit, mask bit to the driver)
        const MAP: [(c_int, u64, c_int); 4] = [(1, 1 << 0, 1), (2, 1 << 9, 2), (4, 1 << 10, 4), (8, 1 << 5, 8)];
        let (mut offloads, mut mask) = (orig, 0);
        for (req, off, m) in MAP {
            let want = offload_mask & req != 0;
            if want != (orig & off != 0) {
                offloads = if want { offloads | off } else { offloads & !off };
                mask |= m;
            }
        }
        if mask == 0 {
            return 0;
        }
        let info = match api::info(port_id) {
            Ok(i) => i,
            Err(e) => {
                let n = -e.errno();
                return fail("rte_eth_dev_set_vlan_offload", &e, n);
            }
        };
        if offloads & info.rx_offload_capa != offloads {
            return fail(
                "rte_eth_dev_set_vlan_offload",
                &Error::Invalid(format!(
                    "port {port_id}: VLAN Rx offloads {:#x} beyond the capabilities {:#x}",
                    offloads & !orig,
                    info.rx_offload_capa
                )),
                -libc::EINVAL,
            );
        }
        // SAFETY: d from dev().
        let Some(f) = unsafe { ::rte_ethdev::ops(d) }.vlan_offload_set else {
            return fail("rte_eth_dev_set_vlan_offload", &Error::NotSupported("vlan_offload_set"), -libc::ENOTSUP);
        };
        // SAFETY: d from dev(); the 22.11 slot type int (*)(struct rte_eth_dev *, int).
        unsafe {
            (*(*d).data).dev_conf.rxmode.offloads = offloads;
            let f: unsafe extern "C" fn(*mut rte_eth_dev, c_int) -> c_int = std::mem::transmute(f);
            let r = f(d, mask);
            if r != 0 {
                (*(*d).data).dev_conf.rxmode.offloads = orig;
                return fail("rte_eth_dev_set_vlan_offload", &Error::Driver("vlan_offload_set", r), r);
            }
        }
        0
    })
}

// ---- Port iterator (filter strings) -------------------------------------------

use rte_abi::dev::rte_dev_iterator;

/// Sets up `iter` for a filter string such as `class=eth,mac=...` or
/// `bus=vdev,class=eth`; `devargs` must outlive the iteration.
///
/// # Safety
/// `iter` NULL or writable; `devargs` NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_iterator_init(iter: *mut rte_dev_iterator, devargs: *const c_char) -> c_int {
    entry!("rte_eth_iterator_init", -libc::EINVAL, {
        tables_ready();
        nonnull!("rte_eth_iterator_init", iter, -libc::EINVAL);
        nonnull!("rte_eth_iterator_init", devargs, -libc::EINVAL);
        // SAFETY: per the contract.
        match unsafe { rte_eal::bus::iterator_init(iter, devargs) } {
            // Without a class layer the iterator selects no port (next
            // answers RTE_MAX_ETHPORTS), as 22.11.
            Ok(()) => 0,
            // The legacy syntax (a device name with class key/values).
            // SAFETY: per the contract.
            Err(_) if unsafe { super::rte_ethdev_more::legacy_init(iter, devargs) } == 0 => 0,
            Err((n, e)) => fail("rte_eth_iterator_init", &e, n),
        }
    })
}

/// The next matching port, or RTE_MAX_ETHPORTS at the end (the iterator is
/// then cleaned up).
///
/// # Safety
/// `iter` NULL or set up by `rte_eth_iterator_init`.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_iterator_next(iter: *mut rte_dev_iterator) -> u16 {
    entry!("rte_eth_iterator_next", RTE_MAX_ETHPORTS as u16, {
        tables_ready();
        nonnull!("rte_eth_iterator_next", iter, RTE_MAX_ETHPORTS as u16);
        // SAFETY: a readable iterator per the contract.
        if unsafe { super::rte_ethdev_more::is_legacy(iter) } {
            // SAFETY: set up by legacy_init.
            return unsafe { super::rte_ethdev_more::legacy_next(iter) };
        }
        // SAFETY: set up by rte_eth_iterator_init per the contract.
        unsafe {
            let it = &mut *iter;
            if it.cls.is_null() {
                return RTE_MAX_ETHPORTS as u16;
            }
            let Some(cls_iter) = (*it.cls).dev_iterate else { return RTE_MAX_ETHPORTS as u16 };
            let cls_args = if it.cls_str.is_null() {
                None
            } else {
                let l = CStr::from_ptr(it.cls_str).to_string_lossy().into_owned();
                std::ffi::CString::new(l.split_once(',').map_or("", |(_, r)| r)).ok()
            };
            let cls_filter = cls_args.as_ref().map_or(ptr::null(), |c| c.as_ptr());
            let bus_args = if it.bus_str.is_null() {
                None
            } else {
                let l = CStr::from_ptr(it.bus_str).to_string_lossy().into_owned();
                std::ffi::CString::new(l.split_once(',').map_or("", |(_, r)| r)).ok()
            };
            let bus_filter = bus_args.as_ref().map_or(ptr::null(), |c| c.as_ptr());
            loop {
                if !it.bus.is_null() && it.class_device.is_null() {
                    let Some(bi) = (*it.bus).dev_iterate else { break };
                    it.device = bi(it.device as *const c_void, bus_filter, iter) as *mut _;
                    if it.device.is_null() {
                        break;
                    }
                }
                it.class_device = cls_iter(it.class_device, cls_filter, iter);
                if let Some(p) = ::rte_ethdev::class::port_id_of(it.class_device) {
                    return p;
                }
                if it.bus.is_null() {
                    break;
                }
            }
            rte_eth_iterator_cleanup(iter);
        }
        RTE_MAX_ETHPORTS as u16
    })
}

/// Frees what `rte_eth_iterator_init` allocated and clears the iterator.
///
/// # Safety
/// `iter` NULL or set up by `rte_eth_iterator_init`.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_iterator_cleanup(iter: *mut rte_dev_iterator) {
    entry!("rte_eth_iterator_cleanup", (), {
        if iter.is_null() {
            return;
        }
        // SAFETY: a readable iterator per the contract.
        if unsafe { super::rte_ethdev_more::is_legacy(iter) } {
            // SAFETY: set up by legacy_init.
            return unsafe { super::rte_ethdev_more::legacy_cleanup(iter) };
        }
        // SAFETY: per the contract; the parsed layers are one malloc block
        // that starts at bus_str when there is a bus layer. As 22.11, a
        // pure class filter leaves it (its start is not known here).
        unsafe {
            let block = (*iter).bus_str;
            if !block.is_null() {
                libc::free(block as *mut c_void);
            }
            ptr::write_bytes(iter, 0, 1);
        }
    })
}
