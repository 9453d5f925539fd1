#!/usr/bin/env bash
# Links librte_rs.so.23 from the Rust staticlib with the reference's version
# nodes (rustc's cdylib would pass its own version script; GNU ld takes one).
# usage: link-shared.sh STATICLIB VERSION_SCRIPT OUT_DIR
set -euo pipefail
lib=$1 map=$2 out=$3
mkdir -p "$out"
# Whole archive: every exported entry point must be pulled in, not only those
# referenced. -z nodelete: sonames aliasing one file must never unload it.
cc -shared -o "$out/librte_rs.so.23.0" \
	-Wl,-soname,librte_rs.so.23 \
	-Wl,--version-script="$map" \
	-Wl,-z,nodelete -Wl,-z,now -Wl,--gc-sections \
	-Wl,--whole-archive "$lib" -Wl,--no-whole-archive \
	-lpthread -ldl -lm -lgcc_s -lc
ln -sf librte_rs.so.23.0 "$out/librte_rs.so.23"
ln -sf librte_rs.so.23.0 "$out/librte_rs.so"
for name in eal kvargs telemetry ring mempool mbuf net ethdev pci bus_pci bus_vdev mempool_ring; do
	ln -sf librte_rs.so.23.0 "$out/librte_$name.so.23"
	ln -sf librte_rs.so.23.0 "$out/librte_$name.so"
done
