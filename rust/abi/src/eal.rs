//! Types of `rte_eal.h`.

/// The type of process in a multi-process setup.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_proc_type_t {
    /// Allow auto-detection of primary/secondary.
    RTE_PROC_AUTO = -1,
    /// The default: owns the shared configuration.
    RTE_PROC_PRIMARY = 0,
    /// Attaches to a primary's shared configuration.
    RTE_PROC_SECONDARY,
    /// Not a valid process type.
    RTE_PROC_INVALID,
}

/// How device addresses (IOVA) relate to virtual and physical addresses.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum rte_iova_mode {
    /// Don't care mode.
    RTE_IOVA_DC = 0,
    /// DMA using physical addresses.
    RTE_IOVA_PA = 1,
    /// DMA using virtual addresses.
    RTE_IOVA_VA = 2,
}

/// Flag of `rte_eal_init`'s callers for `rte_mp_*`; largest name of a
/// multi-process action.
pub const RTE_MP_MAX_NAME_LEN: u32 = 64;
/// Highest number of fds carried in one multi-process message.
pub const RTE_MP_MAX_FD_NUM: u32 = 8;
/// Largest multi-process message parameter block.
pub const RTE_MP_MAX_PARAM_LEN: u32 = 256;
