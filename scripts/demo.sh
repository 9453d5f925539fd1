#!/usr/bin/env bash
# Sets up, builds and runs the demo: the distro's helloworld example, built
# from its unmodified source against librte-rs, run on every lcore without
# hugepages. (The packet-forwarding demo on software ports arrives with
# ethdev, net_ring and net_null.)
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
