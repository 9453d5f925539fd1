use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::mem::MaybeUninit;

use super::*;

/// Page-aligned memory from the global allocator, freed on drop.
struct Mem {
    p: *mut u8,
    layout: Layout,
}

impl Mem {
    fn new(len: usize) -> Mem {
        let layout = Layout::from_size_align(len, PAGE_SIZE).unwrap();
        // SAFETY: non-zero size.
        let p = unsafe { alloc_zeroed(layout) };
        assert!(!p.is_null());
        Mem { p, layout }
    }

    fn at(&self, off: usize) -> *mut u8 {
        assert!(off <= self.layout.size());
        self.p.wrapping_add(off)
    }
}

impl Drop for Mem {
    fn drop(&mut self) {
        // SAFETY: allocated in new with this layout.
        unsafe { dealloc(self.p, self.layout) }
    }
}

/// A heap and the memory behind it. Field order: the heap state and the
/// memory outlive every use through `heap`.
struct TestHeap {
    heap: Heap,
    mems: Vec<Mem>,
    _state: Box<MaybeUninit<HeapState>>,
}

impl TestHeap {
    fn empty() -> TestHeap {
        let mut state = Box::new(MaybeUninit::<HeapState>::uninit());
        // SAFETY: a fresh, exclusively owned, aligned allocation that lives
        // as long as the TestHeap.
        let heap = unsafe { init(state.as_mut_ptr(), "test", 0) };
        TestHeap { heap, mems: Vec::new(), _state: state }
    }

    /// A heap over one region of `len` bytes.
    fn new(len: usize) -> TestHeap {
        let mut t = TestHeap::empty();
        t.add(len);
        t
    }

    /// Adds a fresh region of `len` bytes; returns its start.
    fn add(&mut self, len: usize) -> *mut u8 {
        let m = Mem::new(len);
        // SAFETY: the memory is owned by this TestHeap and used only by the heap.
        unsafe { self.heap.add_memory(m.p, len) }.unwrap();
        let p = m.p;
        self.mems.push(m);
        p
    }

    fn check(&self) {
        if let Err((addr, what)) = self.heap.check_detail() {
            panic!("heap inconsistent at {addr:#x}: {what}\n{}", self.heap.dump());
        }
    }

    fn free(&self, p: *mut u8) -> Result<FreedRange, HeapError> {
        // SAFETY: tests only free their own pointers, or bad ones on purpose.
        unsafe { self.heap.free(p) }
    }

    fn all_free(&self) {
        self.check();
        let s = self.heap.stats();
        assert_eq!(s.heap_freesz_bytes, s.heap_totalsz_bytes);
        assert_eq!(s.alloc_count, 0);
        assert_eq!(s.heap_allocsz_bytes, 0);
    }
}

fn fill(p: *mut u8, len: usize, seed: u8) {
    for i in 0..len {
        // SAFETY: p heads a live allocation of at least len bytes.
        unsafe { p.add(i).write(seed ^ (i as u8).wrapping_mul(31)) };
    }
}

