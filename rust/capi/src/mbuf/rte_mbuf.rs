//! `rte_mbuf.h`: the exported part of librte_mbuf. The fast path (alloc,
//! free, attach, refcounts, prepend/append...) is inline code in the
//! header, reading and writing `struct rte_mbuf` laid out as in 22.11;
//! these are its slow paths, the pool constructors and the checks.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr::addr_of;

use ::rte_mbuf::names;
use ::rte_mbuf::ptype::PacketReader;
use rte_abi::mbuf::*;

use crate::eal::rte_log::write_stream;

/// Name of one receive offload flag value, or NULL.
#[no_mangle]
pub extern "C" fn rte_get_rx_ol_flag_name(mask: u64) -> *const c_char {
    entry!("rte_get_rx_ol_flag_name", std::ptr::null(), {
        names::rx_flag_name(mask).map_or(std::ptr::null(), CStr::as_ptr)
    })
}

/// Name of one transmit offload flag value, or NULL.
#[no_mangle]
pub extern "C" fn rte_get_tx_ol_flag_name(mask: u64) -> *const c_char {
    entry!("rte_get_tx_ol_flag_name", std::ptr::null(), {
        names::tx_flag_name(mask).map_or(std::ptr::null(), CStr::as_ptr)
    })
}

unsafe fn flag_list(mask: u64, buf: *mut c_char, buflen: usize, f: fn(u64, &mut [u8]) -> Option<()>) -> c_int {
    if buf.is_null() || buflen == 0 {
        return -1;
    }
    // SAFETY: writable for buflen bytes per the callers' contracts.
    let b = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), buflen) };
    match f(mask, b) {
        Some(()) => 0,
        None => -1,
    }
}

/// Writes the names of the receive flags in `mask` (each followed by a
/// space) into `buf`; 0, or -1 if NULL or too small.
///
/// # Safety
/// `buf` must be writable for `buflen` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_get_rx_ol_flag_list(mask: u64, buf: *mut c_char, buflen: usize) -> c_int {
    // SAFETY: forwarded contract.
    entry!("rte_get_rx_ol_flag_list", -1, { unsafe { flag_list(mask, buf, buflen, names::rx_flag_list) } })
}

/// As `rte_get_rx_ol_flag_list` for transmit flags.
///
/// # Safety
/// `buf` must be writable for `buflen` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_get_tx_ol_flag_list(mask: u64, buf: *mut c_char, buflen: usize) -> c_int {
    // SAFETY: forwarded contract.
    entry!("rte_get_tx_ol_flag_list", -1, { unsafe { flag_list(mask, buf, buflen, names::tx_flag_list) } })
}

/// Reads a field of an mbuf that C code may be using (no reference made).
macro_rules! field {
    ($m:expr, $f:ident) => {
        // SAFETY: callers pass a live mbuf; a plain read of one field.
        unsafe { addr_of!((*$m).$f).read() }
    };
}

fn refcnt(m: *const rte_mbuf) -> u16 {
    // SAFETY: a live mbuf; the count is changed atomically by C inline
    // code, so it is read atomically. ORDERING: a snapshot for checks and
    // dumps, paired with nothing.
    unsafe { std::sync::atomic::AtomicU16::from_ptr(addr_of!((*m).refcnt).cast_mut()) }
        .load(std::sync::atomic::Ordering::Relaxed)
}

/// The consistency rules of `rte_mbuf_check`; Err names the broken one.
fn check(m: *const rte_mbuf, is_header: bool) -> Result<(), &'static CStr> {
    if m.is_null() {
        return Err(cs!("mbuf is NULL"));
    }
    if field!(m, pool).is_null() {
        return Err(cs!("bad mbuf pool (NULL)"));
    }
    if field!(m, buf_iova) == 0 {
        return Err(cs!("bad IO address (0)"));
    }
    if field!(m, buf_addr).is_null() {
        return Err(cs!("bad virtual address (NULL)"));
    }
    let c = refcnt(m);
    if c == 0 || c == u16::MAX {
        return Err(cs!("bad reference count"));
    }
    if !is_header {
        return Ok(());
    }
    if field!(m, data_len) as u32 > field!(m, pkt_len) {
        return Err(cs!("bad data_len (above pkt_len)"));
    }
    let mut segs = field!(m, nb_segs) as u32;
    let mut len = field!(m, pkt_len) as i64;
    let mut s = m;
    while !s.is_null() {
        let (off, dl, bl) = (field!(s, data_off) as u32, field!(s, data_len) as u32, field!(s, buf_len) as u32);
        if off > bl {
            return Err(cs!("segment data offset beyond its buffer"));
        }
        if off + dl > bl {
            return Err(cs!("segment data length beyond its buffer"));
        }
        if segs == 0 {
            return Err(cs!("bad nb_segs (more segments chained)"));
        }
        segs -= 1;
        len -= dl as i64;
        s = field!(s, next);
    }
    if segs != 0 {
        return Err(cs!("bad nb_segs (fewer segments chained)"));
    }
    if len != 0 {
        return Err(cs!("bad pkt_len (not the sum of data_len)"));
    }
    Ok(())
}

