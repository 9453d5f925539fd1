//! librte_mbuf and librte_net logic behind the C ABI in `rte-capi`.
//!
//! Everything here is safe Rust on plain values and byte slices: the C
//! layer turns mbuf memory into a [`ptype::PacketReader`] and the shared
//! registry memory into a [`dynreg::Registry`].

pub mod crc;
pub mod dynreg;
pub mod ether;
pub mod names;
pub mod ptype;

/// Writes `s` into `buf` as a C string if it fits (NUL included).
pub fn put_cstr(buf: &mut [u8], at: usize, s: &str) -> Option<usize> {
    let end = at.checked_add(s.len())?;
    if end >= buf.len() {
        return None;
    }
    buf[at..end].copy_from_slice(s.as_bytes());
    buf[end] = 0;
    Some(end)
}
