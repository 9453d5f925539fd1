//! `rte_mbuf_dyn.h`: dynamic mbuf fields and flags. The registry lives in
//! the memzone "rte_mbuf_dyn" (created by the first registration of the
//! primary, found by secondaries) and is changed under the shared
//! tail-queue write lock, so every process sees the same offsets.

use std::ffi::{c_char, c_int, c_uint, CStr};

use ::rte_mbuf::dynreg::{DynError, Registry};
use rte_abi::mbuf_dyn::{rte_mbuf_dynfield, rte_mbuf_dynflag};
use rte_eal::init::proc_type;
use rte_mem::config::{self, Lock};
use rte_mem::memzone;

use crate::boundary::fail;

use super::MbufError;

const MZ_NAME: &CStr = cs!("rte_mbuf_dyn");

/// Runs `f` on the registry under the tail-queue write lock (lookups
/// too: they are slow-path calls, and one mode keeps `&mut` unique);
/// `create` makes the memzone if it does not exist yet.
fn with_registry<T>(create: bool, f: impl FnOnce(&mut Registry) -> Result<T, MbufError>) -> Result<T, MbufError> {
    let lock = config::rwlock(Lock::Tailq).ok_or_else(|| MbufError::Invalid("EAL is not initialised".into()))?;
    lock.write_lock();
    let r = (|| {
        let mz = match memzone::lookup(MZ_NAME) {
            Some(mz) => mz,
            None if create => {
                let mz = memzone::reserve(MZ_NAME, std::mem::size_of::<Registry>(), -1, -1, 0, 64, 0).map_err(|e| {
                    MbufError::Dyn(DynError::NotFound(format!("cannot reserve the registry memzone: {e:?}")))
                })?;
                // SAFETY: a fresh zone of size_of::<Registry>() bytes, found by
                // others only under the write lock held here.
                unsafe { std::ptr::write_bytes((*mz).addr.cast::<u8>(), 0, std::mem::size_of::<Registry>()) };
                mz
            }
            None => return Err(MbufError::NotFound("no dynamic field or flag is registered".into())),
        };
        // SAFETY: the memzone holds a Registry (zeroed when reserved, then
        // initialised); every process touches it only under the tail-queue
        // write lock held here, so this is the only reference.
        let reg = unsafe { &mut *(*mz).addr.cast::<Registry>() };
        reg.init();
        f(reg)
    })();
    lock.write_unlock();
    r
}

fn is_primary() -> bool {
    proc_type() == rte_abi::eal::rte_proc_type_t::RTE_PROC_PRIMARY
}

/// Registers a dynamic field where it fits best (the free zone closest in
/// size); returns its offset (the same one again for the same request), or
/// -1 with rte_errno: EINVAL (size 0, alignment not a power of two, flags,
/// empty name, no EAL), ENAMETOOLONG (name not terminated in 64 bytes),
/// EEXIST (the name is registered with other parameters), ENOENT (no room).
///
/// # Safety
/// `params` must point to a valid `struct rte_mbuf_dynfield`.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynfield_register(params: *const rte_mbuf_dynfield) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rte_mbuf_dynfield_register_offset(params, usize::MAX) }
}

/// Registers a dynamic field at offset `req` (SIZE_MAX: anywhere); as
/// `rte_mbuf_dynfield_register`, plus EBUSY when the bytes at `req` are
/// taken or past the mbuf, and EEXIST when the name is registered at
/// another offset.
///
/// # Safety
/// `params` must point to a valid `struct rte_mbuf_dynfield`.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynfield_register_offset(params: *const rte_mbuf_dynfield, req: usize) -> c_int {
    entry!("rte_mbuf_dynfield_register_offset", -1, {
        nonnull!("rte_mbuf_dynfield_register_offset", params, -1);
        // SAFETY: valid per the contract.
        let p = unsafe { &*params };
        let req = (req != usize::MAX).then_some(req);
        let primary = is_primary();
        match with_registry(primary, |r| r.register_field(p, req, primary).map_err(MbufError::Dyn)) {
            Ok(off) => off as c_int,
            Err(e) => fail("rte_mbuf_dynfield_register_offset", &e, -1),
        }
    })
}

/// Offset of the field `name` (copying its parameters to `params` if not
/// NULL), or -1 with rte_errno ENOENT.
///
/// # Safety
/// `name` a valid C string; `params` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynfield_lookup(name: *const c_char, params: *mut rte_mbuf_dynfield) -> c_int {
    entry!("rte_mbuf_dynfield_lookup", -1, {
        nonnull!("rte_mbuf_dynfield_lookup", name, -1);
        // SAFETY: valid string per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes();
        let r = with_registry(false, |r| match r.field(n) {
            Some(e) => {
                if !params.is_null() {
                    // SAFETY: writable per the contract.
                    unsafe {
                        params.write(rte_mbuf_dynfield {
                            name: e.params.name,
                            size: e.params.size,
                            align: e.params.align,
                            flags: e.params.flags,
                        })
                    };
                }
                Ok(e.offset as c_int)
            }
            None => Err(MbufError::NotFound(format!("no dynamic field '{}'", String::from_utf8_lossy(n)))),
        });
        r.unwrap_or_else(|e| fail("rte_mbuf_dynfield_lookup", &e, -1))
    })
}

