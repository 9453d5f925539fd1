#!/usr/bin/env bash
# Every installed header compiles on its own, as C and as C++, with the
# flags libdpdk.pc gives (warnings are errors). usage: headers.sh PREFIX
set -uo pipefail
prefix=$(cd "$1" && pwd)
out=$(cd "$(dirname "$0")" && pwd)/out/headers
mkdir -p "$out"
cflags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags libdpdk)
pass=0 fail=0
for h in "$prefix"/include/dpdk/*.h; do
	name=$(basename "$h")
	printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" >"$out/t.c"
	cp "$out/t.c" "$out/t.cpp"
	if cc -Wall -Wextra -Werror -std=gnu11 $cflags -c "$out/t.c" -o "$out/t.o" 2>"$out/err" &&
		c++ -Wall -Wextra -Werror $cflags -c "$out/t.cpp" -o "$out/t.o" 2>>"$out/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name is not self-contained (C or C++):"
		head -n 10 "$out/err" | sed 's/^/    /'
	fi
done
echo "headers: $pass passed, $fail failed"
[ "$fail" = 0 ]
