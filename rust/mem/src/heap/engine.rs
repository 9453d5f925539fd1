//! The heap's algorithms over `Inner`, the mutable part of a `HeapState`.
//! Every function here runs with the heap's spinlock held (an `Inner` is
//! only reachable through the lock guard).
//!
//! Invariants kept by every function (and verified by `check`):
//! - I1: every address stored in `free_head`, in a `Region` (`start`,
//!   `last`) and in the link fields of a FREE or BUSY header reachable from
//!   them is 0 or the 64-aligned address of a FREE or BUSY header that lies
//!   inside a region added with `add_memory` (memory that the caller keeps
//!   mapped and hands to this heap alone). Header reads and writes rely on
//!   this; addresses from outside (a pointer to free) are validated by
//!   `resolve` before they are used as elements.
//! - I2: each region is covered exactly by its elements, linked by
//!   `prev`/`next` in address order (0 at both ends); `Region::last` is the
//!   last one. Regions are sorted, disjoint and never adjacent (adjacent
//!   memory is merged into one region).
//! - I3: no two free elements are adjacent; each free element is on exactly
//!   the free list `class_of(size)`.

use core::ffi::c_uint;
use core::fmt::Write;
use core::ptr;

use rte_abi::memory::rte_malloc_socket_stats;

use super::elem::{
    align_up, class_of, Hdr, COOKIE, ELEM_ALIGN, HDR, MAGIC_BUSY, MAGIC_DEAD, MAGIC_FREE, MAGIC_PAD, MIN_ELEM_SIZE,
    NB_FREELISTS, TRAILER,
};
use super::{FreedRange, HeapError, MAX_REGIONS, PAGE_SIZE};

/// A contiguous range of memory added to the heap.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Region {
    /// First byte (and first element).
    pub start: usize,
    /// Bytes.
    pub len: usize,
    /// Last element.
    pub last: usize,
}

impl Region {
    /// One past the last byte; cannot overflow (checked by `add`).
    fn end(&self) -> usize {
        self.start + self.len
    }
}

/// Where an allocation goes inside a free element.
struct Fit {
    /// Header of the busy element when the lead is split off.
    hdr: usize,
    /// The user pointer.
    user: usize,
    /// End of the busy element before any slack is added.
    end: usize,
}

/// Places `size` bytes (`data` = size rounded up to 8) in the free element
/// `[e, e + esize)`, lowest address first: `user` aligned to `align`, and
/// `[user, user + size)` not crossing a multiple of `bound` (0 = none).
fn fit(e: usize, esize: usize, size: usize, data: usize, align: usize, bound: usize) -> Option<Fit> {
    let mut user = align_up(e.checked_add(HDR)?, align)?;
    if bound != 0 {
        let last = user.checked_add(size - 1)?;
        if user & !(bound - 1) != last & !(bound - 1) {
            // bound > align here (an align-aligned start cannot cross a
            // smaller bound), so a bound-aligned start is also aligned.
            user = align_up(user, bound)?;
        }
    }
    let end = align_up(user.checked_add(data)?.checked_add(TRAILER)?, ELEM_ALIGN)?;
    (end <= e + esize).then_some(Fit { hdr: user - HDR, user, end })
}

/// The mutable state of a heap, inside its `HeapState` in shared memory.
#[repr(C)]
pub struct Inner {
    /// Address of the owning HeapState, stamped into every header.
    id: usize,
    /// Bytes of memory added.
    total_size: usize,
    /// Busy elements.
    alloc_count: usize,
    /// Used entries of `regions`.
    nb_regions: usize,
    /// Heads of the free lists, by size class.
    free_head: [usize; NB_FREELISTS],
    /// Memory added, sorted by address.
    regions: [Region; MAX_REGIONS],
}

impl Inner {
    /// Empties the heap (which must be unused) and names its owner.
    pub fn reset(&mut self, id: usize) {
        self.id = id;
        self.total_size = 0;
        self.alloc_count = 0;
        self.nb_regions = 0;
        self.free_head = [0; NB_FREELISTS];
    }

    fn regions(&self) -> &[Region] {
        &self.regions[..self.nb_regions]
    }

