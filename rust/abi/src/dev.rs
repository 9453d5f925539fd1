//! Types of the device model: `rte_kvargs.h`, `rte_dev.h`, `rte_devargs.h`,
//! `rte_bus.h`, `rte_class.h`, `rte_bus_vdev.h`, and the driver-side
//! `dev_driver.h`, `bus_driver.h` and `bus_vdev_driver.h`, which Debian does
//! not install. The public structs are checked against `/usr/include/dpdk`
//! by `c-tests/layout`; the driver-side ones (`rte_device`, `rte_driver`,
//! `rte_bus`, `rte_vdev_device`, `rte_vdev_driver`) carry const assertions
//! of the 22.11 offsets, confirmed on the reference binaries (the accessors
//! `rte_dev_name`/`rte_dev_devargs`... of librte_eal.so.23 read offsets
//! 0x10..0x38 of `rte_device`; librte_bus_vdev.so.23's bus object holds its
//! `cleanup` pointer 0x88 bytes in, the last of 0x90).
//!
//! The TAILQ links are spelled as two pointers; the C headers write them with
//! `RTE_TAILQ_ENTRY`, which has the same layout.

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::mem::{offset_of, size_of};

/// Most pairs one `rte_kvargs` holds.
pub const RTE_KVARGS_MAX: usize = 32;
/// Longest device name, NUL included.
pub const RTE_DEV_NAME_MAX_LEN: usize = 64;

/// `TAILQ_ENTRY(T)`: forward pointer and address of the previous forward pointer.
#[repr(C)]
pub struct rte_tailq_link<T> {
    /// Next element.
    pub tqe_next: *mut T,
    /// Address of the previous element's `tqe_next`.
    pub tqe_prev: *mut *mut T,
}

/// `TAILQ_HEAD(, T)`.
#[repr(C)]
pub struct rte_tailq_list<T> {
    /// First element.
    pub tqh_first: *mut T,
    /// Address of the last element's `tqe_next`.
    pub tqh_last: *mut *mut T,
}

/// One `key=value` association.
#[repr(C)]
pub struct rte_kvargs_pair {
    /// The key.
    pub key: *mut c_char,
    /// The value (NULL for a key given without `=`).
    pub value: *mut c_char,
}

/// A parsed argument list.
#[repr(C)]
pub struct rte_kvargs {
    /// The modified copy of the argument string the pairs point into.
    pub str_: *mut c_char,
    /// Number of pairs.
    pub count: c_uint,
    /// The pairs.
    pub pairs: [rte_kvargs_pair; RTE_KVARGS_MAX],
}

/// `enum rte_dev_event_type`.
pub type rte_dev_event_type = c_int;
/// A device was added.
pub const RTE_DEV_EVENT_ADD: rte_dev_event_type = 0;
/// A device is being removed.
pub const RTE_DEV_EVENT_REMOVE: rte_dev_event_type = 1;
/// Count of device event types.
pub const RTE_DEV_EVENT_MAX: rte_dev_event_type = 2;

/// `enum rte_dev_policy`.
pub type rte_dev_policy = c_int;
/// Probing allowed.
pub const RTE_DEV_ALLOWED: rte_dev_policy = 0;
/// Probing blocked.
pub const RTE_DEV_BLOCKED: rte_dev_policy = 1;

/// `enum rte_devtype`.
pub type rte_devtype = c_int;
/// An allow-list entry (`-a`).
pub const RTE_DEVTYPE_ALLOWED: rte_devtype = 0;
/// A block-list entry (`-b`).
pub const RTE_DEVTYPE_BLOCKED: rte_devtype = 1;
/// A virtual device (`--vdev`).
pub const RTE_DEVTYPE_VIRTUAL: rte_devtype = 2;

/// `enum rte_bus_scan_mode`.
pub type rte_bus_scan_mode = c_int;
/// No allow or block list given.
pub const RTE_BUS_SCAN_UNDEFINED: rte_bus_scan_mode = 0;
/// Only allow-listed devices are probed.
pub const RTE_BUS_SCAN_ALLOWLIST: rte_bus_scan_mode = 1;
/// Block-listed devices are skipped.
pub const RTE_BUS_SCAN_BLOCKLIST: rte_bus_scan_mode = 2;