/// Checks an mbuf (and, for a packet's first segment, its chain); 0, or
/// -1 with `*reason` (if not NULL) set to a static description.
///
/// # Safety
/// `m` NULL or a readable mbuf with a valid chain; `reason` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_check(m: *const rte_mbuf, is_header: c_int, reason: *mut *const c_char) -> c_int {
    entry!("rte_mbuf_check", -1, {
        match check(m, is_header != 0) {
            Ok(()) => 0,
            Err(r) => {
                if !reason.is_null() {
                    // SAFETY: writable per the contract.
                    unsafe { reason.write(r.as_ptr()) };
                }
                -1
            }
        }
    })
}

/// Like `rte_mbuf_check`, but a broken mbuf stops the process (as in the
/// reference: a broken mbuf means memory is already corrupt).
///
/// # Safety
/// As `rte_mbuf_check`.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_sanity_check(m: *const rte_mbuf, is_header: c_int) {
    let r = entry!("rte_mbuf_sanity_check", Ok(()), { check(m, is_header != 0) });
    if let Err(r) = r {
        rte_eal::rte_log!(CRIT, MBUF, "MBUF: rte_mbuf_sanity_check(): mbuf {m:?}: {}\n", r.to_string_lossy());
        extern "C" {
            fn rte_dump_stack();
        }
        // SAFETY: rte_dump_stack (csrc/log.c) takes no arguments.
        unsafe { rte_dump_stack() };
        std::process::abort();
    }
}

/// A packet as a chain of mbuf segments, read by copying.
pub(crate) struct Chain(pub *const rte_mbuf);

impl Chain {
    /// Segment holding byte `off` of the packet and the offset inside it.
    fn seek(&self, mut off: u32) -> Option<(*const rte_mbuf, u32)> {
        let mut s = self.0;
        while !s.is_null() {
            let dl = field!(s, data_len) as u32;
            if off < dl {
                return Some((s, off));
            }
            off -= dl;
            s = field!(s, next);
        }
        None
    }

    /// Pointer to byte `off` of segment `s`'s data.
    fn data(s: *const rte_mbuf, off: u32) -> *const u8 {
        let (base, at) = (field!(s, buf_addr).cast::<u8>(), field!(s, data_off) as usize + off as usize);
        // SAFETY: buf_addr + data_off + off is inside the segment's buffer
        // (off < data_len, and data_off + data_len <= buf_len).
        unsafe { base.add(at) }
    }
}

impl PacketReader for Chain {
    fn read(&self, off: u32, buf: &mut [u8]) -> bool {
        let len = buf.len() as u32;
        if self.0.is_null() || off.checked_add(len).is_none_or(|end| end > field!(self.0, pkt_len)) {
            return false;
        }
        if len == 0 {
            return true;
        }
        let Some((mut s, mut o)) = self.seek(off) else { return false };
        let mut done = 0usize;
        while done < buf.len() {
            if s.is_null() {
                return false;
            }
            let n = ((field!(s, data_len) as u32 - o) as usize).min(buf.len() - done);
            // SAFETY: n bytes from inside the segment's data into the local buffer.
            unsafe { std::ptr::copy_nonoverlapping(Chain::data(s, o), buf[done..].as_mut_ptr(), n) };
            done += n;
            o = 0;
            s = field!(s, next);
        }
        true
    }
}

