//! `rte_hexdump.h`.

use std::ffi::{c_char, c_uint, c_void, CStr};

use rte_eal::strings;

use crate::eal::rte_log::write_stream;

unsafe fn dump(
    f: *mut libc::FILE,
    title: *const c_char,
    buf: *const c_void,
    len: c_uint,
    default_title: &str,
    lines: fn(&str, usize, &[u8]) -> Vec<String>,
) {
    let title = if title.is_null() {
        default_title.to_string()
    } else {
        // SAFETY: non-null, valid string per the callers' contracts.
        unsafe { CStr::from_ptr(title) }.to_string_lossy().into_owned()
    };
    let data: &[u8] = if buf.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: readable for len bytes per the callers' contracts.
        unsafe { std::slice::from_raw_parts(buf.cast::<u8>(), len as usize) }
    };
    let mut s = lines(&title, buf as usize, data).join("\n");
    s.push('\n');
    // SAFETY: valid stream per the callers' contracts.
    unsafe { write_stream(f, &s) };
}

/// Prints `buf[..len]` as offset, hex bytes and characters, 16 a line.
///
/// # Safety
/// `f` must be a valid stream, `title` NULL or a valid string, `buf`
/// readable for `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_hexdump(f: *mut libc::FILE, title: *const c_char, buf: *const c_void, len: c_uint) {
    entry!("rte_hexdump", (), {
        nonnull!("rte_hexdump", f, ());
        // SAFETY: forwarded from this function's contract.
        unsafe { dump(f, title, buf, len, "  Dump data", strings::hexdump_lines) }
    })
}

/// Prints `buf[..len]` as hex bytes, 16 a line.
///
/// # Safety
/// As [`rte_hexdump`].
#[no_mangle]
pub unsafe extern "C" fn rte_memdump(f: *mut libc::FILE, title: *const c_char, buf: *const c_void, len: c_uint) {
    entry!("rte_memdump", (), {
        nonnull!("rte_memdump", f, ());
        // SAFETY: forwarded from this function's contract.
        unsafe { dump(f, title, buf, len, "  Dump data", strings::memdump_lines) }
    })
}
