#!/usr/bin/env python3
"""Benchmarks rte_eal_init(): the reference DPDK 22.11 against librte-rs.

usage: run_eal_init.py [--runs 5] [--ours-prefix /tmp/rte-prefix]
                       [--out-dir DIR] [--cc CC]

Builds bench/eal_init.c twice: with the system's (reference) pkg-config
libdpdk flags, and with ours (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig, run
with LD_LIBRARY_PATH=<prefix>/lib).  Checks with ldd and with the dynamic
loader's own trace (LD_DEBUG=files, one untimed warm-up run each) that the
reference binary loads only system librte_* libraries and ours only the
prefix's.  Then runs them alternately A/B/A/B, --runs times each, every run
its own process (forked by /bin/sh, see LAUNCH) with the EAL arguments

    -l 0-1 --no-huge -m 512 --no-pci --file-prefix bench_<pid>_<run>

parses "init_us=<n> maxrss_kb=<n>" and prints the medians of init time (ms)
and peak RSS (MiB) with the ratios ours/reference.  Removes the runtime
directories (/var/run/dpdk/bench_<pid>_*) the runs leave behind.
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
SOURCE = HERE / "eal_init.c"
SYSTEM_LIBDIR = Path("/usr/lib/x86_64-linux-gnu")
CFLAGS = ["-std=c99", "-O2", "-Wall", "-Wextra"]
INIT_GOAL = 0.5  # ours/reference init time ratio we aim for
# ru_maxrss survives execve(): a child exec()ed straight from Python would
# report Python's own RSS high-water mark.  A shell that forks (the command
# is not its last one, so it cannot exec in place) gives each measured
# process a fresh, shell-sized history instead.
LAUNCH = ["/bin/sh", "-c", '"$@"; exit $?', "sh"]
RESULT = re.compile(r"^init_us=(\d+) maxrss_kb=(\d+)$", re.M)
# Variables that would let one side see the other's libraries or flags.
LEAKY_ENV = ("LD_LIBRARY_PATH", "LD_PRELOAD", "PKG_CONFIG_PATH",
             "PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR")


class BenchError(Exception):
    """A build, run or verification step failed."""


def clean_env():
    """The environment without library or pkg-config overrides."""
    env = dict(os.environ)
    for k in LEAKY_ENV:
        env.pop(k, None)
    return env


def ours_env(prefix):
    """Environment that builds against and runs with our prefix."""
    env = clean_env()
    env["PKG_CONFIG_PATH"] = str(prefix / "lib/pkgconfig")
    env["LD_LIBRARY_PATH"] = str(prefix / "lib")
    return env


def pkg_config(env):
    """`pkg-config --cflags --libs libdpdk` split into arguments."""
    r = subprocess.run(["pkg-config", "--cflags", "--libs", "libdpdk"],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"pkg-config failed: {r.stderr.strip()}")
    return shlex.split(r.stdout)


def build(cc, source, out, env, name):
    """Compiles source into out/name with env's libdpdk flags."""
    flags = pkg_config(env)
    exe = out / name
    cmd = [cc, *CFLAGS, str(source), "-o", str(exe), *flags]
    print(f"build {name}: {shlex.join(cmd)}")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.stderr.strip():
        print(r.stderr.rstrip(), file=sys.stderr)
    if r.returncode != 0:
        raise BenchError(f"building {name} failed")
    return exe, flags


