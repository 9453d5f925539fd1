//! The two CRCs of `rte_net_crc_calc`: CRC-16/CCITT as X.25 uses it
//! (reflected polynomial 0x8408, initial and final value 0xffff) and the
//! Ethernet CRC-32 (reflected 0xedb88320, initial and final 0xffffffff).
//! Table driven, eight bytes a step for CRC-32; every algorithm choice of
//! `rte_net_crc_set_alg` computes the same values.

const fn table32(poly: u32) -> [[u32; 256]; 8] {
    let mut t = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        t[0][i] = c;
        i += 1;
    }
    let mut s = 1;
    while s < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[s - 1][i];
            t[s][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            i += 1;
        }
        s += 1;
    }
    t
}

const fn table16(poly: u16) -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { (c >> 1) ^ poly } else { c >> 1 };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static T32: [[u32; 256]; 8] = table32(0xedb8_8320);
static T16: [u16; 256] = table16(0x8408);

/// Ethernet CRC-32 of `data`.
pub fn crc32_eth(data: &[u8]) -> u32 {
    let mut c = !0u32;
    let mut chunks = data.chunks_exact(8);
    for ch in &mut chunks {
        let lo = u32::from_le_bytes([ch[0], ch[1], ch[2], ch[3]]) ^ c;
        let hi = u32::from_le_bytes([ch[4], ch[5], ch[6], ch[7]]);
        c = T32[7][(lo & 0xff) as usize]
            ^ T32[6][((lo >> 8) & 0xff) as usize]
            ^ T32[5][((lo >> 16) & 0xff) as usize]
            ^ T32[4][(lo >> 24) as usize]
            ^ T32[3][(hi & 0xff) as usize]
            ^ T32[2][((hi >> 8) & 0xff) as usize]
            ^ T32[1][((hi >> 16) & 0xff) as usize]
            ^ T32[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        c = (c >> 8) ^ T32[0][((c ^ b as u32) & 0xff) as usize];
    }
    !c
}

/// CRC-16/CCITT (X.25 form) of `data`.
pub fn crc16_ccitt(data: &[u8]) -> u16 {
    let mut c = 0xffffu16;
    for &b in data {
        c = (c >> 8) ^ T16[((c ^ b as u16) & 0xff) as usize];
    }
    !c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_values() {
        assert_eq!(crc32_eth(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc16_ccitt(b"123456789"), 0x906e);
        assert_eq!(crc32_eth(&[0u8; 64]), 0x758d_6336);
        assert_eq!(crc16_ccitt(&[0u8; 64]), 0xa494);
        assert_eq!(crc32_eth(b""), 0);
        assert_eq!(crc16_ccitt(b""), 0);
    }
}
