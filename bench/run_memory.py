#!/usr/bin/env python3
"""Benchmarks the memory subsystem: the reference DPDK 22.11 against librte-rs.

usage: run_memory.py [--runs 5] [--ours-prefix build/prefix]
                     [--mode nohuge|huge|both|none] [--init]
                     [--reserve-hugepages] [--target-s 0.3]
                     [--out-dir DIR] [--cc CC]

Throughput (--mode): builds bench/malloc_perf.c against the reference (the
system's pkg-config) and against ours (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig,
run with LD_LIBRARY_PATH=<prefix>/lib), verifies as bench/run_eal_init.py
does (ldd and LD_DEBUG=files) that each loads only its own librte_*
libraries, then runs them alternately A/B/A/B, --runs times each, every run
its own process with its own --file-prefix and the EAL arguments

    nohuge: -l 0-1 --no-pci --no-huge -m 512
    huge:   -l 0-1 --no-pci -m 256          (2 MiB hugepages)

and prints per mode the medians of rte_malloc+rte_free pairs (64 B, 1 KiB,
64 KiB, 1 MiB; on one lcore and on both at once), of rte_zmalloc+rte_free
pairs (one lcore; 22.11 zeroes in rte_free, so read malloc and zmalloc rows
together) and of 4 KiB rte_memzone_reserve+rte_memzone_free pairs, in
millions per second, with the ratio ours/reference (goal: >= 1.0x).
Hugepage and --no-huge numbers are separate tables and are never compared
with each other.  Each mode starts with one untimed warm-up run per side.

Init (--init): builds bench/init_memory.c and times rte_eal_init with 1 GiB
of 2 MiB hugepages, dynamic (-m 1024) and --legacy-mem -m 1024, the same
way, after one untimed warm-up run per mode and side (in a VM the first
touch of a hugepage can also fault in the host: whichever side ran first
would pay for it); prints the medians and ratio ours/reference (goal:
<= 0.5x).  A side that fails to initialise under a mode is reported with
its error line.

Hugepage modes need free 2 MiB pages (huge: 192, init: 512) and hugetlbfs
on /dev/hugepages; when they are missing the mode is skipped with the
reason, unless --reserve-hugepages is given: then
`scripts/hugepages.sh reserve N` raises the pool once (N: 256 for huge, 600
with --init, plus pages already in use) and `scripts/hugepages.sh release`
restores it at the end.

After every run the runtime directory /var/run/dpdk/<prefix> and any
/dev/hugepages/<prefix>map_* files are removed (the reference leaves its
runtime directory behind; a killed run would leave its hugepage files).
"""
import argparse
import hashlib
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
# The build, environment and load-verification helpers are shared with the
# EAL init benchmark so both check the same things the same way.
from run_eal_init import (BenchError, SYSTEM_LIBDIR, build, clean_env,  # noqa: E402
                          ours_env, pkg_config, runtime_base, verify)

PERF_SOURCE = HERE / "malloc_perf.c"
INIT_SOURCE = HERE / "init_memory.c"
CFLAGS = ["-std=c99", "-O2", "-Wall", "-Wextra"]
THROUGHPUT_GOAL = 1.0  # ours/reference, higher is better
INIT_GOAL = 0.5  # ours/reference init time, lower is better
HUGE_DIR = Path("/dev/hugepages")
HP_SYS = Path("/sys/kernel/mm/hugepages/hugepages-2048kB")
HUGEPAGES_SH = REPO / "scripts" / "hugepages.sh"
# Free 2 MiB pages each part needs, and how many --reserve-hugepages asks
# for: huge mode -m 256 = 128 pages plus room to grow; --init -m 1024 = 512.
HUGE_NEED, HUGE_RESERVE = 192, 256
INIT_NEED, INIT_RESERVE = 512, 600
RUN_TIMEOUT = 300  # seconds for one benchmark process

BASE_ARGS = ["-l", "0-1", "--no-pci"]
MODE_ARGS = {
    "nohuge": ["--no-huge", "-m", "512"],
    "huge": ["-m", "256"],
}
INIT_MODES = {
    "dynamic": ["-m", "1024"],
    "legacy": ["--legacy-mem", "-m", "1024"],
}
# Verification runs load the same libraries whatever the memory mode; they
# use --no-huge so they need no hugepages, and a short case time.
CHECK_ARGS = ["--no-huge", "-m", "512"]
PERF_LINE = re.compile(r"^case=(\w+) size=(\d+) lcores=(\d+) iters=(\d+) "
                       r"mops=([0-9.]+)$", re.M)
