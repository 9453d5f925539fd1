//! `rte_tm.h`: traffic management. Each call reaches the PMD's
//! `struct rte_tm_ops` through `eth_dev_ops.tm_ops_get`; a port whose PMD
//! has none reports ENOSYS in `struct rte_tm_error`, as 22.11 does.

use std::ffi::{c_int, c_void};
use std::ptr;

use rte_abi::ethdev::rte_eth_dev;
use rte_abi::flow::rte_flow_error;

use super::rte_flow::{family_op, guard, Family};

/// `struct rte_tm_error` (same layout as `rte_flow_error`).
type Err = rte_flow_error;
type P = *mut c_void;

macro_rules! tm_fn {
    ($(#[$m:meta])* int $name:ident [$slot:expr] ($($p:ident : $t:ty),*)) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Pointers as 22.11 documents them; they go to the driver unchanged.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($p: $t,)* error: *mut Err) -> c_int {
            guard(stringify!($name), -libc::EFAULT, || {
                let (dev, f) = match family_op(Family::Tm, stringify!($name), port_id, $slot, error, libc::ENOSYS) {
                    Ok(v) => v,
                    Err(e) => return e,
                };
                // SAFETY: this slot of 22.11's rte_tm_ops has this signature.
                let f: unsafe extern "C" fn(*mut rte_eth_dev, $($t,)* *mut Err) -> c_int = unsafe { std::mem::transmute(f) };
                // SAFETY: a live port; the caller's arguments.
                unsafe { f(dev, $($p,)* error) }
            })
        }
    };
    ($(#[$m:meta])* ptr $name:ident [$slot:expr] ($($p:ident : $t:ty),*)) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Pointers as 22.11 documents them; they go to the driver unchanged.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($p: $t,)* error: *mut Err) -> *mut c_void {
            guard(stringify!($name), ptr::null_mut(), || {
                let Ok((dev, f)) = family_op(Family::Tm, stringify!($name), port_id, $slot, error, libc::ENOSYS) else {
                    return ptr::null_mut();
                };
                // SAFETY: this slot of 22.11's rte_tm_ops has this signature.
                let f: unsafe extern "C" fn(*mut rte_eth_dev, $($t,)* *mut Err) -> *mut c_void = unsafe { std::mem::transmute(f) };
                // SAFETY: a live port; the caller's arguments.
                unsafe { f(dev, $($p,)* error) }
            })
        }
    };
}

tm_fn!(/// Whether a node is a leaf.
    int rte_tm_node_type_get [0] (node_id: u32, is_leaf: *mut c_int));

tm_fn!(/// Traffic manager capabilities.
    int rte_tm_capabilities_get [1] (cap: P));

tm_fn!(/// Capabilities of a hierarchy level.
    int rte_tm_level_capabilities_get [2] (level_id: u32, cap: P));

tm_fn!(/// Capabilities of a node.
    int rte_tm_node_capabilities_get [3] (node_id: u32, cap: P));

tm_fn!(/// Adds a WRED profile.
    int rte_tm_wred_profile_add [4] (wred_profile_id: u32, profile: P));

tm_fn!(/// Deletes a WRED profile.
    int rte_tm_wred_profile_delete [5] (wred_profile_id: u32));

tm_fn!(/// Adds a shaper profile.
    int rte_tm_shaper_profile_add [8] (shaper_profile_id: u32, profile: P));

tm_fn!(/// Deletes a shaper profile.
    int rte_tm_shaper_profile_delete [9] (shaper_profile_id: u32));

tm_fn!(/// Adds or updates a shared shaper.
    int rte_tm_shared_shaper_add_update [10] (shared_shaper_id: u32, shaper_profile_id: u32));

tm_fn!(/// Deletes a shared shaper.
    int rte_tm_shared_shaper_delete [11] (shared_shaper_id: u32));

tm_fn!(/// Adds a node.
    int rte_tm_node_add [12] (node_id: u32, parent_node_id: u32, priority: u32, weight: u32, level_id: u32, params: P));

tm_fn!(/// Deletes a node.
    int rte_tm_node_delete [13] (node_id: u32));

