//! Device argument strings, split as 22.11 splits them, and the process's
//! list of `rte_devargs` (from -a/-b/--vdev, `rte_devargs_add`, hotplug).
//!
//! Two syntaxes: the legacy `[bus:]name[,driver args]` and the layered
//! `bus=B,k=v/class=C,k=v/driver=D,k=v` (each layer optional, any order).

use std::ffi::{c_char, CStr};
use std::ptr;
use std::sync::Mutex;

use rte_abi::dev::*;

use crate::bus::{self, Ptr};
use crate::Error;

/// The layers of a layered device string.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Layers<'a> {
    /// The `bus=...` layer (whole text, key included).
    pub bus: Option<&'a str>,
    /// The `class=...` layer.
    pub class: Option<&'a str>,
    /// The `driver=...` layer.
    pub driver: Option<&'a str>,
}

/// The value of a layer's first key (`vdev` for `bus=vdev,name=x`).
pub fn layer_name(layer: &str) -> &str {
    let first = layer.split(',').next().unwrap_or("");
    first.split_once('=').map_or("", |(_, v)| v)
}

/// A layer's arguments after its first `key=value` (`name=x` for
/// `bus=vdev,name=x`), as bus and class iterators get them.
pub fn layer_args(layer: &str) -> &str {
    layer.split_once(',').map_or("", |(_, rest)| rest)
}

/// Splits a layered string. `None` when it is not one (the first key is
/// not bus, class or driver); an error for a repeated or unknown layer.
pub fn split_layers(s: &str) -> Option<Result<Layers<'_>, Error>> {
    let first_key = s.split([',', '/']).next()?.split_once('=')?.0;
    if !matches!(first_key, "bus" | "class" | "driver") {
        return None;
    }
    let mut out = Layers::default();
    for layer in s.split('/') {
        let key = layer.split_once('=').map_or(layer, |(k, _)| k);
        let slot = match key {
            "bus" => &mut out.bus,
            "class" => &mut out.class,
            "driver" => &mut out.driver,
            _ => return Some(Err(Error::InvalidArgument(format!("unknown layer \"{layer}\" in \"{s}\"")))),
        };
        if slot.replace(layer).is_some() {
            return Some(Err(Error::InvalidArgument(format!("layer \"{key}\" given twice in \"{s}\""))));
        }
    }
    Some(Ok(out))
}

/// Copies `s` into a new C-heap string (NULL if out of memory).
pub fn c_strdup(s: &[u8]) -> *mut c_char {
    // SAFETY: a plain allocation of len+1 bytes, filled below.
    let p = unsafe { libc::malloc(s.len() + 1) } as *mut u8;
    if !p.is_null() {
        // SAFETY: p holds s.len()+1 bytes.
        unsafe {
            ptr::copy_nonoverlapping(s.as_ptr(), p, s.len());
            *p.add(s.len()) = 0;
        }
    }
    p.cast()
}

/// The name of a devargs entry.
///
/// # Safety
/// `da` points to a live `rte_devargs`.
pub unsafe fn name_of<'a>(da: *const rte_devargs) -> &'a [u8] {
    // SAFETY: per the contract; the name is NUL-terminated within the array.
    let n = unsafe { &(*da).name };
    let len = n.iter().position(|&c| c == 0).unwrap_or(n.len());
    // SAFETY: the first len bytes of the array.
    unsafe { std::slice::from_raw_parts(n.as_ptr().cast(), len) }
}

fn set_name(da: &mut rte_devargs, name: &[u8], whole: &str) -> Result<(), Error> {
    if name.len() >= RTE_DEV_NAME_MAX_LEN {
        return Err(Error::InvalidArgument(format!(
            "device name in \"{whole}\" is longer than {} characters",
            RTE_DEV_NAME_MAX_LEN - 1
        )));
    }
    da.name = [0; RTE_DEV_NAME_MAX_LEN];
    for (d, &s) in da.name.iter_mut().zip(name) {
        *d = s as c_char;
    }
    Ok(())
}

