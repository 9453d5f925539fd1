//! The 22.11 EAL option set: parsed with glibc getopt_long (see `getopt`),
//! each value validated and stored in [`EalOptions`]. Options whose machinery
//! arrives in later work are stored here so it can find them; tracing, which
//! is not built, is refused with `ENOTSUP`.

use std::ffi::{c_char, c_int};

use rte_abi::config::{RTE_MAX_LCORE, RTE_MAX_NUMA_NODES};
use rte_abi::eal::{rte_iova_mode, rte_proc_type_t};

use crate::cpu::{CpuSet, Topology, CPU_SETSIZE};
use crate::getopt::{self, HasArg, LongOpt};
use crate::Error;

const MAX_LCORE: usize = RTE_MAX_LCORE as usize;

/// Which CPUs each lcore id runs on; `None` for lcores not enabled.
#[derive(Clone, PartialEq, Eq)]
pub struct LcoreMap {
    /// Index = lcore id.
    pub cpus: Vec<Option<CpuSet>>,
}

impl LcoreMap {
    fn empty() -> Self {
        LcoreMap { cpus: vec![None; MAX_LCORE] }
    }

    /// Each detected CPU the process may run on becomes the lcore of the
    /// same number: the default when no -c/-l/--lcores is given.
    pub fn from_cpus(cpus: &CpuSet) -> Self {
        let mut m = Self::empty();
        for c in cpus.iter().filter(|&c| c < MAX_LCORE) {
            m.cpus[c] = Some(CpuSet::single(c));
        }
        m
    }

    /// The enabled lcore ids, ascending.
    pub fn enabled(&self) -> impl Iterator<Item = usize> + '_ {
        self.cpus.iter().enumerate().filter(|(_, c)| c.is_some()).map(|(i, _)| i)
    }

    /// Number of enabled lcores.
    pub fn count(&self) -> usize {
        self.enabled().count()
    }
}

impl std::fmt::Debug for LcoreMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .cpus
            .iter()
            .enumerate()
            .filter_map(|(l, c)| c.as_ref().map(|c| format!("{l}@{}", c.to_list_string())))
            .collect();
        write!(f, "LcoreMap[{}]", parts.join(" "))
    }
}

/// When hugetlbfs files are unlinked (`--huge-unlink`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HugeUnlink {
    /// Unlink files that existed before this process (the default).
    #[default]
    Existing,
    /// Unlink every file right after mapping it.
    Always,
    /// Never unlink (reuse files).
    Never,
}

/// VFIO interrupt mode (`--vfio-intr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VfioIntr {
    /// INTx.
    Legacy,
    /// MSI.
    Msi,
    /// MSI-X.
    Msix,
}

/// Every EAL option, validated.
#[derive(Debug, Clone)]
pub struct EalOptions {
    /// Program name (`argv[0]`).
    pub prgname: String,
    /// Lcores and their CPUs (-c, -l, --lcores), if given.
    pub lcores: Option<LcoreMap>,
    /// Which option set `lcores`, for messages.
    pub lcores_option: Option<String>,
    /// --main-lcore.
    pub main_lcore: Option<u32>,
    /// Service cores (-s mask, -S list).
    pub service_cores: Option<CpuSet>,
    /// -n: memory channels.
    pub mem_channels: Option<u32>,
    /// -r: memory ranks.
    pub mem_ranks: Option<u32>,
    /// -m: memory in bytes.
    pub memory: Option<u64>,
    /// --socket-mem, bytes per socket.
    pub socket_mem: Option<Vec<u64>>,
    /// --socket-limit, bytes per socket (0 = no limit).
    pub socket_limit: Option<Vec<u64>>,
    /// --no-huge.
    pub no_huge: bool,
    /// --in-memory (implies no_shconf and huge unlinking).
    pub in_memory: bool,
    /// --no-shconf.
    pub no_shconf: bool,
    /// --huge-unlink.
    pub huge_unlink: HugeUnlink,
    /// --single-file-segments.
    pub single_file_segments: bool,
    /// --legacy-mem.
    pub legacy_mem: bool,
    /// --match-allocations.
    pub match_allocations: bool,
    /// --file-prefix (default "rte").
    pub file_prefix: String,
    /// --huge-dir.
    pub huge_dir: Option<String>,
    /// --proc-type.
    pub proc_type: rte_proc_type_t,
    /// --iova-mode (`RTE_IOVA_DC` when not forced).
    pub iova_mode: rte_iova_mode,
    /// --base-virtaddr.
    pub base_virtaddr: Option<u64>,
    /// --no-pci.
    pub no_pci: bool,
    /// -a/--allow device arguments.
    pub allow: Vec<String>,
    /// -b/--block device arguments.
    pub block: Vec<String>,
    /// --vdev device arguments.
    pub vdevs: Vec<String>,
    /// -d driver libraries or directories.
    pub drivers: Vec<String>,
    /// --syslog facility.
    pub syslog_facility: Option<c_int>,
    /// --telemetry / --no-telemetry (on by default).
    pub telemetry: bool,
    /// --vfio-intr.
    pub vfio_intr: Option<VfioIntr>,
    /// --vfio-vf-token.
    pub vfio_vf_token: Option<[u8; 16]>,
    /// -v.
    pub show_version: bool,
    /// --mbuf-pool-ops-name.
    pub mbuf_pool_ops_name: Option<String>,
    /// --create-uio-dev.
    pub create_uio_dev: bool,
    /// --huge-worker-stack[=kB]: Some(0) means the system default size.
    pub huge_worker_stack: Option<u64>,
    /// --force-max-simd-bitwidth.
    pub max_simd_bitwidth: Option<u16>,
    /// -h/--help was given.
    pub help: bool,
    /// --log-level=help was given.
    pub log_help: bool,
}