/// Slow path of `rte_pktmbuf_read`: `len` bytes at `off` of the packet,
/// in place when one segment holds them all, else copied into `buf`;
/// NULL when the packet is shorter than `off + len`.
///
/// # Safety
/// `m` a valid packet; `buf` writable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn __rte_pktmbuf_read(m: *const rte_mbuf, off: u32, len: u32, buf: *mut c_void) -> *const c_void {
    entry!("__rte_pktmbuf_read", std::ptr::null(), {
        if m.is_null() {
            return std::ptr::null();
        }
        let c = Chain(m);
        if off.checked_add(len).is_none_or(|end| end > field!(m, pkt_len)) {
            return std::ptr::null();
        }
        if let Some((s, o)) = c.seek(off) {
            if o + len <= field!(s, data_len) as u32 {
                return Chain::data(s, o).cast();
            }
        } else if len == 0 {
            return buf.cast_const();
        }
        if buf.is_null() {
            return std::ptr::null();
        }
        // SAFETY: writable for len bytes per the contract.
        let out = unsafe { std::slice::from_raw_parts_mut(buf.cast::<u8>(), len as usize) };
        if c.read(off, out) {
            buf.cast_const()
        } else {
            std::ptr::null()
        }
    })
}

/// Prints a packet's header fields and up to `dump_len` bytes of data
/// (first a line saying what is wrong if the mbuf fails `rte_mbuf_check`).
///
/// # Safety
/// `f` a valid stream; `m` a valid packet.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_dump(f: *mut libc::FILE, m: *const rte_mbuf, dump_len: c_uint) {
    entry!("rte_pktmbuf_dump", (), {
        nonnull!("rte_pktmbuf_dump", f, ());
        nonnull!("rte_pktmbuf_dump", m, ());
        // A broken mbuf is reported, not fatal: dumps are for debugging.
        if let Err(why) = check(m, true) {
            // SAFETY: valid stream per the contract.
            unsafe { write_stream(f, &format!("mbuf {m:p} fails its check: {}\n", why.to_string_lossy())) };
        }
        let fl = field!(m, ol_flags);
        let mut s = format!(
            "dump mbuf at {:p}, iova={:#x}, buf_len={}\n  pkt_len={}, ol_flags={:#x}, nb_segs={}, port={}",
            m,
            field!(m, buf_iova),
            field!(m, buf_len),
            field!(m, pkt_len),
            fl,
            field!(m, nb_segs),
            field!(m, port)
        );
        if fl & (RTE_MBUF_F_RX_QINQ | RTE_MBUF_F_TX_QINQ) != 0 {
            s += &format!(", outer_vlan_tci={}", field!(m, vlan_tci_outer));
        }
        if fl & (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_TX_VLAN) != 0 {
            s += &format!(", vlan_tci={}", field!(m, vlan_tci));
        }
        s += &format!(", ptype={:#x}\n", field!(m, packet_type));
        // SAFETY: valid stream per the contract.
        unsafe { write_stream(f, &s) };
        let mut left = dump_len;
        let mut seg = m;
        let mut n = field!(m, nb_segs);
        while !seg.is_null() && n != 0 {
            let data = Chain::data(seg, 0);
            let dl = field!(seg, data_len) as u32;
            let line = format!(
                "  segment at {:p}, data={:p}, len={}, off={}, refcnt={}\n",
                seg,
                data,
                dl,
                field!(seg, data_off),
                refcnt(seg)
            );
            // SAFETY: valid stream per the contract.
            unsafe { write_stream(f, &line) };
            // Never past the buffer, even for a broken segment.
            let inside = (field!(seg, buf_len) as u32).saturating_sub(field!(seg, data_off) as u32);
            let len = left.min(dl).min(inside);
            if len != 0 {
                // SAFETY: len bytes of the segment's data.
                unsafe { crate::eal::rte_hexdump::rte_hexdump(f, std::ptr::null(), data.cast(), len) };
            }
            left -= len;
            seg = field!(seg, next);
            n -= 1;
        }
    })
}

// ------------------------------------------------------------ pools

use std::ptr::null_mut;

use rte_abi::mempool::rte_mempool;

use super::pool;
use super::rte_mbuf_pool_ops::rte_mbuf_best_mempool_ops;
use crate::boundary::fail;
use crate::mbuf::MbufError;
use crate::mempool::rte_mempool::{
    rte_mempool_create_empty, rte_mempool_free, rte_mempool_obj_iter, rte_mempool_populate_default,
    rte_mempool_set_ops_byname,
};