fn verify(p: *const u8, len: usize, seed: u8) -> bool {
    // SAFETY: p heads a live allocation of at least len bytes.
    (0..len).all(|i| unsafe { p.add(i).read() } == seed ^ (i as u8).wrapping_mul(31))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

fn crosses(p: usize, size: usize, bound: usize) -> bool {
    bound != 0 && p / bound != (p + size - 1) / bound
}

#[test]
fn many_sizes_alignments_and_bounds() {
    let t = TestHeap::new(64 << 20);
    let mut live = Vec::new();
    let mut seed = 1u8;
    for &size in &[1usize, 63, 64, 65, 4096, 1 << 20] {
        for &align in &[0usize, 1, 8, 64, 128, 4096, 1 << 16] {
            let pow = size.next_power_of_two();
            for &bound in &[0usize, pow, pow * 4, 1 << 21] {
                let p = t.heap.alloc(size, align, bound).unwrap_or_else(|| panic!("{size} {align} {bound}"));
                let a = p.as_ptr() as usize;
                assert_eq!(a % align.max(64), 0, "size {size} align {align}");
                assert!(!crosses(a, size, bound), "size {size} bound {bound} at {a:#x}");
                assert!(t.heap.owns(p.as_ptr()));
                // SAFETY: live allocation.
                let usable = unsafe { t.heap.usable_size(p.as_ptr()) }.unwrap();
                assert!(usable >= size && usable < size + 8);
                fill(p.as_ptr(), size, seed);
                live.push((p.as_ptr(), size, seed));
                seed = seed.wrapping_add(1);
            }
        }
    }
    t.check();
    for &(p, size, seed) in &live {
        assert!(verify(p, size, seed), "allocation at {p:?} clobbered");
    }
    assert_eq!(t.heap.stats().alloc_count as usize, live.len());
    for &(p, _, _) in &live {
        t.free(p).unwrap();
    }
    t.all_free();
    assert_eq!(t.heap.stats().free_count, 1);
}

#[test]
fn live_allocations_never_overlap() {
    let t = TestHeap::new(8 << 20);
    let mut rng = Rng(0x1234_5678);
    let mut live: Vec<(usize, usize)> = Vec::new();
    for i in 0..2000 {
        let size = 1 + rng.below(3000);
        let p = t.heap.alloc(size, 0, 0).unwrap().as_ptr();
        fill(p, size, i as u8);
        live.push((p as usize, size));
    }
    let mut sorted = live.clone();
    sorted.sort();
    for w in sorted.windows(2) {
        // Room for the cookie and the next header between user areas.
        assert!(w[0].0 + w[0].1 + TRAILER_PLUS_HDR <= w[1].0, "{w:?}");
    }
    for (i, &(p, size)) in live.iter().enumerate() {
        assert!(verify(p as *const u8, size, i as u8));
    }
    t.check();
    for &(p, _) in &live {
        t.free(p as *mut u8).unwrap();
    }
    t.all_free();
}

const TRAILER_PLUS_HDR: usize = ELEM_TRAILER_SIZE + ELEM_HEADER_SIZE;

#[test]
fn free_coalesces_back_to_one_element() {
    let t = TestHeap::new(1 << 20);
    let total = t.heap.stats().heap_totalsz_bytes;
    assert_eq!(total, 1 << 20);
    for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
        let ps: Vec<_> = (0..4).map(|i| t.heap.alloc(100 + i * 1000, 0, 0).unwrap().as_ptr()).collect();
        assert_eq!(t.heap.stats().alloc_count, 4);
        let mut last = None;
        for i in order {
            last = Some(t.free(ps[i]).unwrap());
            t.check();
        }
        assert_eq!(last.unwrap(), FreedRange { start: t.mems[0].p as usize, len: total });
        let s = t.heap.stats();
        assert_eq!((s.free_count, s.heap_freesz_bytes, s.greatest_free_size), (1, total, total));
    }
    t.all_free();
}

#[test]
fn randomized_stress_against_a_model() {
    let mut t = TestHeap::new(6 << 20);
    t.add(2 << 20);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // (pointer, size, seed, align)
    let mut live: Vec<(*mut u8, usize, u8, usize)> = Vec::new();
    let (mut allocs, mut fails, mut reallocs, mut in_place) = (0, 0, 0, 0);
    // Page ranges taken out of the heap with remove_memory.
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut removals = 0;
    for op in 0..20_000u32 {
        let size = match rng.below(20) {
            0 => 16_384 + rng.below(256 << 10),
            1..=5 => 512 + rng.below(16_384),
            _ => 1 + rng.below(512),
        };
        let align = [0, 0, 0, 64, 128, 256, 4096][rng.below(7)];
        let seed = rng.next() as u8;
        match rng.below(10) {
            0..=4 => {
                let bound = if rng.below(10) == 0 { size.next_power_of_two() << rng.below(3) } else { 0 };
                match t.heap.alloc(size, align, bound) {
                    Some(p) => {
                        let a = p.as_ptr() as usize;
                        assert_eq!(a % align.max(64), 0);
                        assert!(!crosses(a, size, bound));
                        assert!(removed.iter().all(|&(s, len)| a + size <= s || a >= s + len));
                        fill(p.as_ptr(), size, seed);
                        live.push((p.as_ptr(), size, seed, align));
                        allocs += 1;
                    }
                    None => fails += 1,
                }
            }
            5..=7 if !live.is_empty() => {
                let (p, size, seed, _) = live.swap_remove(rng.below(live.len() as u64));
                assert!(verify(p, size, seed));
                let freed = t.free(p).unwrap();
                // Now and then give whole free pages back, as the EAL does.
                if rng.below(3) == 0 {
                    if let Some((s, len)) = freed.releasable(PAGE_SIZE) {
                        t.heap.remove_memory(s as *mut u8, len).unwrap();
                        removed.push((s, len));
                        removals += 1;
                    }
                }
            }
            _ if !live.is_empty() => {
                let i = rng.below(live.len() as u64);
                let (p, old, oseed, _) = live[i];
                // SAFETY: p is live.
                match unsafe { t.heap.realloc(p, size, align) }.unwrap() {
                    Some(q) => {
                        let q = q.as_ptr();
                        assert_eq!(q as usize % align.max(64), 0);
                        let kept = old.min(size);
                        assert!(verify(q, kept, oseed), "realloc lost contents");
                        in_place += (q == p) as u32;
                        fill(q, size, seed);
                        live[i] = (q, size, seed, align);
                        reallocs += 1;
                    }
                    None => {
                        assert!(verify(p, old, oseed));
                        fails += 1;
                    }
                }
            }
            _ => {}
        }
        if !removed.is_empty() && rng.below(40) == 0 {
            let (s, len) = removed.swap_remove(rng.below(removed.len() as u64));
            // SAFETY: pages of t's own memory, taken out of the heap above.
            unsafe { t.heap.add_memory(s as *mut u8, len) }.unwrap();
        }
        if op % 500 == 0 {
            t.check();
            for &(p, size, seed, _) in &live {
                assert!(verify(p, size, seed), "op {op}: allocation clobbered");
            }
            let s = t.heap.stats();
            assert_eq!(s.alloc_count as usize, live.len());
            assert_eq!(s.heap_allocsz_bytes + s.heap_freesz_bytes, s.heap_totalsz_bytes);
        }
    }
    assert!(
        allocs > 3000 && reallocs > 1000 && in_place > 100 && removals > 100,
        "{allocs} {reallocs} {in_place} {removals} {fails}"
    );
    for (p, size, seed, _) in live.drain(..) {
        assert!(verify(p, size, seed));
        t.free(p).unwrap();
    }
    for (s, len) in removed.drain(..) {
        // SAFETY: as above.
        unsafe { t.heap.add_memory(s as *mut u8, len) }.unwrap();
    }
    t.all_free();
    // The two regions are not adjacent: one free element each.
    assert_eq!(t.heap.stats().free_count, 2);
    assert_eq!(t.heap.stats().heap_totalsz_bytes, 8 << 20);
}

