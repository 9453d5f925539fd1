//! MAC addresses as text: "XX:XX:XX:XX:XX:XX" out; that form or
//! "XXXX:XXXX:XXXX" (three big-endian 16-bit words) in, hex digits of
//! either case, exactly two (or four) digits per group, nothing around.

/// Formats `a` as "01:23:45:67:89:AB" (upper case, 17 characters).
pub fn format(a: &[u8; 6]) -> String {
    let mut s = String::with_capacity(17);
    for (i, b) in a.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push_str(&format!("{b:02X}"));
    }
    s
}

fn hex_group(g: &str, digits: usize) -> Option<u16> {
    if g.len() != digits || !g.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(g, 16).ok()
}

/// Parses either accepted form; None for anything else.
pub fn parse(s: &str) -> Option<[u8; 6]> {
    let groups: Vec<&str> = s.split(':').collect();
    let mut out = [0u8; 6];
    match groups.len() {
        6 => {
            for (o, g) in out.iter_mut().zip(&groups) {
                *o = hex_group(g, 2)? as u8;
            }
        }
        3 => {
            for (i, g) in groups.iter().enumerate() {
                let w = hex_group(g, 4)?;
                out[2 * i] = (w >> 8) as u8;
                out[2 * i + 1] = w as u8;
            }
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let a = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab];
        assert_eq!(format(&a), "01:23:45:67:89:AB");
        assert_eq!(parse("01:23:45:67:89:ab"), Some(a));
        assert_eq!(parse("0123:4567:89AB"), Some(a));
        for bad in [
            "01-23-45-67-89-AB",
            "1:2:3:4:5:6",
            "01:23:45:67:89",
            "01:23:45:67:89:ab ",
            " 01:23:45:67:89:ab",
            "+1:23:45:67:89:ab",
            "fff:ff:ffff",
            "",
            "01:23:45:67:89:abc",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
