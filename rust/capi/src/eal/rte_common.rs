//! The functions of `rte_common.h`.

use std::ffi::{c_char, CStr};

/// Parses a size such as "64", "0x40", "2M" or "1 G" (suffixes K, M and G,
/// either case, powers of 1024; like the reference, no T). Returns 0 for a NULL, negative or
/// unparsable string or one that overflows.
///
/// # Safety
/// `str` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_str_to_size(str: *const c_char) -> u64 {
    entry!("rte_str_to_size", 0, {
        if str.is_null() {
            return 0;
        }
        // SAFETY: non-null, valid string per the contract.
        let s = unsafe { CStr::from_ptr(str) }.to_string_lossy();
        parse_size(&s).unwrap_or(0)
    })
}

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim_start();
    let digits_end = if s.starts_with("0x") || s.starts_with("0X") {
        2 + s[2..].find(|c: char| !c.is_ascii_hexdigit()).unwrap_or(s.len() - 2)
    } else {
        s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())
    };
    let (num, rest) = s.split_at(digits_end);
    let n = rte_eal::options::parse_u64(num)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let shift = match rest.chars().next() {
        Some('K' | 'k') => 10,
        Some('M' | 'm') => 20,
        Some('G' | 'g') => 30,
        _ => 0,
    };
    n.checked_mul(1u64 << shift)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_with_suffixes() {
        assert_eq!(parse_size("64"), Some(64));
        assert_eq!(parse_size(" 2M"), Some(2 << 20));
        assert_eq!(parse_size("1 g"), Some(1 << 30));
        assert_eq!(parse_size("0x10K"), Some(16 << 10));
        assert_eq!(parse_size("-5"), None);
        assert_eq!(parse_size("abc"), None);
        assert_eq!(parse_size("7T"), Some(7));
        assert_eq!(parse_size("99999999999999G"), None);
    }
}