#[test]
fn double_free_is_reported_and_harmless() {
    let t = TestHeap::new(1 << 20);
    let a = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let b = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let c = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    // b alone free: its header still says FREE.
    t.free(b).unwrap();
    assert_eq!(t.free(b), Err(HeapError::DoubleFree));
    t.check();
    // a merges into... nothing before it; then b (free) is absorbed by a.
    t.free(a).unwrap();
    assert_eq!(t.free(b), Err(HeapError::DoubleFree));
    assert_eq!(t.free(a), Err(HeapError::DoubleFree));
    t.check();
    // Padded element (align 128 on a fresh heap puts a PAD first).
    let t2 = TestHeap::new(1 << 20);
    let p = t2.heap.alloc(10, 128, 0).unwrap().as_ptr();
    t2.free(p).unwrap();
    assert_eq!(t2.free(p), Err(HeapError::DoubleFree));
    t2.all_free();
    t.free(c).unwrap();
    t.all_free();
}

#[test]
fn foreign_and_interior_pointers_are_rejected_untouched() {
    let t = TestHeap::new(1 << 20);
    let p = t.heap.alloc(1024, 0, 0).unwrap().as_ptr();
    fill(p, 1024, 7);
    let mut on_stack = [0u64; 16];
    let other = Mem::new(PAGE_SIZE);
    for bad in [
        std::ptr::null_mut(),
        on_stack.as_mut_ptr().cast::<u8>(),
        other.at(64),
        other.at(0),
        t.mems[0].p,           // the heap's first header
        t.mems[0].at(1 << 20), // one past the end
        p.wrapping_add(1),     // misaligned interior
        p.wrapping_add(64),    // aligned interior
        p.wrapping_add(960),   // aligned interior near the end
        p.wrapping_sub(64),    // the header itself
    ] {
        assert_eq!(t.free(bad), Err(HeapError::NotFromHeap), "{bad:?}");
        // SAFETY: bad pointers on purpose; nothing writes concurrently.
        assert_eq!(unsafe { t.heap.usable_size(bad) }, Err(HeapError::NotFromHeap));
        t.check();
    }
    assert!(!t.heap.owns(other.at(64)));
    assert!(t.heap.owns(p));
    assert!(verify(p, 1024, 7));
    t.free(p).unwrap();
    t.all_free();
}

