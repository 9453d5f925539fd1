#!/usr/bin/env bash
# Installs what building and testing librte-rs needs on a fresh Debian 12
# machine (root), then checks the Rust toolchain. Idempotent and quiet when
# everything is present.
set -euo pipefail
pkgs=(libdpdk-dev dpdk-dev dpdk-doc meson ninja-build pkg-config gcc g++ make python3
	libclang-dev clang cbindgen bindgen binutils)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "setup: need root to apt-get install ${missing[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	apt-get install -y -q "${missing[@]}" >/dev/null
fi
if ! command -v cargo >/dev/null; then
	if [ -x "$HOME/.cargo/bin/cargo" ]; then
		echo "setup: add \$HOME/.cargo/bin to PATH" >&2
	else
		echo "setup: no Rust toolchain (cargo); install rustup's stable toolchain (>= 1.82)" >&2
	fi
	exit 1
fi
