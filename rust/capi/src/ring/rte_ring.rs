//! `rte_ring.h`: the exported ring functions (creation, lookup, free, reset,
//! dumps, sizing). Enqueue and dequeue are the reference's inline header
//! code, which runs on these rings as they are laid out as in 22.11.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};

use ::rte_ring as ring;
use ::rte_ring::RingError;
use rte_abi::memory::rte_memzone;
use rte_abi::ring::*;
use rte_abi::tailq::{rte_tailq_entry, rte_tailq_head};
use rte_eal::{rte_log, tls, Error};
use rte_mem::{malloc, memzone};

use crate::boundary::fail;
use crate::tailq_list::{with_tailq, TailqList};

/// The shared list of rings ("RTE_RING").
static RINGS: TailqList = TailqList::new(b"RTE_RING");

/// The shared list of rings (None before EAL init).
fn ring_list() -> Option<*mut rte_tailq_head> {
    RINGS.head()
}

fn ring_err(func: &str, e: RingError) -> Error {
    let _ = func;
    match e {
        RingError::Invalid(m) => Error::InvalidArgument(m),
        RingError::NameTooLong => Error::InvalidArgument("name too long".into()),
    }
}

fn name_of(r: *const rte_ring) -> Vec<u8> {
    // SAFETY: the name field of a live ring.
    unsafe { (*r).name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect() }
}

/// Memory needed by a ring of `count` elements of `esize` bytes, or
/// -EINVAL (`esize` not a multiple of 4, `count` not a power of two or above
/// RTE_RING_SZ_MASK).
#[no_mangle]
pub extern "C" fn rte_ring_get_memsize_elem(esize: c_uint, count: c_uint) -> libc::ssize_t {
    entry!("rte_ring_get_memsize_elem", -(libc::EINVAL as isize), {
        match ring::memsize(esize, count, 0) {
            Ok(n) => n as isize,
            Err(e) => fail("rte_ring_get_memsize_elem", &ring_err("", e), -(libc::EINVAL as isize)),
        }
    })
}

/// As `rte_ring_get_memsize_elem` for pointer-sized elements.
#[no_mangle]
pub extern "C" fn rte_ring_get_memsize(count: c_uint) -> libc::ssize_t {
    rte_ring_get_memsize_elem(std::mem::size_of::<*mut c_void>() as c_uint, count)
}

/// Sets up a ring in caller-provided memory (at least
/// `rte_ring_get_memsize(count)` bytes, cache aligned). Returns 0, or
/// -EINVAL (bad count or flags; unlike the reference, conflicting sync
/// flags are refused) / -ENAMETOOLONG, with `rte_errno` set.
///
/// # Safety
/// `r` must be writable for the ring's memory size; `name` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_init(r: *mut rte_ring, name: *const c_char, count: c_uint, flags: c_uint) -> c_int {
    entry!("rte_ring_init", -libc::EINVAL, {
        nonnull!("rte_ring_init", r, -libc::EINVAL);
        nonnull!("rte_ring_init", name, -libc::EINVAL);
        // SAFETY: valid string per the contract.
        let n = unsafe { CStr::from_ptr(name) }.to_bytes();
        // SAFETY: forwarded from this function's contract.
        match unsafe { ring::init(r, n, count, flags) } {
            Ok(()) => 0,
            Err(RingError::NameTooLong) => {
                tls::set_errno(libc::ENAMETOOLONG);
                rte_log!(ERR, RING, "RING: rte_ring_init(): name '{}' is too long\n", String::from_utf8_lossy(n));
                -libc::ENAMETOOLONG
            }
            Err(e) => fail("rte_ring_init", &ring_err("rte_ring_init", e), -libc::EINVAL),
        }
    })
}

