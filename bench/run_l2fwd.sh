#!/usr/bin/env bash
# l2fwd io forwarding rate, two net_null ports, two lcores: the distro's
# unmodified l2fwd built by its own Makefile twice, against the reference
# (run on the reference and its own net_null) and against librte-rs's
# libdpdk.pc (run on librte-rs); the reference-built binary is also run on
# librte-rs (LD_LIBRARY_PATH, "relinked"). A/B/C alternated; median Mpps of
# the per-second "Total packets received" deltas.
# usage: run_l2fwd.sh PREFIX [RUNS] [SECONDS] [--huge]
#   e.g. run_l2fwd.sh build/prefix 5 6            (--no-huge)
#        run_l2fwd.sh build/prefix 5 6 --huge     (hugepages: needs them reserved)
set -uo pipefail
prefix=$(cd "$1" && pwd); runs=${2:-5}; secs=${3:-6}; shift 3 2>/dev/null || shift $#
mem="--no-huge -m 512"
[ "${1:-}" = --huge ] && { mem="-m 512"; shift; }
work=$(mktemp -d)
cp -r /usr/share/dpdk/examples/l2fwd "$work/ref" && cp -r /usr/share/dpdk/examples/l2fwd "$work/ours"
PKG_CONFIG_PATH= make -s -C "$work/ref" >/dev/null || exit 1
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C "$work/ours" >/dev/null || exit 1
rate() { # BINARY LIBPATH -> Mpps between two full seconds of stats
	local bin=$1 lp=$2 log=$work/log
	timeout -s INT -k 5 "$secs" env ${lp:+LD_LIBRARY_PATH=$lp} stdbuf -oL "$bin" $mem --no-pci -l 0-1 \
		--file-prefix=bench-l2fwd --vdev=net_null0 --vdev=net_null1 -- -p 0x3 -T 1 >"$log" 2>&1
	grep "Total packets received" "$log" | awk '{print $4}' | tail -n 3 | head -n 2 |
		awk 'NR==1{a=$1} NR==2{printf "%.2f\n", ($1-a)/1e6}'
}
ref=() ours=() relinked=()
for i in $(seq "$runs"); do
	ref+=("$(rate "$work/ref/build/l2fwd-shared" "")")
	ours+=("$(rate "$work/ours/build/l2fwd-shared" "$prefix/lib")")
	relinked+=("$(rate "$work/ref/build/l2fwd-shared" "$prefix/lib")")
	echo "run $i: reference ${ref[-1]} Mpps, librte-rs ${ours[-1]} Mpps, reference-built on librte-rs ${relinked[-1]} Mpps"
done
med() { printf "%s\n" "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
r=$(med "${ref[@]}"); o=$(med "${ours[@]}"); l=$(med "${relinked[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
echo "l2fwd 2 x net_null, 2 lcores ($mem), medians of $runs: reference $r Mpps, librte-rs (our headers) $o Mpps" \
	"= $(ratio "$o" "$r")x, reference-built on librte-rs $l Mpps = $(ratio "$l" "$r")x"
rm -rf "$work" /var/run/dpdk/bench-l2fwd
