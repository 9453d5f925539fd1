//! `rte_mtr.h`: traffic metering and policing. Each call reaches the PMD's
//! `struct rte_mtr_ops` through `eth_dev_ops.mtr_ops_get`; a port whose PMD
//! has none reports ENOSYS in `struct rte_mtr_error`, as 22.11 does.

use std::ffi::{c_int, c_void};
use std::ptr;

use rte_abi::ethdev::rte_eth_dev;
use rte_abi::flow::rte_flow_error;

use super::rte_flow::{family_op, guard, Family};

/// `struct rte_mtr_error` (same layout as `rte_flow_error`).
type Err = rte_flow_error;
type P = *mut c_void;

macro_rules! mtr_fn {
    ($(#[$m:meta])* int $name:ident [$slot:expr] ($($p:ident : $t:ty),*)) => {
        $(#[$m])*
        ///
        /// # Safety
        /// Pointers as 22.11 documents them; they go to the driver unchanged.
        #[no_mangle]
        pub unsafe extern "C" fn $name(port_id: u16, $($p: $t,)* error: *mut Err) -> c_int {
            guard(stringify!($name), -libc::EFAULT, || {
                let (dev, f) = match family_op(Family::Mtr, stringify!($name), port_id, $slot, error, libc::ENOSYS) {
                    Ok(v) => v,
                    Err(e) => return e,
                };
                // SAFETY: this slot of 22.11's rte_mtr_ops has this signature.
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
                let Ok((dev, f)) = family_op(Family::Mtr, stringify!($name), port_id, $slot, error, libc::ENOSYS) else {
                    return ptr::null_mut();
                };
                // SAFETY: this slot of 22.11's rte_mtr_ops has this signature.
                let f: unsafe extern "C" fn(*mut rte_eth_dev, $($t,)* *mut Err) -> *mut c_void = unsafe { std::mem::transmute(f) };
                // SAFETY: a live port; the caller's arguments.
                unsafe { f(dev, $($p,)* error) }
            })
        }
    };
}

mtr_fn!(/// Meter capabilities of the port.
    int rte_mtr_capabilities_get [0] (cap: P));

mtr_fn!(/// Adds a meter profile.
    int rte_mtr_meter_profile_add [1] (meter_profile_id: u32, profile: P));

mtr_fn!(/// Deletes a meter profile.
    int rte_mtr_meter_profile_delete [2] (meter_profile_id: u32));

mtr_fn!(/// Creates a meter object.
    int rte_mtr_create [3] (mtr_id: u32, params: P, shared: c_int));

mtr_fn!(/// Destroys a meter object.
    int rte_mtr_destroy [4] (mtr_id: u32));

mtr_fn!(/// Enables a meter.
    int rte_mtr_meter_enable [5] (mtr_id: u32));

mtr_fn!(/// Disables a meter.
    int rte_mtr_meter_disable [6] (mtr_id: u32));

mtr_fn!(/// Changes a meter's profile.
    int rte_mtr_meter_profile_update [7] (mtr_id: u32, meter_profile_id: u32));

mtr_fn!(/// Updates the DSCP table.
    int rte_mtr_meter_dscp_table_update [8] (mtr_id: u32, proto: c_int, dscp_table: P));

mtr_fn!(/// Updates the VLAN table.
    int rte_mtr_meter_vlan_table_update [9] (mtr_id: u32, proto: c_int, vlan_table: P));

mtr_fn!(/// Sets an input color protocol.
    int rte_mtr_color_in_protocol_set [10] (mtr_id: u32, proto: c_int, priority: u32));

mtr_fn!(/// Gets the input color protocols.
    int rte_mtr_color_in_protocol_get [11] (mtr_id: u32, proto_mask: *mut u64));

mtr_fn!(/// Gets an input color protocol's priority.
    int rte_mtr_color_in_protocol_priority_get [12] (mtr_id: u32, proto: c_int, priority: *mut u32));

mtr_fn!(/// Selects the enabled statistics.
    int rte_mtr_stats_update [13] (mtr_id: u32, stats_mask: u64));

mtr_fn!(/// Reads a meter's statistics.
    int rte_mtr_stats_read [14] (mtr_id: u32, stats: P, stats_mask: *mut u64, clear: c_int));

mtr_fn!(/// Checks a meter policy.
    int rte_mtr_meter_policy_validate [15] (policy: P));

mtr_fn!(/// Adds a meter policy.
    int rte_mtr_meter_policy_add [16] (policy_id: u32, policy: P));

mtr_fn!(/// Deletes a meter policy.
    int rte_mtr_meter_policy_delete [17] (policy_id: u32));

mtr_fn!(/// Changes a meter's policy.
    int rte_mtr_meter_policy_update [18] (mtr_id: u32, meter_policy_id: u32));

mtr_fn!(/// A meter profile's handle.
    ptr rte_mtr_meter_profile_get [19] (meter_profile_id: u32));

mtr_fn!(/// A meter policy's handle.
    ptr rte_mtr_meter_policy_get [20] (policy_id: u32));