INIT_LINE = re.compile(r"^init_us=(\d+) mem_mb=(\d+) segs=(\d+) "
                       r"page_kb=(\d+)$", re.M)
SIDES = ("reference", "ours")


def build_pair(args, source, out, stem):
    """Builds source for both sides, checks ours got our flags, and verifies
    which libraries each binary loads.  Returns [(label, exe, env)]."""
    ref_env, our_env = clean_env(), ours_env(args.ours_prefix)
    ref_exe, _ = build(args.cc, source, out, ref_env, f"{stem}_reference")
    our_exe, our_flags = build(args.cc, source, out, our_env, f"{stem}_ours")
    if f"-I{args.ours_prefix}/include/dpdk" not in our_flags or \
            any("/usr/include/dpdk" in f for f in our_flags):
        raise BenchError(f"pkg-config did not give our flags: {our_flags}")
    extra = ["--", "-t", "0.002"] if source == PERF_SOURCE else []
    try:
        verify(ref_exe, ref_env,
               eal_args(args.tag, "ref_check", CHECK_ARGS) + extra,
               SYSTEM_LIBDIR, want_rs=False)
        cleanup_run(args.tag)
        verify(our_exe, our_env,
               eal_args(args.tag, "ours_check", CHECK_ARGS) + extra,
               args.ours_prefix / "lib", want_rs=True)
    finally:
        cleanup_run(args.tag)
    return [("reference", ref_exe, ref_env), ("ours", our_exe, our_env)]


def eal_args(tag, run, mode_args):
    """EAL arguments for one run, with its own file prefix."""
    return [*BASE_ARGS, *mode_args, "--file-prefix", f"{tag}_{run}"]


def cleanup_run(tag):
    """Removes the runtime directories and hugepage files of our prefixes."""
    base = runtime_base()
    if base.is_dir():
        for d in base.glob(f"{tag}_*"):
            shutil.rmtree(d, ignore_errors=True)
    if HUGE_DIR.is_dir():
        for f in HUGE_DIR.glob(f"{tag}_*map_*"):
            f.unlink(missing_ok=True)


def leftovers(tag):
    """Paths of ours that cleanup should have removed (should be none)."""
    found = []
    if runtime_base().is_dir():
        found += runtime_base().glob(f"{tag}_*")
    if HUGE_DIR.is_dir():
        found += HUGE_DIR.glob(f"{tag}_*")
    return [str(p) for p in found]


def error_line(stderr):
    """The telling lines of a failed run's stderr: the first two that say
    what went wrong (the EAL's own cause first), else the last line."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    found = []
    for ln in lines:
        if re.search(r"error|fail|cannot|not enough|unable|invalid|no free",
                     ln, re.I) and "rte_eal_init failed" not in ln \
                and ln not in found:
            found.append(ln)
    if found:
        return " | ".join(found[:2])
    return lines[-1] if lines else "(no output)"


def run_once(exe, env, args):
    """Runs exe once; returns (stdout, None) or (None, error line)."""
    try:
        r = subprocess.run([str(exe), *args], env=env, capture_output=True,
                           text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {RUN_TIMEOUT} s"
    if r.returncode != 0:
        return None, (f"exit {r.returncode}: {error_line(r.stderr)}")
    return r.stdout, None


def fingerprint(prefix):
    """Identifies the librte-rs build under prefix (its librte_rs.so.23):
    a prefix reinstalled during a run would mix two builds' numbers."""
    lib = (prefix / "lib" / "librte_rs.so.23").resolve()
    try:
        digest = hashlib.sha256(lib.read_bytes()).hexdigest()[:16]
        mtime = time.strftime("%Y-%m-%d %H:%M:%S",
                              time.localtime(lib.stat().st_mtime))
    except OSError as e:
        raise BenchError(f"cannot read {lib}: {e}")
    return f"{lib} sha256:{digest} mtime {mtime}"


