#!/usr/bin/env bash
# Binary compatibility: the reference's own /usr/bin/dpdk-testpmd runs on
# librte-rs (LD_LIBRARY_PATH=PREFIX/lib). Checks: every core symbol it
# imports is exported (it is linked BIND_NOW), ldd and /proc/PID/maps show
# no reference librte_* loaded, packets are forwarded on 2 x net_null
# (non-interactive: --tx-first --stats-period 1, queried meanwhile by the
# reference's dpdk-telemetry.py, and interactive -i with
# commands on stdin; also on 2 x net_ring when that driver is built), and the forwarding rate is printed
# (median over the stats periods of the ports' summed Rx-pps, 1 forwarding
# lcore, --no-huge). With --compare the reference's rate is measured the
# same way for a side-by-side figure.
# usage: testpmd.sh PREFIX [--compare] [SECONDS]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
compare=0
secs=8
shift
for a in "$@"; do
	case $a in
	--compare) compare=1 ;;
	*) secs=$a ;;
	esac
done
tp=/usr/bin/dpdk-testpmd
out=$here/out/testpmd
mkdir -p "$out"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

if [ ! -x "$tp" ]; then
	echo "testpmd: $tp not installed"; exit 1
fi

# 1. Every core symbol testpmd imports is exported (BIND_NOW).
awk -F'\t' 'NR>2 && $6 ~ /testpmd/ {print $1}' "$here/../abi/reference-symbols.tsv" | sort -u >"$out/need.txt"
nm -D --defined-only "$prefix/lib/librte_rs.so.23" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$out/have.txt"
comm -23 "$out/need.txt" "$out/have.txt" >"$out/missing.txt"
if [ -s "$out/missing.txt" ]; then
	bad "$(wc -l <"$out/missing.txt") imported symbols missing: $(head -c 400 "$out/missing.txt" | tr '\n' ' ')"
	echo "testpmd: $pass passed, $fail failed"; exit 1
fi
ok "all $(wc -l <"$out/need.txt") imported core symbols exported"

# The libraries librte-rs stands in for (its soname aliases); testpmd also
# links non-core reference libraries (cmdline, meter, some PMDs...), which
# must in turn bind to ours.
ours=$(cd "$prefix/lib" && ls librte_*.so.23 | sed 's/\.so\.23$//' | sort -u)
ours_re=$(echo "$ours" | paste -sd'|')

# 2. ldd resolves every core library to PREFIX.
LD_LIBRARY_PATH="$prefix/lib" ldd "$tp" >"$out/ldd.txt"
if grep -E "^\s*($ours_re)\.so\.23 " "$out/ldd.txt" | grep -v "=> $prefix/lib/" >"$out/ldd_ref.txt"; then
	bad "ldd resolves reference core libraries: $(head -3 "$out/ldd_ref.txt" | tr '\n' ' ')"
else
	ok "ldd: the $(echo "$ours" | wc -l) core libraries resolve to $prefix/lib ($(grep -c 'librte_' "$out/ldd.txt") librte_* in all)"
fi

# Median of the summed per-port Rx-pps of the stats periods after the first two.
mpps() {
	awk '/Port statistics =/ {if (n) print sum; sum=0; n=1} /Rx-pps:/ {sum+=$2} END {if (n) print sum}' "$1" |
		tail -n +3 | sort -n | awk '{v[++m]=$1} END {if (!m) {print 0; exit}
		printf "%.1f\n", (m%2 ? v[(m+1)/2] : (v[m/2]+v[m/2+1])/2)/1e6}'
}

# run LABEL LIBDIR PREFIXNAME VDEVS... : testpmd --tx-first --stats-period 1 for $secs s.
run_noninteractive() {
	local label=$1 libdir=$2 fp=$3; shift 3
	local log=$out/$label.log
	( if [ -n "$libdir" ]; then export LD_LIBRARY_PATH=$libdir; fi
	  exec timeout -s INT -k 5 "$secs" "$tp" --no-huge -m 512 --no-pci -l 0-1 --file-prefix "$fp" "$@" \
		-- --tx-first --stats-period 1 --total-num-mbufs=32768 ) >"$log" 2>&1 &
	local pid=$!
	sleep 3
	# The testpmd process (timeout's child).
	local tpid
	tpid=$(pgrep -P "$pid" -x dpdk-testpmd | head -1)
	if [ -n "$tpid" ]; then
		grep -o '/[^ ]*librte_[^ ]*' "/proc/$tpid/maps" | sort -u >"$out/$label.maps"
		echo "$tpid" >"$out/$label.pid"
		# The reference's telemetry client against the running process.
		printf '/info\n/\n/help,/info\n/no/such/cmd\n/ethdev/list\n/ethdev/stats,0\n/ethdev/link_status,1\n/ethdev/stats,9\n' |
			timeout 10 python3 /usr/bin/dpdk-telemetry.py -f "$fp" >"$out/$label.telemetry" 2>&1
	else
		: >"$out/$label.maps"
	fi
	wait "$pid"
	rm -rf "/var/run/dpdk/$fp"
}

