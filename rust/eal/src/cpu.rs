//! CPU and NUMA topology, read from sysfs (the root is a parameter so tests
//! can use a fake tree), and `CpuSet`, a plain-data CPU bitmap.

use std::path::{Path, PathBuf};

/// CPUs a set can hold: the size of glibc's `cpu_set_t`.
pub const CPU_SETSIZE: usize = 1024;

/// A set of CPU numbers, laid out as glibc's `cpu_set_t` (128 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct CpuSet {
    bits: [u64; CPU_SETSIZE / 64],
}

impl CpuSet {
    /// The empty set.
    pub const fn new() -> Self {
        CpuSet { bits: [0; CPU_SETSIZE / 64] }
    }

    /// A set of one CPU.
    pub fn single(cpu: usize) -> Self {
        let mut s = Self::new();
        s.insert(cpu);
        s
    }

    /// Adds `cpu`; numbers at or past `CPU_SETSIZE` are ignored.
    pub fn insert(&mut self, cpu: usize) {
        if cpu < CPU_SETSIZE {
            self.bits[cpu / 64] |= 1 << (cpu % 64);
        }
    }

    /// Whether `cpu` is in the set.
    pub fn contains(&self, cpu: usize) -> bool {
        cpu < CPU_SETSIZE && self.bits[cpu / 64] & (1 << (cpu % 64)) != 0
    }

    /// Number of CPUs in the set.
    pub fn count(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// The CPUs in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..CPU_SETSIZE).filter(move |&c| self.contains(c))
    }

    /// The lowest CPU in the set.
    pub fn first(&self) -> Option<usize> {
        self.iter().next()
    }

    /// Union with another set.
    pub fn union(&self, other: &CpuSet) -> CpuSet {
        let mut s = *self;
        for (a, b) in s.bits.iter_mut().zip(other.bits.iter()) {
            *a |= *b;
        }
        s
    }

    /// This set as glibc's `cpu_set_t`.
    pub fn to_libc(&self) -> libc::cpu_set_t {
        const _: () = assert!(std::mem::size_of::<CpuSet>() == std::mem::size_of::<libc::cpu_set_t>());
        // SAFETY: glibc's cpu_set_t is an array of 16 unsigned longs holding
        // CPU n at bit n % 64 of word n / 64: the same bytes as `bits`.
        unsafe { std::mem::transmute::<[u64; CPU_SETSIZE / 64], libc::cpu_set_t>(self.bits) }
    }

    /// A set from glibc's `cpu_set_t`.
    pub fn from_libc(s: &libc::cpu_set_t) -> CpuSet {
        // SAFETY: as in `to_libc`: both are the same 128-byte bitmap.
        CpuSet { bits: unsafe { std::mem::transmute::<libc::cpu_set_t, [u64; CPU_SETSIZE / 64]>(*s) } }
    }

    /// "0-3,6" form, as the reference prints cpusets.
    pub fn to_list_string(&self) -> String {
        let cpus: Vec<usize> = self.iter().collect();
        let mut parts = Vec::new();
        let mut i = 0;
        while i < cpus.len() {
            let mut j = i;
            while j + 1 < cpus.len() && cpus[j + 1] == cpus[j] + 1 {
                j += 1;
            }
            parts.push(if i == j { cpus[i].to_string() } else { format!("{}-{}", cpus[i], cpus[j]) });
            i = j + 1;
        }
        parts.join(",")
    }
}

impl std::fmt::Debug for CpuSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CpuSet({})", self.to_list_string())
    }
}

/// The machine's CPUs and their NUMA nodes.
#[derive(Debug, Clone)]
pub struct Topology {
    /// CPUs that exist (have a `topology/core_id` in sysfs).
    pub detected: CpuSet,
    /// NUMA node of each detected CPU (index = CPU number).
    pub socket_of: Vec<u32>,
    /// Distinct NUMA nodes of the detected CPUs, ascending.
    pub sockets: Vec<u32>,
}

impl Topology {
    /// Reads the topology under `sysfs` (normally `/sys`).
    pub fn read(sysfs: &Path) -> Topology {
        let cpu_dir = sysfs.join("devices/system/cpu");
        let node_dir = sysfs.join("devices/system/node");
        let mut detected = CpuSet::new();
        let mut socket_of = vec![0u32; CPU_SETSIZE];
        for cpu in 0..CPU_SETSIZE {
            if cpu_dir.join(format!("cpu{cpu}/topology/core_id")).exists() {
                detected.insert(cpu);
                socket_of[cpu] = node_of(&node_dir, cpu).unwrap_or(0);
            }
        }
        let mut sockets: Vec<u32> = detected.iter().map(|c| socket_of[c]).collect();
        sockets.sort_unstable();
        sockets.dedup();
        if sockets.is_empty() {
            sockets.push(0);
        }
        Topology { detected, socket_of, sockets }
    }

    /// The host's topology.
    pub fn host() -> Topology {
        Topology::read(&PathBuf::from("/sys"))
    }

    /// NUMA node of `cpu` (0 when unknown).
    pub fn socket(&self, cpu: usize) -> u32 {
        self.socket_of.get(cpu).copied().unwrap_or(0)
    }
}

fn node_of(node_dir: &Path, cpu: usize) -> Option<u32> {
    let entries = std::fs::read_dir(node_dir).ok()?;
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if let Some(n) = name.strip_prefix("node").and_then(|n| n.parse::<u32>().ok()) {
            if e.path().join(format!("cpu{cpu}")).exists() {
                return Some(n);
            }
        }
    }
    None
}

/// The calling thread's CPU affinity.
pub fn thread_affinity() -> CpuSet {
    // SAFETY: zero is a valid empty cpu_set_t.
    let mut s: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `s` is a valid cpu_set_t of the size passed; pid 0 = this thread.
    let rc = unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut s) };
    if rc != 0 {
        return CpuSet::new();
    }
    CpuSet::from_libc(&s)
}

/// Pins the calling thread to `set`.
pub fn set_thread_affinity(set: &CpuSet) -> std::io::Result<()> {
    let s = set.to_libc();
    // SAFETY: `s` is a valid cpu_set_t of the size passed; pid 0 = this thread.
    let rc = unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &s) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpuset_roundtrips_through_libc_and_prints_ranges() {
        let mut s = CpuSet::new();
        for c in [0, 1, 2, 3, 6, 1023, 1024] {
            s.insert(c);
        }
        assert_eq!(s.count(), 6);
        assert_eq!(CpuSet::from_libc(&s.to_libc()), s);
        assert_eq!(s.to_list_string(), "0-3,6,1023");
        assert_eq!(std::mem::size_of::<CpuSet>(), std::mem::size_of::<libc::cpu_set_t>());
    }

    #[test]
    fn fake_sysfs_topology() {
        let root = std::env::temp_dir().join(format!("rte-topo-{}", std::process::id()));
        for cpu in [0, 1, 2, 5] {
            std::fs::create_dir_all(root.join(format!("devices/system/cpu/cpu{cpu}/topology"))).unwrap();
            std::fs::write(root.join(format!("devices/system/cpu/cpu{cpu}/topology/core_id")), "0").unwrap();
        }
        for (node, cpu) in [(0, 0), (0, 1), (1, 2), (1, 5)] {
            std::fs::create_dir_all(root.join(format!("devices/system/node/node{node}/cpu{cpu}"))).unwrap();
        }
        let t = Topology::read(&root);
        assert_eq!(t.detected.to_list_string(), "0-2,5");
        assert_eq!(t.socket(2), 1);
        assert_eq!(t.socket(1), 0);
        assert_eq!(t.sockets, vec![0, 1]);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
