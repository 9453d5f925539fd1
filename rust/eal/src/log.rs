//! The log subsystem: log types with per-type levels, the global level,
//! saved pattern/regex settings that apply to types registered later, and the
//! output stream. Messages are written by the caller's format (the reference
//! writes what `RTE_LOG` hands it, "EAL: ..." included), to the stream set by
//! `rte_openlog_stream` or to stderr, and to syslog once `--syslog` asked.

use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};
use std::sync::Mutex;

use rte_abi::log::*;

use crate::Error;

/// Most log types this build can hold (the reference grows without bound;
/// DPDK itself registers about 300).
pub const MAX_LOG_TYPES: usize = 1024;

const LEVEL_UNSET: u32 = u32::MAX;

/// Per-type level, read lock-free by `rte_log_can_log` on every message.
static LEVELS: [AtomicU32; MAX_LOG_TYPES] = initial_levels();

/// Static types start at INFO, every other id unset.
const fn initial_levels() -> [AtomicU32; MAX_LOG_TYPES] {
    let mut a = [const { AtomicU32::new(LEVEL_UNSET) }; MAX_LOG_TYPES];
    let mut i = 0;
    while i < STATIC_TYPES.len() {
        a[STATIC_TYPES[i].0 as usize] = AtomicU32::new(RTE_LOG_INFO);
        i += 1;
    }
    a
}
static GLOBAL_LEVEL: AtomicU32 = AtomicU32::new(RTE_LOG_DEBUG);
static STREAM: AtomicPtr<libc::FILE> = AtomicPtr::new(ptr::null_mut());
static SYSLOG: AtomicBool = AtomicBool::new(false);

/// Names of the static log types, as the reference registers them.
const STATIC_TYPES: &[(u32, &str)] = &[
    (RTE_LOGTYPE_EAL, "lib.eal"),
    (RTE_LOGTYPE_MALLOC, "lib.malloc"),
    (RTE_LOGTYPE_RING, "lib.ring"),
    (RTE_LOGTYPE_MEMPOOL, "lib.mempool"),
    (RTE_LOGTYPE_TIMER, "lib.timer"),
    (RTE_LOGTYPE_PMD, "pmd"),
    (RTE_LOGTYPE_HASH, "lib.hash"),
    (RTE_LOGTYPE_LPM, "lib.lpm"),
    (RTE_LOGTYPE_KNI, "lib.kni"),
    (RTE_LOGTYPE_ACL, "lib.acl"),
    (RTE_LOGTYPE_POWER, "lib.power"),
    (RTE_LOGTYPE_METER, "lib.meter"),
    (RTE_LOGTYPE_SCHED, "lib.sched"),
    (RTE_LOGTYPE_PORT, "lib.port"),
    (RTE_LOGTYPE_TABLE, "lib.table"),
    (RTE_LOGTYPE_PIPELINE, "lib.pipeline"),
    (RTE_LOGTYPE_MBUF, "lib.mbuf"),
    (RTE_LOGTYPE_CRYPTODEV, "lib.cryptodev"),
    (RTE_LOGTYPE_EFD, "lib.efd"),
    (RTE_LOGTYPE_EVENTDEV, "lib.eventdev"),
    (RTE_LOGTYPE_GSO, "lib.gso"),
    (RTE_LOGTYPE_USER1, "user1"),
    (RTE_LOGTYPE_USER2, "user2"),
    (RTE_LOGTYPE_USER3, "user3"),
    (RTE_LOGTYPE_USER4, "user4"),
    (RTE_LOGTYPE_USER5, "user5"),
    (RTE_LOGTYPE_USER6, "user6"),
    (RTE_LOGTYPE_USER7, "user7"),
    (RTE_LOGTYPE_USER8, "user8"),
];

/// How a saved setting selects log types.
enum Matcher {
    /// A shell glob, matched with fnmatch(3) (`--log-level=lib.*:debug`).
    Glob(CString),
    /// A POSIX basic regular expression (`--log-level=lib.eal,debug`).
    Regex(PosixRegex),
}

impl Matcher {
    fn matches(&self, name: &CStr) -> bool {
        match self {
            Matcher::Glob(p) => {
                // SAFETY: both are valid NUL-terminated strings.
                unsafe { libc::fnmatch(p.as_ptr(), name.as_ptr(), 0) == 0 }
            }
            Matcher::Regex(r) => r.is_match(name),
        }
    }
}

/// A compiled regcomp(3) expression; freed on drop.
struct PosixRegex(Box<libc::regex_t>);

// SAFETY: a compiled regex_t is only read by regexec, which is thread-safe;
// it is only used under the registry mutex anyway.
unsafe impl Send for PosixRegex {}

