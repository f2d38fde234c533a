#!/usr/bin/env bash
# The README's two commands:
#   tools/quickstart.sh demo   install what is missing, build, and run icm on the sample HR database
#   tools/quickstart.sh test   install what is missing, build (release + sanitizers), run every test
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

bash tools/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

build() {  # $1 = preset, then optional targets (default: everything)
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs" ${1:+--target "$@"}
}

if [ "$mode" = demo ]; then
  build release icm_cli
  icm=build/release/tools/icm/icm
  db=build/release/icm-sample.db
  "$icm" sample --out "$db"
  echo
  "$icm" check --db "$db" || [ $? -eq 3 ]   # the sample plants a few bad rows on purpose
  echo
  "$icm" tables --db "$db" units
  echo
  "$icm" tables --db "$db" service_matrix appraisal complaints --period 2025-Q4
  echo
  # The full satisfaction dataset (provider x customer x period x dimension) is long: to a file.
  "$icm" tables --db "$db" satisfaction --format csv > build/release/satisfaction.csv
  echo "Wrote the satisfaction dataset ($(($(wc -l < build/release/satisfaction.csv) - 1)) rows) to build/release/satisfaction.csv"
  echo
  echo "More: $icm --help   (中文: $icm --help --lang zh)"
else
  status=0
  for preset in release asan; do
    echo "== $preset build =="
    build "$preset"
    echo "== $preset tests =="
    ctest --preset "$preset" -j "$jobs" || status=1
  done
  exit $status
fi
