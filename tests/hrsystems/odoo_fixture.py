#!/usr/bin/env python3
"""Deterministic Odoo 17/18 fixture rows (stdlib only).

    odoo_fixture.py [SEED] > rows.sql     INSERT statements for odoo_schema.sql

`generate(seed)` returns {table: (columns, rows)} plus the planted bad rows. A company of 10
departments (JSONB names in en_US and zh_CN), 60 employees with work contacts, one internal
satisfaction survey per serving department (title = the department's English name) answered
in 2024-Q1 and 2024-Q2, and OCA helpdesk tickets to three teams.

Planted bad rows:
  hr_employee 60            department_id NULL                         null_required
  survey 'Canteen' lines     no department is called 'Canteen' (4 inputs) null_required (provider_id)
  one anonymous input        no partner, email of nobody                null_required (customer_id)
  one numerical answer 12    above the question's 0-10 validation range score_out_of_range
  one numerical answer 7.5   not a whole number                         non_integer_score
  ticket from an outsider    partner of no employee                     null_required (from_unit_id)
  ticket to 'Facilities'     the team has no leader                     null_required (against_unit_id)
  ticket assigned before it was created                                 time_order
"""
import json
import random
import sys

# id, en_US, zh_CN, parent
DEPARTMENTS = [
    (1, "Management", "总经办", None),
    (2, "Human Resources", "人力资源部", 1),
    (3, "Finance", "财务部", 1),
    (4, "IT", "信息技术部", 1),
    (5, "IT Support", "IT支持组", 4),
    (6, "Sales", "销售部", 1),
    (7, "Sales North", "北区销售组", 6),
    (8, "Sales South", "南区销售组", 6),
    (9, "Logistics", "物流部", 1),
    (10, None, "行政部", 1),          # created in a Chinese UI: only zh_CN
]
PROVIDERS = {"IT": 4, "Human Resources": 2, "Finance": 3}
QUESTIONS = [  # title, type, dimension
    ("Service quality", "simple_choice", "service_quality"),
    ("Attitude", "simple_choice", "attitude"),
    ("Response speed", "simple_choice", "efficiency"),
    ("Overall satisfaction", "numerical_box", "overall"),
    ("Comments", "text_box", None),
]
LABELS = [("Very poor", "很差"), ("Poor", "差"), ("Fair", "一般"), ("Good", "好"), ("Excellent", "很好")]


def jname(en, zh):
    d = {}
    if en:
        d["en_US"] = en
    if zh:
        d["zh_CN"] = zh
    return json.dumps(d, ensure_ascii=False)


def parent_path(dep_id):
    parents = {d[0]: d[3] for d in DEPARTMENTS}
    chain = []
    while dep_id is not None:
        chain.append(str(dep_id))
        dep_id = parents[dep_id]
    return "/".join(reversed(chain)) + "/"


