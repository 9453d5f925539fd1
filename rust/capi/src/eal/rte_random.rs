//! `rte_random.h`.

use rte_eal::rand;

/// Seeds every lcore's generator.
#[no_mangle]
pub extern "C" fn rte_srand(seedval: u64) {
    entry!("rte_srand", (), { rand::srand(seedval) })
}

/// A 64-bit pseudo-random number (not cryptographically secure).
#[no_mangle]
pub extern "C" fn rte_rand() -> u64 {
    entry!("rte_rand", 0, { rand::rand() })
}

/// A uniformly distributed pseudo-random number in `[0, upper_bound)`.
#[no_mangle]
pub extern "C" fn rte_rand_max(upper_bound: u64) -> u64 {
    entry!("rte_rand_max", 0, { rand::rand_max(upper_bound) })
}
