//! `rte_fbarray.h`: file-backed arrays shareable between processes.
//!
//! An array is file-backed, in the EAL runtime directory, when EAL runs
//! with a shared configuration; otherwise (`--no-shconf`, `--in-memory`, or
//! before `rte_eal_init`) it lives in anonymous shared memory and cannot be
//! attached by other processes (only inherited by forked children).

use std::ffi::{c_char, c_int, c_uint, c_void, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use rte_abi::fbarray::rte_fbarray;
use rte_eal::init;
use rte_mem::fbarray::{self, Backing, FbArray, NAME_LEN};

use crate::boundary::fail;

/// The backing for new arrays: the runtime directory with a shared
/// configuration, anonymous memory otherwise.
fn backing_dir() -> Option<PathBuf> {
    if !init::has_shared_config() {
        return None;
    }
    init::with(|e| PathBuf::from(OsStr::from_bytes(e.runtime_dir_c.to_bytes()))).filter(|p| !p.as_os_str().is_empty())
}

fn backing(dir: &Option<PathBuf>) -> Backing<'_> {
    dir.as_deref().map_or(Backing::Anonymous, Backing::File)
}

/// Runs `f` on a handle on `arr`; a bad `arr` (NULL, or not a set-up
/// array) fails with EINVAL.
///
/// # Safety
/// `arr` must be NULL or point to a readable `rte_fbarray` which, if it
/// looks set up, is set up and mapped in this process (`FbArray::from_raw`).
unsafe fn with_array<T>(
    func: &str,
    arr: *const rte_fbarray,
    err: T,
    f: impl FnOnce(&FbArray) -> Result<T, rte_mem::Error>,
) -> T {
    // SAFETY: forwarded from this function's contract.
    match unsafe { FbArray::from_raw(arr) }.and_then(|a| f(&a)) {
        Ok(v) => v,
        Err(e) => fail(func, &e, err),
    }
}

/// Sets up `arr` as an array of `len` elements of `elt_sz` bytes, all
/// free, named `name`. With a shared configuration its memory is the file
/// `fbarray_<name>` in the runtime directory, which other processes can
/// attach.
///
/// Returns 0, or -1 with `rte_errno`: `EINVAL` (`arr` or `name` NULL,
/// `len` 0 or above `INT_MAX`, `elt_sz` 0), `ENAMETOOLONG` (`name` of
/// `RTE_FBARRAY_NAME_LEN` characters or more), `EBUSY` (an array of that
/// name is in use), or the errno of a failed open, ftruncate or mmap.
///
/// # Safety
/// `arr` must be NULL or writable for an `rte_fbarray` that nobody else
/// uses during the call; `name` NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_init(
    arr: *mut rte_fbarray,
    name: *const c_char,
    len: c_uint,
    elt_sz: c_uint,
) -> c_int {
    entry!("rte_fbarray_init", -1, {
        nonnull!("rte_fbarray_init", arr, -1);
        nonnull!("rte_fbarray_init", name, -1);
        // At most NAME_LEN bytes are read, as the reference's strnlen: a
        // name without a NUL in them is too long.
        let mut bytes = Vec::with_capacity(NAME_LEN);
        for i in 0..NAME_LEN {
            // SAFETY: name is a NUL-terminated string (contract) and no byte
            // past its NUL is read.
            let b = unsafe { *name.add(i) } as u8;
            if b == 0 {
                break;
            }
            bytes.push(b);
        }
        let dir = backing_dir();
        // SAFETY: arr is writable and unused by others (contract).
        match unsafe { fbarray::init(arr, &bytes, len, elt_sz, backing(&dir)) } {
            Ok(()) => 0,
            Err(e) => fail("rte_fbarray_init", &e, -1),
        }
    })
}

