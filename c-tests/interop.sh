#!/usr/bin/env bash
# Ring interop: c-tests/interop/side.c compiled once against the REFERENCE's
# headers and once against ours, linked with main.c into one program against
# librte-rs; two lcores drive each ring at once, one with each header set's
# inline code, in every sync mode. usage: interop.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/interop
mkdir -p "$out"
refcflags=$(PKG_CONFIG_PATH= pkg-config --cflags libdpdk)
ourcflags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags libdpdk)
ourlibs=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --libs libdpdk)
set -e
cc -O2 -Wall -Wextra -Werror -DSIDE=ref $refcflags -c "$here/interop/side.c" -o "$out/ref_side.o"
cc -O2 -Wall -Wextra -Werror -DSIDE=our $ourcflags -c "$here/interop/side.c" -o "$out/our_side.o"
cc -O2 -Wall -Wextra -Werror $ourcflags -c "$here/interop/main.c" -o "$out/main.o"
cc "$out/main.o" "$out/ref_side.o" "$out/our_side.o" -o "$out/ring_interop" $ourlibs -lpthread
set +e
if LD_LIBRARY_PATH="$prefix/lib" ldd "$out/ring_interop" | grep -q "=> /.*x86_64-linux-gnu/librte_"; then
	echo "FAIL ring_interop loads a reference library"; exit 1
fi
timeout 300 env LD_LIBRARY_PATH="$prefix/lib" "$out/ring_interop" >"$out/ring_interop.log" 2>&1
rc=$?
grep -v "^EAL" "$out/ring_interop.log"
rm -rf /var/run/dpdk/ring_interop_test
exit $rc