impl Default for EalOptions {
    fn default() -> Self {
        EalOptions {
            prgname: String::new(),
            lcores: None,
            lcores_option: None,
            main_lcore: None,
            service_cores: None,
            mem_channels: None,
            mem_ranks: None,
            memory: None,
            socket_mem: None,
            socket_limit: None,
            no_huge: false,
            in_memory: false,
            no_shconf: false,
            huge_unlink: HugeUnlink::Existing,
            single_file_segments: false,
            legacy_mem: false,
            match_allocations: false,
            file_prefix: "rte".to_string(),
            huge_dir: None,
            proc_type: rte_proc_type_t::RTE_PROC_PRIMARY,
            iova_mode: rte_iova_mode::RTE_IOVA_DC,
            base_virtaddr: None,
            no_pci: false,
            allow: Vec::new(),
            block: Vec::new(),
            vdevs: Vec::new(),
            drivers: Vec::new(),
            syslog_facility: None,
            telemetry: true,
            vfio_intr: None,
            vfio_vf_token: None,
            show_version: false,
            mbuf_pool_ops_name: None,
            create_uio_dev: false,
            huge_worker_stack: None,
            max_simd_bitwidth: None,
            help: false,
            log_help: false,
        }
    }
}

// Codes of the long-only options (short ones use their character).
const O_BASE_VIRTADDR: i32 = 256;
const O_TELEMETRY: i32 = 257;
const O_NO_TELEMETRY: i32 = 258;
const O_CREATE_UIO_DEV: i32 = 259;
const O_FILE_PREFIX: i32 = 260;
const O_HUGE_DIR: i32 = 261;
const O_HUGE_UNLINK: i32 = 262;
const O_LCORES: i32 = 263;
const O_LOG_LEVEL: i32 = 264;
const O_TRACE: i32 = 265;
const O_TRACE_DIR: i32 = 266;
const O_TRACE_BUFSZ: i32 = 267;
const O_TRACE_MODE: i32 = 268;
const O_MAIN_LCORE: i32 = 269;
const O_MBUF_POOL_OPS_NAME: i32 = 270;
const O_PROC_TYPE: i32 = 271;
const O_NO_HPET: i32 = 272;
const O_NO_HUGE: i32 = 273;
const O_NO_PCI: i32 = 274;
const O_NO_SHCONF: i32 = 275;
const O_IN_MEMORY: i32 = 276;
const O_SOCKET_MEM: i32 = 277;
const O_SOCKET_LIMIT: i32 = 278;
const O_SYSLOG: i32 = 279;
const O_VDEV: i32 = 280;
const O_VFIO_INTR: i32 = 281;
const O_VFIO_VF_TOKEN: i32 = 282;
const O_VMWARE_TSC_MAP: i32 = 283;
const O_LEGACY_MEM: i32 = 284;
const O_SINGLE_FILE_SEGMENTS: i32 = 285;
const O_IOVA_MODE: i32 = 286;
const O_MATCH_ALLOCATIONS: i32 = 287;
const O_FORCE_MAX_SIMD_BITWIDTH: i32 = 288;
const O_HUGE_WORKER_STACK: i32 = 289;

/// The short options, as the reference's `eal_short_options`.
const SHORT: &std::ffi::CStr = c"a:b:c:d:hl:m:n:r:s:S:v";