impl PosixRegex {
    fn new(expr: &CStr) -> Option<Self> {
        // SAFETY: regex_t is plain data that regcomp initialises.
        let mut re: Box<libc::regex_t> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: `re` is a valid regex_t to fill and `expr` is NUL-terminated.
        let rc = unsafe { libc::regcomp(&mut *re, expr.as_ptr(), 0) };
        (rc == 0).then_some(PosixRegex(re))
    }

    fn is_match(&self, s: &CStr) -> bool {
        // SAFETY: the regex was compiled by regcomp; `s` is NUL-terminated; no
        // match offsets are asked for.
        unsafe { libc::regexec(&*self.0, s.as_ptr(), 0, ptr::null_mut(), 0) == 0 }
    }
}

impl Drop for PosixRegex {
    fn drop(&mut self) {
        // SAFETY: compiled by regcomp and freed once.
        unsafe { libc::regfree(&mut *self.0) }
    }
}

struct Registry {
    /// Name of each type id; `None` for the reserved, unnamed static ids.
    names: Vec<Option<CString>>,
    /// Settings from --log-level and rte_log_set_level_pattern/regexp, in order.
    saved: Vec<(Matcher, u32)>,
}

static REGISTRY: Mutex<Option<Registry>> = Mutex::new(None);

fn with_registry<T>(f: impl FnOnce(&mut Registry) -> T) -> T {
    let mut guard = REGISTRY.lock().unwrap_or_else(|e| e.into_inner());
    let reg = guard.get_or_insert_with(|| {
        let mut names = vec![None; RTE_LOGTYPE_FIRST_EXT_ID as usize];
        for &(id, name) in STATIC_TYPES {
            names[id as usize] = Some(CString::new(name).expect("static name"));
        }
        Registry { names, saved: Vec::new() }
    });
    f(reg)
}

/// Number of log type ids in use (static ones included).
pub fn type_count() -> usize {
    with_registry(|r| r.names.len())
}

/// Whether a message of `level` for `logtype` is printed now.
pub fn can_log(logtype: u32, level: u32) -> bool {
    if level > GLOBAL_LEVEL.load(Ordering::Relaxed) {
        return false;
    }
    match LEVELS.get(logtype as usize) {
        Some(l) => {
            let l = l.load(Ordering::Relaxed);
            // A type id never registered has no level: the reference refuses it.
            l != LEVEL_UNSET && level <= l
        }
        None => false,
    }
}

/// Sets the global level.
pub fn set_global_level(level: u32) {
    GLOBAL_LEVEL.store(level, Ordering::Relaxed);
}

/// The global level.
pub fn global_level() -> u32 {
    GLOBAL_LEVEL.load(Ordering::Relaxed)
}

/// The level of `logtype`, or `None` for an id not registered. The reserved,
/// unnamed static ids report 0, as in the reference.
pub fn level(logtype: u32) -> Option<u32> {
    let registered = with_registry(|r| (logtype as usize) < r.names.len());
    registered.then(|| match LEVELS[logtype as usize].load(Ordering::Relaxed) {
        LEVEL_UNSET => 0,
        l => l,
    })
}

/// Sets the level of one registered type.
pub fn set_level(logtype: u32, level: u32) -> Result<(), Error> {
    if level > RTE_LOG_MAX {
        return Err(Error::InvalidArgument(format!("log level {level} above {RTE_LOG_MAX}")));
    }
    with_registry(|r| {
        if (logtype as usize) >= r.names.len() {
            return Err(Error::InvalidArgument(format!("log type {logtype} not registered")));
        }
        LEVELS[logtype as usize].store(level, Ordering::Relaxed);
        Ok(())
    })
}

fn set_matching(matcher: Matcher, level: u32) -> Result<(), Error> {
    if level > RTE_LOG_MAX {
        return Err(Error::InvalidArgument(format!("log level {level} above {RTE_LOG_MAX}")));
    }
    with_registry(|r| {
        for (id, name) in r.names.iter().enumerate() {
            if let Some(name) = name {
                if matcher.matches(name) {
                    LEVELS[id].store(level, Ordering::Relaxed);
                }
            }
        }
        r.saved.push((matcher, level));
        Ok(())
    })
}

/// Sets the level of every type whose name matches the glob `pattern`, now
/// and for types registered later.
pub fn set_level_pattern(pattern: &CStr, level: u32) -> Result<(), Error> {
    set_matching(Matcher::Glob(pattern.to_owned()), level)
}

