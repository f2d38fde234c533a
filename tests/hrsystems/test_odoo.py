#!/usr/bin/env python3
"""profiles/odoo against an Odoo 17/18 schema subset (hr, survey, OCA helpdesk_mgmt) on the
test PostgreSQL server.

Usage: test_odoo.py ICM_BINARY SERVERS_DIR PROFILE_DIR

Loads odoo_schema.sql and the rows of odoo_fixture.py into a database of its own (icm_odoo),
then checks `icm check` accounting and `icm tables` values, recomputed here from the fixture
rows (department tree and JSONB names, satisfaction index per provider, complaint counts).
"""
import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hrsystems_common as common  # noqa: E402
import odoo_fixture as fixture  # noqa: E402

ICM, SERVERS_DIR, PROFILE = sys.argv[1:4]
del sys.argv[1:4]
DATABASE = "icm_odoo"
ABSENT = ("relation", "follow_up", "review", "kpi")
MIN_GROUP = 5  # settings default


def rows_of(tables, name):
    cols, rows = tables[name]
    return [dict(zip(cols, r)) for r in rows]


def quarter(ts):
    return f"{ts[:4]}-Q{(int(ts[5:7]) - 1) // 3 + 1}"


class OdooProfile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.servers = common.Servers(SERVERS_DIR)
        cls.tables, cls.planted = fixture.generate()
        cls.servers.pg_create(DATABASE)
        with open(os.path.join(HERE, "odoo_schema.sql"), encoding="utf-8") as f:
            ddl = f.read()
        cls.servers.pg_run(DATABASE, "SET client_min_messages = warning;\n" + ddl + fixture.insert_sql(cls.tables))
        cls.source = cls.servers.pg_connection(DATABASE)
        cls.data = common.tables_json(ICM, cls.source, PROFILE, "data_quality", "units", "satisfaction",
                                      "complaints")
        cls.acc = common.accounting(cls.data["data_quality"])
        t = cls.tables
        cls.deps = rows_of(t, "hr_department")
        cls.emps = rows_of(t, "hr_employee")
        dep_en = {d["id"]: json.loads(d["name"]).get("en_US") for d in cls.deps}
        by_contact = {e["work_contact_id"]: e for e in cls.emps}
        by_mail = {e["work_email"].lower(): e for e in cls.emps}

        def dept_of(partner, email):
            e = by_contact.get(partner) if partner is not None else by_mail.get((email or "").lower())
            return e["department_id"] if e else None

        # Survey rows in scope, in line-id order, with what icm must make of them.
        surveys = {s["id"]: json.loads(s["title"])["en_US"] for s in rows_of(t, "survey_survey")}
        questions = {q["id"]: q for q in rows_of(t, "survey_question")}
        answers = {a["id"]: a for a in rows_of(t, "survey_question_answer")}
        inputs = {i["id"]: i for i in rows_of(t, "survey_user_input")}
        scale = {}
        for a in answers.values():
            lo, hi = scale.get(a["question_id"], (a["answer_score"], a["answer_score"]))
            scale[a["question_id"]] = (min(lo, a["answer_score"]), max(hi, a["answer_score"]))
        dims = {title: dim for title, _, dim in fixture.QUESTIONS}
        cls.responses = []  # (row, reason or None, provider, customer, period, dimension, respondent, points)
        for l in sorted(rows_of(t, "survey_user_input_line"), key=lambda l: l["id"]):
            ui, q = inputs[l["user_input_id"]], questions[l["question_id"]]
            if ui["state"] != "done" or ui["test_entry"] or l["skipped"] or \
                    q["question_type"] not in ("simple_choice", "numerical_box"):
                continue
            provider = next((i for i, en in dep_en.items() if en == surveys[ui["survey_id"]]), None)
            customer = dept_of(ui["partner_id"], ui["email"])
            if q["question_type"] == "simple_choice":
                score, (lo, hi) = answers[l["suggested_answer_id"]]["answer_score"], scale[q["id"]]
            else:
                score, lo, hi = l["value_numerical_box"], q["validation_min_float_value"], q["validation_max_float_value"]
            reason = ("null_required" if provider is None or customer is None else
                      "non_integer_score" if score != int(score) else
                      "score_out_of_range" if not lo <= score <= hi else None)
            respondent = f"partner:{ui['partner_id']}" if ui["partner_id"] else f"email:{ui['email'].lower()}"
            cls.responses.append((len(cls.responses) + 1, reason, provider, customer, quarter(ui["create_date"]),
                                  dims[json.loads(q["title"])["en_US"]], respondent,
                                  None if reason else (score - lo) / (hi - lo) * 100))
        # Tickets in scope (active), in id order.
        stages = {s["id"]: s for s in rows_of(t, "helpdesk_ticket_stage")}
        leaders = {e["user_id"]: e["department_id"] for e in cls.emps if e["user_id"]}
        teams = {tm["id"]: leaders.get(tm["user_id"]) for tm in rows_of(t, "helpdesk_ticket_team")}
        cls.tickets = []  # (row, number, reason, against, quarter, resolved)
        for tk in sorted(rows_of(t, "helpdesk_ticket"), key=lambda r: r["id"]):
            if not tk["active"]:
                continue
            frm, against = dept_of(tk["partner_id"], tk["partner_email"]), teams[tk["team_id"]]
            resolved = tk["closed_date"] if stages[tk["stage_id"]]["closed"] else None
            reason = ("null_required" if frm is None or against is None else
                      "time_order" if (tk["assigned_date"] and tk["assigned_date"] < tk["create_date"]) or
                      (resolved and resolved < tk["create_date"]) else None)
            cls.tickets.append((len(cls.tickets) + 1, tk["number"], reason, against, quarter(tk["create_date"]),
                                resolved is not None))

    def test_check_reports_rejects_and_absent_records(self):
        p = common.run_icm(ICM, ["check", "--source", self.source, "--profile", PROFILE], 3)
        for record in ABSENT:
            self.assertIn(f"  {record}: not in this profile (absent)", p.stdout)
        for reason in ("null_required", "score_out_of_range", "non_integer_score", "time_order"):
            self.assertIn(reason, p.stdout)
        self.assertNotIn(self.servers.password, p.stdout + p.stderr)

    def test_pushdown_equals_row_by_row(self):
        # Odoo's real column types: integer ids and department keys, float scores and scales,
        # TIMESTAMP answers, text respondents built in SQL (docs/pushdown.md).
        rows = common.run_icm(ICM, ["check", "--source", self.source, "--profile", PROFILE], 3).stdout
        push = common.run_icm(ICM, ["check", "--source", self.source, "--profile", PROFILE, "--pushdown"], 3).stdout
        m = re.search(r"pushdown: (\d+) rows summarised by the database in (\d+) groups, (\d+) rows checked", push)
        self.assertTrue(m, push)
        self.assertGreater(int(m.group(1)), int(m.group(3)), "most answers are summarised by the database")
        self.assertEqual([l for l in push.splitlines() if "summarised by the database" not in l], rows.splitlines())
        p = common.run_icm(ICM, ["tables", "--source", self.source, "--profile", PROFILE, "--format", "json",
                                 "--pushdown"], 0)
        self.assertEqual(json.loads(p.stdout), common.tables_json(ICM, self.source, PROFILE))

    def test_every_row_accounted_for(self):
        for record in ABSENT:
            self.assertFalse(self.acc[record]["present"], record)
        for record, a in self.acc.items():
            if a["present"]:
                self.assertEqual(a["read"], a["accepted"] + a["rejected"], record)
                self.assertEqual(a["rejected"], sum(r["rejected"] for r in a["reasons"].values()), record)

    def test_units_tree_and_jsonb_names(self):
        expected = {}
        for d in self.deps:
            names = json.loads(d["name"])
            depth = d["parent_path"].count("/")
            expected[str(d["id"])] = (names.get("en_US") or names.get("zh_CN"),
                                      None if d["parent_id"] is None else str(d["parent_id"]),
                                      "department" if depth <= 2 else "team", d["active"])
        got = {u["unit_id"]: (u["name"], u["parent_id"], u["kind"], u["active"]) for u in self.data["units"]}
        self.assertEqual(got, expected)
        self.assertEqual(got["10"][0], "行政部")     # only a zh_CN name
        self.assertFalse(got["9"][3])               # archived department

    def test_employees(self):
        a = self.acc["employee"]
        self.assertEqual((a["read"], a["accepted"], a["rejected"]), (len(self.emps), len(self.emps) - 1, 1))
        bad = a["reasons"]["null_required"]
        self.assertEqual((bad["example_row"], bad["example_column"]), (self.planted["no_department_employee"], "unit_id"))

    def test_survey_accounting(self):
        a = self.acc["survey_response"]
        self.assertEqual(a["read"], len(self.responses))
        expected = {}
        for r in self.responses:
            if r[1]:
                expected.setdefault(r[1], []).append(r[0])
        self.assertEqual(a["rejected"], sum(len(v) for v in expected.values()))
        self.assertEqual(set(a["reasons"]), set(expected))
        for reason, rows in expected.items():
            self.assertEqual(a["reasons"][reason]["rejected"], len(rows), reason)
            self.assertEqual(a["reasons"][reason]["example_row"], rows[0], reason)
        self.assertEqual(len(expected["score_out_of_range"]), 1)
        self.assertEqual(len(expected["non_integer_score"]), 1)

    def test_satisfaction_index_per_provider(self):
        groups = {}
        for _, reason, provider, _, period, dim, respondent, points in self.responses:
            if reason is None:
                g = groups.setdefault((str(provider), period, dim), ([], set()))
                g[0].append(points)
                g[1].add(respondent)
        got = {(r["provider_id"], r["period"], r["dimension"]): r
               for r in self.data["satisfaction"] if r["customer_id"] is None}
        self.assertEqual(set(got), set(groups))
        shown = 0
        for key, (points, people) in groups.items():
            row = got[key]
            if len(people) < MIN_GROUP:
                self.assertTrue(row["suppressed"], key)
                continue
            shown += 1
            self.assertFalse(row["suppressed"], key)
            self.assertEqual(row["n"], len(points), key)
            self.assertEqual(row["respondents"], len(people), key)
            self.assertAlmostEqual(row["index"], sum(points) / len(points), places=6, msg=key)
        self.assertGreaterEqual(shown, 20)

    def test_complaints(self):
        a = self.acc["complaint"]
        self.assertEqual(a["read"], len(self.tickets))
        rejects = {}
        for row, number, reason, *_ in self.tickets:
            if reason:
                rejects.setdefault(reason, []).append(number)
        self.assertEqual({k: len(v) for k, v in rejects.items()},
                         {k: r["rejected"] for k, r in a["reasons"].items()})
        self.assertEqual(sorted(rejects["null_required"]),
                         sorted([self.planted["leaderless_ticket"], self.planted["outsider_ticket"]]))
        self.assertEqual(rejects["time_order"], [self.planted["early_ack_ticket"]])
        groups = {}
        for _, _, reason, against, q, resolved in self.tickets:
            if reason is None:
                g = groups.setdefault((str(against), q), [0, 0])
                g[0] += 1
                g[1] += resolved
        got = {(r["unit_id"], r["period"]): r for r in self.data["complaints"] if r["unit_id"] != "*"}
        self.assertEqual(set(got), set(groups))
        for key, (n, resolved) in groups.items():
            self.assertEqual(got[key]["complaints"], n, key)
            self.assertAlmostEqual(got[key]["resolved_pct"], 100.0 * resolved / n, places=6, msg=key)


if __name__ == "__main__":
    unittest.main(verbosity=2)
