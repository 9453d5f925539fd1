//! `rte_errno.h`: error strings.

use std::cell::RefCell;
use std::ffi::{c_char, c_int, CString};

/// First errno value of DPDK's own (`__ELASTERROR`; the header's enum).
const RTE_MIN_ERRNO: c_int = 1000;
/// "Operation not allowed in secondary processes".
const E_RTE_SECONDARY: c_int = RTE_MIN_ERRNO + 1;
/// "Missing rte_config".
const E_RTE_NO_CONFIG: c_int = RTE_MIN_ERRNO + 2;

thread_local! {
    static BUF: RefCell<CString> = RefCell::new(CString::default());
}

/// The message for `errnum` (a system errno or one of DPDK's). The string
/// is the caller thread's, valid until its next call.
#[no_mangle]
pub extern "C" fn rte_strerror(errnum: c_int) -> *const c_char {
    entry!("rte_strerror", c"Unknown error".as_ptr(), {
        let errnum = errnum.abs();
        let msg = match errnum {
            E_RTE_SECONDARY => "Invalid call in secondary process".to_string(),
            E_RTE_NO_CONFIG => "Missing rte_config structure".to_string(),
            n if n < RTE_MIN_ERRNO => std::io::Error::from_raw_os_error(n)
                .to_string()
                .split(" (os error")
                .next()
                .unwrap_or_default()
                .to_string(),
            n => format!("Unknown error {n}"),
        };
        BUF.with(|b| {
            let mut b = b.borrow_mut();
            *b = CString::new(msg).unwrap_or_default();
            b.as_ptr()
        })
    })
}