# 3. net_null, non-interactive, on librte-rs.
run_noninteractive null "$prefix/lib" testpmd_null_rs --vdev net_null0 --vdev net_null1
log=$out/null.log
if [ ! -s "$out/null.maps" ]; then
	bad "/proc/PID/maps: testpmd was not running after 3 s"
elif grep -v "^$prefix/lib/" "$out/null.maps" | grep -E "/($ours_re)\.so" >"$out/null.maps_ref"; then
	bad "/proc/PID/maps: reference core libraries mapped: $(head -3 "$out/null.maps_ref" | tr '\n' ' ')"
else
	ok "/proc/PID/maps: no reference core library mapped ($(grep -c "^$prefix/lib/" "$out/null.maps") of ours, $(grep -vc "^$prefix/lib/" "$out/null.maps") non-core reference libraries)"
fi
tel=$out/null.telemetry
if [ -x /usr/bin/dpdk-telemetry.py ] && [ -s "$out/null.pid" ]; then
	pid=$(cat "$out/null.pid")
	if grep -q "^{\"/info\": {\"version\": \"DPDK 22.11[^\"]*\", \"pid\": $pid, \"max_output_len\": 16384}}" "$tel" &&
		grep -q '^{"/": \[.*"/help", "/info"' "$tel" &&
		grep -q '^{"/help": {"/info": "Returns DPDK Telemetry information. Takes no parameters"}}' "$tel" &&
		grep -qx '{}' "$tel" &&
		grep -qx '{"/ethdev/list": \[0, 1\]}' "$tel" &&
		grep -q '^{"/ethdev/stats": {"ipackets": [1-9][0-9]*, "opackets": [1-9]' "$tel" &&
		grep -qx '{"/ethdev/link_status": {"status": "UP", "speed": 10000, "duplex": "full-duplex"}}' "$tel" &&
		grep -qx '{"/ethdev/stats": null}' "$tel"; then
		ok "telemetry: dpdk-telemetry.py reads /info (pid $pid), /, /help, {} for an unknown command, /ethdev/list, stats (null for a bad port), link_status"
	else
		bad "telemetry: $(head -c 600 "$tel")"
	fi
fi
rx=$(awk '/Accumulated forward statistics/ {f=1} f && /RX-packets:/ {print $2; exit}' "$log")
tx=$(awk '/Accumulated forward statistics/ {f=1} f && /TX-packets:/ {print $2; exit}' "$log")
if [ "${rx:-0}" -gt 0 ] && [ "${tx:-0}" -gt 0 ] && grep -q "^Bye" "$log"; then
	ok "net_null io: forwarded RX $rx / TX $tx packets, clean exit"
else
	bad "net_null io: RX ${rx:-none} TX ${tx:-none}"; tail -20 "$log" | sed 's/^/    /'
fi
rate=$(mpps "$log")
echo "     net_null io --no-huge, 1 forwarding lcore: $rate Mpps (librte-rs)"

# 4. Interactive (-i, commands on stdin): start tx_first, stats, stop, quit;
# on net_null, and on net_ring when the library has that driver.
interactive() {
	local label=$1 fp=$2; shift 2
	printf 'start tx_first\nshow port stats all\nstop\nquit\n' |
		LD_LIBRARY_PATH="$prefix/lib" timeout -k 5 60 "$tp" --no-huge -m 512 --no-pci -l 0-1 --file-prefix "$fp" \
			"$@" -- -i >"$out/$label.log" 2>&1
	local rc=$?
	rm -rf "/var/run/dpdk/$fp"
	if grep -q 'no bus knows device' "$out/$label.log"; then
		echo "SKIP $label interactive: driver not built in this library"; return
	fi
	local r
	r=$(awk '/Accumulated forward statistics/ {f=1} f && /RX-packets:/ {print $2; exit}' "$out/$label.log")
	if [ $rc = 0 ] && [ "${r:-0}" -gt 0 ] && grep -q "Bye" "$out/$label.log"; then
		ok "$label interactive: start tx_first / stop forwarded $r packets, quit"
	else
		bad "$label interactive: rc=$rc RX ${r:-none}"; tail -20 "$out/$label.log" | sed 's/^/    /'
	fi
}
interactive null_i testpmd_nulli_rs --vdev net_null0 --vdev net_null1
interactive ring_i testpmd_ringi_rs --vdev net_ring0 --vdev net_ring1

# 5. Optional: the reference's rate, measured the same way.
if [ $compare = 1 ]; then
	run_noninteractive null_ref "" testpmd_null_ref --vdev net_null0 --vdev net_null1
	echo "     net_null io --no-huge, 1 forwarding lcore: $(mpps "$out/null_ref.log") Mpps (reference)"
fi

echo "testpmd: $pass passed, $fail failed"
[ "$fail" = 0 ]
