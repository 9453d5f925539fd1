//! Builds the C shim for what stable Rust cannot define: C-variadic
//! functions (rte_log, rte_exit, __rte_panic) and va_list consumers (rte_vlog).
fn main() {
    println!("cargo:rerun-if-changed=csrc/log.c");
    println!("cargo:rerun-if-changed=csrc/devargs.c");
    cc::Build::new().file("csrc/log.c").file("csrc/devargs.c").flag("-fPIC").warnings(true).compile("rte_capi_shim");
}
