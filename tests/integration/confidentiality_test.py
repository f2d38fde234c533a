#!/usr/bin/env python3
"""Confidentiality end to end, through the icm tool and the real sqliteodbc driver.

A company whose departments are roots (no company unit above them), of 1, 9, 11, 31, 50 and 209
people, each person rating the same three provider departments, is written with Python's
sqlite3 module into the sample profile's schema. Whatever icm shows of it — every dataset as
CSV, with and without each --period — must not give the single person away: the hidden rows
stay hidden in every view, each view is rows of the full output, and `icm audit` over the CSV
files and over the source finds nothing. The old per-table rule's output is found out.
Usage: confidentiality_test.py ICM_BINARY SAMPLE_PROFILE_DIR DATA_DIR
"""
import csv
import io
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import unittest

ICM, PROFILE, DATA = sys.argv[1], sys.argv[2], sys.argv[3]
SIZES = [1, 9, 11, 31, 50, 209]
PERIODS = ["2025-Q1", "2025-Q2"]
DATASETS = ["units", "satisfaction", "service_matrix", "appraisal", "complaints"]


def run(*args, expect=0):
    p = subprocess.run([ICM, *args], capture_output=True, text=True, timeout=240)
    if p.returncode != expect:
        raise AssertionError(f"icm {' '.join(args)} exited {p.returncode}, expected {expect}\n"
                             f"stdout: {p.stdout[-3000:]}\nstderr: {p.stderr[-2000:]}")
    return p