/// Sets up the private area of a pktmbuf pool from `opaque_arg` (a
/// `struct rte_pktmbuf_pool_private`, or NULL: all of each element after
/// the mbuf header is data room, no private area). A private area or
/// element too small for the request is logged and left untouched.
///
/// # Safety
/// `mp` a pool created with at least `sizeof(struct rte_pktmbuf_pool_private)`
/// bytes of private data; `opaque_arg` NULL or a valid private struct.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_pool_init(mp: *mut rte_mempool, opaque_arg: *mut c_void) {
    entry!("rte_pktmbuf_pool_init", (), {
        nonnull!("rte_pktmbuf_pool_init", mp, ());
        // SAFETY: a live pool per the contract.
        let (psize, elt) = unsafe { ((*mp).private_data_size as usize, (*mp).elt_size as usize) };
        let hdr = size_of::<rte_mbuf>();
        let req = if opaque_arg.is_null() {
            rte_pktmbuf_pool_private {
                mbuf_data_room_size: elt.saturating_sub(hdr).min(u16::MAX as usize) as u16,
                mbuf_priv_size: 0,
                flags: 0,
            }
        } else {
            // SAFETY: a valid struct per the contract.
            unsafe { opaque_arg.cast::<rte_pktmbuf_pool_private>().read() }
        };
        let pinned = req.flags & RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF != 0;
        let need = hdr
            + req.mbuf_priv_size as usize
            + if pinned { size_of::<rte_mbuf_ext_shared_info>() } else { req.mbuf_data_room_size as usize };
        let bad = if psize < size_of::<rte_pktmbuf_pool_private>() {
            Some(format!("pool private area of {psize} bytes is too small"))
        } else if elt < need {
            Some(format!("element size {elt} is below the {need} bytes the mbuf needs"))
        } else if req.flags & !RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF != 0 {
            Some(format!("unknown pool flags {:#x}", req.flags))
        } else {
            None
        };
        if let Some(msg) = bad {
            fail("rte_pktmbuf_pool_init", &MbufError::Invalid(msg), ());
            return;
        }
        // SAFETY: the private area is large enough (checked above).
        unsafe { pool::pool_priv(mp).write(req) };
    })
}

/// Initialises one mbuf of a pktmbuf pool (an `rte_mempool_obj_iter`
/// callback): embedded buffer after the header and private area, default
/// headroom, count 1.
///
/// # Safety
/// `mp` a pktmbuf pool set up by `rte_pktmbuf_pool_init`; `m` one of its objects.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_init(mp: *mut rte_mempool, opaque_arg: *mut c_void, m: *mut c_void, i: c_uint) {
    let _ = (opaque_arg, i);
    entry!("rte_pktmbuf_init", (), {
        nonnull!("rte_pktmbuf_init", mp, ());
        nonnull!("rte_pktmbuf_init", m, ());
        let m = m.cast::<rte_mbuf>();
        let ps = pool::priv_size(mp);
        let size = size_of::<rte_mbuf>() + ps as usize;
        let room = pool::data_room(mp);
        // SAFETY: the object holds at least the header and private area.
        unsafe { std::ptr::write_bytes(m.cast::<u8>(), 0, size) };
        mset!(m, priv_size, ps);
        mset!(m, buf_addr, m.cast::<u8>().wrapping_add(size).cast());
        mset!(m, buf_iova, pool::virt2iova(m.cast()) + size as u64);
        mset!(m, buf_len, room);
        mset!(m, data_off, (pool::RTE_PKTMBUF_HEADROOM as u16).min(room));
        mset!(m, pool, mp.cast());
        mset!(m, nb_segs, 1);
        mset!(m, port, RTE_MBUF_PORT_INVALID as u16);
        mset!(m, refcnt, 1);
    })
}

fn name_str(name: *const c_char) -> String {
    if name.is_null() {
        return "(null)".into();
    }
    // SAFETY: a valid string per the callers' contracts.
    unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned()
}

