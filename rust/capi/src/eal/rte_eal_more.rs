//! The remaining EAL entry points dpdk-testpmd imports: multi-process IPC
//! (`rte_eal.h`: a primary without secondaries), thread-local keys
//! (`rte_thread.h`), the SIMD width (`rte_vect.h`), the hypervisor
//! (`rte_hypervisor.h`), `rte_drand` (`rte_random.h`), `rte_rtm_supported`,
//! and the internal helpers `eal_parse_sysfs_value`,
//! `rte_eal_primary_proc_alive` and `rte_firmware_read`.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::Mutex;

use rte_eal::{rte_log, Error};

use crate::boundary::{fail, set_errno};

// ---- Multi-process IPC --------------------------------------------------

/// Longest action name, terminator included (`RTE_MP_MAX_NAME_LEN`).
pub const RTE_MP_MAX_NAME_LEN: usize = 64;
/// Most file descriptors in one message.
pub const RTE_MP_MAX_FD_NUM: c_int = 8;
/// Most parameter bytes in one message.
pub const RTE_MP_MAX_PARAM_LEN: c_int = 256;

/// An IPC message (`struct rte_mp_msg`).
#[repr(C)]
pub struct rte_mp_msg {
    /// Action name.
    pub name: [c_char; RTE_MP_MAX_NAME_LEN],
    /// Bytes used in `param`.
    pub len_param: c_int,
    /// Descriptors used in `fds`.
    pub num_fds: c_int,
    /// Payload.
    pub param: [u8; RTE_MP_MAX_PARAM_LEN as usize],
    /// Descriptors passed along.
    pub fds: [c_int; RTE_MP_MAX_FD_NUM as usize],
}

/// Replies gathered by a request (`struct rte_mp_reply`).
#[repr(C)]
pub struct rte_mp_reply {
    /// Peers the request went to.
    pub nb_sent: c_int,
    /// Replies received.
    pub nb_received: c_int,
    /// The replies (malloc'd array, freed by the caller).
    pub msgs: *mut rte_mp_msg,
}

const _: () = {
    assert!(size_of::<rte_mp_msg>() == 360);
    assert!(size_of::<rte_mp_reply>() == 16);
};

/// An action callback (`rte_mp_t`).
pub type rte_mp_t = Option<unsafe extern "C" fn(*const rte_mp_msg, *const c_void) -> c_int>;
/// An asynchronous reply callback (`rte_mp_async_reply_t`).
pub type rte_mp_async_reply_t = Option<unsafe extern "C" fn(*const rte_mp_msg, *const rte_mp_reply) -> c_int>;

/// Registered actions: name and callback (as an address).
static MP_ACTIONS: Mutex<Vec<(Vec<u8>, usize)>> = Mutex::new(Vec::new());
/// Set by `rte_mp_disable`.
static MP_DISABLED: AtomicBool = AtomicBool::new(false);

/// The bytes of an action name, checked as 22.11 does (EINVAL for NULL or
/// empty, E2BIG for one that does not fit with its terminator).
///
/// # Safety
/// `name` NULL or readable for up to RTE_MP_MAX_NAME_LEN bytes or a NUL.
unsafe fn mp_name(func: &str, name: *const c_char) -> Result<Vec<u8>, c_int> {
    if name.is_null() {
        fail(func, &Error::InvalidArgument("action name is NULL".into()), ());
        return Err(-1);
    }
    let mut n = Vec::new();
    for i in 0..RTE_MP_MAX_NAME_LEN {
        // SAFETY: within the caller's string (stopped at its NUL).
        let c = unsafe { *name.add(i) } as u8;
        if c == 0 {
            break;
        }
        n.push(c);
    }
    if n.is_empty() {
        fail(func, &Error::InvalidArgument("action name is empty".into()), ());
        return Err(-1);
    }
    if n.len() == RTE_MP_MAX_NAME_LEN {
        rte_log!(ERR, EAL, "EAL: {func}(): action name is too long (max {})\n", RTE_MP_MAX_NAME_LEN - 1);
        set_errno(libc::E2BIG);
        return Err(-1);
    }
    Ok(n)
}

/// Whether IPC is off: the EAL runs with --no-shconf or --in-memory (no
/// socket can be created), as 22.11 answers after init.
fn ipc_off() -> bool {
    rte_eal::init::with(|e| e.options.no_shconf || e.options.in_memory).unwrap_or(false)
}

