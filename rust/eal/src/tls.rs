//! Safe access to the exported thread-local variables defined in `csrc/tls.c`.

extern "C" {
    fn rte_rs_tls_lcore_id() -> u32;
    fn rte_rs_tls_set_lcore_id(id: u32);
    fn rte_rs_tls_errno() -> i32;
    fn rte_rs_tls_set_errno(e: i32);
    fn rte_rs_tls_thread_id() -> i32;
    fn rte_rs_tls_set_thread_id(id: i32);
}

/// This thread's lcore id (`LCORE_ID_ANY` for a thread that has none).
pub fn lcore_id() -> u32 {
    // SAFETY: reads this thread's own TLS variable; no arguments.
    unsafe { rte_rs_tls_lcore_id() }
}

/// Sets this thread's lcore id.
pub fn set_lcore_id(id: u32) {
    // SAFETY: writes this thread's own TLS variable.
    unsafe { rte_rs_tls_set_lcore_id(id) }
}

/// This thread's `rte_errno`.
pub fn errno() -> i32 {
    // SAFETY: reads this thread's own TLS variable.
    unsafe { rte_rs_tls_errno() }
}

/// Sets this thread's `rte_errno`.
pub fn set_errno(e: i32) {
    // SAFETY: writes this thread's own TLS variable.
    unsafe { rte_rs_tls_set_errno(e) }
}

/// This thread's kernel thread id, cached in `per_lcore__thread_id`.
pub fn thread_id() -> i32 {
    // SAFETY: reads and writes this thread's own TLS variable.
    unsafe {
        let id = rte_rs_tls_thread_id();
        if id != -1 {
            return id;
        }
        let id = libc::gettid();
        rte_rs_tls_set_thread_id(id);
        id
    }
}
