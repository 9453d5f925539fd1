//! `rte_flow.h`: the generic flow API. Every port operation looks up the
//! PMD's `struct rte_flow_ops` through `eth_dev_ops.flow_ops_get` and calls
//! the matching slot; a port without flow support reports ENOSYS in
//! `struct rte_flow_error`, as 22.11 does. `rte_flow_conv`/`rte_flow_copy`,
//! `rte_flow_error_set` and the metadata dynamic field work without a PMD.

use std::ffi::{c_char, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

use rte_abi::ethdev::{rte_eth_dev, RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE};
use rte_abi::flow::*;
use rte_abi::mbuf_dyn::{rte_mbuf_dynfield, rte_mbuf_dynflag};
use rte_eal::rte_log;

use super::rte_ethdev::tables_ready;

/// One untyped slot of a PMD ops table (`rte_flow_ops`, `rte_mtr_ops`, `rte_tm_ops`).
pub(crate) type Slot = Option<unsafe extern "C" fn()>;

/// The three PMD op families reached through `eth_dev_ops`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Flow,
    Mtr,
    Tm,
}

/// A static message for the errno values these families report (the text
/// of `rte_strerror` for them; static so that `error->message` stays valid).
pub(crate) fn errmsg(code: c_int) -> *const c_char {
    match code {
        libc::ENOSYS => c"Function not implemented",
        libc::ENOTSUP => c"Operation not supported",
        libc::ENODEV => c"No such device",
        libc::EINVAL => c"Invalid argument",
        libc::EIO => c"Input/output error",
        libc::ENOMEM => c"Cannot allocate memory",
        _ => c"Unknown error",
    }
    .as_ptr()
}

/// Fills `error` (when not NULL), sets `rte_errno` to `code`, returns `-code`.
///
/// # Safety
/// `error` NULL or writable.
pub(crate) unsafe fn set_error(
    error: *mut rte_flow_error,
    code: c_int,
    type_: c_int,
    cause: *const c_void,
    message: *const c_char,
) -> c_int {
    if !error.is_null() {
        // SAFETY: caller's contract.
        unsafe { error.write(rte_flow_error { type_, cause, message }) };
    }
    crate::boundary::set_errno(code);
    -code
}

/// Runs `f` behind the panic boundary (as `entry!`, for generated functions).
pub(crate) fn guard<T>(name: &str, on_panic: T, f: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => {
            crate::boundary::panicked(name);
            on_panic
        }
    }
}

/// The port and its PMD's ops table for `fam`, or the negative errno with
/// `error` filled (ENODEV for a bad port, ENOSYS when the PMD has no ops).
pub(crate) fn family_ops(
    fam: Family,
    func: &str,
    port: u16,
    error: *mut rte_flow_error,
) -> Result<(*mut rte_eth_dev, *const Slot), c_int> {
    tables_ready();
    let Ok(dev) = ::rte_ethdev::dev(port) else {
        rte_log!(ERR, EAL, "ETHDEV: {func}(): invalid port_id={port}\n");
        // SAFETY: error is NULL or the caller's writable struct.
        return Err(unsafe {
            set_error(error, libc::ENODEV, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(libc::ENODEV))
        });
    };
    // SAFETY: dev from dev().
    let ops = unsafe { ::rte_ethdev::ops(dev) };
    let idx = match fam {
        Family::Flow => OPS_OTHERS_FLOW_OPS_GET,
        Family::Mtr => OPS_OTHERS_MTR_OPS_GET,
        Family::Tm => OPS_OTHERS_TM_OPS_GET,
    };
    let mut table: *const Slot = ptr::null();
    let code = match ops.others[idx] {
        None => libc::ENOSYS,
        Some(get) => {
            // SAFETY: 22.11's flow_ops_get / tm_ops_get / mtr_ops_get slot:
            // int (*)(struct rte_eth_dev *, const struct rte_X_ops **).
            let get: unsafe extern "C" fn(*mut rte_eth_dev, *mut *const Slot) -> c_int =
                unsafe { std::mem::transmute(get) };
            // SAFETY: a live port and a writable out pointer.
            let r = unsafe { get(dev, &mut table) };
            match (r, fam) {
                (0, _) if table.is_null() => libc::ENOSYS,
                (0, _) => 0,
                (r, Family::Flow) => r.abs(),
                _ => libc::ENOSYS,
            }
        }
    };
    if code != 0 {
        rte_log!(DEBUG, EAL, "ETHDEV: {func}(): port {port} has no such operations (errno {code})\n");
        // SAFETY: as above.
        return Err(unsafe { set_error(error, code, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(code)) });
    }
    Ok((dev, table))
}

/// The port, and slot `slot` of its `fam` ops table, or the negative errno
/// with `error` filled (`missing` when the table lacks that operation).
pub(crate) fn family_op(
    fam: Family,
    func: &str,
    port: u16,
    slot: usize,
    error: *mut rte_flow_error,
    missing: c_int,
) -> Result<(*mut rte_eth_dev, unsafe extern "C" fn()), c_int> {
    let (dev, table) = family_ops(fam, func, port, error)?;
    // SAFETY: the PMD's ops table has at least `slot + 1` entries (22.11 layout).
    match unsafe { *table.add(slot) } {
        Some(f) => Ok((dev, f)),
        None => {
            rte_log!(DEBUG, EAL, "ETHDEV: {func}(): port {port}'s driver lacks this operation\n");
            // SAFETY: error NULL or writable.
            Err(unsafe { set_error(error, missing, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(missing)) })
        }
    }
}

/// Holds the port's `flow_ops_mutex` unless the PMD declares its flow ops
/// thread safe (22.11's rule).
struct FlowLock(*mut libc::pthread_mutex_t);

impl FlowLock {
    fn new(dev: *mut rte_eth_dev, wanted: bool) -> FlowLock {
        // SAFETY: dev is a live port; its data is set (checked by dev()).
        let data = unsafe { (*dev).data };
        // SAFETY: as above.
        if !wanted || unsafe { (*data).dev_flags } & RTE_ETH_DEV_FLOW_OPS_THREAD_SAFE != 0 {
            return FlowLock(ptr::null_mut());
        }
        // SAFETY: the field is a process-shared-layout pthread mutex that
        // zeroed port data leaves in its default (unlocked) state.
        let m = unsafe { ptr::addr_of_mut!((*data).flow_ops_mutex) } as *mut libc::pthread_mutex_t;
        // SAFETY: as above.
        unsafe { libc::pthread_mutex_lock(m) };
        FlowLock(m)
    }
}

impl Drop for FlowLock {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: locked in new() by this thread.
            unsafe { libc::pthread_mutex_unlock(self.0) };
        }
    }
}

/// A driver failure on a port that has been removed becomes EIO.
fn flow_err(port: u16, ret: c_int, error: *mut rte_flow_error) -> c_int {
    if ret != 0 && super::rte_ethdev::rte_eth_dev_is_removed(port) != 0 {
        // SAFETY: error NULL or writable.
        return unsafe { set_error(error, libc::EIO, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(libc::EIO)) };
    }
    ret
}