def write_company(path):
    db = sqlite3.connect(path)
    db.executescript("""
CREATE TABLE departments (dept_id TEXT PRIMARY KEY, dept_name TEXT NOT NULL, parent_dept_id TEXT,
  level INTEGER NOT NULL, is_active INTEGER NOT NULL);
CREATE TABLE employees (emp_no INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, dept_id TEXT,
  hired_on TEXT, status TEXT);
CREATE TABLE service_agreements (agreement_id INTEGER PRIMARY KEY, provider_dept TEXT,
  customer_dept TEXT, start_date TEXT);
CREATE TABLE survey_waves (wave_id INTEGER PRIMARY KEY, period_label TEXT, opened_on TEXT, closed_on TEXT);
CREATE TABLE survey_questions (question_code TEXT PRIMARY KEY, question_text TEXT, dimension TEXT,
  scale_min INTEGER, scale_max INTEGER);
CREATE TABLE survey_answers (answer_id INTEGER NOT NULL, wave_id INTEGER, respondent_emp_no INTEGER,
  provider_dept TEXT, question_code TEXT, score INTEGER, answered_at TEXT);
CREATE TABLE complaints (complaint_no TEXT PRIMARY KEY, raised_by_dept TEXT, against_dept TEXT,
  opened_at TEXT, acknowledged_at TEXT, resolved_at TEXT, state TEXT, severity TEXT, category TEXT);
CREATE TABLE complaint_visits (visit_id INTEGER PRIMARY KEY, complaint_no TEXT, visited_at TEXT,
  satisfaction INTEGER);
CREATE TABLE appraisal_scores (appraisal_id INTEGER PRIMARY KEY, dept_id TEXT, period_label TEXT,
  criterion TEXT, score REAL, rater_emp_no INTEGER, rater_role TEXT, weight REAL);
CREATE TABLE dept_kpis (dept_id TEXT, period_label TEXT, metric TEXT, value REAL, target REAL, better TEXT);
""")
    rnd = random.Random(7)
    providers = ["P1", "P2", "P3"]
    for p in providers:
        db.execute("INSERT INTO departments VALUES (?, ?, NULL, 1, 1)", (p, "Provider " + p))
    emp = 1
    people = {}
    for size in SIZES:
        d = f"D{size}"
        db.execute("INSERT INTO departments VALUES (?, ?, NULL, 1, 1)", (d, f"Department of {size}"))
        people[d] = []
        for _ in range(size):
            db.execute("INSERT INTO employees VALUES (?, 'A', 'B', ?, '2020-01-01', 'active')", (emp, d))
            people[d].append(emp)
            emp += 1
    questions = [("Q1", "service_quality"), ("Q2", "attitude"), ("Q3", "efficiency"), ("Q4", "overall")]
    for code, dim in questions:
        db.execute("INSERT INTO survey_questions VALUES (?, ?, ?, 1, 5)", (code, code, dim))
    answer = 1
    for w, period in enumerate(PERIODS, start=1):
        db.execute("INSERT INTO survey_waves VALUES (?, ?, '2025-01-01', '2025-01-20')", (w, period))
        for d, who in people.items():
            for e in who:
                for p in providers:
                    for code, _ in questions:
                        db.execute("INSERT INTO survey_answers VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   (answer, w, e, p, code, rnd.randint(1, 5), f"2025-0{3 * w - 2}-05 10:00:00"))
                        answer += 1
        for p in providers:
            db.execute("INSERT INTO appraisal_scores (dept_id, period_label, criterion, score, rater_emp_no, "
                       "rater_role, weight) VALUES (?, ?, 'service_quality', 80, 1, 'manager', 1)", (p, period))
    db.commit()
    db.close()
    return people


def tables(db, *extra):
    out = {}
    for name in DATASETS:
        text = run("tables", "--db", db, "--profile", PROFILE, name, "--format", "csv", "--quiet", *extra).stdout
        out[name] = list(csv.DictReader(io.StringIO(text)))
    return out


class RootsCompany(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = os.path.join(cls.tmp.name, "roots.db")
        write_company(cls.db)
        cls.full = tables(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_single_person_is_hidden_everywhere(self):
        rows = [r for r in self.full["satisfaction"] if r["customer_id"] == "D1"]
        self.assertEqual(len(rows), 3 * 4 * len(PERIODS))
        self.assertTrue(all(r["suppressed"] == "1" and r["mean"] == "" for r in rows))
        unit = next(r for r in self.full["units"] if r["unit_id"] == "D1")
        self.assertEqual((unit["satisfaction"], unit["satisfaction_suppressed"]), ("", "1"))
        # The providers' all-customers rows stay shown (another department is hidden instead).
        self.assertTrue(all(r["suppressed"] == "0" for r in self.full["satisfaction"] if r["customer_id"] == ""))

    def test_auditor_finds_nothing_in_any_view(self):
        for extra in [()] + [("--period", p) for p in PERIODS]:
            view = tables(self.db, *extra)
            folder = os.path.join(self.tmp.name, "view" + "".join(extra))
            os.makedirs(folder, exist_ok=True)
            for name, rows in view.items():
                # Each period view is made of rows of the full output.
                full_rows = {tuple(sorted(r.items())) for r in self.full[name]}
                self.assertTrue(all(tuple(sorted(r.items())) in full_rows for r in rows), (name, extra))
                with open(os.path.join(folder, name + ".csv"), "w", newline="", encoding="utf-8") as f:
                    text = run("tables", "--db", self.db, "--profile", PROFILE, name, "--format", "csv",
                               "--quiet", *extra).stdout
                    f.write(text)
            if not extra:
                p = run("audit", "--tables", folder)
                self.assertIn("No hidden group can be recovered, or bounded to within 10 index points.", p.stdout)
        p = run("audit", "--db", self.db, "--profile", PROFILE, "--quiet")
        self.assertIn("No hidden group can be recovered, or bounded to within 10 index points.", p.stdout)

    def test_check_reports_what_protection_costs(self):
        p = run("check", "--db", self.db, "--profile", PROFILE, "--quiet")
        self.assertRegex(p.stdout, r"Confidentiality \(minimum group size 5\): \d+ published cells, \d+ hidden "
                                   r"below the threshold, \d+ more hidden so that none can be subtracted out")
        self.assertRegex(p.stdout, r"answers hidden: [\d.]+% \(threshold alone: [\d.]+%\)")


class PerTableRuleOutput(unittest.TestCase):
    def test_auditor_finds_the_old_breaches(self):
        p = run("audit", "--tables", os.path.join(DATA, "audit", "per-table-rule", "seed42"), expect=3)
        self.assertIn("RECOVERED hidden cell satisfaction FIN|HR-T1|2025-Q4|overall: n ≈ 2, index 50", p.stdout)
        self.assertIn("Hidden groups can be recovered, or bounded to within 10 index points (see above).", p.stdout)

    def test_a_folder_without_tables_is_an_error(self):
        with tempfile.TemporaryDirectory() as empty:
            p = run("audit", "--tables", empty, expect=1)
            self.assertIn("no published tables", p.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