#[test]
fn overwritten_trailer_or_header_is_corruption() {
    let t = TestHeap::new(1 << 20);
    let p = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let q = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let elem = p as usize - 64;
    // One byte past the (8-rounded) user area: the cookie.
    // SAFETY: inside the element, on purpose.
    let saved = unsafe { p.add(104).read() };
    // SAFETY: as above.
    unsafe { p.add(104).write(saved ^ 0xff) };
    assert_eq!(t.free(p), Err(HeapError::Corrupted { addr: elem }));
    // SAFETY: p is (still) live.
    assert_eq!(unsafe { t.heap.validate(p) }, Err(HeapError::Corrupted { addr: elem }));
    assert!(t.heap.check().is_err());
    // SAFETY: repair.
    unsafe { p.add(104).write(saved) };
    // SAFETY: p is live.
    assert_eq!(unsafe { t.heap.validate(p) }, Ok(()));
    t.check();
    // The header's magic (first byte of the element).
    let h = q.wrapping_sub(64);
    // SAFETY: the element header, on purpose.
    let saved = unsafe { h.read() };
    // SAFETY: as above.
    unsafe { h.write(saved ^ 0x55) };
    assert_eq!(t.free(q), Err(HeapError::Corrupted { addr: h as usize }));
    // SAFETY: repair.
    unsafe { h.write(saved) };
    // The size field (a neighbour's links now disagree).
    // SAFETY: the size field of q's header (offset 32), on purpose.
    let size_at = h.wrapping_add(32).cast::<usize>();
    // SAFETY: as above.
    let saved = unsafe { size_at.read() };
    // SAFETY: as above.
    unsafe { size_at.write(saved + 64) };
    assert_eq!(t.free(q), Err(HeapError::Corrupted { addr: h as usize }));
    // SAFETY: repair.
    unsafe { size_at.write(saved) };
    t.free(q).unwrap();
    t.free(p).unwrap();
    t.all_free();
}

#[test]
fn exhaustion_then_recovery() {
    let t = TestHeap::new(256 << 10);
    let mut ps = Vec::new();
    while let Some(p) = t.heap.alloc(1000, 0, 0) {
        ps.push(p.as_ptr());
    }
    assert!(ps.len() > 200);
    assert!(t.heap.alloc(1000, 0, 0).is_none());
    assert!(t.heap.alloc(256 << 10, 0, 0).is_none());
    t.check();
    for p in ps.drain(..).rev() {
        t.free(p).unwrap();
    }
    t.all_free();
    // Everything but one header and a cookie's cache line.
    let big = (256 << 10) - 128;
    let p = t.heap.alloc(big, 0, 0).unwrap().as_ptr();
    assert!(t.heap.alloc(1, 0, 0).is_none());
    t.free(p).unwrap();
    t.all_free();
}

#[test]
fn absurd_arguments_fail_cleanly() {
    let t = TestHeap::new(1 << 20);
    assert!(t.heap.alloc(0, 0, 0).is_none());
    assert!(t.heap.alloc(usize::MAX, 0, 0).is_none());
    assert!(t.heap.alloc(usize::MAX - 100, 4096, 0).is_none());
    assert!(t.heap.alloc(isize::MAX as usize, 0, 0).is_none());
    assert!(t.heap.alloc(1, 1 << (usize::BITS - 1), 0).is_none());
    assert!(t.heap.alloc(100, 96, 0).is_none(), "alignment not a power of two");
    assert!(t.heap.alloc(100, 0, 64).is_none(), "bound below size");
    assert!(t.heap.alloc(100, 0, 384).is_none(), "bound not a power of two");
    assert!(t.heap.alloc(100, 0, 128).is_some());
    let p = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    fill(p, 100, 3);
    // SAFETY: p is live.
    assert_eq!(unsafe { t.heap.realloc(p, usize::MAX, 0) }, Ok(None));
    // SAFETY: p is live.
    assert_eq!(unsafe { t.heap.realloc(p, usize::MAX - 4095, 0) }, Ok(None));
    // SAFETY: p is live.
    assert_eq!(unsafe { t.heap.realloc(p, 10, 3) }, Err(HeapError::InvalidArgument));
    // SAFETY: p is live.
    assert_eq!(unsafe { t.heap.realloc(p, 0, 0) }, Ok(None));
    assert!(verify(p, 100, 3));
    t.check();
    // Bad regions.
    let m = Mem::new(3 * PAGE_SIZE);
    // SAFETY: m outlives the heap's use of it (never successfully added).
    unsafe {
        assert_eq!(t.heap.add_memory(m.at(1), PAGE_SIZE), Err(HeapError::InvalidArgument));
        assert_eq!(t.heap.add_memory(m.p, 100), Err(HeapError::InvalidArgument));
        assert_eq!(t.heap.add_memory(m.p, 0), Err(HeapError::InvalidArgument));
        assert_eq!(t.heap.add_memory(m.p, usize::MAX - 4095), Err(HeapError::InvalidArgument));
        assert_eq!(t.heap.add_memory(t.mems[0].at(PAGE_SIZE), PAGE_SIZE), Err(HeapError::Overlap));
    }
    t.check();
}

