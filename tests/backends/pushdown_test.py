#!/usr/bin/env python3
"""Pushdown (the database summarises the survey responses) must equal the row-by-row load exactly.

Usage: pushdown_test.py ICM_BINARY SAMPLE_PROFILE_DIR SERVERS_DIR

SERVERS_DIR holds servers.env (tools/test-servers.sh start) and sample.db (load_sample.py, also
loaded into PostgreSQL and MariaDB). Checks, on SQLite (sqliteodbc), PostgreSQL (psqlODBC) and
MariaDB (Connector/ODBC):

1. the sample company: `icm tables --pushdown` JSON equals the row-by-row JSON of every
   dataset (floats exactly), also for one period, and `icm check --pushdown` prints the same
   report (reasons, example rows, row numbers); confidentiality still holds after pushdown;
2. a deliberately messy survey table (messy_responses, 4,004 rows: every column TEXT; in SQLite
   untyped, with plain integers stored as INTEGER; on MariaDB under the case-insensitive,
   blank-padding utf8mb4_general_ci collation) holding what
   real exports hold: keys with blanks, tabs and other case, unknown units, NULL and empty cells,
   scores as ' 5', '05', '5.0', '4.5', '+3', impossible and odd dates (29 February, 31 April,
   't' separators, fractions, 'Z', full-width digits), repeated ids with equal and different
   content, ids equal only after trimming. On each backend the pushdown result must equal that
   backend's own row-by-row result, dataset by dataset and in `icm check`.
"""
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)

ICM, PROFILE, DIR = sys.argv[1:4]
del sys.argv[1:4]

ENV = read_env(os.path.join(DIR, "servers.env"))
DB = os.path.join(DIR, "sample.db")
USER, PASSWORD, DATABASE = ENV["ICM_TEST_USER"], ENV["ICM_TEST_PASSWORD"], ENV["ICM_TEST_DATABASE"]
quiet_odbcinst(os.path.join(DIR, "odbcinst"))
BACKENDS = ("sqlite", "postgresql", "mariadb")


def source_args(backend, db=DB):
    if backend == "sqlite":
        return ["--db", db]
    driver, port = {"postgresql": ("PostgreSQL Unicode", ENV["ICM_TEST_PG_PORT"]),
                    "mariadb": ("MariaDB Unicode", ENV["ICM_TEST_MARIADB_PORT"])}[backend]
    return ["--source", f"DRIVER={{{driver}}};Server=127.0.0.1;Port={port};Database={DATABASE};"
                        f"UID={USER};PWD={PASSWORD}"]


def icm(*args, expect=(0,)):
    p = subprocess.run([ICM, *args], capture_output=True, text=True, timeout=300)
    if p.returncode not in expect:
        raise AssertionError(f"icm {' '.join(args)} exited {p.returncode}\n{p.stderr[:3000]}")
    return p.stdout


def tables(backend, profile, *extra, db=DB):
    return json.loads(icm("tables", *source_args(backend, db), "--profile", profile, "--format", "json", *extra))


PUSHDOWN_LINE = re.compile(r"^      pushdown: (\d+) rows summarised by the database in (\d+) groups, (\d+) rows "
                           r"checked by icm$")


def check(backend, profile, *extra, db=DB, stats=None):
    """The `icm check` report without its title; the pushdown line goes into `stats` (a list)."""
    out = icm("check", *source_args(backend, db), "--profile", profile, *extra, expect=(0, 3))
    out = out.split("\nWrite access of this account")[0]  # differs by database (backends.readonly)
    lines = []
    for line in out.splitlines():
        m = PUSHDOWN_LINE.match(line)
        if m and stats is not None:
            stats.append(tuple(int(x) for x in m.groups()))
        elif not m and not line.startswith("Data quality, profile"):
            lines.append(line)
    return lines


class PushdownMixin:
    def assert_datasets_equal(self, got, want, what):
        self.assertEqual(sorted(got), sorted(want), what)
        for name in want:  # per dataset so a failure names it; floats compared exactly
            self.assertEqual(got[name], want[name], f"{what}: dataset {name} differs")


