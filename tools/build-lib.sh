#!/usr/bin/env bash
# cargo build -> version script -> librte_rs.so.23 and its soname aliases.
# usage: build-lib.sh [CARGO_TARGET_DIR] [OUT_LIB_DIR]   (defaults: target, target/lib)
set -euo pipefail
cd "$(dirname "$0")/.."
tdir=${1:-target}
out=${2:-$tdir/lib}
CARGO_TARGET_DIR=$tdir cargo build --release -p rte-capi --quiet
python3 tools/gen_version_script.py abi/reference-symbols.tsv "$tdir/release/librte_rs.a" "$tdir/rte.map" \
	--defined-list "$tdir/exported.tsv"
bash tools/link-shared.sh "$tdir/release/librte_rs.a" "$tdir/rte.map" "$out"
cp "$tdir/release/librte_rs.a" "$out/librte_rs.a"
