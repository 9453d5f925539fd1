//! The mempool of DPDK 22.11, the parts that are pure computation or live
//! in pool memory: object sizes (header, element, trailer and the padding
//! that spreads objects over memory channels), memory sizing and object
//! placement in a chunk, the cache flush threshold, and the "stack" store.
//! Pool creation, the ops table and the C entry points are in rte-capi.

pub mod sizing;
pub mod stack;

pub use sizing::*;

/// What is wrong with a mempool request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MempoolError {
    /// A bad size, count or flag (`EINVAL`).
    Invalid(String),
}

impl std::fmt::Display for MempoolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MempoolError::Invalid(m) => f.write_str(m),
        }
    }
}
