#!/usr/bin/env python3
"""The same sample company through three real ODBC drivers must give the same results.

Usage: backends_test.py ICM_BINARY ODBC_PROBE SAMPLE_PROFILE_DIR SERVERS_DIR

SERVERS_DIR holds servers.env (tools/test-servers.sh start) and sample.db (load_sample.py),
whose tables are also loaded into PostgreSQL (psqlODBC) and MariaDB (Connector/ODBC). Checks:
identical `icm tables` JSON and `icm check` accounting on SQLite, PostgreSQL and MariaDB; a
read-only session on both servers; the login-failure and connection-failure messages, which
must never contain the password.
"""
import json
import os
import re
import shlex
import shutil
import socket
import threading
import time
import subprocess
import sys
import tempfile
import unittest
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)

ICM, PROBE, PROFILE, DIR, SNAPSHOT_PROBE = sys.argv[1:6]
del sys.argv[1:6]


ENV = read_env(os.path.join(DIR, "servers.env"))
DB = os.path.join(DIR, "sample.db")
USER, PASSWORD, DATABASE = ENV["ICM_TEST_USER"], ENV["ICM_TEST_PASSWORD"], ENV["ICM_TEST_DATABASE"]
DRIVERS = {"postgresql": ("PostgreSQL Unicode", ENV["ICM_TEST_PG_PORT"]),
           "mariadb": ("MariaDB Unicode", ENV["ICM_TEST_MARIADB_PORT"])}


quiet_odbcinst(os.path.join(DIR, "odbcinst"))
WRONG_PASSWORD = "Wr0ng-Secret-4711"


def connection(backend, port=None, password=PASSWORD):
    driver, default_port = DRIVERS[backend]
    return (f"DRIVER={{{driver}}};Server=127.0.0.1;Port={port or default_port};"
            f"Database={DATABASE};UID={USER};PWD={password}")


def source_args(backend):
    return ["--db", DB] if backend == "sqlite" else ["--source", connection(backend)]


def run(args, expect):
    p = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if p.returncode != expect:
        raise AssertionError(f"{' '.join(args)} exited {p.returncode}, expected {expect}\n"
                             f"stdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")
    return p


def icm(*args, expect=0):
    return run([ICM, *args], expect)


def server_count(backend, table):
    """Row count read with the server's own client, outside icm."""
    return int(server_sql(backend, f"SELECT COUNT(*) FROM {table}"))


def client_command(backend, q):
    """The server's own client running q (autocommit), as argv and environment."""
    if backend == "postgresql":
        args = ["psql", "-X", "-At", "-h", "127.0.0.1", "-p", ENV["ICM_TEST_PG_PORT"], "-U", USER,
                "-d", DATABASE, "-c", q]
        env = {**os.environ, "PGPASSWORD": PASSWORD}
    else:
        args = ["mariadb", "--no-defaults", "--batch", "--skip-column-names", "-h", "127.0.0.1",
                "-P", ENV["ICM_TEST_MARIADB_PORT"], "-u", USER, DATABASE, "-e", q]
        env = {**os.environ, "MYSQL_PWD": PASSWORD}
    return args, env


def server_sql(backend, q):
    args, env = client_command(backend, q)
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


class SameResultsOnEveryBackend(unittest.TestCase):
    def results(self, *args, expect=0):
        out = {}
        for backend in ("sqlite", "postgresql", "mariadb"):
            text = icm(*args, *source_args(backend), "--profile", PROFILE, "--format", "json",
                       expect=expect).stdout
            out[backend] = json.loads(text)
        return out

    def assert_same(self, results):
        ref = results["sqlite"]
        for backend in ("postgresql", "mariadb"):
            got = results[backend]
            self.assertEqual(sorted(got), sorted(ref), backend)
            for name in ref:  # per dataset, so a failure names it; floats compared exactly
                self.assertEqual(got[name], ref[name], f"dataset {name} differs on {backend}")

    def test_tables(self):
        r = self.results("tables")
        self.assertGreater(len(r["sqlite"]["satisfaction"]), 100)
        self.assertGreater(len(r["sqlite"]["units"]), 10)
        self.assert_same(r)

    def test_tables_one_period(self):
        # The period filter is pushed into the server as a bound parameter.
        r = self.results("tables", "--period", "2025-Q3")
        self.assertTrue(r["sqlite"]["satisfaction"])
        self.assertEqual({row["period"] for row in r["sqlite"]["satisfaction"]}, {"2025-Q3"})
        self.assert_same(r)

    def test_check(self):
        # `icm check` prints text: the whole report (counts, reasons, example rows and values)
        # must be the same.
        # The account's write access that closes the report differs by database (backends.readonly).
        out = {b: icm("check", *source_args(b), "--profile", PROFILE, expect=3).stdout  # 3: rejects
               .split("\nWrite access of this account")[0] for b in ("sqlite", "postgresql", "mariadb")}
        for reason in ("bad_date", "duplicate_key", "score_out_of_range", "unknown_unit"):
            self.assertIn(reason, out["sqlite"])
        self.assertIn("survey_response: 30000 read, 29996 accepted, 4 rejected", out["sqlite"])
        for backend in ("postgresql", "mariadb"):
            self.assertEqual(out[backend], out["sqlite"], backend)


