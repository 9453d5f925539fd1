//! Builds the C shim for what stable Rust cannot define: C-variadic
//! functions (rte_log, rte_exit, __rte_panic, rte_devargs_parsef), va_list
//! consumers (rte_vlog) and the mempool debug trampolines (they read their
//! return address).
fn main() {
    println!("cargo:rerun-if-changed=csrc/log.c");
    println!("cargo:rerun-if-changed=csrc/devargs.c");
    println!("cargo:rerun-if-changed=csrc/mempool_debug.c");
    cc::Build::new()
        .file("csrc/log.c")
        .file("csrc/devargs.c")
        .file("csrc/mempool_debug.c")
        .flag("-fPIC")
        .warnings(true)
        .compile("rte_capi_shim");
}
