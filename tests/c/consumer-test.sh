#!/bin/sh
# Installs libicm1 + libicm-dev from a build tree into a temporary prefix, then builds
# tests/c/example.c against that prefix twice — through find_package(icm) and through
# pkg-config — and runs both.
# Usage: consumer-test.sh <build-dir> <cmake> <c-compiler> [extra compile+link flags]
# (the extra flags carry -fsanitize=… when the library itself was built with sanitizers).
set -eu
build=$1
cmake=$2
cc=$3
extra=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

for component in libicm1 libicm-dev; do
  "$cmake" --install "$build" --prefix "$prefix" --component "$component" >/dev/null
done
libdir=$(dirname "$(find "$prefix" -name 'libicm.so.1' | head -n 1)")
echo "installed into $prefix (libdir $libdir)"

echo "== find_package(icm)"
"$cmake" -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$extra" -DCMAKE_EXE_LINKER_FLAGS="$extra" >/dev/null
"$cmake" --build "$tmp/consumer" >/dev/null
LD_LIBRARY_PATH=$libdir "$tmp/consumer/icm_consumer"

echo "== pkg-config icm"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs icm)
echo "pkg-config: $flags"
# shellcheck disable=SC2086 # the flags are meant to split
"$cc" -std=c99 -Wall -Wextra -Werror -pedantic $extra "$here/example.c" $flags -o "$tmp/example"
LD_LIBRARY_PATH=$libdir "$tmp/example"
