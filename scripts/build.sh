#!/usr/bin/env bash
# Builds and installs librte-rs into build/prefix with meson (which drives
# cargo). Prints the pkg-config directory to use.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d build/meson ] || meson setup build/meson --prefix="$PWD/build/prefix" --libdir=lib >/dev/null
meson compile -C build/meson >/dev/null
meson install -C build/meson --quiet >/dev/null
echo "librte-rs installed in build/prefix (PKG_CONFIG_PATH=$PWD/build/prefix/lib/pkgconfig)"
