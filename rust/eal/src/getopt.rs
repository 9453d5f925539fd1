//! The one place that drives glibc's getopt_long(3), so EAL options are
//! parsed exactly as the reference parses them: the same abbreviations of
//! long options, `--opt=value` and `--opt value`, clustered short options,
//! argument permutation and `--`. getopt keeps global state, so calls are
//! serialised here and that state is restored afterwards.

use std::ffi::{c_char, c_int, CStr, CString};
use std::sync::Mutex;

/// Whether a long option takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasArg {
    /// Never.
    No,
    /// Always (`--opt=v` or `--opt v`).
    Required,
    /// Only as `--opt=v`.
    Optional,
}

/// One long option: its name, whether it takes a value, and the code the
/// callback receives for it.
#[derive(Debug, Clone, Copy)]
pub struct LongOpt {
    /// The name without the leading `--`.
    pub name: &'static str,
    /// Whether it takes a value.
    pub has_arg: HasArg,
    /// The code reported for it (a short option's character, or >= 256).
    pub code: i32,
}

/// An option as getopt reported it.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The option's code (see [`LongOpt::code`]), or `'?'` for an unknown one
    /// and `':'` for a missing value.
    pub code: i32,
    /// Its value, if any.
    pub arg: Option<String>,
    /// The argument that held it, for messages (`--bogus`, `-m`).
    pub spelled: String,
}

static GETOPT: Mutex<()> = Mutex::new(());

#[repr(C)]
struct COption {
    name: *const c_char,
    has_arg: c_int,
    flag: *mut c_int,
    val: c_int,
}

extern "C" {
    static mut optind: c_int;
    static mut opterr: c_int;
    static mut optopt: c_int;
    static mut optarg: *mut c_char;
    fn getopt_long(
        argc: c_int,
        argv: *const *mut c_char,
        optstring: *const c_char,
        longopts: *const COption,
        longindex: *mut c_int,
    ) -> c_int;
}

/// Runs getopt_long over `argv[..argc]` (which it may permute), calling
/// `each` for every option until the first error. Returns getopt's final
/// `optind`: the index of the first argument it did not consume.
///
/// # Safety
/// `argv` must point to `argc` valid, NUL-terminated, writable-array entries
/// (the `main` convention).
pub unsafe fn run<E>(
    argc: c_int,
    argv: *mut *mut c_char,
    short: &CStr,
    long: &[LongOpt],
    mut each: impl FnMut(Parsed) -> Result<(), E>,
) -> Result<usize, E> {
    let _serial = GETOPT.lock().unwrap_or_else(|e| e.into_inner());
    let names: Vec<CString> = long.iter().map(|o| CString::new(o.name).expect("option name")).collect();
    let mut table: Vec<COption> = long
        .iter()
        .zip(&names)
        .map(|(o, n)| COption {
            name: n.as_ptr(),
            has_arg: match o.has_arg {
                HasArg::No => 0,
                HasArg::Required => 1,
                HasArg::Optional => 2,
            },
            flag: std::ptr::null_mut(),
            val: o.code,
        })
        .collect();
    table.push(COption { name: std::ptr::null(), has_arg: 0, flag: std::ptr::null_mut(), val: 0 });

    // SAFETY: getopt's globals are only touched under GETOPT (and by the
    // application, which by the API contract is not parsing concurrently
    // with rte_eal_init). optind = 0 makes glibc reinitialise fully.
    let (saved_opterr, saved_optopt) = unsafe {
        let saved = (opterr, optopt);
        optind = 0;
        opterr = 0;
        saved
    };
    let result = loop {
        let mut index: c_int = -1;
        // SAFETY: argv is valid per this function's contract; the short
        // string and the NUL-terminated table outlive the call.
        let code = unsafe { getopt_long(argc, argv, short.as_ptr(), table.as_ptr(), &mut index) };
        if code == -1 {
            // SAFETY: read of getopt's global under GETOPT.
            break Ok(unsafe { optind }.max(1) as usize);
        }
        // SAFETY: optind and optarg are getopt's globals, read under GETOPT;
        // argv[optind - 1] is the argument just consumed, inside argv[..argc].
        let (arg, spelled) = unsafe {
            let arg = (!optarg.is_null()).then(|| CStr::from_ptr(optarg).to_string_lossy().into_owned());
            let last = (optind - 1).clamp(0, argc - 1) as usize;
            let spelled = CStr::from_ptr(*argv.add(last)).to_string_lossy().into_owned();
            (arg, spelled)
        };
        let spelled = if index >= 0 {
            format!("--{}", long[index as usize].name)
        } else if code != '?' as c_int && code != ':' as c_int && code < 256 {
            format!("-{}", code as u8 as char)
        } else {
            spelled
        };
        if let Err(e) = each(Parsed { code, arg, spelled }) {
            break Err(e);
        }
    };
    // SAFETY: restores getopt's globals under GETOPT; optind = 1 leaves the
    // application's own getopt loop starting afresh, as the reference does.
    unsafe {
        optind = 1;
        opterr = saved_opterr;
        optopt = saved_optopt;
    }
    result
}
