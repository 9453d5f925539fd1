//! `rte_cycles.h`: TSC frequency and delays.

use rte_eal::tsc;

/// Timer source read by the inline `rte_get_timer_cycles()`: 0 is
/// `EAL_TIMER_TSC`, the only source built (as in the reference's build).
/// Writable, as in the reference (an `enum timer_source` in `.data`).
#[no_mangle]
pub static eal_timer_source: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The delay function the inline `rte_delay_us()` calls through: busy-wait
/// by default, replaced by `rte_delay_us_callback_register`.
#[no_mangle]
pub static rte_delay_us: std::sync::atomic::AtomicPtr<std::ffi::c_void> =
    std::sync::atomic::AtomicPtr::new(rte_delay_us_block as *mut std::ffi::c_void);

/// The TSC frequency in Hz (measured once at init).
#[no_mangle]
pub extern "C" fn rte_get_tsc_hz() -> u64 {
    entry!("rte_get_tsc_hz", 0, { tsc::hz() })
}

/// Busy-waits `us` microseconds.
#[no_mangle]
pub extern "C" fn rte_delay_us_block(us: u32) {
    entry!("rte_delay_us_block", (), { tsc::delay_us_block(us) })
}

/// Sleeps `us` microseconds (yielding the CPU).
#[no_mangle]
pub extern "C" fn rte_delay_us_sleep(us: u32) {
    entry!("rte_delay_us_sleep", (), { tsc::delay_us_sleep(us) })
}

/// Makes `rte_delay_us` call `userfunc` (NULL restores the busy-wait).
#[no_mangle]
pub extern "C" fn rte_delay_us_callback_register(userfunc: Option<extern "C" fn(u32)>) {
    let f = match userfunc {
        Some(f) => f as *mut std::ffi::c_void,
        None => rte_delay_us_block as *mut std::ffi::c_void,
    };
    rte_delay_us.store(f, std::sync::atomic::Ordering::Release);
}
