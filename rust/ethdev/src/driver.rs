//! The driver side (`ethdev_driver.h`): port allocation and release, the
//! probing handshake, link state words, DMA zones.

use std::ffi::{c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};

use rte_abi::ethdev::*;

use crate::{callbacks, set_cname, tables, Error, Result};

fn find_by_name(name: &[u8]) -> Option<u16> {
    let t = tables();
    (0..RTE_MAX_ETHPORTS).find_map(|p| {
        // SAFETY: p in bounds; data is set for allocated ports only.
        unsafe {
            let d = (*t.devs.add(p)).data;
            (!d.is_null() && crate::cname(&(*d).name) == name).then_some(p as u16)
        }
    })
}

/// `rte_eth_dev_allocated`: the slot holding a port of that name.
pub fn allocated(name: &CStr) -> Option<*mut rte_eth_dev> {
    let _g = crate::ctrl();
    find_by_name(name.to_bytes()).and_then(crate::slot)
}

/// `rte_eth_dev_allocate`: a free slot with its data zeroed, named, and
/// MTU 1500. The port becomes visible at [`probing_finish`].
pub fn allocate(name: &CStr) -> Result<*mut rte_eth_dev> {
    let n = name.to_bytes();
    if n.is_empty() || n.len() >= RTE_ETH_NAME_MAX_LEN {
        return Err(Error::Invalid(format!("port name '{}' empty or too long", name.to_string_lossy())));
    }
    let _g = crate::ctrl();
    if find_by_name(n).is_some() {
        return Err(Error::Invalid(format!("ethdev with name {} already allocated", name.to_string_lossy())));
    }
    let t = tables();
    // SAFETY: indices in bounds; free slots are recognised by an empty name.
    let port = (0..RTE_MAX_ETHPORTS)
        .find(|&p| unsafe { (*t.data.add(p)).name[0] == 0 && (*t.devs.add(p)).state == RTE_ETH_DEV_UNUSED })
        .ok_or_else(|| Error::NoSpace(format!("reached the maximum of {RTE_MAX_ETHPORTS} ethernet ports")))?;
    // SAFETY: the slot and its data are free and ours under the lock.
    unsafe {
        let dd = t.data.add(port);
        ptr::write_bytes(dd, 0, 1);
        set_cname(&mut (*dd).name, n);
        (*dd).port_id = port as u16;
        (*dd).mtu = RTE_ETHER_MTU;
        (*dd).numa_node = -1;
        libc::pthread_mutex_init(ptr::addr_of_mut!((*dd).flow_ops_mutex) as *mut libc::pthread_mutex_t, ptr::null());
        let d = t.devs.add(port);
        (*d).data = dd;
        Ok(d)
    }
}

/// `rte_eth_dev_probing_finish`: RTE_ETH_EVENT_NEW, then the port is
/// ATTACHED.
///
/// # Safety
/// `d` must be a slot from [`allocate`].
pub unsafe fn probing_finish(d: *mut rte_eth_dev) {
    // SAFETY: caller's contract.
    let port = unsafe { (*(*d).data).port_id };
    callbacks::process(port, RTE_ETH_EVENT_NEW, 0);
    let _g = crate::ctrl();
    // SAFETY: caller's contract.
    unsafe { ptr::write_volatile(&mut (*d).state, RTE_ETH_DEV_ATTACHED) };
}

/// `rte_eth_dev_release_port`: RTE_ETH_EVENT_DESTROY, fast path reset,
/// slot freed; dev_private, mac_addrs and hash_mac_addrs are freed with
/// `rte_free` unless the driver cleared them.
///
/// # Safety
/// `d` must be a slot of `rte_eth_devices`.
pub unsafe fn release_port(d: *mut rte_eth_dev) -> Result<()> {
    if d.is_null() {
        return Err(Error::Invalid("NULL ethdev".into()));
    }
    let t = tables();
    let port = ((d as usize - t.devs as usize) / std::mem::size_of::<rte_eth_dev>()) as u16;
    // SAFETY: caller's contract.
    if unsafe { (*d).state } != RTE_ETH_DEV_UNUSED {
        callbacks::process(port, RTE_ETH_EVENT_DESTROY, 0);
    }
    let mut g = crate::ctrl();
    crate::api::fp_release(port);
    // SAFETY: the slot is ours under the lock; heap blocks are freed only
    // when the EAL heap recognises them.
    unsafe {
        ptr::write_volatile(&mut (*d).state, RTE_ETH_DEV_UNUSED);
        let dd = (*d).data;
        if !dd.is_null() {
            for p in [(*dd).dev_private, (*dd).mac_addrs as *mut c_void, (*dd).hash_mac_addrs as *mut c_void] {
                if !p.is_null() {
                    let _ = rte_mem::malloc::free(p as *mut u8);
                }
            }
            for a in [(*dd).rx_queues, (*dd).tx_queues] {
                if !a.is_null() {
                    libc::free(a as *mut c_void);
                }
            }
            ptr::write_bytes(dd, 0, 1);
        }
        (*d).data = ptr::null_mut();
        (*d).dev_ops = ptr::null();
        (*d).device = ptr::null_mut();
        (*d).intr_handle = ptr::null_mut();
        (*d).rx_pkt_burst = None;
        (*d).tx_pkt_burst = None;
        (*d).tx_pkt_prepare = None;
        (*d).rx_queue_count = None;
        (*d).rx_descriptor_status = None;
        (*d).tx_descriptor_status = None;
        (*d).process_private = ptr::null_mut();
        (*d).security_ctx = ptr::null_mut();
    }
    g.events.retain(|c| c.port != port || c.active > 0);
    Ok(())
}