/// Maps, in this process, an array another process set up (its struct
/// living in shared memory), at the address it has there.
///
/// Returns 0, or -1 with `rte_errno`: `EINVAL` (`arr` NULL or not a valid
/// array), `ENAMETOOLONG`, `EEXIST` (already mapped in this process, as in
/// a forked child: detach first), `ENOENT` (no backing file: the array is
/// anonymous, or EAL runs without a shared configuration),
/// `EADDRNOTAVAIL` (the address is taken here), or the errno of a failed
/// open or mmap.
///
/// # Safety
/// `arr` must be NULL or point to a readable `rte_fbarray`.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_attach(arr: *mut rte_fbarray) -> c_int {
    entry!("rte_fbarray_attach", -1, {
        nonnull!("rte_fbarray_attach", arr, -1);
        let dir = backing_dir();
        // SAFETY: arr is readable (contract).
        match unsafe { fbarray::attach(arr, backing(&dir)) } {
            Ok(()) => 0,
            Err(e) => fail("rte_fbarray_attach", &e, -1),
        }
    })
}

/// Unmaps `arr` in this process; other processes and the file are not
/// affected, nor is the struct.
///
/// Returns 0, or -1 with `rte_errno`: `EINVAL` (`arr` NULL), `ENOENT` (not
/// mapped in this process).
///
/// # Safety
/// `arr` must be NULL or point to a readable `rte_fbarray`; no other thread
/// of this process may use the array during or after the call.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_detach(arr: *mut rte_fbarray) -> c_int {
    entry!("rte_fbarray_detach", -1, {
        nonnull!("rte_fbarray_detach", arr, -1);
        // SAFETY: forwarded from this function's contract.
        match unsafe { fbarray::detach(arr) } {
            Ok(()) => 0,
            Err(e) => fail("rte_fbarray_detach", &e, -1),
        }
    })
}

/// Unmaps `arr`, removes its backing file and zeroes the struct.
///
/// Returns 0, or -1 with `rte_errno`: `EINVAL` (`arr` NULL), `ENOENT` (not
/// mapped in this process), `EBUSY` (another process has it attached), or
/// the errno of a failed unlink.
///
/// # Safety
/// `arr` must be NULL or point to a writable `rte_fbarray`; no other thread
/// of this process may use the array during or after the call.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_destroy(arr: *mut rte_fbarray) -> c_int {
    entry!("rte_fbarray_destroy", -1, {
        nonnull!("rte_fbarray_destroy", arr, -1);
        // SAFETY: forwarded from this function's contract.
        match unsafe { fbarray::destroy(arr) } {
            Ok(()) => 0,
            Err(e) => fail("rte_fbarray_destroy", &e, -1),
        }
    })
}

/// The address of element `idx`, or NULL with `rte_errno = EINVAL` (`arr`
/// NULL or not set up, `idx` out of range).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_get(arr: *const rte_fbarray, idx: c_uint) -> *mut c_void {
    entry!("rte_fbarray_get", std::ptr::null_mut(), {
        // SAFETY: forwarded from this function's contract.
        unsafe { with_array("rte_fbarray_get", arr, std::ptr::null_mut(), |a| a.get(idx)) }
    })
}

/// The index of the element `elt` points into, or -1 with `rte_errno =
/// EINVAL` (`arr` or `elt` NULL, `elt` outside the elements).
///
/// # Safety
/// As [`rte_fbarray_get`]; `elt` is only compared, never dereferenced.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_idx(arr: *const rte_fbarray, elt: *const c_void) -> c_int {
    entry!("rte_fbarray_find_idx", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { with_array("rte_fbarray_find_idx", arr, -1, |a| a.find_idx(elt).map(|i| i as c_int)) }
    })
}

/// Marks element `idx` used (nothing changes if it is). Returns 0, or -1
/// with `rte_errno = EINVAL` (`arr` NULL or not set up, `idx` out of range).
///
/// # Safety
/// As [`rte_fbarray_get`], the struct writable.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_set_used(arr: *mut rte_fbarray, idx: c_uint) -> c_int {
    entry!("rte_fbarray_set_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { with_array("rte_fbarray_set_used", arr, -1, |a| a.set(idx, true).map(|()| 0)) }
    })
}

/// Marks element `idx` free (nothing changes if it is). Returns 0, or -1
/// with `rte_errno = EINVAL` (`arr` NULL or not set up, `idx` out of range).
///
/// # Safety
/// As [`rte_fbarray_set_used`].
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_set_free(arr: *mut rte_fbarray, idx: c_uint) -> c_int {
    entry!("rte_fbarray_set_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { with_array("rte_fbarray_set_free", arr, -1, |a| a.set(idx, false).map(|()| 0)) }
    })
}

