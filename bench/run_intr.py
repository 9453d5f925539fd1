#!/usr/bin/env python3
"""Interrupt-thread latencies: the reference DPDK 22.11 against librte-rs.

usage: run_intr.py [--runs 5] [--ours-prefix build/prefix]

Builds bench/intr_latency.c against the reference (system pkg-config) and
against ours, runs them alternately A/B/A/B (--no-huge -m 64 --no-pci -l 0-1,
each run its own --file-prefix), and prints the medians over runs of each
program's medians: eventfd -> interrupt callback (us), lateness of a 100 us
alarm (us), and an eventfd write + rte_epoll_wait round trip (ns), with the
ratio ours/reference (lower is better for all three).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(out, pc_path):
    env = dict(os.environ)
    env["PKG_CONFIG_PATH"] = pc_path
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libdpdk"], env=env, check=True,
                           capture_output=True, text=True).stdout.split()
    subprocess.run(["cc", "-O2", "-DALLOW_EXPERIMENTAL_API", os.path.join(ROOT, "bench", "intr_latency.c"),
                    "-o", out] + flags, check=True)


def run(exe, env_extra, prefix):
    env = dict(os.environ)
    env.update(env_extra)
    r = subprocess.run([exe, "--no-huge", "-m", "64", "--no-pci", "-l", "0-1", "--file-prefix", prefix,
                        "--log-level=*:error"], env=env, capture_output=True, text=True, timeout=120)
    shutil.rmtree(f"/var/run/dpdk/{prefix}", ignore_errors=True)
    if r.returncode != 0:
        sys.exit(f"{exe} failed: {r.stderr[-500:]}")
    vals = {}
    for line in r.stdout.splitlines():
        k, v = line.split()
        vals[k] = float(v)
    return vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ours-prefix", default=os.path.join(ROOT, "build", "prefix"))
    a = ap.parse_args()
    prefix = os.path.abspath(a.ours_prefix)
    with tempfile.TemporaryDirectory() as d:
        ref, ours = os.path.join(d, "ref"), os.path.join(d, "ours")
        build(ref, "")
        build(ours, os.path.join(prefix, "lib", "pkgconfig"))
        res = {"ref": [], "ours": []}
        for i in range(a.runs):
            res["ref"].append(run(ref, {}, f"bench_intr_ref{i}"))
            res["ours"].append(run(ours, {"LD_LIBRARY_PATH": os.path.join(prefix, "lib")}, f"bench_intr_ours{i}"))
    print(f"{'metric':<16}{'reference':>12}{'librte-rs':>12}{'ratio':>8}   (median of {a.runs} runs)")
    for k in ("intr_us", "alarm_late_us", "epoll_ns"):
        r = statistics.median(x[k] for x in res["ref"])
        o = statistics.median(x[k] for x in res["ours"])
        print(f"{k:<16}{r:>12.2f}{o:>12.2f}{(o / r if r else float('nan')):>7.2f}x")


if __name__ == "__main__":
    main()