def check_unchanged(args):
    """Fails when the build under test changed since the start."""
    now = fingerprint(args.ours_prefix)
    if now != args.fingerprint:
        raise BenchError(f"librte-rs was reinstalled during the run: was "
                         f"{args.fingerprint}, now {now}; results discarded")


# ---------------------------------------------------------------- hugepages

def hugetlbfs_mounted():
    """Whether a 2 MiB hugetlbfs is mounted on /dev/hugepages."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    for ln in mounts:
        f = ln.split()
        if len(f) >= 4 and f[1] == str(HUGE_DIR) and f[2] == "hugetlbfs":
            opts = f[3].split(",")
            sizes = [o for o in opts if o.startswith("pagesize=")]
            return not sizes or sizes[0] in ("pagesize=2M", "pagesize=2048k")
    return False


def free_hugepages():
    """Free 2 MiB hugepages, or None when the kernel has no such pool."""
    try:
        return int((HP_SYS / "free_hugepages").read_text())
    except (OSError, ValueError):
        return None


def hugepage_problem(need):
    """Why a hugepage mode needing `need` free pages cannot run, or None."""
    free = free_hugepages()
    if free is None:
        return f"no 2 MiB hugepage pool ({HP_SYS} missing)"
    if not hugetlbfs_mounted():
        return f"hugetlbfs (2 MiB) is not mounted on {HUGE_DIR}"
    if free < need:
        return (f"{free} free 2 MiB hugepages, need {need} "
                f"(reserve them with scripts/hugepages.sh, "
                f"or pass --reserve-hugepages)")
    return None


class Hugepages:
    """Reserves hugepages once (scripts/hugepages.sh) and releases them.

    hugepages.sh remembers the pool size from before its first raise, so
    this reserves at most once, for the largest need of the whole run."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.reserved = False

    def prepare(self, need, reserve):
        """Makes `reserve` pages free if allowed and fewer than `need` are."""
        if not self.enabled or hugepage_problem(need) is None:
            return
        in_use = 0
        try:
            total = int((HP_SYS / "nr_hugepages").read_text())
            in_use = total - (free_hugepages() or 0)
        except (OSError, ValueError):
            pass
        r = subprocess.run(["bash", str(HUGEPAGES_SH), "reserve",
                            str(reserve + in_use)],
                           capture_output=True, text=True)
        self.reserved = True
        print((r.stdout + r.stderr).strip())

    def release(self):
        if self.reserved:
            r = subprocess.run(["bash", str(HUGEPAGES_SH), "release"],
                               capture_output=True, text=True)
            print((r.stdout + r.stderr).strip())
            self.reserved = False


# ---------------------------------------------------------------- throughput

