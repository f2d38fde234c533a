"""Shared plumbing of the HR-system profile tests: the test servers' credentials, a private
database per HR system (created with the servers' admin login), running icm."""
import json
import os
import sys
import re
import subprocess
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)


class Servers:
    def __init__(self, servers_dir):
        self.env = read_env(os.path.join(servers_dir, "servers.env"))
        self.user = self.env["ICM_TEST_USER"]
        self.password = self.env["ICM_TEST_PASSWORD"]
        quiet_odbcinst(os.path.join(servers_dir, "odbcinst-hrsystems"))

    # --- MariaDB
    def mariadb_create(self, database):
        """(Re)creates `database` as root over the server's Unix socket (its admin login) and
        grants it to the test user; the shared icm_test database is never touched."""
        sql = (f"DROP DATABASE IF EXISTS {database};\n"
               f"CREATE DATABASE {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n"
               f"GRANT ALL ON {database}.* TO '{self.user}'@'127.0.0.1';\n")
        subprocess.run(["mariadb", "--no-defaults", "--socket", self.env["ICM_TEST_MARIADB_SOCKET"],
                        "--user=root"], input=sql, text=True, check=True)

    def mariadb_run(self, database, sql):
        """Runs SQL as the test user over 127.0.0.1 TCP; returns stdout (batch format)."""
        return subprocess.run(["mariadb", "--no-defaults", "--batch", "--skip-column-names",
                               "--default-character-set=utf8mb4", "-h", "127.0.0.1",
                               "-P", self.env["ICM_TEST_MARIADB_PORT"], "-u", self.user, database],
                              input=sql, text=True, check=True, capture_output=True,
                              env={**os.environ, "MYSQL_PWD": self.password}).stdout

    def mariadb_connection(self, database):
        return (f"DRIVER={{MariaDB Unicode}};Server=127.0.0.1;Port={self.env['ICM_TEST_MARIADB_PORT']};"
                f"Database={database};UID={self.user};PWD={self.password}")

    # --- PostgreSQL
    def pg_create(self, database):
        """(Re)creates `database` owned by the test user, as the postgres superuser over the
        server's Unix socket directory (its admin login)."""
        for sql in (f"DROP DATABASE IF EXISTS {database}",
                    f"CREATE DATABASE {database} OWNER {self.user} ENCODING 'UTF8' TEMPLATE template0"):
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.env["ICM_TEST_PG_SOCKET_DIR"],
                            "-p", self.env["ICM_TEST_PG_PORT"], "-U", "postgres", "-d", "postgres",
                            "-c", sql], check=True, stdout=subprocess.DEVNULL,
                           env={**os.environ, "PGOPTIONS": "-c client_min_messages=warning"})

    def pg_run(self, database, sql):
        return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                               "-p", self.env["ICM_TEST_PG_PORT"], "-U", self.user, "-d", database],
                              input=sql, text=True, check=True, capture_output=True,
                              env={**os.environ, "PGPASSWORD": self.password}).stdout

    def pg_connection(self, database):
        return (f"DRIVER={{PostgreSQL Unicode}};Server=127.0.0.1;Port={self.env['ICM_TEST_PG_PORT']};"
                f"Database={database};UID={self.user};PWD={self.password}")


def run_icm(icm, args, expect):
    p = subprocess.run([icm, *args], capture_output=True, text=True, timeout=120)
    if p.returncode != expect:
        raise AssertionError(f"icm {' '.join(args[:1])} exited {p.returncode}, expected {expect}\n"
                             f"stdout: {p.stdout[:3000]}\nstderr: {p.stderr[:3000]}")
    return p


def tables_json(icm, source, profile, *datasets):
    p = run_icm(icm, ["tables", "--source", source, *datasets, "--profile", profile,
                      "--format", "json"], 0)
    return json.loads(p.stdout)


def accounting(data_quality):
    """{record: {"present", "read", "accepted", "rejected", "reasons": {reason: row}}}."""
    out = {}
    for row in data_quality:
        rec = out.setdefault(row["record"], {"reasons": {}})
        if row["reason"] is None:
            rec.update(present=row["present"], read=row["rows_read"], accepted=row["accepted"],
                       rejected=row["rejected"])
        else:
            rec["reasons"][row["reason"]] = row
    return out


def scale_to_100(score, lo, hi):
    return (score - lo) / (hi - lo) * 100.0


def competition_ranks(totals):
    """{key: total or None} -> {key: rank} (1 = best; equal totals share a rank)."""
    values = [t for t in totals.values() if t is not None]
    return {k: (None if t is None else 1 + sum(1 for v in values if v > t + 1e-9))
            for k, t in totals.items()}