/// Creates an empty pool of `n` elements of `elt_size` with the chosen
/// handler and a pktmbuf private area; NULL with rte_errno on failure.
unsafe fn create_with_ops(
    func: &str,
    name: *const c_char,
    n: c_uint,
    elt_size: c_uint,
    cache_size: c_uint,
    socket_id: c_int,
    ops_name: *const c_char,
    priv_: &rte_pktmbuf_pool_private,
) -> *mut rte_mempool {
    let psz = size_of::<rte_pktmbuf_pool_private>() as c_uint;
    // SAFETY: arguments checked by the mempool library itself.
    let mp = unsafe { rte_mempool_create_empty(name, n, elt_size, cache_size, psz, socket_id, 0) };
    if mp.is_null() {
        return null_mut();
    }
    let ops = if ops_name.is_null() { rte_mbuf_best_mempool_ops() } else { ops_name };
    // SAFETY: a fresh pool; a valid handler name.
    let r = unsafe { rte_mempool_set_ops_byname(mp, ops, null_mut()) };
    if r != 0 {
        // SAFETY: the pool made above.
        unsafe { rte_mempool_free(mp) };
        return fail(
            func,
            &MbufError::Invalid(format!(
                "pool '{}': mempool handler '{}' refused ({r})",
                name_str(name),
                name_str(ops)
            )),
            null_mut::<rte_mempool>(),
        )
        .tap_errno(-r);
    }
    // SAFETY: the pool has a private area of psz bytes.
    unsafe { rte_pktmbuf_pool_init(mp, (priv_ as *const rte_pktmbuf_pool_private).cast_mut().cast()) };
    mp
}

/// Sets rte_errno after `fail` chose another value.
trait TapErrno {
    fn tap_errno(self, e: i32) -> Self;
}

impl<T> TapErrno for *mut T {
    fn tap_errno(self, e: i32) -> Self {
        crate::boundary::set_errno(e);
        self
    }
}

fn check_priv_size(func: &str, priv_size: u16) -> bool {
    if !(priv_size as u32).is_multiple_of(RTE_MBUF_PRIV_ALIGN) {
        fail(
            func,
            &MbufError::Invalid(format!("priv_size {priv_size} is not a multiple of {RTE_MBUF_PRIV_ALIGN}")),
            (),
        );
        return false;
    }
    true
}

/// Creates a pool of `n` packet mbufs with `data_room_size` bytes of
/// buffer and `priv_size` bytes of private area each, on the handler
/// `ops_name` (NULL: `rte_mbuf_best_mempool_ops()`). NULL with rte_errno
/// on failure (EINVAL priv_size not a multiple of 8, the mempool errors).
///
/// # Safety
/// `name` a valid string; `ops_name` NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_pool_create_by_ops(
    name: *const c_char,
    n: c_uint,
    cache_size: c_uint,
    priv_size: u16,
    data_room_size: u16,
    socket_id: c_int,
    ops_name: *const c_char,
) -> *mut rte_mempool {
    entry!("rte_pktmbuf_pool_create_by_ops", null_mut(), {
        const F: &str = "rte_pktmbuf_pool_create_by_ops";
        if !check_priv_size(F, priv_size) {
            return null_mut();
        }
        let elt = (size_of::<rte_mbuf>() + priv_size as usize + data_room_size as usize) as c_uint;
        let p = rte_pktmbuf_pool_private { mbuf_data_room_size: data_room_size, mbuf_priv_size: priv_size, flags: 0 };
        // SAFETY: forwarded contract.
        let mp = unsafe { create_with_ops(F, name, n, elt, cache_size, socket_id, ops_name, &p) };
        if mp.is_null() {
            return mp;
        }
        // SAFETY: a pool just set up.
        let r = unsafe { rte_mempool_populate_default(mp) };
        if r < 0 {
            // SAFETY: the pool made above.
            unsafe { rte_mempool_free(mp) };
            crate::boundary::set_errno(-r);
            return null_mut();
        }
        // SAFETY: a populated pktmbuf pool.
        unsafe { rte_mempool_obj_iter(mp, Some(rte_pktmbuf_init), null_mut()) };
        mp
    })
}

/// `rte_pktmbuf_pool_create_by_ops` with the best handler.
///
/// # Safety
/// `name` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_pool_create(
    name: *const c_char,
    n: c_uint,
    cache_size: c_uint,
    priv_size: u16,
    data_room_size: u16,
    socket_id: c_int,
) -> *mut rte_mempool {
    // SAFETY: forwarded contract.
    unsafe { rte_pktmbuf_pool_create_by_ops(name, n, cache_size, priv_size, data_room_size, socket_id, null_mut()) }
}

/// Walk state of `rte_pktmbuf_pool_create_extbuf`'s object callback.
#[repr(C)]
struct ExtCtx {
    mem: *const rte_pktmbuf_extmem,
    num: c_uint,
    ext: c_uint,
    off: usize,
}

