//! Object sizes and placement, as 22.11 computes them (the layout is
//! observable: `rte_mempool_calc_obj_size`, object addresses, the number
//! of objects a chunk holds).

use rte_abi::mempool::*;

/// Size of the header before each object.
pub const OBJHDR_SIZE: u32 = std::mem::size_of::<rte_mempool_objhdr>() as u32;

const ALIGN: u32 = RTE_MEMPOOL_ALIGN;

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The object size grown, in whole cache lines, to a line count coprime
/// with `channels * ranks`, so that consecutive objects start on different
/// channels (x86 rule of 22.11; 0 channels or ranks mean 4 and 1).
pub fn spread_size(obj_size: u32, channels: u32, ranks: u32) -> u32 {
    let ways = if channels == 0 { 4 } else { channels } * ranks.max(1);
    let mut lines = obj_size.div_ceil(ALIGN);
    while gcd(lines, ways) != 1 {
        lines += 1;
    }
    lines * ALIGN
}

/// Header, element and trailer sizes for `elt_size` and the pool flags;
/// `channels`/`ranks` are the memory geometry for the spreading rule.
pub fn calc_obj_size(elt_size: u32, flags: u32, channels: u32, ranks: u32) -> rte_mempool_objsz {
    let aligned = flags & RTE_MEMPOOL_F_NO_CACHE_ALIGN == 0;
    let header_size = if aligned { OBJHDR_SIZE.div_ceil(ALIGN) * ALIGN } else { OBJHDR_SIZE };
    let elt_size = elt_size.div_ceil(8).wrapping_mul(8);
    let mut trailer_size = 0u32;
    if aligned {
        let total = header_size.wrapping_add(elt_size);
        trailer_size = (ALIGN - total % ALIGN) % ALIGN;
    }
    if flags & RTE_MEMPOOL_F_NO_SPREAD == 0 {
        let grown = spread_size(header_size + elt_size + trailer_size, channels, ranks);
        trailer_size = grown - header_size - elt_size;
    }
    rte_mempool_objsz { elt_size, header_size, trailer_size, total_size: header_size + elt_size + trailer_size }
}

/// The flush threshold of a cache of `size` objects (1.5 x size, rounded
/// down, as the reference's inline put compares against).
pub const fn flush_threshold(size: u32) -> u32 {
    size + size / 2
}

/// Bytes needed to place `obj_num` objects of `total` bytes so that none
/// crosses a `1 << pg_shift` page (`pg_shift == 0`: no page rule), keeping
/// `chunk_reserve` bytes free at the end of each page. None when the
/// reserve does not fit a page.
pub fn calc_mem_size(total: usize, obj_num: u32, pg_shift: u32, chunk_reserve: usize) -> Option<usize> {
    let n = obj_num as usize;
    if total == 0 {
        return Some(0);
    }
    if pg_shift == 0 {
        return Some(total * n + chunk_reserve);
    }
    let pg = 1usize << pg_shift;
    if chunk_reserve >= pg {
        return None;
    }
    let per_page = (pg - chunk_reserve) / total;
    if per_page == 0 {
        // An object bigger than a page takes whole contiguous pages.
        return Some((total + chunk_reserve).div_ceil(pg) * pg * n);
    }
    let in_last = (n.max(1) - 1) % per_page + 1;
    let full_pages = (n.saturating_sub(in_last)) / per_page;
    // Room for a start that is not object aligned: up to one object less one byte.
    Some(in_last * total + chunk_reserve + (full_pages << pg_shift) + total - 1)
}

/// Where the objects of a chunk go: each item is the offset of an
/// object's element (after its header) from `va`. At most `max_objs`;
/// none crosses a `pg_sz` page boundary (0: no rule) unless it is bigger
/// than a page; `align_obj` starts each object at a multiple of its total
/// size (RTE_MEMPOOL_POPULATE_F_ALIGN_OBJ).
pub fn place_objects(
    va: usize,
    len: usize,
    pg_sz: usize,
    header: usize,
    total: usize,
    max_objs: u32,
    align_obj: bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    if total == 0 {
        return out;
    }
    let align_up_obj = |addr: usize| total - ((addr.wrapping_sub(1)) % total + 1);
    let mut off = if align_obj { align_up_obj(va) } else { 0 };
    while (out.len() as u64) < max_objs as u64 {
        let start = va + off;
        if pg_sz != 0 && total <= pg_sz && start / pg_sz != (start + total - 1) / pg_sz {
            off += start.next_multiple_of(pg_sz) - start;
            if align_obj {
                off += align_up_obj(va + off);
            }
        }
        if off + total > len {
            break;
        }
        out.push(off + header);
        off += total;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obj_sizes_match_22_11() {
        // Values printed by the reference's rte_mempool_calc_obj_size.
        let s = calc_obj_size(2048, 0, 0, 0);
        assert_eq!((s.header_size, s.elt_size), (64, 2048));
        assert_eq!(s.total_size % 64, 0);
        assert_eq!(gcd(s.total_size / 64, 4), 1);
        let s = calc_obj_size(1, RTE_MEMPOOL_F_NO_CACHE_ALIGN | RTE_MEMPOOL_F_NO_SPREAD, 0, 0);
        assert_eq!((s.header_size, s.elt_size, s.trailer_size), (24, 8, 0));
        let s = calc_obj_size(100, RTE_MEMPOOL_F_NO_SPREAD, 0, 0);
        assert_eq!(s.total_size, 192);
        assert_eq!(calc_obj_size(100, 0, 0, 0).total_size, 192);
        assert_eq!(calc_obj_size(120, 0, 0, 0).total_size, 192);
        assert_eq!(calc_obj_size(64, 0, 0, 0).total_size, 192);
    }

    #[test]
    fn thresholds() {
        assert_eq!(flush_threshold(32), 48);
        assert_eq!(flush_threshold(33), 49);
        assert_eq!(flush_threshold(512), 768);
    }

    #[test]
    fn placement_respects_pages() {
        let offs = place_objects(0x10000, 8192, 4096, 64, 2176, 10, false);
        assert_eq!(offs, vec![64, 4096 + 64]);
        let offs = place_objects(0x10000, 8192, 0, 64, 2176, 10, false);
        assert_eq!(offs, vec![64, 2176 + 64, 2 * 2176 + 64]);
        let need = calc_mem_size(2176, 5, 12, 0).unwrap();
        assert!(place_objects(0x10000, need, 4096, 64, 2176, 5, false).len() == 5);
        assert!(place_objects(0x10000 + 64, need, 4096, 64, 2176, 5, false).len() == 5);
        assert_eq!(calc_mem_size(100, 7, 0, 0), Some(700));
        assert_eq!(calc_mem_size(100, 7, 12, 4096), None);
    }
}
