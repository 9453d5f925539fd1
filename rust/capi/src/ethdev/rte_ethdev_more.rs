//! `rte_ethdev.h` entry points that check their values before the
//! driver's operation, as 22.11 does: FEC mode set, Rx available-descriptor
//! threshold set/query, unicast hash table set. A driver without the
//! operation gives -ENOTSUP (rte_errno set), as the reference's soft PMDs do.
//! Also the port iterator's legacy syntax (`<device>[,kv]`), which
//! `rte_eth_iterator_init` falls back to, as 22.11 accepts it.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use ::rte_ethdev::Error;
use rte_abi::dev::{rte_class, rte_dev_iterator, rte_device};
use rte_abi::ethdev::*;

use super::rte_ethdev::tables_ready;
use crate::boundary::fail;

// Indices in `eth_dev_ops::others` (22.11 order from tx_done_cleanup on).
const UC_HASH_TABLE_SET: usize = 8;
const FEC_SET: usize = 43;
const RX_AVAIL_THRESH_SET: usize = 58;
const RX_AVAIL_THRESH_QUERY: usize = 59;

type Untyped = unsafe extern "C" fn();

/// The port's slot, or -ENODEV (rte_errno set, logged).
fn port(func: &str, port_id: u16) -> Result<*mut rte_eth_dev, c_int> {
    tables_ready();
    ::rte_ethdev::dev(port_id).map_err(|e| fail(func, &e, -libc::ENODEV))
}

/// The driver operation at `others[idx]`, or -ENOTSUP (rte_errno set).
fn op(func: &str, d: *mut rte_eth_dev, idx: usize, name: &'static str) -> Result<Untyped, c_int> {
    // SAFETY: d from dev().
    let o = unsafe { ::rte_ethdev::ops(d) };
    o.others[idx].ok_or_else(|| fail(func, &Error::NotSupported(name), -libc::ENOTSUP))
}

fn invalid(func: &str, msg: String) -> c_int {
    fail(func, &Error::Invalid(msg), -libc::EINVAL)
}

/// The port data of a slot from `port()`.
fn data(d: *mut rte_eth_dev) -> &'static mut rte_eth_dev_data {
    // SAFETY: an allocated port's data lives until the port is released;
    // the control path is single-threaded per port as in 22.11.
    unsafe { &mut *::rte_ethdev::data(d) }
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(r) => return r,
        }
    };
}

// ---- Calls with value checks before the driver's operation ------------------

/// Sets the FEC mode (-EINVAL for an empty mode mask).
#[no_mangle]
pub extern "C" fn rte_eth_fec_set(port_id: u16, fec_capa: u32) -> c_int {
    entry!("rte_eth_fec_set", -libc::EINVAL, {
        const F: &str = "rte_eth_fec_set";
        let d = tri!(port(F, port_id));
        if fec_capa == 0 {
            return invalid(F, "FEC mode mask is 0".into());
        }
        let f = tri!(op(F, d, FEC_SET, "fec_set"));
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u32) -> c_int = std::mem::transmute(f);
            f(d, fec_capa)
        }
    })
}

/// Sets an Rx queue's available-descriptor threshold (percent, 0..=99).
#[no_mangle]
pub extern "C" fn rte_eth_rx_avail_thresh_set(port_id: u16, queue_id: u16, avail_thresh: u8) -> c_int {
    entry!("rte_eth_rx_avail_thresh_set", -libc::EINVAL, {
        const F: &str = "rte_eth_rx_avail_thresh_set";
        let d = tri!(port(F, port_id));
        // 22.11 order: the threshold, the operation, then the queue id.
        if avail_thresh > 99 {
            return invalid(F, format!("Rx queue {queue_id} threshold {avail_thresh} must be in [0, 99]"));
        }
        let f = tri!(op(F, d, RX_AVAIL_THRESH_SET, "rx_queue_avail_thresh_set"));
        if queue_id >= data(d).nb_rx_queues {
            return invalid(F, format!("invalid Rx queue_id={queue_id} of port {port_id}"));
        }
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, u16, u8) -> c_int = std::mem::transmute(f);
            f(d, queue_id, avail_thresh)
        }
    })
}

