//! Types of `rte_epoll.h`, `rte_interrupts.h` and `rte_alarm.h`. The
//! interrupt handle itself is opaque in 22.11 (accessor functions only), so
//! its layout is ours.

use core::ffi::{c_int, c_void};
use core::mem::{offset_of, size_of};

/// Add an fd to an epoll instance (`rte_intr_rx_ctl`).
pub const RTE_INTR_EVENT_ADD: u64 = 1;
/// Remove it.
pub const RTE_INTR_EVENT_DEL: u64 = 2;
/// Use the calling thread's own epoll instance.
pub const RTE_EPOLL_PER_THREAD: c_int = -1;
/// An unused `rte_epoll_event`.
pub const RTE_EPOLL_INVALID: u32 = 0;
/// A registered `rte_epoll_event`.
pub const RTE_EPOLL_VALID: u32 = 1;
/// An event whose callback is running.
pub const RTE_EPOLL_EXEC: u32 = 2;
/// Most Rx/Tx interrupt vectors.
pub const RTE_MAX_RXTX_INTR_VEC_ID: u32 = 512;
/// Vector of the non-queue interrupt.
pub const RTE_INTR_VEC_ZERO_OFFSET: u32 = 0;
/// First queue interrupt vector.
pub const RTE_INTR_VEC_RXTX_OFFSET: u32 = 1;
/// `rte_intr_instance_alloc` flag: memory from the process heap.
pub const RTE_INTR_INSTANCE_F_PRIVATE: u32 = 0;
/// `rte_intr_instance_alloc` flag: memory shared between processes.
pub const RTE_INTR_INSTANCE_F_SHARED: u32 = 1;

/// `rte_intr_event_cb_t`.
pub type rte_intr_event_cb_t = Option<unsafe extern "C" fn(fd: c_int, arg: *mut c_void)>;
/// `rte_intr_callback_fn`.
pub type rte_intr_callback_fn = Option<unsafe extern "C" fn(cb_arg: *mut c_void)>;
/// `rte_eal_alarm_callback`.
pub type rte_eal_alarm_callback = Option<unsafe extern "C" fn(arg: *mut c_void)>;

/// Data attached to an `rte_epoll_event`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_epoll_data {
    /// epoll event mask.
    pub event: u32,
    /// User data.
    pub data: *mut c_void,
    /// Callback run when the fd fires.
    pub cb_fun: rte_intr_event_cb_t,
    /// Its argument.
    pub cb_arg: *mut c_void,
}

/// One fd registered with `rte_epoll_ctl`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rte_epoll_event {
    /// `RTE_EPOLL_*` status (written atomically).
    pub status: u32,
    /// The fd.
    pub fd: c_int,
    /// The epoll instance it belongs to.
    pub epfd: c_int,
    /// Its data.
    pub epdata: rte_epoll_data,
}

/// `enum rte_intr_handle_type`.
pub type rte_intr_handle_type = c_int;
/// Unknown.
pub const RTE_INTR_HANDLE_UNKNOWN: rte_intr_handle_type = 0;
/// UIO.
pub const RTE_INTR_HANDLE_UIO: rte_intr_handle_type = 1;
/// UIO INTx.
pub const RTE_INTR_HANDLE_UIO_INTX: rte_intr_handle_type = 2;
/// VFIO legacy.
pub const RTE_INTR_HANDLE_VFIO_LEGACY: rte_intr_handle_type = 3;
/// VFIO MSI.
pub const RTE_INTR_HANDLE_VFIO_MSI: rte_intr_handle_type = 4;
/// VFIO MSI-X.
pub const RTE_INTR_HANDLE_VFIO_MSIX: rte_intr_handle_type = 5;
/// Alarm.
pub const RTE_INTR_HANDLE_ALARM: rte_intr_handle_type = 6;
/// External.
pub const RTE_INTR_HANDLE_EXT: rte_intr_handle_type = 7;
/// Virtual device.
pub const RTE_INTR_HANDLE_VDEV: rte_intr_handle_type = 8;
/// Device event.
pub const RTE_INTR_HANDLE_DEV_EVENT: rte_intr_handle_type = 9;
/// VFIO request.
pub const RTE_INTR_HANDLE_VFIO_REQ: rte_intr_handle_type = 10;
/// Count of handle types.
pub const RTE_INTR_HANDLE_MAX: rte_intr_handle_type = 11;

const _: () = {
    assert!(size_of::<rte_epoll_data>() == 32 && offset_of!(rte_epoll_data, data) == 8);
    assert!(size_of::<rte_epoll_event>() == 48 && offset_of!(rte_epoll_event, epdata) == 16);
    assert!(offset_of!(rte_epoll_event, epfd) == 8);
};
