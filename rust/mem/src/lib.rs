//! Memory for the EAL: process-shared locks, hugepage discovery, address
//! space reservations and page backends, physical addresses, file-backed
//! arrays, memory segments and the malloc heap engine.
//!
//! No references or slices to shared memory: memory that another process or
//! C inline code can write is reached only through raw pointers with atomic
//! or volatile accessors. Each `unsafe` block states why it is sound.

pub mod config;
pub mod error;
pub mod ext;
pub mod fbarray;
pub mod heap;
pub mod hugepage;
pub mod iova;
pub mod lock;
pub mod malloc;
pub mod memory;
pub mod memzone;
pub mod pages;
pub mod segalloc;

pub use error::Error;