macro_rules! flow_fn {
    ($(#[$m:meta])* int $name:ident [$slot:ident, $missing:ident, lock $lock:expr] ($($p:ident : $t:ty),*)) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Pointers as 22.11 documents them; they go to the driver unchanged.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($p: $t,)* error: *mut rte_flow_error) -> c_int {
            guard(stringify!($name), -libc::EFAULT, || {
                let (dev, f) = match family_op(Family::Flow, stringify!($name), port_id, flow_slot::$slot, error, libc::$missing) {
                    Ok(v) => v,
                    Err(e) => return e,
                };
                type F = unsafe extern "C" fn(*mut rte_eth_dev, $($t,)* *mut rte_flow_error) -> c_int;
                // SAFETY: this slot of 22.11's rte_flow_ops has this signature.
                let f: F = unsafe { std::mem::transmute(f) };
                let lock = FlowLock::new(dev, $lock);
                // SAFETY: a live port; the caller's arguments.
                let r = unsafe { f(dev, $($p,)* error) };
                drop(lock);
                flow_err(port_id, r, error)
            })
        }
    };
    ($(#[$m:meta])* ptr $name:ident [$slot:ident, $missing:ident, lock $lock:expr] ($($p:ident : $t:ty),*)) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Pointers as 22.11 documents them; they go to the driver unchanged.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($p: $t,)* error: *mut rte_flow_error) -> *mut c_void {
            guard(stringify!($name), ptr::null_mut(), || {
                let (dev, f) = match family_op(Family::Flow, stringify!($name), port_id, flow_slot::$slot, error, libc::$missing) {
                    Ok(v) => v,
                    Err(_) => return ptr::null_mut(),
                };
                type F = unsafe extern "C" fn(*mut rte_eth_dev, $($t,)* *mut rte_flow_error) -> *mut c_void;
                // SAFETY: this slot of 22.11's rte_flow_ops has this signature.
                let f: F = unsafe { std::mem::transmute(f) };
                let lock = FlowLock::new(dev, $lock);
                // SAFETY: a live port; the caller's arguments.
                let r = unsafe { f(dev, $($p,)* error) };
                drop(lock);
                if r.is_null() {
                    flow_err(port_id, -rte_eal::tls::errno(), error);
                }
                r
            })
        }
    };
}

type P = *mut c_void;
type C = *const c_void;

flow_fn!(/// Creates a flow rule.
    ptr rte_flow_create [CREATE, ENOSYS, lock true] (attr: C, pattern: C, actions: C));
flow_fn!(/// Destroys a flow rule.
    int rte_flow_destroy [DESTROY, ENOSYS, lock true] (flow: P));
flow_fn!(/// Destroys every flow rule of the port.
    int rte_flow_flush [FLUSH, ENOSYS, lock true] ());
flow_fn!(/// Queries a flow rule's action.
    int rte_flow_query [QUERY, ENOSYS, lock true] (flow: P, action: C, data: P));
flow_fn!(/// Restricts ingress traffic to the flow rules.
    int rte_flow_isolate [ISOLATE, ENOSYS, lock true] (set: c_int));
flow_fn!(/// Dumps the PMD's flow state.
    int rte_flow_dev_dump [DEV_DUMP, ENOSYS, lock true] (flow: P, file: P));
flow_fn!(/// Aged-out flow contexts.
    int rte_flow_get_aged_flows [GET_AGED_FLOWS, ENOTSUP, lock true] (contexts: P, nb_contexts: u32));
flow_fn!(/// Aged-out flow contexts of one flow queue.
    int rte_flow_get_q_aged_flows [GET_Q_AGED_FLOWS, ENOTSUP, lock true] (queue_id: u32, contexts: P, nb_contexts: u32));
flow_fn!(/// Creates an indirect action.
    ptr rte_flow_action_handle_create [ACTION_HANDLE_CREATE, ENOSYS, lock false] (conf: C, action: C));
flow_fn!(/// Destroys an indirect action.
    int rte_flow_action_handle_destroy [ACTION_HANDLE_DESTROY, ENOSYS, lock false] (handle: P));
flow_fn!(/// Updates an indirect action.
    int rte_flow_action_handle_update [ACTION_HANDLE_UPDATE, ENOSYS, lock false] (handle: P, update: C));
flow_fn!(/// Queries an indirect action.
    int rte_flow_action_handle_query [ACTION_HANDLE_QUERY, ENOSYS, lock false] (handle: C, data: P));
flow_fn!(/// Tunnel offload: decap actions for a tunnel.
    int rte_flow_tunnel_decap_set [TUNNEL_DECAP_SET, ENOTSUP, lock false] (tunnel: P, actions: P, num: *mut u32));
flow_fn!(/// Tunnel offload: match items for a tunnel.
    int rte_flow_tunnel_match [TUNNEL_MATCH, ENOTSUP, lock false] (tunnel: P, items: P, num: *mut u32));
flow_fn!(/// Tunnel offload: the restore info of a packet.
    int rte_flow_get_restore_info [GET_RESTORE_INFO, ENOTSUP, lock false] (m: P, info: P));
flow_fn!(/// Tunnel offload: releases decap actions.
    int rte_flow_tunnel_action_decap_release [TUNNEL_ACTION_DECAP_RELEASE, ENOTSUP, lock false] (actions: P, num: u32));
flow_fn!(/// Tunnel offload: releases match items.
    int rte_flow_tunnel_item_release [TUNNEL_ITEM_RELEASE, ENOTSUP, lock false] (items: P, num: u32));
flow_fn!(/// Creates a flex item.
    ptr rte_flow_flex_item_create [FLEX_ITEM_CREATE, ENOTSUP, lock true] (conf: C));

/// Releases a flex item. As in 22.11, any failure to reach the driver's
/// operation (bad port included) reports ENOTSUP.
///
/// # Safety
/// `handle` as the driver gave it; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_flex_item_release(port_id: u16, handle: C, error: *mut rte_flow_error) -> c_int {
    guard("rte_flow_flex_item_release", -libc::EFAULT, || {
        let (dev, f) = match family_op(
            Family::Flow,
            "rte_flow_flex_item_release",
            port_id,
            flow_slot::FLEX_ITEM_RELEASE,
            error,
            libc::ENOTSUP,
        ) {
            Ok(v) => v,
            // SAFETY: error NULL or writable.
            Err(_) => unsafe {
                return set_error(
                    error,
                    libc::ENOTSUP,
                    RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
                    ptr::null(),
                    errmsg(libc::ENOTSUP),
                );
            },
        };
        // SAFETY: 22.11's flex_item_release slot.
        let f: unsafe extern "C" fn(*mut rte_eth_dev, C, *mut rte_flow_error) -> c_int =
            unsafe { std::mem::transmute(f) };
        let lock = FlowLock::new(dev, true);
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, handle, error) };
        drop(lock);
        flow_err(port_id, r, error)
    })
}
flow_fn!(/// Enqueues a rule creation.
    ptr rte_flow_async_create [ASYNC_CREATE, ENOTSUP, lock false]
    (queue_id: u32, op_attr: C, table: P, pattern: C, pt_index: u8, actions: C, at_index: u8, user_data: P));
flow_fn!(/// Enqueues a rule destruction.
    int rte_flow_async_destroy [ASYNC_DESTROY, ENOTSUP, lock false] (queue_id: u32, op_attr: C, flow: P, user_data: P));
flow_fn!(/// Pushes the enqueued operations.
    int rte_flow_push [PUSH, ENOTSUP, lock false] (queue_id: u32));
flow_fn!(/// Pulls operation results.
    int rte_flow_pull [PULL, ENOTSUP, lock false] (queue_id: u32, res: P, n_res: u16));
flow_fn!(/// Enqueues an indirect action creation.
    ptr rte_flow_async_action_handle_create [ASYNC_ACTION_HANDLE_CREATE, ENOTSUP, lock false]
    (queue_id: u32, op_attr: C, conf: C, action: C, user_data: P));
