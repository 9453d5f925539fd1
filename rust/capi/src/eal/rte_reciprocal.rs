//! `rte_reciprocal.h`: division by an invariant divisor as a multiply and
//! two shifts (the inline `rte_reciprocal_divide*` read these fields).

/// Multiplier and shifts for a 32-bit divisor.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_reciprocal {
    /// Magic multiplier.
    pub m: u32,
    /// First shift.
    pub sh1: u8,
    /// Second shift.
    pub sh2: u8,
}

/// Multiplier and shifts for a 64-bit divisor.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_reciprocal_u64 {
    /// Magic multiplier.
    pub m: u64,
    /// First shift.
    pub sh1: u8,
    /// Second shift.
    pub sh2: u8,
}

const _: () = {
    assert!(size_of::<rte_reciprocal>() == 8);
    assert!(size_of::<rte_reciprocal_u64>() == 16);
};

/// The reciprocal of 32-bit `d` (d > 0): with l = ceil(log2 d),
/// m = floor(2^32 * (2^l - d) / d) + 1, sh1 = min(l, 1), sh2 = max(l - 1, 0).
#[no_mangle]
pub extern "C" fn rte_reciprocal_value(d: u32) -> rte_reciprocal {
    entry!("rte_reciprocal_value", rte_reciprocal { m: 0, sh1: 0, sh2: 0 }, {
        // Number of significant bits of d - 1 (0 for d = 1 and d = 0).
        let l = 32 - d.wrapping_sub(1).leading_zeros() as i32;
        let num = (1u64 << 32).wrapping_mul((1u64 << l).wrapping_sub(d as u64));
        let m = if d == 0 { 0 } else { num / d as u64 }.wrapping_add(1);
        rte_reciprocal { m: m as u32, sh1: l.min(1) as u8, sh2: (l - 1).max(0) as u8 }
    })
}

/// The reciprocal of 64-bit `d` (d > 0), for `rte_reciprocal_divide_u64`:
/// with l = floor(log2 d), m = 2 * floor(2^(64+l) / d) rounded up from the
/// doubled remainder, plus one (exactly 1 when d is a power of two).
#[no_mangle]
pub extern "C" fn rte_reciprocal_value_u64(d: u64) -> rte_reciprocal_u64 {
    entry!("rte_reciprocal_value_u64", rte_reciprocal_u64 { m: 0, sh1: 0, sh2: 0 }, {
        if d == 0 {
            return rte_reciprocal_u64 { m: 0, sh1: 0, sh2: 0 };
        }
        let l = 63 - d.leading_zeros();
        let num = (1u128 << l) << 64;
        let q = (num / d as u128) as u64;
        let r = (num % d as u128) as u64;
        let mut m = q << 1;
        // The doubled remainder overflowing or reaching d rounds m up.
        let r2 = r << 1;
        if r2 < r || r2 >= d {
            m = m.wrapping_add(1);
        }
        let m = if (1u64 << l) != d { m.wrapping_add(1) } else { 1 };
        let sh1 = if l > 1 { 1 } else { l as u8 };
        let mut sh2 = l as u8;
        if sh2 != 0 && m == 1 {
            sh2 -= 1;
        }
        rte_reciprocal_u64 { m, sh1, sh2 }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn div32(a: u32, r: &rte_reciprocal) -> u32 {
        let t = ((a as u64 * r.m as u64) >> 32) as u32;
        (t + ((a - t) >> r.sh1)) >> r.sh2
    }

    fn div64(a: u64, r: &rte_reciprocal_u64) -> u64 {
        let q = ((a as u128 * r.m as u128) >> 64) as u64;
        let t = ((a - q) >> r.sh1) + q;
        t >> r.sh2
    }

    #[test]
    fn divides_like_the_cpu() {
        for d in [1u32, 2, 3, 5, 7, 10, 64, 100, 1000, 65535, 0x8000_0001, u32::MAX] {
            let r = rte_reciprocal_value(d);
            for a in [0u32, 1, 2, 99, 12345, 0x7fff_ffff, u32::MAX - 1, u32::MAX] {
                assert_eq!(div32(a, &r), a / d, "{a} / {d}");
            }
        }
        for d in [1u64, 2, 3, 7, 10, 1 << 40, (1 << 40) + 1, 1_000_000_007, u64::MAX] {
            let r = rte_reciprocal_value_u64(d);
            for a in [0u64, 1, 5, 1 << 50, 123_456_789_012_345, u64::MAX - 1, u64::MAX] {
                assert_eq!(div64(a, &r), a / d, "{a} / {d}");
            }
        }
    }
}