/// 1 if element `idx` is used, 0 if it is free, -1 with `rte_errno =
/// EINVAL` (`arr` NULL or not set up, `idx` out of range).
///
/// # Safety
/// As [`rte_fbarray_get`].
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_is_used(arr: *mut rte_fbarray, idx: c_uint) -> c_int {
    entry!("rte_fbarray_is_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { with_array("rte_fbarray_is_used", arr, -1, |a| a.is_used(idx).map(c_int::from)) }
    })
}

/// Runs search `f` on `arr` for an entry point returning an index or a
/// count, or -1 with `rte_errno`.
///
/// # Safety
/// As [`with_array`].
unsafe fn search(func: &str, arr: *mut rte_fbarray, f: impl FnOnce(&FbArray) -> Result<u32, rte_mem::Error>) -> c_int {
    // SAFETY: forwarded from this function's contract.
    unsafe { with_array(func, arr, -1, |a| f(a).map(|i| i as c_int)) }
}

/// The first free element at or after `start`, or -1 with `rte_errno`:
/// `EINVAL` (`arr` NULL or not set up, `start` out of range), `ENOSPC`
/// (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_next_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_next_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_next_free", arr, |a| a.find_next(start, false)) }
    })
}

/// The first used element at or after `start`, or -1 with `rte_errno`:
/// `EINVAL` (`arr` NULL or not set up, `start` out of range), `ENOENT`
/// (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_next_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_next_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_next_used", arr, |a| a.find_next(start, true)) }
    })
}

/// The last free element at or before `start`, or -1 with `rte_errno`:
/// `EINVAL` (`arr` NULL or not set up, `start` out of range), `ENOSPC`
/// (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_prev_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_prev_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_prev_free", arr, |a| a.find_prev(start, false)) }
    })
}

/// The last used element at or before `start`, or -1 with `rte_errno`:
/// `EINVAL` (`arr` NULL or not set up, `start` out of range), `ENOENT`
/// (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_prev_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_prev_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_prev_used", arr, |a| a.find_prev(start, true)) }
    })
}

/// The lowest index at or after `start` of `n` consecutive free
/// elements, or -1 with `rte_errno`: `EINVAL` (`arr` NULL or not set
/// up, `start` out of range, `n` 0 or above the length), `ENOSPC` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_next_n_free(arr: *mut rte_fbarray, start: c_uint, n: c_uint) -> c_int {
    entry!("rte_fbarray_find_next_n_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_next_n_free", arr, |a| a.find_next_n(start, n, false)) }
    })
}

/// The lowest index at or after `start` of `n` consecutive used
/// elements, or -1 with `rte_errno`: `EINVAL` (`arr` NULL or not set
/// up, `start` out of range, `n` 0 or above the length), `ENOENT` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_next_n_used(arr: *mut rte_fbarray, start: c_uint, n: c_uint) -> c_int {
    entry!("rte_fbarray_find_next_n_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_next_n_used", arr, |a| a.find_next_n(start, n, true)) }
    })
}

/// The lowest index of the last chunk of `n` consecutive free elements
/// that ends at or before `start`, or -1 with `rte_errno`: `EINVAL`
/// (`arr` NULL or not set up, `start` out of range, `n` 0 or above the
/// length), `ENOSPC` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_prev_n_free(arr: *mut rte_fbarray, start: c_uint, n: c_uint) -> c_int {
    entry!("rte_fbarray_find_prev_n_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_prev_n_free", arr, |a| a.find_prev_n(start, n, false)) }
    })
}

/// The lowest index of the last chunk of `n` consecutive used elements
/// that ends at or before `start`, or -1 with `rte_errno`: `EINVAL`
/// (`arr` NULL or not set up, `start` out of range, `n` 0 or above the
/// length), `ENOENT` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_prev_n_used(arr: *mut rte_fbarray, start: c_uint, n: c_uint) -> c_int {
    entry!("rte_fbarray_find_prev_n_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_prev_n_used", arr, |a| a.find_prev_n(start, n, true)) }
    })
}