    /// Index of the region holding address `a`.
    pub fn find_region(&self, a: usize) -> Option<usize> {
        let rs = self.regions();
        let i = rs.partition_point(|r| r.start <= a);
        (i > 0 && a < rs[i - 1].end()).then(|| i - 1)
    }

    // ---- raw header access ------------------------------------------------

    /// The header of element `e` (I1).
    fn hdr(&self, e: usize) -> Hdr {
        debug_assert!(e.is_multiple_of(ELEM_ALIGN) && self.find_region(e).is_some(), "not an element: {e:#x}");
        // SAFETY: by I1 `e` is a 64-aligned header inside memory added to
        // this heap, mapped and reserved to the heap by add_memory's
        // contract; the heap lock (held: we are inside `Inner`) serialises
        // every header access; user areas never overlap headers.
        unsafe { ptr::read(e as *const Hdr) }
    }

    /// Writes the header of element `e` (I1).
    fn put(&mut self, e: usize, h: &Hdr) {
        debug_assert!(e.is_multiple_of(ELEM_ALIGN) && self.find_region(e).is_some(), "not an element: {e:#x}");
        // SAFETY: as in `hdr`; the 64 bytes at `e` belong to the heap's
        // metadata (a header or the start of free space being split).
        unsafe { ptr::write(e as *mut Hdr, *h) }
    }

    fn update(&mut self, e: usize, f: impl FnOnce(&mut Hdr)) {
        let mut h = self.hdr(e);
        f(&mut h);
        self.put(e, &h);
    }

    /// Marks a header that no longer heads an element, so that a stale
    /// pointer to it is not taken for a live element.
    fn kill(&mut self, e: usize) {
        self.update(e, |h| h.magic = MAGIC_DEAD);
    }

    /// Reads a would-be header at `a` inside region `r` without trusting it:
    /// None unless `a` is 64-aligned and the whole header lies in `r`.
    fn peek(&self, r: &Region, a: usize) -> Option<Hdr> {
        let ok = a.is_multiple_of(ELEM_ALIGN) && a >= r.start && a.checked_add(HDR).is_some_and(|x| x <= r.end());
        // SAFETY: the 64 bytes at `a` lie inside region `r`, which
        // add_memory's contract keeps mapped; `a` is aligned for Hdr. The
        // bytes may be user data if the caller passed a bad pointer: any bit
        // pattern is a valid Hdr.
        ok.then(|| unsafe { ptr::read(a as *const Hdr) })
    }

    fn cookie_ok(&self, at: usize) -> bool {
        // SAFETY: callers pass `user + round8(req)` of an element whose size
        // was checked to hold it, inside a region of this heap.
        unsafe { ptr::read_unaligned(at as *const u64) == COOKIE }
    }

    fn set_cookie(&mut self, at: usize) {
        // SAFETY: as in cookie_ok: the 8 bytes after the user area, inside
        // the busy element being set up.
        unsafe { ptr::write_unaligned(at as *mut u64, COOKIE) }
    }

    fn free_hdr(&self, prev: usize, next: usize, size: usize) -> Hdr {
        Hdr { magic: MAGIC_FREE, heap: self.id, prev, next, size, ..Hdr::default() }
    }

    // ---- links ------------------------------------------------------------

    fn list_insert(&mut self, e: usize) {
        let c = class_of(self.hdr(e).size);
        let head = self.free_head[c];
        self.update(e, |h| {
            h.fprev = 0;
            h.fnext = head;
        });
        if head != 0 {
            self.update(head, |h| h.fprev = e);
        }
        self.free_head[c] = e;
    }

    /// Unlinks the free element whose header is `h` (read before any size
    /// change: the list is chosen by size).
    fn list_remove(&mut self, h: &Hdr) {
        let (fprev, fnext) = (h.fprev, h.fnext);
        if fprev != 0 {
            self.update(fprev, |p| p.fnext = fnext);
        } else {
            self.free_head[class_of(h.size)] = fnext;
        }
        if fnext != 0 {
            self.update(fnext, |n| n.fprev = fprev);
        }
    }

    /// Makes `x` the predecessor of `next`, or the last element of its
    /// region when `next` is 0.
    fn relink(&mut self, x: usize, next: usize) {
        if next != 0 {
            self.update(next, |h| h.prev = x);
        } else {
            let i = self.find_region(x).expect("element outside the heap");
            self.regions[i].last = x;
        }
    }