#[test]
fn pad_marker_when_the_lead_is_too_small() {
    let t = TestHeap::new(1 << 20);
    let base = t.mems[0].p as usize;
    // The first free element starts at base: user at base + 128 (align
    // 128), header 64 bytes after base: a lead of 64 -> PAD.
    let p = t.heap.alloc(200, 128, 0).unwrap().as_ptr();
    assert_eq!(p as usize, base + 128);
    assert!(t.heap.dump().contains("BUSY req 200 pad 64"), "{}", t.heap.dump());
    t.check();
    // A lead big enough to stand alone is split off as a free element.
    let q = t.heap.alloc(100, 4096, 0).unwrap().as_ptr();
    assert_eq!(q as usize % 4096, 0);
    t.check();
    assert_eq!(t.heap.stats().free_count, 2);
    // SAFETY: live.
    assert_eq!(unsafe { t.heap.usable_size(p) }, Ok(200));
    t.free(p).unwrap();
    t.free(q).unwrap();
    t.all_free();
}

#[test]
fn remove_memory_carves_free_pages_and_refuses_busy_ones() {
    let t = TestHeap::new(64 * PAGE_SIZE);
    let base = t.mems[0].p;
    let at = |pg: usize| base.wrapping_add(pg * PAGE_SIZE);
    let p = t.heap.alloc(100, 0, 0).unwrap().as_ptr(); // page 0
    assert!(p < at(1));
    assert_eq!(t.heap.remove_memory(at(0), PAGE_SIZE), Err(HeapError::Busy));
    assert_eq!(t.heap.remove_memory(at(63), 2 * PAGE_SIZE), Err(HeapError::Busy));
    assert_eq!(t.heap.remove_memory(at(4), 100), Err(HeapError::InvalidArgument));
    assert_eq!(t.heap.remove_memory(at(4).wrapping_add(64), PAGE_SIZE), Err(HeapError::InvalidArgument));
    let other = Mem::new(PAGE_SIZE);
    assert_eq!(t.heap.remove_memory(other.p, PAGE_SIZE), Err(HeapError::NotFromHeap));
    // Pages 8..16 from the middle of the free element.
    t.heap.remove_memory(at(8), 8 * PAGE_SIZE).unwrap();
    t.check();
    let s = t.heap.stats();
    assert_eq!(s.heap_totalsz_bytes, 56 * PAGE_SIZE);
    assert_eq!(s.free_count, 2);
    assert!(!t.heap.owns(at(8)) && !t.heap.owns(at(15)) && t.heap.owns(at(16)) && t.heap.owns(at(7)));
    // The last pages, then the first free pages right after p's element.
    t.heap.remove_memory(at(60), 4 * PAGE_SIZE).unwrap();
    t.check();
    // Allocations never land in removed memory.
    let mut ps = Vec::new();
    while let Some(q) = t.heap.alloc(3000, 0, 0) {
        let a = q.as_ptr();
        assert!(!(at(8)..at(16)).contains(&a) && a < at(60));
        ps.push(a);
    }
    assert_eq!(t.heap.remove_memory(at(20), PAGE_SIZE), Err(HeapError::Busy));
    for q in ps {
        t.free(q).unwrap();
    }
    // Give the pages back: the heap merges everything again.
    // SAFETY: still owned by the TestHeap.
    unsafe {
        t.heap.add_memory(at(8), 8 * PAGE_SIZE).unwrap();
        t.heap.add_memory(at(60), 4 * PAGE_SIZE).unwrap();
    }
    t.free(p).unwrap();
    t.all_free();
    assert_eq!(t.heap.stats().free_count, 1);
    assert_eq!(t.heap.stats().heap_totalsz_bytes, 64 * PAGE_SIZE);
    // A whole region, and a region's head with a busy neighbour.
    t.heap.remove_memory(at(0), 64 * PAGE_SIZE).unwrap();
    t.all_free();
    assert_eq!(t.heap.stats().heap_totalsz_bytes, 0);
    assert!(t.heap.alloc(1, 0, 0).is_none());
}