/// Checks a message as 22.11 does before sending it: its name, then
/// `len_param` and `num_fds` (negative: EINVAL, over the maximum: E2BIG).
///
/// # Safety
/// `msg` NULL or a readable message.
unsafe fn mp_check(func: &str, msg: *const rte_mp_msg) -> Result<(), c_int> {
    if msg.is_null() {
        fail(func, &Error::InvalidArgument("message is NULL".into()), ());
        return Err(-1);
    }
    // SAFETY: per the contract.
    let m = unsafe { &*msg };
    // SAFETY: the name array is readable.
    unsafe { mp_name(func, m.name.as_ptr()) }?;
    for (what, v, max) in [("len_param", m.len_param, RTE_MP_MAX_PARAM_LEN), ("num_fds", m.num_fds, RTE_MP_MAX_FD_NUM)]
    {
        if v < 0 {
            fail(func, &Error::InvalidArgument(format!("message {what} {v} is negative")), ());
            return Err(-1);
        }
        if v > max {
            rte_log!(ERR, EAL, "EAL: {func}(): message {what} {v} is over {max}\n");
            set_errno(libc::E2BIG);
            return Err(-1);
        }
    }
    Ok(())
}

/// Registers `action` for messages called `name`: -1 with rte_errno EINVAL
/// or E2BIG for a bad name, EEXIST when the name is taken.
///
/// # Safety
/// `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_action_register(name: *const c_char, action: rte_mp_t) -> c_int {
    entry!("rte_mp_action_register", -1, {
        // SAFETY: per the contract.
        let n = match unsafe { mp_name("rte_mp_action_register", name) } {
            Ok(n) => n,
            Err(r) => return r,
        };
        let Some(f) = action else {
            return fail("rte_mp_action_register", &Error::InvalidArgument("action is NULL".into()), -1);
        };
        if ipc_off() {
            rte_log!(DEBUG, EAL, "EAL: No shared files mode enabled, IPC will be disabled\n");
            set_errno(libc::ENOTSUP);
            return -1;
        }
        let mut acts = MP_ACTIONS.lock().unwrap_or_else(|e| e.into_inner());
        if acts.iter().any(|(k, _)| *k == n) {
            rte_log!(
                ERR,
                EAL,
                "EAL: rte_mp_action_register(): action {} already registered\n",
                String::from_utf8_lossy(&n)
            );
            set_errno(libc::EEXIST);
            return -1;
        }
        acts.push((n, f as usize));
        0
    })
}

/// Unregisters the action called `name` (nothing when there is none).
///
/// # Safety
/// `name` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_action_unregister(name: *const c_char) {
    entry!("rte_mp_action_unregister", (), {
        // SAFETY: per the contract.
        let Ok(n) = (unsafe { mp_name("rte_mp_action_unregister", name) }) else { return };
        if ipc_off() {
            return;
        }
        let mut acts = MP_ACTIONS.lock().unwrap_or_else(|e| e.into_inner());
        match acts.iter().position(|(k, _)| *k == n) {
            Some(i) => {
                acts.remove(i);
            }
            None => rte_log!(ERR, EAL, "EAL: rte_mp_action_unregister(): no action {}\n", String::from_utf8_lossy(&n)),
        }
    })
}

/// Sends `msg` to every secondary process: this primary has none, so a
/// valid message goes nowhere and the answer is 0.
///
/// # Safety
/// `msg` NULL or a readable message.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_sendmsg(msg: *mut rte_mp_msg) -> c_int {
    entry!("rte_mp_sendmsg", -1, {
        // SAFETY: per the contract.
        match unsafe { mp_check("rte_mp_sendmsg", msg) } {
            Ok(()) => 0,
            Err(r) => r,
        }
    })
}

/// A synchronous request to every secondary: none exist, so `reply` gets
/// 0 sent, 0 received and no messages, and the answer is 0.
///
/// # Safety
/// `req` NULL or a readable message; `reply` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_request_sync(
    req: *mut rte_mp_msg,
    reply: *mut rte_mp_reply,
    _ts: *const libc::timespec,
) -> c_int {
    entry!("rte_mp_request_sync", -1, {
        nonnull!("rte_mp_request_sync", reply, -1);
        // SAFETY: reply is writable (checked non-null, caller's contract).
        unsafe { reply.write(rte_mp_reply { nb_sent: 0, nb_received: 0, msgs: ptr::null_mut() }) };
        // SAFETY: per the contract.
        match unsafe { mp_check("rte_mp_request_sync", req) } {
            Ok(()) => 0,
            Err(r) => r,
        }
    })
}