unsafe fn create(
    func: &str,
    name: *const c_char,
    esize: c_uint,
    count: c_uint,
    socket_id: c_int,
    flags: c_uint,
) -> *mut rte_ring {
    if name.is_null() {
        return fail(func, &Error::InvalidArgument("name is NULL".into()), std::ptr::null_mut());
    }
    // SAFETY: valid string per the callers' contracts.
    let n = unsafe { CStr::from_ptr(name) }.to_bytes().to_vec();
    if n.len() >= RTE_RING_NAMESIZE as usize {
        tls::set_errno(libc::ENAMETOOLONG);
        rte_log!(ERR, RING, "RING: {func}(): name '{}' is too long\n", String::from_utf8_lossy(&n));
        return std::ptr::null_mut();
    }
    let size = match ring::sync_types(flags).and_then(|_| ring::memsize(esize, count, flags)) {
        Ok(s) => s,
        Err(e) => return fail(func, &ring_err(func, e), std::ptr::null_mut()),
    };
    let Some(list) = ring_list() else {
        return fail(func, &Error::InvalidArgument("EAL is not initialised".into()), std::ptr::null_mut());
    };
    let mut mzname = RTE_RING_MZ_PREFIX.as_bytes().to_vec();
    mzname.extend_from_slice(&n);
    let mzname = std::ffi::CString::new(mzname).unwrap_or_default();
    let caller = crate::eal::rte_lcore::rte_socket_id() as c_int;
    // The entry first, so that a failure later leaves nothing behind.
    let Some(te) = malloc::alloc(-1, caller, std::mem::size_of::<rte_tailq_entry>(), 0, 0, None) else {
        tls::set_errno(libc::ENOMEM);
        return std::ptr::null_mut();
    };
    let te = te.as_ptr().cast::<rte_tailq_entry>();
    let mz = with_tailq(true, || memzone::reserve(&mzname, size, socket_id, caller, 0, 64, 0));
    let mz: *const rte_memzone = match mz {
        Ok(mz) => mz,
        Err(e) => {
            // SAFETY: the entry just allocated, never published.
            let _ = unsafe { malloc::free(te.cast()) };
            tls::set_errno(e.errno());
            rte_log!(
                ERR,
                RING,
                "RING: {func}(): cannot reserve memory for ring '{}': {e:?}\n",
                String::from_utf8_lossy(&n)
            );
            return std::ptr::null_mut();
        }
    };
    // SAFETY: the memzone's memory is ours, sized for the ring; the entry
    // is a fresh allocation; the list is changed under the tailq lock.
    unsafe {
        let r = std::ptr::read_unaligned(std::ptr::addr_of!((*mz).addr)).cast::<rte_ring>();
        let _ = ring::init(r, &n, count, flags);
        (*r).memzone = mz;
        std::ptr::write(
            te,
            rte_tailq_entry {
                next: rte_abi::tailq::rte_tailq_entry_link {
                    tqe_next: std::ptr::null_mut(),
                    tqe_prev: std::ptr::null_mut(),
                },
                data: r.cast(),
            },
        );
        with_tailq(true, || {
            let h = std::ptr::addr_of_mut!((*list).tailq_head);
            (*te).next.tqe_prev = (*h).tqh_last;
            *(*h).tqh_last = te;
            (*h).tqh_last = std::ptr::addr_of_mut!((*te).next.tqe_next);
        });
        r
    }
}

/// Creates a ring of `count` elements of `esize` bytes (a multiple of 4) in
/// a memzone "RG_<name>" on `socket_id`. Returns it, or NULL with
/// `rte_errno`: `EINVAL` (bad count, esize or flags), `ENAMETOOLONG`,
/// `EEXIST` (name in use), `ENOSPC` (memzone table full), `ENOMEM`.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_create_elem(
    name: *const c_char,
    esize: c_uint,
    count: c_uint,
    socket_id: c_int,
    flags: c_uint,
) -> *mut rte_ring {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_ring_create_elem", std::ptr::null_mut(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { create("rte_ring_create_elem", name, esize, count, socket_id, flags) }
    })
}

/// As `rte_ring_create_elem` for pointer-sized elements.
///
/// # Safety
/// `name` must be a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_create(
    name: *const c_char,
    count: c_uint,
    socket_id: c_int,
    flags: c_uint,
) -> *mut rte_ring {
    // SAFETY: forwarded from this function's contract.
    entry!("rte_ring_create", std::ptr::null_mut(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { create("rte_ring_create", name, 8, count, socket_id, flags) }
    })
}