/// The long options of 22.11's `eal_long_options`.
pub const LONG: &[LongOpt] = &[
    LongOpt { name: "base-virtaddr", has_arg: HasArg::Required, code: O_BASE_VIRTADDR },
    LongOpt { name: "telemetry", has_arg: HasArg::No, code: O_TELEMETRY },
    LongOpt { name: "no-telemetry", has_arg: HasArg::No, code: O_NO_TELEMETRY },
    LongOpt { name: "create-uio-dev", has_arg: HasArg::No, code: O_CREATE_UIO_DEV },
    LongOpt { name: "file-prefix", has_arg: HasArg::Required, code: O_FILE_PREFIX },
    LongOpt { name: "help", has_arg: HasArg::No, code: 'h' as i32 },
    LongOpt { name: "huge-dir", has_arg: HasArg::Required, code: O_HUGE_DIR },
    LongOpt { name: "huge-unlink", has_arg: HasArg::Optional, code: O_HUGE_UNLINK },
    LongOpt { name: "lcores", has_arg: HasArg::Required, code: O_LCORES },
    LongOpt { name: "log-level", has_arg: HasArg::Required, code: O_LOG_LEVEL },
    LongOpt { name: "trace", has_arg: HasArg::Required, code: O_TRACE },
    LongOpt { name: "trace-dir", has_arg: HasArg::Required, code: O_TRACE_DIR },
    LongOpt { name: "trace-bufsz", has_arg: HasArg::Required, code: O_TRACE_BUFSZ },
    LongOpt { name: "trace-mode", has_arg: HasArg::Required, code: O_TRACE_MODE },
    LongOpt { name: "main-lcore", has_arg: HasArg::Required, code: O_MAIN_LCORE },
    LongOpt { name: "mbuf-pool-ops-name", has_arg: HasArg::Required, code: O_MBUF_POOL_OPS_NAME },
    LongOpt { name: "proc-type", has_arg: HasArg::Required, code: O_PROC_TYPE },
    LongOpt { name: "no-hpet", has_arg: HasArg::No, code: O_NO_HPET },
    LongOpt { name: "no-huge", has_arg: HasArg::No, code: O_NO_HUGE },
    LongOpt { name: "no-pci", has_arg: HasArg::No, code: O_NO_PCI },
    LongOpt { name: "no-shconf", has_arg: HasArg::No, code: O_NO_SHCONF },
    LongOpt { name: "in-memory", has_arg: HasArg::No, code: O_IN_MEMORY },
    LongOpt { name: "block", has_arg: HasArg::Required, code: 'b' as i32 },
    LongOpt { name: "allow", has_arg: HasArg::Required, code: 'a' as i32 },
    LongOpt { name: "socket-mem", has_arg: HasArg::Required, code: O_SOCKET_MEM },
    LongOpt { name: "socket-limit", has_arg: HasArg::Required, code: O_SOCKET_LIMIT },
    LongOpt { name: "syslog", has_arg: HasArg::Optional, code: O_SYSLOG },
    LongOpt { name: "vdev", has_arg: HasArg::Required, code: O_VDEV },
    LongOpt { name: "vfio-intr", has_arg: HasArg::Required, code: O_VFIO_INTR },
    LongOpt { name: "vfio-vf-token", has_arg: HasArg::Required, code: O_VFIO_VF_TOKEN },
    LongOpt { name: "vmware-tsc-map", has_arg: HasArg::No, code: O_VMWARE_TSC_MAP },
    LongOpt { name: "legacy-mem", has_arg: HasArg::No, code: O_LEGACY_MEM },
    LongOpt { name: "single-file-segments", has_arg: HasArg::No, code: O_SINGLE_FILE_SEGMENTS },
    LongOpt { name: "iova-mode", has_arg: HasArg::Required, code: O_IOVA_MODE },
    LongOpt { name: "match-allocations", has_arg: HasArg::No, code: O_MATCH_ALLOCATIONS },
    LongOpt { name: "force-max-simd-bitwidth", has_arg: HasArg::Required, code: O_FORCE_MAX_SIMD_BITWIDTH },
    LongOpt { name: "huge-worker-stack", has_arg: HasArg::Optional, code: O_HUGE_WORKER_STACK },
];