flow_fn!(/// Enqueues an indirect action destruction.
    int rte_flow_async_action_handle_destroy [ASYNC_ACTION_HANDLE_DESTROY, ENOTSUP, lock false]
    (queue_id: u32, op_attr: C, handle: P, user_data: P));
flow_fn!(/// Enqueues an indirect action update.
    int rte_flow_async_action_handle_update [ASYNC_ACTION_HANDLE_UPDATE, ENOTSUP, lock false]
    (queue_id: u32, op_attr: C, handle: P, update: C, user_data: P));
flow_fn!(/// Enqueues an indirect action query.
    int rte_flow_async_action_handle_query [ASYNC_ACTION_HANDLE_QUERY, ENOTSUP, lock false]
    (queue_id: u32, op_attr: C, handle: C, data: P, user_data: P));

/// Checks a rule without creating it. Transfer together with ingress or
/// egress is refused before the PMD is asked (EINVAL, error type ATTR).
///
/// # Safety
/// Pointers as 22.11 documents them.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_validate(
    port_id: u16,
    attr: *const rte_flow_attr,
    pattern: C,
    actions: C,
    error: *mut rte_flow_error,
) -> c_int {
    guard("rte_flow_validate", -libc::EFAULT, || {
        // SAFETY: attr NULL or readable.
        if let Some(a) = unsafe { attr.as_ref() } {
            if a.bits & FLOW_ATTR_TRANSFER != 0 && a.bits & (FLOW_ATTR_INGRESS | FLOW_ATTR_EGRESS) != 0 {
                rte_log!(ERR, EAL, "ETHDEV: rte_flow_validate(): attr transfer with ingress/egress\n");
                // SAFETY: error NULL or writable.
                return unsafe {
                    set_error(
                        error,
                        libc::EINVAL,
                        RTE_FLOW_ERROR_TYPE_ATTR,
                        attr.cast(),
                        c"cannot use attr ingress/egress with attr transfer".as_ptr(),
                    )
                };
            }
        }
        let (dev, f) =
            match family_op(Family::Flow, "rte_flow_validate", port_id, flow_slot::VALIDATE, error, libc::ENOSYS) {
                Ok(v) => v,
                Err(e) => return e,
            };
        // SAFETY: 22.11's validate slot.
        let f: unsafe extern "C" fn(*mut rte_eth_dev, *const rte_flow_attr, C, C, *mut rte_flow_error) -> c_int =
            unsafe { std::mem::transmute(f) };
        let lock = FlowLock::new(dev, true);
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, attr, pattern, actions, error) };
        drop(lock);
        flow_err(port_id, r, error)
    })
}

/// The port that manages transfer rules for `port_id`: the PMD's answer, or
/// the port itself when its flow ops have no such operation.
///
/// # Safety
/// `proxy_port_id` writable; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_pick_transfer_proxy(
    port_id: u16,
    proxy_port_id: *mut u16,
    error: *mut rte_flow_error,
) -> c_int {
    guard("rte_flow_pick_transfer_proxy", -libc::EFAULT, || {
        let (dev, table) = match family_ops(Family::Flow, "rte_flow_pick_transfer_proxy", port_id, error) {
            Ok(v) => v,
            Err(e) => return e,
        };
        if proxy_port_id.is_null() {
            rte_log!(ERR, EAL, "ETHDEV: rte_flow_pick_transfer_proxy(): proxy_port_id is NULL\n");
            // SAFETY: error NULL or writable.
            return unsafe {
                set_error(error, libc::EINVAL, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(libc::EINVAL))
            };
        }
        // SAFETY: 22.11's rte_flow_ops layout.
        match unsafe { *table.add(flow_slot::PICK_TRANSFER_PROXY) } {
            None => {
                // SAFETY: checked non-NULL; the caller's out value.
                unsafe { *proxy_port_id = port_id };
                0
            }
            Some(f) => {
                // SAFETY: 22.11's pick_transfer_proxy slot.
                let f: unsafe extern "C" fn(*mut rte_eth_dev, *mut u16, *mut rte_flow_error) -> c_int =
                    unsafe { std::mem::transmute(f) };
                // SAFETY: a live port; the caller's arguments.
                let r = unsafe { f(dev, proxy_port_id, error) };
                flow_err(port_id, r, error)
            }
        }
    })
}

/// Fills `error` (when not NULL) and sets `rte_errno`; returns `-code`.
///
/// # Safety
/// `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_error_set(
    error: *mut rte_flow_error,
    code: c_int,
    type_: c_int,
    cause: *const c_void,
    message: *const c_char,
) -> c_int {
    // SAFETY: caller's contract.
    guard("rte_flow_error_set", -code, || unsafe { set_error(error, code, type_, cause, message) })
}

// ---- metadata dynamic field ------------------------------------------------

/// Offset of the metadata dynamic field in `rte_mbuf`, -1 until registered.
#[no_mangle]
pub static rte_flow_dynf_metadata_offs: AtomicI32 = AtomicI32::new(-1);

/// `ol_flags` bit of the metadata dynamic flag, 0 until registered.
#[no_mangle]
pub static rte_flow_dynf_metadata_mask: AtomicU64 = AtomicU64::new(0);

fn name64(s: &[u8]) -> [c_char; 64] {
    let mut n = [0 as c_char; 64];
    for (d, b) in n.iter_mut().zip(s) {
        *d = *b as c_char;
    }
    n
}

/// Registers the flow metadata field (`rte_flow_dynfield_metadata`, 4
/// bytes) and flag (`rte_flow_dynflag_metadata`); sets the two exported
/// variables (or -1 / 0 and a negative errno on failure).
#[no_mangle]
pub extern "C" fn rte_flow_dynf_metadata_register() -> c_int {
    guard("rte_flow_dynf_metadata_register", -libc::EFAULT, || {
        let field = rte_mbuf_dynfield { name: name64(b"rte_flow_dynfield_metadata"), size: 4, align: 4, flags: 0 };
        let flag = rte_mbuf_dynflag { name: name64(b"rte_flow_dynflag_metadata"), flags: 0 };
        // SAFETY: valid request structs on the stack.
        let off = unsafe { crate::mbuf::rte_mbuf_dyn::rte_mbuf_dynfield_register(&field) };
        // SAFETY: as above.
        let bit = if off >= 0 { unsafe { crate::mbuf::rte_mbuf_dyn::rte_mbuf_dynflag_register(&flag) } } else { -1 };
        // ORDERING: Relaxed; the values are published to other lcores by
        // whatever launches them (thread creation / rte_eal_remote_launch),
        // as in 22.11 where they are plain variables.
        if off < 0 || bit < 0 {
            rte_flow_dynf_metadata_offs.store(-1, Ordering::Relaxed);
            rte_flow_dynf_metadata_mask.store(0, Ordering::Relaxed);
            return -rte_eal::tls::errno();
        }
        rte_flow_dynf_metadata_offs.store(off, Ordering::Relaxed);
        rte_flow_dynf_metadata_mask.store(1u64 << bit, Ordering::Relaxed);
        0
    })
}

// ---- rte_flow_conv / rte_flow_copy -----------------------------------------

/// Output cursor of a conversion: a base address, a capacity, and the
/// running offset. Nothing is written beyond `size`; the total size needed
/// is counted either way.
#[derive(Clone, Copy)]
struct Out {
    base: usize,
    size: usize,
}

