//! Types of `rte_fbarray.h`: the file-backed array, shareable between
//! processes. It lives in shared memory (a memseg list embeds one), so Rust
//! code reaches it only through raw pointers (see `rte_mem::fbarray`).

use core::ffi::{c_char, c_uint, c_void};
use core::mem::{align_of, offset_of, size_of};

use crate::memory::rte_rwlock_t;

/// Length of an fbarray's name, NUL included.
pub const RTE_FBARRAY_NAME_LEN: u32 = 64;

/// A file-backed array: `len` elements of `elt_sz` bytes followed by a
/// used-bitmap, shareable between processes.
#[repr(C)]
pub struct rte_fbarray {
    /// Name of the array (and of its backing file).
    pub name: [c_char; 64],
    /// Number of used entries.
    pub count: c_uint,
    /// Number of entries.
    pub len: c_uint,
    /// Size of one entry.
    pub elt_sz: c_uint,
    /// The entries, then the used-bitmap.
    pub data: *mut c_void,
    /// Multi-process lock.
    pub rwlock: rte_rwlock_t,
}

// Layout as in 22.11 (checked again from C by c-tests/layout).
const _: () = {
    assert!(RTE_FBARRAY_NAME_LEN as usize == 64);
    assert!(size_of::<rte_fbarray>() == 96 && align_of::<rte_fbarray>() == 8);
    assert!(offset_of!(rte_fbarray, count) == 64 && offset_of!(rte_fbarray, len) == 68);
    assert!(offset_of!(rte_fbarray, elt_sz) == 72);
    assert!(offset_of!(rte_fbarray, data) == 80 && offset_of!(rte_fbarray, rwlock) == 88);
};