/// Fills `da` (all of it is overwritten; it owns nothing yet) from `s`.
/// On failure `da` owns nothing.
///
/// # Safety
/// `da` points to writable memory for an `rte_devargs`.
pub unsafe fn parse(da: *mut rte_devargs, s: &str) -> Result<(), Error> {
    // SAFETY: zeroed is a valid rte_devargs (null pointers, zero enums).
    unsafe { ptr::write(da, std::mem::zeroed()) };
    // The layered syntax first; on any failure 22.11 falls back to the
    // legacy one (which then usually fails too, with EFAULT).
    if let Some(Ok(layers)) = split_layers(s) {
        // SAFETY: forwarded contract.
        match unsafe { parse_layers(da, s, &layers) } {
            Ok(true) => return Ok(()),
            Ok(false) | Err(_) => {
                // SAFETY: da owns at most its data block.
                unsafe {
                    reset(da);
                    ptr::write(da, std::mem::zeroed());
                }
            }
        }
    }
    // SAFETY: per the contract, initialised above.
    let d = unsafe { &mut *da };
    // Legacy syntax: an optional "bus:" prefix.
    let mut devname = s;
    let mut found = ptr::null_mut();
    if let Some((prefix, rest)) = s.split_once(':') {
        let b = bus::find_by_name(prefix.as_bytes());
        // As 22.11: the prefix counts only if that bus also accepts the name.
        if !b.is_null() && bus::find_by_device_name(rest.as_bytes()) == b {
            found = b;
            devname = rest;
        }
    }
    let (name, args) = devname.split_once(',').unwrap_or((devname, ""));
    set_name(d, name.as_bytes(), s)?;
    if found.is_null() {
        found = bus::find_by_device_name(name.as_bytes());
        if found.is_null() {
            return Err(Error::Os {
                what: format!("no bus knows device \"{name}\" (in \"{s}\")"),
                errno: libc::EFAULT,
            });
        }
    }
    d.bus = found;
    d.data = c_strdup(args.as_bytes());
    if d.data.is_null() {
        return Err(Error::NoSpace("devargs allocation".into()));
    }
    d.drv_str = d.data;
    Ok(())
}

/// Fills `da` from a layered string. Ok(false) when it names neither a bus
/// nor a class (the caller then tries the legacy syntax).
///
/// # Safety
/// `da` points to a zeroed `rte_devargs`.
unsafe fn parse_layers(da: *mut rte_devargs, s: &str, layers: &Layers<'_>) -> Result<bool, Error> {
    // SAFETY: per the contract.
    let d = unsafe { &mut *da };
    let bus = match layers.bus {
        Some(l) => {
            let name = layer_name(l);
            let b = bus::find_by_name(name.as_bytes());
            if b.is_null() {
                return Err(Error::InvalidArgument(format!("no bus \"{name}\" (in \"{s}\")")));
            }
            b
        }
        None => ptr::null_mut(),
    };
    let cls = match layers.class {
        Some(l) => {
            let name = layer_name(l);
            let c = bus::class_find_by_name(name.as_bytes());
            if c.is_null() {
                return Err(Error::InvalidArgument(format!("no device class \"{name}\" (in \"{s}\")")));
            }
            c
        }
        None => ptr::null_mut(),
    };
    if bus.is_null() && cls.is_null() {
        return Ok(false);
    }
    // One block: bus layer, NUL, class layer, NUL, driver layer, NUL.
    let parts = [layers.bus, layers.class, layers.driver];
    let mut buf = Vec::new();
    let mut offs = [None; 3];
    for (i, p) in parts.iter().enumerate() {
        if let Some(p) = p {
            offs[i] = Some(buf.len());
            buf.extend_from_slice(p.as_bytes());
            buf.push(0);
        }
    }
    let data = c_strdup(&buf);
    if data.is_null() {
        return Err(Error::NoSpace("devargs allocation".into()));
    }
    d.data = data;
    // SAFETY: offsets inside the copied block.
    let at = |o: Option<usize>| o.map_or(ptr::null(), |o| unsafe { data.add(o) } as *const c_char);
    d.bus_str = at(offs[0]);
    d.cls_str = at(offs[1]);
    d.drv_str = at(offs[2]);
    d.bus = bus;
    d.cls = cls;
    // SAFETY: a registered bus.
    match (!bus.is_null()).then(|| unsafe { (*bus).devargs_parse }).flatten() {
        Some(f) => {
            // SAFETY: the bus's own parser on our devargs.
            let r = unsafe { f(da) };
            if r != 0 {
                return Err(Error::InvalidArgument(format!("bus cannot parse \"{s}\" ({r})")));
            }
        }
        None => {
            // Without a bus parser, the bus layer's "name" key names the device.
            if let Some(l) = layers.bus {
                let args = layer_args(l);
                if let Ok(pairs) = crate::kvargs::tokenize(args.as_bytes()) {
                    let named = pairs.into_iter().find(|p| &args.as_bytes()[p.key.clone()] == b"name");
                    if let Some(v) = named.and_then(|p| p.value) {
                        set_name(d, &args.as_bytes()[v], s)?;
                    }
                }
            }
        }
    }
    Ok(true)
}

