#!/usr/bin/env python3
"""End-to-end checks of the icm command-line tool on the sample HR database.

The reference values are recomputed here from the sample's raw tables with Python's sqlite3
module and plain Python arithmetic, independently of icm's loader, profile SQL and engines.
Usage: cli_test.py ICM_BINARY SAMPLE_PROFILE_DIR
"""
import collections
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

ICM = sys.argv[1] if len(sys.argv) > 1 else "icm"
PROFILE = sys.argv[2] if len(sys.argv) > 2 else "profiles/sample"
THRESHOLD = 5


def run(*args, expect=0):
    p = subprocess.run([ICM, *args], capture_output=True, text=True, timeout=240)
    if p.returncode != expect:
        raise AssertionError(f"icm {' '.join(args)} exited {p.returncode}, expected {expect}\n"
                             f"stdout: {p.stdout[:2000]}\nstderr: {p.stderr[:2000]}")
    return p


class SampleDatabase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "hr.db")
        run("sample", "--out", cls.db, "--responses", "30000", "--seed", "7", "--quiet")
        out = run("tables", "--db", cls.db, "--profile", PROFILE, "--format", "json").stdout
        cls.data = json.loads(out)
        cls.raw = sqlite3.connect(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.raw.close()
        cls.tmp.cleanup()

    # --- the independent reference: valid survey answers from the raw tables ---------------
    def valid_answers(self):
        q = self.raw.execute(
            "SELECT a.answer_id, a.respondent_emp_no, a.provider_dept, e.dept_id, w.period_label,"
            " qq.dimension, a.score, qq.scale_min, qq.scale_max, a.answered_at"
            " FROM survey_answers a JOIN survey_waves w ON w.wave_id = a.wave_id"
            " JOIN survey_questions qq ON qq.question_code = a.question_code"
            " JOIN employees e ON e.emp_no = a.respondent_emp_no ORDER BY a.rowid")
        depts = {r[0] for r in self.raw.execute("SELECT dept_id FROM departments")}
        seen = set()
        for aid, who, prov, cust, period, dim, score, lo, hi, at in q:
            first = aid not in seen
            seen.add(aid)
            try:
                datetime.datetime.fromisoformat(str(at))
                date_ok = True
            except ValueError:
                date_ok = False
            if first and date_ok and prov in depts and cust in depts and lo <= score <= hi:
                yield who, prov, cust, period, dim, score, lo, hi

    def test_satisfaction_matches_independent_recomputation(self):
        groups = collections.defaultdict(list)
        for who, prov, cust, period, dim, score, lo, hi in self.valid_answers():
            for c in (cust, None):
                groups[(prov, c, period, dim)].append((who, score, lo, hi))
        rows = self.data["satisfaction"]
        self.assertGreater(len(rows), 100)
        checked = 0
        for r in rows:
            key = (r["provider_id"], r["customer_id"], r["period"], r["dimension"])
            self.assertIn(key, groups, f"icm row {key} has no answers in the raw tables")
            g = groups[key]
            people = {w for w, *_ in g}
            if r["suppressed"]:
                for col in ("respondents", "n", "mean", "index", "top_box_pct"):
                    self.assertIsNone(r[col], f"suppressed row {key} shows {col}")
                continue
            self.assertGreaterEqual(len(people), THRESHOLD, f"row {key} shown below threshold")
            self.assertEqual(r["respondents"], len(people), key)
            self.assertEqual(r["n"], len(g), key)
            lo, hi = g[0][2], g[0][3]
            mean = sum(s for _, s, _, _ in g) / len(g)
            self.assertAlmostEqual(r["mean"], mean, places=9, msg=str(key))
            self.assertAlmostEqual(r["index"], (mean - lo) / (hi - lo) * 100, places=9, msg=str(key))
            top = sum(1 for _, s, _, _ in g if s >= hi - 1) / len(g) * 100
            self.assertAlmostEqual(r["top_box_pct"], top, places=9, msg=str(key))
            checked += 1
        self.assertGreater(checked, 50)
        # Every group with answers appears (nothing dropped silently).
        icm_keys = {(r["provider_id"], r["customer_id"], r["period"], r["dimension"]) for r in rows}
        self.assertEqual(icm_keys, set(groups))

    def test_nps_on_the_recommend_scale(self):
        # NPS = 100 (P - D), promoters 9-10, detractors 0-6 on 0-10; adjusted-Wald interval
        # (Rocks 2016, as written in METHODS.md): n' = n + 3, P' = (p + 0.75)/n', D' = (d + 0.75)/n',
        # NPS' ± 1.96 · 100 · sqrt((P' + D' - (P' - D')^2) / n').
        groups = collections.defaultdict(list)
        for who, prov, cust, period, dim, score, lo, hi in self.valid_answers():
            if (lo, hi) == (0, 10):
                for c in (cust, None):
                    groups[(prov, c, period, dim)].append(score)
        checked = 0
        for r in self.data["satisfaction"]:
            key = (r["provider_id"], r["customer_id"], r["period"], r["dimension"])
            if r["suppressed"]:
                self.assertIsNone(r["nps"])
                continue
            if key not in groups:
                self.assertIsNone(r["nps"], f"{key} is not on a 0-10 scale")
                continue
            g = groups[key]
            n, p, d = len(g), sum(1 for x in g if x >= 9), sum(1 for x in g if x <= 6)
            self.assertAlmostEqual(r["nps"], 100 * (p - d) / n, places=9)
            n2 = n + 3
            pp, dd = (p + 0.75) / n2, (d + 0.75) / n2
            centre, half = 100 * (pp - dd), 1.959963984540054 * 100 * ((pp + dd - (pp - dd) ** 2) / n2) ** 0.5
            self.assertAlmostEqual(r["nps_low"], max(-100, centre - half), places=6)
            self.assertAlmostEqual(r["nps_high"], min(100, centre + half), places=6)
            checked += 1
        self.assertGreater(checked, 20)

    def test_complementary_suppression_protects_every_parent(self):
        children = collections.defaultdict(list)
        parents = {}
        for r in self.data["satisfaction"]:
            key = (r["provider_id"], r["period"], r["dimension"])
            if r["customer_id"] is None:
                parents[key] = r
            else:
                children[key].append(r)
        answers = collections.defaultdict(set)
        for who, prov, cust, period, dim, *_ in self.valid_answers():
            answers[(prov, cust, period, dim)].add(who)
        some_hidden = False
        for key, kids in children.items():
            hidden = [k for k in kids if k["suppressed"]]
            if not hidden or parents[key]["suppressed"]:
                continue
            some_hidden = True
            hidden_people = sum(len(answers[(k["provider_id"], k["customer_id"], k["period"],
                                             k["dimension"])]) for k in hidden)
            # A visible parent minus the visible children must not reveal a group below threshold.
            self.assertTrue(len(hidden) >= 2 and hidden_people >= THRESHOLD or len(hidden) == len(kids),
                            f"{key}: hidden children {len(hidden)} with {hidden_people} people")
        self.assertTrue(some_hidden, "the sample should exercise suppression")

    def test_data_quality_accounts_for_every_row(self):
        totals = {r["record"]: r for r in self.data["data_quality"] if r["reason"] is None}
        for rec, r in totals.items():
            if r["present"]:
                self.assertEqual(r["rows_read"], r["accepted"] + r["rejected"], rec)
                by_reason = sum(x["rejected"] for x in self.data["data_quality"]
                                if x["record"] == rec and x["reason"] is not None)
                self.assertEqual(by_reason, r["rejected"], rec)
        raw_answers = self.raw.execute("SELECT count(*) FROM survey_answers").fetchone()[0]
        self.assertEqual(totals["survey_response"]["rows_read"], raw_answers)
        reasons = {x["reason"] for x in self.data["data_quality"] if x["record"] == "survey_response"}
        for planted in ("score_out_of_range", "unknown_unit", "duplicate_key", "bad_date"):
            self.assertIn(planted, reasons)

    def test_units_inputs_come_from_the_latest_kpis_and_follow_the_tier_rule(self):
        latest = {}
        for dept, period, metric, value in self.raw.execute(
                "SELECT dept_id, period_label, metric, value FROM dept_kpis ORDER BY period_label"):
            latest[(dept, metric)] = value
        graded = 0
        for u in self.data["units"]:
            for col, metric in (("contribution", "contribution_share"),
                                ("importance", "strategic_importance"), ("impact", "business_impact")):
                expected = latest.get((u["unit_id"], metric))
                if expected is None:
                    self.assertIsNone(u[col])
                else:
                    self.assertAlmostEqual(u[col], expected, places=9)
            if u["tier"] is not None:
                c, y, i = u["contribution"], u["years_cooperation"], u["importance"]
                expected = 1 if (c >= 10 and y >= 3 and i >= 4) else 2 if (c >= 3 and y >= 1) else 3
                self.assertEqual(u["tier"], expected, u["unit_id"])
            if u["grade"] is not None:
                s, i = u["satisfaction"], u["impact"]
                expected = "A" if (s >= 80 and i >= 4) else "B" if (s >= 60 and i >= 2) else "C"
                self.assertEqual(u["grade"], expected, u["unit_id"])
                graded += 1
        self.assertGreater(graded, 3, "departments should be graded")

    def test_complaint_counts_match_raw_tables(self):
        counts = collections.Counter()
        for against, opened in self.raw.execute("SELECT against_dept, opened_at FROM complaints"):
            d = datetime.datetime.fromisoformat(opened)
            counts[(against, f"{d.year}-Q{(d.month - 1) // 3 + 1}")] += 1
        rows = [r for r in self.data["complaints"] if r["unit_id"] != "*"]
        self.assertEqual({(r["unit_id"], r["period"]): r["complaints"] for r in rows}, dict(counts))

    def test_period_filter_and_csv(self):
        out = run("tables", "--db", self.db, "--profile", PROFILE, "satisfaction", "--period", "2025-Q2",
                  "--format", "csv").stdout.splitlines()
        header = out[0].split(",")
        self.assertEqual(header[:6], ["provider_id", "provider_name", "customer_id", "customer_name", "period", "dimension"])
        self.assertTrue(all(",2025-Q2," in line for line in out[1:]))
        self.assertGreater(len(out), 10)

    def test_chinese_labels(self):
        out = run("tables", "--db", self.db, "--profile", PROFILE, "units", "--lang", "zh").stdout
        self.assertIn("客户层级", out)
        self.assertIn("一级客户", out)

    def test_check_reports_reasons_with_examples(self):
        p = run("check", "--db", self.db, "--profile", PROFILE, expect=3)
        self.assertIn("survey_response: 30000 read", p.stdout)
        self.assertIn("score_out_of_range: 1", p.stdout)
        self.assertRegex(p.stdout, r"row \d+, column score = '\d+'")


class SqliteOpenedReadOnly(unittest.TestCase):
    """Whatever names an SQLite database, icm opens it read-only (docs/profiles.md): --db with an
    awkward file name, --source with the driver, a DSN; strings asking for writing are refused,
    and a driver icm does not recognise as SQLite opening the file for writing is refused too."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "hr.db")
        run("sample", "--out", cls.db, "--responses", "1000", "--quiet")
        with open(cls.db, "rb") as f:
            cls.bytes = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def unchanged(self, path):
        with open(path, "rb") as f:
            self.assertEqual(f.read(), self.bytes)
        self.assertEqual(sorted(os.listdir(os.path.dirname(path))), sorted(os.listdir(os.path.dirname(self.db))))

    def test_awkward_file_names(self):
        # ';' used to end the connection string's Database=; '?', '#', '%' and spaces are URI syntax.
        odd = os.path.join(self.tmp.name, "odd dir #1", "h r;x?y%20z#.db")
        os.makedirs(os.path.dirname(odd))
        with open(odd, "wb") as f:
            f.write(self.bytes)
        p = run("check", "--db", odd, "--profile", PROFILE, expect=3)
        self.assertIn("survey_response: 1000 read", p.stdout)
        with open(odd, "rb") as f:
            self.assertEqual(f.read(), self.bytes)

    def test_source_naming_the_driver(self):
        p = run("check", "--source", f"DRIVER=SQLite3;Database={self.db}", "--profile", PROFILE, expect=3)
        self.assertIn("survey_response: 1000 read", p.stdout)
        self.unchanged(self.db)

    def test_asking_for_writing_is_refused(self):
        for extra, said in ((f"Database={self.db};ReadOnly=0", "sets ReadOnly=0, but icm only reads"),
                            (f"Database=file:{self.db}?mode=rw", "asks for mode=rw, but icm only reads"),
                            (f"Database=file:{self.db}?cache=shared&mode=rwc", "asks for mode=rwc")):
            p = run("check", "--source", "DRIVER=SQLite3;" + extra, "--profile", PROFILE, expect=1)
            self.assertIn(said, p.stderr)
        self.unchanged(self.db)

    def driver_list(self, extra_driver=""):
        folder = tempfile.mkdtemp(dir=self.tmp.name)
        out = subprocess.run(["odbcinst", "-j"], capture_output=True, text=True, check=True).stdout
        system = next(l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("DRIVERS"))
        with open(system, encoding="utf-8") as f:
            drivers = f.read()
        with open(os.path.join(folder, "odbcinst.ini"), "w", encoding="utf-8") as f:
            f.write(drivers + extra_driver)
        with open(os.path.join(folder, "odbc.ini"), "w", encoding="utf-8") as f:
            f.write(f"[hrlite]\nDriver=SQLite3\nDatabase={self.db}\n")
        return {**os.environ, "ODBCSYSINI": folder}

    def test_dsn(self):
        env = self.driver_list()
        p = subprocess.run([ICM, "check", "--source", "DSN=hrlite", "--profile", PROFILE], capture_output=True,
                           text=True, env=env)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.unchanged(self.db)

    def test_unrecognised_driver_opening_for_writing_is_refused(self):
        lib = subprocess.run(["odbcinst", "-q", "-d", "-n", "SQLite3"], capture_output=True, text=True).stdout
        path = next(l.split("=", 1)[1].strip() for l in lib.splitlines() if l.startswith("Driver="))
        if not os.path.isabs(path):  # Debian registers the bare file name
            path = next(os.path.join(d, path) for d, _, files in os.walk("/usr/lib") if path in files)
        alias = os.path.join(self.tmp.name, "libhrdriver.so")  # a name that does not say "sqlite"
        if not os.path.exists(alias):
            os.symlink(path, alias)
        env = self.driver_list(f"\n[HR Driver]\nDriver={alias}\n")
        p = subprocess.run([ICM, "check", "--source", f"DRIVER={{HR Driver}};Database={self.db}", "--profile",
                            PROFILE], capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("the SQLite database was opened for writing, and icm only reads", p.stderr)
        self.unchanged(self.db)


class Errors(unittest.TestCase):
    def test_usage_errors_exit_2(self):
        self.assertIn("unknown option --nope", run("tables", "--nope", expect=2).stderr)
        self.assertIn("unknown command", run("frobnicate", expect=2).stderr)
        self.assertIn("exactly one source", run("tables", expect=2).stderr)

    def test_missing_database_exits_1_naming_it(self):
        p = run("tables", "--db", "/nonexistent/hr.db", "--profile", PROFILE, expect=1)
        self.assertIn("/nonexistent/hr.db", p.stderr)

    def test_threshold_below_floor_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "hr.db")
            run("sample", "--out", db, "--responses", "1000", "--quiet")
            p = run("tables", "--db", db, "--profile", PROFILE, "--min-group-size", "2", expect=1)
            self.assertIn("floor of 3", p.stderr)

    def test_help_in_both_languages(self):
        self.assertIn("Usage:", run("--help").stdout)
        self.assertIn("用法", run("--help", "--lang", "zh").stdout)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
