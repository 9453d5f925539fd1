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

/// Prints a packet's header fields and up to `dump_len` bytes of data.
///
/// # Safety
/// `f` a valid stream; `m` a valid packet.
#[no_mangle]
pub unsafe extern "C" fn rte_pktmbuf_dump(f: *mut libc::FILE, m: *const rte_mbuf, dump_len: c_uint) {
    entry!("rte_pktmbuf_dump", (), {
        nonnull!("rte_pktmbuf_dump", f, ());
        nonnull!("rte_pktmbuf_dump", m, ());
        // SAFETY: as this function's contract.
        unsafe { rte_mbuf_sanity_check(m, 1) };
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
            let len = left.min(dl);
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
