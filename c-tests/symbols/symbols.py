#!/usr/bin/env python3
"""Symbol test: librte_rs.so.23.0 exports only what DPDK 22.11 exports.

usage: symbols.py LIBDIR [--markdown OUT.md] [--reference-dir DIR]
                  [--tsv FILE] [--enotsup FILE]

Reads the dynamic symbol table (objdump -T) of each reference core library
(/usr/lib/x86_64-linux-gnu/<lib>.so.23) and of LIBDIR/librte_rs.so.23.0,
then checks, each check counted as one pass or one fail:

  * every symbol we export is exported by the reference;
  * under the same version node (DPDK_23, EXPERIMENTAL, INTERNAL), as the
    default version, and only once;
  * with the same kind (func, data, tls);
  * data and TLS objects have the reference's size;
  * our version-node definition entries are nodes the reference defines;
  * the reference libraries agree with abi/reference-symbols.tsv;
  * every abi/enotsup.txt entry is a reference symbol that we export;
  * LIBDIR/<lib>.so.23 and LIBDIR/<lib>.so resolve to librte_rs.so.23.0.

Prints coverage per library and in total, then "symbols: X passed, Y failed";
exits 1 on any failure.  --markdown writes the compatibility table for the
README (implemented / ENOTSUP / missing / total per library) followed by the
missing symbols that the reference's programs or distro examples use.
"""
import argparse
import os
import re
import subprocess
import sys
from collections import namedtuple
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DIR = "/usr/lib/x86_64-linux-gnu"
OUR_LIB = "librte_rs.so.23.0"
LIBS = ["librte_eal", "librte_kvargs", "librte_telemetry", "librte_ring",
        "librte_mempool", "librte_mbuf", "librte_net", "librte_ethdev",
        "librte_pci", "librte_bus_pci", "librte_bus_vdev",
        "librte_mempool_ring"]
NODES = ("DPDK_23", "EXPERIMENTAL", "INTERNAL")
TLS_SECTIONS = (".tbss", ".tdata")

# One defined dynamic symbol: name, version node as objdump prints it
# (in parentheses when it is a hidden, non-default version), kind
# (func/data/tls/other), size in bytes, and the library it came from.
Sym = namedtuple("Sym", "name node kind size lib")

# objdump -T line: VALUE FLAGS(7 chars) SECTION<TAB>SIZE VERSION NAME
OBJDUMP_LINE = re.compile(
    r"^(?P<value>[0-9a-f]+) (?P<flags>.{7}) (?P<section>\S+)\t"
    r"(?P<size>[0-9a-f]+)\s+(?P<version>\S+)\s+(?P<name>\S+)$")


class Checks:
    """Counts passed and failed checks and prints each failure."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, message):
        """Counts one check; prints message when it failed."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {message}")
        return ok


def symbol_kind(flags, section):
    """func, data or tls from objdump's flag column and section.

    objdump marks functions with F and objects with O in the seventh flag
    column; TLS symbols carry no O but live in .tbss/.tdata (older binutils
    may show them with the *ABS* or *TLS* pseudo-section and a blank type).
    """
    if section in TLS_SECTIONS or section == "*TLS*":
        return "tls"
    if flags[6] == "F":
        return "func"
    if flags[6] == "i":
        return "ifunc"
    if flags[6] == "O":
        return "data"
    if flags[5] == "D" and flags[6] == " " and section == "*ABS*":
        return "tls"
    return "other"


def read_dynsyms(path, lib):
    """Defined dynamic symbols of one shared object.

    Returns (symbols, version_defs): a list of Sym and the set of version
    node definition entries (the *ABS* symbols named after their node).
    """
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True,
                         text=True, check=True).stdout
    syms, version_defs = [], set()
    for line in out.splitlines():
        m = OBJDUMP_LINE.match(line)
        if not m or m["section"] == "*UND*":
            continue
        name, version = m["name"], m["version"]
        if m["section"] == "*ABS*" and name == version.strip("()"):
            version_defs.add(name)
            continue
        kind = symbol_kind(m["flags"], m["section"])
        syms.append(Sym(name, version, kind, int(m["size"], 16), lib))
    return syms, version_defs


