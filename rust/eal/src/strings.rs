//! String and dump helpers of `rte_string_fns.h` and `rte_hexdump.h`.

/// `rte_hexdump`'s lines: a title line, then per 16 bytes the offset, the
/// bytes in hex and their printable characters.
pub fn hexdump_lines(title: &str, addr: usize, data: &[u8]) -> Vec<String> {
    let mut out = vec![format!("{title} at [{addr:#x}], len={}", data.len())];
    for (n, chunk) in data.chunks(16).enumerate() {
        let mut line = format!("{:08X}:", n * 16);
        for i in 0..16 {
            match chunk.get(i) {
                Some(b) => line.push_str(&format!(" {b:02X}")),
                None => line.push_str("   "),
            }
        }
        line.push_str(" | ");
        line.extend(chunk.iter().map(|&b| if (b' '..=b'~').contains(&b) { b as char } else { '.' }));
        out.push(line);
    }
    out
}

/// `rte_memdump`'s lines: a title line, then the bytes in hex, 16 a line.
pub fn memdump_lines(title: &str, addr: usize, data: &[u8]) -> Vec<String> {
    let mut out = vec![format!("{title}: [{addr:#x}], len={}", data.len())];
    for chunk in data.chunks(16) {
        out.push(chunk.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" "));
    }
    out
}

/// Splits `buf` in place at `delim` (the delimiter bytes become NUL), as
/// `rte_strsplit` does: scanning stops at the first NUL, at the end of the
/// buffer, or once `max` tokens are found. Returns the token start offsets.
pub fn split_in_place(buf: &mut [u8], delim: u8, max: usize) -> Vec<usize> {
    let mut tokens = Vec::new();
    let mut start = true;
    for i in 0..buf.len() {
        if buf[i] == 0 || tokens.len() >= max {
            break;
        }
        if start {
            start = false;
            tokens.push(i);
        }
        if buf[i] == delim {
            buf[i] = 0;
            start = true;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_matches_the_reference_rules() {
        let mut b = *b"a,b,,c\0zz";
        let t = split_in_place(&mut b, b',', 8);
        assert_eq!(t, vec![0, 2, 4, 5]);
        assert_eq!(&b[..7], b"a\0b\0\0c\0");
        let mut b = *b"a,b,c";
        assert_eq!(split_in_place(&mut b, b',', 2), vec![0, 2]);
        assert_eq!(split_in_place(&mut [], b',', 2), Vec::<usize>::new());
    }

    #[test]
    fn hexdump_layout() {
        let l = hexdump_lines("t", 0x10, b"ABC\x01");
        assert_eq!(l[0], "t at [0x10], len=4");
        assert!(l[1].starts_with("00000000: 41 42 43 01   "));
        assert!(l[1].ends_with(" | ABC."));
        assert_eq!(hexdump_lines("x", 0, &[0u8; 17]).len(), 3);
    }
}