#[test]
fn freed_range_gives_removable_pages() {
    let t = TestHeap::new(32 * PAGE_SIZE);
    let a = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let big = t.heap.alloc(20 * PAGE_SIZE, 0, 0).unwrap().as_ptr();
    let c = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    let r = t.free(big).unwrap();
    assert_eq!(r.start, big as usize - 64);
    let (s, len) = r.releasable(PAGE_SIZE).unwrap();
    assert!(s >= r.start + MIN_ELEM_SIZE && s + len <= r.start + r.len);
    assert_eq!(len, 19 * PAGE_SIZE);
    t.heap.remove_memory(s as *mut u8, len).unwrap();
    t.check();
    assert_eq!(FreedRange { start: 4096 - 64, len: 128 }.releasable(PAGE_SIZE), None);
    assert_eq!(FreedRange { start: 0, len: 8192 }.releasable(PAGE_SIZE), Some((0, 8192)));
    assert_eq!(FreedRange { start: 64, len: 8192 }.releasable(PAGE_SIZE), None);
    assert_eq!(FreedRange { start: 64, len: 3 * 4096 - 64 }.releasable(PAGE_SIZE), Some((4096, 8192)));
    assert_eq!(FreedRange { start: 64, len: 3 * 4096 }.releasable(PAGE_SIZE), Some((4096, 4096)));
    assert_eq!(FreedRange { start: 0, len: 3 * 4096 + 64 }.releasable(PAGE_SIZE), Some((0, 8192)));
    t.free(a).unwrap();
    t.free(c).unwrap();
    t.all_free();
}

#[test]
fn adjacent_regions_merge() {
    let mut t = TestHeap::empty();
    let m = Mem::new(16 * PAGE_SIZE);
    let at = |pg: usize| m.at(pg * PAGE_SIZE);
    // SAFETY: m outlives every use of the heap below (drop order: t first).
    unsafe {
        t.heap.add_memory(at(4), 4 * PAGE_SIZE).unwrap(); // [4, 8)
        t.heap.add_memory(at(12), 4 * PAGE_SIZE).unwrap(); // [12, 16)
    }
    assert_eq!(t.heap.stats().free_count, 2);
    // Fill both, then free what landed in [12, 16): [4, 8) ends busy.
    let mut ps = Vec::new();
    while let Some(p) = t.heap.alloc(1000, 0, 0) {
        ps.push(p.as_ptr());
    }
    ps.retain(|&p| {
        let high = p >= at(12);
        if high {
            t.free(p).unwrap();
        }
        !high
    });
    assert!(ps.len() > 10);
    // SAFETY: as above.
    unsafe {
        // Below [4, 8), whose first element is busy: linked, not merged.
        t.heap.add_memory(at(2), 2 * PAGE_SIZE).unwrap();
        // Between: joins [.., 8) (busy last) and [12, ..) (free first).
        t.heap.add_memory(at(8), 4 * PAGE_SIZE).unwrap();
    }
    t.check();
    assert!(t.heap.dump().matches("region").count() == 1, "{}", t.heap.dump());
    // A 16 KiB allocation fits only across the old region border.
    let big = t.heap.alloc(7 * PAGE_SIZE, 0, 0).unwrap().as_ptr();
    assert!(big < at(12) && big.wrapping_add(7 * PAGE_SIZE) > at(12));
    t.check();
    t.free(big).unwrap();
    for p in ps {
        t.free(p).unwrap();
    }
    t.all_free();
    let s = t.heap.stats();
    assert_eq!((s.free_count, s.heap_totalsz_bytes), (1, 14 * PAGE_SIZE));
    // SAFETY: as above.
    unsafe { t.heap.add_memory(at(0), 2 * PAGE_SIZE).unwrap() };
    t.all_free();
    assert_eq!(t.heap.stats().free_count, 1);
    t.heap.remove_memory(at(0), 16 * PAGE_SIZE).unwrap();
    t.mems.clear();
}