def case_label(key):
    """Row label of a throughput case."""
    kind, size, lcores = key
    units = ((1 << 20, "MiB"), (1 << 10, "KiB"), (1, "B"))
    n, unit = next((size // d, u) for d, u in units if size % d == 0
                   and size >= d)
    return f"{kind} {n} {unit} x{lcores}"


def measure_perf(sides, mode, runs, tag, target_s):
    """A/B runs of malloc_perf in one memory mode.

    Returns {label: {case key: [mops, ...]}}, or raises BenchError."""
    results = {label: {} for label, _, _ in sides}
    for label, exe, env in sides:
        args = eal_args(tag, f"{mode}_warmup", MODE_ARGS[mode])
        _, err = run_once(exe, env, [*args, "--", "-t", "0.02"])
        cleanup_run(tag)
        if err:
            raise BenchError(f"{label} ({mode}) warm-up {shlex.join(args)}: "
                             f"{err}")
        print(f"{mode} warm-up  {label:9s} done")
    n = 0
    for i in range(runs):
        for label, exe, env in sides:
            args = eal_args(tag, f"{mode}_{n}", MODE_ARGS[mode])
            out, err = run_once(exe, env, [*args, "--", "-t", str(target_s)])
            cleanup_run(tag)
            n += 1
            if err:
                raise BenchError(f"{label} ({mode}) {shlex.join(args)}: "
                                 f"{err}")
            cases = PERF_LINE.findall(out)
            if not cases:
                raise BenchError(f"{label} ({mode}): no result lines:\n{out}")
            for kind, size, lcores, _, mops in cases:
                key = (kind, int(size), int(lcores))
                results[label].setdefault(key, []).append(float(mops))
            brief = " ".join(f"{float(c[4]):.3g}" for c in cases)
            print(f"{mode} run {i + 1}/{runs} {label:9s} Mops: {brief}")
    return results


def report_perf(mode, results):
    """Prints one mode's throughput table; returns the losing rows."""
    ref, ours = results["reference"], results["ours"]
    keys = [k for k in ref if k in ours]
    title = {"nohuge": "--no-huge -m 512 (4 KiB pages)",
             "huge": "hugepages -m 256 (2 MiB pages)"}[mode]
    print()
    print(f"== {mode}: {title}; million pairs per second, medians of "
          f"{len(ref[keys[0]])} ==")
    print(f"{'case':20s} {'reference':>10s} {'ours':>10s} {'ratio':>8s}  "
          f"goal >= {THROUGHPUT_GOAL}x")
    losing = []
    for k in keys:
        r, o = statistics.median(ref[k]), statistics.median(ours[k])
        ratio = o / r
        ok = ratio >= THROUGHPUT_GOAL
        if not ok:
            losing.append((mode, case_label(k), ratio))
        print(f"{case_label(k):20s} {r:10.4g} {o:10.4g} {ratio:7.2f}x  "
              f"{'met' if ok else 'NOT met'}")
    return losing


# ---------------------------------------------------------------- init

def measure_init(sides, runs, tag):
    """A/B runs of init_memory per init mode.

    Returns {mode: {label: [(us, mem_mb, segs, page_kb)] or error str}}."""
    results = {mode: {label: [] for label, _, _ in sides}
               for mode in INIT_MODES}
    n = 0
    for mode, margs in INIT_MODES.items():
        for label, exe, env in sides:
            args = eal_args(tag, f"init_warmup_{n}", margs)
            out, err = run_once(exe, env, args)
            cleanup_run(tag)
            n += 1
            m = INIT_LINE.search(out) if out else None
            if err or not m:
                results[mode][label] = err or f"unparsed output: {out!r}"
                print(f"init {mode} warm-up {label:9s} FAILED: "
                      f"{results[mode][label]}")
            else:
                print(f"init {mode} warm-up {label:9s} "
                      f"{int(m.group(1)) / 1000:8.1f} ms (not counted)")
    for mode, margs in INIT_MODES.items():
        res = results[mode]
        for i in range(runs):
            for label, exe, env in sides:
                if isinstance(res[label], str):
                    continue  # failed before under this mode
                args = eal_args(tag, f"init_{n}", margs)
                out, err = run_once(exe, env, args)
                cleanup_run(tag)
                n += 1
                m = INIT_LINE.search(out) if out else None
                if err or not m:
                    res[label] = err or f"unparsed output: {out!r}"
                    print(f"init {mode} run {i + 1}/{runs} {label:9s} "
                          f"FAILED: {res[label]}")
                    continue
                us, mb, segs, pkb = (int(x) for x in m.groups())
                res[label].append((us, mb, segs, pkb))
                print(f"init {mode} run {i + 1}/{runs} {label:9s} "
                      f"{us / 1000:8.1f} ms  {mb} MiB in {segs} x "
                      f"{pkb} KiB")
    return results


def report_init(results):
    """Prints the init table; returns the rows missing the goal."""
    print()
    print("== init: rte_eal_init with 1 GiB of 2 MiB hugepages "
          "(-l 0-1 --no-pci), medians ==")
    print(f"{'mode':24s} {'reference':>12s} {'ours':>12s} {'ratio':>8s}  "
          f"goal <= {INIT_GOAL}x")
    losing = []
    for mode, res in results.items():
        name = f"{mode} ({shlex.join(INIT_MODES[mode])})"
        cols = []
        for label in SIDES:
            v = res[label]
            cols.append(None if isinstance(v, str) or not v
                        else statistics.median(us for us, *_ in v) / 1000)
        r, o = cols
        fmt = [f"{x:9.1f} ms" if x is not None else f"{'failed':>12s}"
               for x in cols]
        if r is not None and o is not None:
            ratio = o / r
            ok = ratio <= INIT_GOAL
            if not ok:
                losing.append(("init", mode, ratio))
            print(f"{name:24s} {fmt[0]} {fmt[1]} {ratio:7.2f}x  "
                  f"{'met' if ok else 'NOT met'}")
        else:
            print(f"{name:24s} {fmt[0]} {fmt[1]} {'-':>8s}")
        for label in SIDES:
            v = res[label]
            if isinstance(v, str):
                print(f"    {label} failed: {v}")
            elif v:
                mems = sorted({(mb, segs, pkb) for _, mb, segs, pkb in v})
                desc = ", ".join(f"{mb} MiB in {s} x {p} KiB pages"
                                 for mb, s, p in mems)
                print(f"    {label} mapped: {desc}")
    return losing


# ---------------------------------------------------------------- main

def parse_args(argv):
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--ours-prefix", type=Path, default=Path("build/prefix"),
                   help="librte-rs install prefix; a relative path is "
                        "taken from the repository root")
    p.add_argument("--mode", choices=("nohuge", "huge", "both", "none"),
                   default="nohuge",
                   help="memory mode(s) of the throughput benchmark")
    p.add_argument("--init", action="store_true",
                   help="also time rte_eal_init with 1 GiB of hugepages")
    p.add_argument("--reserve-hugepages", action="store_true",
                   help="reserve missing hugepages with scripts/hugepages.sh "
                        "and release them at the end")
    p.add_argument("--target-s", type=float, default=0.3,
                   help="seconds each throughput case runs (default 0.3)")
    p.add_argument("--out-dir", type=Path,
                   help="keep the binaries here (default: a temporary "
                        "directory, removed afterwards)")
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    a = p.parse_args(argv)
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if a.target_s <= 0:
        p.error("--target-s must be positive")
    if not a.ours_prefix.is_absolute():
        a.ours_prefix = REPO / a.ours_prefix
    a.ours_prefix = a.ours_prefix.resolve()
    if not (a.ours_prefix / "lib/pkgconfig/libdpdk.pc").is_file():
        p.error(f"no librte-rs install at {a.ours_prefix} "
                "(lib/pkgconfig/libdpdk.pc missing)")
    a.tag = f"membench_{os.getpid()}"
    return a