/// A pending asynchronous request: a copy of the request and its callback.
struct AsyncReq {
    req: rte_mp_msg,
    clb: unsafe extern "C" fn(*const rte_mp_msg, *const rte_mp_reply) -> c_int,
}

/// Alarm callback: runs a request's reply callback with an empty reply.
unsafe extern "C" fn async_done(arg: *mut c_void) {
    // SAFETY: arg came from Box::into_raw in rte_mp_request_async, handed
    // to exactly one alarm.
    let a = unsafe { Box::from_raw(arg.cast::<AsyncReq>()) };
    let reply = rte_mp_reply { nb_sent: 0, nb_received: 0, msgs: ptr::null_mut() };
    // SAFETY: the caller's callback with the request copy and the reply.
    unsafe { (a.clb)(&a.req, &reply) };
}

/// An asynchronous request: there are no secondaries to answer, so the
/// callback runs soon after from the alarm thread with a copy of the
/// request and an empty reply. (22.11 queues a dummy reply there that its
/// IPC thread does not process until some other event: the callback comes
/// late or never; the API promises it by the timeout.)
///
/// # Safety
/// `req` NULL or a readable message; `clb` callable from another thread.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_request_async(
    req: *mut rte_mp_msg,
    _ts: *const libc::timespec,
    clb: rte_mp_async_reply_t,
) -> c_int {
    entry!("rte_mp_request_async", -1, {
        // SAFETY: per the contract.
        if let Err(r) = unsafe { mp_check("rte_mp_request_async", req) } {
            return r;
        }
        let Some(f) = clb else {
            return fail("rte_mp_request_async", &Error::InvalidArgument("callback is NULL".into()), -1);
        };
        if ipc_off() {
            return 0;
        }
        // SAFETY: req is readable (checked); rte_mp_msg is plain data.
        let copy = unsafe { ptr::read(req) };
        let a = Box::into_raw(Box::new(AsyncReq { req: copy, clb: f }));
        if super::rte_alarm::rte_eal_alarm_set(1, Some(async_done), a.cast()) != 0 {
            // SAFETY: not handed to any alarm; freed once here.
            drop(unsafe { Box::from_raw(a) });
            return -1;
        }
        0
    })
}

/// Replies to `peer` (a secondary's socket path): -1 with EINVAL for a bad
/// message or NULL peer; 0 with IPC off; else -1 with ENOENT as no
/// secondary exists to take a reply.
///
/// # Safety
/// `msg` NULL or a readable message; `peer` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_mp_reply(msg: *mut rte_mp_msg, peer: *const c_char) -> c_int {
    entry!("rte_mp_reply", -1, {
        // SAFETY: per the contract.
        if let Err(r) = unsafe { mp_check("rte_mp_reply", msg) } {
            return r;
        }
        nonnull!("rte_mp_reply", peer, -1);
        if ipc_off() {
            return 0;
        }
        // SAFETY: per the contract.
        let p = unsafe { CStr::from_ptr(peer) }.to_string_lossy();
        rte_log!(ERR, EAL, "EAL: rte_mp_reply(): no secondary process at {p}\n");
        set_errno(libc::ENOENT);
        -1
    })
}

/// Disables multi-process: with no secondary attached this always
/// succeeds (true).
#[no_mangle]
pub extern "C" fn rte_mp_disable() -> bool {
    entry!("rte_mp_disable", false, {
        MP_DISABLED.store(true, Ordering::Relaxed);
        true
    })
}

