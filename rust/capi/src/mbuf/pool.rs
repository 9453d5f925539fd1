//! Mempool get/put with the per-lcore cache, and the mbuf segment
//! operations the exported functions need (the same rules as the inline
//! code of rte_mbuf.h: reference counts, detach, prefree, raw free).
//!
//! Mbufs and caches are memory that C inline code (ours or the
//! reference's) reads and writes too: everything here goes through raw
//! pointers, one field at a time, never through `&`/`&mut` to an mbuf.
//! An mbuf whose reference count the caller owns is written with plain
//! stores, as the inline code does; the counts themselves are atomic.

use std::ffi::c_void;
use std::ptr::{addr_of, addr_of_mut, null_mut};
use std::sync::atomic::{AtomicU16, Ordering};

use rte_abi::mbuf::*;
use rte_abi::mempool::{rte_mempool, rte_mempool_cache, rte_mempool_objhdr, RTE_MEMPOOL_CACHE_MAX_SIZE};

use crate::mempool::rte_mempool::rte_mempool_ops_table;

const MAX_LCORE: u32 = 128;

/// The pool's private area (`rte_mempool_get_priv`).
pub(crate) fn pool_priv(mp: *mut rte_mempool) -> *mut rte_pktmbuf_pool_private {
    // SAFETY: a live pool; its private area follows the header and, when
    // the pool has caches, the RTE_MAX_LCORE caches.
    unsafe {
        let caches = if (*mp).cache_size == 0 { 0 } else { size_of::<rte_mempool_cache>() * MAX_LCORE as usize };
        mp.cast::<u8>().add(size_of::<rte_mempool>() + caches).cast()
    }
}

/// Data room of each mbuf of a pktmbuf pool.
pub(crate) fn data_room(mp: *mut rte_mempool) -> u16 {
    // SAFETY: the private area of a live pktmbuf pool.
    unsafe { (*pool_priv(mp)).mbuf_data_room_size }
}

/// Private area size of each mbuf of a pktmbuf pool.
pub(crate) fn priv_size(mp: *mut rte_mempool) -> u16 {
    // SAFETY: the private area of a live pktmbuf pool.
    unsafe { (*pool_priv(mp)).mbuf_priv_size }
}

/// RTE_PKTMBUF_POOL_F_* flags of a pktmbuf pool.
pub(crate) fn pool_flags(mp: *mut rte_mempool) -> u32 {
    // SAFETY: the private area of a live pktmbuf pool.
    unsafe { (*pool_priv(mp)).flags }
}

/// IO address of a pool object (from the header before it).
pub(crate) fn virt2iova(obj: *const c_void) -> u64 {
    // SAFETY: every pool object is preceded by its object header.
    unsafe { (*obj.cast::<u8>().sub(size_of::<rte_mempool_objhdr>()).cast::<rte_mempool_objhdr>()).iova }
}

fn cache_of(mp: *mut rte_mempool) -> *mut rte_mempool_cache {
    let lcore = rte_eal::tls::lcore_id();
    // SAFETY: a live pool; local_cache has RTE_MAX_LCORE entries when cache_size > 0.
    unsafe {
        if (*mp).cache_size == 0 || lcore >= MAX_LCORE {
            return null_mut();
        }
        (*mp).local_cache.add(lcore as usize)
    }
}

unsafe fn enqueue(mp: *mut rte_mempool, objs: *const *mut c_void, n: u32) {
    // SAFETY: a live pool's registered handler (ops_index set when the
    // pool was created); enqueue is mandatory for every handler.
    unsafe {
        let t = addr_of!(rte_mempool_ops_table);
        let o = addr_of!((*t).ops[(*mp).ops_index as usize]);
        if let Some(f) = (*o).enqueue {
            f(mp, objs, n);
        }
    }
}

unsafe fn dequeue(mp: *mut rte_mempool, objs: *mut *mut c_void, n: u32) -> i32 {
    // SAFETY: as enqueue.
    unsafe {
        let t = addr_of!(rte_mempool_ops_table);
        let o = addr_of!((*t).ops[(*mp).ops_index as usize]);
        match (*o).dequeue {
            Some(f) => f(mp, objs, n),
            None => -libc::EINVAL,
        }
    }
}

