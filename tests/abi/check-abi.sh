#!/bin/sh
# ABI gate: compares the built libicm.so.1 (unstripped, -g) with the committed baseline
# abi/libicm.so.1.abi. Only meaningful for the build the baseline came from — RelWithDebInfo
# without sanitizers (the release preset) — so other builds skip (exit 77).
# Usage: check-abi.sh <libicm.so.1> <baseline.abi> <header dir> <build type> <sanitize ON/OFF>
set -u
lib=$1 baseline=$2 headers=$3 build_type=$4 sanitize=$5

if [ "$build_type" != "RelWithDebInfo" ] || [ "$sanitize" = "ON" ] || [ "$sanitize" = "1" ]; then
  echo "skipped: the baseline is of a RelWithDebInfo build without sanitizers (this is $build_type, ICM_SANITIZE=$sanitize)"
  exit 77
fi
[ -f "$baseline" ] || { echo "no baseline $baseline: run abi/update-baseline.sh"; exit 1; }

# --no-added-syms: additions are allowed (they go in a new version node); removals and changes
# of what exists are not. Locations are kept in the baseline (no --no-show-locs; see STYLE.md).
abidiff --no-added-syms --exported-interfaces-only --headers-dir2 "$headers" "$baseline" "$lib"
rc=$?
# abidiff's exit status is a bit field: 1 error, 2 usage error, 4 ABI change, 8 incompatible change.
if [ $((rc & 3)) -ne 0 ]; then
  echo "abidiff failed to run (exit $rc)"
  exit 1
fi
if [ $((rc & 8)) -ne 0 ]; then
  echo "INCOMPATIBLE ABI change against $baseline (exit $rc): see docs/abi.md"
  exit 1
fi
if [ $((rc & 4)) -ne 0 ]; then
  # abidiff sets 8 only for removed or incompatibly changed symbols; a changed struct layout or
  # enum value shows as 4 alone, and those break callers just as surely. A deliberate,
  # compatible change (an appended enumerator) is recorded by regenerating the baseline.
  echo "ABI change against $baseline (exit $rc): a break unless proven otherwise; see docs/abi.md"
  exit 1
fi
echo "ABI matches $baseline"