/// Device arguments: one `-a`/`-b`/`--vdev` string, split into its parts.
#[repr(C)]
pub struct rte_devargs {
    /// List links (EAL-internal).
    pub next: rte_tailq_link<rte_devargs>,
    /// `enum rte_devtype`.
    pub type_: rte_devtype,
    /// `enum rte_dev_policy`.
    pub policy: rte_dev_policy,
    /// Device name.
    pub name: [c_char; RTE_DEV_NAME_MAX_LEN],
    /// Driver part of the string (`args`, its legacy name, is the same field).
    pub drv_str: *const c_char,
    /// Bus handle.
    pub bus: *mut rte_bus,
    /// Class handle.
    pub cls: *mut rte_class,
    /// Bus part of the string.
    pub bus_str: *const c_char,
    /// Class part of the string.
    pub cls_str: *const c_char,
    /// The raw string the parts point into.
    pub data: *mut c_char,
}

/// A device driver.
#[repr(C)]
pub struct rte_driver {
    /// List links.
    pub next: rte_tailq_link<rte_driver>,
    /// Driver name.
    pub name: *const c_char,
    /// Another name it answers to.
    pub alias: *const c_char,
}

/// A device on some bus.
#[repr(C)]
pub struct rte_device {
    /// List links.
    pub next: rte_tailq_link<rte_device>,
    /// Device name.
    pub name: *const c_char,
    /// Bus-specific information.
    pub bus_info: *const c_char,
    /// Driver bound by probing (NULL before).
    pub driver: *const rte_driver,
    /// Bus, set by scan.
    pub bus: *const rte_bus,
    /// NUMA node.
    pub numa_node: c_int,
    /// Arguments of the latest probe.
    pub devargs: *mut rte_devargs,
}

/// `rte_dev_cmp_t`.
pub type rte_dev_cmp_t = Option<unsafe extern "C" fn(dev: *const rte_device, data: *const c_void) -> c_int>;
/// `rte_dev_iterate_t`.
pub type rte_dev_iterate_t = Option<
    unsafe extern "C" fn(start: *const c_void, devstr: *const c_char, it: *const rte_dev_iterator) -> *mut c_void,
>;
/// `rte_dev_event_cb_fn`.
pub type rte_dev_event_cb_fn =
    Option<unsafe extern "C" fn(device_name: *const c_char, event: rte_dev_event_type, cb_arg: *mut c_void)>;

/// Bus operations (`bus_driver.h`).
pub type rte_bus_scan_t = Option<unsafe extern "C" fn() -> c_int>;
/// Probes every device of the bus.
pub type rte_bus_probe_t = Option<unsafe extern "C" fn() -> c_int>;
/// Finds a device after `start` for which `cmp` answers 0.
pub type rte_bus_find_device_t =
    Option<unsafe extern "C" fn(start: *const rte_device, cmp: rte_dev_cmp_t, data: *const c_void) -> *mut rte_device>;
/// Probes one device.
pub type rte_bus_plug_t = Option<unsafe extern "C" fn(dev: *mut rte_device) -> c_int>;
/// Removes one device from its driver.
pub type rte_bus_unplug_t = Option<unsafe extern "C" fn(dev: *mut rte_device) -> c_int>;
/// Checks (and converts) a device name.
pub type rte_bus_parse_t = Option<unsafe extern "C" fn(name: *const c_char, addr: *mut c_void) -> c_int>;
/// Parses the bus part of devargs.
pub type rte_bus_devargs_parse_t = Option<unsafe extern "C" fn(da: *mut rte_devargs) -> c_int>;
/// Maps memory for DMA by a device.
pub type rte_dev_dma_map_t =
    Option<unsafe extern "C" fn(dev: *mut rte_device, addr: *mut c_void, iova: u64, len: usize) -> c_int>;