/// Frees what `da` owns (its string block) and clears the pointers into it.
///
/// # Safety
/// `da` points to a live `rte_devargs` whose `data` is NULL or from the C heap.
pub unsafe fn reset(da: *mut rte_devargs) {
    // SAFETY: per the contract.
    unsafe {
        libc::free((*da).data.cast());
        (*da).data = ptr::null_mut();
        (*da).drv_str = ptr::null();
        (*da).bus_str = ptr::null();
        (*da).cls_str = ptr::null();
    }
}

/// The process's devargs list (entries from the C heap, owned by the list).
static LIST: Mutex<Vec<Ptr<rte_devargs>>> = Mutex::new(Vec::new());

fn list() -> std::sync::MutexGuard<'static, Vec<Ptr<rte_devargs>>> {
    LIST.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether two entries name the same device on the same bus.
///
/// # Safety
/// Both point to live entries.
unsafe fn same(a: *const rte_devargs, b: *const rte_devargs) -> bool {
    // SAFETY: per the contract.
    unsafe { (*a).bus == (*b).bus && name_of(a) == name_of(b) }
}

/// Inserts `*da` (from the C heap) into the list. An entry for the same
/// device takes over `*da`'s contents; `*da` is then freed and replaced by
/// that entry.
///
/// # Safety
/// `da` points to a pointer to a C-heap `rte_devargs` not in the list.
pub unsafe fn insert(da: *mut *mut rte_devargs) {
    let mut l = list();
    // SAFETY: per the contract.
    let new = unsafe { *da };
    if l.iter().any(|p| p.0 == new) {
        return;
    }
    // SAFETY: live entries.
    if let Some(old) = l.iter().find(|p| unsafe { same(p.0, new) }) {
        // SAFETY: old is a listed entry; new moves into it and is freed.
        unsafe {
            reset(old.0);
            let keep = ptr::read(old.0).next;
            ptr::copy_nonoverlapping(new, old.0, 1);
            (*old.0).next = keep;
            libc::free(new.cast());
            *da = old.0;
        }
        return;
    }
    l.push(Ptr(new));
}

/// Removes (and frees) the entry for the same device as `da`. Returns
/// true if one was found.
///
/// # Safety
/// `da` points to a live `rte_devargs` (possibly the listed one itself).
pub unsafe fn remove(da: *const rte_devargs) -> bool {
    let mut l = list();
    // SAFETY: live entries.
    let Some(i) = l.iter().position(|p| unsafe { same(p.0, da) }) else {
        return false;
    };
    let p = l.remove(i).0;
    // SAFETY: the entry was in the list, so it is ours to free.
    unsafe {
        reset(p);
        libc::free(p.cast());
    }
    true
}

