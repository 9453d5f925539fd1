//! `rte_pci.h`: PCI addresses as text ("DDDD:BB:DD.F" or "BB:DD.F") and
//! their order.

use std::ffi::{c_char, c_int};

use rte_eal::rte_log;

/// A PCI address (`struct rte_pci_addr`).
#[repr(C)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct rte_pci_addr {
    /// Domain.
    pub domain: u32,
    /// Bus.
    pub bus: u8,
    /// Device.
    pub devid: u8,
    /// Function.
    pub function: u8,
}

const _: () = assert!(size_of::<rte_pci_addr>() == 8);

/// Room for "XXXXXXXX:XX:XX.X" and its terminator (`PCI_PRI_STR_SIZE`).
pub const PCI_PRI_STR_SIZE: usize = 17;

/// Reads a hex number with the C library's `strtoul` rules (as the
/// reference does) from `p`: the value and where it stopped.
///
/// # Safety
/// `p` points into a NUL-terminated string.
unsafe fn hex(p: *const c_char) -> (u64, *const c_char, bool) {
    let mut end: *mut c_char = std::ptr::null_mut();
    // SAFETY: errno is thread-local; p is a string.
    unsafe {
        *libc::__errno_location() = 0;
        let v = libc::strtoul(p, &mut end, 16);
        (v as u64, end, *libc::__errno_location() != 0)
    }
}

/// One 8-bit field ending with `dlm`: no empty field, no leading space or
/// minus sign, at most 0xff. Returns what follows the delimiter.
///
/// # Safety
/// `p` points into a NUL-terminated string.
unsafe fn u8_field(p: *const c_char, out: &mut u8, dlm: u8) -> Option<*const c_char> {
    // SAFETY: within the string.
    let c0 = unsafe { *p } as u8;
    if c0 == 0 || c0 == b' ' || c0 == b'-' {
        return None;
    }
    // SAFETY: as above.
    let (v, end, err) = unsafe { hex(p) };
    // SAFETY: end is within the string.
    if err || unsafe { *end } as u8 != dlm || v > u8::MAX as u64 {
        return None;
    }
    *out = v as u8;
    // SAFETY: end is at the delimiter, not past the terminator (unless the
    // delimiter is the terminator, after which nothing is read).
    Some(unsafe { end.add(1) })
}

/// # Safety
/// `s` a NUL-terminated string.
unsafe fn parse_bdf(s: *const c_char, a: &mut rte_pci_addr) -> bool {
    a.domain = 0;
    // SAFETY: each step stays within the string.
    unsafe {
        let Some(p) = u8_field(s, &mut a.bus, b':') else { return false };
        let Some(p) = u8_field(p, &mut a.devid, b'.') else { return false };
        u8_field(p, &mut a.function, 0).is_some()
    }
}

/// # Safety
/// `s` a NUL-terminated string.
unsafe fn parse_dbdf(s: *const c_char, a: &mut rte_pci_addr) -> bool {
    // No leading space or minus sign (strtoul would wrap a negative).
    // SAFETY: within the string.
    if matches!(unsafe { *s } as u8, b' ' | b'-') {
        return false;
    }
    // SAFETY: as above.
    let (v, end, err) = unsafe { hex(s) };
    // SAFETY: end within the string.
    if err || unsafe { *end } as u8 != b':' || v > u32::MAX as u64 {
        return false;
    }
    a.domain = v as u32;
    // SAFETY: each step stays within the string.
    unsafe {
        let Some(p) = u8_field(end.add(1), &mut a.bus, b':') else { return false };
        let Some(p) = u8_field(p, &mut a.devid, b'.') else { return false };
        u8_field(p, &mut a.function, 0).is_some()
    }
}

/// Parses "BB:DD.F" (domain 0) or "DDDD:BB:DD.F" (all fields hex): 0, or
/// -1 for anything else (fields parsed before the error may be written).
///
/// # Safety
/// `str_` NULL or a string; `addr` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_addr_parse(str_: *const c_char, addr: *mut rte_pci_addr) -> c_int {
    entry!("rte_pci_addr_parse", -1, {
        if str_.is_null() || addr.is_null() {
            return -1;
        }
        // SAFETY: per the contract.
        let a = unsafe { &mut *addr };
        // SAFETY: str_ is a string.
        if unsafe { parse_bdf(str_, a) || parse_dbdf(str_, a) } {
            0
        } else {
            -1
        }
    })
}

/// Orders two addresses by (domain, bus, devid, function): -1, 0 or 1;
/// -1 when either is NULL.
///
/// # Safety
/// Each NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_addr_cmp(addr: *const rte_pci_addr, addr2: *const rte_pci_addr) -> c_int {
    entry!("rte_pci_addr_cmp", -1, {
        if addr.is_null() || addr2.is_null() {
            return -1;
        }
        let key = |a: &rte_pci_addr| {
            ((a.domain as u64) << 24) | ((a.bus as u64) << 16) | ((a.devid as u64) << 8) | a.function as u64
        };
        // SAFETY: readable per the contract.
        let (x, y) = unsafe { (key(&*addr), key(&*addr2)) };
        match x.cmp(&y) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }
    })
}

/// The address as "DDDD:BB:DD.F" (lowercase hex, domain at least 4
/// digits) into `output`; a buffer under PCI_PRI_STR_SIZE bytes is left
/// untouched with a log line.
///
/// # Safety
/// `addr` NULL or readable; `output` NULL or writable for `size` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_pci_device_name(addr: *const rte_pci_addr, output: *mut c_char, size: usize) {
    entry!("rte_pci_device_name", (), {
        if addr.is_null() || output.is_null() || size < PCI_PRI_STR_SIZE {
            rte_log!(
                ERR,
                EAL,
                "EAL: rte_pci_device_name(): output size {size} under {PCI_PRI_STR_SIZE} or NULL pointer\n"
            );
            return;
        }
        // SAFETY: readable per the contract.
        let a = unsafe { *addr };
        let s = format!("{:04x}:{:02x}:{:02x}.{:x}", a.domain, a.bus, a.devid, a.function);
        let n = s.len().min(size - 1);
        // SAFETY: output writable for size bytes and n < size.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), output.cast::<u8>(), n);
            *output.add(n) = 0;
        }
    })
}

/// Text of an address (tests and logs).
pub fn name(a: &rte_pci_addr) -> String {
    format!("{:04x}:{:02x}:{:02x}.{:x}", a.domain, a.bus, a.devid, a.function)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Option<rte_pci_addr> {
        let c = std::ffi::CString::new(s).unwrap();
        let mut a = rte_pci_addr::default();
        // SAFETY: a string and a writable address.
        (unsafe { rte_pci_addr_parse(c.as_ptr(), &mut a) } == 0).then_some(a)
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(parse("0000:08:00.1"), Some(rte_pci_addr { domain: 0, bus: 8, devid: 0, function: 1 }));
        assert_eq!(parse("08:1f.7"), Some(rte_pci_addr { domain: 0, bus: 8, devid: 0x1f, function: 7 }));
        assert_eq!(parse("abcd1234:ff:1f.a").map(|a| a.domain), Some(0xabcd1234));
        for bad in
            ["", "08:00", "0000:08:00", " 08:00.0", "08:00.0 ", "100:00.0", "0000:08:-1.0", "zz:00.0", "-0:00:00.0"]
        {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