/// Unmaps DMA memory.
pub type rte_dev_dma_unmap_t = rte_dev_dma_map_t;
/// The IOVA mode the bus's devices need (`enum rte_iova_mode`).
pub type rte_bus_get_iommu_class_t = Option<unsafe extern "C" fn() -> c_int>;
/// Iterates the bus's devices matching a filter string.
pub type rte_bus_dev_iterate_t = rte_dev_iterate_t;
/// Handles a hot-unplugged device.
pub type rte_bus_hot_unplug_handler_t = Option<unsafe extern "C" fn(dev: *mut rte_device) -> c_int>;
/// Handles SIGBUS on device memory.
pub type rte_bus_sigbus_handler_t = Option<unsafe extern "C" fn(failure_addr: *const c_void) -> c_int>;
/// Removes every device at EAL cleanup.
pub type rte_bus_cleanup_t = Option<unsafe extern "C" fn() -> c_int>;
/// `rte_bus_cmp_t`.
pub type rte_bus_cmp_t = Option<unsafe extern "C" fn(bus: *const rte_bus, data: *const c_void) -> c_int>;
/// `rte_class_cmp_t`.
pub type rte_class_cmp_t = Option<unsafe extern "C" fn(cls: *const rte_class, data: *const c_void) -> c_int>;

/// Bus configuration.
#[repr(C)]
pub struct rte_bus_conf {
    /// `enum rte_bus_scan_mode`.
    pub scan_mode: rte_bus_scan_mode,
}

/// A bus (`bus_driver.h`, 22.11 layout: 144 bytes).
#[repr(C)]
pub struct rte_bus {
    /// List links.
    pub next: rte_tailq_link<rte_bus>,
    /// Bus name.
    pub name: *const c_char,
    /// Scan.
    pub scan: rte_bus_scan_t,
    /// Probe.
    pub probe: rte_bus_probe_t,
    /// Find a device.
    pub find_device: rte_bus_find_device_t,
    /// Probe one device.
    pub plug: rte_bus_plug_t,
    /// Remove one device.
    pub unplug: rte_bus_unplug_t,
    /// Parse a device name.
    pub parse: rte_bus_parse_t,
    /// Parse the bus part of devargs.
    pub devargs_parse: rte_bus_devargs_parse_t,
    /// DMA map.
    pub dma_map: rte_dev_dma_map_t,
    /// DMA unmap.
    pub dma_unmap: rte_dev_dma_unmap_t,
    /// Configuration.
    pub conf: rte_bus_conf,
    /// IOVA mode of the bus.
    pub get_iommu_class: rte_bus_get_iommu_class_t,
    /// Device iterator.
    pub dev_iterate: rte_bus_dev_iterate_t,
    /// Hot-unplug handler.
    pub hot_unplug_handler: rte_bus_hot_unplug_handler_t,
    /// SIGBUS handler.
    pub sigbus_handler: rte_bus_sigbus_handler_t,
    /// Cleanup at EAL cleanup.
    pub cleanup: rte_bus_cleanup_t,
}

/// A device class (`rte_class.h`).
#[repr(C)]
pub struct rte_class {
    /// List links.
    pub next: rte_tailq_link<rte_class>,
    /// Class name.
    pub name: *const c_char,
    /// Device iterator.
    pub dev_iterate: rte_dev_iterate_t,
}

/// Iteration state of `rte_dev_iterator_init`/`_next`.
#[repr(C)]
pub struct rte_dev_iterator {
    /// The whole filter string.
    pub dev_str: *const c_char,
    /// Its bus part.
    pub bus_str: *const c_char,
    /// Its class part.
    pub cls_str: *const c_char,
    /// Bus being iterated.
    pub bus: *mut rte_bus,
    /// Class filter.
    pub cls: *mut rte_class,
    /// Current device.
    pub device: *mut rte_device,
    /// Current class device (an `rte_eth_dev` for class `eth`).
    pub class_device: *mut c_void,
}

/// A virtual device (`bus_vdev_driver.h`).
#[repr(C)]
pub struct rte_vdev_device {
    /// List links.
    pub next: rte_tailq_link<rte_vdev_device>,
    /// The generic device.
    pub device: rte_device,
}

