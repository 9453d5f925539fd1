//! Builds the C shim that defines the exported thread-local variables
//! (`per_lcore__lcore_id` and friends): stable Rust cannot export TLS.
fn main() {
    println!("cargo:rerun-if-changed=csrc/tls.c");
    cc::Build::new()
        .file("csrc/tls.c")
        .flag("-fPIC")
        .flag("-ftls-model=initial-exec")
        .warnings(true)
        .compile("rte_eal_tls");
}