impl Out {
    fn at(self, off: usize) -> Out {
        Out { base: self.base.wrapping_add(off), size: self.size.saturating_sub(off) }
    }
    fn ptr<T>(self) -> *mut T {
        self.base as *mut T
    }
    /// Copies `min(len, self.size)` bytes from `src`.
    ///
    /// # Safety
    /// `src` readable for `len` bytes; the output writable for `self.size`.
    unsafe fn copy(self, src: *const u8, len: usize) {
        let n = len.min(self.size);
        if n > 0 {
            // SAFETY: caller's contract.
            unsafe { ptr::copy_nonoverlapping(src, self.ptr::<u8>(), n) };
        }
    }
}

fn align8(v: usize) -> usize {
    (v + 7) & !7
}

fn item_desc(t: c_int) -> Option<usize> {
    if t < 0 {
        return Some(size_of::<*const c_void>());
    }
    FLOW_ITEMS.get(t as usize).and_then(|d| d.0.map(|_| d.1))
}

fn action_desc(t: c_int) -> Option<usize> {
    if t < 0 {
        return Some(size_of::<*const c_void>());
    }
    FLOW_ACTIONS.get(t as usize).and_then(|d| d.0.map(|_| d.1))
}

#[derive(Clone, Copy, PartialEq)]
enum Which {
    Spec,
    Last,
    Mask,
}

/// Copies one of an item's spec/last/mask; returns the bytes needed.
///
/// # Safety
/// The item's pointers readable per its type; the output writable.
unsafe fn conv_item_spec(out: Out, item: &rte_flow_item, which: Which) -> usize {
    let data = match which {
        Which::Spec => item.spec,
        Which::Last => item.last,
        Which::Mask => item.mask,
    };
    if data.is_null() {
        return 0;
    }
    match item.type_ {
        RTE_FLOW_ITEM_TYPE_RAW => {
            // SAFETY: a RAW item's spec/last/mask are rte_flow_item_raw.
            let src = unsafe { &*(data as *const rte_flow_item_raw) };
            let spec = item.spec as *const rte_flow_item_raw;
            let last = if item.last.is_null() { spec } else { item.last as *const rte_flow_item_raw };
            // The default RAW mask matches the whole length field.
            // SAFETY: item pointers of a RAW item.
            let mask_len = unsafe { (item.mask as *const rte_flow_item_raw).as_ref() }.map_or(0xffff, |m| m.length);
            // SAFETY: as above.
            let (spec_len, last_len) =
                unsafe { (spec.as_ref().map(|s| s.length & mask_len), last.as_ref().map(|l| l.length & mask_len)) };
            let head = rte_flow_item_raw { pattern: ptr::null(), ..*src };
            // SAFETY: head is a local struct; output writable for out.size.
            unsafe { out.copy((&head as *const rte_flow_item_raw).cast(), size_of::<rte_flow_item_raw>()) };
            let mut off = size_of::<rte_flow_item_raw>();
            let n = match (which, spec_len, last_len) {
                (Which::Spec, Some(s), _) => s,
                (Which::Mask, Some(s), Some(l)) if s >= l => s,
                (_, _, Some(l)) => l,
                _ => 0,
            } as usize;
            if n > 0 {
                if out.size >= off + n && !src.pattern.is_null() {
                    // SAFETY: room checked; the pattern holds `length` bytes.
                    unsafe {
                        out.at(off).copy(src.pattern, n);
                        ptr::addr_of_mut!((*out.ptr::<rte_flow_item_raw>()).pattern).write_unaligned(out.at(off).ptr());
                    }
                }
                off += n;
            }
            off
        }
        RTE_FLOW_ITEM_TYPE_FLEX => {
            // SAFETY: a FLEX item's data is rte_flow_item_flex.
            let src = unsafe { &*(data as *const rte_flow_item_flex) };
            let sz = size_of::<rte_flow_item_flex>();
            // SAFETY: data readable for sz bytes.
            unsafe { out.copy(data.cast(), sz) };
            let n = src.length as usize;
            if out.size >= sz + n && !src.pattern.is_null() {
                // SAFETY: room checked; the pattern holds `length` bytes.
                unsafe {
                    out.at(sz).copy(src.pattern, n);
                    ptr::addr_of_mut!((*out.ptr::<rte_flow_item_flex>()).pattern).write_unaligned(out.at(sz).ptr());
                }
            }
            sz + n
        }
        t => {
            let sz = item_desc(t).unwrap_or(0);
            // SAFETY: data holds the type's structure.
            unsafe { out.copy(data.cast(), sz) };
            sz
        }
    }
}

/// Copies an action's configuration; returns the bytes needed.
///
/// # Safety
/// `action.conf` readable per its type; the output writable.
unsafe fn conv_action_conf(out: Out, action: &rte_flow_action) -> usize {
    match action.type_ {
        RTE_FLOW_ACTION_TYPE_RSS => {
            // SAFETY: an RSS action's conf.
            let src = unsafe { &*(action.conf as *const rte_flow_action_rss) };
            let head = rte_flow_action_rss { key: ptr::null(), queue: ptr::null(), ..*src };
            // SAFETY: local struct.
            unsafe { out.copy((&head as *const rte_flow_action_rss).cast(), size_of::<rte_flow_action_rss>()) };
            let mut off = size_of::<rte_flow_action_rss>();
            if src.key_len != 0 && !src.key.is_null() {
                let n = src.key_len as usize;
                if out.size >= off + n {
                    // SAFETY: room checked; the key holds key_len bytes.
                    unsafe {
                        out.at(off).copy(src.key, n);
                        ptr::addr_of_mut!((*out.ptr::<rte_flow_action_rss>()).key).write_unaligned(out.at(off).ptr());
                    }
                }
                off += n;
            }
            if src.queue_num != 0 {
                off = (off + 1) & !1;
                let n = 2 * src.queue_num as usize;
                if out.size >= off + n {
                    // SAFETY: room checked; queue holds queue_num entries.
                    unsafe {
                        out.at(off).copy(src.queue.cast(), n);
                        ptr::addr_of_mut!((*out.ptr::<rte_flow_action_rss>()).queue).write_unaligned(out.at(off).ptr());
                    }
                }
                off += n;
            }
            off
        }
        RTE_FLOW_ACTION_TYPE_VXLAN_ENCAP | RTE_FLOW_ACTION_TYPE_NVGRE_ENCAP => {
            // SAFETY: the conf of both encap actions is one pattern pointer.
            let src = unsafe { &*(action.conf as *const rte_flow_action_vxlan_encap) };
            let mut off = size_of::<rte_flow_action_vxlan_encap>();
            if !src.definition.is_null() {
                off = off.next_multiple_of(size_of::<rte_flow_item>());
                // SAFETY: a pattern ending in END.
                let Ok(n) = (unsafe { conv_pattern(out.at(off), src.definition, 0) }) else { return 0 };
                if out.size >= off + n {
                    // SAFETY: room checked.
                    unsafe {
                        ptr::addr_of_mut!((*out.ptr::<rte_flow_action_vxlan_encap>()).definition)
                            .write_unaligned(out.at(off).ptr())
                    };
                }
                off += n;
            }
            off
        }
        t => {
            if action.conf.is_null() {
                return 0;
            }
            let sz = action_desc(t).unwrap_or(0);
            // SAFETY: conf holds the type's structure.
            unsafe { out.copy(action.conf.cast(), sz) };
            sz
        }
    }
}