/// Whether a primary process is running for `config_file_path` (the
/// runtime config of this process when NULL): a primary holds a write
/// lock on it.
///
/// # Safety
/// `config_file_path` NULL or a string.
#[no_mangle]
pub unsafe extern "C" fn rte_eal_primary_proc_alive(config_file_path: *const c_char) -> c_int {
    entry!("rte_eal_primary_proc_alive", 0, {
        let path = if config_file_path.is_null() {
            let dir = super::rte_eal::rte_eal_get_runtime_dir();
            // SAFETY: the runtime dir is a static string.
            let d = unsafe { CStr::from_ptr(dir) }.to_string_lossy().into_owned();
            format!("{d}/config")
        } else {
            // SAFETY: per the contract.
            unsafe { CStr::from_ptr(config_file_path) }.to_string_lossy().into_owned()
        };
        let Ok(c) = std::ffi::CString::new(path) else { return 0 };
        // SAFETY: a NUL-terminated path.
        let fd = unsafe { libc::open(c.as_ptr(), libc::O_RDONLY) };
        if fd < 0 {
            return 0;
        }
        // SAFETY: a zeroed flock is a valid argument; fd is ours.
        let alive = unsafe {
            let mut fl: libc::flock = std::mem::zeroed();
            fl.l_type = libc::F_WRLCK as i16;
            fl.l_whence = libc::SEEK_SET as i16;
            let r = libc::fcntl(fd, libc::F_GETLK, &mut fl);
            libc::close(fd);
            r == 0 && fl.l_type != libc::F_UNLCK as i16
        };
        alive as c_int
    })
}

// ---- Thread-local keys (rte_thread.h) -----------------------------------

/// What an `rte_thread_key` points at.
#[repr(C)]
pub struct eal_tls_key {
    thread_index: libc::pthread_key_t,
}

/// Creates a thread-local key: -1 with rte_errno EINVAL (NULL key), ENOMEM,
/// or ENOEXEC when the system refuses a key.
///
/// # Safety
/// `key` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_key_create(
    key: *mut *mut eal_tls_key,
    destructor: Option<unsafe extern "C" fn(*mut c_void)>,
) -> c_int {
    entry!("rte_thread_key_create", -1, {
        nonnull!("rte_thread_key_create", key, -1);
        let mut k: libc::pthread_key_t = 0;
        // SAFETY: k is writable; the destructor is the caller's.
        let r = unsafe { libc::pthread_key_create(&mut k, destructor) };
        if r != 0 {
            rte_log!(DEBUG, EAL, "EAL: rte_thread_key_create(): pthread_key_create failed: {r}\n");
            set_errno(libc::ENOEXEC);
            return -1;
        }
        let b = Box::into_raw(Box::new(eal_tls_key { thread_index: k }));
        // SAFETY: key is writable per the contract.
        unsafe { *key = b };
        0
    })
}

/// Deletes a key made by `rte_thread_key_create`.
///
/// # Safety
/// `key` NULL or a live key.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_key_delete(key: *mut eal_tls_key) -> c_int {
    entry!("rte_thread_key_delete", -1, {
        nonnull!("rte_thread_key_delete", key, -1);
        // SAFETY: a live key from Box::into_raw.
        let r = unsafe { libc::pthread_key_delete((*key).thread_index) };
        if r != 0 {
            set_errno(libc::ENOEXEC);
            return -1;
        }
        // SAFETY: made by Box::into_raw in rte_thread_key_create, freed once.
        drop(unsafe { Box::from_raw(key) });
        0
    })
}

/// Sets this thread's value for `key`.
///
/// # Safety
/// `key` NULL or a live key.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_value_set(key: *mut eal_tls_key, value: *const c_void) -> c_int {
    entry!("rte_thread_value_set", -1, {
        nonnull!("rte_thread_value_set", key, -1);
        // SAFETY: a live key.
        let r = unsafe { libc::pthread_setspecific((*key).thread_index, value) };
        if r != 0 {
            set_errno(libc::ENOEXEC);
            return -1;
        }
        0
    })
}

/// This thread's value for `key` (NULL with rte_errno EINVAL for a NULL key).
///
/// # Safety
/// `key` NULL or a live key.
#[no_mangle]
pub unsafe extern "C" fn rte_thread_value_get(key: *mut eal_tls_key) -> *mut c_void {
    entry!("rte_thread_value_get", ptr::null_mut(), {
        nonnull!("rte_thread_value_get", key, ptr::null_mut());
        // SAFETY: a live key.
        unsafe { libc::pthread_getspecific((*key).thread_index) }
    })
}

// ---- SIMD width (rte_vect.h) --------------------------------------------

