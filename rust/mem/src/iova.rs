//! Virtual to physical address translation through `/proc/self/pagemap`,
//! and the choice of IOVA mode. Physical frame numbers are only visible to
//! privileged processes; without them IOVA as VA is the only choice.

use std::io::{Read, Seek, SeekFrom};

/// The reference's `RTE_BAD_IOVA`.
pub const BAD_IOVA: u64 = u64::MAX;

/// The physical address of virtual address `va` (which must be mapped and
/// touched), or `None` when pagemap cannot tell (no privilege, not present).
pub fn virt2phy(va: usize) -> Option<u64> {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    let mut f = std::fs::File::open("/proc/self/pagemap").ok()?;
    let index = va as u64 / page;
    f.seek(SeekFrom::Start(index * 8)).ok()?;
    let mut b = [0u8; 8];
    f.read_exact(&mut b).ok()?;
    let entry = u64::from_le_bytes(b);
    let present = entry & (1 << 63) != 0;
    let pfn = entry & ((1 << 55) - 1);
    if !present || pfn == 0 {
        return None;
    }
    Some(pfn * page + va as u64 % page)
}

/// Whether this process can read physical addresses (IOVA as PA possible).
pub fn phys_addrs_available() -> bool {
    let probe = Box::new(0u64);
    // Touch it so it is present.
    let p = &*probe as *const u64 as usize;
    std::hint::black_box(&probe);
    virt2phy(p).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagemap_translation_is_consistent_within_a_page() {
        let v = vec![1u8; 8192];
        let a = v.as_ptr() as usize;
        match (virt2phy(a), virt2phy(a + 1)) {
            (Some(p), Some(q)) => {
                // Same page: consecutive physical addresses.
                if (a & 4095) != 4095 {
                    assert_eq!(q, p + 1);
                }
                assert!(phys_addrs_available());
            }
            (None, None) => assert!(!phys_addrs_available()),
            other => panic!("inconsistent answers {other:?}"),
        }
    }
}
