//! Types of `rte_ring_core.h`: the ring header that reference inline code
//! reads and writes directly (head/tail protocol), so its layout is the ABI.

use core::ffi::{c_char, c_int};
use core::mem::{offset_of, size_of};

use crate::memory::rte_memzone;

/// Prefix of a ring's memzone name.
pub const RTE_RING_MZ_PREFIX: &str = "RG_";
/// Length of a ring name, NUL included (memzone name minus the prefix).
pub const RTE_RING_NAMESIZE: u32 = 29;
/// The default enqueue is single-producer.
pub const RING_F_SP_ENQ: u32 = 0x0001;
/// The default dequeue is single-consumer.
pub const RING_F_SC_DEQ: u32 = 0x0002;
/// The ring holds exactly the requested count (size rounded up inside).
pub const RING_F_EXACT_SZ: u32 = 0x0004;
/// Largest ring size.
pub const RTE_RING_SZ_MASK: u32 = 0x7fff_ffff;
/// The default enqueue is multi-producer RTS.
pub const RING_F_MP_RTS_ENQ: u32 = 0x0008;
/// The default dequeue is multi-consumer RTS.
pub const RING_F_MC_RTS_DEQ: u32 = 0x0010;
/// The default enqueue is multi-producer HTS.
pub const RING_F_MP_HTS_ENQ: u32 = 0x0020;
/// The default dequeue is multi-consumer HTS.
pub const RING_F_MC_HTS_DEQ: u32 = 0x0040;

/// `enum rte_ring_sync_type` values.
pub const RTE_RING_SYNC_MT: u32 = 0;
/// Single thread.
pub const RTE_RING_SYNC_ST: u32 = 1;
/// Multi-thread relaxed tail sync.
pub const RTE_RING_SYNC_MT_RTS: u32 = 2;
/// Multi-thread head/tail sync.
pub const RTE_RING_SYNC_MT_HTS: u32 = 3;

/// One side (producer or consumer) in its classic MP/SP form; the HTS and
/// RTS forms overlay the same 64-byte cache line.
#[repr(C)]
pub struct rte_ring_headtail {
    /// Head (the next slot to claim).
    pub head: u32,
    /// Tail (the next slot to publish).
    pub tail: u32,
    /// `enum rte_ring_sync_type` (a union with `single` in C).
    pub sync_type: u32,
}

/// A 64-byte, cache-aligned side of the ring (prod or cons), viewed as raw
/// words: offsets 0..8 are head/tail (or the HTS/RTS 64-bit words).
#[repr(C, align(64))]
pub struct rte_ring_side {
    /// The words of all three layouts.
    pub words: [u32; 16],
}

/// The ring header; the slots follow it.
#[repr(C, align(64))]
pub struct rte_ring {
    /// Name.
    pub name: [c_char; 29],
    /// RING_F_* flags.
    pub flags: c_int,
    /// The memzone holding the ring (NULL for `rte_ring_init` rings).
    pub memzone: *const rte_memzone,
    /// Number of slots (a power of two).
    pub size: u32,
    /// `size - 1`.
    pub mask: u32,
    /// How many entries it can hold.
    pub capacity: u32,
    /// Cache line guard.
    pub pad0: [u8; 68],
    /// Producer side.
    pub prod: rte_ring_side,
    /// Guard.
    pub pad1: [u8; 64],
    /// Consumer side.
    pub cons: rte_ring_side,
    /// Guard.
    pub pad2: [u8; 64],
}

const _: () = {
    assert!(size_of::<rte_ring>() == 384);
    assert!(offset_of!(rte_ring, flags) == 32 && offset_of!(rte_ring, memzone) == 40);
    assert!(offset_of!(rte_ring, size) == 48 && offset_of!(rte_ring, capacity) == 56);
    assert!(offset_of!(rte_ring, prod) == 128 && offset_of!(rte_ring, cons) == 256);
};
