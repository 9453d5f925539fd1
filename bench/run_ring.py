#!/usr/bin/env python3
"""Ring fast-path benchmark: the reference DPDK 22.11 against librte-rs.

usage: run_ring.py [--runs 5] [--ours-prefix build/prefix]
                   [--mode nohuge|huge|both] [--scale 1.0]
                   [--out-dir DIR] [--cc CC]

Builds bench/ring_perf.c three ways:
  reference  against the reference's headers and libraries (system pkg-config)
  ours       against librte-rs's headers and libraries (our libdpdk.pc)
  relinked   with the reference's headers and cflags, linked to librte-rs
             (-L<prefix>/lib -lrte_ring -lrte_eal): the reference's inline
             ring code on our rings
verifies (ldd and LD_DEBUG=files, as bench/run_memory.py) that each loads
only its own librte_* libraries, then runs them in turn A/B/C, --runs times,
each run its own process with its own --file-prefix and the EAL arguments

    nohuge: -l 0-1 --no-pci --no-huge -m 256
    huge:   -l 0-1 --no-pci -m 256          (2 MiB hugepages)

ring_perf reports TSC cycles per object for every case (best of 9 chunks in
the run: see bench/ring_perf.c); the table gives the median over the runs
per build and the ratios reference/ours and reference/relinked (higher is
better for us; goal >= 1.1 for ours). The huge mode needs 192 free 2 MiB
hugepages on a mounted hugetlbfs; without them it is skipped with the
reason. Hugepage and --no-huge figures are never compared with each other.
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from run_eal_init import (BenchError, SYSTEM_LIBDIR, build, clean_env,  # noqa: E402
                          ours_env, pkg_config, verify)
from run_memory import (cleanup_run, eal_args, fingerprint,  # noqa: E402
                        hugepage_problem, run_once)

SOURCE = HERE / "ring_perf.c"
GOAL = 1.1
MODE_ARGS = {"nohuge": ["--no-huge", "-m", "256"], "huge": ["-m", "256"]}
HUGE_NEED = 192
LINE = "case="


def build_relinked(cc, out, prefix):
    """ring_perf compiled with the reference's cflags, linked to ours."""
    ref_cflags = subprocess.run(["pkg-config", "--cflags", "libdpdk"], env=clean_env(),
                                capture_output=True, text=True, check=True).stdout.split()
    exe = out / "ring_perf_relinked"
    obj = out / "ring_perf_relinked.o"
    cmds = [[cc, "-std=c99", "-O2", "-Wall", "-Wextra", *ref_cflags, "-c", str(SOURCE), "-o", str(obj)],
            [cc, str(obj), "-o", str(exe), f"-L{prefix}/lib", "-lrte_ring", "-lrte_eal"]]
    for cmd in cmds:
        print(f"build ring_perf_relinked: {shlex.join(cmd)}")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"building ring_perf_relinked failed: {r.stderr}")
    return exe


def parse(out):
    """{(case, lcores): cpo} from one run's output."""
    res = {}
    for ln in out.splitlines():
        if not ln.startswith(LINE):
            continue
        f = dict(kv.split("=", 1) for kv in ln.split())
        res[(f["case"], int(f["lcores"]))] = float(f["cpo"])
    return res


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ours-prefix", type=Path, default=REPO / "build" / "prefix")
    ap.add_argument("--mode", choices=["nohuge", "huge", "both"], default="nohuge")
    ap.add_argument("--scale", type=float, default=0.5, help="iteration scale passed to ring_perf -i")
    ap.add_argument("--out-dir", type=Path)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--tag", default="ringperf")
    args = ap.parse_args(argv)
    args.ours_prefix = args.ours_prefix.resolve()
    out = args.out_dir or Path(tempfile.mkdtemp(prefix="ring_perf_"))
    out.mkdir(parents=True, exist_ok=True)
    fp = fingerprint(args.ours_prefix)
    print(f"librte-rs under test: {fp}")

    ref_env, our_env = clean_env(), ours_env(args.ours_prefix)
    ref_exe, _ = build(args.cc, SOURCE, out, ref_env, "ring_perf_reference")
    our_exe, our_flags = build(args.cc, SOURCE, out, our_env, "ring_perf_ours")
    if f"-I{args.ours_prefix}/include/dpdk" not in our_flags:
        raise BenchError(f"pkg-config did not give our flags: {our_flags}")
    rel_exe = build_relinked(args.cc, out, args.ours_prefix)
    sides = [("reference", ref_exe, ref_env, SYSTEM_LIBDIR, False),
             ("ours", our_exe, our_env, args.ours_prefix / "lib", True),
             ("relinked", rel_exe, our_env, args.ours_prefix / "lib", True)]
    try:
        for label, exe, env, libdir, want_rs in sides:
            verify(exe, env, eal_args(args.tag, f"{label}_check", MODE_ARGS["nohuge"]) + ["--", "-i", "0.01"],
                   libdir, want_rs)
            cleanup_run(args.tag)
    finally:
        cleanup_run(args.tag)

    modes = ["nohuge", "huge"] if args.mode == "both" else [args.mode]
    for mode in modes:
        if mode == "huge":
            why = hugepage_problem(HUGE_NEED)
            if why:
                print(f"\nhuge mode skipped: {why}")
                continue
        results = {label: {} for label, *_ in sides}
        n = 0
        for i in range(args.runs):
            for label, exe, env, _, _ in sides:
                eargs = eal_args(args.tag, f"{mode}_{n}", MODE_ARGS[mode])
                o, err = run_once(exe, env, [*eargs, "--", "-i", str(args.scale)])
                cleanup_run(args.tag)
                n += 1
                if err:
                    raise BenchError(f"{label} ({mode}) run {i}: {err}")
                for k, v in parse(o).items():
                    results[label].setdefault(k, []).append(v)
            print(f"{mode} run {i + 1}/{args.runs} done")
        if fingerprint(args.ours_prefix) != fp:
            raise BenchError("librte-rs was reinstalled during the run; results discarded")
        print(f"\n### ring_perf, {mode}: cycles per object, median of {args.runs} runs "
              f"(each the best of 9 chunks)\n")
        print("| case | lcores | reference | ours | relinked | ref/ours | ref/relinked |")
        print("|---|---|---|---|---|---|---|")
        below = []
        for key in results["reference"]:
            med = {label: statistics.median(results[label][key]) for label in results}
            r_o = med["reference"] / med["ours"]
            r_r = med["reference"] / med["relinked"]
            if r_o < GOAL:
                below.append(f"{key[0]} x{key[1]} ({r_o:.2f})")
            print(f"| {key[0]} | {key[1]} | {med['reference']:.2f} | {med['ours']:.2f} | "
                  f"{med['relinked']:.2f} | {r_o:.2f} | {r_r:.2f} |")
        print(f"\nrows of ours below the {GOAL}x goal: {len(below)} of {len(results['reference'])}"
              + (": " + ", ".join(below) if below else ""))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        print(f"run_ring: {e}", file=sys.stderr)
        sys.exit(1)