/// The link word, read atomically (as the 22.11 inline function does).
///
/// # Safety
/// `d` must be a slot with data.
pub unsafe fn linkstatus_get(d: *mut rte_eth_dev) -> rte_eth_link {
    // SAFETY: dev_link is an 8-byte aligned word; C writes it with 64-bit
    // atomics (rte_eth_linkstatus_set).
    let w = unsafe { &*(ptr::addr_of_mut!((*(*d).data).dev_link) as *const AtomicU64) };
    // ORDERING: SeqCst, as the reference's inline get/set pair.
    link_from_word(w.load(Ordering::SeqCst))
}

/// The link from its 64-bit word (little endian: speed in the low half,
/// the duplex/autoneg/status bits in the next 16 bits).
pub fn link_from_word(v: u64) -> rte_eth_link {
    rte_eth_link { link_speed: v as u32, bits: (v >> 32) as u16 & 7 }
}

/// The 64-bit word of a link (padding zero).
pub fn link_to_word(l: rte_eth_link) -> u64 {
    l.link_speed as u64 | ((l.bits as u64 & 7) << 32)
}

/// Stores the link word; returns whether the up/down status changed.
///
/// # Safety
/// `d` must be a slot with data.
pub unsafe fn linkstatus_set(d: *mut rte_eth_dev, l: rte_eth_link) -> bool {
    // SAFETY: as linkstatus_get.
    let w = unsafe { &*(ptr::addr_of_mut!((*(*d).data).dev_link) as *const AtomicU64) };
    // ORDERING: SeqCst, pairs with linkstatus_get and the C inline reader.
    let old = link_from_word(w.swap(link_to_word(l), Ordering::SeqCst));
    (old.bits & LINK_BIT_STATUS) != (l.bits & LINK_BIT_STATUS)
}

fn zone_name(d: *const rte_eth_dev, name: &CStr, q: u16) -> Result<std::ffi::CString> {
    // SAFETY: d is a live slot (caller's contract upstream).
    let port = unsafe { (*(*d).data).port_id };
    let s = format!("eth_p{}_q{}_{}", port, q, name.to_string_lossy());
    if s.len() >= 32 {
        return Err(Error::Invalid(format!("memzone name '{s}' too long")));
    }
    Ok(std::ffi::CString::new(s).expect("no NUL inside"))
}

/// `rte_eth_dma_zone_reserve`: the zone `eth_p<port>_q<queue>_<name>`,
/// reused when it already exists and fits.
///
/// # Safety
/// `d` must be a live port slot.
pub unsafe fn dma_zone_reserve(
    d: *const rte_eth_dev,
    name: &CStr,
    q: u16,
    size: usize,
    align: u32,
    socket: i32,
) -> Result<*const rte_abi::memory::rte_memzone> {
    let zn = zone_name(d, name, q)?;
    if let Some(mz) = rte_mem::memzone::lookup(&zn) {
        // SAFETY: a live memzone descriptor.
        let (len, sock, iova) = unsafe { ((*mz).len, (*mz).socket_id, (*mz).iova) };
        if len < size || (socket >= 0 && sock != socket) || (align != 0 && iova % align as u64 != 0) {
            return Err(Error::Invalid(format!("memzone {} exists but does not fit", zn.to_string_lossy())));
        }
        return Ok(mz);
    }
    rte_mem::memzone::reserve(&zn, size, socket, socket, 0x0010_0000, align, 0)
        .map_err(|e| Error::Invalid(format!("memzone {}: {e:?}", zn.to_string_lossy())))
}

/// `rte_eth_dma_zone_free`.
///
/// # Safety
/// `d` must be a live port slot.
pub unsafe fn dma_zone_free(d: *const rte_eth_dev, name: &CStr, q: u16) -> Result<()> {
    let zn = zone_name(d, name, q)?;
    let mz =
        rte_mem::memzone::lookup(&zn).ok_or_else(|| Error::NotFound(format!("no memzone {}", zn.to_string_lossy())))?;
    rte_mem::memzone::free(mz).map_err(|e| Error::Invalid(format!("{e:?}")))
}