class SampleCompany(unittest.TestCase, PushdownMixin):
    @classmethod
    def setUpClass(cls):
        cls.rows = tables("sqlite", PROFILE)  # the row-by-row reference

    def test_tables_equal_row_by_row_on_every_backend(self):
        for backend in BACKENDS:
            self.assert_datasets_equal(tables(backend, PROFILE, "--pushdown"), self.rows, backend)

    def test_one_period(self):
        want = tables("sqlite", PROFILE, "--period", "2025-Q2")
        self.assertEqual({r["period"] for r in want["satisfaction"]}, {"2025-Q2"})
        for backend in BACKENDS:
            self.assert_datasets_equal(tables(backend, PROFILE, "--period", "2025-Q2", "--pushdown"), want, backend)

    def test_check_report_equal(self):
        want = check("sqlite", PROFILE)
        self.assertIn("  survey_response: 30000 read, 29996 accepted, 4 rejected", want)
        for backend in BACKENDS:
            stats = []
            self.assertEqual(check(backend, PROFILE, "--pushdown", stats=stats), want, backend)
            # The database really summarised: most rows arrive inside groups, few one by one.
            summarised, groups, by_icm = stats[0]
            self.assertEqual(summarised + by_icm, 30000, backend)
            self.assertGreater(summarised, 29000, backend)
            self.assertLess(groups, summarised, backend)  # fewer groups than rows: a summary

    def test_settings_turn_it_on(self):
        # settings.ini [source] pushdown = yes: the same as --pushdown, for every face.
        with tempfile.TemporaryDirectory() as work:
            profile = os.path.join(work, "profile")
            shutil.copytree(PROFILE, profile)
            with open(os.path.join(profile, "settings.ini"), "a", encoding="utf-8") as f:
                f.write("\n[source]\npushdown = yes\n")
            stats = []
            self.assertEqual(check("postgresql", profile, stats=stats), check("sqlite", PROFILE))
            self.assertEqual(len(stats), 1, "the pushdown line is printed")
            self.assert_datasets_equal(tables("postgresql", profile), self.rows, "settings")

    def test_confidentiality_after_pushdown(self):
        got = tables("postgresql", PROFILE, "--pushdown")
        sat = got["satisfaction"]
        hidden = [r for r in sat if r["suppressed"]]
        self.assertTrue(hidden, "the sample plants groups below the threshold")
        for r in sat:
            if r["suppressed"]:
                self.assertIsNone(r["respondents"])
                self.assertIsNone(r["mean"])
            else:
                self.assertGreaterEqual(r["respondents"], 5, r)
        for r in got["service_matrix"]:
            if not r["suppressed"]:
                self.assertGreaterEqual(r["respondents"], 5, r)


# ------------------------------------------------------------------------------ messy data
UNITS = ["HR", "FIN", "IT", "SAL", "PRD"]
TEAMS = ["HR-T1", "FIN-T1", "IT-T1", "SAL-T1", "PRD-T1", "PRD-T2"]
DIMS = ["service_quality", "attitude", "efficiency", "overall"]


def messy_rows(n=4000, seed=20261127):
    rnd = random.Random(seed)
    people = [f"E{i:03d}" for i in range(60)]
    rows = []
    for i in range(n):
        resp = rnd.choice(people)
        row = {
            "response_id": str(i + 1),
            "respondent_id": resp,
            "provider_id": rnd.choice(UNITS),
            "customer_id": TEAMS[int(resp[1:]) % len(TEAMS)],
            "period": rnd.choice(["2025-Q1", "2025-Q2"]),
            "item": f"Q{rnd.randint(1, 8)}",
            "dimension": rnd.choice(DIMS),
            "score": str(rnd.randint(1, 5)),
            "scale_min": "1",
            "scale_max": "5",
            "answered_at": f"2025-{rnd.randint(1, 6):02d}-{rnd.randint(1, 28):02d} {rnd.randint(0, 23):02d}:"
                           f"{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}",
        }
        if rnd.random() < 0.3:  # 30 % of the rows get one odd cell
            col, value = rnd.choice(ODDITIES)
            row[col] = value(i) if callable(value) else value
        rows.append(row)
    # Repeated ids: an exact copy, a copy with other content, and ids equal only once trimmed.
    rows.append(dict(rows[10]))
    rows.append({**rows[20], "score": "1", "respondent_id": "E059"})
    rows.append({**rows[30], "response_id": " 31\t"})
    rows.append({**rows[40], "response_id": "41 "})
    return rows