/// Returns `n` objects to `mp` through this lcore's cache (the algorithm
/// of the inline rte_mempool_put_bulk, so both can share one cache).
///
/// # Safety
/// `mp` a live pool, `objs` `n` of its objects, no longer used.
pub(crate) unsafe fn put_bulk(mp: *mut rte_mempool, objs: *const *mut c_void, n: u32) {
    let c = cache_of(mp);
    // SAFETY: `c` is this lcore's cache (only this thread uses it); its
    // array holds 2 * RTE_MEMPOOL_CACHE_MAX_SIZE entries, and len stays at
    // most flushthresh (<= 1.5 * size).
    unsafe {
        if c.is_null() || n > (*c).flushthresh {
            return enqueue(mp, objs, n);
        }
        let base = addr_of_mut!((*c).objs).cast::<*mut c_void>();
        let len = (*c).len;
        let dst = if len + n <= (*c).flushthresh {
            (*c).len = len + n;
            base.add(len as usize)
        } else {
            enqueue(mp, base, len);
            (*c).len = n;
            base
        };
        std::ptr::copy_nonoverlapping(objs, dst, n as usize);
    }
}

/// Takes `n` objects from `mp` (all or none) through this lcore's cache.
///
/// # Safety
/// `mp` a live pool; `objs` writable for `n` pointers.
pub(crate) unsafe fn get_bulk(mp: *mut rte_mempool, objs: *mut *mut c_void, n: u32) -> i32 {
    let c = cache_of(mp);
    // SAFETY: as put_bulk; refills stay within size + MAX_SIZE entries.
    unsafe {
        if c.is_null() {
            return dequeue(mp, objs, n);
        }
        let base = addr_of_mut!((*c).objs).cast::<*mut c_void>();
        let len = (*c).len;
        let from_cache = n.min(len);
        for i in 0..from_cache {
            *objs.add(i as usize) = *base.add((len - 1 - i) as usize);
        }
        (*c).len = len - from_cache;
        let rest = n - from_cache;
        if rest == 0 {
            return 0;
        }
        let out = objs.add(from_cache as usize);
        let size = (*c).size;
        if rest <= RTE_MEMPOOL_CACHE_MAX_SIZE && dequeue(mp, base, size + rest) >= 0 {
            for i in 0..rest {
                *out.add(i as usize) = *base.add((size + rest - 1 - i) as usize);
            }
            (*c).len = size;
            return 0;
        }
        let r = dequeue(mp, out, rest);
        if r < 0 {
            (*c).len = from_cache;
        }
        r
    }
}

fn cnt<'a>(p: *const u16) -> &'a AtomicU16 {
    // SAFETY: a reference count field of a live mbuf or shared info, only
    // changed atomically by every user (our code and the inline code).
    unsafe { AtomicU16::from_ptr(p.cast_mut()) }
}

/// An mbuf's reference count. ORDERING: relaxed, as the inline read.
pub(crate) fn refcnt(m: *mut rte_mbuf) -> u16 {
    // SAFETY: a live mbuf.
    cnt(unsafe { addr_of!((*m).refcnt) }).load(Ordering::Relaxed)
}

fn refcnt_set(m: *mut rte_mbuf, v: u16) {
    // SAFETY: a live mbuf. ORDERING: relaxed, as the inline set: the
    // caller is the only owner.
    cnt(unsafe { addr_of!((*m).refcnt) }).store(v, Ordering::Relaxed)
}

/// Adds `v` to a count; the 1-owner shortcut of the inline code, else an
/// acq-rel RMW pairing with the other owners' decrements.
fn count_update(c: &AtomicU16, v: i16) -> u16 {
    // ORDERING: a count of 1 means the caller is the only owner: nobody
    // else reads or writes it, relaxed is enough (as the inline code).
    if c.load(Ordering::Relaxed) == 1 {
        let n = 1u16.wrapping_add(v as u16);
        c.store(n, Ordering::Relaxed);
        return n;
    }
    // ORDERING: acq-rel pairs with the other owners' decrements (inline
    // __atomic_add_fetch ACQ_REL or ours): the last owner sees their writes.
    c.fetch_add(v as u16, Ordering::AcqRel).wrapping_add(v as u16)
}

