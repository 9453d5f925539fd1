//! Types of `rte_lcore.h`.

/// The role an lcore plays.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_lcore_role_t {
    /// An EAL thread launched by `rte_eal_init`.
    ROLE_RTE,
    /// Not in use.
    ROLE_OFF,
    /// A service core.
    ROLE_SERVICE,
    /// A registered non-EAL thread.
    ROLE_NON_EAL,
}

/// The lcore id of a thread that has none.
pub const LCORE_ID_ANY: u32 = u32::MAX;