/// Copies up to `num` items (0: through END); Err(type) on an unknown type.
///
/// # Safety
/// `src` a readable item list; the output writable.
unsafe fn conv_pattern(out: Out, src: *const rte_flow_item, num: usize) -> Result<usize, *const rte_flow_item> {
    let isz = size_of::<rte_flow_item>();
    let mut off = 0;
    let mut n = 0;
    loop {
        // SAFETY: the list is readable through END (or num entries).
        let it = unsafe { &*src.add(n) };
        if item_desc(it.type_).is_none() {
            return Err(it);
        }
        if out.size >= off + isz {
            let blank = rte_flow_item { type_: it.type_, spec: ptr::null(), last: ptr::null(), mask: ptr::null() };
            // SAFETY: room checked.
            unsafe { out.at(off).ptr::<rte_flow_item>().write_unaligned(blank) };
        }
        off += isz;
        n += 1;
        if it.type_ == 0 || n == num {
            break;
        }
    }
    for i in 0..n {
        // SAFETY: as above.
        let it = unsafe { &*src.add(i) };
        let dst = out.at(i * isz).ptr::<rte_flow_item>();
        for (which, p) in [(Which::Spec, it.spec), (Which::Last, it.last), (Which::Mask, it.mask)] {
            if p.is_null() {
                continue;
            }
            off = align8(off);
            // SAFETY: the item's pointers per its type.
            let r = unsafe { conv_item_spec(out.at(off), it, which) };
            if out.size != 0 && out.size >= off + r {
                let v = out.at(off).ptr::<c_void>() as *const c_void;
                // SAFETY: dst is inside the output (the item array fits below off).
                unsafe {
                    let field = match which {
                        Which::Spec => ptr::addr_of_mut!((*dst).spec),
                        Which::Last => ptr::addr_of_mut!((*dst).last),
                        Which::Mask => ptr::addr_of_mut!((*dst).mask),
                    };
                    field.write_unaligned(v);
                }
            }
            off += r;
        }
    }
    Ok(off)
}

/// Copies up to `num` actions (0: through END); Err(action) on an unknown type.
///
/// # Safety
/// `src` a readable action list; the output writable.
unsafe fn conv_actions(out: Out, src: *const rte_flow_action, num: usize) -> Result<usize, *const rte_flow_action> {
    let asz = size_of::<rte_flow_action>();
    let mut off = 0;
    let mut n = 0;
    loop {
        // SAFETY: the list is readable through END (or num entries).
        let a = unsafe { &*src.add(n) };
        if action_desc(a.type_).is_none() {
            return Err(a);
        }
        if out.size >= off + asz {
            // SAFETY: room checked.
            unsafe {
                out.at(off)
                    .ptr::<rte_flow_action>()
                    .write_unaligned(rte_flow_action { type_: a.type_, conf: ptr::null() })
            };
        }
        off += asz;
        n += 1;
        if a.type_ == 0 || n == num {
            break;
        }
    }
    for i in 0..n {
        // SAFETY: as above.
        let a = unsafe { &*src.add(i) };
        let dst = out.at(i * asz).ptr::<rte_flow_action>();
        if a.type_ == RTE_FLOW_ACTION_TYPE_INDIRECT {
            // The conf of an indirect action is a handle: kept as is.
            // (22.11 writes this whenever size != 0, even past a short
            // buffer; here only when the action itself fits.)
            if out.size >= (i + 1) * asz {
                // SAFETY: this action lies inside the output.
                unsafe { ptr::addr_of_mut!((*dst).conf).write_unaligned(a.conf) };
            }
        } else if !a.conf.is_null() {
            off = align8(off);
            // SAFETY: conf per type.
            let r = unsafe { conv_action_conf(out.at(off), a) };
            if out.size != 0 && out.size >= off + r {
                // SAFETY: dst inside the output.
                unsafe { ptr::addr_of_mut!((*dst).conf).write_unaligned(out.at(off).ptr::<c_void>()) };
            }
            off += r;
        }
    }
    Ok(off)
}

/// # Safety
/// `src` a readable rte_flow_conv_rule; the output writable.
unsafe fn conv_rule(out: Out, src: &rte_flow_conv_rule, error: *mut rte_flow_error) -> c_int {
    let rsz = size_of::<rte_flow_conv_rule>();
    let blank = rte_flow_conv_rule { attr: ptr::null(), pattern: ptr::null(), actions: ptr::null() };
    // SAFETY: local struct.
    unsafe { out.copy((&blank as *const rte_flow_conv_rule).cast(), rsz) };
    let dst = out.ptr::<rte_flow_conv_rule>();
    let mut off = rsz;
    if !src.attr.is_null() {
        off = align8(off);
        let asz = size_of::<rte_flow_attr>();
        if out.size != 0 && out.size >= off + asz {
            // SAFETY: room checked; attr readable.
            unsafe {
                out.at(off).copy(src.attr.cast(), asz);
                ptr::addr_of_mut!((*dst).attr).write_unaligned(out.at(off).ptr());
            }
        }
        off += asz;
    }
    if !src.pattern.is_null() {
        off = align8(off);
        // SAFETY: caller's contract.
        match unsafe { conv_pattern(out.at(off), src.pattern, 0) } {
            Ok(n) => {
                if out.size != 0 && out.size >= off + n {
                    // SAFETY: room checked.
                    unsafe { ptr::addr_of_mut!((*dst).pattern).write_unaligned(out.at(off).ptr()) };
                }
                off += n;
            }
            Err(it) => return unknown_item(it, error),
        }
    }
    if !src.actions.is_null() {
        off = align8(off);
        // SAFETY: caller's contract.
        match unsafe { conv_actions(out.at(off), src.actions, 0) } {
            Ok(n) => {
                if out.size != 0 && out.size >= off + n {
                    // SAFETY: room checked.
                    unsafe { ptr::addr_of_mut!((*dst).actions).write_unaligned(out.at(off).ptr()) };
                }
                off += n;
            }
            Err(a) => return unknown_action(a, error),
        }
    }
    off as c_int
}

fn unknown_item(it: *const rte_flow_item, error: *mut rte_flow_error) -> c_int {
    // SAFETY: it points into the caller's list.
    let t = unsafe { (*it).type_ };
    rte_log!(ERR, EAL, "ETHDEV: rte_flow_conv(): unknown item type {t}\n");
    // SAFETY: error NULL or writable.
    unsafe {
        set_error(
            error,
            libc::ENOTSUP,
            RTE_FLOW_ERROR_TYPE_ITEM,
            it.cast(),
            c"cannot convert unknown item type".as_ptr(),
        )
    }
}

fn unknown_action(a: *const rte_flow_action, error: *mut rte_flow_error) -> c_int {
    // SAFETY: a points into the caller's list.
    let t = unsafe { (*a).type_ };
    rte_log!(ERR, EAL, "ETHDEV: rte_flow_conv(): unknown action type {t}\n");
    // SAFETY: error NULL or writable.
    unsafe {
        set_error(
            error,
            libc::ENOTSUP,
            RTE_FLOW_ERROR_TYPE_ACTION,
            a.cast(),
            c"cannot convert unknown action type".as_ptr(),
        )
    }
}