/// Free callback of a pinned external buffer: the last user puts the
/// mbuf, still attached, back in its pool.
unsafe extern "C" fn pinned_free(_addr: *mut c_void, opaque: *mut c_void) {
    let m = opaque.cast::<rte_mbuf>();
    let s = mget!(m, shinfo);
    // SAFETY: the mbuf's own shared info. ORDERING: relaxed, the last user.
    unsafe { std::sync::atomic::AtomicU16::from_ptr(addr_of!((*s).refcnt).cast_mut()) }
        .store(1, std::sync::atomic::Ordering::Relaxed);
    mset!(m, ol_flags, RTE_MBUF_F_EXTERNAL);
    mset!(m, next, null_mut());
    mset!(m, nb_segs, 1);
    pool::raw_free(m);
}

unsafe extern "C" fn init_extmem(mp: *mut rte_mempool, arg: *mut c_void, obj: *mut c_void, _i: c_uint) {
    let m = obj.cast::<rte_mbuf>();
    let ctx = arg.cast::<ExtCtx>();
    let ps = pool::priv_size(mp);
    let size = size_of::<rte_mbuf>() + ps as usize;
    let room = pool::data_room(mp);
    // SAFETY: the object holds header, private area and shared info
    // (the element size chosen at creation); ctx is the creator's walk
    // state, its areas hold at least the pool's element count.
    unsafe {
        std::ptr::write_bytes(m.cast::<u8>(), 0, size);
        let e = (*ctx).mem.add((*ctx).ext as usize);
        let off = (*ctx).off;
        mset!(m, priv_size, ps);
        mset!(m, buf_len, room);
        mset!(m, buf_addr, (*e).buf_ptr.cast::<u8>().add(off).cast());
        let iova = if (*e).buf_iova == u64::MAX { u64::MAX } else { (*e).buf_iova + off as u64 };
        mset!(m, buf_iova, iova);
        (*ctx).off += (*e).elt_size as usize;
        if (*ctx).off + (*e).elt_size as usize > (*e).buf_len {
            (*ctx).off = 0;
            (*ctx).ext += 1;
        }
        mset!(m, data_off, (pool::RTE_PKTMBUF_HEADROOM as u16).min(room));
        mset!(m, pool, mp.cast());
        mset!(m, nb_segs, 1);
        mset!(m, port, RTE_MBUF_PORT_INVALID as u16);
        mset!(m, ol_flags, RTE_MBUF_F_EXTERNAL);
        mset!(m, refcnt, 1);
        let s = m.cast::<u8>().add(size).cast::<rte_mbuf_ext_shared_info>();
        mset!(m, shinfo, s);
        s.write(rte_mbuf_ext_shared_info { free_cb: Some(pinned_free), fcb_opaque: m.cast(), refcnt: 1 });
    }
}

/// Creates a pool of `n` mbufs whose data buffers are pinned slices of
/// the caller's memory areas `ext_mem[0..ext_num]` (each `elt_size`
/// bytes); NULL with rte_errno EINVAL (bad descriptor or priv_size) or
/// ENOMEM (the areas hold fewer than `n` buffers).
///
/// # Safety
/// `name` a valid string; `ext_mem` readable for `ext_num` descriptors
/// whose memory outlives the pool.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_pool_create_extbuf(
    name: *const c_char,
    n: c_uint,
    cache_size: c_uint,
    priv_size: u16,
    data_room_size: u16,
    socket_id: c_int,
    ext_mem: *const rte_pktmbuf_extmem,
    ext_num: c_uint,
) -> *mut rte_mempool {
    entry!("rte_pktmbuf_pool_create_extbuf", null_mut(), {
        const F: &str = "rte_pktmbuf_pool_create_extbuf";
        if !check_priv_size(F, priv_size) {
            return null_mut();
        }
        if ext_mem.is_null() || ext_num == 0 {
            return fail(F, &MbufError::Invalid("no external memory given".into()), null_mut());
        }
        let mut total = 0usize;
        for i in 0..ext_num as usize {
            // SAFETY: readable per the contract.
            let e = unsafe { &*ext_mem.add(i) };
            if e.elt_size == 0 || e.buf_len == 0 || e.buf_ptr.is_null() {
                return fail(F, &MbufError::Invalid(format!("external memory descriptor {i} is empty")), null_mut());
            }
            if data_room_size > e.elt_size {
                return fail(
                    F,
                    &MbufError::Invalid(format!(
                        "descriptor {i}: elt_size {} is below data_room_size {data_room_size}",
                        e.elt_size
                    )),
                    null_mut(),
                );
            }
            total += e.buf_len / e.elt_size as usize;
        }
        if (n as usize) > total {
            fail(F, &MbufError::Invalid(format!("{n} mbufs need more than the {total} external buffers")), ());
            ().tap_unit(libc::ENOMEM);
            return null_mut();
        }
        let elt = (size_of::<rte_mbuf>() + priv_size as usize + size_of::<rte_mbuf_ext_shared_info>()) as c_uint;
        let p = rte_pktmbuf_pool_private {
            mbuf_data_room_size: data_room_size,
            mbuf_priv_size: priv_size,
            flags: RTE_PKTMBUF_POOL_F_PINNED_EXT_BUF,
        };
        // SAFETY: forwarded contract.
        let mp = unsafe { create_with_ops(F, name, n, elt, cache_size, socket_id, null_mut(), &p) };
        if mp.is_null() {
            return mp;
        }
        // SAFETY: a pool just set up.
        let r = unsafe { rte_mempool_populate_default(mp) };
        if r < 0 {
            // SAFETY: the pool made above.
            unsafe { rte_mempool_free(mp) };
            crate::boundary::set_errno(-r);
            return null_mut();
        }
        let mut ctx = ExtCtx { mem: ext_mem, num: ext_num, ext: 0, off: 0 };
        // SAFETY: a populated pool; ctx lives across the walk.
        unsafe { rte_mempool_obj_iter(mp, Some(init_extmem), (&mut ctx as *mut ExtCtx).cast()) };
        let _ = ctx.num;
        mp
    })
}

