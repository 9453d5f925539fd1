//! The lcore table: which lcore ids exist, their roles, CPUs and NUMA
//! sockets, and the registration of non-EAL threads. Process-local state
//! behind a `RwLock` (reads are the common case and never contend).

use std::ffi::c_void;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, RwLock};

use rte_abi::config::RTE_MAX_LCORE;
use rte_abi::lcore::{rte_lcore_role_t, LCORE_ID_ANY};

use crate::cpu::{CpuSet, Topology};
use crate::options::LcoreMap;
use crate::{tls, Error};

/// The reference's `SOCKET_ID_ANY`.
pub const SOCKET_ID_ANY: i32 = -1;

/// One lcore's configuration.
#[derive(Debug, Clone, Copy)]
pub struct Lcore {
    /// What it is used for.
    pub role: rte_lcore_role_t,
    /// CPUs its thread may run on.
    pub cpuset: CpuSet,
    /// NUMA socket of those CPUs, or `SOCKET_ID_ANY` when they span several.
    pub socket: i32,
    /// Lowest CPU of the set (what `rte_lcore_to_cpu_id` reports).
    pub cpu_id: i32,
    /// Position among the EAL lcores, or -1.
    pub core_index: i32,
}

const OFF: Lcore = Lcore {
    role: rte_lcore_role_t::ROLE_OFF,
    cpuset: CpuSet::new(),
    socket: SOCKET_ID_ANY,
    cpu_id: -1,
    core_index: -1,
};

/// The lcore configuration, fixed by `rte_eal_init` except for non-EAL
/// thread registrations.
#[derive(Debug, Clone)]
pub struct Config {
    /// The main lcore.
    pub main: u32,
    /// Index = lcore id.
    pub lcores: Vec<Lcore>,
    /// NUMA sockets of the machine's CPUs, ascending.
    pub sockets: Vec<u32>,
    /// CPUs for control threads: the process's CPUs not used by lcores (the
    /// main lcore's when none is left).
    pub ctrl_cpuset: CpuSet,
}

static CONFIG: RwLock<Option<Config>> = RwLock::new(None);

fn socket_of_set(set: &CpuSet, topo: &Topology) -> i32 {
    let mut socks = set.iter().map(|c| topo.socket(c));
    match socks.next() {
        Some(first) if socks.all(|s| s == first) => first as i32,
        _ => SOCKET_ID_ANY,
    }
}

impl Config {
    /// Builds the table from the parsed core map, service cores and main lcore.
    pub fn build(
        map: &LcoreMap,
        service: Option<&CpuSet>,
        main: Option<u32>,
        topo: &Topology,
        process_cpus: &CpuSet,
    ) -> Result<Config, Error> {
        let mut lcores = vec![OFF; RTE_MAX_LCORE as usize];
        let mut used = CpuSet::new();
        let mut index = 0;
        for (id, cpus) in map.cpus.iter().enumerate() {
            if let Some(cpus) = cpus {
                let is_service = service.is_some_and(|s| s.contains(id));
                lcores[id] = Lcore {
                    role: if is_service { rte_lcore_role_t::ROLE_SERVICE } else { rte_lcore_role_t::ROLE_RTE },
                    cpuset: *cpus,
                    socket: socket_of_set(cpus, topo),
                    cpu_id: cpus.first().map_or(-1, |c| c as i32),
                    core_index: if is_service { -1 } else { index },
                };
                if !is_service {
                    index += 1;
                }
                used = used.union(cpus);
            }
        }
        if let Some(service) = service {
            for id in service.iter() {
                if map.cpus.get(id).is_none_or(|c| c.is_none()) {
                    // A service core outside the core map runs on its own CPU.
                    let cpus = CpuSet::single(id);
                    lcores[id] = Lcore {
                        role: rte_lcore_role_t::ROLE_SERVICE,
                        cpuset: cpus,
                        socket: socket_of_set(&cpus, topo),
                        cpu_id: id as i32,
                        core_index: -1,
                    };
                }
            }
        }
        let first_rte = lcores.iter().position(|l| l.role == rte_lcore_role_t::ROLE_RTE);
        let main = match main {
            Some(m) => {
                let m = m as usize;
                if service.is_some_and(|s| s.contains(m)) {
                    return Err(Error::option("--main-lcore", format!("lcore {m} is a service core")));
                }
                if lcores[m].role != rte_lcore_role_t::ROLE_RTE {
                    return Err(Error::option("--main-lcore", format!("lcore {m} is not enabled by the core list")));
                }
                m as u32
            }
            None => {
                first_rte.ok_or_else(|| Error::option("-l/-c/--lcores", "no lcore left for the main thread"))? as u32
            }
        };
        let mut ctrl = CpuSet::new();
        for c in process_cpus.iter().filter(|&c| !used.contains(c)) {
            ctrl.insert(c);
        }
        if ctrl.is_empty() {
            ctrl = lcores[main as usize].cpuset;
        }
        Ok(Config { main, lcores, sockets: topo.sockets.clone(), ctrl_cpuset: ctrl })
    }
}