#[test]
fn region_table_has_a_bound() {
    let mut t = TestHeap::empty();
    let m = Mem::new(2 * (MAX_REGIONS + 1) * PAGE_SIZE);
    for i in 0..MAX_REGIONS {
        // SAFETY: m outlives the heap's use (removed below).
        unsafe { t.heap.add_memory(m.at(2 * i * PAGE_SIZE), PAGE_SIZE) }.unwrap();
    }
    // SAFETY: as above.
    let r = unsafe { t.heap.add_memory(m.at(2 * MAX_REGIONS * PAGE_SIZE), PAGE_SIZE) };
    assert_eq!(r, Err(HeapError::TooManyRegions));
    // Adjacent memory still joins: page 1 bridges regions 0 and 1...
    // SAFETY: as above.
    unsafe { t.heap.add_memory(m.at(PAGE_SIZE), PAGE_SIZE) }.unwrap();
    // ...which frees an entry.
    // SAFETY: as above.
    unsafe { t.heap.add_memory(m.at(2 * MAX_REGIONS * PAGE_SIZE), PAGE_SIZE) }.unwrap();
    t.check();
    // Splitting [0, 3) would need one more entry.
    assert_eq!(t.heap.remove_memory(m.at(PAGE_SIZE), PAGE_SIZE), Err(HeapError::TooManyRegions));
    t.check();
    assert_eq!(t.heap.stats().free_count as usize, MAX_REGIONS);
    let p = t.heap.alloc(10_000, 0, 0).unwrap();
    assert!(p.as_ptr() < m.at(3 * PAGE_SIZE));
    t.free(p.as_ptr()).unwrap();
    t.all_free();
    t.heap.remove_memory(m.at(0), 3 * PAGE_SIZE).unwrap();
    for i in 2..=MAX_REGIONS {
        t.heap.remove_memory(m.at(2 * i * PAGE_SIZE), PAGE_SIZE).unwrap();
    }
    t.all_free();
    assert_eq!(t.heap.stats().heap_totalsz_bytes, 0);
    t.mems.clear();
}

#[test]
fn realloc_in_place_and_moving() {
    let t = TestHeap::new(1 << 20);
    let p = t.heap.alloc(1000, 0, 0).unwrap().as_ptr();
    fill(p, 1000, 9);
    // Grow into the free space after it: same address.
    // SAFETY: p is live.
    let q = unsafe { t.heap.realloc(p, 50_000, 0) }.unwrap().unwrap().as_ptr();
    assert_eq!(q, p);
    assert!(verify(p, 1000, 9));
    t.check();
    // Shrink in place; the tail goes back to the free element.
    // SAFETY: live.
    let q = unsafe { t.heap.realloc(p, 500, 0) }.unwrap().unwrap().as_ptr();
    assert_eq!(q, p);
    assert!(verify(p, 500, 9));
    t.check();
    assert_eq!(t.heap.stats().free_count, 1);
    // SAFETY: live.
    assert_eq!(unsafe { t.heap.usable_size(p) }, Ok(504));
    // Block the way: the next grow must move, keeping the contents.
    let blocker = t.heap.alloc(100, 0, 0).unwrap().as_ptr();
    // SAFETY: live.
    let q = unsafe { t.heap.realloc(p, 4000, 0) }.unwrap().unwrap().as_ptr();
    assert_ne!(q, p);
    assert!(verify(q, 500, 9));
    // SAFETY: p was freed by the moving realloc.
    assert_eq!(t.free(p), Err(HeapError::DoubleFree));
    t.check();
    // A small in-place shrink leaving less than an element: slack.
    fill(q, 4000, 11);
    // SAFETY: live.
    let r = unsafe { t.heap.realloc(q, 3990, 0) }.unwrap().unwrap().as_ptr();
    assert_eq!(r, q);
    assert!(verify(q, 3990, 11));
    // Realloc to an alignment the block lacks moves it.
    // SAFETY: live.
    let s = unsafe { t.heap.realloc(q, 3990, 1 << 16) }.unwrap().unwrap().as_ptr();
    assert_eq!(s as usize % (1 << 16), 0);
    assert!(verify(s, 3990, 11));
    // Null realloc allocates.
    // SAFETY: null is allowed.
    let n = unsafe { t.heap.realloc(std::ptr::null_mut(), 10, 0) }.unwrap().unwrap().as_ptr();
    t.check();
    for x in [blocker, s, n] {
        t.free(x).unwrap();
    }
    t.all_free();
}

#[test]
fn realloc_shrink_merges_small_tail_into_free_next() {
    let t = TestHeap::new(1 << 20);
    let p = t.heap.alloc(1000, 0, 0).unwrap().as_ptr();
    let next = t.heap.alloc(1000, 0, 0).unwrap().as_ptr();
    let after = t.heap.alloc(1000, 0, 0).unwrap().as_ptr();
    t.free(next).unwrap();
    // Shrink by 64 bytes: too small for an element, but the next one is free.
    // SAFETY: live.
    unsafe { t.heap.realloc(p, 936, 0) }.unwrap().unwrap();
    t.check();
    let d = t.heap.dump();
    assert!(d.contains("size 1024 BUSY req 936"), "{d}");
    assert!(d.contains("size 1152 FREE"), "{d}"); // 64 + 1088
    for x in [p, after] {
        t.free(x).unwrap();
    }
    t.all_free();
}

