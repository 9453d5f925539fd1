//! `rte_kvargs.h`: parse `key=value,...` strings into an `rte_kvargs` whose
//! pairs point into a private, NUL-split copy of the string. Both the list
//! and the copy come from the C heap and are released by `rte_kvargs_free`.

use std::ffi::{c_char, c_int, c_uint, c_void, CStr};
use std::ptr;

use rte_abi::dev::{rte_kvargs, rte_kvargs_pair};
use rte_eal::{kvargs, Error};

use crate::boundary::fail;

/// `arg_handler_t`: called by `rte_kvargs_process` with each matching pair.
pub type arg_handler_t =
    Option<unsafe extern "C" fn(key: *const c_char, value: *const c_char, opaque: *mut c_void) -> c_int>;

/// Builds a list from `bytes` (no NUL inside). NULL after one log line on
/// a malformed string or a key missing from `valid_keys`.
///
/// # Safety
/// `valid_keys` is NULL or a NULL-terminated array of strings.
pub(crate) unsafe fn parse_bytes(
    func: &str,
    bytes: &[u8],
    valid_keys: *const *const c_char,
) -> Result<*mut rte_kvargs, Error> {
    let pairs = kvargs::tokenize(bytes)?;
    if !valid_keys.is_null() {
        for p in &pairs {
            let key = &bytes[p.key.clone()];
            let mut ok = false;
            let mut i = 0;
            loop {
                // SAFETY: a NULL-terminated array per the contract.
                let k = unsafe { *valid_keys.add(i) };
                if k.is_null() {
                    break;
                }
                // SAFETY: each entry is a valid string.
                if unsafe { CStr::from_ptr(k) }.to_bytes() == key {
                    ok = true;
                    break;
                }
                i += 1;
            }
            if !ok {
                return Err(Error::InvalidArgument(format!(
                    "{func}: key \"{}\" is not a valid key",
                    String::from_utf8_lossy(key)
                )));
            }
        }
    }
    // SAFETY: plain allocations checked for NULL below.
    let (list, copy) = unsafe {
        (
            libc::calloc(1, std::mem::size_of::<rte_kvargs>()) as *mut rte_kvargs,
            libc::malloc(bytes.len() + 1) as *mut u8,
        )
    };
    if list.is_null() || copy.is_null() {
        // SAFETY: free accepts NULL and our own allocations.
        unsafe {
            libc::free(list.cast());
            libc::free(copy.cast());
        }
        return Err(Error::NoSpace("kvargs allocation failed".into()));
    }
    // SAFETY: copy has bytes.len()+1 bytes; the ranges lie in bytes, and
    // every separator byte (the ones outside all ranges) becomes a NUL.
    unsafe {
        ptr::copy_nonoverlapping(bytes.as_ptr(), copy, bytes.len());
        *copy.add(bytes.len()) = 0;
        for p in &pairs {
            *copy.add(p.key.end) = 0;
            if let Some(v) = &p.value {
                *copy.add(v.end) = 0;
            }
        }
        (*list).str_ = copy.cast();
        (*list).count = pairs.len() as c_uint;
        for (slot, p) in (*list).pairs.iter_mut().zip(&pairs) {
            *slot = rte_kvargs_pair {
                key: copy.add(p.key.start).cast(),
                value: p.value.as_ref().map_or(ptr::null_mut(), |v| copy.add(v.start).cast()),
            };
        }
    }
    Ok(list)
}

/// Parses `args` (`key=value` pairs separated by `,`; a value may hold
/// commas inside `[...]`; a key may come without `=`). With `valid_keys`
/// (a NULL-terminated array), every key must be one of them. Returns the
/// list, or NULL (NULL `args`, more than RTE_KVARGS_MAX pairs, an invalid
/// key) with `rte_errno` set.
///
/// # Safety
/// `args` is NULL or a string; `valid_keys` NULL or a NULL-terminated array of strings.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_parse(args: *const c_char, valid_keys: *const *const c_char) -> *mut rte_kvargs {
    entry!("rte_kvargs_parse", ptr::null_mut(), {
        if args.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: a valid string per the contract.
        let bytes = unsafe { CStr::from_ptr(args) }.to_bytes();
        // SAFETY: forwarded contract.
        match unsafe { parse_bytes("rte_kvargs_parse", bytes, valid_keys) } {
            Ok(l) => l,
            Err(e) => fail("rte_kvargs_parse", &e, ptr::null_mut()),
        }
    })
}

/// As `rte_kvargs_parse` on the part of `args` before the first character
/// of `valid_ends` (all of it when `valid_ends` is NULL).
///
/// # Safety
/// As `rte_kvargs_parse`; `valid_ends` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_parse_delim(
    args: *const c_char,
    valid_keys: *const *const c_char,
    valid_ends: *const c_char,
) -> *mut rte_kvargs {
    entry!("rte_kvargs_parse_delim", ptr::null_mut(), {
        if args.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: valid strings per the contract.
        let bytes = unsafe { CStr::from_ptr(args) }.to_bytes();
        let n = if valid_ends.is_null() {
            bytes.len()
        } else {
            // SAFETY: as above.
            kvargs::until_any(bytes, unsafe { CStr::from_ptr(valid_ends) }.to_bytes())
        };
        // SAFETY: forwarded contract.
        match unsafe { parse_bytes("rte_kvargs_parse_delim", &bytes[..n], valid_keys) } {
            Ok(l) => l,
            Err(e) => fail("rte_kvargs_parse_delim", &e, ptr::null_mut()),
        }
    })
}

