//! `rte_cpuflags.h`.

use std::ffi::c_int;

/// 1 if this CPU runs code built for the reference's baseline
/// (`-march=corei7`: up to SSE4.2 and POPCNT), else 0.
#[no_mangle]
pub extern "C" fn rte_cpu_is_supported() -> c_int {
    let ok = std::is_x86_feature_detected!("sse4.2") && std::is_x86_feature_detected!("popcnt");
    ok as c_int
}
