#!/usr/bin/env bash
# Throwaway PostgreSQL and MariaDB servers for the backends tests (docs/testing.md).
#
#   tools/test-servers.sh start DIR   start both servers, their state under DIR (PostgreSQL's under
#                                     /tmp/icm-test-pg-<hash of DIR>; any leftovers
#                                     of a previous run in DIR are stopped and wiped first)
#   tools/test-servers.sh stop DIR    stop both servers started in DIR and remove their data
#
# Both listen on 127.0.0.1 only, on free ports picked at start, and never on a Unix socket or
# port that a system server may use. DIR/servers.env records what the tests need (ports, users,
# passwords, client sockets). Each server gets a database `icm_test` and a login user `icm` with
# a password; the tests log in with those over TCP. Quiet on success; on failure the server logs
# are printed. Runs as root (PostgreSQL itself runs as the `postgres` user).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [[ -z "$dir" || ! "$cmd" =~ ^(start|stop)$ ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# PostgreSQL runs as `postgres`, which may not be able to enter the build tree (a clone under
# /root is mode 700): its directory lives under /tmp, named after DIR so `stop` finds it again.
pg_dir=/tmp/icm-test-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)
my_dir=$dir/mariadb
env_file=$dir/servers.env
user=icm
db=icm_test

die() {
  echo "test-servers: $*" >&2
  for log in "$pg_dir/server.log" "$my_dir/server.log"; do
    [[ -f "$log" ]] && { echo "--- $log" >&2; tail -n 30 "$log" >&2; }
  done
  exit 1
}

as_postgres() { (cd / && runuser -u postgres -- "$@"); }  # from a directory postgres may enter

stop_pg() {
  if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
    as_postgres "$pg_bin/pg_ctl" stop -D "$pg_dir/data" -m fast -w -t 20 >/dev/null 2>&1 || true
    # Still there (pg_ctl failed or timed out): the postmaster's pid is line 1 of postmaster.pid.
    if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
      local pid
      pid=$(head -n 1 "$pg_dir/data/postmaster.pid")
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null || true
    fi
  fi
}

stop_my() {
  local pid_file=$my_dir/mariadbd.pid
  [[ -f "$pid_file" ]] || return 0
  local pid
  pid=$(cat "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  # mysqladmin needs a working login; the pid file works even when the server is half up.
  mariadb-admin --no-defaults --socket="$my_dir/mysqld.sock" --user=root shutdown >/dev/null 2>&1 ||
    kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

free_port() {  # a random port in 20000-59999 that nothing listens on
  local p
  while :; do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    [[ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]] && { echo "$p"; return; }
  done
}

stop_all() {
  stop_pg
  stop_my
  rm -rf "$pg_dir" "$my_dir" "$env_file"
}

if [[ "$cmd" == stop ]]; then
  stop_all
  exit 0
fi

[[ -n "$pg_bin" ]] || die "PostgreSQL is not installed (tools/install-deps.sh)"
command -v mariadbd >/dev/null || die "MariaDB is not installed (tools/install-deps.sh)"

stop_all
mkdir -p "$pg_dir" "$my_dir"
password=icm-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
pg_port=$(free_port)
my_port=$(free_port)
while [[ "$my_port" == "$pg_port" ]]; do my_port=$(free_port); done

# --- PostgreSQL: initdb + pg_ctl as `postgres`; superuser over the Unix socket in pg_dir
# (trust), everyone else over TCP with a SCRAM password.
start_pg() {
  chown postgres: "$pg_dir"
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
    { cat "$pg_dir/initdb.log" >&2; return 1; }
  as_postgres "$pg_bin/pg_ctl" start -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$pg_dir \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=20 \
        -c shared_buffers=32MB" >/dev/null || return 1
  psql -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$pg_port" -U postgres -d postgres >/dev/null <<SQL
CREATE ROLE $user LOGIN PASSWORD '$password';
CREATE DATABASE $db OWNER $user;
SQL
}

# --- MariaDB: root over the Unix socket in my_dir (unix_socket auth, we are root), the `icm`
# user over TCP with a password. No grant-table skipping: credentials are checked.
start_my() {
  mariadb-install-db --no-defaults --user=root --datadir="$my_dir/data" \
    --auth-root-authentication-method=socket --skip-test-db >"$my_dir/install.log" 2>&1 ||
    { cat "$my_dir/install.log" >&2; return 1; }
  mariadbd --no-defaults --user=root --datadir="$my_dir/data" --bind-address=127.0.0.1 \
    --port="$my_port" --socket="$my_dir/mysqld.sock" --pid-file="$my_dir/mariadbd.pid" \
    --log-error="$my_dir/server.log" --skip-name-resolve --skip-log-bin --local-infile=1 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --skip-innodb-adaptive-hash-index >/dev/null 2>&1 &
  local i
  for i in $(seq 1 200); do
    mariadb-admin --no-defaults --socket="$my_dir/mysqld.sock" --user=root ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb --no-defaults --socket="$my_dir/mysqld.sock" --user=root <<SQL
CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER '$user'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON $db.* TO '$user'@'127.0.0.1';
GRANT ALL ON $db.* TO '$user'@'localhost';
SQL
}

start=$EPOCHREALTIME
start_pg >"$pg_dir/start.log" 2>&1 &
pg_job=$!
start_my >"$my_dir/start.log" 2>&1 &
my_job=$!
pg_ok=0 my_ok=0
wait "$pg_job" || pg_ok=$?
wait "$my_job" || my_ok=$?
if ((pg_ok != 0 || my_ok != 0)); then
  cat "$pg_dir/start.log" "$my_dir/start.log" >&2 2>/dev/null || true
  stop_pg
  stop_my
  die "could not start the test servers"
fi
elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

cat >"$env_file" <<ENV
# Written by tools/test-servers.sh start; read by tests/backends.
ICM_TEST_USER=$user
ICM_TEST_PASSWORD=$password
ICM_TEST_DATABASE=$db
ICM_TEST_PG_PORT=$pg_port
ICM_TEST_PG_SOCKET_DIR=$pg_dir
ICM_TEST_MARIADB_PORT=$my_port
ICM_TEST_MARIADB_SOCKET=$my_dir/mysqld.sock
ICM_TEST_START_SECONDS=$elapsed
ENV
