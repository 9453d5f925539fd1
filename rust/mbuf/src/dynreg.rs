//! The dynamic mbuf field and flag registry.
//!
//! Its state is one `#[repr(C)]` [`Registry`] that the C layer keeps in a
//! memzone (so every process of the group sees the same offsets) and
//! only touches under the shared tail-queue write lock. Placement: a field
//! goes at the requested offset, or else at the aligned free offset whose
//! free zone is smallest (large zones stay whole for large fields); a flag
//! takes the requested bit or else the lowest free one.

use core::mem::{offset_of, size_of};

use rte_abi::mbuf::{rte_mbuf, RTE_MBUF_F_FIRST_FREE, RTE_MBUF_F_LAST_FREE};
use rte_abi::mbuf_dyn::{rte_mbuf_dynfield, rte_mbuf_dynflag};

/// Bytes of the mbuf header.
pub const MBUF_SIZE: usize = size_of::<rte_mbuf>();
/// Most fields: one per free byte.
pub const MAX_FIELDS: usize = 36;
/// Most flags: one per ol_flags bit.
pub const MAX_FLAGS: usize = 64;

/// A registered field.
#[repr(C)]
pub struct FieldEntry {
    /// The request as registered.
    pub params: rte_mbuf_dynfield,
    /// Its offset in the mbuf.
    pub offset: usize,
}

/// A registered flag.
#[repr(C)]
pub struct FlagEntry {
    /// The request as registered.
    pub params: rte_mbuf_dynflag,
    /// Its bit in ol_flags.
    pub bitnum: u32,
}

/// The shared registry (zero-filled memory plus [`Registry::init`]).
#[repr(C)]
pub struct Registry {
    /// Set once initialised.
    pub magic: u64,
    /// Per mbuf byte: 0 taken, else the alignment of the largest free
    /// zone that can start there.
    pub free_space: [u8; MBUF_SIZE],
    /// ol_flags bits still free.
    pub free_flags: u64,
    /// Fields registered.
    pub nb_fields: u32,
    /// Flags registered.
    pub nb_flags: u32,
    /// Field entries.
    pub fields: [FieldEntry; MAX_FIELDS],
    /// Flag entries.
    pub flags: [FlagEntry; MAX_FLAGS],
}

const MAGIC: u64 = 0x6d62_7566_6479_6e31; // "mbufdyn1"

/// Why a registration or lookup failed (mapped to the reference's errno).
#[derive(Debug, PartialEq, Eq)]
pub enum DynError {
    /// Bad request (EINVAL).
    Invalid(String),
    /// Name not NUL-terminated in its 64 bytes (ENAMETOOLONG).
    NameTooLong,
    /// Already registered with other parameters or place (EEXIST).
    Exists(String),
    /// The requested place is taken (EBUSY).
    Busy(String),
    /// No room left, or name unknown on lookup (ENOENT).
    NotFound(String),
}

impl core::fmt::Display for DynError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            DynError::Invalid(m) => write!(f, "invalid request: {m}"),
            DynError::NameTooLong => write!(f, "name is not terminated within 64 bytes"),
            DynError::Exists(m) => write!(f, "{m}"),
            DynError::Busy(m) => write!(f, "{m}"),
            DynError::NotFound(m) => write!(f, "{m}"),
        }
    }
}

fn name_of(n: &[core::ffi::c_char; 64]) -> Option<&[u8]> {
    // SAFETY: c_char and u8 have the same size and alignment.
    let b: &[u8; 64] = unsafe { &*(n as *const [core::ffi::c_char; 64] as *const [u8; 64]) };
    b.iter().position(|&c| c == 0).map(|l| &b[..l])
}

fn same_field(a: &rte_mbuf_dynfield, b: &rte_mbuf_dynfield) -> bool {
    name_of(&a.name) == name_of(&b.name) && a.size == b.size && a.align == b.align && a.flags == b.flags
}

impl Registry {
    /// Prepares zeroed memory: only `dynfield1` is free space, only bits
    /// 23..=40 of ol_flags are free flags.
    pub fn init(&mut self) {
        if self.magic == MAGIC {
            return;
        }
        let start = offset_of!(rte_mbuf, dynfield1);
        for (i, b) in self.free_space.iter_mut().enumerate() {
            *b = u8::from((start..start + 36).contains(&i));
        }
        let first = RTE_MBUF_F_FIRST_FREE.trailing_zeros();
        let last = RTE_MBUF_F_LAST_FREE.trailing_zeros();
        self.free_flags = (first..=last).fold(0, |m, b| m | (1u64 << b));
        self.nb_fields = 0;
        self.nb_flags = 0;
        self.rescore();
        self.magic = MAGIC;
    }

