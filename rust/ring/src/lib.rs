//! The ring of DPDK 22.11 on `struct rte_ring` memory: sizing, setting up
//! the header from the flags, resetting, and reading the counters for
//! dumps. The enqueue/dequeue head/tail protocol runs on the same fields
//! from the reference's inline header code; this crate writes those
//! fields only when no thread can be using the ring (init) or through
//! atomics (reset, reads).

pub mod ops;

use std::sync::atomic::{AtomicU32, Ordering};

use rte_abi::ring::*;

/// What is wrong with a ring request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RingError {
    /// Bad count, element size or flags (`EINVAL`).
    Invalid(String),
    /// The name does not fit (`ENAMETOOLONG`).
    NameTooLong,
}

const KNOWN_FLAGS: u32 = RING_F_SP_ENQ
    | RING_F_SC_DEQ
    | RING_F_EXACT_SZ
    | RING_F_MP_RTS_ENQ
    | RING_F_MC_RTS_DEQ
    | RING_F_MP_HTS_ENQ
    | RING_F_MC_HTS_DEQ;

/// Header plus slots, rounded up to a cache line: the memory a ring of
/// `count` elements of `esize` bytes needs.
pub fn memsize(esize: u32, count: u32, flags: u32) -> Result<usize, RingError> {
    if esize == 0 || !esize.is_multiple_of(4) {
        return Err(RingError::Invalid(format!("element size {esize} is not a multiple of 4")));
    }
    let slots = slots_for(count, flags)?;
    let bytes = std::mem::size_of::<rte_ring>() as u64 + slots as u64 * esize as u64;
    Ok(bytes.div_ceil(64) as usize * 64)
}

/// Number of slots for `count` (`EXACT_SZ`: the next power of two above).
pub fn slots_for(count: u32, flags: u32) -> Result<u32, RingError> {
    if flags & RING_F_EXACT_SZ != 0 {
        if count == 0 || count > RTE_RING_SZ_MASK {
            return Err(RingError::Invalid(format!("count {count} is 0 or above RTE_RING_SZ_MASK")));
        }
        let size = (count + 1).next_power_of_two();
        if size > RTE_RING_SZ_MASK {
            return Err(RingError::Invalid(format!("count {count} needs more than RTE_RING_SZ_MASK slots")));
        }
        Ok(size)
    } else {
        if !count.is_power_of_two() || count > RTE_RING_SZ_MASK {
            return Err(RingError::Invalid(format!(
                "count {count} is not a power of two up to RTE_RING_SZ_MASK (use RING_F_EXACT_SZ)"
            )));
        }
        Ok(count)
    }
}

/// The producer and consumer sync types the flags ask for.
pub fn sync_types(flags: u32) -> Result<(u32, u32), RingError> {
    if flags & !KNOWN_FLAGS != 0 {
        return Err(RingError::Invalid(format!("unknown ring flags {:#x}", flags & !KNOWN_FLAGS)));
    }
    let pick = |st: u32, rts: u32, hts: u32, side: &str| -> Result<u32, RingError> {
        match (flags & st != 0, flags & rts != 0, flags & hts != 0) {
            (false, false, false) => Ok(RTE_RING_SYNC_MT),
            (true, false, false) => Ok(RTE_RING_SYNC_ST),
            (false, true, false) => Ok(RTE_RING_SYNC_MT_RTS),
            (false, false, true) => Ok(RTE_RING_SYNC_MT_HTS),
            _ => Err(RingError::Invalid(format!("more than one {side} sync mode in flags {flags:#x}"))),
        }
    };
    Ok((
        pick(RING_F_SP_ENQ, RING_F_MP_RTS_ENQ, RING_F_MP_HTS_ENQ, "producer")?,
        pick(RING_F_SC_DEQ, RING_F_MC_RTS_DEQ, RING_F_MC_HTS_DEQ, "consumer")?,
    ))
}

/// Sets up the header at `r` for `count` entries (the slots are not
/// touched).
///
/// # Safety
/// `r` must point to writable memory of at least `memsize(...)` bytes that
/// no thread uses during the call.
pub unsafe fn init(r: *mut rte_ring, name: &[u8], count: u32, flags: u32) -> Result<(), RingError> {
    let (prod, cons) = sync_types(flags)?;
    let size = slots_for(count, flags)?;
    if name.len() >= RTE_RING_NAMESIZE as usize {
        return Err(RingError::NameTooLong);
    }
    // SAFETY: writable and unused per the contract; the header is plain
    // data for which all-zero is valid.
    unsafe {
        std::ptr::write_bytes(r, 0, 1);
        for (i, &b) in name.iter().enumerate() {
            (*r).name[i] = b as std::ffi::c_char;
        }
        (*r).flags = flags as i32;
        (*r).size = size;
        (*r).mask = size - 1;
        (*r).capacity = if flags & RING_F_EXACT_SZ != 0 { count } else { size - 1 };
        set_side(&mut (*r).prod, prod, (*r).capacity);
        set_side(&mut (*r).cons, cons, (*r).capacity);
    }
    Ok(())
}

