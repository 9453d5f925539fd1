#!/usr/bin/env python3
"""Benchmarks pktmbuf alloc/free: the reference DPDK 22.11 against librte-rs.

usage: run_mbuf.py [--runs 5] [--ours-prefix build/prefix]
                   [--mode nohuge|huge|both] [--target-s 0.3]
                   [--out-dir DIR] [--cc CC]

Builds bench/mbuf_perf.c three ways:
  reference  against the system's libdpdk (pkg-config), run on it;
  ours       against our headers (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig),
             run with LD_LIBRARY_PATH=<prefix>/lib;
  relinked   compiled with the reference's headers (its inline alloc, free
             and mempool cache code) and linked with -lrte_eal to ours;
verifies (ldd and LD_DEBUG=files, as bench/run_eal_init.py does) that each
loads only its own librte_* libraries, then runs them in turn A/B/C/A/B/C,
--runs times each, every run its own process and --file-prefix, one lcore:

    nohuge: -l 0 --no-pci --no-huge -m 512
    huge:   -l 0 --no-pci -m 256            (2 MiB hugepages)

and prints per mode the medians of mbufs per second (millions) and cycles
per mbuf for rte_pktmbuf_alloc_bulk + rte_pktmbuf_free_bulk of 32 and for
rte_pktmbuf_alloc + rte_pktmbuf_free of one, with the ratios to the
reference (goal: >= 1.1x for the build against our headers).

Under --no-huge the reference's mempool puts one mbuf per 4 KiB page (its
page-boundary rule for non-contiguous memory); librte-rs packs them. Quote
--no-huge ratios with that note. Hugepage mode needs free 2 MiB pages and
hugetlbfs on /dev/hugepages; without them it is skipped with the reason
(this script never reserves pages). Runtime directories of every run are
removed afterwards.
"""
import argparse
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from run_eal_init import (BenchError, SYSTEM_LIBDIR, build, clean_env,  # noqa: E402
                          ours_env, pkg_config, runtime_base, verify)

SOURCE = HERE / "mbuf_perf.c"
CFLAGS = ["-std=c99", "-O2", "-Wall", "-Wextra"]
GOAL = 1.1
HP_SYS = Path("/sys/kernel/mm/hugepages/hugepages-2048kB")
HUGE_NEED = 160
MODE_ARGS = {
    "nohuge": ["--no-huge", "-m", "512"],
    "huge": ["-m", "256"],
}
LINE = re.compile(r"^case=(\w+) burst=(\d+) iters=(\d+) mops=([0-9.]+) "
                  r"cycles_per_mbuf=([0-9.]+)$", re.M)
SIDES = ("reference", "ours", "relinked")


def build_relinked(cc, out, prefix):
    """Reference headers and cflags, linked with -lrte_eal against ours."""
    ref_flags = [f for f in pkg_config(clean_env()) if not f.startswith(("-l", "-L", "-Wl"))]
    obj = out / "mbuf_perf_relinked.o"
    exe = out / "mbuf_perf_relinked"
    for cmd in ([cc, *CFLAGS, *ref_flags, "-c", str(SOURCE), "-o", str(obj)],
                [cc, str(obj), "-o", str(exe), f"-L{prefix}/lib", "-lrte_eal", "-lpthread"]):
        print(f"build relinked: {shlex.join(cmd)}")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"building the relinked binary failed:\n{r.stderr}")
    return exe


def eal_args(tag, run, mode):
    return ["-l", "0", "--no-pci", *MODE_ARGS[mode], "--file-prefix", f"{tag}_{run}"]


def cleanup(tag):
    base = runtime_base()
    if base.is_dir():
        for d in base.glob(f"{tag}_*"):
            shutil.rmtree(d, ignore_errors=True)


def huge_missing():
    """Why hugepage mode cannot run, or None."""
    try:
        free = int((HP_SYS / "free_hugepages").read_text())
    except OSError:
        return "no 2 MiB hugepage support"
    if not Path("/dev/hugepages").is_dir() or not any(
            "hugetlbfs" in line and " /dev/hugepages " in line
            for line in Path("/proc/mounts").read_text().splitlines()):
        return "hugetlbfs is not mounted on /dev/hugepages"
    if free < HUGE_NEED:
        return f"needs {HUGE_NEED} free 2 MiB pages, has {free} (scripts/hugepages.sh reserve)"
    return None


