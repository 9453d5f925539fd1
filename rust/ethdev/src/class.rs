//! The "eth" device class: ports as class devices of their generic device,
//! so that filter strings such as `class=eth,mac=02:00:00:00:00:01` or
//! `bus=vdev,class=eth` select ports (rte_dev_iterator, rte_eth_iterator).

use std::ffi::{c_char, c_void, CStr};
use std::ptr;

use rte_abi::dev::{rte_class, rte_dev_iterator, rte_tailq_link};
use rte_abi::ethdev::*;

use crate::{dev, tables};

fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let v: Vec<u8> = s.split(':').map(|b| u8::from_str_radix(b, 16)).collect::<Result<_, _>>().ok()?;
    v.try_into().ok()
}

/// The class's filter: `mac=<address>` (also repeated). None for a bad
/// string (unknown key or malformed address).
pub fn parse_filter(s: &str) -> Option<Vec<[u8; 6]>> {
    let mut macs = Vec::new();
    for kv in s.split(',').filter(|x| !x.is_empty()) {
        let (k, v) = kv.split_once('=')?;
        match k {
            "mac" => macs.push(parse_mac(v)?),
            _ => return None,
        }
    }
    Some(macs)
}

fn port_of(p: *const c_void) -> Option<usize> {
    let t = tables();
    let base = t.devs as usize;
    let a = p as usize;
    let sz = std::mem::size_of::<rte_eth_dev>();
    (a >= base && a < base + sz * RTE_MAX_ETHPORTS && (a - base).checked_rem(sz) == Some(0)).then(|| (a - base) / sz)
}

/// The class's iterator: the next port after `start` (a slot, or NULL for
/// the first) on the iterator's device (any device when it has none)
/// matching `filter`.
///
/// # Safety
/// `filter` NULL or a valid string; `it` NULL or a live iterator.
pub unsafe extern "C" fn dev_iterate(
    start: *const c_void,
    filter: *const c_char,
    it: *const rte_dev_iterator,
) -> *mut c_void {
    let macs = if filter.is_null() {
        Vec::new()
    } else {
        // SAFETY: per the contract.
        let s = unsafe { CStr::from_ptr(filter) }.to_string_lossy();
        match parse_filter(&s) {
            Some(m) => m,
            None => {
                rte_eal::tls::set_errno(libc::EINVAL);
                return ptr::null_mut();
            }
        }
    };
    // SAFETY: per the contract.
    let want_dev = if it.is_null() { ptr::null_mut() } else { unsafe { (*it).device } } as *mut c_void;
    let first = if start.is_null() { 0 } else { port_of(start).map_or(RTE_MAX_ETHPORTS, |p| p + 1) };
    for p in first..RTE_MAX_ETHPORTS {
        let Ok(d) = dev(p as u16) else { continue };
        // SAFETY: d from dev().
        unsafe {
            if !want_dev.is_null() && (*d).device != want_dev {
                continue;
            }
            if !macs.is_empty() {
                let m = (*(*d).data).mac_addrs;
                if m.is_null() || !macs.contains(&(*m).addr_bytes) {
                    continue;
                }
            }
        }
        return d as *mut c_void;
    }
    ptr::null_mut()
}

/// Port id of a class device returned by [`dev_iterate`].
pub fn port_id_of(class_device: *const c_void) -> Option<u16> {
    port_of(class_device).map(|p| p as u16)
}

struct ClassCell(std::cell::UnsafeCell<rte_class>);
// SAFETY: written only by the class registration (under its lock).
unsafe impl Sync for ClassCell {}

static ETH_CLASS: ClassCell = ClassCell(std::cell::UnsafeCell::new(rte_class {
    next: rte_tailq_link { tqe_next: ptr::null_mut(), tqe_prev: ptr::null_mut() },
    name: c"eth".as_ptr(),
    dev_iterate: Some(dev_iterate),
}));

/// Registers the "eth" class.
pub fn register() {
    // SAFETY: a static class with its name.
    unsafe { rte_eal::bus::class_register(ETH_CLASS.0.get()) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        assert_eq!(parse_filter("").unwrap(), Vec::<[u8; 6]>::new());
        assert_eq!(parse_filter("mac=02:00:00:00:00:0a").unwrap(), vec![[2, 0, 0, 0, 0, 10]]);
        assert!(parse_filter("mac=02:00").is_none());
        assert!(parse_filter("speed=10").is_none());
    }
}

/// `struct rte_eth_devargs` as `rte_eth_devargs_parse` fills it.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EthDevargs {
    /// Multi-host controllers.
    pub mh_controllers: [u16; 4],
    /// Entries in `mh_controllers`.
    pub nb_mh_controllers: u16,
    /// PF ports.
    pub ports: [u16; RTE_MAX_ETHPORTS],
    /// Entries in `ports`.
    pub nb_ports: u16,
    /// Representor ports.
    pub representor_ports: [u16; RTE_MAX_ETHPORTS],
    /// Entries in `representor_ports`.
    pub nb_representor_ports: u16,
    /// `enum rte_eth_representor_type`: NONE 0, VF 1, SF 2, PF 3.
    pub type_: u32,
}

// 22.11 layout (ethdev_driver.h, not installed): RTE_MAX_MULTI_HOST_CTRLS = 4.
const _: () = assert!(std::mem::size_of::<EthDevargs>() == 148 && std::mem::offset_of!(EthDevargs, type_) == 144);

