#!/usr/bin/env bash
# Builds every C API test against an installed librte-rs (via its
# libdpdk.pc) and runs it. usage: run.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/api
mkdir -p "$out"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cflags=$(pkg-config --cflags libdpdk)
libs=$(pkg-config --libs libdpdk)
pass=0 fail=0
for src in "$here"/api/*.c; do
	name=$(basename "$src" .c)
	if ! cc -O1 -g -Wall -Wextra -Werror -DALLOW_EXPERIMENTAL_API $cflags "$src" -o "$out/$name" $libs -lpthread; then
		echo "FAIL $name: does not compile against the installed headers"
		fail=$((fail + 1))
		continue
	fi
	if timeout 120 env LD_LIBRARY_PATH="$prefix/lib" "$out/$name" >"$out/$name.log" 2>&1; then
		pass=$((pass + 1))
		tail -n 1 "$out/$name.log"
	else
		fail=$((fail + 1))
		echo "FAIL $name:"
		sed 's/^/    /' "$out/$name.log" | tail -n 40
	fi
done
echo "c-api: $pass passed, $fail failed"
[ "$fail" = 0 ]