/// Sets the level of every type whose name matches the POSIX basic regular
/// expression `regex`, now and for types registered later.
pub fn set_level_regexp(regex: &CStr, level: u32) -> Result<(), Error> {
    let re = PosixRegex::new(regex)
        .ok_or_else(|| Error::InvalidArgument(format!("bad regular expression '{}'", regex.to_string_lossy())))?;
    set_matching(Matcher::Regex(re), level)
}

/// Registers `name` (or finds it) and returns its id. A new type starts at
/// `default_level`, then the saved settings that match it apply in order.
pub fn register(name: &CStr, default_level: u32) -> Result<u32, Error> {
    if default_level > RTE_LOG_MAX {
        return Err(Error::InvalidArgument(format!("log level {default_level} above {RTE_LOG_MAX}")));
    }
    with_registry(|r| {
        if let Some(id) = r.names.iter().position(|n| n.as_deref() == Some(name)) {
            return Ok(id as u32);
        }
        let id = r.names.len();
        if id >= MAX_LOG_TYPES {
            return Err(Error::NoSpace(format!("more than {MAX_LOG_TYPES} log types")));
        }
        let mut level = default_level;
        for (m, l) in &r.saved {
            if m.matches(name) {
                level = *l;
            }
        }
        LEVELS[id].store(level, Ordering::Relaxed);
        r.names.push(Some(name.to_owned()));
        Ok(id as u32)
    })
}

/// The reference's name for a level number.
pub fn level_name(level: u32) -> &'static str {
    match level {
        0 => "disabled",
        RTE_LOG_EMERG => "emergency",
        RTE_LOG_ALERT => "alert",
        RTE_LOG_CRIT => "critical",
        RTE_LOG_ERR => "error",
        RTE_LOG_WARNING => "warning",
        RTE_LOG_NOTICE => "notice",
        RTE_LOG_INFO => "info",
        RTE_LOG_DEBUG => "debug",
        _ => "unknown",
    }
}

/// Parses a level given by name ("debug", "err"...) or number, as
/// `--log-level` takes it.
pub fn parse_level(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let names = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"];
    names.iter().position(|n| n.starts_with(s) && !s.is_empty()).map(|i| i as u32 + 1)
}

/// One line per type, in id order, as `rte_log_dump` prints them.
pub fn dump_lines() -> Vec<String> {
    let mut out = vec![format!("global log level is {}", level_name(global_level()))];
    with_registry(|r| {
        for (id, name) in r.names.iter().enumerate() {
            if let Some(name) = name {
                let l = LEVELS[id].load(Ordering::Relaxed);
                out.push(format!("id {id}: {}, level is {}", name.to_string_lossy(), level_name(l)));
            }
        }
    });
    out
}

/// Names and levels of every type whose name starts with `prefix`, sorted by
/// name, as `--log-level=help` and `rte_log_list_types` print them.
pub fn list_types() -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = with_registry(|r| {
        r.names
            .iter()
            .enumerate()
            .filter_map(|(id, n)| {
                n.as_ref().map(|n| (n.to_string_lossy().into_owned(), LEVELS[id].load(Ordering::Relaxed)))
            })
            .collect()
    });
    v.sort();
    v
}

extern "C" {
    static mut stderr: *mut libc::FILE;
}

/// The stream messages go to: the one set by `rte_openlog_stream`, else stderr.
pub fn stream() -> *mut libc::FILE {
    let s = STREAM.load(Ordering::Acquire);
    if !s.is_null() {
        return s;
    }
    // SAFETY: glibc's `stderr` is initialised before any user code runs and
    // only read here.
    unsafe { *ptr::addr_of!(stderr) }
}

/// The stream set by `rte_openlog_stream`, or null.
pub fn user_stream() -> *mut libc::FILE {
    STREAM.load(Ordering::Acquire)
}

/// Sets (or with null, resets to stderr) the output stream.
pub fn set_stream(f: *mut libc::FILE) {
    STREAM.store(f, Ordering::Release);
}

/// Also sends every message to syslog with `facility` (`--syslog`).
pub fn enable_syslog(facility: libc::c_int) {
    static IDENT: &CStr = c"librte-rs";
    // SAFETY: IDENT is a 'static NUL-terminated string, as openlog requires.
    unsafe { libc::openlog(IDENT.as_ptr(), libc::LOG_NDELAY | libc::LOG_PID, facility) };
    SYSLOG.store(true, Ordering::Release);
}

/// Whether messages are also sent to syslog.
pub fn syslog_enabled() -> bool {
    SYSLOG.load(Ordering::Acquire)
}

