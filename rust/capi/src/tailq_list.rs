//! A library's own tail queue ("RTE_RING", "RTE_MEMPOOL", ...): the
//! process-lifetime element it registers as `EAL_REGISTER_TAILQ` does, and
//! the `rte_mcfg_tailq` lock taken around every walk or change of the list.

use std::cell::UnsafeCell;
use std::ffi::c_char;
use std::sync::Once;

use rte_abi::tailq::{rte_tailq_elem, rte_tailq_elem_link, rte_tailq_head};
use rte_eal::tailq;
use rte_mem::config::{self, Lock};

/// A named tail queue, registered on first use.
pub struct TailqList {
    elem: UnsafeCell<rte_tailq_elem>,
    registered: Once,
}

// SAFETY: the element is written only by tailq::register (under its mutex,
// once, through `registered`) and only read afterwards.
unsafe impl Sync for TailqList {}

impl TailqList {
    /// A list named `name` (at most 31 bytes).
    pub const fn new(name: &[u8]) -> Self {
        let mut n = [0 as c_char; 32];
        let mut i = 0;
        while i < name.len() && i < 31 {
            n[i] = name[i] as c_char;
            i += 1;
        }
        TailqList {
            elem: UnsafeCell::new(rte_tailq_elem {
                head: std::ptr::null_mut(),
                next: rte_tailq_elem_link { tqe_next: std::ptr::null_mut(), tqe_prev: std::ptr::null_mut() },
                name: n,
            }),
            registered: Once::new(),
        }
    }

    /// The shared list head (None before EAL init, or when the registry
    /// refused the name).
    pub fn head(&'static self) -> Option<*mut rte_tailq_head> {
        self.registered.call_once(|| {
            // SAFETY: a static element living for the whole process.
            let _ = unsafe { tailq::register(self.elem.get()) };
        });
        // SAFETY: the static element; `head` is set once registration
        // (finished above, in this or another thread) assigned it.
        let head = unsafe { (*self.elem.get()).head };
        (!head.is_null()).then_some(head)
    }
}

/// Runs `f` under the shared tail-queue lock (write or read); without EAL
/// (no shared config) `f` runs alone.
pub fn with_tailq<T>(write: bool, f: impl FnOnce() -> T) -> T {
    let l = config::rwlock(Lock::Tailq);
    if let Some(l) = &l {
        if write {
            l.write_lock()
        } else {
            l.read_lock()
        }
    }
    let r = f();
    if let Some(l) = &l {
        if write {
            l.write_unlock()
        } else {
            l.read_unlock()
        }
    }
    r
}
