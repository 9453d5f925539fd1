//! Pseudo-random numbers: one combined LFSR (L'Ecuyer's lfsr258, the
//! generator the reference uses) per lcore, plus one shared by threads that
//! have no lcore id. State words are relaxed atomics, so concurrent use of
//! the shared state is a benign race rather than undefined behaviour.

use std::sync::atomic::{AtomicU64, Ordering};

use rte_abi::config::RTE_MAX_LCORE;

use crate::tls;

struct State([AtomicU64; 5]);

static STATES: [State; RTE_MAX_LCORE as usize + 1] =
    [const { State([const { AtomicU64::new(0) }; 5]) }; RTE_MAX_LCORE as usize + 1];

/// Minimum value of each component (lfsr258 needs z_i above these).
const MIN: [u64; 5] = [2, 512, 4096, 131072, 8388608];

fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seeds every lcore's generator from `seed`.
pub fn srand(seed: u64) {
    for (i, st) in STATES.iter().enumerate() {
        let mut x = seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407);
        for (k, z) in st.0.iter().enumerate() {
            let mut v = splitmix(&mut x);
            if v < MIN[k] {
                v += MIN[k];
            }
            z.store(v, Ordering::Relaxed);
        }
    }
}

fn step(z: &AtomicU64, a: u32, b: u32, c: u64, d: u32) -> u64 {
    let mut v = z.load(Ordering::Relaxed);
    if v == 0 {
        srand(tsc_seed());
        v = z.load(Ordering::Relaxed);
    }
    let t = ((v << a) ^ v) >> b;
    let v = ((v & c) << d) ^ t;
    z.store(v, Ordering::Relaxed);
    v
}

fn tsc_seed() -> u64 {
    crate::tsc::rdtsc() ^ (std::process::id() as u64) << 32
}

/// A 64-bit pseudo-random number from this lcore's generator.
pub fn rand() -> u64 {
    let id = tls::lcore_id();
    let st = &STATES[if id < RTE_MAX_LCORE { id as usize } else { RTE_MAX_LCORE as usize }];
    let z = &st.0;
    step(&z[0], 1, 53, 18446744073709551614, 10)
        ^ step(&z[1], 24, 50, 18446744073709551104, 5)
        ^ step(&z[2], 3, 23, 18446744073709547520, 29)
        ^ step(&z[3], 5, 24, 18446744073709420544, 23)
        ^ step(&z[4], 3, 33, 18446744073701163008, 8)
}

/// A uniformly distributed number in `[0, upper)` (0 when `upper` < 2).
pub fn rand_max(upper: u64) -> u64 {
    if upper < 2 {
        return 0;
    }
    let mask = u64::MAX >> (upper - 1).leading_zeros();
    loop {
        let r = rand() & mask;
        if r < upper {
            return r;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_sequences_repeat_and_bounds_hold() {
        srand(42);
        let a: Vec<u64> = (0..8).map(|_| rand()).collect();
        srand(42);
        let b: Vec<u64> = (0..8).map(|_| rand()).collect();
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0] != w[1]));
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[rand_max(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 700), "{seen:?}");
        assert_eq!(rand_max(1), 0);
        assert_eq!(rand_max(0), 0);
    }
}
