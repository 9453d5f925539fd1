//! Element headers: the 64-byte cache line in front of every element, the
//! trailer cookie after every user area, the free-list size classes, and
//! checked alignment arithmetic.
//!
//! ```text
//!  element (64-aligned, size a multiple of 64)
//!  +-----------+-----------------+-----------------------+--------+------+
//!  | header    | [pad: 64 B when | user area: requested  | cookie | slack|
//!  | 64 B      |  PAD marker]    | size rounded up to 8  | 8 B    |      |
//!  +-----------+-----------------+-----------------------+--------+------+
//!  ^ e         ^ e + 64          ^ user = e + 64 + pad
//! ```
//!
//! With a PAD, the cache line right before the user area holds a PAD marker
//! (`magic = MAGIC_PAD`, `pad`), so that `user - 64` always leads to the real
//! header: `user - 64 - pad`.

use core::mem::{align_of, size_of};

/// Bytes of an element header (one cache line).
pub const HDR: usize = 64;
/// Granularity of element addresses and sizes; also the default alignment.
pub const ELEM_ALIGN: usize = 64;
/// Bytes of the trailer cookie.
pub const TRAILER: usize = 8;
/// Smallest element: a header and one cache line of data. A leftover smaller
/// than this cannot stand alone: it stays inside its neighbour (as slack or
/// as a PAD).
pub const MIN_ELEM_SIZE: usize = 2 * HDR;
/// The trailer cookie written right after every user area.
pub const COOKIE: u64 = 0x5afe_c00c_1e5a_fe00;

/// Header state: free, on a free list.
pub const MAGIC_FREE: u32 = 0xe1e7_f4ee;
/// Header state: allocated.
pub const MAGIC_BUSY: u32 = 0xe1e7_b05e;
/// PAD marker right before a user area; `pad` leads back to the header.
pub const MAGIC_PAD: u32 = 0xe1e7_9ad0;
/// A header that no longer heads an element (absorbed by a neighbour, PAD
/// marker of a freed element, or memory removed from the heap).
pub const MAGIC_DEAD: u32 = 0xe1e7_dead;

/// Number of free lists (size classes).
pub const NB_FREELISTS: usize = 13;

/// The element header, exactly one cache line on every target.
///
/// All addresses are plain virtual addresses (0 = none); every process maps
/// heap memory at the same addresses.
#[repr(C, align(64))]
#[derive(Clone, Copy, Debug, Default)]
pub struct Hdr {
    /// MAGIC_FREE, MAGIC_BUSY, MAGIC_PAD (marker) or MAGIC_DEAD.
    pub magic: u32,
    /// Bytes between the end of the header and the PAD marker's end, i.e.
    /// `user - (e + HDR)`: 0, or less than MIN_ELEM_SIZE.
    pub pad: u32,
    /// Address of the owning `HeapState`.
    pub heap: usize,
    /// Previous element in address order in the same contiguous region.
    pub prev: usize,
    /// Next element in address order in the same contiguous region.
    pub next: usize,
    /// Bytes of the element, header included, up to the next element.
    pub size: usize,
    /// Requested size (busy elements).
    pub req: usize,
    /// Previous element on the same free list (free elements).
    pub fprev: usize,
    /// Next element on the same free list (free elements).
    pub fnext: usize,
}

const _: () = assert!(size_of::<Hdr>() == HDR && align_of::<Hdr>() == ELEM_ALIGN);

/// Free-list index for an element of `size` bytes: list 0 holds sizes up to
/// 256, list n sizes in (256 * 4^(n-1), 256 * 4^n], the last list the rest.
pub fn class_of(size: usize) -> usize {
    if size <= 256 {
        return 0;
    }
    // ceil(log2(size)) for size > 1.
    let log2 = (usize::BITS - (size - 1).leading_zeros()) as usize;
    ((log2 - 8).div_ceil(2)).min(NB_FREELISTS - 1)
}

/// `x` rounded up to `a` (a power of two), None on overflow.
pub fn align_up(x: usize, a: usize) -> Option<usize> {
    debug_assert!(a.is_power_of_two());
    Some(x.checked_add(a - 1)? & !(a - 1))
}

/// `x` rounded down to `a` (a power of two).
pub fn align_down(x: usize, a: usize) -> usize {
    debug_assert!(a.is_power_of_two());
    x & !(a - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_are_powers_of_four_from_256() {
        assert_eq!(class_of(1), 0);
        assert_eq!(class_of(256), 0);
        assert_eq!(class_of(257), 1);
        assert_eq!(class_of(1024), 1);
        assert_eq!(class_of(1025), 2);
        assert_eq!(class_of(4096), 2);
        assert_eq!(class_of(1 << 20), 6);
        assert_eq!(class_of((1 << 20) + 1), 7);
        assert_eq!(class_of(1 << 30), 11);
        assert_eq!(class_of((1 << 30) + 1), 12);
        assert_eq!(class_of(usize::MAX), 12);
    }

    #[test]
    fn alignment_helpers_do_not_overflow() {
        assert_eq!(align_up(65, 64), Some(128));
        assert_eq!(align_up(128, 64), Some(128));
        assert_eq!(align_up(usize::MAX - 3, 64), None);
        assert_eq!(align_down(127, 64), 64);
    }
}