/// Parses `argv[..argc]` as `rte_eal_init` does, calling `apply_log_level`
/// for each `--log-level` value as it is met (so later messages honour it).
/// Returns the options and getopt's final index (the first argument not
/// consumed; `--` is consumed).
///
/// # Safety
/// `argv` must hold `argc` valid NUL-terminated strings in a writable array.
pub unsafe fn parse_argv(
    argc: c_int,
    argv: *mut *mut c_char,
    topo: &Topology,
    mut apply_log_level: impl FnMut(&LogLevelArg) -> Result<(), Error>,
) -> Result<(EalOptions, usize), Error> {
    let mut o = EalOptions::default();
    if argc > 0 {
        // SAFETY: argv[0] is valid per the contract.
        o.prgname = unsafe { std::ffi::CStr::from_ptr(*argv) }.to_string_lossy().into_owned();
    }
    let mut cores_seen = false;
    // SAFETY: forwarded from this function's contract.
    let end = unsafe {
        getopt::run(argc, argv, SHORT, LONG, |p| {
            let v = p.arg.as_deref().unwrap_or("");
            let name = p.spelled.as_str();
            match p.code {
                c if c == '?' as i32 || c == ':' as i32 => {
                    return Err(Error::option(name, "unrecognized option or missing value"));
                }
                c if c == 'c' as i32 || c == 'l' as i32 || c == O_LCORES => {
                    if cores_seen {
                        return Err(Error::option(name, "only one of -c, -l and --lcores may be given, once"));
                    }
                    cores_seen = true;
                    let map = if c == 'c' as i32 {
                        parse_coremask(v, &topo.detected)
                    } else if c == 'l' as i32 {
                        parse_corelist(v, &topo.detected)
                    } else {
                        parse_lcores(v, &topo.detected)
                    }
                    .map_err(|r| Error::option(name, format!("'{v}': {r}")))?;
                    o.lcores = Some(map);
                    o.lcores_option = Some(name.to_string());
                }
                c if c == 's' as i32 || c == 'S' as i32 => {
                    let map = if c == 's' as i32 {
                        parse_coremask(v, &topo.detected)
                    } else {
                        parse_corelist(v, &topo.detected)
                    }
                    .map_err(|r| Error::option(name, format!("'{v}': {r}")))?;
                    let mut set = CpuSet::new();
                    for l in map.enabled() {
                        set.insert(l);
                    }
                    o.service_cores = Some(set);
                }
                O_MAIN_LCORE => {
                    let id = parse_u64(v).filter(|&n| n < RTE_MAX_LCORE as u64).ok_or_else(|| {
                        Error::option(name, format!("'{v}' is not an lcore id below {RTE_MAX_LCORE}"))
                    })?;
                    o.main_lcore = Some(id as u32);
                }
                c if c == 'n' as i32 => {
                    let n = parse_u64(v)
                        .filter(|&n| n > 0 && n <= u32::MAX as u64)
                        .ok_or_else(|| Error::option(name, format!("invalid number of memory channels '{v}'")))?;
                    o.mem_channels = Some(n as u32);
                }
                c if c == 'r' as i32 => {
                    let n = parse_u64(v)
                        .filter(|&n| (1..=16).contains(&n))
                        .ok_or_else(|| Error::option(name, format!("invalid number of memory ranks '{v}' (1-16)")))?;
                    o.mem_ranks = Some(n as u32);
                }
                c if c == 'm' as i32 => {
                    let mb = parse_u64(v)
                        .filter(|&n| n > 0 && n <= (u64::MAX >> 20))
                        .ok_or_else(|| Error::option(name, format!("invalid memory size '{v}' (a number of MiB)")))?;
                    o.memory = Some(mb << 20);
                }
                O_SOCKET_MEM | O_SOCKET_LIMIT => {
                    let list = parse_socket_mem(v).map_err(|r| Error::option(name, format!("'{v}': {r}")))?;
                    if p.code == O_SOCKET_MEM {
                        o.socket_mem = Some(list);
                    } else {
                        o.socket_limit = Some(list);
                    }
                }
                O_NO_HUGE => o.no_huge = true,
                O_IN_MEMORY => o.in_memory = true,
                O_NO_SHCONF => o.no_shconf = true,
                O_HUGE_UNLINK => {
                    o.huge_unlink = match p.arg.as_deref() {
                        None | Some("always") => HugeUnlink::Always,
                        Some("existing") => HugeUnlink::Existing,
                        Some("never") => HugeUnlink::Never,
                        Some(x) => return Err(Error::option(name, format!("'{x}' is not existing, always or never"))),
                    }
                }
                O_SINGLE_FILE_SEGMENTS => o.single_file_segments = true,
                O_LEGACY_MEM => o.legacy_mem = true,
                O_MATCH_ALLOCATIONS => o.match_allocations = true,
                O_FILE_PREFIX => {
                    if v.is_empty() || v.contains('%') || v.contains('/') || v == "." || v == ".." {
                        return Err(Error::option(name, format!("'{v}' is not a valid prefix")));
                    }
                    o.file_prefix = v.to_string();
                }
                O_HUGE_DIR => {
                    if v.is_empty() {
                        return Err(Error::option(name, "empty directory"));
                    }
                    o.huge_dir = Some(v.to_string());
                }
                O_PROC_TYPE => {
                    o.proc_type = match v {
                        "primary" => rte_proc_type_t::RTE_PROC_PRIMARY,
                        "secondary" => rte_proc_type_t::RTE_PROC_SECONDARY,
                        "auto" => rte_proc_type_t::RTE_PROC_AUTO,
                        _ => return Err(Error::option(name, format!("'{v}' is not primary, secondary or auto"))),
                    }
                }
                O_IOVA_MODE => {
                    o.iova_mode = match v {
                        "pa" => rte_iova_mode::RTE_IOVA_PA,
                        "va" => rte_iova_mode::RTE_IOVA_VA,
                        _ => return Err(Error::option(name, format!("'{v}' is not pa or va"))),
                    }
                }
                O_BASE_VIRTADDR => {
                    let t = v.trim();
                    let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
                    let addr = u64::from_str_radix(hex, 16)
                        .ok()
                        .filter(|&a| a != 0)
                        .ok_or_else(|| Error::option(name, format!("'{v}' is not a non-zero hexadecimal address")))?;
                    o.base_virtaddr = Some(addr);
                }
                O_NO_PCI => o.no_pci = true,
                c if c == 'a' as i32 => o.allow.push(non_empty(name, v)?),
                c if c == 'b' as i32 => o.block.push(non_empty(name, v)?),
                O_VDEV => o.vdevs.push(non_empty(name, v)?),
                c if c == 'd' as i32 => o.drivers.push(non_empty(name, v)?),
                O_LOG_LEVEL => {
                    if v == "help" {
                        o.log_help = true;
                    } else {
                        let arg = parse_log_level(v).map_err(|r| Error::option(name, format!("'{v}': {r}")))?;
                        apply_log_level(&arg)?;
                    }
                }
                O_SYSLOG => {
                    let f = p.arg.as_deref().unwrap_or("daemon");
                    o.syslog_facility = Some(
                        syslog_facility(f)
                            .ok_or_else(|| Error::option(name, format!("unknown syslog facility '{f}'")))?,
                    );
                }
                O_TELEMETRY => o.telemetry = true,
                O_NO_TELEMETRY => o.telemetry = false,
                O_VFIO_INTR => {
                    o.vfio_intr = Some(match v {
                        "legacy" => VfioIntr::Legacy,
                        "msi" => VfioIntr::Msi,
                        "msix" => VfioIntr::Msix,
                        _ => return Err(Error::option(name, format!("'{v}' is not legacy, msi or msix"))),
                    })
                }
                O_VFIO_VF_TOKEN => {
                    o.vfio_vf_token =
                        Some(parse_uuid(v).ok_or_else(|| Error::option(name, format!("'{v}' is not a UUID")))?);
                }
                c if c == 'v' as i32 => o.show_version = true,
                c if c == 'h' as i32 => o.help = true,
                O_MBUF_POOL_OPS_NAME => o.mbuf_pool_ops_name = Some(non_empty(name, v)?),
                O_CREATE_UIO_DEV => o.create_uio_dev = true,
                O_NO_HPET | O_VMWARE_TSC_MAP => {}
                O_HUGE_WORKER_STACK => {
                    o.huge_worker_stack = Some(match p.arg.as_deref() {
                        None => 0,
                        Some(s) => parse_u64(s)
                            .filter(|&k| k > 0)
                            .ok_or_else(|| Error::option(name, format!("'{s}' is not a stack size in KiB")))?,
                    })
                }
                O_FORCE_MAX_SIMD_BITWIDTH => {
                    let w = parse_u64(v)
                        .filter(|&w| w.is_power_of_two() && (64..=32768).contains(&w))
                        .ok_or_else(|| Error::option(name, format!("'{v}' is not a power of two from 64")))?;
                    o.max_simd_bitwidth = Some(w as u16);
                }
                O_TRACE | O_TRACE_DIR | O_TRACE_BUFSZ | O_TRACE_MODE => {
                    return Err(Error::NotSupported(format!("{name} (tracing)")));
                }
                other => return Err(Error::option(name, format!("unhandled option code {other}"))),
            }
            Ok(())
        })?
    };
    check_combinations(&o)?;
    Ok((o, end))
}