def bench(args, out, hp):
    """Builds, verifies and measures; prints the tables."""
    modes = {"both": ["nohuge", "huge"], "none": []}.get(args.mode,
                                                        [args.mode])
    losing, skipped = [], []
    args.fingerprint = fingerprint(args.ours_prefix)
    print(f"ours: {args.fingerprint}")
    needs = ([(HUGE_NEED, HUGE_RESERVE)] if "huge" in modes else []) + \
        ([(INIT_NEED, INIT_RESERVE)] if args.init else [])
    if needs:
        hp.prepare(max(n for n, _ in needs), max(r for _, r in needs))
    if modes:
        sides = build_pair(args, PERF_SOURCE, out, "malloc_perf")
        for mode in modes:
            if mode == "huge":
                why = hugepage_problem(HUGE_NEED)
                if why:
                    print(f"\nskipping huge mode: {why}")
                    skipped.append(("huge", why))
                    continue
            res = measure_perf(sides, mode, args.runs, args.tag,
                               args.target_s)
            check_unchanged(args)
            losing += report_perf(mode, res)
    if args.init:
        why = hugepage_problem(INIT_NEED)
        if why:
            print(f"\nskipping --init: {why}")
            skipped.append(("init", why))
        else:
            sides = build_pair(args, INIT_SOURCE, out, "init_memory")
            res = measure_init(sides, args.runs, args.tag)
            check_unchanged(args)
            losing += report_init(res)
    print()
    for what, why in skipped:
        print(f"skipped {what}: {why}")
    for mode, case, ratio in losing:
        print(f"goal not met: {mode} {case} ({ratio:.2f}x)")
    if not losing and not skipped:
        print("all goals met")


def main(argv):
    args = parse_args(argv)
    hp = Hugepages(args.reserve_hugepages)
    try:
        if args.out_dir:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            bench(args, args.out_dir.resolve(), hp)
        else:
            with tempfile.TemporaryDirectory(prefix="run_memory_") as tmp:
                bench(args, Path(tmp), hp)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        cleanup_run(args.tag)
        hp.release()
        left = leftovers(args.tag)
        if left:
            print(f"warning: left behind: {left}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