/// Writes one already-formatted message if `level` and `logtype` allow it.
pub fn write(level: u32, logtype: u32, msg: &str) {
    if !can_log(logtype, level) {
        return;
    }
    let f = stream();
    // SAFETY: `f` is a valid FILE (stderr or the caller's stream, which the
    // rte_openlog_stream contract keeps open); the buffer is valid for len.
    unsafe {
        libc::fwrite(msg.as_ptr().cast(), 1, msg.len(), f);
        libc::fflush(f);
    }
    if syslog_enabled() {
        if let Ok(c) = CString::new(msg) {
            // SAFETY: "%s" with one valid C string argument.
            unsafe { libc::syslog(level.saturating_sub(1) as libc::c_int, c"%s".as_ptr(), c.as_ptr()) };
        }
    }
}

/// Logs a formatted message for a log type: `rte_log!(ERR, EAL, "...")`.
/// The caller writes the "EAL: " prefix, as with the reference's RTE_LOG.
#[macro_export]
macro_rules! rte_log {
    ($level:ident, $ty:ident, $($arg:tt)*) => {{
        let level = $crate::log::level_of(stringify!($level));
        let ty = $crate::log::type_of(stringify!($ty));
        if $crate::log::can_log(ty, level) {
            $crate::log::write(level, ty, &format!($($arg)*));
        }
    }};
}

/// Level number of a level's short name (the `RTE_LOG_` suffix).
#[doc(hidden)]
pub const fn level_of(name: &str) -> u32 {
    match name.as_bytes() {
        b"EMERG" => RTE_LOG_EMERG,
        b"ALERT" => RTE_LOG_ALERT,
        b"CRIT" => RTE_LOG_CRIT,
        b"ERR" => RTE_LOG_ERR,
        b"WARNING" => RTE_LOG_WARNING,
        b"NOTICE" => RTE_LOG_NOTICE,
        b"INFO" => RTE_LOG_INFO,
        _ => RTE_LOG_DEBUG,
    }
}

/// Type id of a static log type's short name (the `RTE_LOGTYPE_` suffix).
#[doc(hidden)]
pub const fn type_of(name: &str) -> u32 {
    match name.as_bytes() {
        b"MALLOC" => RTE_LOGTYPE_MALLOC,
        b"RING" => RTE_LOGTYPE_RING,
        b"MEMPOOL" => RTE_LOGTYPE_MEMPOOL,
        b"PMD" => RTE_LOGTYPE_PMD,
        b"MBUF" => RTE_LOGTYPE_MBUF,
        b"USER1" => RTE_LOGTYPE_USER1,
        _ => RTE_LOGTYPE_EAL,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_types_start_at_info() {
        assert_eq!(level(RTE_LOGTYPE_EAL), Some(RTE_LOG_INFO));
        assert!(can_log(RTE_LOGTYPE_EAL, RTE_LOG_INFO));
        assert!(!can_log(RTE_LOGTYPE_EAL, RTE_LOG_DEBUG));
        // Reserved, unnamed static ids and ids past the end never log.
        assert!(!can_log(21, RTE_LOG_EMERG));
        assert!(!can_log(MAX_LOG_TYPES as u32 + 5, RTE_LOG_EMERG));
    }

    #[test]
    fn register_is_idempotent_and_saved_patterns_apply_later() {
        set_level_pattern(c"test.pat.*", RTE_LOG_DEBUG).unwrap();
        let a = register(c"test.pat.a", RTE_LOG_NOTICE).unwrap();
        assert!(a >= RTE_LOGTYPE_FIRST_EXT_ID);
        assert_eq!(register(c"test.pat.a", RTE_LOG_ERR).unwrap(), a);
        assert_eq!(level(a), Some(RTE_LOG_DEBUG));
        let b = register(c"test.other", RTE_LOG_NOTICE).unwrap();
        assert_eq!(level(b), Some(RTE_LOG_NOTICE));
        set_level_regexp(c"^test\\.oth", RTE_LOG_ERR).unwrap();
        assert_eq!(level(b), Some(RTE_LOG_ERR));
        assert!(set_level_regexp(c"a\\{1", RTE_LOG_ERR).is_err());
    }

    #[test]
    fn bad_levels_and_types_are_refused() {
        assert!(set_level(RTE_LOGTYPE_EAL, RTE_LOG_MAX + 1).is_err());
        assert!(set_level(MAX_LOG_TYPES as u32, RTE_LOG_INFO).is_err());
        assert!(set_level_pattern(c"*", 9).is_err());
    }

    #[test]
    fn level_names_parse_both_ways() {
        for l in RTE_LOG_EMERG..=RTE_LOG_DEBUG {
            assert_eq!(parse_level(level_name(l)), Some(l));
        }
        assert_eq!(parse_level("8"), Some(8));
        assert_eq!(parse_level("err"), Some(RTE_LOG_ERR));
        assert_eq!(parse_level("verbose"), None);
        assert_eq!(parse_level(""), None);
    }
}
