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
