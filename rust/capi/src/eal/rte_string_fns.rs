//! `rte_string_fns.h`: exported string helpers.

use std::ffi::{c_char, c_int, CStr};

use rte_eal::strings;

/// Splits `string[..stringlen]` in place at `delim`, storing up to
/// `maxtokens` token pointers in `tokens`. Returns the token count, or -1
/// with errno (libc's, as the reference) `EINVAL` for NULL arguments.
///
/// # Safety
/// `string` must be writable for `stringlen` bytes and `tokens` for
/// `maxtokens` pointers.
#[no_mangle]
pub unsafe extern "C" fn rte_strsplit(
    string: *mut c_char,
    stringlen: c_int,
    tokens: *mut *mut c_char,
    maxtokens: c_int,
    delim: c_char,
) -> c_int {
    entry!("rte_strsplit", -1, {
        if string.is_null() || tokens.is_null() {
            // SAFETY: writes this thread's errno.
            unsafe { *libc::__errno_location() = libc::EINVAL };
            return -1;
        }
        if stringlen <= 0 || maxtokens <= 0 {
            return 0;
        }
        // SAFETY: writable for stringlen bytes per the contract.
        let buf = unsafe { std::slice::from_raw_parts_mut(string.cast::<u8>(), stringlen as usize) };
        let starts = strings::split_in_place(buf, delim as u8, maxtokens as usize);
        for (i, &off) in starts.iter().enumerate() {
            // SAFETY: i < maxtokens; the offset is inside `string`.
            unsafe { *tokens.add(i) = string.add(off) };
        }
        starts.len() as c_int
    })
}

/// Copies `src` into `dst[..dsize]`, always NUL-terminated. Returns the
/// length copied, or `-E2BIG` (with `rte_errno`) if `src` was cut.
///
/// # Safety
/// `dst` must be writable for `dsize` bytes; `src` a valid string.
#[no_mangle]
pub unsafe extern "C" fn rte_strscpy(dst: *mut c_char, src: *const c_char, dsize: usize) -> isize {
    entry!("rte_strscpy", -(libc::EINVAL as isize), {
        if dst.is_null() || src.is_null() {
            crate::boundary::set_errno(libc::EINVAL);
            return -(libc::EINVAL as isize);
        }
        // SAFETY: valid string per the contract.
        let s = unsafe { CStr::from_ptr(src) }.to_bytes();
        if dsize == 0 {
            crate::boundary::set_errno(libc::E2BIG);
            return -(libc::E2BIG as isize);
        }
        let n = s.len().min(dsize - 1);
        // SAFETY: n < dsize bytes are written, then the NUL at dst[n].
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), dst.cast::<u8>(), n);
            *dst.add(n) = 0;
        }
        if n < s.len() {
            crate::boundary::set_errno(libc::E2BIG);
            return -(libc::E2BIG as isize);
        }
        n as isize
    })
}