    /// Recomputes the zone alignments of `free_space` after a change.
    fn rescore(&mut self) {
        for b in self.free_space.iter_mut() {
            *b = u8::from(*b != 0);
        }
        let mut off = 0;
        while off < MBUF_SIZE {
            let run = self.free_space[off..].iter().take_while(|&&b| b != 0).count();
            if run == 0 {
                off += 1;
                continue;
            }
            // The largest power of two that `off` is aligned to and that fits in the run.
            let mut align = 1;
            while off % (align * 2) == 0 && align * 2 <= run {
                align *= 2;
            }
            for b in &mut self.free_space[off..off + align] {
                *b = (*b).max(align as u8);
            }
            off += align;
        }
    }

    fn fits(&self, off: usize, size: usize, align: usize) -> bool {
        match off.checked_add(size) {
            Some(end) if off.is_multiple_of(align) && end <= MBUF_SIZE => {
                self.free_space[off..end].iter().all(|&b| b != 0)
            }
            _ => false,
        }
    }

    /// Looks a field up by name.
    pub fn field(&self, name: &[u8]) -> Option<&FieldEntry> {
        self.fields[..self.nb_fields as usize].iter().find(|e| name_of(&e.params.name) == Some(name))
    }

    /// Looks a flag up by name.
    pub fn flag(&self, name: &[u8]) -> Option<&FlagEntry> {
        self.flags[..self.nb_flags as usize].iter().find(|e| name_of(&e.params.name) == Some(name))
    }

    /// Registers a field at `req` (None: anywhere). `primary`: whether new
    /// entries may be made by this process (secondaries only find).
    pub fn register_field(
        &mut self,
        p: &rte_mbuf_dynfield,
        req: Option<usize>,
        primary: bool,
    ) -> Result<usize, DynError> {
        let name = name_of(&p.name).ok_or(DynError::NameTooLong)?;
        if name.is_empty() {
            return Err(DynError::Invalid("empty name".into()));
        }
        if !p.align.is_power_of_two() {
            return Err(DynError::Invalid(format!("align {} is not a power of two", p.align)));
        }
        if p.size == 0 {
            return Err(DynError::Invalid(format!("size {}", p.size)));
        }
        if p.flags != 0 {
            return Err(DynError::Invalid(format!("flags {:#x}", p.flags)));
        }
        if let Some(e) = self.field(name) {
            if req.is_some_and(|r| r != e.offset) || !same_field(&e.params, p) {
                return Err(DynError::Exists(format!(
                    "field '{}' is registered at offset {} with other parameters",
                    String::from_utf8_lossy(name),
                    e.offset
                )));
            }
            return Ok(e.offset);
        }
        if !primary {
            return Err(DynError::Invalid("a secondary process cannot register a new field".into()));
        }
        let off = match req {
            Some(r) => {
                // Beyond the mbuf counts as taken, as in the reference (EBUSY).
                if !self.fits(r, p.size, p.align) {
                    return Err(DynError::Busy(format!("offset {r} (size {}) is not free", p.size)));
                }
                r
            }
            None => (0..MBUF_SIZE)
                .step_by(p.align)
                .filter(|&o| self.fits(o, p.size, p.align))
                .min_by_key(|&o| self.free_space[o])
                .ok_or_else(|| DynError::NotFound(format!("no room for {} bytes aligned to {}", p.size, p.align)))?,
        };
        let i = self.nb_fields as usize;
        if i == MAX_FIELDS {
            return Err(DynError::NotFound("field table full".into()));
        }
        self.fields[i].params = rte_mbuf_dynfield { name: p.name, size: p.size, align: p.align, flags: p.flags };
        self.fields[i].offset = off;
        self.nb_fields += 1;
        for b in &mut self.free_space[off..off + p.size] {
            *b = 0;
        }
        self.rescore();
        Ok(off)
    }

    /// Registers a flag at bit `req` (None: the lowest free bit).
    pub fn register_flag(&mut self, p: &rte_mbuf_dynflag, req: Option<u32>, primary: bool) -> Result<u32, DynError> {
        let name = name_of(&p.name).ok_or(DynError::NameTooLong)?;
        if name.is_empty() {
            return Err(DynError::Invalid("empty name".into()));
        }
        if req.is_some_and(|r| r >= 64) {
            return Err(DynError::Invalid(format!("bit {} is beyond ol_flags", req.unwrap_or(0))));
        }
        if p.flags != 0 {
            return Err(DynError::Invalid(format!("flags {:#x}", p.flags)));
        }
        if let Some(e) = self.flag(name) {
            if req.is_some_and(|r| r != e.bitnum) || e.params.flags != p.flags {
                return Err(DynError::Exists(format!(
                    "flag '{}' is registered at bit {} with other parameters",
                    String::from_utf8_lossy(name),
                    e.bitnum
                )));
            }
            return Ok(e.bitnum);
        }
        if !primary {
            return Err(DynError::Invalid("a secondary process cannot register a new flag".into()));
        }
        let bit = match req {
            Some(r) if self.free_flags & (1u64 << r) == 0 => {
                return Err(DynError::Busy(format!("bit {r} is not free")));
            }
            Some(r) => r,
            None if self.free_flags == 0 => return Err(DynError::NotFound("no free flag bit".into())),
            None => self.free_flags.trailing_zeros(),
        };
        let i = self.nb_flags as usize;
        self.flags[i].params = rte_mbuf_dynflag { name: p.name, flags: p.flags };
        self.flags[i].bitnum = bit;
        self.nb_flags += 1;
        self.free_flags &= !(1u64 << bit);
        Ok(bit)
    }

