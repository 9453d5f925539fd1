//! `rte_telemetry.h`: the `rte_tel_data` containers a command callback
//! fills (22.11 limits and return values, including the positive E2BIG for
//! a truncated string) and the command registry.
//!
//! `struct rte_tel_data` is opaque to applications: here it is a Rust value
//! behind the pointer `rte_tel_data_alloc` returns.

use std::ffi::{c_char, c_int, CStr};
use std::ptr;
use std::sync::Mutex;

/// Longest string value or name, terminator included.
pub const RTE_TEL_MAX_STRING_LEN: usize = 128;
/// Longest single-string answer, terminator included.
pub const RTE_TEL_MAX_SINGLE_STRING_LEN: usize = 8192;
/// Most dictionary entries.
pub const RTE_TEL_MAX_DICT_ENTRIES: usize = 256;
/// Most array entries.
pub const RTE_TEL_MAX_ARRAY_ENTRIES: usize = 512;
/// Longest command, terminator included.
const MAX_CMD_LEN: usize = 56;
/// Most legacy commands.
const MAX_LEGACY_CALLBACKS: usize = 4;

/// `enum rte_tel_value_type`.
pub const RTE_TEL_STRING_VAL: c_int = 0;
/// Signed int.
pub const RTE_TEL_INT_VAL: c_int = 1;
/// Unsigned 64-bit.
pub const RTE_TEL_U64_VAL: c_int = 2;
/// Nested container.
pub const RTE_TEL_CONTAINER: c_int = 3;

/// One value of an array or dictionary.
#[derive(Debug)]
pub enum Value {
    /// A string (at most RTE_TEL_MAX_STRING_LEN - 1 bytes).
    Str(Vec<u8>),
    /// A signed int.
    Int(c_int),
    /// An unsigned 64-bit value.
    U64(u64),
    /// A nested container; `keep` 0 means it is freed with its parent.
    Container(*mut rte_tel_data, c_int),
}

/// What a container holds.
#[derive(Debug)]
pub enum Kind {
    /// Not started.
    Null,
    /// A single string.
    Str(Vec<u8>),
    /// A dictionary.
    Dict(Vec<(Vec<u8>, Value)>),
    /// An array of one value type.
    Array(c_int, Vec<Value>),
}

/// `struct rte_tel_data` (opaque in C).
#[derive(Debug)]
pub struct rte_tel_data {
    /// Contents.
    pub kind: Kind,
}

impl Drop for rte_tel_data {
    fn drop(&mut self) {
        let vals: Vec<&Value> = match &self.kind {
            Kind::Dict(v) => v.iter().map(|(_, x)| x).collect(),
            Kind::Array(_, v) => v.iter().collect(),
            _ => Vec::new(),
        };
        for v in vals {
            if let Value::Container(p, 0) = v {
                // SAFETY: a container handed over with keep = 0 is owned by
                // its parent and came from rte_tel_data_alloc.
                drop(unsafe { Box::from_raw(*p) });
            }
        }
    }
}

/// `s` cut to fit `max` bytes with a terminator, and whether it was cut.
fn fit(s: &[u8], max: usize) -> (Vec<u8>, bool) {
    if s.len() >= max {
        (s[..max - 1].to_vec(), true)
    } else {
        (s.to_vec(), false)
    }
}

/// # Safety
/// `p` NULL or a string.
unsafe fn bytes<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        b""
    } else {
        // SAFETY: per the contract.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

/// A new, empty container (NULL when out of memory).
#[no_mangle]
pub extern "C" fn rte_tel_data_alloc() -> *mut rte_tel_data {
    entry!("rte_tel_data_alloc", ptr::null_mut(), { Box::into_raw(Box::new(rte_tel_data { kind: Kind::Null })) })
}

/// Frees a container from `rte_tel_data_alloc` (and the containers it owns).
///
/// # Safety
/// `d` NULL or from `rte_tel_data_alloc`, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_free(d: *mut rte_tel_data) {
    entry!("rte_tel_data_free", (), {
        if !d.is_null() {
            // SAFETY: per the contract.
            drop(unsafe { Box::from_raw(d) });
        }
    })
}

macro_rules! data {
    ($d:expr) => {{
        if $d.is_null() {
            return -libc::EINVAL;
        }
        // SAFETY: a container from rte_tel_data_alloc or the library.
        unsafe { &mut *$d }
    }};
}

/// Makes `d` an array of `type_` values (-EINVAL for NULL or an unknown type).
///
/// # Safety
/// `d` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_start_array(d: *mut rte_tel_data, type_: c_int) -> c_int {
    entry!("rte_tel_data_start_array", -libc::EINVAL, {
        let d = data!(d);
        if !(RTE_TEL_STRING_VAL..=RTE_TEL_CONTAINER).contains(&type_) {
            return -libc::EINVAL;
        }
        d.kind = Kind::Array(type_, Vec::new());
        0
    })
}

/// Makes `d` an empty dictionary.
///
/// # Safety
/// `d` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_start_dict(d: *mut rte_tel_data) -> c_int {
    entry!("rte_tel_data_start_dict", -libc::EINVAL, {
        let d = data!(d);
        d.kind = Kind::Dict(Vec::new());
        0
    })
}