/// Finds an Rx queue whose threshold event fired, from `*queue_id` on
/// (wrapped to 0 past the last queue).
///
/// # Safety
/// `queue_id`, `avail_thresh` NULL or read/write.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_rx_avail_thresh_query(
    port_id: u16,
    queue_id: *mut u16,
    avail_thresh: *mut u8,
) -> c_int {
    entry!("rte_eth_rx_avail_thresh_query", -libc::EINVAL, {
        const F: &str = "rte_eth_rx_avail_thresh_query";
        let d = tri!(port(F, port_id));
        if queue_id.is_null() {
            return invalid(F, "queue_id is NULL".into());
        }
        // SAFETY: read/write per the contract.
        unsafe {
            if *queue_id >= data(d).nb_rx_queues {
                *queue_id = 0;
            }
        }
        let f = tri!(op(F, d, RX_AVAIL_THRESH_QUERY, "rx_queue_avail_thresh_query"));
        // SAFETY: the 22.11 slot type.
        unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut u16, *mut u8) -> c_int = std::mem::transmute(f);
            f(d, queue_id, avail_thresh)
        }
    })
}

/// Adds or removes a unicast address in the port's hash table (UTA):
/// -EINVAL for NULL or all-zero addresses and for removing one not set,
/// -ENOSPC when the table is full, -ENOTSUP without the operation.
///
/// # Safety
/// `addr` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_eth_dev_uc_hash_table_set(port_id: u16, addr: *mut rte_ether_addr, on: u8) -> c_int {
    entry!("rte_eth_dev_uc_hash_table_set", -libc::EINVAL, {
        const F: &str = "rte_eth_dev_uc_hash_table_set";
        let d = tri!(port(F, port_id));
        if addr.is_null() {
            return invalid(F, format!("cannot set ethdev port {port_id} unicast hash table from NULL address"));
        }
        // SAFETY: readable per the contract.
        let a = unsafe { *addr };
        if a.addr_bytes == [0; 6] {
            return invalid(F, format!("port {port_id}: invalid MAC address 00:00:00:00:00:00"));
        }
        let f = tri!(op(F, d, UC_HASH_TABLE_SET, "uc_hash_table_set"));
        let info = match ::rte_ethdev::api::info(port_id) {
            Ok(i) => i,
            Err(e) => {
                let n = -e.errno();
                return fail(F, &e, n);
            }
        };
        let table = data(d).hash_mac_addrs;
        let n = if table.is_null() { 0 } else { info.max_hash_mac_addrs as usize };
        // SAFETY: the driver sized hash_mac_addrs for max_hash_mac_addrs entries.
        let slots = unsafe {
            std::slice::from_raw_parts_mut(if n == 0 { ptr::NonNull::dangling().as_ptr() } else { table }, n)
        };
        let idx = match slots.iter().position(|s| s.addr_bytes == a.addr_bytes) {
            Some(i) => i,
            None if on == 0 => return invalid(F, format!("port {port_id}: MAC address is not set in the UTA")),
            None => match slots.iter().position(|s| s.addr_bytes == [0; 6]) {
                Some(i) => i,
                None => {
                    return fail(F, &Error::NoSpace(format!("port {port_id}: UTA is full")), -libc::ENOSPC);
                }
            },
        };
        // SAFETY: the 22.11 slot type int (*)(dev, struct rte_ether_addr *, uint8_t).
        let r = unsafe {
            let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut rte_ether_addr, u8) -> c_int = std::mem::transmute(f);
            f(d, addr, on)
        };
        if r == 0 {
            slots[idx].addr_bytes = if on != 0 { a.addr_bytes } else { [0; 6] };
        }
        r
    })
}

// ---- Representor lists (for the iterator's representor= filter) ----------

/// Most controllers in a representor list (`RTE_MAX_MULTI_HOST_CTRLS`).
const MAX_MH_CTRLS: usize = 4;