    /// The dump text of `rte_mbuf_dyn_dump`.
    pub fn dump(&self) -> String {
        let mut s = String::from("Reserved fields:\n");
        for e in &self.fields[..self.nb_fields as usize] {
            s += &format!(
                "  name={} offset={} size={} align={} flags={:x}\n",
                String::from_utf8_lossy(name_of(&e.params.name).unwrap_or(b"")),
                e.offset,
                e.params.size,
                e.params.align,
                e.params.flags
            );
        }
        s += "Reserved flags:\n";
        for e in &self.flags[..self.nb_flags as usize] {
            s += &format!(
                "  name={} bitnum={} flags={:x}\n",
                String::from_utf8_lossy(name_of(&e.params.name).unwrap_or(b"")),
                e.bitnum,
                e.params.flags
            );
        }
        s += "Free space in mbuf (0 = occupied, value = free zone alignment):\n";
        for (i, row) in self.free_space.chunks(16).enumerate() {
            s += &format!("  {:04x}:", i * 16);
            for b in row {
                s += &format!(" {b:02x}");
            }
            s += "\n";
        }
        s += "Free bit in mbuf->ol_flags (0 = occupied, 1 = free):\n";
        for row in 0..8 {
            s += &format!("  {:04x}:", row * 8);
            for b in row * 8..row * 8 + 8 {
                s += &format!(" {}", (self.free_flags >> b) & 1);
            }
            s += "\n";
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Box<Registry> {
        // SAFETY: Registry is plain data for which all-zero bytes are valid.
        let mut r: Box<Registry> = Box::new(unsafe { core::mem::zeroed() });
        r.init();
        r
    }

    fn field(name: &str, size: usize, align: usize) -> rte_mbuf_dynfield {
        let mut n = [0 as core::ffi::c_char; 64];
        for (d, s) in n.iter_mut().zip(name.bytes()) {
            *d = s as core::ffi::c_char;
        }
        rte_mbuf_dynfield { name: n, size, align, flags: 0 }
    }

    #[test]
    fn placement_and_conflicts() {
        let mut r = reg();
        // dynfield1 is bytes 92..128: a u64 goes to 96 (8-aligned), a byte to 92.
        assert_eq!(r.register_field(&field("a", 8, 8), None, true), Ok(96));
        assert_eq!(r.register_field(&field("b", 1, 1), None, true), Ok(92));
        assert_eq!(r.register_field(&field("a", 8, 8), None, true), Ok(96));
        assert!(matches!(r.register_field(&field("a", 4, 4), None, true), Err(DynError::Exists(_))));
        assert!(matches!(r.register_field(&field("a", 8, 8), Some(104), true), Err(DynError::Exists(_))));
        assert!(matches!(r.register_field(&field("c", 4, 4), Some(96), true), Err(DynError::Busy(_))));
        assert!(matches!(r.register_field(&field("d", 4, 3), None, true), Err(DynError::Invalid(_))));
        assert!(matches!(r.register_field(&field("e", 32, 32), None, true), Err(DynError::NotFound(_))));
        assert!(matches!(r.register_field(&field("f", 4, 4), None, false), Err(DynError::Invalid(_))));
    }

    #[test]
    fn flags() {
        let mut r = reg();
        let f = |s: &str| {
            let mut n = [0 as core::ffi::c_char; 64];
            for (d, c) in n.iter_mut().zip(s.bytes()) {
                *d = c as core::ffi::c_char;
            }
            rte_mbuf_dynflag { name: n, flags: 0 }
        };
        assert_eq!(r.register_flag(&f("x"), None, true), Ok(23));
        assert_eq!(r.register_flag(&f("y"), Some(40), true), Ok(40));
        assert!(matches!(r.register_flag(&f("z"), Some(40), true), Err(DynError::Busy(_))));
        assert!(matches!(r.register_flag(&f("z"), Some(0), true), Err(DynError::Busy(_))));
        assert_eq!(r.register_flag(&f("x"), None, true), Ok(23));
        for i in 0..16 {
            assert!(r.register_flag(&f(&format!("n{i}")), None, true).is_ok());
        }
        assert!(matches!(r.register_flag(&f("full"), None, true), Err(DynError::NotFound(_))));
    }
}