/// Makes `d` a single string: 0, or E2BIG (positive) when it was cut to
/// RTE_TEL_MAX_SINGLE_STRING_LEN - 1 bytes.
///
/// # Safety
/// `d` NULL or a container; `str_` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_string(d: *mut rte_tel_data, str_: *const c_char) -> c_int {
    entry!("rte_tel_data_string", -libc::EINVAL, {
        let d = data!(d);
        // SAFETY: per the contract.
        let (s, cut) = fit(unsafe { bytes(str_) }, RTE_TEL_MAX_SINGLE_STRING_LEN);
        d.kind = Kind::Str(s);
        if cut {
            libc::E2BIG
        } else {
            0
        }
    })
}

fn array_add(d: &mut rte_tel_data, want: c_int, v: Value) -> c_int {
    match &mut d.kind {
        Kind::Array(t, vals) if *t == want => {
            if vals.len() >= RTE_TEL_MAX_ARRAY_ENTRIES {
                return -libc::ENOSPC;
            }
            vals.push(v);
            0
        }
        _ => -libc::EINVAL,
    }
}

/// Appends a string to a string array: -EINVAL for another container,
/// -ENOSPC when full, E2BIG (added, cut) for a string too long.
///
/// # Safety
/// `d` NULL or a container; `str_` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_array_string(d: *mut rte_tel_data, str_: *const c_char) -> c_int {
    entry!("rte_tel_data_add_array_string", -libc::EINVAL, {
        let d = data!(d);
        // SAFETY: per the contract.
        let (s, cut) = fit(unsafe { bytes(str_) }, RTE_TEL_MAX_STRING_LEN);
        let r = array_add(d, RTE_TEL_STRING_VAL, Value::Str(s));
        if r == 0 && cut {
            libc::E2BIG
        } else {
            r
        }
    })
}

/// Appends an int to an int array (-EINVAL, -ENOSPC).
///
/// # Safety
/// `d` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_array_int(d: *mut rte_tel_data, x: c_int) -> c_int {
    entry!("rte_tel_data_add_array_int", -libc::EINVAL, {
        let d = data!(d);
        array_add(d, RTE_TEL_INT_VAL, Value::Int(x))
    })
}

/// Appends a u64 to a u64 array (-EINVAL, -ENOSPC).
///
/// # Safety
/// `d` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_array_u64(d: *mut rte_tel_data, x: u64) -> c_int {
    entry!("rte_tel_data_add_array_u64", -libc::EINVAL, {
        let d = data!(d);
        array_add(d, RTE_TEL_U64_VAL, Value::U64(x))
    })
}

/// Whether `val` may be nested: an array of strings, ints or u64s (or,
/// in a dictionary, also a dictionary).
fn nestable(val: &rte_tel_data, dict_ok: bool) -> bool {
    match &val.kind {
        Kind::Array(t, _) => *t != RTE_TEL_CONTAINER,
        Kind::Dict(_) => dict_ok,
        _ => false,
    }
}

/// Appends a container to a container array: -EINVAL unless `val` is an
/// array of plain values; -ENOSPC when full. With `keep` 0 the parent owns
/// and frees `val`.
///
/// # Safety
/// `d` NULL or a container; `val` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_array_container(
    d: *mut rte_tel_data,
    val: *mut rte_tel_data,
    keep: c_int,
) -> c_int {
    entry!("rte_tel_data_add_array_container", -libc::EINVAL, {
        let dd = data!(d);
        if val.is_null() || val == d {
            return -libc::EINVAL;
        }
        // SAFETY: a container per the contract.
        if !nestable(unsafe { &*val }, false) {
            return -libc::EINVAL;
        }
        array_add(dd, RTE_TEL_CONTAINER, Value::Container(val, keep))
    })
}

fn dict_add(d: &mut rte_tel_data, name: &[u8], v: Value, cut: bool) -> c_int {
    let Kind::Dict(entries) = &mut d.kind else {
        if let Value::Container(..) = v {
            // Not taken: the caller keeps ownership.
            std::mem::forget(v);
        }
        return -libc::EINVAL;
    };
    if entries.len() >= RTE_TEL_MAX_DICT_ENTRIES {
        return -libc::ENOSPC;
    }
    let (n, ncut) = fit(name, RTE_TEL_MAX_STRING_LEN);
    entries.push((n, v));
    if cut || ncut {
        libc::E2BIG
    } else {
        0
    }
}

/// Adds `name: val` (a string) to a dictionary: -EINVAL, -ENOSPC, or E2BIG
/// (added, cut) for a name or value too long.
///
/// # Safety
/// `d` NULL or a container; `name`, `val` NULL or strings.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_dict_string(
    d: *mut rte_tel_data,
    name: *const c_char,
    val: *const c_char,
) -> c_int {
    entry!("rte_tel_data_add_dict_string", -libc::EINVAL, {
        let d = data!(d);
        // SAFETY: per the contract.
        let (v, cut) = fit(unsafe { bytes(val) }, RTE_TEL_MAX_STRING_LEN);
        // SAFETY: per the contract.
        dict_add(d, unsafe { bytes(name) }, Value::Str(v), cut)
    })
}

