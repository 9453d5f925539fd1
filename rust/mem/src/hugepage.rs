//! Hugepage discovery: page sizes the kernel offers, how many pages of each
//! are free (in total and per NUMA node), and where hugetlbfs is mounted for
//! each size. Every path root is a parameter so tests can use a fake tree.

use std::path::{Path, PathBuf};

/// One hugepage size as the system offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HugepageSize {
    /// Page size in bytes.
    pub size: u64,
    /// Pages configured (`nr_hugepages`).
    pub total: u64,
    /// Pages free now, minus those reserved by others (`free - resv`).
    pub free: u64,
    /// Free pages per NUMA node (index = node), when the kernel says.
    pub free_per_node: Vec<u64>,
    /// The hugetlbfs mount serving this size, if any.
    pub mount: Option<PathBuf>,
}

fn read_u64(p: &Path) -> Option<u64> {
    std::fs::read_to_string(p).ok()?.trim().parse().ok()
}

/// The default hugepage size from `/proc/meminfo` ("Hugepagesize: 2048 kB").
pub fn default_size(meminfo: &str) -> Option<u64> {
    meminfo.lines().find_map(|l| {
        let rest = l.strip_prefix("Hugepagesize:")?;
        let kb: u64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb << 10)
    })
}

/// Parses a `pagesize=` mount option value ("2M", "1G", "2048k").
fn parse_pagesize(v: &str) -> Option<u64> {
    let v = v.trim();
    let (num, mult) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 1u64 << 10),
        'm' | 'M' => (&v[..v.len() - 1], 1 << 20),
        'g' | 'G' => (&v[..v.len() - 1], 1 << 30),
        _ => (v, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// hugetlbfs mounts from `/proc/mounts` text: (mount point, page size).
pub fn hugetlbfs_mounts(mounts: &str, default: u64) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for line in mounts.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 4 || f[2] != "hugetlbfs" {
            continue;
        }
        let size =
            f[3].split(',').find_map(|o| o.strip_prefix("pagesize=").and_then(parse_pagesize)).unwrap_or(default);
        out.push((PathBuf::from(f[1].replace("\\040", " ")), size));
    }
    out
}

/// Where the system's facts are read from.
#[derive(Debug, Clone)]
pub struct SysPaths {
    /// `/sys`.
    pub sysfs: PathBuf,
    /// `/proc/mounts` contents are read from here.
    pub mounts: PathBuf,
    /// `/proc/meminfo`.
    pub meminfo: PathBuf,
}

impl Default for SysPaths {
    fn default() -> Self {
        SysPaths { sysfs: "/sys".into(), mounts: "/proc/mounts".into(), meminfo: "/proc/meminfo".into() }
    }
}

/// Discovers every hugepage size, largest first (as the reference sorts
/// them). With `huge_dir`, only the size mounted there gets a mount.
pub fn discover(paths: &SysPaths, huge_dir: Option<&Path>) -> Vec<HugepageSize> {
    let meminfo = std::fs::read_to_string(&paths.meminfo).unwrap_or_default();
    let default = default_size(&meminfo).unwrap_or(2 << 20);
    let mounts = hugetlbfs_mounts(&std::fs::read_to_string(&paths.mounts).unwrap_or_default(), default);
    let dir = paths.sysfs.join("kernel/mm/hugepages");
    let mut sizes = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return sizes;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(kb) = name.strip_prefix("hugepages-").and_then(|s| s.strip_suffix("kB")) else {
            continue;
        };
        let Ok(kb) = kb.parse::<u64>() else { continue };
        let size = kb << 10;
        let total = read_u64(&e.path().join("nr_hugepages")).unwrap_or(0);
        let free = read_u64(&e.path().join("free_hugepages")).unwrap_or(0);
        let resv = read_u64(&e.path().join("resv_hugepages")).unwrap_or(0);
        let mut per_node = Vec::new();
        for node in 0.. {
            let p = paths.sysfs.join(format!("devices/system/node/node{node}/hugepages/{name}/free_hugepages"));
            match read_u64(&p) {
                Some(n) => per_node.push(n),
                None if node < 64 && paths.sysfs.join(format!("devices/system/node/node{node}")).exists() => {
                    per_node.push(0)
                }
                None => break,
            }
        }
        let mount = match huge_dir {
            Some(d) => mounts.iter().find(|(m, s)| *s == size && m == d).map(|(m, _)| m.clone()),
            // The reference takes the last matching mount.
            None => mounts.iter().rev().find(|(_, s)| *s == size).map(|(m, _)| m.clone()),
        };
        sizes.push(HugepageSize { size, total, free: free.saturating_sub(resv), free_per_node: per_node, mount });
    }
    sizes.sort_by_key(|s| std::cmp::Reverse(s.size));
    sizes
}

