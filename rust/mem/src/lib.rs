//! Memory for the EAL: process-shared locks, file-backed arrays, memory
//! segments and the malloc heap engine.
//!
//! No references or slices to shared memory: memory that another process or
//! C inline code can write is reached only through raw pointers with atomic
//! or volatile accessors. Each `unsafe` block states why it is sound.

mod error;
pub mod fbarray;
pub mod lock;

pub use error::Error;
