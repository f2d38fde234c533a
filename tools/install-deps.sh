#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing icm need. Idempotent: packages
# already present are skipped, and apt is only called when something is missing.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git ca-certificates
  # libraries
  libboost-dev libsqlite3-dev unixodbc-dev unixodbc odbcinst coinor-libclp-dev
  # tests
  catch2 sqlite3 libsqliteodbc abigail-tools python3
  # backends tests (tests/backends, tools/test-servers.sh): real servers and their ODBC drivers
  postgresql odbc-postgresql mariadb-server mariadb-client odbc-mariadb iproute2
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "icm: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" -ne 0 ]; then
    echo "icm: installing packages needs root (run as root, or install them yourself): ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "icm: all build and test packages are present"
fi

# libsqliteodbc registers its drivers through odbcinst in its postinst; make sure the
# "SQLite3" driver is known even where that step was skipped (minimal images).
if ! odbcinst -q -d -n SQLite3 >/dev/null 2>&1; then
  lib=$(find /usr/lib -name libsqlite3odbc.so -print -quit)
  if [ -n "$lib" ]; then
    printf '[SQLite3]\nDescription=SQLite3 ODBC Driver\nDriver=%s\nSetup=%s\n' "$lib" "$lib" \
      | odbcinst -i -d -r >/dev/null
  fi
fi

# Same for the server drivers the backends tests use (tests/backends): odbc-postgresql and
# odbc-mariadb register these names in their postinst.
register_driver() {  # $1 = driver name, $2 = library file name
  odbcinst -q -d -n "$1" >/dev/null 2>&1 && return 0
  local lib
  lib=$(find /usr/lib -name "$2" -print -quit)
  [ -n "$lib" ] || return 0
  printf '[%s]\nDescription=%s\nDriver=%s\n' "$1" "$1" "$lib" | odbcinst -i -d -r >/dev/null
}
register_driver "PostgreSQL Unicode" psqlodbcw.so
register_driver "PostgreSQL ANSI" psqlodbca.so
register_driver "MariaDB Unicode" libmaodbc.so
