#!/usr/bin/env python3
"""icm only reads: every trick of the smuggling corpus fails and changes nothing, on SQLite,
PostgreSQL and MariaDB, both through icm (the profile gate refuses it, naming file:line:column)
and through the real loader with the gate bypassed (the database refuses it by itself). Also
what `icm check` reports about the account's write access, with the SELECT-only accounts of
docs/profiles.md created exactly as written there.

Usage: readonly_test.py ICM_BINARY ODBC_PROBE SAMPLE_PROFILE_DIR SERVERS_DIR PROFILES_MD
"""
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)
from readonly_corpus import CORPUS  # noqa: E402

ICM, PROBE, PROFILE, DIR, PROFILES_MD = sys.argv[1:6]
del sys.argv[1:6]

ENV = read_env(os.path.join(DIR, "servers.env"))
USER, PASSWORD, DATABASE = ENV["ICM_TEST_USER"], ENV["ICM_TEST_PASSWORD"], ENV["ICM_TEST_DATABASE"]
PG_PORT, MY_PORT = ENV["ICM_TEST_PG_PORT"], ENV["ICM_TEST_MARIADB_PORT"]
quiet_odbcinst(os.path.join(DIR, "odbcinst-readonly"))


def server_connection(backend, user=USER, password=PASSWORD):
    driver, port = (("PostgreSQL Unicode", PG_PORT) if backend == "postgresql" else ("MariaDB Unicode", MY_PORT))
    return f"DRIVER={{{driver}}};Server=127.0.0.1;Port={port};Database={DATABASE};UID={user};PWD={password}"


def run(args, env=None, timeout=120):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)


def dump(backend, sqlite_db=None):
    """The whole database as its own dump tool writes it (SQLite: the file's bytes)."""
    if backend == "sqlite":
        with open(sqlite_db, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    if backend == "postgresql":
        p = run(["pg_dump", "-h", "127.0.0.1", "-p", PG_PORT, "-U", USER, DATABASE],
                env={**os.environ, "PGPASSWORD": PASSWORD})
    else:
        p = run(["mariadb-dump", "--no-defaults", "--skip-dump-date", "-h", "127.0.0.1", "-P", MY_PORT, "-u", USER,
                 DATABASE], env={**os.environ, "MYSQL_PWD": PASSWORD})
    assert p.returncode == 0, p.stderr
    # pg_dump brackets its output with \restrict KEY / \unrestrict KEY, a fresh random KEY each time.
    text = re.sub(r"(?m)^\\(un)?restrict \S+$", "", p.stdout)
    return hashlib.sha256(text.encode()).hexdigest()


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs)


class Corpus(unittest.TestCase):
    """Each trick, each database: refused twice, nothing changed."""

    def run_corpus(self, backend):
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o777)  # MariaDB's INTO OUTFILE would write as the server's user
            profile = os.path.join(tmp, "profile")
            shutil.copytree(PROFILE, profile)
            scratch = os.path.join(tmp, "scratch")
            os.makedirs(scratch)
            os.chmod(scratch, 0o777)
            if backend == "sqlite":
                db = os.path.join(tmp, "db", "hr.db")
                os.makedirs(os.path.dirname(db))
                shutil.copy(os.path.join(DIR, "sample.db"), db)
                gate_source = ["--db", db]
                # No StepAPI: sqliteodbc then runs every statement of a text, the riskier setting.
                connection = f"DRIVER=SQLite3;Database={db}"
            else:
                db = None
                connection = server_connection(backend)
                gate_source = ["--source", connection]
            before = dump(backend, db), files_under(scratch), files_under(os.path.dirname(db)) if db else []
            for name, sql, targets in CORPUS:
                sql = sql.replace("{tmp}", scratch)
                with self.subTest(backend=backend, trick=name):
                    unit = os.path.join(profile, "unit.sql")
                    with open(unit, "w", encoding="utf-8", newline="") as f:
                        f.write(sql)
                    # 1. Through icm: the gate refuses, naming the file, line and column.
                    p = run([ICM, "check", *gate_source, "--profile", profile])
                    self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
                    self.assertRegex(p.stderr, re.escape(unit) + r":\d+:\d+: ", p.stderr)
                    self.assertIn("read-only", p.stderr)
                    self.assertNotIn(PASSWORD, p.stdout + p.stderr)
                    # 2. The real loader with the gate bypassed: the database refuses by itself.
                    # (The original profile: the trick is handed over as its unit query.)
                    p = run([PROBE, "--load", connection, PROFILE, unit])
                    out = p.stdout + p.stderr
                    print(f"{backend} {name}: {out.strip()[:300]}")
                    self.assertEqual(p.returncode, 1, out)
                    self.assertNotIn("a profile query must be a single SELECT", out, "the gate was not bypassed")
                    self.assertNotIn("loaded", out)
                    self.assertTrue(out.strip(), "an error message")
                    if backend in targets:  # valid there: refused, not merely harmless
                        self.assertNotIn("result has no column", out)
                    # 3. Nothing changed: the dump, and no file appeared.
                    after = dump(backend, db), files_under(scratch), files_under(os.path.dirname(db)) if db else []
                    self.assertEqual(after, before, f"{name} changed the database or wrote a file")

    def test_sqlite(self):
        self.run_corpus("sqlite")

    def test_postgresql(self):
        self.run_corpus("postgresql")

    def test_mariadb(self):
        self.run_corpus("mariadb")