/// `RTE_VECT_SIMD_MAX`: no limit.
pub const RTE_VECT_SIMD_MAX: u16 = 1 << 15;
/// The default of an x86 build: 256 bits.
const DEFAULT_SIMD: u16 = 256;
static MAX_SIMD: AtomicU16 = AtomicU16::new(DEFAULT_SIMD);
static SIMD_LOCKED: AtomicBool = AtomicBool::new(false);

/// The largest SIMD width code paths may use.
#[no_mangle]
pub extern "C" fn rte_vect_get_max_simd_bitwidth() -> u16 {
    // ORDERING: a plain setting; no other data is published with it.
    entry!("rte_vect_get_max_simd_bitwidth", DEFAULT_SIMD, { MAX_SIMD.load(Ordering::Relaxed) })
}

/// Sets the largest SIMD width: a power of two from 64 to
/// RTE_VECT_SIMD_MAX (else -EINVAL); -EPERM once fixed by the
/// --force-max-simd-bitwidth option.
#[no_mangle]
pub extern "C" fn rte_vect_set_max_simd_bitwidth(bitwidth: u16) -> c_int {
    entry!("rte_vect_set_max_simd_bitwidth", -libc::EINVAL, {
        if SIMD_LOCKED.load(Ordering::Relaxed) {
            rte_log!(ERR, EAL, "EAL: Cannot set max SIMD bitwidth - user runtime override enabled\n");
            return -libc::EPERM;
        }
        if !(64..=RTE_VECT_SIMD_MAX).contains(&bitwidth) || !bitwidth.is_power_of_two() {
            rte_log!(ERR, EAL, "EAL: Invalid bitwidth value {bitwidth}\n");
            return -libc::EINVAL;
        }
        // ORDERING: a plain setting (see the getter).
        MAX_SIMD.store(bitwidth, Ordering::Relaxed);
        0
    })
}

// ---- Hypervisor (rte_hypervisor.h) --------------------------------------

/// `enum rte_hypervisor` values.
pub const RTE_HYPERVISOR_NONE: c_int = 0;
/// KVM.
pub const RTE_HYPERVISOR_KVM: c_int = 1;
/// Hyper-V.
pub const RTE_HYPERVISOR_HYPERV: c_int = 2;
/// VMware.
pub const RTE_HYPERVISOR_VMWARE: c_int = 3;
/// Another one.
pub const RTE_HYPERVISOR_UNKNOWN: c_int = 4;

/// The hypervisor this runs under, from CPUID: the "hypervisor present"
/// bit (leaf 1, ECX bit 31) and the vendor signature of leaf 0x40000000.
#[no_mangle]
pub extern "C" fn rte_hypervisor_get() -> c_int {
    entry!("rte_hypervisor_get", RTE_HYPERVISOR_UNKNOWN, {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::__cpuid;
            // CPUID exists on every x86_64 CPU (a safe intrinsic here).
            let l1 = __cpuid(1);
            if l1.ecx & (1 << 31) == 0 {
                return RTE_HYPERVISOR_NONE;
            }
            // The hypervisor leaf is defined when the bit is set.
            let h = __cpuid(0x4000_0000);
            let mut sig = [0u8; 12];
            sig[0..4].copy_from_slice(&h.ebx.to_le_bytes());
            sig[4..8].copy_from_slice(&h.ecx.to_le_bytes());
            sig[8..12].copy_from_slice(&h.edx.to_le_bytes());
            match &sig {
                b"KVMKVMKVM\0\0\0" => RTE_HYPERVISOR_KVM,
                b"Microsoft Hv" => RTE_HYPERVISOR_HYPERV,
                b"VMwareVMware" => RTE_HYPERVISOR_VMWARE,
                _ => RTE_HYPERVISOR_UNKNOWN,
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            RTE_HYPERVISOR_UNKNOWN
        }
    })
}

/// The name of a hypervisor id ("none", "KVM", "Hyper-V", "VMware",
/// "unknown" for anything else).
#[no_mangle]
pub extern "C" fn rte_hypervisor_get_name(id: c_int) -> *const c_char {
    entry!("rte_hypervisor_get_name", c"unknown".as_ptr(), {
        match id {
            RTE_HYPERVISOR_NONE => c"none",
            RTE_HYPERVISOR_KVM => c"KVM",
            RTE_HYPERVISOR_HYPERV => c"Hyper-V",
            RTE_HYPERVISOR_VMWARE => c"VMware",
            _ => c"unknown",
        }
        .as_ptr()
    })
}