#[test]
fn four_threads_share_one_heap() {
    let t = TestHeap::new(16 << 20);
    let heap = t.heap;
    let threads: Vec<_> = (0..4u64)
        .map(|id| {
            std::thread::spawn(move || {
                let mut rng = Rng(0xdead_beef ^ ((id + 1) * 0x9e37_79b9));
                let mut live: Vec<(usize, usize, u8)> = Vec::new();
                for i in 0..5000 {
                    if live.len() < 64 && (live.is_empty() || rng.below(2) == 0) {
                        let size = 1 + rng.below(if i % 50 == 0 { 200_000 } else { 2000 });
                        let seed = (id as u8) << 6 | (i as u8 & 0x3f);
                        if let Some(p) = heap.alloc(size, 0, 0) {
                            fill(p.as_ptr(), size, seed);
                            live.push((p.as_ptr() as usize, size, seed));
                        }
                    } else {
                        let (p, size, seed) = live.swap_remove(rng.below(live.len() as u64));
                        assert!(verify(p as *const u8, size, seed));
                        // SAFETY: this thread's own live allocation.
                        unsafe { heap.free(p as *mut u8) }.unwrap();
                    }
                }
                for (p, size, seed) in live {
                    assert!(verify(p as *const u8, size, seed));
                    // SAFETY: as above.
                    unsafe { heap.free(p as *mut u8) }.unwrap();
                }
            })
        })
        .collect();
    for th in threads {
        th.join().unwrap();
    }
    t.all_free();
    assert_eq!(t.heap.stats().free_count, 1);
}

#[test]
fn stats_and_dump_describe_the_heap() {
    let t = TestHeap::new(1 << 20);
    assert_eq!(t.heap.name(), "test");
    assert_eq!(t.heap.socket_id(), 0);
    let p = t.heap.alloc(1000, 0, 0).unwrap().as_ptr();
    let s = t.heap.stats();
    assert_eq!(s.heap_totalsz_bytes, 1 << 20);
    assert_eq!(s.alloc_count, 1);
    assert_eq!(s.heap_allocsz_bytes, 1088); // header + 1000 -> 1008 + cookie -> 1016 -> 1088
    assert_eq!(s.free_count, 1);
    assert_eq!(s.greatest_free_size, (1 << 20) - 1088);
    let d = t.heap.dump();
    let lines: Vec<_> = d.lines().collect();
    assert_eq!(lines.len(), 4, "{d}");
    assert!(lines[0].starts_with("heap test socket 0: total 1048576"));
    assert!(lines[2].contains("size 1088 BUSY req 1000 pad 0"));
    assert!(lines[3].contains("FREE"));
    t.free(p).unwrap();
    t.all_free();
    // A state that was never initialised is refused.
    let mut raw = Box::new(MaybeUninit::<HeapState>::zeroed());
    // SAFETY: a zeroed, live state.
    assert!(unsafe { Heap::from_raw(raw.as_mut_ptr()) }.is_none());
    // SAFETY: the TestHeap's live state.
    assert!(unsafe { Heap::from_raw(t.heap.as_ptr()) }.is_some());
}

/// ns per alloc+free pair; run with
/// `cargo test -p rte-mem --release -- --ignored --nocapture heap`.
#[test]
#[ignore]
fn heap_bench_alloc_free_pairs() {
    let t = TestHeap::new(64 << 20);
    // Some live neighbours so that free has something to coalesce with.
    let keep: Vec<_> = (0..64).map(|i| t.heap.alloc(64 + i * 40, 0, 0).unwrap()).collect();
    for size in [64usize, 1024, 64 << 10, 1 << 20] {
        let iters = if size >= 64 << 10 { 200_000 } else { 1_000_000 };
        let start = std::time::Instant::now();
        for _ in 0..iters {
            let p = t.heap.alloc(size, 0, 0).unwrap();
            std::hint::black_box(p);
            t.free(p.as_ptr()).unwrap();
        }
        let ns = start.elapsed().as_nanos() as f64 / iters as f64;
        println!("heap bench: alloc+free {size:>8} B: {ns:.1} ns/pair");
    }
    for p in keep {
        t.free(p.as_ptr()).unwrap();
    }
    t.all_free();
}