    // ---- allocation -------------------------------------------------------

    /// Allocates `size` (> 0) bytes aligned to `align` (a power of two, at
    /// least 64) not crossing `bound` (0, or a power of two >= size).
    /// Returns the user address.
    pub fn alloc(&mut self, size: usize, align: usize, bound: usize) -> Option<usize> {
        let data = align_up(size, 8)?;
        let min = align_up(HDR.checked_add(data)?.checked_add(TRAILER)?, ELEM_ALIGN)?;
        // Lists below class_of(min) hold only smaller elements; within a
        // list, first fit.
        for c in class_of(min)..NB_FREELISTS {
            let mut e = self.free_head[c];
            while e != 0 {
                let h = self.hdr(e);
                if h.size >= min {
                    if let Some(f) = fit(e, h.size, size, data, align, bound) {
                        return Some(self.carve(e, &h, &f, size, data));
                    }
                }
                e = h.fnext;
            }
        }
        None
    }

    /// Turns free element `e` into [free lead][busy][free tail], leads and
    /// tails too small to stand alone staying in the busy element (a lead as
    /// a PAD, a tail as slack).
    fn carve(&mut self, e: usize, h: &Hdr, f: &Fit, size: usize, data: usize) -> usize {
        self.list_remove(h);
        let old_end = e + h.size;
        let lead = f.hdr - e;
        // Neighbours of a free element are busy (I3): the pieces need no
        // coalescing.
        let (start, pad, prev) = if lead >= MIN_ELEM_SIZE {
            let lh = self.free_hdr(h.prev, f.hdr, lead);
            self.put(e, &lh);
            self.list_insert(e);
            (f.hdr, 0, e)
        } else {
            (e, lead, h.prev)
        };
        let tail = old_end - f.end;
        let (end, next) = if tail >= MIN_ELEM_SIZE {
            let th = self.free_hdr(start, h.next, tail);
            self.put(f.end, &th);
            self.relink(f.end, h.next);
            self.list_insert(f.end);
            (f.end, f.end)
        } else {
            self.relink(start, h.next);
            (old_end, h.next)
        };
        // pad < MIN_ELEM_SIZE: fits in u32.
        let bh = Hdr {
            magic: MAGIC_BUSY,
            pad: pad as u32,
            heap: self.id,
            prev,
            next,
            size: end - start,
            req: size,
            fprev: 0,
            fnext: 0,
        };
        self.put(start, &bh);
        if pad != 0 {
            let marker = Hdr { magic: MAGIC_PAD, pad: pad as u32, heap: self.id, ..Hdr::default() };
            self.put(f.user - HDR, &marker);
        }
        self.set_cookie(f.user + data);
        self.alloc_count += 1;
        f.user
    }

    // ---- validation -------------------------------------------------------

    /// Finds the busy element whose user area starts at `a`, trusting
    /// nothing it reads until checked. Returns the element and its header.
    pub fn resolve(&self, a: usize) -> Result<(usize, Hdr), HeapError> {
        if a == 0 || !a.is_multiple_of(ELEM_ALIGN) {
            return Err(HeapError::NotFromHeap);
        }
        let r = self.regions[self.find_region(a).ok_or(HeapError::NotFromHeap)?];
        if a - r.start < HDR {
            return Err(HeapError::NotFromHeap);
        }
        let Some(m) = self.peek(&r, a - HDR) else {
            return Err(HeapError::NotFromHeap);
        };
        let e = match m.magic {
            MAGIC_BUSY => Some(a - HDR),
            MAGIC_PAD => (a - HDR).checked_sub(m.pad as usize),
            _ => None,
        };
        let Some((e, h)) = e.and_then(|e| Some((e, self.peek(&r, e)?))) else {
            return Err(self.diagnose(&r, a));
        };
        if !self.busy_sane(&r, e, &h, a) {
            return Err(self.diagnose(&r, a));
        }
        // busy_sane checked that round8(req) + 8 fits.
        if !self.cookie_ok(a + h.req.div_ceil(8) * 8) {
            return Err(HeapError::Corrupted { addr: e });
        }
        Ok((e, h))
    }

