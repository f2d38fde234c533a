#!/bin/sh
# Every dynamic symbol libicm defines must be icm_* (plus the version node ICM_1.0 itself):
# a C++, Boost, ODBC or SQLite symbol leaking out would become ABI by accident.
# Usage: check-exports.sh <path to libicm.so.1>
set -eu
lib=$1
symbols=$(nm -D --defined-only "$lib" | awk '{ print $NF }' | sed 's/@.*//')
[ -n "$symbols" ] || { echo "no dynamic symbols in $lib"; exit 1; }
leaked=$(printf '%s\n' "$symbols" | grep -v -e '^icm_' -e '^ICM_1\.0$' || true)
if [ -n "$leaked" ]; then
  echo "symbols other than icm_* exported by $lib:"
  printf '%s\n' "$leaked"
  exit 1
fi
echo "$(printf '%s\n' "$symbols" | grep -c '^icm_') icm_* symbols, nothing else"
# Every exported function must carry the version node, or the version script was not applied.
unversioned=$(nm -D --defined-only --with-symbol-versions "$lib" | grep ' icm_' | grep -v '@@ICM_1\.0' || true)
if [ -n "$unversioned" ]; then
  echo "icm_* symbols without the ICM_1.0 version:"
  printf '%s\n' "$unversioned"
  exit 1
fi