/// # Safety
/// `dst` writable for `size`.
unsafe fn conv_name(
    actions: bool,
    as_ptr: bool,
    dst: *mut c_void,
    size: usize,
    src: *const c_void,
    error: *mut rte_flow_error,
) -> c_int {
    let table: &[FlowDesc] = if actions { &FLOW_ACTIONS } else { &FLOW_ITEMS };
    let t = src as usize as u32 as usize;
    let Some(d) = table.get(t) else {
        rte_log!(ERR, EAL, "ETHDEV: rte_flow_conv(): no {} type {t}\n", if actions { "action" } else { "item" });
        // SAFETY: error NULL or writable.
        return unsafe {
            set_error(
                error,
                libc::EINVAL,
                RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
                ptr::null(),
                c"unknown object type to retrieve the name of".as_ptr(),
            )
        };
    };
    let name = d.0.map_or(ptr::null(), |n| n.as_ptr());
    if as_ptr {
        if size >= size_of::<*const c_char>() && !dst.is_null() {
            // SAFETY: room checked.
            unsafe { (dst as *mut *const c_char).write_unaligned(name) };
        }
        return size_of::<*const c_char>() as c_int;
    }
    let bytes = d.0.map_or(&b""[..], |n| n.to_bytes());
    if size > 0 && !dst.is_null() {
        let n = bytes.len().min(size - 1);
        // SAFETY: dst writable for size bytes.
        unsafe {
            ptr::copy_nonoverlapping(bytes.as_ptr(), dst as *mut u8, n);
            *(dst as *mut u8).add(n) = 0;
        }
    }
    bytes.len() as c_int
}

/// Converts (deep-copies or names) flow API objects: see 22.11's
/// `enum rte_flow_conv_op`. Returns the bytes needed regardless of `size`
/// (the copy is truncated to `size`), or a negative errno.
///
/// # Safety
/// `src` as the operation expects; `dst` writable for `size` bytes.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_conv(
    op: c_int,
    dst: *mut c_void,
    size: usize,
    src: *const c_void,
    error: *mut rte_flow_error,
) -> c_int {
    guard("rte_flow_conv", -libc::EFAULT, || {
        let out = Out { base: dst as usize, size: if dst.is_null() { 0 } else { size } };
        let needs_src = !matches!(
            op,
            conv_op::NONE
                | conv_op::ITEM_NAME
                | conv_op::ACTION_NAME
                | conv_op::ITEM_NAME_PTR
                | conv_op::ACTION_NAME_PTR
        );
        if needs_src && src.is_null() {
            rte_log!(ERR, EAL, "ETHDEV: rte_flow_conv(): src is NULL for op {op}\n");
            // SAFETY: error NULL or writable.
            return unsafe {
                set_error(error, libc::EINVAL, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(libc::EINVAL))
            };
        }
        match op {
            conv_op::NONE => 0,
            conv_op::ATTR => {
                // SAFETY: src is a struct rte_flow_attr; dst writable for size.
                unsafe { out.copy(src.cast(), size_of::<rte_flow_attr>()) };
                size_of::<rte_flow_attr>() as c_int
            }
            conv_op::ITEM | conv_op::PATTERN => {
                let num = if op == conv_op::ITEM { 1 } else { 0 };
                // SAFETY: src is the list the op names; dst writable for size.
                match unsafe { conv_pattern(out, src.cast(), num) } {
                    Ok(n) => n as c_int,
                    Err(it) => unknown_item(it, error),
                }
            }
            conv_op::ACTION | conv_op::ACTIONS => {
                let num = if op == conv_op::ACTION { 1 } else { 0 };
                // SAFETY: src is the list the op names; dst writable for size.
                match unsafe { conv_actions(out, src.cast(), num) } {
                    Ok(n) => n as c_int,
                    Err(a) => unknown_action(a, error),
                }
            }
            // SAFETY: src is what the op names; dst writable for size.
            conv_op::RULE => unsafe { conv_rule(out, &*(src as *const rte_flow_conv_rule), error) },
            // SAFETY: src is what the op names; dst writable for size.
            conv_op::ITEM_NAME => unsafe { conv_name(false, false, dst, size, src, error) },
            // SAFETY: src is what the op names; dst writable for size.
            conv_op::ACTION_NAME => unsafe { conv_name(true, false, dst, size, src, error) },
            // SAFETY: src is what the op names; dst writable for size.
            conv_op::ITEM_NAME_PTR => unsafe { conv_name(false, true, dst, size, src, error) },
            // SAFETY: src is what the op names; dst writable for size.
            conv_op::ACTION_NAME_PTR => unsafe { conv_name(true, true, dst, size, src, error) },
            _ => {
                rte_log!(ERR, EAL, "ETHDEV: rte_flow_conv(): unknown operation {op}\n");
                // SAFETY: error NULL or writable.
                unsafe {
                    set_error(
                        error,
                        libc::ENOTSUP,
                        RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
                        ptr::null(),
                        c"unknown object conversion operation".as_ptr(),
                    )
                }
            }
        }
    })
}

/// Stores a whole rule (attributes, pattern, actions) in `desc` (`len`
/// bytes); returns the size needed, 0 on error with `rte_errno` set.
///
/// # Safety
/// `desc` writable for `len` bytes; the lists readable through END.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_copy(
    desc: *mut rte_flow_desc,
    len: usize,
    attr: *const rte_flow_attr,
    items: *const rte_flow_item,
    actions: *const rte_flow_action,
) -> usize {
    guard("rte_flow_copy", 0, || {
        if attr.is_null() || (len != 0 && desc.is_null()) {
            rte_log!(ERR, EAL, "ETHDEV: rte_flow_copy(): attr or desc is NULL\n");
            crate::boundary::set_errno(libc::EINVAL);
            return 0;
        }
        // The conv_rule header overlays the end of rte_flow_desc: its
        // pattern/actions pointers land on desc->items/actions.
        let shift = size_of::<rte_flow_desc>() - size_of::<rte_flow_conv_rule>();
        let dst_size = len.saturating_sub(shift);
        let out = Out { base: if len != 0 { desc as usize + shift } else { 0 }, size: dst_size };
        let rule = rte_flow_conv_rule { attr: ptr::null(), pattern: items, actions };
        // SAFETY: caller's contract.
        let r = unsafe { conv_rule(out, &rule, ptr::null_mut()) };
        if r < 0 {
            return 0;
        }
        let total = r as usize + shift;
        let (pi, pa) = if dst_size != 0 {
            // SAFETY: conv_rule wrote the header (dst_size > 0 covers at least its start; fields read as written or NULL).
            let h = unsafe { (out.ptr::<rte_flow_conv_rule>()).read_unaligned() };
            (h.pattern as *mut rte_flow_item, h.actions as *mut rte_flow_action)
        } else {
            (ptr::null_mut(), ptr::null_mut())
        };
        // SAFETY: attr readable (checked non-NULL).
        let head = rte_flow_desc { size: total, attr: unsafe { *attr }, items: pi, actions: pa };
        if len != 0 {
            // SAFETY: desc writable for len bytes.
            unsafe {
                ptr::copy_nonoverlapping(
                    (&head as *const rte_flow_desc).cast::<u8>(),
                    desc.cast::<u8>(),
                    len.min(size_of::<rte_flow_desc>()),
                )
            };
        }
        total
    })
}

// ---- template API: state and argument checks before the driver ----------

/// Reads a bit of `rte_eth_dev_data.flags` (DATA_*).
fn data_flag(dev: *mut rte_eth_dev, bit: u8) -> bool {
    // SAFETY: a live port (from family_ops); data is set.
    unsafe { (*(*dev).data).flags & bit != 0 }
}

/// Logs `why`, fills `error` with `code`/`type_` and returns `-code`.
fn refuse(func: &str, port: u16, why: &str, code: c_int, type_: c_int, error: *mut rte_flow_error) -> c_int {
    rte_log!(ERR, EAL, "ETHDEV: {func}(): port {port}: {why}\n");
    // SAFETY: error NULL or writable.
    unsafe { set_error(error, code, type_, ptr::null(), errmsg(code)) }
}