ODDITIES = [
    ("provider_id", " SAL"), ("provider_id", "SAL "), ("provider_id", "SAL\t"), ("provider_id", "sal"),
    ("provider_id", "ZZZ"), ("provider_id", ""), ("provider_id", None), ("provider_id", "\tHR\r\n"),
    ("customer_id", " FIN-T1 "), ("customer_id", "fin-t1"), ("customer_id", None), ("customer_id", "   "),
    ("respondent_id", " E001"), ("respondent_id", "E001\t"), ("respondent_id", "e001"), ("respondent_id", ""),
    ("respondent_id", None), ("respondent_id", "E" + "9" * 40),
    ("period", "2025-Q1 "), ("period", " 2025-Q2"), ("period", "2025-q1"), ("period", None),
    ("dimension", "overall "), ("dimension", "Overall"), ("dimension", "\tattitude"), ("dimension", ""),
    ("item", ""), ("item", None), ("item", " Q1"), ("item", "Q" + "x" * 140),
    ("score", " 5"), ("score", "05"), ("score", "5.0"), ("score", "4.5"), ("score", "-1"), ("score", "7"),
    ("score", "x"), ("score", None), ("score", "+3"), ("score", "3 "), ("score", ""), ("score", "1e0"),
    ("scale_min", " 1"), ("scale_min", "1.0"), ("scale_min", "6"), ("scale_min", None), ("scale_min", "0"),
    ("scale_max", "10"), ("scale_max", "5 "), ("scale_max", "x"),
    ("answered_at", "2025-02-29 10:00"), ("answered_at", "2024-02-29"), ("answered_at", "2025-04-31"),
    ("answered_at", "2025-04-30"), ("answered_at", "2025-01-31T09:15:00"), ("answered_at", "2025-01-01t09:15"),
    ("answered_at", "2025-01-01 24:00"), ("answered_at", "2025-01-01 23:59:59"), ("answered_at", "2025-01-01 9:15"),
    ("answered_at", " 2025-01-01"), ("answered_at", "2025-01-01 "), ("answered_at", "2025-01-01Z"),
    ("answered_at", "2025-01-01 10:00:00Z"), ("answered_at", "2025-01-01 10:00:00.123"), ("answered_at", ""),
    ("answered_at", None), ("answered_at", "garbage"), ("answered_at", "2025-13-01"), ("answered_at", "0999-01-01"),
    ("answered_at", "２０２５-01-01"), ("answered_at", "2025-06-31 10:00"), ("answered_at", "2025-12-31 10:00:60"),
    ("answered_at", "2025-1-01"), ("answered_at", "2025/01/01"), ("answered_at", "2025-01-01 10:00:00+08"),
    ("response_id", None), ("response_id", ""), ("response_id", lambda i: f" {i + 1}"),
]
COLUMNS = ["response_id", "respondent_id", "provider_id", "customer_id", "period", "item", "dimension",
           "score", "scale_min", "scale_max", "answered_at"]


def sql_literal(v, mysql=False):
    if v is None:
        return "NULL"
    s = v.replace("'", "''")
    if mysql:
        s = s.replace("\\", "\\\\")
    return f"'{s}'"


def load_messy(rows, work):
    """messy_responses on all three backends; returns the SQLite database path."""
    db = os.path.join(work, "messy.db")
    shutil.copyfile(DB, db)
    con = sqlite3.connect(db)
    # No declared types in SQLite: every cell keeps the storage class it was written with, so
    # plain integers are stored as INTEGER beside TEXT in the same column (as in exports
    # written by other tools); icm must read both as the same text either way.
    con.execute(f"CREATE TABLE messy_responses ({', '.join(COLUMNS)})")

    def stored(v):
        return int(v) if v is not None and re.fullmatch(r"-?[1-9][0-9]*|0", v) else v
    con.executemany(f"INSERT INTO messy_responses VALUES ({', '.join('?' for _ in COLUMNS)})",
                    [[stored(r[c]) for c in COLUMNS] for r in rows])
    con.commit()
    con.close()
    values = lambda mysql: ",\n".join(  # noqa: E731
        "(" + ", ".join(sql_literal(r[c], mysql) for c in COLUMNS) + ")" for r in rows)
    pg = (f"DROP TABLE IF EXISTS messy_responses; CREATE TABLE messy_responses "
          f"({', '.join(c + ' TEXT' for c in COLUMNS)}); INSERT INTO messy_responses VALUES {values(False)};")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", ENV["ICM_TEST_PG_PORT"],
                    "-U", USER, "-d", DATABASE], input=pg, text=True, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PGPASSWORD": PASSWORD})
    my = (f"DROP TABLE IF EXISTS messy_responses; CREATE TABLE messy_responses "
          f"({', '.join(c + ' VARCHAR(255)' for c in COLUMNS)}) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; "
          f"INSERT INTO messy_responses VALUES {values(True)};")
    subprocess.run(["mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", ENV["ICM_TEST_MARIADB_PORT"], "-u", USER,
                    DATABASE], input=my, text=True, check=True, env={**os.environ, "MYSQL_PWD": PASSWORD})
    return db


