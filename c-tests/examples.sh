#!/usr/bin/env bash
# The distro's forwarding examples on librte-rs, two net_null vdev ports,
# --no-huge, bounded in time:
#  - reference-built: each example built by its own Makefile against the
#    REFERENCE's pkg-config, then run with LD_LIBRARY_PATH on our library;
#  - source-built: the same unmodified sources built against our libdpdk.pc
#    (needs our rte_ethdev.h; reported as SKIP while it is missing).
# Checks (timeout sends SIGINT; 124 is its status for "ran the whole time"):
# skeleton keeps forwarding until stopped; l2fwd's periodic stats
# show packets received and sent; rxtx_callbacks prints its latency line;
# link_status_interrupt gets its LSC events (our net_null raises them; the
# reference's net_null has none, so there it refuses to start) and forwards.
# usage: examples.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/examples
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

eal="--no-huge -m 512 --no-pci --vdev=net_null0 --vdev=net_null1"

# run NAME BIN SECONDS ARGS... -> log in $out/NAME.log, returns timeout's rc
run() {
	local name=$1 bin=$2 secs=$3; shift 3
	if LD_LIBRARY_PATH="$prefix/lib" ldd "$bin" | grep -q "=> /.*x86_64-linux-gnu/librte_"; then
		echo "  $name loads a reference library:"; LD_LIBRARY_PATH="$prefix/lib" ldd "$bin" | grep librte_
		return 99
	fi
	timeout -s INT -k 5 "$secs" env LD_LIBRARY_PATH="$prefix/lib" stdbuf -oL "$bin" "$@" >"$out/$name.log" 2>&1
	local rc=$?
	rm -rf "/var/run/dpdk/$name" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$name" 2>/dev/null
	return $rc
}

check_skeleton() {
	local tag=$1 bin=$2
	run "skeleton-$tag" "$bin" 4 $eal -l 0 --file-prefix="skeleton-$tag"
	local rc=$?
	if { [ $rc = 124 ] || [ $rc = 130 ]; } && grep -q "forwarding packets" "$out/skeleton-$tag.log" &&
		! grep -qi "error\|cannot" "$out/skeleton-$tag.log"; then
		ok "skeleton ($tag): forwarding until stopped"
	else
		bad "skeleton ($tag): rc=$rc"; tail -n 20 "$out/skeleton-$tag.log" | sed 's/^/    /'
	fi
}

check_l2fwd() {
	local tag=$1 bin=$2
	run "l2fwd-$tag" "$bin" 5 $eal -l 0-1 --file-prefix="l2fwd-$tag" -- -p 0x3 -T 1
	local rc=$?
	local rx tx
	rx=$(grep "Total packets received" "$out/l2fwd-$tag.log" | tail -n 1 | awk '{print $4}')
	tx=$(grep "Total packets sent" "$out/l2fwd-$tag.log" | tail -n 1 | awk '{print $4}')
	if { [ $rc = 0 ] || [ $rc = 124 ]; } && [ "${rx:-0}" -gt 0 ] && [ "${tx:-0}" -gt 0 ] && grep -q "Bye" "$out/l2fwd-$tag.log"; then
		ok "l2fwd ($tag): received $rx, sent $tx, clean exit on SIGINT"
	else
		bad "l2fwd ($tag): rc=$rc rx=${rx:-none} tx=${tx:-none}"; tail -n 20 "$out/l2fwd-$tag.log" | sed 's/^/    /'
	fi
}

check_rxtx() {
	local tag=$1 bin=$2
	run "rxtx-$tag" "$bin" 8 $eal -l 0 --file-prefix="rxtx-$tag"
	local rc=$?
	if { [ $rc = 124 ] || [ $rc = 130 ]; } && grep -q "Latency" "$out/rxtx-$tag.log"; then
		ok "rxtx_callbacks ($tag): $(grep -m1 Latency "$out/rxtx-$tag.log")"
	else
		bad "rxtx_callbacks ($tag): rc=$rc"; tail -n 20 "$out/rxtx-$tag.log" | sed 's/^/    /'
	fi
}

check_lsi() {
	local tag=$1 bin=$2
	run "lsi-$tag" "$bin" 5 $eal -l 0-1 --file-prefix="lsi-$tag" -- -p 0x3 -T 1
	local rc=$?
	local rx
	rx=$(grep "Total packets received" "$out/lsi-$tag.log" | tail -n 1 | awk '{print $4}')
	if { [ $rc = 124 ] || [ $rc = 130 ]; } && [ "${rx:-0}" -gt 0 ] &&
		grep -q "Event type: LSC interrupt" "$out/lsi-$tag.log" && grep -q "Link up at 10 Gbps" "$out/lsi-$tag.log"; then
		ok "link_status_interrupt ($tag): LSC events at start, received $rx"
	else
		bad "link_status_interrupt ($tag): rc=$rc rx=${rx:-none}"; tail -n 20 "$out/lsi-$tag.log" | sed 's/^/    /'
	fi
}

build() { # build TAG EXAMPLE PKG_CONFIG_PATH -> prints the binary path
	local tag=$1 ex=$2 pcp=$3 dir=$out/src-$1/$2
	mkdir -p "$out/src-$tag"
	cp -r "/usr/share/dpdk/examples/$ex" "$dir"
	if ! PKG_CONFIG_PATH=$pcp make -C "$dir" >"$out/build-$tag-$ex.log" 2>&1; then
		return 1
	fi
	ls "$dir"/build/*-shared
}

for tag in ref ours; do
	if [ $tag = ref ]; then pcp=""; else pcp="$prefix/lib/pkgconfig"; fi
	if [ $tag = ours ] && [ ! -f "$prefix/include/dpdk/rte_ethdev.h" ] && [ ! -f "$prefix/include/rte_ethdev.h" ]; then
		skip=$((skip + 4)); echo "SKIP source-built examples: our headers have no rte_ethdev.h yet"; continue
	fi
	for ex in skeleton l2fwd rxtx_callbacks link_status_interrupt; do
		if ! bin=$(build $tag $ex "$pcp"); then
			bad "$ex ($tag): build"; tail -n 15 "$out/build-$tag-$ex.log" | sed 's/^/    /'; continue
		fi
		case $ex in
		skeleton) check_skeleton $tag "$bin" ;;
		l2fwd) check_l2fwd $tag "$bin" ;;
		rxtx_callbacks) check_rxtx $tag "$bin" ;;
		link_status_interrupt) check_lsi $tag "$bin" ;;
		esac
	done
done
echo "examples: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