/// The driver slot, or the negative errno (ENOTSUP, UNSPECIFIED) when absent.
fn slot_or_enotsup(
    table: *const Slot,
    slot: usize,
    error: *mut rte_flow_error,
) -> Result<unsafe extern "C" fn(), c_int> {
    // SAFETY: 22.11's rte_flow_ops layout.
    match unsafe { *table.add(slot) } {
        Some(f) => Ok(f),
        // SAFETY: error NULL or writable.
        None => Err(unsafe {
            set_error(error, libc::ENOTSUP, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, ptr::null(), errmsg(libc::ENOTSUP))
        }),
    }
}

/// Flow engine resources of the port (the port must be configured).
///
/// # Safety
/// `port_info`/`queue_info` writable; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_info_get(
    port_id: u16,
    port_info: P,
    queue_info: P,
    error: *mut rte_flow_error,
) -> c_int {
    const F: &str = "rte_flow_info_get";
    guard(F, -libc::EFAULT, || {
        let (dev, table) = match family_ops(Family::Flow, F, port_id, error) {
            Ok(v) => v,
            Err(e) => return e,
        };
        if !data_flag(dev, rte_abi::ethdev::DATA_DEV_CONFIGURED) {
            rte_log!(INFO, EAL, "ETHDEV: {F}(): port {port_id} is not configured\n");
            return -libc::EINVAL;
        }
        if port_info.is_null() {
            rte_log!(ERR, EAL, "ETHDEV: {F}(): port {port_id}: port_info is NULL\n");
            return -libc::EINVAL;
        }
        let f = match slot_or_enotsup(table, flow_slot::INFO_GET, error) {
            Ok(f) => f,
            Err(e) => return e,
        };
        type Fn = unsafe extern "C" fn(*mut rte_eth_dev, P, P, *mut rte_flow_error) -> c_int;
        // SAFETY: 22.11's info_get slot.
        let f: Fn = unsafe { std::mem::transmute(f) };
        // SAFETY: a live port; the caller's arguments.
        flow_err(port_id, unsafe { f(dev, port_info, queue_info, error) }, error)
    })
}

/// Pre-configures the flow engine (port configured, not started); marks
/// the port's flow engine configured on success.
///
/// # Safety
/// `port_attr` and the `nb_queue` entries of `queue_attr` readable; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_configure(
    port_id: u16,
    port_attr: C,
    nb_queue: u16,
    queue_attr: C,
    error: *mut rte_flow_error,
) -> c_int {
    const F: &str = "rte_flow_configure";
    guard(F, -libc::EFAULT, || {
        let (dev, table) = match family_ops(Family::Flow, F, port_id, error) {
            Ok(v) => v,
            Err(e) => return e,
        };
        let bad = if !data_flag(dev, rte_abi::ethdev::DATA_DEV_CONFIGURED) {
            Some("not configured")
        } else if data_flag(dev, rte_abi::ethdev::DATA_DEV_STARTED) {
            Some("already started")
        } else if port_attr.is_null() {
            Some("port_attr is NULL")
        } else if queue_attr.is_null() {
            Some("queue_attr is NULL")
        } else {
            None
        };
        if let Some(why) = bad {
            return refuse(F, port_id, why, libc::EINVAL, RTE_FLOW_ERROR_TYPE_UNSPECIFIED, error);
        }
        let f = match slot_or_enotsup(table, flow_slot::CONFIGURE, error) {
            Ok(f) => f,
            Err(e) => return e,
        };
        type Fn = unsafe extern "C" fn(*mut rte_eth_dev, C, u16, C, *mut rte_flow_error) -> c_int;
        // SAFETY: 22.11's configure slot.
        let f: Fn = unsafe { std::mem::transmute(f) };
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, port_attr, nb_queue, queue_attr, error) };
        if r == 0 {
            // SAFETY: a live port; flags is changed by control-path calls only.
            unsafe { (*(*dev).data).flags |= rte_abi::ethdev::DATA_FLOW_CONFIGURED };
        }
        flow_err(port_id, r, error)
    })
}

/// Common front of the template creators: the port's ops once the flow
/// engine is configured and every required argument is there.
fn template_front(
    func: &str,
    port: u16,
    args: &[(bool, &str)],
    error: *mut rte_flow_error,
) -> Option<(*mut rte_eth_dev, *const Slot)> {
    let (dev, table) = family_ops(Family::Flow, func, port, error).ok()?;
    if !data_flag(dev, rte_abi::ethdev::DATA_FLOW_CONFIGURED) {
        refuse(func, port, "flow engine not configured", libc::EINVAL, RTE_FLOW_ERROR_TYPE_STATE, error);
        return None;
    }
    if let Some((_, what)) = args.iter().find(|(missing, _)| *missing) {
        refuse(func, port, what, libc::EINVAL, RTE_FLOW_ERROR_TYPE_ATTR, error);
        return None;
    }
    Some((dev, table))
}

/// Creates a pattern template (flow engine configured first).
///
/// # Safety
/// Pointers as 22.11 documents them.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_pattern_template_create(
    port_id: u16,
    attr: C,
    pattern: C,
    error: *mut rte_flow_error,
) -> P {
    const F: &str = "rte_flow_pattern_template_create";
    guard(F, ptr::null_mut(), || {
        let args = [(attr.is_null(), "template attr is NULL"), (pattern.is_null(), "pattern is NULL")];
        let Some((dev, table)) = template_front(F, port_id, &args, error) else { return ptr::null_mut() };
        let Ok(f) = slot_or_enotsup(table, flow_slot::PATTERN_TEMPLATE_CREATE, error) else { return ptr::null_mut() };
        type Fn = unsafe extern "C" fn(*mut rte_eth_dev, C, C, *mut rte_flow_error) -> P;
        // SAFETY: 22.11's pattern_template_create slot.
        let f: Fn = unsafe { std::mem::transmute(f) };
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, attr, pattern, error) };
        if r.is_null() {
            flow_err(port_id, -rte_eal::tls::errno(), error);
        }
        r
    })
}

/// Creates an actions template (flow engine configured first).
///
/// # Safety
/// Pointers as 22.11 documents them.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_actions_template_create(
    port_id: u16,
    attr: C,
    actions: C,
    masks: C,
    error: *mut rte_flow_error,
) -> P {
    const F: &str = "rte_flow_actions_template_create";
    guard(F, ptr::null_mut(), || {
        let args = [
            (attr.is_null(), "template attr is NULL"),
            (actions.is_null(), "actions is NULL"),
            (masks.is_null(), "masks is NULL"),
        ];
        let Some((dev, table)) = template_front(F, port_id, &args, error) else { return ptr::null_mut() };
        let Ok(f) = slot_or_enotsup(table, flow_slot::ACTIONS_TEMPLATE_CREATE, error) else { return ptr::null_mut() };
        type Fn = unsafe extern "C" fn(*mut rte_eth_dev, C, C, C, *mut rte_flow_error) -> P;
        // SAFETY: 22.11's actions_template_create slot.
        let f: Fn = unsafe { std::mem::transmute(f) };
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, attr, actions, masks, error) };
        if r.is_null() {
            flow_err(port_id, -rte_eal::tls::errno(), error);
        }
        r
    })
}