/// Adds `name: val` (an int) to a dictionary.
///
/// # Safety
/// `d` NULL or a container; `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_dict_int(d: *mut rte_tel_data, name: *const c_char, val: c_int) -> c_int {
    entry!("rte_tel_data_add_dict_int", -libc::EINVAL, {
        let d = data!(d);
        // SAFETY: per the contract.
        dict_add(d, unsafe { bytes(name) }, Value::Int(val), false)
    })
}

/// Adds `name: val` (a u64) to a dictionary.
///
/// # Safety
/// `d` NULL or a container; `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_dict_u64(d: *mut rte_tel_data, name: *const c_char, val: u64) -> c_int {
    entry!("rte_tel_data_add_dict_u64", -libc::EINVAL, {
        let d = data!(d);
        // SAFETY: per the contract.
        dict_add(d, unsafe { bytes(name) }, Value::U64(val), false)
    })
}

/// Adds `name: val` (an array of plain values or a dictionary) to a
/// dictionary; with `keep` 0 the parent owns and frees `val`.
///
/// # Safety
/// `d` NULL or a container; `name` NULL or a string; `val` NULL or a container.
#[no_mangle]
pub unsafe extern "C" fn rte_tel_data_add_dict_container(
    d: *mut rte_tel_data,
    name: *const c_char,
    val: *mut rte_tel_data,
    keep: c_int,
) -> c_int {
    entry!("rte_tel_data_add_dict_container", -libc::EINVAL, {
        let dd = data!(d);
        if val.is_null() || val == d {
            return -libc::EINVAL;
        }
        // SAFETY: a container per the contract.
        if !nestable(unsafe { &*val }, true) {
            return -libc::EINVAL;
        }
        // SAFETY: per the contract.
        dict_add(dd, unsafe { bytes(name) }, Value::Container(val, keep), false)
    })
}

// ---- Command registry ---------------------------------------------------------

/// `telemetry_cb`: int (*)(const char *cmd, const char *params, struct rte_tel_data *info).
pub type telemetry_cb = Option<unsafe extern "C" fn(*const c_char, *const c_char, *mut rte_tel_data) -> c_int>;
/// `telemetry_legacy_cb`: int (*)(const char *params, char *buffer, int buf_len).
pub type telemetry_legacy_cb = Option<unsafe extern "C" fn(*const c_char, *mut c_char, c_int) -> c_int>;

/// A registered command.
pub struct Command {
    /// The command ("/ethdev/list").
    pub name: Vec<u8>,
    /// Its callback (an address).
    pub cb: usize,
    /// Help text.
    pub help: Vec<u8>,
}

/// Registered commands, sorted by name.
pub static COMMANDS: Mutex<Vec<Command>> = Mutex::new(Vec::new());
static LEGACY: Mutex<Vec<(Vec<u8>, c_int, usize)>> = Mutex::new(Vec::new());

/// Registers command `cmd` (starting with '/', shorter than 56 bytes) with
/// its callback and help (shorter than 128 bytes): -EINVAL otherwise;
/// -EEXIST for a command already registered.
///
/// # Safety
/// `cmd`, `help` NULL or strings.
#[no_mangle]
pub unsafe extern "C" fn rte_telemetry_register_cmd(cmd: *const c_char, f: telemetry_cb, help: *const c_char) -> c_int {
    entry!("rte_telemetry_register_cmd", -libc::EINVAL, {
        if cmd.is_null() || help.is_null() || f.is_none() {
            return -libc::EINVAL;
        }
        // SAFETY: per the contract.
        let (c, h) = unsafe { (bytes(cmd), bytes(help)) };
        if c.len() >= MAX_CMD_LEN || c.first() != Some(&b'/') || h.len() >= RTE_TEL_MAX_STRING_LEN {
            return -libc::EINVAL;
        }
        let mut cmds = COMMANDS.lock().unwrap_or_else(|e| e.into_inner());
        match cmds.binary_search_by(|x| x.name.as_slice().cmp(c)) {
            Ok(_) => -libc::EEXIST,
            Err(i) => {
                cmds.insert(i, Command { name: c.to_vec(), cb: f.map_or(0, |f| f as usize), help: h.to_vec() });
                0
            }
        }
    })
}

/// Registers a legacy (v1 socket) command: -EINVAL for a NULL callback,
/// -ENOENT once the 4 slots are used.
///
/// # Safety
/// `cmd` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_telemetry_legacy_register(
    cmd: *const c_char,
    data_req: c_int,
    f: telemetry_legacy_cb,
) -> c_int {
    entry!("rte_telemetry_legacy_register", -libc::EINVAL, {
        let Some(f) = f else { return -libc::EINVAL };
        let mut l = LEGACY.lock().unwrap_or_else(|e| e.into_inner());
        if l.len() >= MAX_LEGACY_CALLBACKS {
            return -libc::ENOENT;
        }
        // SAFETY: per the contract.
        let (c, _) = fit(unsafe { bytes(cmd) }, 64);
        l.push((c, data_req, f as usize));
        0
    })
}