    /// Whether `h` at `e` is a consistent busy element of region `r` with
    /// user area at `a`, its neighbours agreeing.
    fn busy_sane(&self, r: &Region, e: usize, h: &Hdr, a: usize) -> bool {
        let pad = h.pad as usize;
        let Some(end) = e.checked_add(h.size) else {
            return false;
        };
        let room = align_up(h.req, 8).and_then(|d| d.checked_add(HDR + pad + TRAILER));
        h.magic == MAGIC_BUSY
            && h.heap == self.id
            && h.size.is_multiple_of(ELEM_ALIGN)
            && h.size >= MIN_ELEM_SIZE
            && pad.is_multiple_of(ELEM_ALIGN)
            && pad < MIN_ELEM_SIZE
            && e + HDR + pad == a
            && end <= r.end()
            && room.is_some_and(|n| n <= h.size)
            && h.next == if end == r.end() { 0 } else { end }
            && (h.prev == 0) == (e == r.start)
            && (h.prev == 0 || (h.prev < e && self.peek(r, h.prev).is_some_and(|p| p.next == e)))
            && (h.next == 0 || self.peek(r, h.next).is_some_and(|n| n.prev == e))
    }

    /// Classifies a bad pointer `a` in region `r` by walking the region's
    /// elements from its start (error path only).
    fn diagnose(&self, r: &Region, a: usize) -> HeapError {
        let mut e = r.start;
        while e < r.end() {
            let Some(h) = self.peek(r, e) else {
                return HeapError::Corrupted { addr: e };
            };
            let sane = (h.magic == MAGIC_FREE || h.magic == MAGIC_BUSY)
                && h.heap == self.id
                && h.size % ELEM_ALIGN == 0
                && h.size >= MIN_ELEM_SIZE
                && e.checked_add(h.size).is_some_and(|x| x <= r.end());
            if !sane {
                return HeapError::Corrupted { addr: e };
            }
            if a < e + h.size {
                if h.magic == MAGIC_FREE {
                    return HeapError::DoubleFree;
                }
                // The element holding `a` looks right: if `a` is its user
                // pointer, what failed was a PAD marker, a link or a cookie.
                return if e + HDR + h.pad as usize == a {
                    HeapError::Corrupted { addr: e }
                } else {
                    HeapError::NotFromHeap
                };
            }
            e += h.size;
        }
        HeapError::NotFromHeap
    }

    // ---- free and resize --------------------------------------------------

    /// Frees busy element `e` (validated by `resolve`), coalescing it with
    /// free neighbours.
    pub fn free(&mut self, e: usize, h: &Hdr) -> FreedRange {
        if h.pad != 0 {
            self.kill(e + h.pad as usize);
        }
        self.alloc_count -= 1;
        let (mut start, mut size, mut prev, mut next) = (e, h.size, h.prev, h.next);
        if next != 0 {
            let nh = self.hdr(next);
            if nh.magic == MAGIC_FREE {
                self.list_remove(&nh);
                self.kill(next);
                size += nh.size;
                next = nh.next;
            }
        }
        if prev != 0 {
            let ph = self.hdr(prev);
            if ph.magic == MAGIC_FREE {
                self.list_remove(&ph);
                self.kill(e);
                start = prev;
                size += ph.size;
                prev = ph.prev;
            }
        }
        let fh = self.free_hdr(prev, next, size);
        self.put(start, &fh);
        self.relink(start, next);
        self.list_insert(start);
        FreedRange { start, len: size }
    }

    /// Resizes busy element `e` with user area `a` to `size` bytes in place
    /// if it can: shrinking splits off the tail, growing absorbs a free next
    /// element. False (nothing changed) when it cannot.
    pub fn resize(&mut self, e: usize, a: usize, size: usize) -> bool {
        let Some(data) = align_up(size, 8) else {
            return false;
        };
        let new_end = a.checked_add(data).and_then(|x| x.checked_add(TRAILER)).and_then(|x| align_up(x, ELEM_ALIGN));
        let Some(new_end) = new_end else { return false };
        let mut h = self.hdr(e);
        if new_end > e + h.size {
            if h.next == 0 {
                return false;
            }
            let nh = self.hdr(h.next);
            if nh.magic != MAGIC_FREE || h.next + nh.size < new_end {
                return false;
            }
            self.list_remove(&nh);
            self.kill(h.next);
            h.size += nh.size;
            h.next = nh.next;
        }
        h.req = size;
        self.put(e, &h);
        self.set_cookie(a + data);
        self.shrink_to(e, new_end);
        true
    }