/// `struct rte_eth_devargs` (ethdev_driver.h, 22.11).
#[repr(C)]
pub struct rte_eth_devargs {
    /// Controller ids.
    pub mh_controllers: [u16; MAX_MH_CTRLS],
    /// Their count.
    pub nb_mh_controllers: u16,
    /// PF ids.
    pub ports: [u16; RTE_MAX_ETHPORTS],
    /// Their count.
    pub nb_ports: u16,
    /// Representor (VF/SF) ids.
    pub representor_ports: [u16; RTE_MAX_ETHPORTS],
    /// Their count.
    pub nb_representor_ports: u16,
    /// `enum rte_eth_representor_type`.
    pub type_: c_int,
}

const _: () = assert!(size_of::<rte_eth_devargs>() == 148);

const REPR_VF: c_int = 1;
const REPR_SF: c_int = 2;
const REPR_PF: c_int = 3;

/// Adds `v` to `list` unless present; false when the list is full.
fn enlist(list: &mut [u16], len: &mut u16, v: u16) -> bool {
    if list[..*len as usize].contains(&v) {
        return true;
    }
    if *len as usize >= list.len() {
        return false;
    }
    list[*len as usize] = v;
    *len += 1;
    true
}

/// Parses one number at the start of `s` (what sscanf %hu takes).
fn num(s: &[u8]) -> Option<(u16, usize)> {
    let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let v: u32 = std::str::from_utf8(&s[..n]).ok()?.parse().ok()?;
    Some((v as u16, n))
}

/// A value `N`, a range `N-M`, or a bracketed list of them; returns what
/// follows it.
fn process_list<'a>(s: &'a [u8], list: &mut [u16], len: &mut u16) -> Option<&'a [u8]> {
    let bracket = s.first() == Some(&b'[');
    let mut p = if bracket { &s[1..] } else { s };
    loop {
        let (lo, n) = num(p)?;
        p = &p[n..];
        let hi = if p.first() == Some(&b'-') {
            let (hi, n) = num(&p[1..])?;
            p = &p[1 + n..];
            hi
        } else {
            lo
        };
        if lo > hi {
            return None;
        }
        for v in lo..=hi {
            if !enlist(list, len, v) {
                return None;
            }
        }
        if !bracket || p.first() != Some(&b',') {
            break;
        }
        p = &p[1..];
    }
    if bracket {
        if p.first() != Some(&b']') {
            return None;
        }
        p = &p[1..];
    }
    Some(p)
}

/// The 22.11 representor syntax: `[c<list>]pf<list>[vf|sf<list>]`,
/// `vf<list>`, `sf<list>` or a bare `<list>` of VFs.
fn parse_representor(s: &[u8], da: &mut rte_eth_devargs) -> bool {
    let mut s = s;
    if s.first() == Some(&b'c') {
        match process_list(&s[1..], &mut da.mh_controllers, &mut da.nb_mh_controllers) {
            Some(r) => s = r,
            None => return false,
        }
    }
    if s.starts_with(b"pf") {
        da.type_ = REPR_PF;
        match process_list(&s[2..], &mut da.ports, &mut da.nb_ports) {
            Some([]) => return true,
            Some(r) => s = r,
            None => return false,
        }
    } else if da.nb_mh_controllers > 0 {
        return false;
    }
    if s.starts_with(b"vf") {
        da.type_ = REPR_VF;
        s = &s[2..];
    } else if s.starts_with(b"sf") {
        da.type_ = REPR_SF;
        s = &s[2..];
    } else if da.type_ == REPR_PF {
        return false;
    } else {
        da.type_ = REPR_VF;
    }
    process_list(s, &mut da.representor_ports, &mut da.nb_representor_ports).is_some()
}

