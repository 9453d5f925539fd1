#!/usr/bin/env bash
# Relink tests: each c-tests/relink/*.c is compiled with the REFERENCE's
# headers and cflags (its inline code reads our structures), linked with
# -lrte_eal against librte-rs, run, and checked not to load a reference
# library. usage: relink.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/relink
mkdir -p "$out"
refcflags=$(PKG_CONFIG_PATH= pkg-config --cflags libdpdk)
pass=0 fail=0
for src in "$here"/relink/*.c; do
	name=$(basename "$src" .c)
	if ! cc -O2 -Wall -DALLOW_EXPERIMENTAL_API $refcflags -c "$src" -o "$out/$name.o" ||
		! cc "$out/$name.o" -o "$out/$name" -L"$prefix/lib" -lrte_eal -lpthread; then
		echo "FAIL $name: build"; fail=$((fail + 1)); continue
	fi
	if LD_LIBRARY_PATH="$prefix/lib" ldd "$out/$name" | grep -q "=> /.*x86_64-linux-gnu/librte_"; then
		echo "FAIL $name: loads a reference library"; fail=$((fail + 1)); continue
	fi
	if timeout 120 env LD_LIBRARY_PATH="$prefix/lib" "$out/$name" >"$out/$name.log" 2>&1; then
		pass=$((pass + 1)); grep -v "^EAL" "$out/$name.log" | tail -n 12
	else
		fail=$((fail + 1)); echo "FAIL $name:"; tail -n 30 "$out/$name.log" | sed 's/^/    /'
	fi
done
echo "relink: $pass passed, $fail failed"
[ "$fail" = 0 ]
