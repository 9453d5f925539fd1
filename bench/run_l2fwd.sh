#!/usr/bin/env bash
# l2fwd io forwarding rate, two net_null ports, two lcores: the distro's
# l2fwd built by its Makefile against the reference, run on the reference
# (its own net_null) and on librte-rs (LD_LIBRARY_PATH), A/B alternated,
# median Mpps of the per-second "Total packets received" deltas.
# usage: run_l2fwd.sh PREFIX [RUNS] [SECONDS] [EXTRA EAL ARGS...]
#   e.g. run_l2fwd.sh build/prefix 5 6            (--no-huge)
#        run_l2fwd.sh build/prefix 5 6 --huge     (hugepages: needs them reserved)
set -uo pipefail
prefix=$(cd "$1" && pwd); runs=${2:-5}; secs=${3:-6}; shift 3 2>/dev/null || shift $#
mem="--no-huge -m 512"
[ "${1:-}" = --huge ] && { mem="-m 512"; shift; }
work=$(mktemp -d)
cp -r /usr/share/dpdk/examples/l2fwd "$work/"
PKG_CONFIG_PATH= make -s -C "$work/l2fwd" >/dev/null || exit 1
bin=$work/l2fwd/build/l2fwd-shared
rate() { # LIBPATH -> Mpps of the last full second
	local lp=$1 log=$work/log
	timeout -s INT -k 5 "$secs" env ${lp:+LD_LIBRARY_PATH=$lp} stdbuf -oL "$bin" $mem --no-pci -l 0-1 \
		--file-prefix=bench-l2fwd --vdev=net_null0 --vdev=net_null1 "$@" -- -p 0x3 -T 1 >"$log" 2>&1
	grep "Total packets received" "$log" | awk '{print $4}' | tail -n 3 | head -n 2 |
		awk 'NR==1{a=$1} NR==2{printf "%.2f\n", ($1-a)/1e6}'
}
ref=() ours=()
for i in $(seq "$runs"); do
	ref+=("$(rate "")"); ours+=("$(rate "$prefix/lib")")
	echo "run $i: reference ${ref[-1]} Mpps, librte-rs ${ours[-1]} Mpps"
done
med() { printf "%s\n" "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
r=$(med "${ref[@]}"); o=$(med "${ours[@]}")
echo "l2fwd 2 x net_null, 2 lcores ($mem): reference $r Mpps, librte-rs $o Mpps, ratio $(awk -v a="$o" -v b="$r" 'BEGIN{printf "%.2f", a/b}')x"
rm -rf "$work" /var/run/dpdk/bench-l2fwd
