//! `rte_eal_init` and `rte_eal_cleanup`: the order in which the EAL comes up
//! and goes down, and the process-wide facts the rest of the library asks
//! about (process type, runtime directory, options).

use std::ffi::{c_char, c_int, CString};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::RwLock;

use rte_abi::eal::{rte_iova_mode, rte_proc_type_t};

use crate::cpu::{self, Topology};
use crate::lcore::{self, Config};
use crate::options::{self, EalOptions, LcoreMap, LogLevelArg};
use crate::runtime::{LockOutcome, RuntimeDir};
use crate::{launch, log, rand, rte_log, tls, tsc, Error};

const NOT_INIT: u8 = 0;
const INITIALISING: u8 = 1;
const READY: u8 = 2;
const CLEANED: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(NOT_INIT);

/// What `rte_eal_init` established.
#[derive(Debug)]
pub struct Eal {
    /// The parsed options.
    pub options: EalOptions,
    /// The process type after auto-detection.
    pub proc_type: rte_proc_type_t,
    /// The runtime directory, as a C string for `rte_eal_get_runtime_dir`.
    pub runtime_dir_c: CString,
    runtime_dir: Option<RuntimeDir>,
    plugins: Vec<usize>,
    /// The IOVA mode chosen at init.
    pub iova: rte_iova_mode,
}

static EAL: RwLock<Option<Eal>> = RwLock::new(None);

/// Runs `f` on the initialised EAL, if any.
pub fn with<T>(f: impl FnOnce(&Eal) -> T) -> Option<T> {
    EAL.read().unwrap_or_else(|e| e.into_inner()).as_ref().map(f)
}

/// Whether `rte_eal_init` has completed.
pub fn is_ready() -> bool {
    STATE.load(Ordering::Acquire) == READY
}

/// The RTE version string.
pub const VERSION: &std::ffi::CStr = c"DPDK 22.11.11";

fn apply_log_level(arg: &LogLevelArg) -> Result<(), Error> {
    let bad = |e: Error| Error::option("--log-level", e.to_string());
    match arg {
        LogLevelArg::Global(l) => {
            log::set_global_level(*l);
            Ok(())
        }
        LogLevelArg::Pattern(p, l) => {
            let p = CString::new(p.as_str()).map_err(|_| Error::option("--log-level", "NUL in pattern"))?;
            log::set_level_pattern(&p, *l).map_err(bad)
        }
        LogLevelArg::Regex(r, l) => {
            let r = CString::new(r.as_str()).map_err(|_| Error::option("--log-level", "NUL in regex"))?;
            log::set_level_regexp(&r, *l).map_err(bad)
        }
    }
}

fn print_stdout(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn load_plugins(paths: &[String]) -> Result<Vec<usize>, Error> {
    let mut files = Vec::new();
    for p in paths {
        let path = std::path::Path::new(p);
        if path.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| Error::option("-d", format!("{p}: {e}")))?
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.to_string_lossy().ends_with(".so"))
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(path.to_path_buf());
        }
    }
    let mut handles = Vec::new();
    for f in files {
        let c = CString::new(f.to_string_lossy().as_bytes()).map_err(|_| Error::option("-d", "NUL in path"))?;
        rte_log!(DEBUG, EAL, "EAL: open shared lib {}\n", f.display());
        // SAFETY: dlopen with a valid path; the library's constructors run,
        // which is what -d asks for.
        let h = unsafe { libc::dlopen(c.as_ptr(), libc::RTLD_NOW) };
        if h.is_null() {
            // SAFETY: dlerror returns a valid string after a failed dlopen.
            let msg = unsafe { std::ffi::CStr::from_ptr(libc::dlerror()) }.to_string_lossy().into_owned();
            return Err(Error::option("-d", msg));
        }
        handles.push(h as usize);
    }
    Ok(handles)
}

