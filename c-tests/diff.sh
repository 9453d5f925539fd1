#!/usr/bin/env bash
# Differential tests: each c-tests/diff/*.c is built once against the
# reference (system libdpdk.pc) and once against librte-rs, both are run,
# and their standard outputs must be identical. usage: diff.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/diff
mkdir -p "$out"
pass=0 fail=0
for src in "$here"/diff/*.c; do
	name=$(basename "$src" .c)
	if ! cc -O1 -Wall -DALLOW_EXPERIMENTAL_API $(PKG_CONFIG_PATH= pkg-config --cflags libdpdk) "$src" \
		-o "$out/$name-ref" $(PKG_CONFIG_PATH= pkg-config --libs libdpdk) ||
		! cc -O1 -Wall -DALLOW_EXPERIMENTAL_API $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags libdpdk) \
		"$src" -o "$out/$name-ours" $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --libs libdpdk); then
		echo "FAIL $name: build"
		fail=$((fail + 1))
		continue
	fi
	before=$(ls /var/run/dpdk 2>/dev/null)
	"$out/$name-ref" >"$out/$name-ref.out" 2>/dev/null
	LD_LIBRARY_PATH="$prefix/lib" "$out/$name-ours" >"$out/$name-ours.out" 2>/dev/null
	# The reference's rte_eal_cleanup keeps its runtime directory: remove
	# the ones this test created.
	for d in $(ls /var/run/dpdk 2>/dev/null); do
		grep -qxF "$d" <<<"$before" || rm -rf "/var/run/dpdk/$d"
	done
	if diff -u "$out/$name-ref.out" "$out/$name-ours.out" >"$out/$name.diff"; then
		pass=$((pass + 1))
		echo "ok   $name: $(wc -l <"$out/$name-ref.out") lines identical"
	else
		fail=$((fail + 1))
		echo "FAIL $name: outputs differ:"
		head -n 30 "$out/$name.diff" | sed 's/^/    /'
	fi
done
echo "diff: $pass passed, $fail failed"
[ "$fail" = 0 ]