class MessyData(unittest.TestCase, PushdownMixin):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="icm-pushdown-")
        cls.db = load_messy(messy_rows(), cls.work)
        cls.profile = os.path.join(cls.work, "profile")
        shutil.copytree(PROFILE, cls.profile)
        with open(os.path.join(cls.profile, "survey_response.sql"), "w", encoding="utf-8") as f:
            f.write("-- Every column TEXT, straight from the table (tests/backends/pushdown_test.py).\n"
                    f"SELECT {', '.join(COLUMNS)} FROM messy_responses\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def test_check_equal_row_by_row(self):
        for backend in BACKENDS:
            rows = check(backend, self.profile, db=self.db)
            # The oddities must really be there: many reasons, rows accepted and rejected.
            report = "\n".join(rows)
            for reason in ("null_required", "unknown_unit", "bad_date", "duplicate_key", "score_out_of_range",
                           "bad_scale", "non_integer_score", "bad_number", "value_too_long"):
                self.assertIn(reason, report, f"{backend}: the messy data should provoke {reason}")
            stats = []
            self.assertEqual(check(backend, self.profile, "--pushdown", db=self.db, stats=stats), rows, backend)
            summarised, _, by_icm = stats[0]
            self.assertEqual(summarised + by_icm, 4004, backend)
            self.assertGreater(summarised, 2000, f"{backend}: most clean rows should be summarised")

    def test_tables_equal_row_by_row(self):
        for backend in BACKENDS:
            want = tables(backend, self.profile, db=self.db)
            self.assertTrue(want["satisfaction"])
            self.assert_datasets_equal(tables(backend, self.profile, "--pushdown", db=self.db), want, backend)

    def test_one_period_equal_row_by_row(self):
        for backend in BACKENDS:
            want = tables(backend, self.profile, "--period", "2025-Q1", db=self.db)
            self.assert_datasets_equal(tables(backend, self.profile, "--period", "2025-Q1", "--pushdown", db=self.db),
                                       want, backend)
            self.assertEqual(check(backend, self.profile, "--period", "2025-Q1", "--pushdown", db=self.db),
                             check(backend, self.profile, "--period", "2025-Q1", db=self.db), backend)


class TypedDates(unittest.TestCase, PushdownMixin):
    """answered_at as TIMESTAMP and as TIMESTAMPTZ on PostgreSQL (the impossible and odd dates
    of the sample become NULL): the type vouches for a date when the driver's text of one value
    is text icm reads (pushdown.cpp probes it); pushdown must equal the row path."""

    def test_timestamp_types(self):
        for sql_type in ("TIMESTAMP", "TIMESTAMPTZ"):
            with self.subTest(sql_type=sql_type), tempfile.TemporaryDirectory() as work:
                ddl = (f"DROP TABLE IF EXISTS typed_answers; CREATE TABLE typed_answers AS SELECT a.answer_id, "
                       f"a.wave_id, a.respondent_emp_no, a.provider_dept, a.question_code, a.score, CASE WHEN "
                       f"a.answered_at ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]) ' "
                       f"THEN CAST(a.answered_at AS {sql_type}) END AS answered_at FROM survey_answers a;")
                subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                                ENV["ICM_TEST_PG_PORT"], "-U", USER, "-d", DATABASE, "-c", ddl], check=True,
                               stdout=subprocess.DEVNULL, env={**os.environ, "PGPASSWORD": PASSWORD})
                profile = os.path.join(work, "profile")
                shutil.copytree(PROFILE, profile)
                path = os.path.join(profile, "survey_response.sql")
                with open(path, encoding="utf-8") as f:
                    sql = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(sql.replace("FROM survey_answers a", "FROM typed_answers a"))
                want = check("postgresql", profile)
                stats = []
                self.assertEqual(check("postgresql", profile, "--pushdown", stats=stats), want)
                self.assert_datasets_equal(tables("postgresql", profile, "--pushdown"), tables("postgresql", profile),
                                           sql_type)
                summarised, _, by_icm = stats[0]
                # psqlODBC writes both types as text icm reads, so the type vouches for them:
                # the rows are summarised in the database, not re-read.
                self.assertGreater(summarised, 29000, sql_type)
                self.assertLess(by_icm, 10, sql_type)


if __name__ == "__main__":
    unittest.main(verbosity=2)