tm_fn!(/// Suspends a node.
    int rte_tm_node_suspend [14] (node_id: u32));

tm_fn!(/// Resumes a node.
    int rte_tm_node_resume [15] (node_id: u32));

tm_fn!(/// Commits the hierarchy.
    int rte_tm_hierarchy_commit [16] (clear_on_fail: c_int));

tm_fn!(/// Moves a node.
    int rte_tm_node_parent_update [17] (node_id: u32, parent_node_id: u32, priority: u32, weight: u32));

tm_fn!(/// Changes a node's shaper.
    int rte_tm_node_shaper_update [18] (node_id: u32, shaper_profile_id: u32));

tm_fn!(/// Attaches or detaches a shared shaper.
    int rte_tm_node_shared_shaper_update [19] (node_id: u32, shared_shaper_id: u32, add: c_int));

tm_fn!(/// Selects a node's statistics.
    int rte_tm_node_stats_update [20] (node_id: u32, stats_mask: u64));

tm_fn!(/// Changes WFQ weight modes.
    int rte_tm_node_wfq_weight_mode_update [21] (node_id: u32, wfq_weight_mode: *mut c_int, n_sp_priorities: u32));

tm_fn!(/// Changes a node's congestion management.
    int rte_tm_node_cman_update [22] (node_id: u32, cman: c_int));

tm_fn!(/// Changes a node's WRED context.
    int rte_tm_node_wred_context_update [23] (node_id: u32, wred_profile_id: u32));

tm_fn!(/// Reads a node's statistics.
    int rte_tm_node_stats_read [25] (node_id: u32, stats: P, stats_mask: *mut u64, clear: c_int));

tm_fn!(/// VLAN DEI packet marking.
    int rte_tm_mark_vlan_dei [26] (mark_green: c_int, mark_yellow: c_int, mark_red: c_int));

tm_fn!(/// IP ECN packet marking.
    int rte_tm_mark_ip_ecn [27] (mark_green: c_int, mark_yellow: c_int, mark_red: c_int));

tm_fn!(/// IP DSCP packet marking.
    int rte_tm_mark_ip_dscp [28] (mark_green: c_int, mark_yellow: c_int, mark_red: c_int));

tm_fn!(/// Adds or updates a shared WRED context.
    int rte_tm_shared_wred_context_add_update [6] (shared_wred_context_id: u32, wred_profile_id: u32));

tm_fn!(/// Deletes a shared WRED context.
    int rte_tm_shared_wred_context_delete [7] (shared_wred_context_id: u32));

tm_fn!(/// Attaches or detaches a shared WRED context.
    int rte_tm_node_shared_wred_context_update [24] (node_id: u32, shared_wred_context_id: u32, add: c_int));

/// Number of leaf nodes: the port's Tx queue count (after checking that
/// the PMD has TM operations, as 22.11 does).
///
/// # Safety
/// `n_leaf_nodes` writable; `error` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_tm_get_number_of_leaf_nodes(
    port_id: u16,
    n_leaf_nodes: *mut u32,
    error: *mut Err,
) -> c_int {
    guard("rte_tm_get_number_of_leaf_nodes", -libc::EFAULT, || {
        let (dev, _) = match super::rte_flow::family_ops(Family::Tm, "rte_tm_get_number_of_leaf_nodes", port_id, error)
        {
            Ok(v) => v,
            Err(e) => return e,
        };
        if n_leaf_nodes.is_null() {
            rte_eal::rte_log!(ERR, EAL, "ETHDEV: rte_tm_get_number_of_leaf_nodes(): n_leaf_nodes is NULL\n");
            // SAFETY: error NULL or writable.
            return unsafe {
                super::rte_flow::set_error(
                    error,
                    libc::EINVAL,
                    rte_abi::flow::RTE_FLOW_ERROR_TYPE_UNSPECIFIED,
                    ptr::null(),
                    super::rte_flow::errmsg(libc::EINVAL),
                )
            };
        }
        // SAFETY: a live port (data set); the caller's out value.
        unsafe { *n_leaf_nodes = (*(*dev).data).nb_tx_queues as u32 };
        0
    })
}
