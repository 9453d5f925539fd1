#!/usr/bin/env bash
# Sets up, builds and runs the demo: the distro's helloworld example, built
# from its unmodified source against librte-rs, run on every lcore without
# hugepages; then the packet-forwarding demo (examples-c/fwd_demo.c) on two
# net_null software ports: no NIC, no hugepages, no root. While our
# rte_ethdev.h is missing, fwd_demo is compiled with the reference's headers
# and linked to and run on librte-rs alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$HOME/.cargo/bin:$PATH
bash scripts/setup.sh
bash scripts/build.sh
prefix=$PWD/build/prefix
work=build/demo
rm -rf "$work" && mkdir -p "$work"
cp -r /usr/share/dpdk/examples/helloworld "$work/"
( cd "$work/helloworld" && PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s )
ncpu=$(nproc)
echo "--- helloworld on librte-rs, lcores 0-$((ncpu - 1)), --no-huge"
LD_LIBRARY_PATH="$prefix/lib" "$work/helloworld/build/helloworld" -l "0-$((ncpu - 1))" --no-huge --file-prefix demo
echo "--- libraries it loaded:"
LD_LIBRARY_PATH="$prefix/lib" ldd "$work/helloworld/build/helloworld" | grep -E "librte" || true

echo "--- forwarding demo: 2 x net_null, lcores 0-1, --no-huge, 5 seconds"
if [ -f "$prefix/include/dpdk/rte_ethdev.h" ]; then
	cflags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags libdpdk)
else
	cflags=$(PKG_CONFIG_PATH= pkg-config --cflags libdpdk)
fi
cc -O2 $cflags -DALLOW_EXPERIMENTAL_API examples-c/fwd_demo.c -o "$work/fwd_demo" -L"$prefix/lib" -lrte_eal
LD_LIBRARY_PATH="$prefix/lib" "$work/fwd_demo" -l 0-1 --no-huge -m 512 --no-pci --file-prefix demo-fwd \
	--vdev=net_null0 --vdev=net_null1 -- 5