/// How many consecutive free elements start at `start` (0 if it is
/// used), or -1 with `rte_errno = EINVAL` (`arr` NULL or not set up,
/// `start` out of range).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_contig_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_contig_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_contig_free", arr, |a| a.find_contig(start, false)) }
    })
}

/// How many consecutive used elements start at `start` (0 if it is
/// free), or -1 with `rte_errno = EINVAL` (`arr` NULL or not set up,
/// `start` out of range).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_contig_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_contig_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_contig_used", arr, |a| a.find_contig(start, true)) }
    })
}

/// How many consecutive free elements end at `start`, going down (0 if
/// it is used), or -1 with `rte_errno = EINVAL` (`arr` NULL or not set
/// up, `start` out of range).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_rev_contig_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_rev_contig_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_rev_contig_free", arr, |a| a.find_rev_contig(start, false)) }
    })
}

/// How many consecutive used elements end at `start`, going down (0 if
/// it is free), or -1 with `rte_errno = EINVAL` (`arr` NULL or not set
/// up, `start` out of range).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_rev_contig_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_rev_contig_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_rev_contig_used", arr, |a| a.find_rev_contig(start, true)) }
    })
}

/// The start of the longest run of free elements at or after `start`
/// (the first of equally long ones), or -1 with `rte_errno`: `EINVAL`
/// (`arr` NULL or not set up, `start` out of range), `ENOSPC` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_biggest_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_biggest_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_biggest_free", arr, |a| a.find_biggest(start, false)) }
    })
}

/// The start of the longest run of used elements at or after `start`
/// (the first of equally long ones), or -1 with `rte_errno`: `EINVAL`
/// (`arr` NULL or not set up, `start` out of range), `ENOENT` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_biggest_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_biggest_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_biggest_used", arr, |a| a.find_biggest(start, true)) }
    })
}

/// The lowest index of the longest run of free elements at or before
/// `start` (the one nearest `start` among equally long ones), or -1
/// with `rte_errno`: `EINVAL` (`arr` NULL or not set up, `start` out of
/// range), `ENOSPC` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_rev_biggest_free(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_rev_biggest_free", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_rev_biggest_free", arr, |a| a.find_rev_biggest(start, false)) }
    })
}

/// The lowest index of the longest run of used elements at or before
/// `start` (the one nearest `start` among equally long ones), or -1
/// with `rte_errno`: `EINVAL` (`arr` NULL or not set up, `start` out of
/// range), `ENOENT` (none).
///
/// # Safety
/// `arr` must be NULL or point to an array set up or attached in this
/// process (or a zeroed struct).
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_find_rev_biggest_used(arr: *mut rte_fbarray, start: c_uint) -> c_int {
    entry!("rte_fbarray_find_rev_biggest_used", -1, {
        // SAFETY: forwarded from this function's contract.
        unsafe { search("rte_fbarray_find_rev_biggest_used", arr, |a| a.find_rev_biggest(start, true)) }
    })
}

/// Prints `arr`'s name, length, element size, used count and bitmap words
/// to `f`. With `arr` or `f` NULL nothing is printed and `rte_errno` is
/// `EINVAL`; for a struct that is not a valid array the line "Invalid
/// file-backed array" is printed and `rte_errno` is `EINVAL` or
/// `ENAMETOOLONG`.
///
/// # Safety
/// `arr` as [`rte_fbarray_get`]; `f` NULL or a valid stream.
#[no_mangle]
pub unsafe extern "C" fn rte_fbarray_dump_metadata(arr: *mut rte_fbarray, f: *mut libc::FILE) {
    entry!("rte_fbarray_dump_metadata", (), {
        nonnull!("rte_fbarray_dump_metadata", arr, ());
        nonnull!("rte_fbarray_dump_metadata", f, ());
        // SAFETY: forwarded from this function's contract.
        let text = unsafe { FbArray::from_raw(arr) }.and_then(|a| a.metadata());
        let (bytes, err) = match text {
            Ok(t) => (t, None),
            Err(e) => (b"Invalid file-backed array\n".to_vec(), Some(e)),
        };
        // SAFETY: f is a valid stream (contract); bytes is valid for its length.
        unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), f) };
        if let Some(e) = err {
            fail("rte_fbarray_dump_metadata", &e, ());
        }
    })
}