/// Each lcore's NUMA socket, republished whenever the configuration
/// changes: `rte_socket_id()` runs on allocation fast paths, where the
/// `CONFIG` read lock's shared counter would bounce between lcores.
static SOCKET_OF: [AtomicI32; RTE_MAX_LCORE as usize] =
    [const { AtomicI32::new(SOCKET_ID_ANY) }; RTE_MAX_LCORE as usize];

/// The `CONFIG` write guard; dropping it republishes `SOCKET_OF`.
struct ConfigWriter(std::sync::RwLockWriteGuard<'static, Option<Config>>);

impl ConfigWriter {
    fn lock() -> Self {
        ConfigWriter(CONFIG.write().unwrap_or_else(|e| e.into_inner()))
    }
}

impl std::ops::Deref for ConfigWriter {
    type Target = Option<Config>;
    fn deref(&self) -> &Option<Config> {
        &self.0
    }
}

impl std::ops::DerefMut for ConfigWriter {
    fn deref_mut(&mut self) -> &mut Option<Config> {
        &mut self.0
    }
}

impl Drop for ConfigWriter {
    fn drop(&mut self) {
        for (i, slot) in SOCKET_OF.iter().enumerate() {
            let s = self.0.as_ref().and_then(|c| c.lcores.get(i)).map_or(SOCKET_ID_ANY, |l| l.socket);
            // ORDERING: a plain value with no data behind it; readers that
            // race with a change see the old or the new socket.
            slot.store(s, Ordering::Relaxed);
        }
    }
}

/// Installs the configuration (done once by `rte_eal_init`).
pub fn install(cfg: Config) {
    *ConfigWriter::lock() = Some(cfg);
}

/// Drops the configuration (done by `rte_eal_cleanup`).
pub fn uninstall() {
    *ConfigWriter::lock() = None;
}

/// Runs `f` on the configuration, if EAL is initialised.
pub fn with<T>(f: impl FnOnce(&Config) -> T) -> Option<T> {
    CONFIG.read().unwrap_or_else(|e| e.into_inner()).as_ref().map(f)
}

/// The lcore `id`'s entry (an `OFF` entry for unknown ids or before init).
pub fn get(id: u32) -> Lcore {
    with(|c| c.lcores.get(id as usize).copied()).flatten().unwrap_or(OFF)
}

/// NUMA socket of lcore `id` (`SOCKET_ID_ANY` when unknown).
pub fn socket(id: u32) -> i32 {
    // ORDERING: see SOCKET_OF.
    SOCKET_OF.get(id as usize).map_or(SOCKET_ID_ANY, |s| s.load(Ordering::Relaxed))
}

/// Role of lcore `id`.
pub fn role(id: u32) -> rte_lcore_role_t {
    get(id).role
}

/// The main lcore (0 before init).
pub fn main_lcore() -> u32 {
    with(|c| c.main).unwrap_or(0)
}

/// Number of EAL (ROLE_RTE) lcores.
pub fn count() -> u32 {
    with(|c| c.lcores.iter().filter(|l| l.role == rte_lcore_role_t::ROLE_RTE).count() as u32).unwrap_or(0)
}

/// Whether `id` is an EAL lcore.
pub fn is_enabled(id: u32) -> bool {
    role(id) == rte_lcore_role_t::ROLE_RTE
}

/// The next EAL lcore after `i`, as `rte_get_next_lcore` defines it.
pub fn next(i: u32, skip_main: bool, wrap: bool) -> u32 {
    with(|c| {
        let max = RTE_MAX_LCORE;
        let mut i = i.wrapping_add(1);
        if wrap {
            i %= max;
        }
        while i < max {
            if c.lcores[i as usize].role == rte_lcore_role_t::ROLE_RTE && !(skip_main && i == c.main) {
                return i;
            }
            i += 1;
            if wrap {
                i %= max;
            }
        }
        max
    })
    .unwrap_or(RTE_MAX_LCORE)
}

/// NUMA sockets in use (at least one).
pub fn sockets() -> Vec<u32> {
    with(|c| c.sockets.clone()).unwrap_or_else(|| Topology::host().sockets)
}

/// Callbacks run for each lcore as it appears and disappears.
pub struct LcoreCallback {
    /// Name, for `rte_lcore_dump`-style messages.
    pub name: String,
    /// Called for each lcore; a non-zero return refuses it.
    pub init: Option<unsafe extern "C" fn(u32, *mut c_void) -> i32>,
    /// Called when an lcore goes away.
    pub uninit: Option<unsafe extern "C" fn(u32, *mut c_void)>,
    /// Their argument.
    pub arg: *mut c_void,
}

// SAFETY: the callbacks and their argument are the application's, which by
// the rte_lcore_callback_register contract may be called from any thread.
unsafe impl Send for LcoreCallback {}

// Boxed: handles given to C are the boxes' addresses, which must not move.
#[allow(clippy::vec_box)]
static CALLBACKS: Mutex<Vec<Box<LcoreCallback>>> = Mutex::new(Vec::new());

fn run_init(cb: &LcoreCallback, id: u32) -> bool {
    match cb.init {
        // SAFETY: an application callback called as its type documents.
        Some(f) => unsafe { f(id, cb.arg) == 0 },
        None => true,
    }
}

fn run_uninit(cb: &LcoreCallback, id: u32) {
    if let Some(f) = cb.uninit {
        // SAFETY: an application callback called as its type documents.
        unsafe { f(id, cb.arg) }
    }
}

fn active_lcores() -> Vec<u32> {
    with(|c| {
        c.lcores
            .iter()
            .enumerate()
            .filter(|(_, l)| l.role != rte_lcore_role_t::ROLE_OFF)
            .map(|(i, _)| i as u32)
            .collect()
    })
    .unwrap_or_default()
}

/// Registers callbacks, running `init` for every existing lcore; if one
/// refuses, `uninit` runs for those that accepted and registration fails.
/// Returns an opaque handle.
pub fn callback_register(cb: LcoreCallback) -> Option<*mut c_void> {
    let mut list = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
    let lcores = active_lcores();
    for (n, &id) in lcores.iter().enumerate() {
        if !run_init(&cb, id) {
            for &done in &lcores[..n] {
                run_uninit(&cb, done);
            }
            return None;
        }
    }
    let b = Box::new(cb);
    let handle = &*b as *const LcoreCallback as *mut c_void;
    list.push(b);
    Some(handle)
}

/// Unregisters callbacks by handle, running `uninit` for every lcore.
pub fn callback_unregister(handle: *mut c_void) -> bool {
    let mut list = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
    let Some(pos) = list.iter().position(|b| &**b as *const LcoreCallback as *mut c_void == handle) else {
        return false;
    };
    let cb = list.remove(pos);
    for id in active_lcores() {
        run_uninit(&cb, id);
    }
    true
}

/// Registers the calling thread as a non-EAL lcore. Returns its lcore id.
pub fn register_thread() -> Result<u32, Error> {
    let current = tls::lcore_id();
    if current != LCORE_ID_ANY {
        return Ok(current);
    }
    let id = {
        let mut guard = ConfigWriter::lock();
        let cfg = guard.as_mut().ok_or_else(|| Error::InvalidArgument("EAL is not initialised".into()))?;
        let id = cfg
            .lcores
            .iter()
            .position(|l| l.role == rte_lcore_role_t::ROLE_OFF)
            .ok_or_else(|| Error::NoSpace(format!("all {RTE_MAX_LCORE} lcore ids are taken")))?;
        let cpus = crate::cpu::thread_affinity();
        let topo = Topology::host();
        cfg.lcores[id] = Lcore {
            role: rte_lcore_role_t::ROLE_NON_EAL,
            cpuset: cpus,
            socket: socket_of_set(&cpus, &topo),
            cpu_id: cpus.first().map_or(-1, |c| c as i32),
            core_index: -1,
        };
        id as u32
    };
    let refused = {
        let list = CALLBACKS.lock().unwrap_or_else(|e| e.into_inner());
        let mut refused = None;
        for (n, cb) in list.iter().enumerate() {
            if !run_init(cb, id) {
                for done in &list[..n] {
                    run_uninit(done, id);
                }
                refused = Some(cb.name.clone());
                break;
            }
        }
        refused
    };
    if let Some(name) = refused {
        release(id);
        return Err(Error::NoSpace(format!("lcore init callback '{name}' refused lcore {id}")));
    }
    tls::set_lcore_id(id);
    Ok(id)
}

fn release(id: u32) {
    let mut guard = ConfigWriter::lock();
    if let Some(cfg) = guard.as_mut() {
        cfg.lcores[id as usize] = OFF;
    }
}

/// Unregisters the calling non-EAL thread (no-op for others).
pub fn unregister_thread() {
    let id = tls::lcore_id();
    if id == LCORE_ID_ANY || role(id) != rte_lcore_role_t::ROLE_NON_EAL {
        return;
    }
    for cb in CALLBACKS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        run_uninit(cb, id);
    }
    release(id);
    tls::set_lcore_id(LCORE_ID_ANY);
}