fn enlist(list: &mut [u16], n: &mut u16, v: u16) -> Option<()> {
    if list[..*n as usize].contains(&v) {
        return Some(());
    }
    if *n as usize >= list.len() {
        return None;
    }
    list[*n as usize] = v;
    *n += 1;
    Some(())
}

fn number(s: &[u8]) -> Option<(u16, &[u8])> {
    let k = s.iter().take_while(|c| c.is_ascii_digit()).count();
    let v = std::str::from_utf8(&s[..k]).ok()?.parse::<u16>().ok()?;
    Some((v, &s[k..]))
}

/// One `lo` or `lo-hi` item.
fn range<'a>(s: &'a [u8], list: &mut [u16], n: &mut u16) -> Option<&'a [u8]> {
    let (lo, rest) = number(s)?;
    let (hi, rest) = match rest.strip_prefix(b"-") {
        Some(r) => number(r)?,
        None => (lo, rest),
    };
    if lo > hi {
        return None;
    }
    for v in lo..=hi {
        enlist(list, n, v)?;
    }
    Some(rest)
}

/// `n`, `lo-hi` or `[item,item,...]`.
fn list<'a>(s: &'a [u8], list: &mut [u16], n: &mut u16) -> Option<&'a [u8]> {
    match s.strip_prefix(b"[") {
        Some(mut r) => loop {
            r = range(r, list, n)?;
            match r.first() {
                Some(b',') => r = &r[1..],
                Some(b']') => return Some(&r[1..]),
                _ => return None,
            }
        },
        None => range(s, list, n),
    }
}

/// The value of a `representor=` key: `[c<list>]pf<list>vf<list>`,
/// `pf<list>sf<list>`, `pf<list>`, `vf<list>`, `sf<list>` or `<list>` (VF).
pub fn parse_representor(v: &str, da: &mut EthDevargs) -> Option<()> {
    let mut s = v.as_bytes();
    if let Some(r) = s.strip_prefix(b"c") {
        s = list(r, &mut da.mh_controllers, &mut da.nb_mh_controllers)?;
    }
    if let Some(r) = s.strip_prefix(b"pf") {
        da.type_ = 3;
        s = list(r, &mut da.ports, &mut da.nb_ports)?;
        if s.is_empty() {
            return Some(());
        }
    } else if da.nb_mh_controllers > 0 {
        return None;
    }
    if let Some(r) = s.strip_prefix(b"vf") {
        da.type_ = 1;
        s = r;
    } else if let Some(r) = s.strip_prefix(b"sf") {
        da.type_ = 2;
        s = r;
    } else {
        if da.type_ == 3 {
            return None;
        }
        da.type_ = 1;
    }
    list(s, &mut da.representor_ports, &mut da.nb_representor_ports).map(|_| ())
}

/// Splits devargs into key=value pairs, commas inside brackets kept.
fn pairs(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let b = s.as_bytes();
    for i in 0..=b.len() {
        let c = b.get(i).copied();
        match c {
            Some(b'[') => depth += 1,
            Some(b']') => depth -= 1,
            Some(b',') | None if depth == 0 => {
                let item = &s[start..i];
                if !item.is_empty() {
                    out.push(item.split_once('=').unwrap_or((item, "")));
                }
                start = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    (depth == 0).then_some(out)
}

/// `rte_eth_devargs_parse`: the representor part of a device's arguments.
/// Errors as 22.11 reports them: -EINVAL when the string does not split
/// into pairs (unbalanced brackets), -1 for a malformed or repeated
/// representor key; with the message to log.
pub fn parse_devargs(s: &str) -> Result<EthDevargs, (i32, String)> {
    let mut da = EthDevargs::default();
    let bad = || (-1, format!("wrong representor format: {s}"));
    for (k, v) in pairs(s).ok_or_else(|| (-libc::EINVAL, format!("cannot split devargs: {s}")))? {
        if k == "representor" {
            if da.type_ != 0 {
                return Err((-1, format!("duplicated representor key: {s}")));
            }
            parse_representor(v, &mut da).ok_or_else(bad)?;
        }
    }
    Ok(da)
}

#[cfg(test)]
mod devargs_tests {
    use super::*;

    #[test]
    fn representors() {
        let d = parse_devargs("representor=[0-3]").unwrap();
        assert_eq!((d.type_, d.nb_representor_ports), (1, 4));
        let d = parse_devargs("dv_flow_en=1,representor=c1pf[0,2]vf[1,3-4]").unwrap();
        assert_eq!((d.type_, d.nb_mh_controllers, d.nb_ports, d.nb_representor_ports), (1, 1, 2, 3));
        assert_eq!(&d.representor_ports[..3], &[1, 3, 4]);
        let d = parse_devargs("representor=pf1").unwrap();
        assert_eq!((d.type_, d.nb_ports, d.ports[0]), (3, 1, 1));
        assert_eq!(parse_devargs("representor=sf5").unwrap().type_, 2);
        assert!(parse_devargs("representor=[3-1]").is_err());
        assert!(parse_devargs("representor=c1vf2").is_err());
        assert!(parse_devargs("representor=pf0xx").is_err());
        assert!(parse_devargs("representor=1,representor=2").is_err());
        assert!(parse_devargs("representor=[0-40]").is_err());
        assert_eq!(parse_devargs("x=1").unwrap(), EthDevargs::default());
        assert_eq!(parse_devargs("representor=[1,2").unwrap_err().0, -libc::EINVAL);
    }
}
