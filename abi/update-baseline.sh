#!/bin/sh
# Regenerates abi/libicm.so.1.abi — deliberately, after a reviewed ABI change (docs/abi.md).
# Builds libicm as the release preset does (RelWithDebInfo, no sanitizers, unstripped -g) in its
# own binary directory, then records it with abidw. Usage: abi/update-baseline.sh [build-dir]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/abi-baseline}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DICM_WERROR=ON \
  -DICM_SANITIZE=OFF >/dev/null
cmake --build "$build" --target icm -- -j2
lib=$(find "$build/plugin/capi" -name 'libicm.so.1' | head -n 1)
[ -n "$lib" ] || { echo "libicm.so.1 not built in $build" >&2; exit 1; }

# Only what the exported icm_* functions reach, as seen from the public header; locations stay (no
# --no-show-locs: without them abidiff misses struct changes on abigail-tools 2.2).
abidw --exported-interfaces-only --headers-dir "$root/include" --out-file "$root/abi/libicm.so.1.abi" "$lib"
# The absolute build path in the file would differ on every machine: make it relative.
sed -i "s|$root/||g" "$root/abi/libicm.so.1.abi"
echo "wrote abi/libicm.so.1.abi from $lib; commit it with the change that needed it"
