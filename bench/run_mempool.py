#!/usr/bin/env python3
"""Benchmarks rte_mempool get/put: the reference DPDK 22.11 against librte-rs.

usage: run_mempool.py [--runs 5] [--ours-prefix build/prefix]
                      [--target-s 0.3] [--out-dir DIR] [--cc CC]

Builds bench/mempool_perf.c three ways and checks (ldd and LD_DEBUG=files,
as bench/run_memory.py) which librte_* libraries each loads:

    reference  reference headers, reference libraries
    ours       librte-rs headers (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig),
               librte-rs libraries
    relinked   reference headers and cflags (22.11's inline get/put), linked
               with -lrte_eal -lrte_mempool from <prefix>/lib: librte-rs

then runs them in turn (A/B/C, --runs times each, every run its own process
and --file-prefix) with `-l 0-1 --no-pci --no-huge -m 512`, and prints the
median millions of objects got and put per second for bulk 1/4/32, with a
per-lcore cache of 256 and without cache, on 1 lcore and on 2 lcores at once
(their total), with the ratios ours/reference and relinked/reference.
--no-huge only: 22.11 places objects within 4 KiB pages there, librte-rs
packs them (see rte_mempool_get_page_size); for 64-byte objects both layouts
are the same (3 cache lines each, 21 to a page vs. back to back).
"""
import argparse
import os
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
from run_eal_init import (BenchError, SYSTEM_LIBDIR, CFLAGS, build,  # noqa: E402
                          clean_env, ours_env, pkg_config, runtime_base, verify)

SOURCE = HERE / "mempool_perf.c"
EAL = ["-l", "0-1", "--no-pci", "--no-huge", "-m", "512"]
LINE = re.compile(r"^case=get_put bulk=(\d+) cache=(\d+) lcores=(\d+) "
                  r"iters=\d+ mops=([0-9.]+)$", re.M)
SIDES = ("reference", "ours", "relinked")
GOAL = 1.1


def build_relinked(cc, out, prefix):
    """Reference cflags, librte-rs libraries: 22.11's inline code on us."""
    r = subprocess.run(["pkg-config", "--cflags", "libdpdk"], env=clean_env(),
                       capture_output=True, text=True, check=True)
    exe = out / "mempool_perf_relinked"
    cmd = [cc, *CFLAGS, str(SOURCE), "-o", str(exe), *shlex.split(r.stdout),
           f"-L{prefix}/lib", "-lrte_eal", "-lrte_mempool"]
    print(f"build mempool_perf_relinked: {shlex.join(cmd)}")
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"building relinked failed:\n{r.stderr}")
    return exe


def cleanup(tag):
    for d in runtime_base().glob(f"{tag}_*"):
        shutil.rmtree(d, ignore_errors=True)


def run_once(exe, env, tag, run, target):
    args = [*EAL, "--file-prefix", f"{tag}_{run}", "--", "-t", str(target)]
    try:
        r = subprocess.run([str(exe), *args], env=env, capture_output=True,
                           text=True, timeout=300)
    finally:
        cleanup(tag)
    if r.returncode != 0:
        raise BenchError(f"{exe.name} failed: {r.stderr[-1500:]}")
    return {(int(b), int(c), int(lc)): float(m)
            for b, c, lc, m in LINE.findall(r.stdout)}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--ours-prefix", type=Path, default=Path("build/prefix"))
    p.add_argument("--target-s", type=float, default=0.3)
    p.add_argument("--out-dir", type=Path)
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    p.add_argument("--huge", action="store_true",
                   help="hugepage mode (-m 512 on 2 MiB pages; reserve them first with scripts/hugepages.sh)")
    a = p.parse_args(argv)
    global EAL
    if a.huge:
        EAL = ["-l", "0-1", "--no-pci", "-m", "512"]
    prefix = (REPO / a.ours_prefix).resolve() if not a.ours_prefix.is_absolute() else a.ours_prefix
    tag = f"mpbench{os.getpid()}"
    tmp = None
    if a.out_dir:
        out = a.out_dir
        out.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        out = Path(tmp.name)
    try:
        ref_env, our_env = clean_env(), ours_env(prefix)
        ref_exe, _ = build(a.cc, SOURCE, out, ref_env, "mempool_perf_reference")
        our_exe, our_flags = build(a.cc, SOURCE, out, our_env, "mempool_perf_ours")
        if f"-I{prefix}/include/dpdk" not in our_flags:
            raise BenchError(f"pkg-config did not give our flags: {our_flags}")
        rel_exe = build_relinked(a.cc, out, prefix)
        check = [*EAL, "--file-prefix", f"{tag}_check", "--", "-t", "0.002"]
        try:
            verify(ref_exe, ref_env, check, SYSTEM_LIBDIR, want_rs=False)
            cleanup(tag)
            verify(our_exe, our_env, check, prefix / "lib", want_rs=True)
            cleanup(tag)
            verify(rel_exe, our_env, check, prefix / "lib", want_rs=True)
        finally:
            cleanup(tag)
        sides = {"reference": (ref_exe, ref_env), "ours": (our_exe, our_env),
                 "relinked": (rel_exe, our_env)}
        res = {s: [] for s in SIDES}
        for s in SIDES:  # warm-up
            run_once(*sides[s], tag, f"warm_{s}", a.target_s)
        for i in range(a.runs):
            for s in SIDES:
                res[s].append(run_once(*sides[s], tag, f"{s}_{i}", a.target_s))
        keys = sorted(res["reference"][0], key=lambda k: (-k[1], k[0], k[2]))
        print(f"\nmempool get+put, {'hugepages' if a.huge else '--no-huge'}, median of {a.runs} runs, "
              f"M objects/s (goal ours >= {GOAL}x)")
        print("| bulk | cache | lcores | reference | ours | relinked | ours/ref | relinked/ref |")
        print("|---|---|---|---|---|---|---|---|")
        for k in keys:
            med = {s: statistics.median(r[k] for r in res[s]) for s in SIDES}
            print(f"| {k[0]} | {k[1]} | {k[2]} | {med['reference']:.1f} | "
                  f"{med['ours']:.1f} | {med['relinked']:.1f} | "
                  f"{med['ours'] / med['reference']:.2f}x | "
                  f"{med['relinked'] / med['reference']:.2f}x |")
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