fn non_empty(name: &str, v: &str) -> Result<String, Error> {
    if v.trim().is_empty() {
        return Err(Error::option(name, "empty value"));
    }
    Ok(v.to_string())
}

/// Option pairs the reference refuses together.
fn check_combinations(o: &EalOptions) -> Result<(), Error> {
    if o.memory.is_some() && o.socket_mem.is_some() {
        return Err(Error::option("-m", "cannot be combined with --socket-mem"));
    }
    if o.no_huge && o.socket_mem.is_some() {
        return Err(Error::option("--socket-mem", "cannot be combined with --no-huge"));
    }
    if o.no_huge && o.huge_unlink != HugeUnlink::Existing {
        return Err(Error::option("--huge-unlink", "cannot be combined with --no-huge"));
    }
    if o.legacy_mem && o.socket_limit.is_some() {
        return Err(Error::option("--socket-limit", "cannot be combined with --legacy-mem"));
    }
    if o.match_allocations && (o.legacy_mem || o.no_huge) {
        return Err(Error::option("--match-allocations", "cannot be combined with --legacy-mem or --no-huge"));
    }
    if !o.allow.is_empty() && !o.block.is_empty() {
        return Err(Error::option("-a/-b", "allow and block lists cannot be used together"));
    }
    if o.in_memory && o.proc_type == rte_proc_type_t::RTE_PROC_SECONDARY {
        return Err(Error::option("--in-memory", "cannot be combined with --proc-type=secondary"));
    }
    Ok(())
}

/// A decimal (or 0x-hex) unsigned number, blanks around it allowed.
pub fn parse_u64(s: &str) -> Option<u64> {
    let t = s.trim();
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok();
    }
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

fn check_cpu(cpu: usize, detected: &CpuSet) -> Result<(), String> {
    if !detected.contains(cpu) {
        return Err(format!("lcore {cpu} unavailable (this machine has cpus {})", detected.to_list_string()));
    }
    Ok(())
}

/// `-c`: a hexadecimal mask of CPUs, each becoming the lcore of its number.
pub fn parse_coremask(s: &str, detected: &CpuSet) -> Result<LcoreMap, String> {
    let t = s.trim();
    let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")).unwrap_or(t);
    if hex.is_empty() {
        return Err("empty coremask".into());
    }
    let mut map = LcoreMap::empty();
    for (i, ch) in hex.bytes().rev().enumerate() {
        let nibble = (ch as char).to_digit(16).ok_or_else(|| format!("'{}' is not a hex digit", ch as char))?;
        for bit in 0..4 {
            if nibble & (1 << bit) != 0 {
                let cpu = i * 4 + bit;
                if cpu >= MAX_LCORE {
                    return Err(format!("core {cpu} is beyond RTE_MAX_LCORE ({RTE_MAX_LCORE})"));
                }
                check_cpu(cpu, detected)?;
                map.cpus[cpu] = Some(CpuSet::single(cpu));
            }
        }
    }
    if map.count() == 0 {
        return Err("no core in mask".into());
    }
    Ok(map)
}

/// Parses "1,3-5,(7,8)" style number lists into a set; `max` bounds values.
fn parse_number_list(s: &str, max: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for tok in s.split(',') {
        let tok = tok.trim();
        if tok.is_empty() {
            return Err("empty element".into());
        }
        let (a, b) = match tok.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (tok, tok),
        };
        let a: usize = parse_u64(a).ok_or_else(|| format!("'{tok}' is not a number or range"))? as usize;
        let b: usize = parse_u64(b).ok_or_else(|| format!("'{tok}' is not a number or range"))? as usize;
        let (lo, hi) = (a.min(b), a.max(b));
        if hi >= max {
            return Err(format!("{hi} is not below {max}"));
        }
        out.extend(lo..=hi);
    }
    Ok(out)
}

