#!/usr/bin/env python3
"""profiles/orangehrm against an OrangeHRM 5.x schema subset on the test MariaDB server.

Usage: test_orangehrm.py ICM_BINARY SERVERS_DIR PROFILE_DIR

Loads orangehrm_schema.sql and the rows of orangehrm_fixture.py into a database of its own
(icm_orangehrm), then checks `icm check` accounting and `icm tables` values. Every expected
value is recomputed here from the fixture rows (nested set -> parents, KPI scales -> 0-100,
the appraisal's weighted totals), never taken from icm's output.
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hrsystems_common as common  # noqa: E402
import orangehrm_fixture as fixture  # noqa: E402

ICM, SERVERS_DIR, PROFILE = sys.argv[1:4]
del sys.argv[1:4]
DATABASE = "icm_orangehrm"
ABSENT = ("relation", "survey_response", "complaint", "follow_up", "kpi")
# The mapping of review.sql, restated: KPI text (lower-case, trimmed) -> criterion.
CRITERIA = {"service quality 服务质量": "service_quality", "service quality": "service_quality",
            "business knowledge 业务知识": "business_knowledge", "business knowledge": "business_knowledge",
            "work attitude 工作态度": "work_attitude", "work attitude": "work_attitude"}
WEIGHTS = {"service_quality": 40, "business_knowledge": 30, "work_attitude": 30}  # settings.ini
BANDS = (("excellent", 85), ("qualified", 60), ("needs_improvement", float("-inf")))  # defaults


def rows_of(tables, name):
    cols, rows = tables[name]
    return [dict(zip(cols, r)) for r in rows]


class OrangeHrmProfile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.servers = common.Servers(SERVERS_DIR)
        cls.tables, cls.planted = fixture.generate()
        cls.servers.mariadb_create(DATABASE)
        with open(os.path.join(HERE, "orangehrm_schema.sql"), encoding="utf-8") as f:
            ddl = f.read()
        cls.servers.mariadb_run(DATABASE, ddl + fixture.insert_sql(cls.tables))
        cls.source = cls.servers.mariadb_connection(DATABASE)
        cls.data = common.tables_json(ICM, cls.source, PROFILE, "data_quality", "units", "appraisal")
        cls.acc = common.accounting(cls.data["data_quality"])

        # Expected review scope and outcome, from the fixture rows.
        reviews = {r["id"]: r for r in rows_of(cls.tables, "ohrm_performance_review")}
        reviewers = {r["id"]: r for r in rows_of(cls.tables, "ohrm_reviewer")}
        kpis = {k["id"]: k for k in rows_of(cls.tables, "ohrm_kpi")}
        cls.scope = []  # (row number, rating, review, reviewer, kpi) in ORDER BY rating id
        for rt in sorted(rows_of(cls.tables, "ohrm_reviewer_rating"), key=lambda r: r["id"]):
            rv, rw = reviews[rt["review_id"]], reviewers[rt["reviewer_id"]]
            if rv["status_id"] == 4 and rw["status"] == 3 and rw["reviewer_group_id"] == 1:
                cls.scope.append((len(cls.scope) + 1, rt, rv, rw, kpis[rt["kpi_id"]]))

    def test_loaded(self):
        got = self.servers.mariadb_run(DATABASE, "SELECT COUNT(*) FROM ohrm_reviewer_rating;")
        self.assertEqual(int(got), len(self.tables["ohrm_reviewer_rating"][1]))

    def test_check_reports_rejects_and_absent_records(self):
        p = common.run_icm(ICM, ["check", "--source", self.source, "--profile", PROFILE], 3)
        for record in ABSENT:
            self.assertIn(f"  {record}: not in this profile (absent)", p.stdout)
        for reason in ("unknown_unit", "score_out_of_range", "bad_scale", "null_required"):
            self.assertIn(reason, p.stdout)
        self.assertNotIn(self.servers.password, p.stdout + p.stderr)

    def test_every_row_accounted_for(self):
        for record in ABSENT:
            self.assertFalse(self.acc[record]["present"], record)
            self.assertEqual(self.acc[record]["read"], 0, record)
        for record, a in self.acc.items():
            if a["present"]:
                self.assertEqual(a["read"], a["accepted"] + a["rejected"], record)
                self.assertEqual(a["rejected"], sum(r["rejected"] for r in a["reasons"].values()), record)

    def test_units_all_accepted(self):
        a = self.acc["unit"]
        self.assertEqual((a["read"], a["accepted"], a["rejected"]), (len(fixture.SUBUNITS), len(fixture.SUBUNITS), 0))

    def test_employees(self):
        employees = self.tables["hs_hr_employee"][1]
        a = self.acc["employee"]
        self.assertEqual((a["read"], a["accepted"], a["rejected"]), (len(employees), len(employees) - 1, 1))
        bad = a["reasons"]["unknown_unit"]
        n = self.planted["missing_subunit_employee"]
        self.assertEqual(bad["rejected"], 1)
        self.assertEqual(bad["example_row"], n)          # ORDER BY emp_number, numbers 1..62
        self.assertEqual((bad["example_column"], bad["example_value"]), ("unit_id", "99"))

    def test_reviews_accounting(self):
        a = self.acc["review"]
        teamwork = [s for s in self.scope if s[4]["max_rating"] <= s[4]["min_rating"]]
        self.assertGreater(len(teamwork), 0)
        expected = {"score_out_of_range": [s for s in self.scope if s[1]["id"] == self.planted["out_of_range_rating"]],
                    "null_required": [s for s in self.scope if s[1]["id"] == self.planted["null_rating"]],
                    "bad_scale": teamwork}
        self.assertEqual(a["read"], len(self.scope))
        self.assertEqual(a["rejected"], sum(len(v) for v in expected.values()))
        self.assertEqual(set(a["reasons"]), set(expected))
        for reason, rows in expected.items():
            got = a["reasons"][reason]
            self.assertEqual(got["rejected"], len(rows), reason)
            self.assertEqual(got["example_row"], rows[0][0], reason)
        self.assertEqual(float(a["reasons"]["score_out_of_range"]["example_value"]), 7.0)

    def test_units_tree_from_nested_set(self):
        rows = rows_of(self.tables, "ohrm_subunit")
        expected = {}
        for s in rows:
            enclosing = [p for p in rows if p["lft"] < s["lft"] and p["rgt"] > s["rgt"]]
            parent = max(enclosing, key=lambda p: p["lft"])["id"] if enclosing else None
            expected[str(s["id"])] = (s["name"], None if parent is None else str(parent),
                                      "department" if s["level"] <= 1 else "team", True)
        got = {u["unit_id"]: (u["name"], u["parent_id"], u["kind"], u["active"]) for u in self.data["units"]}
        self.assertEqual(got, expected)
        # And the nested set says what the generator's parent list says.
        self.assertEqual({k: v[1] for k, v in expected.items()},
                         {str(i): None if p is None else str(p) for i, _, _, p in fixture.SUBUNITS})

    def test_appraisal_scores_rescaled_to_100(self):
        cells, counts = {}, {}
        bad = {self.planted["out_of_range_rating"], self.planted["null_rating"]}
        for _, rt, rv, _, kpi in self.scope:
            if rt["id"] in bad or kpi["max_rating"] <= kpi["min_rating"]:
                continue
            key = (rv["work_period_end"][:4], f"E{rv['employee_number']}")
            counts[key] = counts.get(key, 0) + 1
            crit = CRITERIA.get(kpi["kpi_indicators"].strip().lower())
            if crit:
                points = common.scale_to_100(float(rt["rating"]), kpi["min_rating"], kpi["max_rating"])
                cells.setdefault(key, {}).setdefault(crit, []).append(points)
        expected = {}
        for key in counts:
            ach = {c: (sum(v) / len(v) if v else None)
                   for c in WEIGHTS for v in [cells.get(key, {}).get(c, [])]}
            wsum = sum(WEIGHTS[c] for c in WEIGHTS if ach[c] is not None)
            total = (sum(WEIGHTS[c] * ach[c] for c in WEIGHTS if ach[c] is not None) / wsum) if wsum else None
            expected[key] = (ach, total, counts[key])
        by_period = {}
        for (period, subject), (_, total, _) in expected.items():
            by_period.setdefault(period, {})[subject] = total
        ranks = {(p, s): r for p, t in by_period.items() for s, r in common.competition_ranks(t).items()}

        got = {(r["period"], r["subject_id"]): r for r in self.data["appraisal"]}
        self.assertEqual(set(got), set(expected))
        self.assertEqual(set(p for p, _ in got), {"2023", "2024"})
        for key, (ach, total, n) in expected.items():
            row = got[key]
            for c, v in ach.items():
                if v is None:
                    self.assertIsNone(row[c], (key, c))
                else:
                    self.assertAlmostEqual(row[c], v, places=6, msg=(key, c))
            self.assertEqual(row["reviews"], n, key)
            if total is None:
                self.assertIsNone(row["total"], key)
                continue
            self.assertAlmostEqual(row["total"], total, places=6, msg=key)
            self.assertEqual(row["rank"], ranks[key], key)
            self.assertEqual(row["band"], next(b for b, lo in BANDS if total >= lo), key)
        # The job-title-3 employee: Teamwork (0-0 scale) rejected, service quality alone counts.
        e20 = got[("2024", "E20")]
        self.assertIsNone(e20["business_knowledge"])
        self.assertIsNotNone(e20["service_quality"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