def docs_sql_blocks(heading):
    """The ```sql blocks of docs/profiles.md under `heading`, keyed by their first comment."""
    with open(PROFILES_MD, encoding="utf-8") as f:
        text = f.read()
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    blocks = {}
    for block in re.findall(r"```sql\n(.*?)```", section, re.S):
        first = block.splitlines()[0]
        blocks["postgresql" if "PostgreSQL" in first else "mariadb"] = block
    return blocks


def as_admin(backend, sql):
    """sql run as the servers' superuser over their private sockets (tools/test-servers.sh)."""
    if backend == "postgresql":
        args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", ENV["ICM_TEST_PG_SOCKET_DIR"], "-p", PG_PORT,
                "-U", "postgres", "-d", DATABASE]
    else:
        args = ["mariadb", "--no-defaults", "--socket", ENV["ICM_TEST_MARIADB_SOCKET"], "-u", "root", DATABASE]
    p = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"{sql}\n{p.stderr}"


class WriteAccess(unittest.TestCase):
    """icm check says whether the account could write; the docs' SELECT-only accounts cannot."""

    READER = "icm_reader"

    @classmethod
    def setUpClass(cls):
        cls.reader_password = "r-" + secrets.token_hex(8)
        cls.blocks = docs_sql_blocks("### A SELECT-only account")
        for backend, block in cls.blocks.items():
            # The page's placeholders: database hr, owner role hr_owner, password change-me.
            sql = block.replace("hr_owner", USER).replace("change-me", cls.reader_password)
            sql = re.sub(r"\bhr\b", DATABASE, sql)
            cls.drop_reader(backend)
            as_admin(backend, sql)

    @classmethod
    def drop_reader(cls, backend):
        if backend == "mariadb":
            as_admin(backend, f"DROP USER IF EXISTS '{cls.READER}'@'%';")
        else:
            as_admin(backend, f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{cls.READER}') THEN "
                              f"EXECUTE 'DROP OWNED BY {cls.READER}'; EXECUTE 'DROP ROLE {cls.READER}'; END IF; END $$;")

    @classmethod
    def tearDownClass(cls):
        for backend in ("mariadb", "postgresql"):
            cls.drop_reader(backend)

    def check(self, source, *extra):
        p = run([ICM, "check", *source, "--profile", PROFILE, *extra])
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)  # the sample's planted bad rows
        report, _, access = p.stdout.partition("\nWrite access of this account") if "--lang" not in extra \
            else p.stdout.partition("\n账号的写权限")
        self.assertTrue(access, p.stdout)
        return report, access

    def test_docs_have_both_blocks(self):
        self.assertEqual(sorted(self.blocks), ["mariadb", "postgresql"])

    def test_owner_account_could_write(self):
        for backend in ("postgresql", "mariadb"):
            with self.subTest(backend=backend):
                _, access = self.check(["--source", server_connection(backend)])
                self.assertIn("this account could write", access)
                self.assertIn("DELETE", access)
                self.assertIn("INSERT", access)
                self.assertIn("may create tables", access)
                self.assertIn("Recommendation: connect with a SELECT-only account", access)
                _, zh = self.check(["--source", server_connection(backend)], "--lang", "zh")
                self.assertIn("该账号可以写入", zh)
                self.assertIn("建议：使用只有 SELECT 权限的账号连接", zh)

    def test_select_only_account_can_only_read_and_loads_the_same(self):
        for backend in ("postgresql", "mariadb"):
            with self.subTest(backend=backend):
                owner, _ = self.check(["--source", server_connection(backend)])
                reader, access = self.check(["--source", server_connection(backend, self.READER, self.reader_password)])
                self.assertIn("this account can only read (no write privilege found)", access)
                self.assertNotIn("Recommendation", access)
                self.assertEqual(reader, owner, "a SELECT-only account reads the same company")

    def test_one_extra_grant_is_reported(self):
        grants = {"postgresql": ("GRANT UPDATE (value) ON dept_kpis TO icm_reader;",
                                 "REVOKE UPDATE (value) ON dept_kpis FROM icm_reader;", "public.dept_kpis"),
                  "mariadb": ("GRANT UPDATE ON icm_test.dept_kpis TO 'icm_reader'@'%';",
                              "REVOKE UPDATE ON icm_test.dept_kpis FROM 'icm_reader'@'%';", "icm_test.dept_kpis")}
        for backend, (grant, revoke, table) in grants.items():
            with self.subTest(backend=backend):
                as_admin(backend, grant)
                try:
                    _, access = self.check(["--source", server_connection(backend, self.READER, self.reader_password)])
                finally:
                    as_admin(backend, revoke)
                self.assertIn("this account could write", access)
                self.assertIn(f"UPDATE on 1 object: {table}", access)

    def test_sqlite_file_writable_by_this_process(self):
        _, access = self.check(["--db", os.path.join(DIR, "sample.db")])
        self.assertIn("SQLite: the operating-system user running icm could write", access)
        self.assertIn("this process may write the database file " + os.path.join(DIR, "sample.db"), access)
        self.assertIn("run icm as an\n  operating-system user that cannot write the file", access)


if __name__ == "__main__":
    unittest.main(verbosity=1)