/// A snapshot of the list.
pub fn snapshot() -> Vec<*mut rte_devargs> {
    list().iter().map(|p| p.0).collect()
}

/// The entry after `start` (the first when NULL) on the bus named `bus`
/// (any bus when None).
pub fn next(bus: Option<&[u8]>, start: *const rte_devargs) -> *mut rte_devargs {
    let l = snapshot();
    let from = if start.is_null() {
        0
    } else {
        match l.iter().position(|&p| std::ptr::eq(p, start)) {
            Some(i) => i + 1,
            None => return ptr::null_mut(),
        }
    };
    for &p in &l[from..] {
        // SAFETY: listed entries are live; their bus is a registered bus or NULL.
        let b = unsafe { (*p).bus };
        let ok = match bus {
            None => true,
            // SAFETY: as above; a bus name is a valid string.
            Some(n) => !b.is_null() && unsafe { !(*b).name.is_null() && CStr::from_ptr((*b).name).to_bytes() == n },
        };
        if ok {
            return p;
        }
    }
    ptr::null_mut()
}

/// Allocates an entry, parses `s` into it, sets its type and policy (and
/// the bus's scan mode), and appends it to the list.
pub fn add(ty: rte_devtype, s: &str) -> Result<*mut rte_devargs, Error> {
    // SAFETY: a plain allocation, checked.
    let da = unsafe { libc::calloc(1, std::mem::size_of::<rte_devargs>()) } as *mut rte_devargs;
    if da.is_null() {
        return Err(Error::NoSpace("devargs allocation".into()));
    }
    // SAFETY: da is writable.
    if let Err(e) = unsafe { parse(da, s) } {
        // SAFETY: our allocation; parse left it owning nothing.
        unsafe { libc::free(da.cast()) };
        return Err(e);
    }
    // SAFETY: da was just parsed; its bus is registered.
    unsafe {
        (*da).type_ = ty;
        if ty == RTE_DEVTYPE_BLOCKED {
            (*da).policy = RTE_DEV_BLOCKED;
        }
        let b = (*da).bus;
        if !b.is_null() && (*b).conf.scan_mode == RTE_BUS_SCAN_UNDEFINED {
            (*b).conf.scan_mode =
                if (*da).policy == RTE_DEV_ALLOWED { RTE_BUS_SCAN_ALLOWLIST } else { RTE_BUS_SCAN_BLOCKLIST };
        }
    }
    // As 22.11: appended, even when the device is already listed.
    list().push(Ptr(da));
    Ok(da)
}

/// Frees every entry (EAL cleanup).
pub fn clear() {
    let all: Vec<_> = std::mem::take(&mut *list());
    for p in all {
        // SAFETY: listed entries are ours.
        unsafe {
            reset(p.0);
            libc::free(p.0.cast());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers() {
        assert!(split_layers("net_null0,size=64").is_none());
        assert!(split_layers("0000:01:00.0").is_none());
        let l = split_layers("bus=vdev,name=x/class=eth,mac=00:11:22:33:44:55").unwrap().unwrap();
        assert_eq!(l.bus, Some("bus=vdev,name=x"));
        assert_eq!(l.class, Some("class=eth,mac=00:11:22:33:44:55"));
        assert_eq!(layer_name(l.bus.unwrap()), "vdev");
        assert_eq!(layer_args(l.class.unwrap()), "mac=00:11:22:33:44:55");
        assert_eq!(layer_args("class=eth"), "");
        assert!(split_layers("bus=a/bus=b").unwrap().is_err());
        assert!(split_layers("bus=a/foo=b").unwrap().is_err());
    }
}
