//! Types of `rte_tailq.h`: BSD TAILQ lists kept in shared memory, found by
//! name. The C header spells them with the TAILQ macros; these mirrors have
//! the same layout.

use core::ffi::{c_char, c_void};
use core::mem::{offset_of, size_of};

/// Length of a tail queue name, NUL included.
pub const RTE_TAILQ_NAMESIZE: u32 = 32;

/// `TAILQ_ENTRY(rte_tailq_entry)`.
#[repr(C)]
pub struct rte_tailq_entry_link {
    /// Next element.
    pub tqe_next: *mut rte_tailq_entry,
    /// Address of the previous element's `tqe_next`.
    pub tqe_prev: *mut *mut rte_tailq_entry,
}

/// One entry of a shared tail queue.
#[repr(C)]
pub struct rte_tailq_entry {
    /// List links.
    pub next: rte_tailq_entry_link,
    /// The object this entry stands for.
    pub data: *mut c_void,
}

/// `TAILQ_HEAD(rte_tailq_entry_head, rte_tailq_entry)`.
#[repr(C)]
pub struct rte_tailq_entry_head {
    /// First element.
    pub tqh_first: *mut rte_tailq_entry,
    /// Address of the last element's `tqe_next`.
    pub tqh_last: *mut *mut rte_tailq_entry,
}

/// A named list head in shared memory.
#[repr(C)]
pub struct rte_tailq_head {
    /// The list (must be first).
    pub tailq_head: rte_tailq_entry_head,
    /// Its name.
    pub name: [c_char; 32],
}

/// `TAILQ_ENTRY(rte_tailq_elem)`.
#[repr(C)]
pub struct rte_tailq_elem_link {
    /// Next element.
    pub tqe_next: *mut rte_tailq_elem,
    /// Address of the previous element's `tqe_next`.
    pub tqe_prev: *mut *mut rte_tailq_elem,
}

/// A library's registration of a named list (`EAL_REGISTER_TAILQ`).
#[repr(C)]
pub struct rte_tailq_elem {
    /// The shared head, filled in by EAL.
    pub head: *mut rte_tailq_head,
    /// Process-local list of registrations.
    pub next: rte_tailq_elem_link,
    /// The list's name.
    pub name: [c_char; 32],
}

const _: () = {
    assert!(size_of::<rte_tailq_entry>() == 24);
    assert!(size_of::<rte_tailq_head>() == 48 && offset_of!(rte_tailq_head, name) == 16);
    assert!(size_of::<rte_tailq_elem>() == 56 && offset_of!(rte_tailq_elem, name) == 24);
};
