#!/usr/bin/env bash
# Mempool interop: one program, two halves. ref_side.c is compiled with the
# REFERENCE's headers and cflags (22.11 inline get/put and caches), our_side.c
# with librte-rs's; both link to librte-rs. Two lcores hammer one pool at
# once (one half each), for the ring handlers and the stack, with and
# without caches; then objects cross sides; every object must come back
# exactly once. usage: mempool_interop.sh PREFIX [ITERATIONS]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
iters=${2:-200000}
out=$here/out/mempool_interop
src=$here/mempool_interop
mkdir -p "$out"
refcflags=$(PKG_CONFIG_PATH= pkg-config --cflags libdpdk)
ourcflags=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --cflags libdpdk)
cc -O2 -Wall -Wextra -Werror -DALLOW_EXPERIMENTAL_API $refcflags -c "$src/ref_side.c" -o "$out/ref_side.o" || exit 1
cc -O2 -Wall -Wextra -Werror -DALLOW_EXPERIMENTAL_API $ourcflags -c "$src/our_side.c" -o "$out/our_side.o" || exit 1
cc "$out/our_side.o" "$out/ref_side.o" -o "$out/mempool_interop" -L"$prefix/lib" -lrte_eal -lpthread || exit 1
if LD_LIBRARY_PATH="$prefix/lib" ldd "$out/mempool_interop" | grep -q "=> /.*x86_64-linux-gnu/librte_"; then
	echo "FAIL mempool_interop: loads a reference library"; exit 1
fi
LD_LIBRARY_PATH="$prefix/lib" timeout 300 "$out/mempool_interop" "$iters" 2>&1 | grep -v "^EAL"
rc=${PIPESTATUS[0]}
rm -rf /var/run/dpdk/mempool_interop
exit "$rc"