def run_once(exe, env, args, target_s):
    r = subprocess.run([str(exe), *args, "--", "-t", str(target_s)], env=env,
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise BenchError(f"{exe.name} failed: {r.stderr.strip()[-400:]}")
    return {m.group(1): (float(m.group(4)), float(m.group(5))) for m in LINE.finditer(r.stdout)}


def measure(sides, mode, runs, tag, target_s):
    res = {label: {} for label, _, _ in sides}
    n = 0
    for label, exe, env in sides:  # one untimed warm-up run each
        run_once(exe, env, eal_args(tag, f"w{n}", mode), 0.05)
        cleanup(tag)
        n += 1
    for i in range(runs):
        for label, exe, env in sides:
            got = run_once(exe, env, eal_args(tag, n, mode), target_s)
            cleanup(tag)
            n += 1
            for case, v in got.items():
                res[label].setdefault(case, []).append(v)
            print(f"{mode} run {i + 1}/{runs} {label:9s} " +
                  "  ".join(f"{c} {v[0]:7.2f} Mmbuf/s {v[1]:6.2f} cyc" for c, v in got.items()))
    return res


def report(mode, res):
    print(f"\n{mode}: medians, one lcore (Mmbuf/s; cycles per mbuf; ratio = throughput / reference)")
    print(f"| case | reference | ours (our headers) | ratio | relinked | ratio |")
    print(f"|---|---|---|---|---|---|")
    for case in res["reference"]:
        med = {s: (statistics.median(v[0] for v in res[s][case]),
                   statistics.median(v[1] for v in res[s][case])) for s in SIDES}
        ref = med["reference"][0]
        print(f"| {case} | {med['reference'][0]:.1f} ({med['reference'][1]:.1f} cyc) "
              f"| {med['ours'][0]:.1f} ({med['ours'][1]:.1f} cyc) | {med['ours'][0] / ref:.2f}x "
              f"| {med['relinked'][0]:.1f} ({med['relinked'][1]:.1f} cyc) | {med['relinked'][0] / ref:.2f}x |")


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--ours-prefix", type=Path, default=REPO / "build" / "prefix")
    p.add_argument("--mode", choices=["nohuge", "huge", "both"], default="nohuge")
    p.add_argument("--target-s", type=float, default=0.3)
    p.add_argument("--out-dir", type=Path)
    p.add_argument("--cc", default="cc")
    args = p.parse_args(argv)
    args.ours_prefix = args.ours_prefix.resolve()
    tag = f"mbufbench{subprocess.os.getpid()}"
    out = args.out_dir or Path(tempfile.mkdtemp(prefix="mbuf_bench_"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        ref_env, our_env = clean_env(), ours_env(args.ours_prefix)
        ref_exe, _ = build(args.cc, SOURCE, out, ref_env, "mbuf_perf_reference")
        our_exe, flags = build(args.cc, SOURCE, out, our_env, "mbuf_perf_ours")
        if f"-I{args.ours_prefix}/include/dpdk" not in flags:
            raise BenchError(f"pkg-config did not give our flags: {flags}")
        rl_exe = build_relinked(args.cc, out, args.ours_prefix)
        sides = [("reference", ref_exe, ref_env), ("ours", our_exe, our_env), ("relinked", rl_exe, our_env)]
        chk = ["-l", "0", "--no-pci", "--no-huge", "-m", "512"]
        for label, exe, env in sides:
            lib = SYSTEM_LIBDIR if label == "reference" else args.ours_prefix / "lib"
            verify(exe, env, chk + ["--file-prefix", f"{tag}_chk", "--", "-t", "0.002"], lib,
                   want_rs=label != "reference")
            cleanup(tag)
        modes = ["nohuge", "huge"] if args.mode == "both" else [args.mode]
        for mode in modes:
            if mode == "huge" and (why := huge_missing()):
                print(f"\nhuge: skipped: {why}")
                continue
            report(mode, measure(sides, mode, args.runs, tag, args.target_s))
        print(f"\ngoal: >= {GOAL}x for the build against our headers")
    except BenchError as e:
        print(f"run_mbuf: {e}", file=sys.stderr)
        return 1
    finally:
        cleanup(tag)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
