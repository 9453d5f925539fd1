#!/usr/bin/env bash
# The distro's flow_filtering example (/usr/share/dpdk/examples/flow_filtering),
# copied and built unmodified with its own Makefile against our libdpdk.pc,
# and also against the reference's. On one net_null port (no flow support)
# every build must get as far as creating its flow rule and report the
# reference's failure: error type 1 (UNSPECIFIED), "Function not implemented".
# Runs: ours-built on ours, reference-built on ours (LD_LIBRARY_PATH), and
# reference-built on the reference (the expected output).
# usage: flow_example.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/flow_example
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
expect="Flow can't be created 1 message: Function not implemented"

build() { # TAG PKG_CONFIG_PATH
	cp -r /usr/share/dpdk/examples/flow_filtering "$out/$1"
	if ! PKG_CONFIG_PATH=$2 make -s -C "$out/$1" >"$out/$1.build.log" 2>&1; then
		echo "FAIL flow_filtering ($1): does not build"; sed 's/^/    /' "$out/$1.build.log" | tail -n 20
		fail=$((fail + 1))
		return 1
	fi
}

run() { # NAME BIN LD_LIBRARY_PATH
	local name=$1 bin=$2 lib=$3
	timeout -s INT -k 5 20 env LD_LIBRARY_PATH="$lib" "$bin" --no-huge -m 256 --no-pci --vdev=net_null0 -l 0 \
		--file-prefix="flowex-$name" >"$out/$name.log" 2>&1
	local rc=$?
	rm -rf "/var/run/dpdk/flowex-$name" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/flowex-$name" 2>/dev/null
	if [ $rc = 1 ] && grep -qF "$expect" "$out/$name.log" && grep -q ":: initializing port: 0" "$out/$name.log"; then
		pass=$((pass + 1))
		echo "PASS flow_filtering ($name): port initialized, flow refused as the reference does"
	else
		fail=$((fail + 1))
		echo "FAIL flow_filtering ($name): rc=$rc"; tail -n 15 "$out/$name.log" | sed 's/^/    /'
	fi
}

build ours "$prefix/lib/pkgconfig" && run ours-on-ours "$out/ours/build/flow" "$prefix/lib"
build ref "" && {
	run ref-on-ours "$out/ref/build/flow" "$prefix/lib"
	run ref-on-ref "$out/ref/build/flow" ""
}
echo "flow_example: $pass passed, $fail failed"
[ "$fail" = 0 ]