def rte_paths_ldd(exe, env):
    """Resolved paths of the librte_* libraries ldd says exe loads."""
    r = subprocess.run(["ldd", str(exe)], env=env, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise BenchError(f"ldd {exe} failed: {r.stderr.strip()}")
    paths = []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(librte_\S+) => (\S+)", line)
        if m:
            if m.group(2) == "not":
                raise BenchError(f"ldd {exe}: {line.strip()}")
            paths.append(Path(m.group(2)).resolve())
    return paths


def rte_paths_loaded(exe, env, args):
    """Resolved paths of the librte_* objects the loader initialises in a
    real (untimed) run, dlopen()ed drivers included (LD_DEBUG=files)."""
    env = dict(env, LD_DEBUG="files")
    r = subprocess.run([str(exe), *args], env=env, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise BenchError(f"warm-up run of {exe} failed:\n{r.stderr[-2000:]}")
    found = re.findall(r"calling init: (\S*librte_\S+)", r.stderr)
    return [Path(p).resolve() for p in found]


def under(path, root):
    """Whether path lies inside directory root."""
    return Path(root).resolve() in path.parents


def verify(exe, env, args, libdir, want_rs):
    """Asserts that every librte_* object exe uses comes from libdir,
    statically (ldd) and at run time; for ours also that librte_rs is one."""
    for how, paths in (("ldd", rte_paths_ldd(exe, env)),
                       ("run", rte_paths_loaded(exe, env, args))):
        if not paths:
            raise BenchError(f"{exe.name} ({how}): no librte_* library seen")
        wrong = [str(p) for p in paths if not under(p, libdir)]
        if wrong:
            raise BenchError(f"{exe.name} ({how}) loads librte_* from "
                             f"outside {libdir}: {wrong}")
        if want_rs and not any(p.name.startswith("librte_rs.so")
                               for p in paths):
            raise BenchError(f"{exe.name} ({how}) does not load librte_rs")
        print(f"verified {exe.name} ({how}): {len(paths)} librte_* "
              f"object(s), all under {Path(libdir).resolve()}")


def runtime_base():
    """Where EAL puts <file-prefix> runtime directories (as DPDK does)."""
    if os.geteuid() == 0:
        return Path("/var/run/dpdk")
    return Path(os.environ.get("XDG_RUNTIME_DIR", "/tmp")) / "dpdk"


def cleanup_runtime(tag):
    """Removes the runtime directories our runs created."""
    base = runtime_base()
    if base.is_dir():
        for d in base.glob(f"{tag}*"):
            shutil.rmtree(d, ignore_errors=True)


def eal_args(tag, run):
    """EAL arguments for one run, with its own file prefix."""
    return ["-l", "0-1", "--no-huge", "-m", "512", "--no-pci",
            "--file-prefix", f"{tag}_{run}"]


def run_once(exe, env, args):
    """Runs exe once (through LAUNCH); returns (init_us, maxrss_kb)."""
    r = subprocess.run([*LAUNCH, str(exe), *args], env=env,
                       capture_output=True, text=True)
    m = RESULT.search(r.stdout)
    if r.returncode != 0 or not m:
        raise BenchError(f"{exe.name} {shlex.join(args)} exited "
                         f"{r.returncode}:\n{r.stdout}{r.stderr[-2000:]}")
    return int(m.group(1)), int(m.group(2))


def measure(sides, runs, tag):
    """Runs the sides alternately (A/B/A/B...), runs times each.

    sides: list of (label, exe, env).  Returns {label: [(us, kb), ...]}."""
    results = {label: [] for label, _, _ in sides}
    n = 0
    for i in range(runs):
        for label, exe, env in sides:
            us, kb = run_once(exe, env, eal_args(tag, n))
            cleanup_runtime(tag)
            n += 1
            results[label].append((us, kb))
            print(f"run {i + 1}/{runs} {label:9s} init {us / 1000:8.2f} ms"
                  f"  maxrss {kb / 1024:7.2f} MiB")
    return results


def report(results):
    """Prints the median table and the ratio lines."""
    ref_ms = statistics.median(us for us, _ in results["reference"]) / 1000
    our_ms = statistics.median(us for us, _ in results["ours"]) / 1000
    ref_mb = statistics.median(kb for _, kb in results["reference"]) / 1024
    our_mb = statistics.median(kb for _, kb in results["ours"]) / 1024
    t_ratio, m_ratio = our_ms / ref_ms, our_mb / ref_mb
    print()
    print(f"{'median':16s} {'reference':>10s} {'ours':>10s} {'ratio':>8s}")
    print(f"{'init time (ms)':16s} {ref_ms:10.1f} {our_ms:10.1f} "
          f"{t_ratio:7.2f}x")
    print(f"{'peak RSS (MiB)':16s} {ref_mb:10.1f} {our_mb:10.1f} "
          f"{m_ratio:7.2f}x")
    print()
    verdict = "met" if t_ratio <= INIT_GOAL else "NOT met"
    print(f"init time: ref {ref_ms:.1f} ms, ours {our_ms:.1f} ms, ratio "
          f"{t_ratio:.2f}x (goal <= {INIT_GOAL}x: {verdict})")
    print(f"peak RSS: ref {ref_mb:.1f} MiB, ours {our_mb:.1f} MiB, ratio "
          f"{m_ratio:.2f}x")


def parse_args(argv):
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--ours-prefix", type=Path, default=Path("/tmp/rte-prefix"))
    p.add_argument("--out-dir", type=Path,
                   help="keep the binaries here (default: a temporary "
                        "directory, removed afterwards)")
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    a = p.parse_args(argv)
    if a.runs < 1:
        p.error("--runs must be at least 1")
    a.ours_prefix = a.ours_prefix.resolve()
    return a


def bench(args, out):
    """Builds, verifies and measures both sides inside out."""
    tag = f"bench_{os.getpid()}"
    ref_env, our_env = clean_env(), ours_env(args.ours_prefix)
    ref_exe, _ = build(args.cc, SOURCE, out, ref_env, "eal_init_reference")
    our_exe, our_flags = build(args.cc, SOURCE, out, our_env, "eal_init_ours")
    if f"-I{args.ours_prefix}/include/dpdk" not in our_flags or \
            any("/usr/include/dpdk" in f for f in our_flags):
        raise BenchError(f"pkg-config did not give our flags: {our_flags}")
    try:
        verify(ref_exe, ref_env, eal_args(tag, "ref_check"), SYSTEM_LIBDIR,
               want_rs=False)
        verify(our_exe, our_env, eal_args(tag, "ours_check"),
               args.ours_prefix / "lib", want_rs=True)
        cleanup_runtime(tag)
        results = measure([("reference", ref_exe, ref_env),
                           ("ours", our_exe, our_env)], args.runs, tag)
    finally:
        cleanup_runtime(tag)
    report(results)


def main(argv):
    args = parse_args(argv)
    try:
        if args.out_dir:
            args.out_dir.mkdir(parents=True, exist_ok=True)
            bench(args, args.out_dir.resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="eal_init_") as tmp:
                bench(args, Path(tmp))
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