// ---- Small helpers --------------------------------------------------------

/// A uniform double in [0, 1) from the EAL generator (53 random bits).
#[no_mangle]
pub extern "C" fn rte_drand() -> f64 {
    entry!("rte_drand", 0.0, { (rte_eal::rand::rand() >> 11) as f64 * (1.0 / (1u64 << 53) as f64) })
}

/// Whether the CPU has restricted transactional memory (read by the
/// reference's inline `rte_spinlock_*_tm` code); set at load from CPUID.
#[no_mangle]
pub static rte_rtm_supported: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

extern "C" fn rtm_detect() {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__cpuid, __cpuid_count};
        // Leaf 7 exists when leaf 0 says so; RTM is leaf 7 EBX bit 11.
        if __cpuid(0).eax >= 7 && __cpuid_count(7, 0).ebx & (1 << 11) != 0 {
            // ORDERING: set before main (a load-time constructor); readers
            // run later in the same thread or after thread creation.
            rte_rtm_supported.store(1, Ordering::Relaxed);
        }
    }
}

#[used]
#[link_section = ".init_array"]
static RTM_DETECT: extern "C" fn() = rtm_detect;

/// Reads an unsigned number (decimal, or hex/octal with its prefix) from
/// the first line of a sysfs file: -1 when the file cannot be opened or
/// read or does not hold a whole number.
///
/// # Safety
/// `filename` NULL or a string; `val` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn eal_parse_sysfs_value(filename: *const c_char, val: *mut libc::c_ulong) -> c_int {
    entry!("eal_parse_sysfs_value", -1, {
        nonnull!("eal_parse_sysfs_value", filename, -1);
        nonnull!("eal_parse_sysfs_value", val, -1);
        // SAFETY: per the contract.
        let path = unsafe { CStr::from_ptr(filename) }.to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(&path) else {
            rte_log!(ERR, EAL, "EAL: eal_parse_sysfs_value(): cannot open sysfs value {path}\n");
            return -1;
        };
        let line = text.lines().next().unwrap_or("").trim_end_matches(['\n', '\r']);
        let t = line.trim_start();
        let parsed = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            u64::from_str_radix(h, 16).ok()
        } else if t.len() > 1 && t.starts_with('0') {
            u64::from_str_radix(&t[1..], 8).ok()
        } else {
            t.parse::<u64>().ok()
        };
        match parsed {
            Some(v) if !t.is_empty() => {
                // SAFETY: val writable per the contract.
                unsafe { *val = v as libc::c_ulong };
                0
            }
            _ => {
                rte_log!(ERR, EAL, "EAL: eal_parse_sysfs_value(): cannot parse sysfs value {path}\n");
                -1
            }
        }
    })
}

/// Reads a whole firmware file into a malloc'd buffer (`*buf`, `*bufsz`):
/// `name` as given, else `name.xz` is refused (no decompression built).
/// -1 when it cannot be read.
///
/// # Safety
/// `name` NULL or a string; `buf`, `bufsz` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn rte_firmware_read(name: *const c_char, buf: *mut *mut c_void, bufsz: *mut usize) -> c_int {
    entry!("rte_firmware_read", -1, {
        nonnull!("rte_firmware_read", name, -1);
        nonnull!("rte_firmware_read", buf, -1);
        nonnull!("rte_firmware_read", bufsz, -1);
        // SAFETY: writable per the contract.
        unsafe {
            *buf = ptr::null_mut();
            *bufsz = 0;
        }
        // SAFETY: per the contract.
        let path = unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned();
        let Ok(data) = std::fs::read(&path) else {
            rte_log!(DEBUG, EAL, "EAL: rte_firmware_read(): cannot read {path}\n");
            return -1;
        };
        // SAFETY: a plain allocation the caller frees with free().
        let p = unsafe { libc::malloc(data.len().max(1)) };
        if p.is_null() {
            return -1;
        }
        // SAFETY: p has data.len() bytes; buf/bufsz writable.
        unsafe {
            ptr::copy_nonoverlapping(data.as_ptr(), p.cast::<u8>(), data.len());
            *buf = p;
            *bufsz = data.len();
        }
        0
    })
}
