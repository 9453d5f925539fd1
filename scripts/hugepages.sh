#!/usr/bin/env bash
# Reserves (or releases) 2 MiB hugepages for the tests and mounts hugetlbfs
# on /dev/hugepages. usage: hugepages.sh reserve [N] | release
# Prints why when it cannot (not root, no hugetlbfs, the kernel refused).
set -u
knob=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
state=${TMPDIR:-/tmp}/librte-rs-hugepages.state
case "${1:-}" in
reserve)
	want=${2:-64}
	[ "$(id -u)" = 0 ] || { echo "hugepages: not root, cannot reserve"; exit 0; }
	[ -w "$knob" ] || { echo "hugepages: $knob is not writable"; exit 0; }
	before=$(cat "$knob")
	if [ "$before" -lt "$want" ]; then
		echo "$before" >"$state"
		echo "$want" >"$knob" 2>/dev/null
	fi
	if ! grep -q " /dev/hugepages hugetlbfs" /proc/mounts; then
		mkdir -p /dev/hugepages && mount -t hugetlbfs none /dev/hugepages && echo mounted >>"$state.mount"
	fi
	echo "hugepages: $(cat "$knob") reserved, $(cat /sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages) free"
	;;
release)
	if [ -f "$state.mount" ]; then
		umount /dev/hugepages 2>/dev/null; rm -f "$state.mount"
	fi
	if [ -f "$state" ]; then
		cat "$state" >"$knob" 2>/dev/null; rm -f "$state"
	fi
	echo "hugepages: released ($(cat "$knob") remain configured)"
	;;
*) echo "usage: $0 reserve [N] | release"; exit 2 ;;
esac