/// Initialises the EAL from `argv`. On success returns how many arguments it
/// consumed and leaves `argv[consumed]` pointing at the program name, as the
/// reference does, so the application parses `argv + consumed`.
///
/// # Safety
/// `argv` must hold `argc` valid NUL-terminated strings in a writable array.
pub unsafe fn eal_init(argc: c_int, argv: *mut *mut c_char) -> Result<usize, Error> {
    if argc < 1 || argv.is_null() {
        return Err(Error::InvalidArgument(format!("argc {argc} with argv {argv:?}")));
    }
    if STATE.compare_exchange(NOT_INIT, INITIALISING, Ordering::AcqRel, Ordering::Acquire).is_err() {
        return Err(Error::Already);
    }
    // SAFETY: forwarded from this function's contract.
    let r = unsafe { init_inner(argc, argv) };
    match r {
        Ok((eal, consumed)) => {
            *EAL.write().unwrap_or_else(|e| e.into_inner()) = Some(eal);
            STATE.store(READY, Ordering::Release);
            // As 22.11, the buses probe once the lcores are up; here also once
            // the EAL state is published, so that drivers' probes can query it
            // (IOVA mode, hugepages, process type). Failures are logged only.
            crate::bus::probe_all();
            Ok(consumed)
        }
        Err(e) => {
            // Undo what was started so that a corrected retry can succeed,
            // as the reference allows after a parse error.
            launch::stop_workers();
            lcore::uninstall();
            STATE.store(NOT_INIT, Ordering::Release);
            Err(e)
        }
    }
}

/// Gives back what a failed init took: memory, the memzone table, the
/// shared config and the runtime directory (each a no-op if not taken yet).
fn abandon(dir: RuntimeDir) {
    // Devices found by the scan and the devargs go with the failed init.
    crate::bus::cleanup_all();
    rte_mem::memzone::cleanup();
    rte_mem::memory::cleanup();
    rte_mem::config::destroy();
    dir.remove();
}

/// Records the device options as devargs (-a allowed, -b blocked, --vdev
/// virtual), in that order as 22.11 does.
fn add_device_options(opts: &EalOptions) -> Result<(), Error> {
    use rte_abi::dev::{RTE_DEVTYPE_ALLOWED, RTE_DEVTYPE_BLOCKED, RTE_DEVTYPE_VIRTUAL};
    let lists = [
        (RTE_DEVTYPE_ALLOWED, &opts.allow, "-a"),
        (RTE_DEVTYPE_BLOCKED, &opts.block, "-b"),
        (RTE_DEVTYPE_VIRTUAL, &opts.vdevs, "--vdev"),
    ];
    for (ty, list, opt) in lists {
        for s in list.iter() {
            if let Err(e) = crate::devargs::add(ty, s) {
                crate::devargs::clear();
                return Err(Error::option(opt, format!("{s}: {e}")));
            }
        }
    }
    Ok(())
}