    /// Ends busy element `e` at `new_end`, giving the rest to a free element
    /// (merged with a free next one) when it can stand alone or merge; else
    /// it stays as slack. Relinks the next element either way.
    fn shrink_to(&mut self, e: usize, new_end: usize) {
        let mut h = self.hdr(e);
        let tail = e + h.size - new_end;
        let next_free = h.next != 0 && self.hdr(h.next).magic == MAGIC_FREE;
        if tail >= MIN_ELEM_SIZE || (tail > 0 && next_free) {
            let mut th = self.free_hdr(e, h.next, tail);
            if next_free {
                let nh = self.hdr(h.next);
                self.list_remove(&nh);
                self.kill(h.next);
                th.size += nh.size;
                th.next = nh.next;
            }
            h.size = new_end - e;
            h.next = new_end;
            self.put(e, &h);
            self.put(new_end, &th);
            self.relink(new_end, th.next);
            self.list_insert(new_end);
        } else {
            self.relink(e, h.next);
        }
    }

    // ---- memory -----------------------------------------------------------

    /// Adds `[start, start + len)` as free memory (see Heap::add_memory).
    pub fn add(&mut self, start: usize, len: usize) -> Result<(), HeapError> {
        if start == 0 || !start.is_multiple_of(PAGE_SIZE) || len == 0 || !len.is_multiple_of(PAGE_SIZE) {
            return Err(HeapError::InvalidArgument);
        }
        let end = start.checked_add(len).ok_or(HeapError::InvalidArgument)?;
        let nb = self.nb_regions;
        let idx = self.regions().partition_point(|r| r.start < start);
        if (idx > 0 && self.regions[idx - 1].end() > start) || (idx < nb && self.regions[idx].start < end) {
            return Err(HeapError::Overlap);
        }
        let merge_lo = idx > 0 && self.regions[idx - 1].end() == start;
        let merge_hi = idx < nb && self.regions[idx].start == end;
        if !merge_lo && !merge_hi && nb == MAX_REGIONS {
            return Err(HeapError::TooManyRegions);
        }
        let lo = merge_lo.then(|| self.regions[idx - 1]);
        let hi = merge_hi.then(|| self.regions[idx]);
        // Put the final, merged entry in the table first, so that header
        // accesses to the new memory satisfy I1; `last` is set at the end.
        let first = if merge_lo { idx - 1 } else { idx };
        let rstart = lo.map_or(start, |r| r.start);
        // Contiguous addresses: the sum cannot overflow.
        let rlen = lo.map_or(0, |r| r.len) + len + hi.map_or(0, |r| r.len);
        match (merge_lo, merge_hi) {
            (false, false) => {
                self.regions.copy_within(idx..nb, idx + 1);
                self.nb_regions += 1;
            }
            (true, true) => {
                self.regions.copy_within(idx + 1..nb, idx);
                self.nb_regions -= 1;
            }
            _ => {}
        }
        self.regions[first] = Region { start: rstart, len: rlen, last: 0 };
        let nh = self.free_hdr(0, 0, len);
        self.put(start, &nh);
        let mut e = start;
        if let Some(lo) = lo {
            let lh = self.hdr(lo.last);
            if lh.magic == MAGIC_FREE {
                self.list_remove(&lh);
                self.update(lo.last, |h| h.size += len);
                self.kill(start);
                e = lo.last;
            } else {
                self.update(lo.last, |h| h.next = start);
                self.update(start, |h| h.prev = lo.last);
            }
        }
        let mut last = e;
        if let Some(hi) = hi {
            let fh = self.hdr(hi.start);
            if fh.magic == MAGIC_FREE {
                self.list_remove(&fh);
                self.kill(hi.start);
                self.update(e, |h| {
                    h.size += fh.size;
                    h.next = fh.next;
                });
                if fh.next != 0 {
                    self.update(fh.next, |h| h.prev = e);
                    last = hi.last;
                }
            } else {
                self.update(e, |h| h.next = hi.start);
                self.update(hi.start, |h| h.prev = e);
                last = hi.last;
            }
        }
        self.list_insert(e);
        self.regions[first].last = last;
        self.total_size += len;
        Ok(())
    }

