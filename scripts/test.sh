#!/usr/bin/env bash
# Runs every test of librte-rs: installs prerequisites, runs the Rust unit
# tests, checks the committed headers are what cbindgen generates, builds and
# installs with meson, then runs the C tests against the installed library.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH=$HOME/.cargo/bin:$PATH
bash scripts/setup.sh || exit 1

suites_pass=0 suites_fail=0 failed=()
suite() {
	local name=$1; shift
	echo
	echo "=== $name: $*"
	if "$@"; then
		suites_pass=$((suites_pass + 1))
	else
		suites_fail=$((suites_fail + 1))
		failed+=("$name")
	fi
}

# Hugepages for the hugepage-mode tests: reserved now, released on exit.
bash scripts/hugepages.sh reserve 64
trap 'bash scripts/hugepages.sh release' EXIT

suite rust-unit cargo test --workspace --quiet
suite headers-generated python3 tools/gen_headers.py --check
suite ring-loom env RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=2 CARGO_TARGET_DIR=target/loom cargo test -p rte-ring --release --test loom --quiet
suite build bash scripts/build.sh
prefix=build/prefix
if [ -f "$prefix/lib/librte_rs.so.23.0" ]; then
	suite headers-self-contained bash c-tests/headers.sh "$prefix"
	suite c-api bash c-tests/run.sh "$prefix"
	suite compat bash c-tests/compat.sh "$prefix"
	suite differential bash c-tests/diff.sh "$prefix"
	suite relink bash c-tests/relink.sh "$prefix"
	suite examples bash c-tests/examples.sh "$prefix"
	suite mempool-interop bash c-tests/mempool_interop.sh "$prefix"
	suite ring-interop bash c-tests/interop.sh "$prefix"
	[ -f c-tests/layout/layout.py ] && suite layout python3 c-tests/layout/layout.py "$prefix/include/dpdk" c-tests/out/layout
	[ -f c-tests/layout/layout.py ] && suite layout-self-test python3 c-tests/layout/layout.py --self-test
	[ -f c-tests/symbols/symbols.py ] && suite symbols python3 c-tests/symbols/symbols.py "$prefix/lib"
	[ -f c-tests/flow_example.sh ] && suite flow-example bash c-tests/flow_example.sh "$prefix"
fi
echo
[ ${#failed[@]} -gt 0 ] && echo "failed suites: ${failed[*]}"
echo "suites: $suites_pass passed, $suites_fail failed"
[ "$suites_fail" = 0 ]