def read_reference(refdir):
    """Reference exports: ({name: Sym}, version nodes, duplicate names)."""
    ref, nodes, dups = {}, set(), []
    for lib in LIBS:
        syms, defs = read_dynsyms(Path(refdir) / f"{lib}.so.23", lib)
        nodes |= defs
        for s in syms:
            if s.name in ref:
                dups.append(s.name)
            ref[s.name] = s
    return ref, nodes, dups


def read_tsv(path):
    """abi/reference-symbols.tsv: {name: (node, lib, kind, size, users)}."""
    rows = {}
    with open(path) as f:
        for line in f:
            if line.startswith("#") or line.startswith("symbol\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (6 - len(cols))
            size = int(cols[4]) if cols[4] else None
            rows[cols[0]] = (cols[1], cols[2], cols[3], size, cols[5])
    return rows


def read_enotsup(path):
    """Symbols listed in abi/enotsup.txt (blank lines and # comments skipped)."""
    if not Path(path).exists():
        return set()
    names = set()
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.add(line)
    return names


def check_tsv(checks, ref, tsv):
    """The reference's objdump tables and the TSV list the same symbols."""
    checks.check(set(ref) == set(tsv),
                 f"reference libraries and TSV differ: only in libraries "
                 f"{sorted(set(ref) - set(tsv))[:10]}, only in TSV "
                 f"{sorted(set(tsv) - set(ref))[:10]}")
    bad = [n for n, s in ref.items() if n in tsv and
           (s.node, s.lib, s.kind) != tsv[n][:3]]
    checks.check(not bad, f"TSV node/library/kind disagree with the "
                          f"reference for {bad[:10]}")


def check_ours(checks, ours, our_defs, ref, ref_nodes):
    """Checks each symbol and version definition that our library exports."""
    for node in sorted(our_defs):
        checks.check(node in ref_nodes and node in NODES,
                     f"version node {node} is not one the reference defines")
    seen = {}
    for s in ours:
        seen[s.name] = seen.get(s.name, 0) + 1
    for name, count in sorted(seen.items()):
        checks.check(count == 1, f"{name} exported {count} times")
    for s in sorted(ours):
        r = ref.get(s.name)
        if not checks.check(r is not None,
                            f"{s.name} ({s.node}, {s.kind}) is not a "
                            f"reference export"):
            continue
        checks.check(s.node == r.node,
                     f"{s.name}: version node {s.node}, reference {r.node}"
                     f" ({r.lib})")
        checks.check(s.kind == r.kind,
                     f"{s.name}: kind {s.kind}, reference {r.kind}")
        if r.kind in ("data", "tls"):
            checks.check(s.size == r.size,
                         f"{s.name}: {r.kind} size {s.size}, "
                         f"reference {r.size}")


def check_enotsup(checks, enotsup, exported, ref):
    """Every ENOTSUP entry is a reference symbol that we export."""
    for name in sorted(enotsup):
        checks.check(name in ref and name in exported,
                     f"abi/enotsup.txt lists {name}, which "
                     f"{'we do not export' if name in ref else 'is no reference export'}")


def check_links(checks, libdir):
    """Each soname alias resolves to the same file as librte_rs.so.23.0."""
    target = Path(libdir) / OUR_LIB
    if not checks.check(target.is_file(), f"{target} missing"):
        return
    for lib in LIBS:
        for suffix in (".so.23", ".so"):
            link = Path(libdir) / f"{lib}{suffix}"
            ok = link.exists() and os.path.samefile(link, target)
            checks.check(ok, f"{link} does not resolve to {target}")


def coverage(ref, exported):
    """{lib: (exported count, reference count)} in LIBS order."""
    cov = {lib: [0, 0] for lib in LIBS}
    for s in ref.values():
        cov[s.lib][1] += 1
        if s.name in exported:
            cov[s.lib][0] += 1
    return cov


def pct(n, total):
    """Percentage as text; n/a for a library that exports nothing."""
    return f"{100.0 * n / total:.1f}%" if total else "n/a"


def print_coverage(cov):
    """Prints 'librte_eal: 83/442 (18.8%)' lines and the total."""
    for lib, (have, total) in cov.items():
        print(f"{lib}: {have}/{total} ({pct(have, total)})")
    have = sum(c[0] for c in cov.values())
    total = sum(c[1] for c in cov.values())
    print(f"total: {have}/{total} ({pct(have, total)})")


def write_markdown(out, ref, tsv, exported, enotsup):
    """Writes the README compatibility table and the blocking symbols."""
    lines = ["| library | implemented | ENOTSUP | missing | total |",
             "|---|---:|---:|---:|---:|"]
    sums = [0, 0, 0, 0]
    blocking = {lib: [] for lib in LIBS}
    for lib in LIBS:
        names = sorted(n for n, s in ref.items() if s.lib == lib)
        stub = [n for n in names if n in exported and n in enotsup]
        impl = [n for n in names if n in exported and n not in enotsup]
        missing = [n for n in names if n not in exported]
        row = [len(impl), len(stub), len(missing), len(names)]
        sums = [a + b for a, b in zip(sums, row)]
        lines.append(f"| {lib} | " + " | ".join(map(str, row)) + " |")
        for n in missing:
            users = tsv.get(n, ("",) * 5)[4]
            if users:
                blocking[lib].append((n, users))
    lines.append("| **total** | " + " | ".join(f"**{v}**" for v in sums)
                 + " |")
    lines += ["", "ENOTSUP: exported, but only returns -ENOTSUP "
              "(abi/enotsup.txt).", "",
              "### Missing symbols used by the reference's programs and "
              "distro examples", ""]
    any_blocking = False
    for lib in LIBS:
        if not blocking[lib]:
            continue
        any_blocking = True
        lines += [f"#### {lib} ({len(blocking[lib])})", "",
                  "| symbol | used by |", "|---|---|"]
        for n, users in blocking[lib]:
            lines.append(f"| `{n}` | {users.replace(',', ', ')} |")
        lines.append("")
    if not any_blocking:
        lines += ["None.", ""]
    Path(out).write_text("\n".join(lines).rstrip("\n") + "\n")


def parse_args(argv):
    """Command line."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("libdir", help="directory holding librte_rs.so.23.0")
    p.add_argument("--markdown", metavar="OUT.md",
                   help="write the compatibility table here")
    p.add_argument("--reference-dir", default=REFERENCE_DIR)
    p.add_argument("--tsv", default=str(REPO / "abi/reference-symbols.tsv"))
    p.add_argument("--enotsup", default=str(REPO / "abi/enotsup.txt"))
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    checks = Checks()
    ref, ref_nodes, dups = read_reference(args.reference_dir)
    checks.check(not dups, f"reference libraries export {dups} twice")
    tsv = read_tsv(args.tsv)
    check_tsv(checks, ref, tsv)
    ours, our_defs = [], set()
    lib_path = Path(args.libdir) / OUR_LIB
    if checks.check(lib_path.is_file(), f"{lib_path} missing"):
        ours, our_defs = read_dynsyms(lib_path, OUR_LIB)
    exported = {s.name for s in ours}
    check_ours(checks, ours, our_defs, ref, ref_nodes)
    enotsup = read_enotsup(args.enotsup)
    check_enotsup(checks, enotsup, exported, ref)
    check_links(checks, args.libdir)
    print_coverage(coverage(ref, exported & set(ref)))
    if args.markdown:
        write_markdown(args.markdown, ref, tsv, exported & set(ref), enotsup)
        print(f"wrote {args.markdown}")
    print(f"symbols: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
