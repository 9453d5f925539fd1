//! Tail queue registry (`EAL_REGISTER_TAILQ`, `rte_eal_tailq_lookup`).
//! Libraries register an `rte_tailq_elem` (usually from a constructor,
//! before `rte_eal_init`); EAL gives each a named head in the shared
//! configuration, where every process finds the same list.

use std::ffi::CStr;
use std::sync::Mutex;

use rte_abi::config::RTE_MAX_TAILQ;
use rte_abi::tailq::{rte_tailq_elem, rte_tailq_head, RTE_TAILQ_NAMESIZE};
use rte_mem::config::{self, Lock};

use crate::Error;

/// Registered elements (process-local): addresses of the callers' statics.
struct Registered(Vec<*mut rte_tailq_elem>);

// SAFETY: the pointers are to the registering libraries' static elements,
// which live as long as the process; access is serialised by the mutex.
unsafe impl Send for Registered {}

static REGISTERED: Mutex<Registered> = Mutex::new(Registered(Vec::new()));

fn name_of(bytes: &[std::ffi::c_char; 32]) -> String {
    let b: Vec<u8> = bytes.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8_lossy(&b).into_owned()
}

/// Finds (or with `create`, makes) the shared head named `name`.
fn head_for(name: &str, create: bool) -> Option<*mut rte_tailq_head> {
    let cfg = config::get()?;
    // SAFETY: the live config block; heads are read and written under the
    // tailq write lock held by our callers (or before anyone else can see it).
    unsafe {
        let count = (*cfg).tailq_count as usize;
        for i in 0..count {
            let h = std::ptr::addr_of_mut!((*cfg).tailq_head[i]);
            if name_of(&(*h).name) == name {
                return Some(h);
            }
        }
        if !create || count >= RTE_MAX_TAILQ as usize {
            return None;
        }
        let h = std::ptr::addr_of_mut!((*cfg).tailq_head[count]);
        for (i, b) in name.bytes().take(RTE_TAILQ_NAMESIZE as usize - 1).enumerate() {
            (*h).name[i] = b as std::ffi::c_char;
        }
        // An empty TAILQ: first = NULL, last = &first.
        (*h).tailq_head.tqh_first = std::ptr::null_mut();
        (*h).tailq_head.tqh_last = std::ptr::addr_of_mut!((*h).tailq_head.tqh_first);
        (*cfg).tailq_count = count as u32 + 1;
        Some(h)
    }
}

fn assign(elem: *mut rte_tailq_elem) -> Result<(), Error> {
    // SAFETY: a registered element (a live static of the caller).
    let name = unsafe { name_of(&(*elem).name) };
    let lock = config::rwlock(Lock::Tailq);
    if let Some(l) = lock {
        l.write_lock();
    }
    let head = head_for(&name, true);
    if let Some(l) = lock {
        l.write_unlock();
    }
    let head =
        head.ok_or_else(|| Error::NoSpace(format!("no free tailq head for '{name}' (RTE_MAX_TAILQ {RTE_MAX_TAILQ})")))?;
    // SAFETY: as above; `head` is the element's field.
    unsafe { (*elem).head = head };
    Ok(())
}

/// Registers a library's tail queue; after EAL init it gets its head now,
/// before, at init. A second registration of a name fails.
///
/// # Safety
/// `elem` must point to an element that lives for the rest of the process.
pub unsafe fn register(elem: *mut rte_tailq_elem) -> Result<(), Error> {
    // SAFETY: valid per the contract.
    let name = unsafe { name_of(&(*elem).name) };
    if name.is_empty() {
        return Err(Error::InvalidArgument("tailq name is empty".into()));
    }
    {
        let mut reg = REGISTERED.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: registered elements are live statics.
        let taken = |e: *mut rte_tailq_elem| unsafe { name_of(&(*e).name) } == name;
        if reg.0.iter().any(|&e| taken(e)) {
            return Err(Error::InvalidArgument(format!("tailq '{name}' is already registered")));
        }
        reg.0.push(elem);
    }
    if config::get().is_some() {
        return assign(elem);
    }
    Ok(())
}

/// Gives every element registered before init its shared head.
pub fn init_all() -> Result<(), Error> {
    let elems: Vec<*mut rte_tailq_elem> = REGISTERED.lock().unwrap_or_else(|e| e.into_inner()).0.clone();
    for e in elems {
        assign(e)?;
    }
    Ok(())
}

/// The shared head named `name`, if any.
pub fn lookup(name: &CStr) -> Option<*mut rte_tailq_head> {
    let name = name.to_string_lossy();
    let lock = config::rwlock(Lock::Tailq)?;
    lock.read_lock();
    let h = head_for(&name, false);
    lock.read_unlock();
    h
}

/// Names of the heads in use, for `rte_dump_tailq`.
pub fn names() -> Vec<String> {
    let Some(cfg) = config::get() else {
        return Vec::new();
    };
    // SAFETY: the live config block, read for a dump.
    unsafe { (0..(*cfg).tailq_count as usize).map(|i| name_of(&(*cfg).tailq_head[i].name)).collect() }
}