unsafe fn init_inner(argc: c_int, argv: *mut *mut c_char) -> Result<(Eal, usize), Error> {
    let topo = Topology::host();
    let process_cpus = {
        let aff = cpu::thread_affinity();
        let mut s = cpu::CpuSet::new();
        for c in aff.iter().filter(|&c| topo.detected.contains(c)) {
            s.insert(c);
        }
        s
    };
    rte_log!(INFO, EAL, "EAL: Detected CPU lcores: {}\n", process_cpus.count());
    rte_log!(INFO, EAL, "EAL: Detected NUMA nodes: {}\n", topo.sockets.len());

    // SAFETY: forwarded from eal_init's contract.
    let (opts, end) = unsafe { options::parse_argv(argc, argv, &topo, apply_log_level) }?;
    if opts.help {
        print_stdout(&options::usage(&opts.prgname));
        std::process::exit(0);
    }
    if opts.log_help {
        let mut s = String::from("Log type is a pattern matching items of this list (plugins may be missing):\n");
        for (name, level) in log::list_types() {
            s.push_str(&format!("\t{name:<40}{}\n", log::level_name(level)));
        }
        print_stdout(&s);
        std::process::exit(0);
    }
    if let Some(fac) = opts.syslog_facility {
        log::enable_syslog(fac);
    }
    if opts.show_version {
        rte_log!(INFO, EAL, "EAL: RTE Version: '{}'\n", VERSION.to_string_lossy());
    }

    let map = opts.lcores.clone().unwrap_or_else(|| LcoreMap::from_cpus(&process_cpus));
    let cfg = Config::build(&map, opts.service_cores.as_ref(), opts.main_lcore, &topo, &process_cpus)?;
    let main = cfg.main;
    let main_cpus = cfg.lcores[main as usize].cpuset;
    lcore::install(cfg);

    let in_memory = opts.in_memory;
    let no_shconf = opts.no_shconf || in_memory;
    let mut dir = RuntimeDir::create(&crate::runtime::base_dir(), &opts.file_prefix)?;
    let mut proc_type = opts.proc_type;
    if proc_type != rte_proc_type_t::RTE_PROC_SECONDARY && !no_shconf {
        match dir.lock_config()? {
            LockOutcome::Primary => proc_type = rte_proc_type_t::RTE_PROC_PRIMARY,
            LockOutcome::HeldBy(pid) if proc_type == rte_proc_type_t::RTE_PROC_AUTO => {
                rte_log!(INFO, EAL, "EAL: Auto-detected process type: SECONDARY (primary pid {pid:?})\n");
                proc_type = rte_proc_type_t::RTE_PROC_SECONDARY;
            }
            LockOutcome::HeldBy(pid) => {
                let who = pid.map_or(String::from("another process"), |p| format!("process {p}"));
                return Err(Error::PrefixInUse(format!(
                    "cannot lock '{}': {who} is already the primary for --file-prefix={}; \
                     use another --file-prefix or --proc-type=secondary",
                    dir.path.join("config").display(),
                    opts.file_prefix
                )));
            }
        }
    } else if proc_type == rte_proc_type_t::RTE_PROC_AUTO {
        proc_type = rte_proc_type_t::RTE_PROC_PRIMARY;
    }
    if proc_type == rte_proc_type_t::RTE_PROC_SECONDARY {
        dir.remove();
        return Err(Error::NotSupported("--proc-type=secondary (multi-process)".into()));
    }
    let runtime_dir_c = CString::new(dir.path.to_string_lossy().as_bytes()).unwrap_or_default();

    // The shared configuration: the locked config file, or anonymous memory.
    let cfg = match rte_mem::config::create(if no_shconf { None } else { dir.config_file() }) {
        Ok(c) => c,
        Err(e) => {
            dir.remove();
            return Err(Error::Os { what: e.what, errno: e.errno });
        }
    };
    // SAFETY: the block was just created and only this process sees it.
    unsafe {
        (*cfg).nchannel = opts.mem_channels.unwrap_or(0);
        (*cfg).nrank = opts.mem_ranks.unwrap_or(0);
        (*cfg).legacy_mem = opts.legacy_mem as u32;
        (*cfg).single_file_segments = opts.single_file_segments as u32;
    }
    if let Err(e) = crate::tailq::init_all() {
        abandon(dir);
        return Err(e);
    }

    // Devices, in 22.11's order: -a/-b/--vdev become devargs, the interrupt
    // thread starts, every bus scans; the buses' IOVA needs then count below.
    if let Err(e) = add_device_options(&opts) {
        abandon(dir);
        return Err(e);
    }
    if let Err(e) = crate::intr::init() {
        abandon(dir);
        return Err(e);
    }
    crate::bus::scan_all();

    // Memory: IOVA mode, memseg lists, heaps, the memzone table.
    let bus_iova = if opts.iova_mode == rte_iova_mode::RTE_IOVA_DC {
        crate::bus::iommu_class()
    } else {
        rte_iova_mode::RTE_IOVA_DC
    };
    let iova = match opts.iova_mode {
        rte_iova_mode::RTE_IOVA_DC if bus_iova != rte_iova_mode::RTE_IOVA_DC => {
            rte_log!(DEBUG, EAL, "EAL: Buses requested IOVA mode {}.\n", bus_iova as i32);
            bus_iova
        }
        rte_iova_mode::RTE_IOVA_DC if !opts.no_huge && rte_mem::iova::phys_addrs_available() => {
            rte_iova_mode::RTE_IOVA_PA
        }
        rte_iova_mode::RTE_IOVA_DC => {
            rte_log!(INFO, EAL, "EAL: Physical addresses are unavailable, selecting IOVA as VA mode.\n");
            rte_iova_mode::RTE_IOVA_VA
        }
        m => m,
    };
    if iova == rte_iova_mode::RTE_IOVA_PA && !rte_mem::iova::phys_addrs_available() {
        abandon(dir);
        return Err(Error::option(
            "--iova-mode",
            "pa: physical addresses are not readable (/proc/self/pagemap needs CAP_SYS_ADMIN)",
        ));
    }
    let shared_dir = (!no_shconf).then(|| dir.path.clone());
    let mem_opts = rte_mem::memory::MemOptions {
        no_huge: opts.no_huge,
        in_memory,
        legacy_mem: opts.legacy_mem,
        single_file_segments: opts.single_file_segments,
        unlink: match (in_memory, opts.huge_unlink) {
            (true, _) | (_, options::HugeUnlink::Always) => rte_mem::segalloc::Unlink::Always,
            (_, options::HugeUnlink::Existing) => rte_mem::segalloc::Unlink::Existing,
            (_, options::HugeUnlink::Never) => rte_mem::segalloc::Unlink::Never,
        },
        memory: opts.memory,
        socket_mem: opts.socket_mem.clone(),
        huge_dir: opts.huge_dir.as_ref().map(std::path::PathBuf::from),
        prefix: opts.file_prefix.clone(),
        base_virtaddr: opts.base_virtaddr.map(|a| a as usize),
        sockets: topo.sockets.clone(),
        iova_va: iova != rte_iova_mode::RTE_IOVA_PA,
        runtime_dir: shared_dir.clone(),
        sys: rte_mem::hugepage::SysPaths::default(),
        match_allocations: opts.match_allocations,
    };
    // SAFETY: the config block was just created; no one else uses it yet.
    let mz = unsafe { rte_mem::memzone::init(cfg, shared_dir.as_ref()) };
    let mem = mz
        .map_err(|e| Error::Os { what: format!("cannot create the memzone table: {e}"), errno: libc::ENOMEM })
        .and_then(|_| {
            rte_mem::memory::init(&mem_opts)
                .map_err(|e| Error::Os { what: format!("cannot init memory: {e}"), errno: libc::ENOMEM })
        });
    if let Err(e) = mem {
        abandon(dir);
        return Err(e);
    }

    let plugins = match load_plugins(&opts.drivers) {
        Ok(p) => p,
        Err(e) => {
            abandon(dir);
            return Err(e);
        }
    };

    let hz = tsc::calibrate();
    rte_log!(DEBUG, EAL, "EAL: TSC frequency is ~{} KHz\n", hz / 1000);
    rand::srand(tsc::rdtsc());

    tls::set_lcore_id(main);
    let _ = tls::thread_id();
    if let Err(e) = cpu::set_thread_affinity(&main_cpus) {
        rte_log!(WARNING, EAL, "EAL: cannot pin the main thread to cpus {}: {e}\n", main_cpus.to_list_string());
    }
    rte_log!(
        DEBUG,
        EAL,
        "EAL: Main lcore {main} is ready (tid={}, cpuset=[{}])\n",
        tls::thread_id(),
        main_cpus.to_list_string()
    );
    if let Err(e) = launch::start_workers(opts.huge_worker_stack) {
        tls::set_lcore_id(rte_abi::lcore::LCORE_ID_ANY);
        abandon(dir);
        return Err(e);
    }

    // The reference leaves argv[optind - 1] = program name and returns optind - 1.
    let consumed = end.saturating_sub(1).min(argc as usize - 1);
    if consumed > 0 {
        // SAFETY: both indexes are inside argv[..argc]; argv[0] is the name.
        unsafe { *argv.add(consumed) = *argv };
    }
    let eal = Eal { options: opts, proc_type, runtime_dir_c, runtime_dir: Some(dir), plugins, iova };
    Ok((eal, consumed))
}