/// Splits `key=value` pairs on commas outside brackets (None when the
/// brackets do not balance).
fn tokenise(s: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for i in 0..=s.len() {
        // The end of the string closes the last item, brackets or not.
        let c = s.get(i).copied().unwrap_or(0);
        match c {
            b'[' => depth += 1,
            b']' => depth -= 1,
            b',' | 0 if depth <= 0 || c == 0 => {
                let item = &s[start..i];
                if !item.is_empty() {
                    match item.iter().position(|&c| c == b'=') {
                        Some(e) => out.push((&item[..e], &item[e + 1..])),
                        None => out.push((item, &b""[..])),
                    }
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    (depth == 0).then_some(out)
}

// ---- Port iteration over a devargs filter ------------------------------------

/// A device class whose iterator walks ports matching `mac=` and
/// `representor=` filters (and the iterator's device, when set).
struct EthClass(std::cell::UnsafeCell<rte_class>);
// SAFETY: written once under ETH_CLASS_ONCE before being registered; the
// class registry only reads it afterwards.
unsafe impl Sync for EthClass {}

static ETH_CLASS: EthClass = EthClass(std::cell::UnsafeCell::new(rte_class {
    next: rte_abi::dev::rte_tailq_link { tqe_next: ptr::null_mut(), tqe_prev: ptr::null_mut() },
    name: c"eth".as_ptr(),
    dev_iterate: Some(eth_dev_iterate),
}));
/// The class an iterator set up here points at: not registered (the
/// ethdev "eth" class is), it marks iterators over the legacy syntax.
fn eth_class() -> *mut rte_class {
    ETH_CLASS.0.get()
}

/// Whether `iter` was set up by [`legacy_init`].
///
/// # Safety
/// `iter` a readable iterator.
pub(crate) unsafe fn is_legacy(iter: *const rte_dev_iterator) -> bool {
    // SAFETY: per the contract.
    ptr::eq(unsafe { (*iter).cls }, eth_class())
}

/// Whether port slot `d` passes the `key=value` filter `kv` (keys checked
/// unless it starts with '+'); None for a filter that does not parse.
fn port_matches(d: *mut rte_eth_dev, kv: &[u8]) -> Option<bool> {
    let (check_keys, kv) = match kv.strip_prefix(b"+") {
        Some(rest) => (false, rest),
        None => (true, kv),
    };
    let dd = data(d);
    for (k, v) in tokenise(kv)? {
        match k {
            b"mac" => {
                let mut want = rte_abi::net::rte_ether_addr { addr_bytes: [0; 6] };
                let c = std::ffi::CString::new(v).ok()?;
                // SAFETY: a string and a writable address.
                if unsafe { crate::net::rte_ether::rte_ether_unformat_addr(c.as_ptr(), &mut want as *mut _) } != 0 {
                    return None;
                }
                let n = ::rte_ethdev::api::info(dd.port_id).map_or(1, |i| i.max_mac_addrs.max(1)) as usize;
                if dd.mac_addrs.is_null() {
                    return Some(false);
                }
                // SAFETY: the driver sized mac_addrs for max_mac_addrs entries.
                let addrs = unsafe { std::slice::from_raw_parts(dd.mac_addrs, n) };
                if !addrs.iter().any(|a| a.addr_bytes == want.addr_bytes) {
                    return Some(false);
                }
            }
            b"representor" => {
                if dd.dev_flags & RTE_ETH_DEV_REPRESENTOR == 0 {
                    return Some(false);
                }
                // SAFETY: all-zero is a valid rte_eth_devargs.
                let mut da: rte_eth_devargs = unsafe { std::mem::zeroed() };
                if !parse_representor(v, &mut da) {
                    return None;
                }
                if !da.representor_ports[..da.nb_representor_ports as usize].contains(&dd.representor_id) {
                    return Some(false);
                }
            }
            _ if check_keys => return None,
            _ => {}
        }
    }
    Some(true)
}

/// The class iterator: the next port after `start` (a slot, or NULL)
/// passing the filter `devstr` and belonging to `it->device` when set.
unsafe extern "C" fn eth_dev_iterate(
    start: *const c_void,
    devstr: *const c_char,
    it: *const rte_dev_iterator,
) -> *mut c_void {
    entry!("eth_dev_iterate", ptr::null_mut(), {
        tables_ready();
        let kv = if devstr.is_null() {
            Vec::new()
        } else {
            // SAFETY: the iterator's filter string.
            unsafe { CStr::from_ptr(devstr) }.to_bytes().to_vec()
        };
        // SAFETY: NULL or the caller's iterator.
        let want_dev: *mut c_void = if it.is_null() { ptr::null_mut() } else { unsafe { (*it).device.cast() } };
        let first = match ::rte_ethdev::slot(0) {
            Some(base) if !start.is_null() => {
                // SAFETY: start is a slot of the same array.
                (unsafe { start.cast::<rte_eth_dev>().offset_from(base) } + 1) as usize
            }
            _ => 0,
        };
        for p in first..RTE_MAX_ETHPORTS {
            let Ok(d) = ::rte_ethdev::dev(p as u16) else { continue };
            // SAFETY: an allocated slot.
            if !want_dev.is_null() && unsafe { (*d).device } != want_dev {
                continue;
            }
            match port_matches(d, &kv) {
                Some(true) => return d.cast(),
                Some(false) => {}
                None => {
                    rte_eal::rte_log!(ERR, EAL, "ETHDEV: cannot parse argument list\n");
                    crate::boundary::set_errno(libc::EINVAL);
                    return ptr::null_mut();
                }
            }
        }
        ptr::null_mut()
    })
}

/// A malloc'd copy of `s` (freed by `rte_eth_iterator_cleanup`).
fn c_dup(s: &[u8]) -> *mut c_char {
    // SAFETY: a fresh allocation of len + 1 bytes, filled and terminated.
    unsafe {
        let p = libc::malloc(s.len() + 1).cast::<u8>();
        if !p.is_null() {
            ptr::copy_nonoverlapping(s.as_ptr(), p, s.len());
            *p.add(s.len()) = 0;
        }
        p.cast()
    }
}

/// `rte_eth_iterator_init` for the legacy syntax the layered parser
/// refuses: `class=eth,<kv>` or a device (`<bus>:<name>` or a name) with
/// class key/values, as 22.11 converts it. -EINVAL for NULL arguments, a
/// devargs parse error as is, -ENOTSUP for a bus other than vdev or pci.
///
/// # Safety
/// `iter` NULL or writable; `devargs_str` NULL or a string that outlives
/// the iteration.
pub(crate) unsafe fn legacy_init(iter: *mut rte_dev_iterator, devargs_str: *const c_char) -> c_int {
    {
        const F: &str = "rte_eth_iterator_init";
        if iter.is_null() {
            return invalid(F, "cannot initialize NULL iterator".into());
        }
        if devargs_str.is_null() {
            return invalid(F, "cannot initialize iterator from NULL device description string".into());
        }
        // SAFETY: writable per the contract; all-zero is the empty iterator.
        let it = unsafe {
            ptr::write_bytes(iter, 0, 1);
            &mut *iter
        };
        // SAFETY: per the contract.
        let s = unsafe { CStr::from_ptr(devargs_str) }.to_bytes();
        const ANY_BUS: &[u8] = b"class=eth,";
        if s.starts_with(ANY_BUS) {
            // SAFETY: within the caller's string.
            it.cls_str = unsafe { devargs_str.add(ANY_BUS.len()) };
            it.cls = eth_class();
            return 0;
        }
        // SAFETY: all-zero is a valid empty devargs.
        let mut da: rte_abi::dev::rte_devargs = unsafe { std::mem::zeroed() };
        // SAFETY: a writable devargs and the caller's string.
        let r = unsafe { crate::eal::rte_devargs::rte_devargs_parse(&mut da, devargs_str) };
        if r != 0 {
            return r;
        }
        let args = if da.drv_str.is_null() {
            Vec::new()
        } else {
            // SAFETY: the parsed argument string.
            unsafe { CStr::from_ptr(da.drv_str) }.to_bytes().to_vec()
        };
        let name: Vec<u8> = da.name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
        let bus_name = if da.bus.is_null() {
            Vec::new()
        } else {
            // SAFETY: a registered bus and its name.
            unsafe { CStr::from_ptr((*da.bus).name) }.to_bytes().to_vec()
        };
        let bus = da.bus;
        // SAFETY: da from rte_devargs_parse.
        unsafe { crate::eal::rte_devargs::rte_devargs_reset(&mut da) };
        let key: &[u8] = match bus_name.as_slice() {
            b"vdev" | b"fslmc" | b"dpaa_bus" => b"name",
            b"pci" => b"addr",
            _ => {
                rte_eal::rte_log!(
                    ERR,
                    EAL,
                    "ETHDEV: bus {} is not supported by the port iterator\n",
                    String::from_utf8_lossy(&bus_name)
                );
                crate::boundary::set_errno(libc::ENOTSUP);
                return -libc::ENOTSUP;
            }
        };
        let mut cls = b"+".to_vec();
        cls.extend_from_slice(&args);
        let mut b = key.to_vec();
        b.push(b'=');
        b.extend_from_slice(&name);
        it.cls_str = c_dup(&cls);
        it.bus_str = c_dup(&b);
        it.bus = bus;
        it.cls = eth_class();
        0
    }
}

/// `rte_eth_iterator_next` for an iterator from [`legacy_init`]: the next
/// matching port id, or RTE_MAX_ETHPORTS at the end (the iterator is then
/// cleaned up).
///
/// # Safety
/// `iter` NULL or an iterator from [`legacy_init`].
pub(crate) unsafe fn legacy_next(iter: *mut rte_dev_iterator) -> u16 {
    {
        if iter.is_null() {
            fail("rte_eth_iterator_next", &Error::Invalid("cannot get next device from NULL iterator".into()), ());
            return RTE_MAX_ETHPORTS as u16;
        }
        // SAFETY: per the contract.
        let it = unsafe { &mut *iter };
        if it.cls.is_null() {
            return RTE_MAX_ETHPORTS as u16;
        }
        // The device part: the port's rte_device named as the bus filter says.
        let want_name = if it.bus_str.is_null() {
            None
        } else {
            // SAFETY: our own "key=name" string.
            let b = unsafe { CStr::from_ptr(it.bus_str) }.to_bytes();
            b.iter().position(|&c| c == b'=').map(|e| b[e + 1..].to_vec())
        };
        let mut start = it.class_device as *const c_void;
        loop {
            // SAFETY: the class iterator with the iterator's own strings.
            let d = unsafe { eth_dev_iterate(start, it.cls_str, iter) } as *mut rte_eth_dev;
            if d.is_null() {
                break;
            }
            start = d.cast();
            let ok = match &want_name {
                None => true,
                // SAFETY: an allocated port slot and its generic device.
                Some(n) => unsafe {
                    let dev: *mut rte_device = (*d).device.cast();
                    !dev.is_null()
                        && !(*dev).name.is_null()
                        && CStr::from_ptr((*dev).name).to_bytes() == n.as_slice()
                        && (it.bus.is_null() || ptr::eq((*dev).bus, it.bus))
                },
            };
            if ok {
                it.class_device = d.cast();
                return data(d).port_id;
            }
        }
        // SAFETY: our iterator.
        unsafe { legacy_cleanup(iter) };
        RTE_MAX_ETHPORTS as u16
    }
}

/// `rte_eth_iterator_cleanup` for an iterator from [`legacy_init`]: frees
/// its strings (none for a pure class filter) and resets it.
///
/// # Safety
/// `iter` NULL or an iterator from [`legacy_init`].
pub(crate) unsafe fn legacy_cleanup(iter: *mut rte_dev_iterator) {
    {
        if iter.is_null() {
            return;
        }
        // SAFETY: per the contract.
        let it = unsafe { &mut *iter };
        if it.bus_str.is_null() {
            return;
        }
        // SAFETY: both strings came from c_dup (malloc).
        unsafe {
            libc::free(it.bus_str as *mut c_void);
            libc::free(it.cls_str as *mut c_void);
            ptr::write_bytes(iter, 0, 1);
        }
    }
}