fn refcnt_update(m: *mut rte_mbuf, v: i16) -> u16 {
    // SAFETY: a live mbuf.
    count_update(cnt(unsafe { addr_of!((*m).refcnt) }), v)
}

fn ext_refcnt_update(s: *mut rte_mbuf_ext_shared_info, v: i16) -> u16 {
    // SAFETY: a live shared info.
    count_update(cnt(unsafe { addr_of!((*s).refcnt) }), v)
}

/// The mbuf that embeds the buffer an indirect mbuf points to.
fn from_indirect(mi: *mut rte_mbuf) -> *mut rte_mbuf {
    let off = size_of::<rte_mbuf>() + mget!(mi, priv_size) as usize;
    mget!(mi, buf_addr).cast::<u8>().wrapping_sub(off).cast()
}

/// Puts a direct segment (count 1, unchained) back in its pool.
pub(crate) fn raw_free(m: *mut rte_mbuf) {
    let mp = mget!(m, pool).cast::<rte_mempool>();
    let o = m.cast::<c_void>();
    // SAFETY: the caller owns `m`, an object of `mp`.
    unsafe { put_bulk(mp, &o, 1) };
}

/// Resets the packet fields (the inline rte_pktmbuf_reset).
pub(crate) fn reset(m: *mut rte_mbuf) {
    mset!(m, next, null_mut());
    mset!(m, pkt_len, 0);
    mset!(m, tx_offload, 0);
    mset!(m, vlan_tci, 0);
    mset!(m, vlan_tci_outer, 0);
    mset!(m, nb_segs, 1);
    mset!(m, port, RTE_MBUF_PORT_INVALID as u16);
    mset!(m, ol_flags, mget!(m, ol_flags) & RTE_MBUF_F_EXTERNAL);
    mset!(m, packet_type, 0);
    mset!(m, data_off, (RTE_PKTMBUF_HEADROOM as u16).min(mget!(m, buf_len)));
    mset!(m, data_len, 0);
}

/// The build config's RTE_PKTMBUF_HEADROOM.
pub(crate) const RTE_PKTMBUF_HEADROOM: u32 = 128;

/// A reset mbuf from `mp`, or NULL.
pub(crate) fn alloc(mp: *mut rte_mempool) -> *mut rte_mbuf {
    let mut o: *mut c_void = null_mut();
    // SAFETY: a live pool; one slot.
    if unsafe { get_bulk(mp, &mut o, 1) } < 0 {
        return null_mut();
    }
    let m = o.cast::<rte_mbuf>();
    reset(m);
    m
}

/// Gives `m` its own buffer back after an indirect or external use
/// (the inline rte_pktmbuf_detach).
pub(crate) fn detach(m: *mut rte_mbuf) {
    let mp = mget!(m, pool).cast::<rte_mempool>();
    if mget!(m, ol_flags) & RTE_MBUF_F_EXTERNAL != 0 {
        if pool_flags(mp) & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF != 0 {
            return;
        }
        let s = mget!(m, shinfo);
        if ext_refcnt_update(s, -1) == 0 {
            let addr = mget!(m, buf_addr);
            // SAFETY: the shared info of the buffer, whose last user this was;
            // its callback takes the buffer and its own argument.
            unsafe {
                if let Some(cb) = addr_of!((*s).free_cb).read() {
                    cb(addr, addr_of!((*s).fcb_opaque).read());
                }
            }
        }
    } else {
        let md = from_indirect(m);
        if refcnt_update(md, -1) == 0 {
            mset!(md, next, null_mut());
            mset!(md, nb_segs, 1);
            refcnt_set(md, 1);
            raw_free(md);
        }
    }
    let ps = priv_size(mp);
    let size = size_of::<rte_mbuf>() + ps as usize;
    mset!(m, priv_size, ps);
    mset!(m, buf_addr, m.cast::<u8>().wrapping_add(size).cast());
    mset!(m, buf_iova, virt2iova(m.cast()) + size as u64);
    mset!(m, buf_len, data_room(mp));
    mset!(m, data_off, (RTE_PKTMBUF_HEADROOM as u16).min(data_room(mp)));
    mset!(m, data_len, 0);
    mset!(m, ol_flags, 0);
}