/// Creates a template table (flow engine configured first).
///
/// # Safety
/// Pointers as 22.11 documents them.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_template_table_create(
    port_id: u16,
    attr: C,
    pts: P,
    nb_pts: u8,
    ats: P,
    nb_ats: u8,
    error: *mut rte_flow_error,
) -> P {
    const F: &str = "rte_flow_template_table_create";
    guard(F, ptr::null_mut(), || {
        let args = [
            (attr.is_null(), "table attr is NULL"),
            (pts.is_null(), "pattern templates is NULL"),
            (ats.is_null(), "actions templates is NULL"),
        ];
        let Some((dev, table)) = template_front(F, port_id, &args, error) else { return ptr::null_mut() };
        let Ok(f) = slot_or_enotsup(table, flow_slot::TEMPLATE_TABLE_CREATE, error) else { return ptr::null_mut() };
        type Fn = unsafe extern "C" fn(*mut rte_eth_dev, C, P, u8, P, u8, *mut rte_flow_error) -> P;
        // SAFETY: 22.11's template_table_create slot.
        let f: Fn = unsafe { std::mem::transmute(f) };
        // SAFETY: a live port; the caller's arguments.
        let r = unsafe { f(dev, attr, pts, nb_pts, ats, nb_ats, error) };
        if r.is_null() {
            flow_err(port_id, -rte_eal::tls::errno(), error);
        }
        r
    })
}

/// Destroys a template or table through `slot`; NULL is a no-op.
fn template_destroy(func: &str, port: u16, slot: usize, obj: P, error: *mut rte_flow_error) -> c_int {
    let (dev, table) = match family_ops(Family::Flow, func, port, error) {
        Ok(v) => v,
        Err(e) => return e,
    };
    if obj.is_null() {
        return 0;
    }
    let f = match slot_or_enotsup(table, slot, error) {
        Ok(f) => f,
        Err(e) => return e,
    };
    type Fn = unsafe extern "C" fn(*mut rte_eth_dev, P, *mut rte_flow_error) -> c_int;
    // SAFETY: 22.11's *_destroy slots: (dev, object, error).
    let f: Fn = unsafe { std::mem::transmute(f) };
    // SAFETY: a live port; the caller's object.
    flow_err(port, unsafe { f(dev, obj, error) }, error)
}

/// Destroys a pattern template (NULL: nothing to do).
///
/// # Safety
/// `t` from rte_flow_pattern_template_create or NULL; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_pattern_template_destroy(port_id: u16, t: P, error: *mut rte_flow_error) -> c_int {
    const F: &str = "rte_flow_pattern_template_destroy";
    guard(F, -libc::EFAULT, || template_destroy(F, port_id, flow_slot::PATTERN_TEMPLATE_DESTROY, t, error))
}

/// Destroys an actions template (NULL: nothing to do).
///
/// # Safety
/// `t` from rte_flow_actions_template_create or NULL; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_actions_template_destroy(port_id: u16, t: P, error: *mut rte_flow_error) -> c_int {
    const F: &str = "rte_flow_actions_template_destroy";
    guard(F, -libc::EFAULT, || template_destroy(F, port_id, flow_slot::ACTIONS_TEMPLATE_DESTROY, t, error))
}

/// Destroys a template table (NULL: nothing to do).
///
/// # Safety
/// `t` from rte_flow_template_table_create or NULL; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_flow_template_table_destroy(port_id: u16, t: P, error: *mut rte_flow_error) -> c_int {
    const F: &str = "rte_flow_template_table_destroy";
    guard(F, -libc::EFAULT, || template_destroy(F, port_id, flow_slot::TEMPLATE_TABLE_DESTROY, t, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(type_: c_int, spec: *const c_void, mask: *const c_void) -> rte_flow_item {
        rte_flow_item { type_, spec, last: ptr::null(), mask }
    }

    #[test]
    fn pattern_copy_sizes_and_pointers() {
        let eth = [0x11u8; 20];
        let ip = [0x22u8; 20];
        let mask = [0xffu8; 20];
        let pattern = [
            item(6, eth.as_ptr().cast(), mask.as_ptr().cast()),
            item(8, ip.as_ptr().cast(), ptr::null()),
            item(0, ptr::null(), ptr::null()),
        ];
        let mut buf = vec![0xa5u8; 512];
        // SAFETY: a pattern ending in END; NULL output of size 0.
        let need =
            unsafe { rte_flow_conv(conv_op::PATTERN, ptr::null_mut(), 0, pattern.as_ptr().cast(), ptr::null_mut()) };
        assert_eq!(need, 164); // 3 items, eth spec at 96, mask at 120, ipv4 at 144
                               // SAFETY: buf is writable for its length.
        let got = unsafe {
            rte_flow_conv(
                conv_op::PATTERN,
                buf.as_mut_ptr().cast(),
                buf.len(),
                pattern.as_ptr().cast(),
                ptr::null_mut(),
            )
        };
        assert_eq!(got, 164);
        let base = buf.as_ptr() as usize;
        // SAFETY: the copy starts with 3 items.
        let items = unsafe { std::slice::from_raw_parts(buf.as_ptr() as *const rte_flow_item, 3) };
        assert_eq!(items[0].spec as usize - base, 96);
        assert_eq!(items[0].mask as usize - base, 120);
        assert_eq!(items[1].spec as usize - base, 144);
        assert!(items[1].mask.is_null() && items[2].spec.is_null());
        assert_eq!(&buf[144..164], &ip[..]);
        assert_eq!(buf[164], 0xa5);
    }

    #[test]
    fn truncated_output_is_never_overrun() {
        let raw_pat = b"0123456789";
        let raw = rte_flow_item_raw { bits: 0, offset: 0, limit: 0, length: 10, pattern: raw_pat.as_ptr() };
        let pattern = [
            item(RTE_FLOW_ITEM_TYPE_RAW, (&raw as *const rte_flow_item_raw).cast(), ptr::null()),
            item(0, ptr::null(), ptr::null()),
        ];
        for size in 0..120 {
            let mut buf = vec![0x5au8; 128];
            // SAFETY: buf writable for `size` bytes (and more).
            let n = unsafe {
                rte_flow_conv(conv_op::PATTERN, buf.as_mut_ptr().cast(), size, pattern.as_ptr().cast(), ptr::null_mut())
            };
            assert_eq!(n, 64 + 24 + 10, "size {size}");
            assert!(buf[size..].iter().all(|b| *b == 0x5a), "wrote past {size}");
        }
    }

    #[test]
    fn unknown_types_and_names() {
        let mut e = rte_flow_error { type_: 0, cause: ptr::null(), message: ptr::null() };
        let bad = [item(59, ptr::null(), ptr::null()), item(0, ptr::null(), ptr::null())];
        // SAFETY: a pattern ending in END.
        let r = unsafe { rte_flow_conv(conv_op::PATTERN, ptr::null_mut(), 0, bad.as_ptr().cast(), &mut e) };
        assert_eq!(r, -libc::ENOTSUP);
        assert_eq!(e.type_, RTE_FLOW_ERROR_TYPE_ITEM);
        let mut name: *const c_char = ptr::null();
        // SAFETY: room for one pointer.
        let r = unsafe {
            rte_flow_conv(
                conv_op::ACTION_NAME_PTR,
                (&mut name as *mut *const c_char).cast(),
                8,
                9 as *const c_void,
                &mut e,
            )
        };
        assert_eq!(r, 8);
        // SAFETY: a static name.
        assert_eq!(unsafe { std::ffi::CStr::from_ptr(name) }, c"RSS");
        // SAFETY: NULL output of size 0.
        let r = unsafe { rte_flow_conv(conv_op::ITEM_NAME, ptr::null_mut(), 0, 61 as *const c_void, &mut e) };
        assert_eq!(r, -libc::EINVAL);
    }
}