/// The message given when hugepages are asked for and none can be had:
/// names the knob to set and the alternative.
pub fn none_available_hint(sizes: &[HugepageSize]) -> String {
    let mounted: Vec<String> =
        sizes.iter().filter(|s| s.mount.is_some()).map(|s| format!("{} kB ({} free)", s.size >> 10, s.free)).collect();
    format!(
        "no free hugepages{}: reserve some with 'echo 512 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages' \
         and mount hugetlbfs ('mount -t hugetlbfs none /dev/hugepages'), or run with --no-huge",
        if mounted.is_empty() {
            String::from(" (no hugetlbfs mounted)")
        } else {
            format!(" (mounted: {})", mounted.join(", "))
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(root: &Path) -> SysPaths {
        let hp = root.join("sys/kernel/mm/hugepages");
        for (name, nr, free, resv) in [("hugepages-2048kB", 64, 60, 4), ("hugepages-1048576kB", 2, 2, 0)] {
            std::fs::create_dir_all(hp.join(name)).unwrap();
            std::fs::write(hp.join(name).join("nr_hugepages"), format!("{nr}\n")).unwrap();
            std::fs::write(hp.join(name).join("free_hugepages"), format!("{free}\n")).unwrap();
            std::fs::write(hp.join(name).join("resv_hugepages"), format!("{resv}\n")).unwrap();
        }
        for (node, free) in [(0, 40), (1, 20)] {
            let d = root.join(format!("sys/devices/system/node/node{node}/hugepages/hugepages-2048kB"));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("free_hugepages"), format!("{free}\n")).unwrap();
        }
        std::fs::write(
            root.join("mounts"),
            "proc /proc proc rw 0 0\nnone /dev/hugepages hugetlbfs rw,relatime,pagesize=2M 0 0\n\
             none /mnt/huge1G hugetlbfs rw,pagesize=1024M 0 0\nnone /mnt/huge\\040b hugetlbfs rw 0 0\n",
        )
        .unwrap();
        std::fs::write(root.join("meminfo"), "MemTotal: 1 kB\nHugepagesize:       2048 kB\n").unwrap();
        SysPaths { sysfs: root.join("sys"), mounts: root.join("mounts"), meminfo: root.join("meminfo") }
    }

    #[test]
    fn discovers_sizes_counts_nodes_and_mounts() {
        let root = std::env::temp_dir().join(format!("rte-hp-{}", std::process::id()));
        let p = fake(&root);
        let s = discover(&p, None);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].size, 1 << 30);
        assert_eq!(s[0].mount.as_deref(), Some(Path::new("/mnt/huge1G")));
        assert_eq!(s[1].size, 2 << 20);
        assert_eq!(s[1].free, 56);
        assert_eq!(s[1].free_per_node, vec![40, 20]);
        // The last mount of the default size wins, spaces unescaped.
        assert_eq!(s[1].mount.as_deref(), Some(Path::new("/mnt/huge b")));
        let only = discover(&p, Some(Path::new("/dev/hugepages")));
        assert_eq!(only[1].mount.as_deref(), Some(Path::new("/dev/hugepages")));
        assert_eq!(only[0].mount, None);
        assert!(none_available_hint(&s).contains("nr_hugepages"));
        assert!(none_available_hint(&s).contains("--no-huge"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn pagesize_option_forms() {
        assert_eq!(parse_pagesize("2M"), Some(2 << 20));
        assert_eq!(parse_pagesize("1024M"), Some(1 << 30));
        assert_eq!(parse_pagesize("2048k"), Some(2 << 20));
        assert_eq!(parse_pagesize("1G"), Some(1 << 30));
        assert_eq!(parse_pagesize("x"), None);
        assert_eq!(default_size("Hugepagesize:    1048576 kB\n"), Some(1 << 30));
    }
}
