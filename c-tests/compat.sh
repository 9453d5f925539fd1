#!/usr/bin/env bash
# The three compatibility proofs on the distro's helloworld example:
#   source: its unmodified Makefile builds it against our libdpdk.pc (shared and static);
#   relink: main.c compiled with the reference's cflags, linked with -lrte_eal against us;
#   binary: the reference-built program run with LD_LIBRARY_PATH on our library.
# Each run must print hello from both lcores, and ldd must show that no
# reference librte_* is loaded. usage: compat.sh PREFIX
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=$(cd "$1" && pwd)
out=$here/out/compat
rm -rf "$out" && mkdir -p "$out"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
refdir=/usr/lib/x86_64-linux-gnu

# run NAME BINARY [env...]: runs on our library, checks output and loaded libraries.
run() {
	local name=$1 bin=$2
	local log=$out/$name.log
	if ! timeout 60 env LD_LIBRARY_PATH="$prefix/lib" "$bin" -l 0-1 --no-huge --file-prefix "compat_$name" >"$log" 2>&1; then
		bad "$name: exit status $? ($(tail -n 3 "$log" | tr '\n' ' '))"
		return
	fi
	if grep -q "hello from core 0" "$log" && grep -q "hello from core 1" "$log"; then
		ok "$name: hello from both lcores"
	else
		bad "$name: output lacks hello lines: $(cat "$log")"
	fi
	local libs
	libs=$(LD_LIBRARY_PATH="$prefix/lib" ldd "$bin" | grep -E 'librte_' || true)
	if echo "$libs" | grep -qE "=> ($refdir|/lib/x86_64-linux-gnu)/librte_"; then
		bad "$name: loads a reference library: $libs"
	elif [ -n "$libs" ] && ! echo "$libs" | grep -q "=> $prefix/lib/"; then
		bad "$name: librte_ not resolved to $prefix/lib: $libs"
	else
		ok "$name: $( [ -n "$libs" ] && echo "$libs" | awk '{print $1"=>"$3}' | tr '\n' ' ' || echo 'no shared librte_ (static)')"
	fi
}

cp -r /usr/share/dpdk/examples/helloworld "$out/src"
# source, shared and static: the example's own Makefile, our pkg-config.
( cd "$out/src" && PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s shared >"$out/make-shared.log" 2>&1 ) \
	&& ok "source: make shared with our libdpdk.pc" || bad "source: make shared: $(tail -n 5 "$out/make-shared.log")"
[ -x "$out/src/build/helloworld-shared" ] && run source-shared "$out/src/build/helloworld-shared"
( cd "$out/src" && PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s static >"$out/make-static.log" 2>&1 ) \
	&& ok "source: make static with our libdpdk.pc" || bad "source: make static: $(tail -n 5 "$out/make-static.log")"
[ -x "$out/src/build/helloworld-static" ] && run source-static "$out/src/build/helloworld-static"

# source, meson: dependency('libdpdk') resolves to ours.
if PKG_CONFIG_PATH="$prefix/lib/pkgconfig" meson setup "$out/meson" "$here/meson-project" >"$out/meson.log" 2>&1 &&
	grep -q "Run-time dependency libdpdk found: YES 22.11.11" "$out/meson.log" &&
	ninja -C "$out/meson" >>"$out/meson.log" 2>&1; then
	ok "source: meson dependency('libdpdk') finds librte-rs and builds"
	run source-meson "$out/meson/helloworld"
else
	bad "source: meson project: $(tail -n 5 "$out/meson.log")"
fi

# relink: reference headers and cflags, our library.
refcflags=$(PKG_CONFIG_PATH= pkg-config --cflags libdpdk)
if cc -O2 $refcflags -c /usr/share/dpdk/examples/helloworld/main.c -o "$out/main-ref.o" &&
	cc "$out/main-ref.o" -o "$out/helloworld-relink" -L"$prefix/lib" -lrte_eal; then
	ok "relink: reference-compiled main.o linked with -lrte_eal against ours"
	run relink "$out/helloworld-relink"
else
	bad "relink: build failed"
fi

# binary: built entirely against the reference, run on ours.
mkdir -p "$out/refsrc" && cp -r /usr/share/dpdk/examples/helloworld/. "$out/refsrc/"
if ( cd "$out/refsrc" && PKG_CONFIG_PATH= make -s shared >"$out/make-ref.log" 2>&1 ); then
	ok "binary: reference build of helloworld"
	run binary "$out/refsrc/build/helloworld-shared"
else
	bad "binary: reference build failed: $(tail -n 5 "$out/make-ref.log")"
fi
rm -rf /var/run/dpdk/compat_* 2>/dev/null
echo "compat: $pass passed, $fail failed"
[ "$fail" = 0 ]