/// Releases a list from `rte_kvargs_parse` (NULL is ignored).
///
/// # Safety
/// `kvlist` is NULL or a live list from this library, not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_free(kvlist: *mut rte_kvargs) {
    entry!("rte_kvargs_free", (), {
        if kvlist.is_null() {
            return;
        }
        // SAFETY: both blocks came from the C heap in parse_bytes.
        unsafe {
            libc::free((*kvlist).str_.cast());
            libc::free(kvlist.cast());
        }
    })
}

/// The pairs of a list, as a slice.
///
/// # Safety
/// `kvlist` is a live list.
unsafe fn pairs<'a>(kvlist: *const rte_kvargs) -> &'a [rte_kvargs_pair] {
    // SAFETY: per the contract; count is clamped to the array.
    unsafe { &(&(*kvlist).pairs)[..((*kvlist).count as usize).min(rte_abi::dev::RTE_KVARGS_MAX)] }
}

/// Whether C string `s` (possibly NULL) equals `want`.
///
/// # Safety
/// `s` is NULL or a string.
unsafe fn c_eq(s: *const c_char, want: &CStr) -> bool {
    // SAFETY: per the contract.
    !s.is_null() && unsafe { CStr::from_ptr(s) } == want
}

/// The value of the first pair with key `key` and, if `value` is not NULL,
/// that value; NULL if none (or for a bare key, whose value is NULL).
///
/// # Safety
/// `kvlist` NULL or a live list; `key`, `value` NULL or strings.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_get_with_value(
    kvlist: *const rte_kvargs,
    key: *const c_char,
    value: *const c_char,
) -> *const c_char {
    entry!("rte_kvargs_get_with_value", ptr::null(), {
        if kvlist.is_null() {
            return ptr::null();
        }
        // SAFETY: strings per the contract.
        let (k, v) = unsafe {
            ((!key.is_null()).then(|| CStr::from_ptr(key)), (!value.is_null()).then(|| CStr::from_ptr(value)))
        };
        // SAFETY: a live list; its strings point into its own copy.
        for p in unsafe { pairs(kvlist) } {
            // SAFETY: pair strings are NULL or valid.
            let key_ok = k.is_none_or(|k| unsafe { c_eq(p.key, k) });
            // SAFETY: as above.
            let value_ok = v.is_none_or(|v| unsafe { c_eq(p.value, v) });
            if key_ok && value_ok {
                return p.value;
            }
        }
        ptr::null()
    })
}

/// The value of the first pair with key `key`; NULL if none, for a bare
/// key, or when `kvlist` or `key` is NULL.
///
/// # Safety
/// `kvlist` NULL or a live list; `key` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_get(kvlist: *const rte_kvargs, key: *const c_char) -> *const c_char {
    if key.is_null() {
        return ptr::null();
    }
    // SAFETY: forwarded contract.
    unsafe { rte_kvargs_get_with_value(kvlist, key, ptr::null()) }
}

/// Calls `handler(key, value, opaque_arg)` for every pair whose key is
/// `key_match` (every pair when it is NULL), in order. Returns 0, or -1 as
/// soon as a handler returns a negative value (-1 with `rte_errno` EINVAL
/// for a NULL handler). A NULL list has no pairs.
///
/// # Safety
/// `kvlist` NULL or a live list; `key_match` NULL or a string; `handler` callable.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_process(
    kvlist: *const rte_kvargs,
    key_match: *const c_char,
    handler: arg_handler_t,
    opaque_arg: *mut c_void,
) -> c_int {
    entry!("rte_kvargs_process", -1, {
        if kvlist.is_null() {
            return 0;
        }
        let Some(h) = handler else {
            return fail("rte_kvargs_process", &Error::InvalidArgument("handler is NULL".into()), -1);
        };
        // SAFETY: a string per the contract.
        let m = (!key_match.is_null()).then(|| unsafe { CStr::from_ptr(key_match) });
        // SAFETY: a live list.
        for p in unsafe { pairs(kvlist) } {
            // SAFETY: pair keys are valid strings.
            if m.is_none_or(|m| unsafe { c_eq(p.key, m) }) {
                // SAFETY: the caller's handler with the pair's strings.
                if unsafe { h(p.key, p.value, opaque_arg) } < 0 {
                    return -1;
                }
            }
        }
        0
    })
}

/// Number of pairs with key `key_match` (all pairs when it is NULL; 0 for
/// a NULL list).
///
/// # Safety
/// `kvlist` NULL or a live list; `key_match` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_kvargs_count(kvlist: *const rte_kvargs, key_match: *const c_char) -> c_uint {
    entry!("rte_kvargs_count", 0, {
        if kvlist.is_null() {
            return 0;
        }
        // SAFETY: a string per the contract.
        let m = (!key_match.is_null()).then(|| unsafe { CStr::from_ptr(key_match) });
        // SAFETY: a live list; its keys are valid strings.
        unsafe { pairs(kvlist) }.iter().filter(|p| m.is_none_or(|m| unsafe { c_eq(p.key, m) })).count() as c_uint
    })
}
