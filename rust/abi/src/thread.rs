//! Types of `rte_thread.h`.

/// An opaque thread identifier (a `pthread_t` on Linux).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct rte_thread_t {
    /// The platform thread id.
    pub opaque_id: usize,
}

const _: () = assert!(core::mem::size_of::<rte_thread_t>() == 8);