/// For a segment with a pinned external buffer being freed: true if
/// other mbufs still use the buffer.
fn pinned_decref(m: *mut rte_mbuf) -> bool {
    mset!(m, ol_flags, RTE_MBUF_F_EXTERNAL);
    let s = mget!(m, shinfo);
    // SAFETY: the mbuf's live shared info.
    let c = cnt(unsafe { addr_of!((*s).refcnt) });
    // ORDERING: as count_update: relaxed for the sole owner, acq-rel
    // decrement pairing with the other users of the buffer.
    if c.load(Ordering::Relaxed) == 1 {
        return false;
    }
    if c.fetch_sub(1, Ordering::AcqRel) != 1 {
        return true;
    }
    c.store(1, Ordering::Relaxed);
    false
}

fn prefree_last(m: *mut rte_mbuf) -> *mut rte_mbuf {
    let fl = mget!(m, ol_flags);
    if fl & (RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL) != 0 {
        detach(m);
        let mp = mget!(m, pool).cast::<rte_mempool>();
        if mget!(m, ol_flags) & RTE_MBUF_F_EXTERNAL != 0
            && pool_flags(mp) & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF != 0
            && pinned_decref(m)
        {
            return null_mut();
        }
    }
    mset!(m, next, null_mut());
    mset!(m, nb_segs, 1);
    m
}

/// Drops one reference to segment `m`: returns it ready for [`raw_free`]
/// if that was the last one (the inline rte_pktmbuf_prefree_seg).
pub(crate) fn prefree_seg(m: *mut rte_mbuf) -> *mut rte_mbuf {
    if refcnt(m) == 1 {
        return prefree_last(m);
    }
    // SAFETY: a live mbuf. ORDERING: acq-rel, pairing with the other
    // owners' decrements so the last one sees their writes.
    if cnt(unsafe { addr_of!((*m).refcnt) }).fetch_sub(1, Ordering::AcqRel) == 1 {
        let m = prefree_last(m);
        if !m.is_null() {
            refcnt_set(m, 1);
        }
        return m;
    }
    null_mut()
}

/// Frees one segment.
pub(crate) fn free_seg(m: *mut rte_mbuf) {
    let m = prefree_seg(m);
    if !m.is_null() {
        raw_free(m);
    }
}

/// Frees a whole packet.
pub(crate) fn free(mut m: *mut rte_mbuf) {
    while !m.is_null() {
        let next = mget!(m, next);
        free_seg(m);
        m = next;
    }
}

/// Copies the packet metadata of `src` to `dst` (the inline __rte_pktmbuf_copy_hdr).
pub(crate) fn copy_hdr(dst: *mut rte_mbuf, src: *const rte_mbuf) {
    mset!(dst, port, mget!(src, port));
    mset!(dst, vlan_tci, mget!(src, vlan_tci));
    mset!(dst, vlan_tci_outer, mget!(src, vlan_tci_outer));
    mset!(dst, tx_offload, mget!(src, tx_offload));
    mset!(dst, hash, mget!(src, hash));
    mset!(dst, packet_type, mget!(src, packet_type));
    mset!(dst, dynfield1, mget!(src, dynfield1));
}

/// Makes the fresh direct mbuf `mi` an indirect view of segment `m`
/// (the inline rte_pktmbuf_attach).
pub(crate) fn attach(mi: *mut rte_mbuf, m: *mut rte_mbuf) {
    let fl = mget!(m, ol_flags);
    if fl & RTE_MBUF_F_EXTERNAL != 0 {
        ext_refcnt_update(mget!(m, shinfo), 1);
        mset!(mi, ol_flags, fl);
        mset!(mi, shinfo, mget!(m, shinfo));
    } else {
        refcnt_update(from_indirect(m), 1);
        mset!(mi, priv_size, mget!(m, priv_size));
        mset!(mi, ol_flags, fl | RTE_MBUF_F_INDIRECT);
    }
    copy_hdr(mi, m);
    mset!(mi, data_off, mget!(m, data_off));
    mset!(mi, data_len, mget!(m, data_len));
    mset!(mi, buf_iova, mget!(m, buf_iova));
    mset!(mi, buf_addr, mget!(m, buf_addr));
    mset!(mi, buf_len, mget!(m, buf_len));
    mset!(mi, next, null_mut());
    mset!(mi, pkt_len, mget!(mi, data_len) as u32);
    mset!(mi, nb_segs, 1);
}