/// Registers a dynamic flag at the lowest free bit (23..=40 are free at
/// first); returns the bit (the same one again for the same name), or -1
/// with rte_errno EINVAL, ENAMETOOLONG, EEXIST or ENOENT (no free bit).
///
/// # Safety
/// `params` must point to a valid `struct rte_mbuf_dynflag`.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynflag_register(params: *const rte_mbuf_dynflag) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { rte_mbuf_dynflag_register_bitnum(params, c_uint::MAX) }
}

/// Registers a dynamic flag at bit `req` (UINT_MAX: the lowest free bit);
/// as `rte_mbuf_dynflag_register`, plus EINVAL for a bit above 63, EBUSY
/// when the bit is taken, EEXIST when the name holds another bit.
///
/// # Safety
/// `params` must point to a valid `struct rte_mbuf_dynflag`.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynflag_register_bitnum(params: *const rte_mbuf_dynflag, req: c_uint) -> c_int {
    entry!("rte_mbuf_dynflag_register_bitnum", -1, {
        nonnull!("rte_mbuf_dynflag_register_bitnum", params, -1);
        // SAFETY: valid per the contract.
        let p = unsafe { &*params };
        let req = (req != c_uint::MAX).then_some(req);
        let primary = is_primary();
        match with_registry(primary, |r| r.register_flag(p, req, primary).map_err(MbufError::Dyn)) {
            Ok(bit) => bit as c_int,
            Err(e) => fail("rte_mbuf_dynflag_register_bitnum", &e, -1),
        }
    })
}

/// Bit of the flag `name` (copying its parameters if `params` is not
/// NULL), or -1 with rte_errno ENOENT.
///
/// # Safety
/// `name` a valid C string; `params` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dynflag_lookup(name: *const c_char, params: *mut rte_mbuf_dynflag) -> c_int {
    entry!("rte_mbuf_dynflag_lookup", -1, {
        nonnull!("rte_mbuf_dynflag_lookup", name, -1);
        // SAFETY: valid string per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes();
        let r = with_registry(false, |r| match r.flag(n) {
            Some(e) => {
                if !params.is_null() {
                    // SAFETY: writable per the contract.
                    unsafe { params.write(rte_mbuf_dynflag { name: e.params.name, flags: e.params.flags }) };
                }
                Ok(e.bitnum as c_int)
            }
            None => Err(MbufError::NotFound(format!("no dynamic flag '{}'", String::from_utf8_lossy(n)))),
        });
        r.unwrap_or_else(|e| fail("rte_mbuf_dynflag_lookup", &e, -1))
    })
}

/// Prints the registered fields and flags and the free space.
///
/// # Safety
/// `out` must be a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dyn_dump(out: *mut libc::FILE) {
    entry!("rte_mbuf_dyn_dump", (), {
        nonnull!("rte_mbuf_dyn_dump", out, ());
        let s = with_registry(is_primary(), |r| Ok(r.dump())).unwrap_or_else(|e| format!("{e}\n"));
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(out, &s) };
    })
}

fn field_params(name: &CStr, size: usize, align: usize) -> rte_mbuf_dynfield {
    let mut n = [0 as c_char; 64];
    for (d, s) in n.iter_mut().zip(name.to_bytes()) {
        *d = *s as c_char;
    }
    rte_mbuf_dynfield { name: n, size, align, flags: 0 }
}

fn flag_params(name: &CStr) -> rte_mbuf_dynflag {
    let mut n = [0 as c_char; 64];
    for (d, s) in n.iter_mut().zip(name.to_bytes()) {
        *d = *s as c_char;
    }
    rte_mbuf_dynflag { name: n, flags: 0 }
}

/// Registers the timestamp field and one timestamp flag.
unsafe fn timestamp_register(func: &str, flag: &CStr, field_offset: *mut c_int, mask: *mut u64) -> c_int {
    let f = field_params(cs!("rte_dynfield_timestamp"), 8, 8);
    // SAFETY: a local, valid request.
    let off = unsafe { rte_mbuf_dynfield_register(&f) };
    if off < 0 {
        return -1;
    }
    let fl = flag_params(flag);
    // SAFETY: a local, valid request.
    let bit = unsafe { rte_mbuf_dynflag_register(&fl) };
    if bit < 0 {
        return -1;
    }
    if !field_offset.is_null() {
        // SAFETY: writable per the caller's contract.
        unsafe { field_offset.write(off) };
    }
    if !mask.is_null() {
        // SAFETY: writable per the caller's contract.
        unsafe { mask.write(1u64 << bit) };
    }
    let _ = func;
    0
}

/// Registers the Rx timestamp field and flag; 0 or -1 with rte_errno.
///
/// # Safety
/// Both pointers NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dyn_rx_timestamp_register(field_offset: *mut c_int, rx_flag: *mut u64) -> c_int {
    entry!("rte_mbuf_dyn_rx_timestamp_register", -1, {
        // SAFETY: forwarded contract.
        unsafe {
            timestamp_register(
                "rte_mbuf_dyn_rx_timestamp_register",
                cs!("rte_dynflag_rx_timestamp"),
                field_offset,
                rx_flag,
            )
        }
    })
}

/// Registers the Tx timestamp field and flag; 0 or -1 with rte_errno.
///
/// # Safety
/// Both pointers NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mbuf_dyn_tx_timestamp_register(field_offset: *mut c_int, tx_flag: *mut u64) -> c_int {
    entry!("rte_mbuf_dyn_tx_timestamp_register", -1, {
        // SAFETY: forwarded contract.
        unsafe {
            timestamp_register(
                "rte_mbuf_dyn_tx_timestamp_register",
                cs!("rte_dynflag_tx_timestamp"),
                field_offset,
                tx_flag,
            )
        }
    })
}