/// Sync-type word index: offset 8 for MP/SP and HTS, 8 also for RTS
/// (`rte_ring_rts_headtail`: tail u64 at 0, sync_type at 8, htd_max at 12,
/// head u64 at 16).
const SYNC_WORD: usize = 2;
const HTD_MAX_WORD: usize = 3;

fn set_side(side: &mut rte_ring_side, sync: u32, capacity: u32) {
    side.words[SYNC_WORD] = sync;
    if sync == RTE_RING_SYNC_MT_RTS {
        // The reference's default head/tail distance: an eighth of capacity.
        side.words[HTD_MAX_WORD] = capacity / 8;
    }
}

fn word(side: *mut rte_ring_side, i: usize) -> *const AtomicU32 {
    // SAFETY: i < 16: a word inside the side's cache line.
    unsafe { std::ptr::addr_of_mut!((*side).words[i]).cast::<AtomicU32>() }
}

/// Empties the ring: every position word of both sides goes to 0 (the
/// caller guarantees no concurrent enqueue or dequeue, as the reference).
///
/// # Safety
/// `r` must be a set-up ring.
pub unsafe fn reset(r: *mut rte_ring) {
    // SAFETY: the sides of a live ring; position words are written
    // atomically because inline code on other threads reads them.
    unsafe {
        for side in [std::ptr::addr_of_mut!((*r).prod), std::ptr::addr_of_mut!((*r).cons)] {
            let sync = (*word(side, SYNC_WORD)).load(Ordering::Relaxed);
            let positions: &[usize] = if sync == RTE_RING_SYNC_MT_RTS { &[0, 1, 4, 5] } else { &[0, 1] };
            for &i in positions {
                (*word(side, i)).store(0, Ordering::Release);
            }
        }
    }
}

/// Counters of a ring, as `rte_ring_dump` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    /// Consumer tail.
    pub ct: u32,
    /// Consumer head.
    pub ch: u32,
    /// Producer tail.
    pub pt: u32,
    /// Producer head.
    pub ph: u32,
}

/// Reads the head and tail of both sides (RTS sides keep the position in
/// the upper word of each 64-bit counter).
///
/// # Safety
/// `r` must be a set-up ring.
pub unsafe fn counters(r: *mut rte_ring) -> Counters {
    // SAFETY: words of a live ring's sides, read atomically.
    unsafe {
        let read = |side: *mut rte_ring_side| {
            let sync = (*word(side, SYNC_WORD)).load(Ordering::Relaxed);
            let (h, t) = if sync == RTE_RING_SYNC_MT_RTS { (5, 1) } else { (0, 1) };
            ((*word(side, h)).load(Ordering::Acquire), (*word(side, t)).load(Ordering::Acquire))
        };
        let (ch, ct) = read(std::ptr::addr_of_mut!((*r).cons));
        let (ph, pt) = read(std::ptr::addr_of_mut!((*r).prod));
        Counters { ct, ch, pt, ph }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_flags() {
        assert_eq!(memsize(8, 1024, 0).unwrap(), 384 + 8192);
        assert_eq!(slots_for(1000, RING_F_EXACT_SZ).unwrap(), 1024);
        assert_eq!(slots_for(1024, RING_F_EXACT_SZ).unwrap(), 2048);
        assert!(slots_for(1000, 0).is_err());
        assert!(slots_for(0, 0).is_err());
        assert!(slots_for(1 << 31, 0).is_err());
        assert!(memsize(6, 16, 0).is_err());
        assert_eq!(sync_types(RING_F_SP_ENQ | RING_F_MC_HTS_DEQ).unwrap(), (RTE_RING_SYNC_ST, RTE_RING_SYNC_MT_HTS));
        assert!(sync_types(RING_F_SP_ENQ | RING_F_MP_RTS_ENQ).is_err());
        assert!(sync_types(0x100).is_err());
    }

    #[test]
    fn init_sets_the_header_like_the_reference() {
        let layout = std::alloc::Layout::from_size_align(memsize(8, 64, 0).unwrap(), 64).unwrap();
        // SAFETY: a non-zero-sized layout.
        let r = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<rte_ring>();
        // SAFETY: r is a fresh, 64-byte aligned block of the ring's size.
        unsafe {
            init(r, b"r1", 64, RING_F_MP_RTS_ENQ | RING_F_SC_DEQ).unwrap();
            assert_eq!((*r).size, 64);
            assert_eq!((*r).mask, 63);
            assert_eq!((*r).capacity, 63);
            assert_eq!((*r).prod.words[SYNC_WORD], RTE_RING_SYNC_MT_RTS);
            assert_eq!((*r).prod.words[HTD_MAX_WORD], 7);
            assert_eq!((*r).cons.words[SYNC_WORD], RTE_RING_SYNC_ST);
            (*r).prod.words[0] = 5;
            (*r).prod.words[5] = 5;
            reset(r);
            assert_eq!(counters(r), Counters { ct: 0, ch: 0, pt: 0, ph: 0 });
            assert_eq!(init(r, b"a_name_that_is_too_long_for_rings", 64, 0), Err(RingError::NameTooLong));
            std::alloc::dealloc(r.cast(), layout);
        }
    }
}
