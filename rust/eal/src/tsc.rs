//! The time-stamp counter: reading it, and its frequency, which
//! `rte_eal_init` establishes once. The frequency comes from CPUID when the
//! CPU or hypervisor reports it, else from a 10 ms measurement against
//! CLOCK_MONOTONIC_RAW rounded to 10 MHz (the reference measures 100 ms).

use std::sync::atomic::{AtomicU64, Ordering};

static TSC_HZ: AtomicU64 = AtomicU64::new(0);

/// Reads the TSC.
#[inline]
pub fn rdtsc() -> u64 {
    // SAFETY: rdtsc has no preconditions on x86-64.
    unsafe { core::arch::x86_64::_rdtsc() }
}

fn cpuid(leaf: u32) -> core::arch::x86_64::CpuidResult {
    core::arch::x86_64::__cpuid_count(leaf, 0)
}

/// The TSC frequency CPUID reports, if any.
pub fn cpuid_hz() -> Option<u64> {
    let max = cpuid(0).eax;
    if max >= 0x15 {
        let r = cpuid(0x15);
        if r.eax != 0 && r.ebx != 0 && r.ecx != 0 {
            return Some(r.ecx as u64 * r.ebx as u64 / r.eax as u64);
        }
    }
    let hypervisor = cpuid(1).ecx & (1 << 31) != 0;
    if hypervisor && cpuid(0x4000_0000).eax >= 0x4000_0010 {
        let khz = cpuid(0x4000_0010).eax;
        if khz != 0 {
            return Some(khz as u64 * 1000);
        }
    }
    None
}

fn monotonic_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec passed.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC_RAW, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Measures the TSC against the monotonic clock over `window_ns`.
pub fn measure_hz(window_ns: u64) -> u64 {
    let (t0, c0) = (monotonic_ns(), rdtsc());
    let (mut t1, mut c1);
    loop {
        t1 = monotonic_ns();
        c1 = rdtsc();
        if t1 - t0 >= window_ns {
            break;
        }
        std::hint::spin_loop();
    }
    let hz = (c1 - c0) as u128 * 1_000_000_000 / (t1 - t0) as u128;
    hz as u64
}

/// Establishes the TSC frequency (once) and returns it.
pub fn calibrate() -> u64 {
    let cur = TSC_HZ.load(Ordering::Relaxed);
    if cur != 0 {
        return cur;
    }
    let hz = cpuid_hz().unwrap_or_else(|| {
        let hz = measure_hz(10_000_000);
        (hz + 5_000_000) / 10_000_000 * 10_000_000
    });
    TSC_HZ.store(hz, Ordering::Relaxed);
    hz
}

/// The TSC frequency (calibrating first if `rte_eal_init` has not).
pub fn hz() -> u64 {
    match TSC_HZ.load(Ordering::Relaxed) {
        0 => calibrate(),
        hz => hz,
    }
}

/// Busy-waits `us` microseconds.
pub fn delay_us_block(us: u32) {
    let start = rdtsc();
    let ticks = hz() as u128 * us as u128 / 1_000_000;
    while ((rdtsc() - start) as u128) < ticks {
        std::hint::spin_loop();
    }
}

/// Sleeps `us` microseconds.
pub fn delay_us_sleep(us: u32) {
    std::thread::sleep(std::time::Duration::from_micros(us as u64));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequency_is_plausible_and_delay_waits() {
        let hz = hz();
        assert!((100_000_000..20_000_000_000).contains(&hz), "{hz}");
        let t0 = std::time::Instant::now();
        delay_us_block(2000);
        let e = t0.elapsed().as_micros();
        assert!((1900..200_000).contains(&e), "{e}");
        let m = measure_hz(5_000_000) as f64;
        assert!((m / hz as f64 - 1.0).abs() < 0.05, "{m} vs {hz}");
    }
}