def generate(seed=16017):
    rnd = random.Random(seed)
    # Logistics (9) is archived: kept, inactive.
    deps = [(i, jname(en, zh), None, i != 9, 1, p, parent_path(i), None, "2020-01-01 08:00:00")
            for i, en, zh, p in DEPARTMENTS]

    employees = []
    homes = [d[0] for d in DEPARTMENTS if d[0] != 1]
    for i in range(1, 61):
        dep = homes[(i - 1) % len(homes)] if i <= 45 else rnd.choice(homes)
        if i == 60:
            dep = None                                  # planted: no department
        active = i % 17 != 0
        employees.append((i, f"Employee {i:02d} 员工{i:02d}", active, 1, dep, 100 + i if i <= 12 else None,
                          1000 + i, f"emp{i:02d}@example.com",
                          f"{rnd.randint(2015, 2023)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} 09:00:00"))

    surveys, questions, answers, inputs, lines = [], [], [], [], []
    qid = aid = uid = lid = 0
    titles = list(PROVIDERS) + ["Canteen"]
    plan = {}  # survey id -> list of (question id, type, answer ids with scores)
    for sid, title in enumerate(titles, start=1):
        surveys.append((sid, jname(title, {"IT": "IT服务", "Human Resources": "人力资源服务",
                                           "Finance": "财务服务", "Canteen": "食堂"}[title]),
                        True, "no_scoring", "2023-12-15 08:00:00"))
        qid += 1
        questions.append((qid, sid, 0, jname("Your experience", "您的体验"), True, None, False, None, None))
        plan[sid] = []
        for seq, (qt, qtype, _) in enumerate(QUESTIONS, start=1):
            qid += 1
            vmin, vmax = (0.0, 10.0) if qtype == "numerical_box" else (None, None)
            questions.append((qid, sid, seq, jname(qt, None), False, qtype, qtype == "numerical_box", vmin, vmax))
            opts = []
            if qtype == "simple_choice":
                for k, (en, zh) in enumerate(LABELS, start=1):
                    aid += 1
                    answers.append((aid, qid, None, k, jname(en, zh), False, float(k)))
                    opts.append((aid, k))
            plan[sid].append((qid, qtype, opts))

    bias = {1: 0.7, 2: 0.55, 3: 0.8, 4: 0.5}
    for sid in plan:
        for quarter, month in ((1, 2), (2, 5)):
            respondents = rnd.sample([e for e in employees if e[4] is not None], 30 if sid in (1, 2, 3) else 2)
            for e in respondents:
                uid += 1
                state = "done" if rnd.random() < 0.9 else "in_progress"
                created = f"2024-{month:02d}-{rnd.randint(1, 28):02d} {rnd.randint(8, 17):02d}:{rnd.randint(0, 59):02d}:00"
                inputs.append((uid, sid, state, e[6], e[7], False, created))
                for q, qtype, opts in plan[sid]:
                    lid += 1
                    skipped = rnd.random() < 0.05
                    x = min(1.0, max(0.0, rnd.gauss(bias[sid], 0.2)))
                    row = dict(id=lid, user_input_id=uid, survey_id=sid, question_id=q, skipped=skipped,
                               answer_type=None, value_char_box=None, value_numerical_box=None,
                               value_text_box=None, suggested_answer_id=None, matrix_row_id=None,
                               answer_score=0.0, answer_is_correct=False, create_date=created)
                    if not skipped:
                        if qtype == "simple_choice":
                            a, score = opts[round(x * 4)]
                            row.update(answer_type="suggestion", suggested_answer_id=a, answer_score=float(score))
                        elif qtype == "numerical_box":
                            row.update(answer_type="numerical_box", value_numerical_box=float(round(x * 10)))
                        else:
                            row.update(answer_type="text_box", value_text_box="还可以 OK")
                    lines.append(row)
    # A test entry and an anonymous respondent, both on the IT survey in 2024-Q2.
    for test_entry, partner, email in ((True, 1001, "emp01@example.com"), (False, None, "visitor@example.org")):
        uid += 1
        inputs.append((uid, 1, "done", partner, email, test_entry, "2024-05-20 10:00:00"))
        for q, qtype, opts in plan[1]:
            lid += 1
            row = dict(id=lid, user_input_id=uid, survey_id=1, question_id=q, skipped=False,
                       answer_type=None, value_char_box=None, value_numerical_box=None,
                       value_text_box=None, suggested_answer_id=None, matrix_row_id=None,
                       answer_score=0.0, answer_is_correct=False, create_date="2024-05-20 10:05:00")
            if qtype == "simple_choice":
                row.update(answer_type="suggestion", suggested_answer_id=opts[3][0], answer_score=4.0)
            elif qtype == "numerical_box":
                row.update(answer_type="numerical_box", value_numerical_box=8.0)
            else:
                row.update(answer_type="text_box", value_text_box="-")
            lines.append(row)
    anonymous_input = uid
    # Planted numerical answers: 12 (out of 0-10) and 7.5, on done inputs of the Finance survey.
    num_q = [q for q, t, _ in plan[3] if t == "numerical_box"][0]
    done = {i[0] for i in inputs if i[2] == "done" and not i[5]}
    fin_lines = [l for l in lines if l["question_id"] == num_q and not l["skipped"] and l["user_input_id"] in done]
    fin_lines[2]["value_numerical_box"] = 12.0
    fin_lines[5]["value_numerical_box"] = 7.5
    line_cols = ("id", "user_input_id", "survey_id", "question_id", "skipped", "answer_type", "value_char_box",
                 "value_numerical_box", "value_text_box", "suggested_answer_id", "matrix_row_id",
                 "answer_score", "answer_is_correct", "create_date")
    line_rows = [tuple(l[c] for c in line_cols) for l in lines]

    # Helpdesk.
    teams = [(1, "IT Support", 104, True, 1), (2, "HR Services", 102, True, 1), (3, "Facilities", None, True, 1)]
    stages = [(1, jname("New", "新建"), 1, True, True, False), (2, jname("In Progress", "处理中"), 2, True, False, False),
              (3, jname("Done", "已完成"), 3, True, False, True), (4, jname("Cancelled", "已取消"), 4, True, False, True)]
    categories = [(1, jname("Hardware", "硬件"), True), (2, jname("Software", "软件"), True),
                  (3, jname("Payroll", "薪酬"), True)]
    tickets = []
    for n in range(1, 46):
        e = rnd.choice([x for x in employees if x[4] is not None])
        team = 1 if n % 3 else 2
        if n == 40:
            team = 3                                     # planted: team without leader
        day = rnd.randint(1, 28)
        month = rnd.choice((1, 2, 4, 5, 7))
        opened = f"2024-{month:02d}-{day:02d} {rnd.randint(8, 16):02d}:00:00"
        stage = rnd.choice((1, 2, 3, 3, 3, 4))
        ack_h = rnd.randint(1, 40)
        res_h = ack_h + rnd.randint(2, 120)
        def plus(h, base=opened):
            d0 = int(base[8:10]); hh = int(base[11:13]) + h
            return f"{base[:8]}{d0 + hh // 24:02d} {hh % 24:02d}:00:00" if d0 + hh // 24 <= 28 else f"{base[:5]}{int(base[5:7]) + 1:02d}-{(d0 + hh // 24) - 28:02d} {hh % 24:02d}:00:00"
        assigned = None if stage == 1 else plus(ack_h)
        closed = plus(res_h) if stage in (3, 4) else None
        partner, email = e[6], e[7]
        if n == 41:
            partner, email = 5555, "supplier@example.net"  # planted: not an employee
        if n == 42:
            assigned = f"{opened[:11]}07:00:00" if int(opened[11:13]) > 7 else assigned  # planted: before opened
        tickets.append((n, f"HT{n:05d}", f"Ticket {n}", "<p>…</p>", None, stage, partner, email, opened,
                        assigned, closed, rnd.choice((1, 2, 3)), team, rnd.choice("0123"), n != 44, opened))

    tables = {
        "hr_department": (("id", "name", "complete_name", "active", "company_id", "parent_id", "parent_path",
                           "manager_id", "create_date"), deps),
        "hr_employee": (("id", "name", "active", "company_id", "department_id", "user_id", "work_contact_id",
                         "work_email", "create_date"), employees),
        "survey_survey": (("id", "title", "active", "scoring_type", "create_date"), surveys),
        "survey_question": (("id", "survey_id", "sequence", "title", "is_page", "question_type",
                             "validation_required", "validation_min_float_value",
                             "validation_max_float_value"), questions),
        "survey_question_answer": (("id", "question_id", "matrix_question_id", "sequence", "value",
                                    "is_correct", "answer_score"), answers),
        "survey_user_input": (("id", "survey_id", "state", "partner_id", "email", "test_entry", "create_date"),
                              inputs),
        "survey_user_input_line": (line_cols, line_rows),
        "helpdesk_ticket_team": (("id", "name", "user_id", "active", "company_id"), teams),
        "helpdesk_ticket_stage": (("id", "name", "sequence", "active", "unattended", "closed"), stages),
        "helpdesk_ticket_category": (("id", "name", "active"), categories),
        "helpdesk_ticket": (("id", "number", "name", "description", "user_id", "stage_id", "partner_id",
                             "partner_email", "last_stage_update", "assigned_date", "closed_date",
                             "category_id", "team_id", "priority", "active", "create_date"), tickets),
    }
    planted = {"no_department_employee": 60, "anonymous_input": anonymous_input,
               "out_of_range_line": fin_lines[2]["id"], "non_integer_line": fin_lines[5]["id"],
               "outsider_ticket": "HT00041", "leaderless_ticket": "HT00040", "early_ack_ticket": "HT00042"}
    return tables, planted


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def insert_sql(tables):
    out = ["SET client_encoding = 'UTF8';"]
    for table, (cols, rows) in tables.items():
        for i in range(0, len(rows), 200):
            values = ",\n  ".join("(" + ", ".join(literal(v) for v in r) + ")" for r in rows[i:i + 200])
            out.append(f"INSERT INTO {table} ({', '.join(cols)}) VALUES\n  {values};")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(insert_sql(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 16017)[0]))