trait TapUnit {
    fn tap_unit(self, e: i32);
}

impl TapUnit for () {
    fn tap_unit(self, e: i32) {
        crate::boundary::set_errno(e);
    }
}

/// Frees `count` packets (NULL entries skipped), returning their segments
/// to their pools in batches.
///
/// # Safety
/// `mbufs` readable for `count` entries, each NULL or a packet the caller owns.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_free_bulk(mbufs: *mut *mut rte_mbuf, count: c_uint) {
    entry!("rte_pktmbuf_free_bulk", (), {
        if mbufs.is_null() {
            return;
        }
        const BATCH: usize = 64;
        let mut pending = [null_mut::<c_void>(); BATCH];
        let mut np = 0usize;
        let mut pool_of: *mut rte_mempool = null_mut();
        for i in 0..count as usize {
            // SAFETY: readable per the contract.
            let mut m = unsafe { *mbufs.add(i) };
            while !m.is_null() {
                let next = mget!(m, next);
                let f = pool::prefree_seg(m);
                if !f.is_null() {
                    let mp = mget!(f, pool).cast::<rte_mempool>();
                    if np == BATCH || (np > 0 && mp != pool_of) {
                        // SAFETY: np segments of pool_of, all freed.
                        unsafe { pool::put_bulk(pool_of, pending.as_ptr(), np as u32) };
                        np = 0;
                    }
                    pool_of = mp;
                    pending[np] = f.cast();
                    np += 1;
                }
                m = next;
            }
        }
        if np > 0 {
            // SAFETY: as above.
            unsafe { pool::put_bulk(pool_of, pending.as_ptr(), np as u32) };
        }
    })
}

/// A new packet of indirect mbufs from `mp` sharing the data of packet
/// `md` (every segment); NULL (nothing leaked) if `mp` runs out.
///
/// # Safety
/// `md` a valid packet; `mp` a pktmbuf pool.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_clone(md: *mut rte_mbuf, mp: *mut rte_mempool) -> *mut rte_mbuf {
    entry!("rte_pktmbuf_clone", null_mut(), {
        nonnull!("rte_pktmbuf_clone", md, null_mut());
        nonnull!("rte_pktmbuf_clone", mp, null_mut());
        let head = pool::alloc(mp);
        if head.is_null() {
            crate::boundary::set_errno(libc::ENOMEM);
            return null_mut();
        }
        let pkt_len = mget!(md, pkt_len);
        let (mut src, mut mi, mut last): (*mut rte_mbuf, *mut rte_mbuf, *mut rte_mbuf) = (md, head, null_mut());
        let mut segs: u16 = 0;
        loop {
            pool::attach(mi, src);
            if !last.is_null() {
                mset!(last, next, mi);
            }
            last = mi;
            segs += 1;
            src = mget!(src, next);
            if src.is_null() {
                break;
            }
            mi = pool::alloc(mp);
            if mi.is_null() {
                mset!(head, nb_segs, segs);
                pool::free(head);
                crate::boundary::set_errno(libc::ENOMEM);
                return null_mut();
            }
        }
        mset!(head, nb_segs, segs);
        mset!(head, pkt_len, pkt_len);
        head
    })
}