    /// Takes `[start, start + len)` out of the heap (see
    /// Heap::remove_memory).
    pub fn remove(&mut self, start: usize, len: usize) -> Result<(), HeapError> {
        if !start.is_multiple_of(PAGE_SIZE) || len == 0 || !len.is_multiple_of(PAGE_SIZE) {
            return Err(HeapError::InvalidArgument);
        }
        let end = start.checked_add(len).ok_or(HeapError::InvalidArgument)?;
        let ri = self.find_region(start).ok_or(HeapError::NotFromHeap)?;
        let r = self.regions[ri];
        if end > r.end() {
            return Err(HeapError::Busy);
        }
        // The free element holding the whole range.
        let mut found = None;
        'lists: for c in 0..NB_FREELISTS {
            let mut e = self.free_head[c];
            while e != 0 {
                let h = self.hdr(e);
                if e <= start && end <= e + h.size {
                    found = Some((e, h));
                    break 'lists;
                }
                e = h.fnext;
            }
        }
        let (e, h) = found.ok_or(HeapError::Busy)?;
        let lead = start - e;
        let tail = e + h.size - end;
        if (lead != 0 && lead < MIN_ELEM_SIZE) || (tail != 0 && tail < MIN_ELEM_SIZE) {
            return Err(HeapError::InvalidArgument);
        }
        let lower = start > r.start;
        let upper = end < r.end();
        if self.nb_regions - 1 + lower as usize + upper as usize > MAX_REGIONS {
            return Err(HeapError::TooManyRegions);
        }
        self.list_remove(&h);
        // Lower part: ends with the lead, or with e's predecessor.
        let lower_last = if lead != 0 {
            self.update(e, |x| {
                x.size = lead;
                x.next = 0;
            });
            self.list_insert(e);
            e
        } else {
            if h.prev != 0 {
                self.update(h.prev, |x| x.next = 0);
            }
            self.kill(e);
            h.prev
        };
        // Upper part: starts with the tail, or with e's successor.
        let upper_last = if tail != 0 {
            let th = self.free_hdr(0, h.next, tail);
            self.put(end, &th);
            if h.next != 0 {
                self.update(h.next, |x| x.prev = end);
                r.last
            } else {
                end
            }
        } else {
            if h.next != 0 {
                self.update(h.next, |x| x.prev = 0);
            }
            r.last
        };
        let mut parts = [Region::default(); 2];
        let mut n = 0;
        if lower {
            parts[n] = Region { start: r.start, len: start - r.start, last: lower_last };
            n += 1;
        }
        if upper {
            parts[n] = Region { start: end, len: r.end() - end, last: upper_last };
            n += 1;
        }
        let nb = self.nb_regions;
        self.regions.copy_within(ri + 1..nb, ri + n);
        self.regions[ri..ri + n].copy_from_slice(&parts[..n]);
        self.nb_regions = nb - 1 + n;
        if tail != 0 {
            // Listed only now that the upper region is in the table (I1).
            self.list_insert(end);
        }
        self.total_size -= len;
        Ok(())
    }

    // ---- reports ----------------------------------------------------------

    pub fn stats(&self) -> rte_malloc_socket_stats {
        let mut s = rte_malloc_socket_stats::default();
        for c in 0..NB_FREELISTS {
            let mut e = self.free_head[c];
            while e != 0 {
                let h = self.hdr(e);
                s.free_count += 1;
                s.heap_freesz_bytes += h.size;
                s.greatest_free_size = s.greatest_free_size.max(h.size);
                e = h.fnext;
            }
        }
        s.heap_totalsz_bytes = self.total_size;
        s.heap_allocsz_bytes = self.total_size.saturating_sub(s.heap_freesz_bytes);
        s.alloc_count = c_uint::try_from(self.alloc_count).unwrap_or(c_uint::MAX);
        s
    }

    pub fn dump(&self, out: &mut String) {
        for r in self.regions() {
            let _ = writeln!(out, "region {:#x}-{:#x} ({} bytes)", r.start, r.end(), r.len);
            let mut e = r.start;
            while e < r.end() {
                let h = match self.peek(r, e) {
                    Some(h) if h.size >= MIN_ELEM_SIZE && h.size % ELEM_ALIGN == 0 && h.size <= r.end() - e => h,
                    _ => {
                        let _ = writeln!(out, "  {e:#x} CORRUPTED");
                        break;
                    }
                };
                let _ = match h.magic {
                    MAGIC_FREE => writeln!(out, "  {e:#x} size {} FREE", h.size),
                    MAGIC_BUSY => writeln!(out, "  {e:#x} size {} BUSY req {} pad {}", h.size, h.req, h.pad),
                    m => writeln!(out, "  {e:#x} size {} BAD MAGIC {m:#x}", h.size),
                };
                e += h.size;
            }
        }
    }

    /// Checks every invariant; the first failure as (address, what).
    pub fn check(&self) -> Result<(), (usize, &'static str)> {
        let (mut total, mut nfree, mut nbusy) = (0usize, 0usize, 0usize);
        let rs = self.regions();
        for (i, r) in rs.iter().enumerate() {
            if r.start % PAGE_SIZE != 0 || r.len % PAGE_SIZE != 0 || r.len == 0 {
                return Err((r.start, "region not page aligned"));
            }
            if i > 0 && rs[i - 1].end() >= r.start {
                return Err((r.start, "regions unsorted, overlapping or adjacent"));
            }
            total += r.len;
            let (mut e, mut prev, mut prev_free) = (r.start, 0, false);
            while e < r.end() {
                let h = self.peek(r, e).ok_or((e, "header outside its region"))?;
                if h.heap != self.id {
                    return Err((e, "header of another heap"));
                }
                if h.prev != prev {
                    return Err((e, "bad prev link"));
                }
                if h.size % ELEM_ALIGN != 0 || h.size < MIN_ELEM_SIZE || h.size > r.end() - e {
                    return Err((e, "bad size"));
                }
                let end = e + h.size;
                if h.next != if end == r.end() { 0 } else { end } {
                    return Err((e, "bad next link"));
                }
                match h.magic {
                    MAGIC_FREE => {
                        if prev_free {
                            return Err((e, "adjacent free elements"));
                        }
                        nfree += 1;
                        prev_free = true;
                    }
                    MAGIC_BUSY => {
                        nbusy += 1;
                        prev_free = false;
                        let pad = h.pad as usize;
                        if !pad.is_multiple_of(ELEM_ALIGN) || pad >= MIN_ELEM_SIZE {
                            return Err((e, "bad pad"));
                        }
                        if pad != 0 && self.peek(r, e + pad).is_none_or(|m| m.magic != MAGIC_PAD || m.pad != h.pad) {
                            return Err((e, "bad PAD marker"));
                        }
                        let user = e + HDR + pad;
                        let room = align_up(h.req, 8).and_then(|d| d.checked_add(user + TRAILER));
                        if room.is_none_or(|x| x > end) {
                            return Err((e, "requested size exceeds element"));
                        }
                        if !self.cookie_ok(user + h.req.div_ceil(8) * 8) {
                            return Err((e, "trailer cookie overwritten"));
                        }
                    }
                    _ => return Err((e, "bad magic")),
                }
                prev = e;
                e = end;
            }
            if r.last != prev {
                return Err((r.start, "bad region last element"));
            }
        }
        if total != self.total_size {
            return Err((0, "total size differs from the regions"));
        }
        if nbusy != self.alloc_count {
            return Err((0, "alloc count differs from the busy elements"));
        }
        let mut listed = 0;
        for c in 0..NB_FREELISTS {
            let (mut e, mut fprev) = (self.free_head[c], 0);
            while e != 0 {
                if listed >= nfree {
                    return Err((e, "free lists hold more than the free elements"));
                }
                let ri = self.find_region(e).ok_or((e, "free-list entry outside the heap"))?;
                let h = self.peek(&self.regions[ri], e).ok_or((e, "misaligned free-list entry"))?;
                if h.magic != MAGIC_FREE {
                    return Err((e, "non-free element on a free list"));
                }
                if class_of(h.size) != c {
                    return Err((e, "element on the wrong free list"));
                }
                if h.fprev != fprev {
                    return Err((e, "bad free-list back link"));
                }
                listed += 1;
                fprev = e;
                e = h.fnext;
            }
        }
        if listed != nfree {
            return Err((0, "free element missing from the free lists"));
        }
        Ok(())
    }
}