class ServerSessions(unittest.TestCase):
    def probe(self, backend, sql, password=PASSWORD, port=None):
        p = subprocess.run([PROBE, connection(backend, port, password), sql], capture_output=True,
                           text=True, timeout=60)
        return p.returncode, p.stdout + p.stderr

    def test_select_runs(self):
        for backend in DRIVERS:
            self.assertEqual(self.probe(backend, "SELECT 1"), (0, "executed\n"), backend)

    def test_session_is_read_only(self):
        # Bypasses profile validation on purpose: the server itself must refuse every write.
        for backend in DRIVERS:
            before = server_count(backend, "dept_kpis")
            for sql in ("DELETE FROM dept_kpis",
                        "SELECT 1; DELETE FROM dept_kpis",
                        "UPDATE dept_kpis SET value = 0",
                        "CREATE TABLE icm_should_not_exist (a INTEGER)"):
                with self.subTest(backend=backend, sql=sql):
                    rc, out = self.probe(backend, sql)
                    self.assertEqual(rc, 1, out)
                    self.assertNotIn("executed", out)
            self.assertEqual(server_count(backend, "dept_kpis"), before, backend)
            self.assertGreater(before, 0)

    def test_writing_profile_is_refused_before_the_server(self):
        with tempfile.TemporaryDirectory() as tmp:
            profile = os.path.join(tmp, "profile")
            shutil.copytree(PROFILE, profile)
            with open(os.path.join(profile, "unit.sql"), "w", encoding="utf-8") as f:
                f.write("SELECT 1 AS id; DELETE FROM departments\n")
            for backend in DRIVERS:
                before = server_count(backend, "departments")
                p = icm("check", *source_args(backend), "--profile", profile, expect=1)
                self.assertIn("unit.sql", p.stderr)
                self.assertEqual(server_count(backend, "departments"), before, backend)

    def test_driver_logs_hold_no_password(self):
        # With the driver configuration Debian installs (psqlODBC: CommLog=1), a load and a failed
        # login leave communication logs in /tmp; none may hold a password. (A user who turns on
        # the drivers' own debug logs with CommLog=1 or Debug=1 in the connection string or DSN
        # gets psqlODBC writing the connection parameters there: docs/profiles.md warns.)
        start = time.time() - 1
        # The system driver list as Debian's odbc-postgresql installs it (CommLog=1), whatever
        # this machine's copy says now.
        commlog = os.path.join(DIR, "odbcinst-commlog")
        os.makedirs(commlog, exist_ok=True)
        with open("/etc/odbcinst.ini", encoding="utf-8") as f:
            text = re.sub(r"(?im)^(\s*CommLog\s*=\s*)0\s*$", r"\g<1>1", f.read())
        text = re.sub(r"(?m)^(Driver\s*=\s*psqlodbc[aw]\.so\s*)$", r"\1\nCommLog=1", text) \
            if "CommLog" not in text else text
        with open(os.path.join(commlog, "odbcinst.ini"), "w", encoding="utf-8") as f:
            f.write(text)
        system = {**os.environ, "ODBCSYSINI": commlog}
        for backend in DRIVERS:
            for password, code in ((PASSWORD, (0, 3)), (WRONG_PASSWORD, (1,))):
                p = subprocess.run([ICM, "tables", "units", "--format", "csv", "--source",
                                    connection(backend, password=password), "--profile", PROFILE],
                                   capture_output=True, text=True, timeout=120, env=system)
                self.assertIn(p.returncode, code, p.stderr[:2000])
        logs = [os.path.join("/tmp", f) for f in os.listdir("/tmp")
                if re.match(r"(psqlodbc_|mylog_|maodbc).*\.log$", f)]
        fresh = [f for f in logs if os.path.getmtime(f) >= start]
        self.assertTrue(any("psqlodbc_" in f for f in fresh), "Debian's CommLog=1 should have left a log")
        for path in fresh:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            for secret in (PASSWORD, WRONG_PASSWORD):
                self.assertNotIn(secret, text, path)

    def assert_clean_failure(self, backend, port=None, password=PASSWORD):
        p = icm("check", "--source", connection(backend, port, password), "--profile", PROFILE,
                expect=1)
        out = p.stdout + p.stderr
        for secret in (PASSWORD, WRONG_PASSWORD):
            self.assertNotIn(secret, out)
        self.assertIn("PWD=***", out)
        return out

    def login_failure(self, backend):
        out = self.assert_clean_failure(backend, password=WRONG_PASSWORD)
        self.assertIn("login failed: the user name or password was rejected", out)

    def connection_failure(self, backend):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
        s.close()  # nothing listens there now
        out = self.assert_clean_failure(backend, port=closed)
        self.assertIn("cannot connect to the database server", out)

    def test_login_failure_mariadb(self):  # [28000] Access denied
        self.login_failure("mariadb")

    # psqlODBC reports a rejected password as [08001] "... password authentication failed";
    # odbc_errors.cpp recognises that text and explains it as a login failure.
    def test_login_failure_postgresql(self):
        self.login_failure("postgresql")

    def test_login_failure_postgresql_no_secret(self):
        out = self.assert_clean_failure("postgresql", password=WRONG_PASSWORD)
        self.assertIn("password authentication failed", out)

    def test_connection_failure_postgresql(self):  # [08001] Connection refused
        self.connection_failure("postgresql")

    # MariaDB Connector/ODBC reports a refused connection as [HY000] "Can't connect to server"
    # (client error 2002/2003), not 08001; odbc_errors.cpp maps it to the connection failure.
    def test_connection_failure_mariadb(self):
        self.connection_failure("mariadb")

    def test_connection_failure_mariadb_no_secret(self):
        out = self.assert_clean_failure("mariadb", port=1)
        self.assertIn("Can't connect to server", out)

    def timeout(self, backend):
        """A peer that accepts the connection and never speaks (a hung server, or something that
        is not a database at that address): the login timeout ends it with its own message."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        accepted = []
        stop = threading.Event()

        def accept():
            listener.settimeout(0.2)
            while not stop.is_set():
                try:
                    accepted.append(listener.accept()[0])
                except OSError:
                    pass
        t = threading.Thread(target=accept, daemon=True)
        t.start()
        try:
            start = time.monotonic()
            p = icm("check", "--login-timeout", "2", "--source",
                    connection(backend, listener.getsockname()[1], PASSWORD), "--profile", PROFILE,
                    expect=1)
            elapsed = time.monotonic() - start
        finally:
            stop.set()
            t.join()
            for c in accepted:
                c.close()
            listener.close()
        out = p.stdout + p.stderr
        self.assertIn("timeout: the database server did not answer in time", out)
        self.assertNotIn(PASSWORD, out)
        self.assertLess(elapsed, 20, "the login timeout of 2 s was not honoured")

    def test_timeout_postgresql(self):  # psqlODBC: [08001] "... timeout expired"
        self.timeout("postgresql")

    # MariaDB Connector/ODBC applies SQL_ATTR_LOGIN_TIMEOUT to the TCP connect only; icm passes
    # the limit as CONN_TIMEOUT too, and the driver then reports [08S01] "... handshake ...,
    # system error: 110".
    def test_timeout_mariadb(self):
        self.timeout("mariadb")


class OneSnapshotPerLoad(unittest.TestCase):
    """A load reads the database as it was when the load began: a complaint committed by another
    client while icm reads survey responses (the record before complaints) is not in the
    snapshot — on the row path and with pushdown (whose statements must agree with each other)."""

    INSERT = ("INSERT INTO complaints (complaint_no, raised_by_dept, against_dept, opened_at, state, "
              "severity, category) VALUES ('CX-SNAPSHOT-1', 'HR', 'FIN', '2025-03-01 09:00:00', 'open', "
              "'low', 'service')")

    def written_during_load(self, backend, *mode):
        before = server_count(backend, "complaints")
        args, _ = client_command(backend, self.INSERT)  # its password goes in by the prefix below
        command = " ".join(shlex.quote(a) for a in args)
        env_prefix = "PGPASSWORD" if backend == "postgresql" else "MYSQL_PWD"
        try:
            p = subprocess.run([SNAPSHOT_PROBE, connection(backend), PROFILE,
                                f"{env_prefix}={shlex.quote(PASSWORD)} {command}", *mode],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            # The write happened, committed, while the load was running …
            self.assertIn("wrote during survey_response: status 0", p.stdout)
            self.assertEqual(server_count(backend, "complaints"), before + 1)
            # … and the load did not see it.
            read = dict(re.findall(r"read (\w+)=(\d+)", p.stdout))
            self.assertEqual(int(read["complaint"]), before, p.stdout)
            self.assertGreater(int(read["survey_response"]), 0)
        finally:
            server_sql(backend, "DELETE FROM complaints WHERE complaint_no = 'CX-SNAPSHOT-1'")
        self.assertEqual(server_count(backend, "complaints"), before)

    def test_postgresql(self):
        self.written_during_load("postgresql")

    def test_postgresql_pushdown(self):
        self.written_during_load("postgresql", "pushdown")

    def test_mariadb(self):
        self.written_during_load("mariadb")

    def test_mariadb_pushdown(self):
        self.written_during_load("mariadb", "pushdown")


if __name__ == "__main__":
    unittest.main(verbosity=1)