/// Releases what `rte_eal_init` took: worker threads (joined), lcore
/// callbacks, the runtime directory and its lock. A second call fails with
/// `Already`; a call before init does nothing.
pub fn eal_cleanup() -> Result<(), Error> {
    match STATE.compare_exchange(READY, CLEANED, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => {}
        Err(CLEANED) => return Err(Error::Already),
        Err(_) => return Ok(()),
    }
    crate::bus::cleanup_all();
    crate::alarm::cleanup();
    launch::stop_workers();
    lcore::uninit_all();
    let eal = EAL.write().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(mut eal) = eal {
        rte_mem::memzone::cleanup();
        rte_mem::memory::cleanup();
        rte_mem::config::destroy();
        if let Some(dir) = eal.runtime_dir.take() {
            dir.remove();
        }
        // Plugins stay loaded: code from them may still be referenced.
        let _ = eal.plugins;
    }
    Ok(())
}

/// The process type (primary before init, as the reference's default).
pub fn proc_type() -> rte_proc_type_t {
    with(|e| e.proc_type).unwrap_or(rte_proc_type_t::RTE_PROC_PRIMARY)
}

/// Whether hugepages are in use (false with --no-huge).
pub fn has_hugepages() -> bool {
    with(|e| !e.options.no_huge).unwrap_or(false)
}

/// Whether the PCI bus is enabled (false with --no-pci).
pub fn has_pci() -> bool {
    with(|e| !e.options.no_pci).unwrap_or(false)
}

/// Whether shared configuration files are created.
pub fn has_shared_config() -> bool {
    with(|e| !(e.options.no_shconf || e.options.in_memory)).unwrap_or(false)
}

/// The IOVA mode: forced by --iova-mode, else VA (the memory subsystem,
/// which will choose PA where pagemap is readable, is not built yet).
pub fn iova_mode() -> rte_iova_mode {
    with(|e| e.iova).unwrap_or(rte_iova_mode::RTE_IOVA_DC)
}