/// Probe or remove callback of a vdev driver.
pub type rte_vdev_probe_t = Option<unsafe extern "C" fn(dev: *mut rte_vdev_device) -> c_int>;
/// Remove callback of a vdev driver.
pub type rte_vdev_remove_t = rte_vdev_probe_t;
/// DMA (un)map callback of a vdev driver.
pub type rte_vdev_dma_map_t =
    Option<unsafe extern "C" fn(dev: *mut rte_vdev_device, addr: *mut c_void, iova: u64, len: usize) -> c_int>;
/// The driver needs IOVA as VA.
pub const RTE_VDEV_DRV_NEED_IOVA_AS_VA: u32 = 1;

/// A virtual device driver.
#[repr(C)]
pub struct rte_vdev_driver {
    /// List links.
    pub next: rte_tailq_link<rte_vdev_driver>,
    /// The generic driver (name, alias).
    pub driver: rte_driver,
    /// Probe.
    pub probe: rte_vdev_probe_t,
    /// Remove.
    pub remove: rte_vdev_remove_t,
    /// DMA map.
    pub dma_map: rte_vdev_dma_map_t,
    /// DMA unmap.
    pub dma_unmap: rte_vdev_dma_map_t,
    /// `RTE_VDEV_DRV_*` flags.
    pub drv_flags: u32,
}

/// `rte_vdev_scan_callback`.
pub type rte_vdev_scan_callback = Option<unsafe extern "C" fn(user_arg: *mut c_void)>;

const _: () = {
    assert!(size_of::<rte_kvargs_pair>() == 16);
    assert!(
        size_of::<rte_kvargs>() == 528 && offset_of!(rte_kvargs, count) == 8 && offset_of!(rte_kvargs, pairs) == 16
    );
    assert!(size_of::<rte_devargs>() == 136);
    assert!(offset_of!(rte_devargs, type_) == 16 && offset_of!(rte_devargs, policy) == 20);
    assert!(offset_of!(rte_devargs, name) == 24 && offset_of!(rte_devargs, drv_str) == 88);
    assert!(offset_of!(rte_devargs, bus) == 96 && offset_of!(rte_devargs, cls) == 104);
    assert!(offset_of!(rte_devargs, bus_str) == 112 && offset_of!(rte_devargs, cls_str) == 120);
    assert!(offset_of!(rte_devargs, data) == 128);
    assert!(size_of::<rte_driver>() == 32 && offset_of!(rte_driver, name) == 16 && offset_of!(rte_driver, alias) == 24);
    assert!(size_of::<rte_device>() == 64);
    assert!(offset_of!(rte_device, name) == 0x10 && offset_of!(rte_device, bus_info) == 0x18);
    assert!(offset_of!(rte_device, driver) == 0x20 && offset_of!(rte_device, bus) == 0x28);
    assert!(offset_of!(rte_device, numa_node) == 0x30 && offset_of!(rte_device, devargs) == 0x38);
    assert!(size_of::<rte_bus>() == 0x90 && offset_of!(rte_bus, name) == 0x10 && offset_of!(rte_bus, scan) == 0x18);
    assert!(offset_of!(rte_bus, parse) == 0x40 && offset_of!(rte_bus, devargs_parse) == 0x48);
    assert!(offset_of!(rte_bus, conf) == 0x60 && offset_of!(rte_bus, get_iommu_class) == 0x68);
    assert!(offset_of!(rte_bus, dev_iterate) == 0x70 && offset_of!(rte_bus, cleanup) == 0x88);
    assert!(size_of::<rte_class>() == 32 && offset_of!(rte_class, dev_iterate) == 24);
    assert!(size_of::<rte_dev_iterator>() == 56 && offset_of!(rte_dev_iterator, class_device) == 48);
    assert!(size_of::<rte_vdev_device>() == 80 && offset_of!(rte_vdev_device, device) == 16);
    assert!(size_of::<rte_vdev_driver>() == 88 && offset_of!(rte_vdev_driver, driver) == 16);
    assert!(offset_of!(rte_vdev_driver, probe) == 48 && offset_of!(rte_vdev_driver, drv_flags) == 80);
};