/// A new packet from `mp` holding a copy of `len` bytes (fewer if the
/// packet ends first) from offset `off` of `m`, with `m`'s metadata;
/// NULL if `off` is past the end or `mp` runs out (nothing leaked).
///
/// # Safety
/// `m` a valid packet; `mp` a pktmbuf pool.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_copy(
    m: *const rte_mbuf,
    mp: *mut rte_mempool,
    off: u32,
    len: u32,
) -> *mut rte_mbuf {
    entry!("rte_pktmbuf_copy", null_mut(), {
        nonnull!("rte_pktmbuf_copy", m, null_mut());
        nonnull!("rte_pktmbuf_copy", mp, null_mut());
        let total = mget!(m, pkt_len);
        if off >= total {
            return null_mut();
        }
        let head = pool::alloc(mp);
        if head.is_null() {
            return null_mut();
        }
        let mut len = len.min(total - off);
        pool::copy_hdr(head, m);
        mset!(head, ol_flags, mget!(m, ol_flags) & !(RTE_MBUF_F_INDIRECT | RTE_MBUF_F_EXTERNAL));
        let (mut seg, mut off, mut last) = (m, off, head);
        while len > 0 {
            while off >= mget!(seg, data_len) as u32 {
                off -= mget!(seg, data_len) as u32;
                seg = mget!(seg, next);
            }
            let tail =
                |x: *mut rte_mbuf| mget!(x, buf_len) as u32 - mget!(x, data_off) as u32 - mget!(x, data_len) as u32;
            if tail(last) == 0 {
                let n = pool::alloc(mp);
                if n.is_null() {
                    pool::free(head);
                    return null_mut();
                }
                mset!(head, nb_segs, mget!(head, nb_segs) + 1);
                mset!(last, next, n);
                last = n;
            }
            let n = (mget!(seg, data_len) as u32 - off).min(len).min(tail(last));
            // SAFETY: n bytes inside the source segment's data and inside
            // the destination's tailroom.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    Chain::data(seg, off),
                    mget!(last, buf_addr)
                        .cast::<u8>()
                        .add(mget!(last, data_off) as usize + mget!(last, data_len) as usize),
                    n as usize,
                )
            };
            mset!(last, data_len, mget!(last, data_len) + n as u16);
            mset!(head, pkt_len, mget!(head, pkt_len) + n);
            off += n;
            len -= n;
        }
        head
    })
}

/// Slow path of `rte_pktmbuf_linearize`: moves the data of every later
/// segment into the first one's tailroom and frees them; 0, or -1
/// (nothing changed) if the tailroom is too small.
///
/// # Safety
/// `mbuf` a valid packet the caller owns.
#[no_mangle]
pub unsafe extern "C" fn __rte_pktmbuf_linearize(mbuf: *mut rte_mbuf) -> c_int {
    entry!("__rte_pktmbuf_linearize", -1, {
        nonnull!("__rte_pktmbuf_linearize", mbuf, -1);
        let dl = mget!(mbuf, data_len) as u32;
        let need = mget!(mbuf, pkt_len) - dl;
        let tailroom = mget!(mbuf, buf_len) as u32 - mget!(mbuf, data_off) as u32 - dl;
        if need > tailroom {
            return -1;
        }
        // SAFETY: the end of the first segment's data, with `need` bytes of tailroom.
        let mut dst = unsafe { mget!(mbuf, buf_addr).cast::<u8>().add(mget!(mbuf, data_off) as usize + dl as usize) };
        let mut s = mget!(mbuf, next);
        while !s.is_null() {
            let next = mget!(s, next);
            let n = mget!(s, data_len) as usize;
            // SAFETY: n bytes of the segment's data into the tailroom (the
            // sum of all n is `need`).
            unsafe {
                std::ptr::copy_nonoverlapping(Chain::data(s, 0), dst, n);
                dst = dst.add(n);
            }
            pool::free_seg(s);
            s = next;
        }
        mset!(mbuf, data_len, mget!(mbuf, pkt_len) as u16);
        mset!(mbuf, next, null_mut());
        mset!(mbuf, nb_segs, 1);
        0
    })
}
