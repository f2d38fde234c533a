#!/usr/bin/env python3
"""`icm --query-timeout`: a server that stops answering in the middle of a load ends the CLI
within the limit, with its own message, on PostgreSQL and MariaDB.

Deterministic: another session of the server's own client locks the `complaints` table, so icm
reads four records and then waits inside the fifth query; once icm is seen waiting, the whole
server is paused (SIGSTOP to each of its processes, by pid) — its kernel still acknowledges TCP,
so no driver notices. icm must exit 1 about 3 s after it began waiting. With --query-timeout 0
icm waits as long as it takes (the lock is released after a while and the load succeeds).

Usage: timeout_test.py ICM_BINARY SAMPLE_PROFILE_DIR SERVERS_DIR
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)

ICM, PROFILE, DIR = sys.argv[1:4]
del sys.argv[1:4]
ENV = read_env(os.path.join(DIR, "servers.env"))
USER, PASSWORD, DATABASE = ENV["ICM_TEST_USER"], ENV["ICM_TEST_PASSWORD"], ENV["ICM_TEST_DATABASE"]
quiet_odbcinst(os.path.join(DIR, "odbcinst-timeout"))
LIMIT, MARGIN = 3, 2.0


def connection(backend):
    driver, port = (("PostgreSQL Unicode", ENV["ICM_TEST_PG_PORT"]) if backend == "postgresql"
                    else ("MariaDB Unicode", ENV["ICM_TEST_MARIADB_PORT"]))
    return f"DRIVER={{{driver}}};Server=127.0.0.1;Port={port};Database={DATABASE};UID={USER};PWD={PASSWORD}"


def client(backend):
    if backend == "postgresql":
        return (["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p", ENV["ICM_TEST_PG_PORT"], "-U", USER,
                 "-d", DATABASE], {**os.environ, "PGPASSWORD": PASSWORD})
    return (["mariadb", "--no-defaults", "--batch", "--skip-column-names", "-h", "127.0.0.1", "-P",
             ENV["ICM_TEST_MARIADB_PORT"], "-u", USER, DATABASE], {**os.environ, "MYSQL_PWD": PASSWORD})


def server_pids(backend):
    """The server's processes: PostgreSQL's postmaster and its children, or mariadbd."""
    if backend == "mariadb":
        with open(os.path.join(DIR, "mariadb", "mariadbd.pid")) as f:
            return [int(f.read().split()[0])]
    with open(os.path.join(ENV["ICM_TEST_PG_SOCKET_DIR"], "data", "postmaster.pid")) as f:
        root = int(f.readline())
    pids = [root]
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == root:
                pids.append(int(name))
    return pids


class Locked:
    """A session of the server's own client holding a lock on `complaints` until closed."""

    def __init__(self, backend):
        args, env = client(backend)
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, text=True, env=env)
        lock = ("BEGIN; LOCK TABLE complaints IN ACCESS EXCLUSIVE MODE;\n" if backend == "postgresql"
                else "LOCK TABLES complaints WRITE;\n")
        self.p.stdin.write(lock)
        self.p.stdin.flush()

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def waiting_on_lock(backend):
    q = ("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'" if backend == "postgresql" else
         "SELECT count(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for table%lock'")
    args, env = client(backend)
    out = subprocess.run([*args, "-c" if backend == "postgresql" else "-e", q], capture_output=True, text=True,
                         env=env, timeout=30).stdout.strip()
    return out not in ("", "0")


def signal_if_alive(pid, sig):
    # A short-lived server process (a backend of the lock probe, an autovacuum worker) may have
    # ended since the pids were listed; the others must still get the signal.
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


class QueryTimeout(unittest.TestCase):
    def paused_mid_load(self, backend):
        locked = Locked(backend)
        pids = []
        try:
            icm = subprocess.Popen([ICM, "check", "--query-timeout", str(LIMIT), "--source", connection(backend),
                                    "--profile", PROFILE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not waiting_on_lock(backend):
                self.assertLess(time.monotonic(), deadline, "icm never reached the locked table")
                self.assertIsNone(icm.poll(), icm.stderr.read() if icm.poll() is not None else "")
                time.sleep(0.05)
            waiting_since = time.monotonic()
            pids = server_pids(backend)
            for pid in pids:
                signal_if_alive(pid, signal.SIGSTOP)
            out, err = icm.communicate(timeout=LIMIT + 30)
            waited = time.monotonic() - waiting_since
        finally:
            for pid in pids:
                signal_if_alive(pid, signal.SIGCONT)
            locked.close()
        print(f"{backend}: icm exited {icm.returncode} {waited:.2f} s after it began waiting: {err.strip()}")
        self.assertEqual(icm.returncode, 1, out + err)
        self.assertLess(waited, LIMIT + MARGIN, "the query timeout was not honoured")
        self.assertIn("complaint.sql: the database (", err)
        self.assertIn(f"127.0.0.1:{connection(backend).split('Port=')[1].split(';')[0]}", err)
        self.assertIn(f"sent nothing for {LIMIT} s while icm was", err)
        self.assertIn("last progress: record survey_response", err)
        self.assertIn("--query-timeout", err)
        self.assertNotIn(PASSWORD, out + err)

    def test_postgresql(self):
        self.paused_mid_load("postgresql")

    def test_mariadb(self):
        self.paused_mid_load("mariadb")

    def test_zero_waits_as_long_as_it_takes(self):
        locked = Locked("postgresql")
        try:
            icm = subprocess.Popen([ICM, "check", "--query-timeout", "0", "--source", connection("postgresql"),
                                    "--profile", PROFILE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            while not waiting_on_lock("postgresql"):
                time.sleep(0.05)
            time.sleep(LIMIT + 0.5)  # longer than the limit of the tests above
            self.assertIsNone(icm.poll(), "icm gave up although --query-timeout 0")
        finally:
            locked.close()
        out, err = icm.communicate(timeout=60)
        self.assertEqual(icm.returncode, 3, err)  # the sample's planted bad rows
        self.assertIn("complaint: 240 read", out)

    def test_bad_values(self):
        for value in ("x", "-1", "86401"):
            p = subprocess.run([ICM, "check", "--query-timeout", value, "--db", os.path.join(DIR, "sample.db")],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 2, p.stderr)
            self.assertIn("--query-timeout", p.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            profile = os.path.join(tmp, "p")
            os.mkdir(profile)
            with open(os.path.join(profile, "settings.ini"), "w") as f:
                f.write("[source]\nquery_timeout = soon\n")
            p = subprocess.run([ICM, "check", "--db", os.path.join(DIR, "sample.db"), "--profile", profile],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("settings.ini:2", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=1)
