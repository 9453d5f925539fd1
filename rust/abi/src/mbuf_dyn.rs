//! Types of `rte_mbuf_dyn.h`: requests for dynamic mbuf fields and flags.
//! The C header writes the structs by hand; cbindgen emits the constants.

use core::ffi::{c_char, c_uint};
use core::mem::{offset_of, size_of};

/// Length of a dynamic field or flag name, NUL included.
pub const RTE_MBUF_DYN_NAMESIZE: u32 = 64;

/// `struct rte_mbuf_dynfield`: a dynamic field request.
#[repr(C)]
pub struct rte_mbuf_dynfield {
    /// Name.
    pub name: [c_char; 64],
    /// Size in bytes.
    pub size: usize,
    /// Alignment (a power of two).
    pub align: usize,
    /// Reserved, must be 0.
    pub flags: c_uint,
}

const _: () = {
    assert!(size_of::<rte_mbuf_dynfield>() == 88);
    assert!(offset_of!(rte_mbuf_dynfield, size) == 64);
    assert!(offset_of!(rte_mbuf_dynfield, align) == 72);
    assert!(offset_of!(rte_mbuf_dynfield, flags) == 80);
};

/// `struct rte_mbuf_dynflag`: a dynamic flag request.
#[repr(C)]
pub struct rte_mbuf_dynflag {
    /// Name.
    pub name: [c_char; 64],
    /// Reserved, must be 0.
    pub flags: c_uint,
}

const _: () = assert!(size_of::<rte_mbuf_dynflag>() == 68);
