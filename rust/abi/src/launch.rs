//! Types of `rte_launch.h`.

/// State of an lcore.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_lcore_state_t {
    /// Waiting for a new command.
    WAIT,
    /// Executing a command.
    RUNNING,
}

/// Whether `rte_eal_mp_remote_launch` also runs the function on the main lcore.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_rmt_call_main_t {
    /// The handler is not executed by the main lcore.
    SKIP_MAIN = 0,
    /// The handler is executed by the main lcore too.
    CALL_MAIN,
}