/// Frees a ring made by `rte_ring_create*` (NULL does nothing; a ring from
/// `rte_ring_init` is refused with a log line).
///
/// # Safety
/// `r` must be NULL or a ring no thread uses any more.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_free(r: *mut rte_ring) {
    entry!("rte_ring_free", (), {
        if r.is_null() {
            return;
        }
        // SAFETY: a live ring per the contract.
        let mz = unsafe { (*r).memzone };
        if mz.is_null() {
            rte_log!(ERR, RING, "RING: rte_ring_free(): cannot free ring, not created with rte_ring_create()\n");
            return;
        }
        let Some(list) = ring_list() else { return };
        // SAFETY: the list is walked and changed under the tailq lock; the
        // entry and the memzone were made by create().
        unsafe {
            let found = with_tailq(true, || {
                let h = std::ptr::addr_of_mut!((*list).tailq_head);
                let mut te = (*h).tqh_first;
                while !te.is_null() && (*te).data != r.cast() {
                    te = (*te).next.tqe_next;
                }
                if te.is_null() {
                    return None;
                }
                let next = (*te).next.tqe_next;
                if next.is_null() {
                    (*h).tqh_last = (*te).next.tqe_prev;
                } else {
                    (*next).next.tqe_prev = (*te).next.tqe_prev;
                }
                *(*te).next.tqe_prev = next;
                Some(te)
            });
            let Some(te) = found else {
                rte_log!(ERR, RING, "RING: rte_ring_free(): ring {r:?} is not in the ring list\n");
                return;
            };
            let _ = memzone::free(mz);
            let _ = malloc::free(te.cast());
        }
    })
}

/// The ring named `name`, or NULL with `rte_errno = ENOENT`.
///
/// # Safety
/// `name` must be NULL or a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_lookup(name: *const c_char) -> *mut rte_ring {
    entry!("rte_ring_lookup", std::ptr::null_mut(), {
        if name.is_null() {
            tls::set_errno(libc::EINVAL);
            return std::ptr::null_mut();
        }
        // SAFETY: valid string per the contract.
        let want = unsafe { CStr::from_ptr(name) }.to_bytes();
        let found = ring_list().and_then(|list| {
            // SAFETY: the list walked under the tailq read lock.
            with_tailq(false, || unsafe {
                let mut te = (*list).tailq_head.tqh_first;
                while !te.is_null() {
                    let r = (*te).data.cast::<rte_ring>();
                    if name_of(r) == want {
                        return Some(r);
                    }
                    te = (*te).next.tqe_next;
                }
                None
            })
        });
        found.unwrap_or_else(|| {
            tls::set_errno(libc::ENOENT);
            std::ptr::null_mut()
        })
    })
}

/// Empties a ring (no thread may be using it).
///
/// # Safety
/// `r` must be a set-up ring.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_reset(r: *mut rte_ring) {
    entry!("rte_ring_reset", (), {
        nonnull!("rte_ring_reset", r, ());
        // SAFETY: forwarded from this function's contract.
        unsafe { ring::reset(r) }
    })
}

fn dump_one(r: *mut rte_ring) -> String {
    // SAFETY: a live ring's header and counters.
    unsafe {
        let c = ring::counters(r);
        let used = (c.pt.wrapping_sub(c.ct) & (*r).mask).min((*r).capacity);
        format!(
            "ring <{}>@{r:?}\n  flags={:x}\n  size={}\n  capacity={}\n  ct={}\n  ch={}\n  pt={}\n  ph={}\n  used={used}\n  avail={}\n",
            String::from_utf8_lossy(&name_of(r)),
            (*r).flags,
            (*r).size,
            (*r).capacity,
            c.ct,
            c.ch,
            c.pt,
            c.ph,
            (*r).capacity - used
        )
    }
}

/// Prints a ring's header and counters.
///
/// # Safety
/// `f` must be a valid stream; `r` NULL or a set-up ring.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_dump(f: *mut libc::FILE, r: *const rte_ring) {
    entry!("rte_ring_dump", (), {
        nonnull!("rte_ring_dump", f, ());
        nonnull!("rte_ring_dump", r, ());
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &dump_one(r.cast_mut())) };
    })
}

/// Prints every ring created with `rte_ring_create*`.
///
/// # Safety
/// `f` must be a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_ring_list_dump(f: *mut libc::FILE) {
    entry!("rte_ring_list_dump", (), {
        nonnull!("rte_ring_list_dump", f, ());
        let Some(list) = ring_list() else { return };
        // SAFETY: the list walked under the tailq read lock.
        let s = with_tailq(false, || unsafe {
            let mut out = String::new();
            let mut te = (*list).tailq_head.tqh_first;
            while !te.is_null() {
                out.push_str(&dump_one((*te).data.cast()));
                te = (*te).next.tqe_next;
            }
            out
        });
        // SAFETY: valid stream per the contract.
        unsafe { crate::eal::rte_log::write_stream(f, &s) };
    })
}