/// `-l`: a list of CPUs ("0-3,6"), each becoming the lcore of its number.
pub fn parse_corelist(s: &str, detected: &CpuSet) -> Result<LcoreMap, String> {
    if s.contains(['(', ')', '@']) {
        return Err("use --lcores for groups and @ maps".into());
    }
    let mut map = LcoreMap::empty();
    for cpu in parse_number_list(s, MAX_LCORE)? {
        check_cpu(cpu, detected)?;
        map.cpus[cpu] = Some(CpuSet::single(cpu));
    }
    if map.count() == 0 {
        return Err("empty core list".into());
    }
    Ok(map)
}

/// Splits off one group: "(1,2-3)" or a plain number/range, returning it and
/// the rest of the string.
fn take_group(s: &str) -> Result<(&str, &str), String> {
    if let Some(rest) = s.strip_prefix('(') {
        let close = rest.find(')').ok_or("unbalanced '('")?;
        Ok((&rest[..close], &rest[close + 1..]))
    } else {
        let end = s.find([',', '@']).unwrap_or(s.len());
        Ok((&s[..end], &s[end..]))
    }
}

/// `--lcores`: `lcores[@cpus][,lcores[@cpus]...]`, groups in parentheses.
/// Without `@`, each lcore of a group runs on the group's CPUs.
pub fn parse_lcores(s: &str, detected: &CpuSet) -> Result<LcoreMap, String> {
    let mut map = LcoreMap::empty();
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err("empty lcore map".into());
    }
    while !rest.is_empty() {
        let (lgroup, r) = take_group(rest)?;
        let lcores = parse_number_list(lgroup, MAX_LCORE)?;
        let (cpus, r) = if let Some(r) = r.strip_prefix('@') {
            let (cgroup, r) = take_group(r)?;
            (parse_number_list(cgroup, CPU_SETSIZE)?, r)
        } else {
            (lcores.clone(), r)
        };
        let mut set = CpuSet::new();
        for &c in &cpus {
            check_cpu(c, detected)?;
            set.insert(c);
        }
        for &l in &lcores {
            if map.cpus[l].is_some() {
                return Err(format!("lcore {l} is mapped twice"));
            }
            map.cpus[l] = Some(set);
        }
        rest = match r.strip_prefix(',') {
            Some(r) if !r.is_empty() => r,
            Some(_) => return Err("trailing ','".into()),
            None if r.is_empty() => r,
            None => return Err(format!("unexpected '{r}'")),
        };
    }
    Ok(map)
}

/// `--socket-mem`/`--socket-limit`: MiB per socket, comma separated.
pub fn parse_socket_mem(s: &str) -> Result<Vec<u64>, String> {
    let parts: Vec<&str> = s.split(',').collect();
    if parts.len() > RTE_MAX_NUMA_NODES as usize {
        return Err(format!("more than {RTE_MAX_NUMA_NODES} sockets"));
    }
    parts
        .iter()
        .map(|p| {
            parse_u64(p)
                .filter(|&mb| mb <= (u64::MAX >> 20))
                .map(|mb| mb << 20)
                .ok_or_else(|| format!("'{p}' is not a number of MiB"))
        })
        .collect()
}

/// A parsed `--log-level` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogLevelArg {
    /// `--log-level=<level>`: the global level.
    Global(u32),
    /// `--log-level=<glob>:<level>`.
    Pattern(String, u32),
    /// `--log-level=<regex>,<level>`.
    Regex(String, u32),
}

/// Parses a `--log-level` value: `level`, `glob:level` or `regex,level`,
/// the level by name or number.
pub fn parse_log_level(v: &str) -> Result<LogLevelArg, String> {
    let level = |l: &str| {
        crate::log::parse_level(l)
            .filter(|&n| n <= rte_abi::log::RTE_LOG_MAX)
            .ok_or_else(|| format!("invalid log level '{l}'"))
    };
    if let Some((re, l)) = v.split_once(',') {
        if re.is_empty() {
            return Err("empty regular expression".into());
        }
        return Ok(LogLevelArg::Regex(re.to_string(), level(l)?));
    }
    if let Some((pat, l)) = v.rsplit_once(':') {
        if pat.is_empty() {
            return Err("empty pattern".into());
        }
        return Ok(LogLevelArg::Pattern(pat.to_string(), level(l)?));
    }
    Ok(LogLevelArg::Global(level(v)?))
}

fn syslog_facility(name: &str) -> Option<c_int> {
    Some(match name {
        "auth" => libc::LOG_AUTH,
        "cron" => libc::LOG_CRON,
        "daemon" => libc::LOG_DAEMON,
        "ftp" => libc::LOG_FTP,
        "kern" => libc::LOG_KERN,
        "lpr" => libc::LOG_LPR,
        "mail" => libc::LOG_MAIL,
        "news" => libc::LOG_NEWS,
        "syslog" => libc::LOG_SYSLOG,
        "user" => libc::LOG_USER,
        "uucp" => libc::LOG_UUCP,
        "local0" => libc::LOG_LOCAL0,
        "local1" => libc::LOG_LOCAL1,
        "local2" => libc::LOG_LOCAL2,
        "local3" => libc::LOG_LOCAL3,
        "local4" => libc::LOG_LOCAL4,
        "local5" => libc::LOG_LOCAL5,
        "local6" => libc::LOG_LOCAL6,
        "local7" => libc::LOG_LOCAL7,
        _ => return None,
    })
}

fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let hex: String = s.chars().filter(|&c| c != '-').collect();
    let groups: Vec<usize> = s.split('-').map(str::len).collect();
    if groups != [8, 4, 4, 4, 12] || hex.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The usage text printed by `-h`, naming the program.
pub fn usage(prgname: &str) -> String {
    format!(
        "\nUsage: {prgname} [options]\n\n\
EAL common options:\n\
  -c COREMASK         Hexadecimal bitmask of cores to run on\n\
  -l CORELIST         List of cores to run on: <c1>[-c2][,c3[-c4],...],\n\
                      core indexes between 0 and {max}\n\
  --lcores COREMAP    Map lcore set to physical cpu set:\n\
                      '<lcores[@cpus]>[<,lcores[@cpus]>...]', sets grouped by\n\
                      '(' and ')', '-' for ranges; '@cpus' may be omitted\n\
  -s SERVICE COREMASK Hexadecimal bitmask of cores to be used as service cores\n\
  -S SERVICE CORELIST List of cores to run services on\n\
  --main-lcore ID     Core ID that is used as main\n\
  --mbuf-pool-ops-name Pool ops name for mbuf to use\n\
  -n CHANNELS         Number of memory channels\n\
  -m MB               Memory to allocate (see also --socket-mem)\n\
  -r RANKS            Force number of memory ranks (don't detect)\n\
  -b, --block         Add a device to the blocked list\n\
  -a, --allow         Add a device to the allow list (not with -b)\n\
  --vdev              Add a virtual device: <driver><id>[,key=val,...]\n\
  --iova-mode         Set IOVA mode: 'pa' or 'va'\n\
  -d LIB.so|DIR       Add a driver or driver directory (repeatable)\n\
  --vmware-tsc-map    Use VMware TSC map instead of native RDTSC\n\
  --proc-type         Type of this process (primary|secondary|auto)\n\
  --syslog[=facility] Also log to syslog\n\
  --log-level=<level> Set global log level\n\
  --log-level=<type-match>:<level>   Set a level by glob\n\
  --log-level=<type-regex>,<level>   Set a level by regular expression\n\
  --log-level=help    Show log types and levels\n\
  --trace=<regex>, --trace-dir, --trace-bufsz, --trace-mode\n\
                      Tracing (not supported by librte-rs: ENOTSUP)\n\
  -v                  Display version information on startup\n\
  -h, --help          This help\n\
  --in-memory         Operate entirely in memory (no secondary processes)\n\
  --base-virtaddr     Base virtual address\n\
  --telemetry         Enable telemetry support (on by default)\n\
  --no-telemetry      Disable telemetry support\n\
  --force-max-simd-bitwidth Force the max SIMD bitwidth\n\n\
EAL options for DEBUG use only:\n\
  --huge-unlink[=existing|always|never]\n\
                      When to unlink files in hugetlbfs\n\
  --no-huge           Use anonymous memory instead of hugetlbfs\n\
  --no-pci            Disable PCI\n\
  --no-hpet           Disable HPET\n\
  --no-shconf         No shared config (mmap'd files)\n\n\
EAL Linux options:\n\
  --socket-mem        Memory to allocate on sockets (comma separated values)\n\
  --socket-limit      Limit memory allocation on sockets (comma separated values)\n\
  --huge-dir          Directory where hugetlbfs is mounted\n\
  --file-prefix       Prefix for hugepage filenames and the runtime directory\n\
  --create-uio-dev    Create /dev/uioX (usually done by hotplug)\n\
  --vfio-intr         Interrupt mode for VFIO (legacy|msi|msix)\n\
  --vfio-vf-token     VF token (UUID) shared between SR-IOV PF and VFs\n\
  --legacy-mem        Legacy memory mode (no dynamic allocation)\n\
  --single-file-segments Put all hugepage memory in single files\n\
  --match-allocations Free hugepages exactly as allocated\n\
  --huge-worker-stack[=size] Worker thread stacks from hugepage memory (KiB)\n\n",
        max = RTE_MAX_LCORE - 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;

    fn cpus(n: usize) -> CpuSet {
        let mut s = CpuSet::new();
        for c in 0..n {
            s.insert(c);
        }
        s
    }

    fn topo(n: usize) -> Topology {
        Topology { detected: cpus(n), socket_of: vec![0; CPU_SETSIZE], sockets: vec![0] }
    }

    fn parse(args: &[&str]) -> Result<(EalOptions, usize, Vec<String>), Error> {
        let owned: Vec<CString> = args.iter().map(|a| CString::new(*a).unwrap()).collect();
        let mut argv: Vec<*mut c_char> = owned.iter().map(|c| c.as_ptr() as *mut c_char).collect();
        argv.push(std::ptr::null_mut());
        // SAFETY: argv holds valid strings; getopt only permutes the array.
        let r = unsafe { parse_argv(args.len() as c_int, argv.as_mut_ptr(), &topo(4), |_| Ok(())) };
        r.map(|(o, end)| {
            let after: Vec<String> = argv[end..args.len()]
                .iter()
                // SAFETY: entries are the valid strings above, permuted.
                .map(|&p| unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy().into_owned())
                .collect();
            (o, end, after)
        })
    }

    #[test]
    fn corelist_and_mask_agree() {
        let d = cpus(4);
        let a = parse_corelist("0-1,3", &d).unwrap();
        let b = parse_coremask("0xb", &d).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.enabled().collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(parse_corelist(" 3-1 ", &d).unwrap().count(), 3);
        assert!(parse_corelist("7", &d).unwrap_err().contains("unavailable"));
        assert!(parse_corelist("", &d).is_err());
        assert!(parse_corelist("1,,2", &d).is_err());
        assert!(parse_corelist("a", &d).is_err());
        assert!(parse_corelist("200", &d).is_err());
        assert!(parse_coremask("0x0", &d).is_err());
        assert!(parse_coremask("0x10", &d).is_err());
        assert!(parse_coremask("xyz", &d).is_err());
    }

    #[test]
    fn lcores_groups_and_maps() {
        let d = cpus(4);
        let m = parse_lcores("(0-2)@(0,1),3@3,10@2,(20,21)@1", &d).unwrap();
        assert_eq!(m.cpus[0].unwrap().to_list_string(), "0-1");
        assert_eq!(m.cpus[2].unwrap().to_list_string(), "0-1");
        assert_eq!(m.cpus[3].unwrap().to_list_string(), "3");
        assert_eq!(m.cpus[10].unwrap().to_list_string(), "2");
        assert_eq!(m.cpus[21].unwrap().to_list_string(), "1");
        assert_eq!(m.count(), 7);
        let plain = parse_lcores("(0,1)", &d).unwrap();
        assert_eq!(plain.cpus[1].unwrap().to_list_string(), "0-1");
        assert!(parse_lcores("0@7", &d).is_err());
        assert!(parse_lcores("(0,1", &d).is_err());
        assert!(parse_lcores("0,0@1", &d).is_err());
        assert!(parse_lcores("0,", &d).is_err());
        assert!(parse_lcores("200@0", &d).is_err());
    }

    #[test]
    fn log_level_forms() {
        assert_eq!(parse_log_level("8").unwrap(), LogLevelArg::Global(8));
        assert_eq!(parse_log_level("lib.*:debug").unwrap(), LogLevelArg::Pattern("lib.*".into(), 8));
        assert_eq!(parse_log_level("lib.eal,4").unwrap(), LogLevelArg::Regex("lib.eal".into(), 4));
        assert!(parse_log_level("9").is_err());
        assert!(parse_log_level("lib:loud").is_err());
        assert!(parse_log_level(":8").is_err());
    }

    #[test]
    fn argv_parse_consumes_eal_options_and_double_dash() {
        let (o, end, after) =
            parse(&["app", "-l", "0-1", "--no-huge", "-m", "512", "--file-prefix=t1", "--", "-p", "3"]).unwrap();
        assert_eq!(end, 8);
        assert_eq!(after, vec!["-p", "3"]);
        assert!(o.no_huge);
        assert_eq!(o.memory, Some(512 << 20));
        assert_eq!(o.file_prefix, "t1");
        assert_eq!(o.lcores.unwrap().count(), 2);
        // Abbreviated long options are accepted, as glibc getopt_long does.
        let (o, _, _) = parse(&["app", "--no-hu", "--proc-type", "auto", "--iova=va"]).unwrap();
        assert!(o.no_huge);
        assert_eq!(o.proc_type, rte_proc_type_t::RTE_PROC_AUTO);
        assert_eq!(o.iova_mode, rte_iova_mode::RTE_IOVA_VA);
    }

    #[test]
    fn bad_options_name_the_option() {
        let cases: &[(&[&str], &str)] = &[
            (&["app", "--bogus"], "--bogus"),
            (&["app", "-m", "abc"], "-m"),
            (&["app", "-l", "9"], "-l"),
            (&["app", "--proc-type=sometimes"], "--proc-type"),
            (&["app", "--iova-mode", "xx"], "--iova-mode"),
            (&["app", "-n", "0"], "-n"),
            (&["app", "--file-prefix=a/b"], "--file-prefix"),
            (&["app", "-m", "64", "--socket-mem=64"], "-m"),
            (&["app", "-a", "0000:00:01.0", "-b", "0000:00:02.0"], "-a/-b"),
            (&["app", "--huge-unlink=maybe"], "--huge-unlink"),
            (&["app", "-l", "0", "-c", "1"], "-c"),
            (&["app", "--log-level=lib.eal:loud"], "--log-level"),
            (&["app", "-m"], "-m"),
        ];
        for (args, opt) in cases {
            match parse(args) {
                Err(Error::InvalidOption { option, .. }) => {
                    assert!(option.contains(opt) || opt.contains(&*option), "{args:?}: {option} vs {opt}")
                }
                other => panic!("{args:?} gave {other:?}"),
            }
        }
        assert!(matches!(parse(&["app", "--trace=.*"]), Err(Error::NotSupported(_))));
    }
}