/// Runs every `uninit` callback for every lcore (at cleanup).
pub fn uninit_all() {
    let list = std::mem::take(&mut *CALLBACKS.lock().unwrap_or_else(|e| e.into_inner()));
    for cb in &list {
        for id in active_lcores() {
            run_uninit(cb, id);
        }
    }
}

/// Records new CPUs for lcore `id` (after `rte_thread_set_affinity`).
pub fn set_cpuset(id: u32, cpus: &CpuSet) {
    let topo = Topology::host();
    let mut guard = ConfigWriter::lock();
    if let Some(l) = guard.as_mut().and_then(|c| c.lcores.get_mut(id as usize)) {
        l.cpuset = *cpus;
        l.socket = socket_of_set(cpus, &topo);
        l.cpu_id = cpus.first().map_or(-1, |c| c as i32);
    }
}

/// The reference's name for a role, as `rte_lcore_dump` prints it.
pub fn role_name(role: rte_lcore_role_t) -> &'static str {
    match role {
        rte_lcore_role_t::ROLE_RTE => "RTE",
        rte_lcore_role_t::ROLE_SERVICE => "SERVICE",
        rte_lcore_role_t::ROLE_NON_EAL => "NON_EAL",
        rte_lcore_role_t::ROLE_OFF => "OFF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cpu::CPU_SETSIZE;
    use crate::options::parse_corelist;

    fn topo() -> Topology {
        let mut d = CpuSet::new();
        for c in 0..4 {
            d.insert(c);
        }
        let mut socket_of = vec![0; CPU_SETSIZE];
        socket_of[2] = 1;
        socket_of[3] = 1;
        Topology { detected: d, socket_of, sockets: vec![0, 1] }
    }

    #[test]
    fn build_assigns_roles_indexes_and_sockets() {
        let t = topo();
        let map = parse_corelist("0-3", &t.detected).unwrap();
        let service = CpuSet::single(3);
        let cfg = Config::build(&map, Some(&service), Some(1), &t, &t.detected).unwrap();
        assert_eq!(cfg.main, 1);
        assert_eq!(cfg.lcores[0].core_index, 0);
        assert_eq!(cfg.lcores[2].core_index, 2);
        assert_eq!(cfg.lcores[3].role, rte_lcore_role_t::ROLE_SERVICE);
        assert_eq!(cfg.lcores[2].socket, 1);
        assert_eq!(cfg.lcores[5].role, rte_lcore_role_t::ROLE_OFF);
        // Every CPU is used by an lcore: control threads share the main one's.
        assert_eq!(cfg.ctrl_cpuset, CpuSet::single(1));
    }

    #[test]
    fn main_lcore_must_be_enabled_and_not_service() {
        let t = topo();
        let map = parse_corelist("0-1", &t.detected).unwrap();
        assert!(Config::build(&map, None, Some(3), &t, &t.detected).is_err());
        assert!(Config::build(&map, Some(&CpuSet::single(0)), Some(0), &t, &t.detected).is_err());
        let cfg = Config::build(&map, None, None, &t, &t.detected).unwrap();
        assert_eq!(cfg.main, 0);
        assert_eq!(cfg.ctrl_cpuset.to_list_string(), "2-3");
    }

    #[test]
    fn a_group_spanning_sockets_has_no_socket() {
        let t = topo();
        let map = crate::options::parse_lcores("0@(1,2)", &t.detected).unwrap();
        let cfg = Config::build(&map, None, None, &t, &t.detected).unwrap();
        assert_eq!(cfg.lcores[0].socket, SOCKET_ID_ANY);
        assert_eq!(cfg.lcores[0].cpu_id, 1);
    }
}
