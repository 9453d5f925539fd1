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
