#!/usr/bin/env python3
"""Deterministic OrangeHRM 5.x fixture rows (stdlib only).

    orangehrm_fixture.py [SEED] > rows.sql     INSERT statements for orangehrm_schema.sql

`generate(seed)` returns {table: (columns, rows)} plus the planted bad rows, so the test can
recompute every expected value from the same rows without looking at icm's output.

A company of 11 subunits stored as OrangeHRM stores them, a nested set (lft/rgt/level) built
from a parent list by a depth-first walk; 62 employees; yearly performance reviews (2023 and
2024) with a Supervisor and a self (Employee) reviewer, rated per KPI on each KPI's own scale.

Planted bad rows (what icm must reject, and why):
  hs_hr_employee emp 61   work_station 99 (a subunit that was deleted)      unknown_unit
  rating of a 1-5 KPI     rating 7.00                                        score_out_of_range
  rating of KPI 'Teamwork 团队合作' min 0 max 0 (OrangeHRM's column default)  bad_scale
  rating left empty       rating NULL                                        null_required
"""
import random
import sys

# id, code, name, parent id
SUBUNITS = [
    (1, "ORG", "示例集团 Example Group", None),
    (2, "HR", "人力资源部 Human Resources", 1),
    (3, "HR-REC", "招聘组 Recruitment", 2),
    (4, "FIN", "财务部 Finance", 1),
    (5, "IT", "信息技术部 IT", 1),
    (6, "IT-INF", "基础设施组 Infrastructure", 5),
    (7, "IT-APP", "应用开发组 Applications", 5),
    (8, "SAL", "销售部 Sales", 1),
    (9, "SAL-E", "华东销售组 Sales East", 8),
    (10, "SAL-S", "华南销售组 Sales South", 8),
    (11, "CS", "客户服务部 Customer Service", 1),
]

# id, job title, text, min, max
KPIS = [
    (1, 1, "Service quality 服务质量", 1, 5),
    (2, 1, "Business knowledge 业务知识", 1, 5),
    (3, 1, "Work attitude 工作态度", 0, 10),
    (4, 1, "Punctuality 出勤", 1, 5),            # not mapped to an icm criterion
    (5, 2, "Service Quality", 0, 100),          # same criterion, another scale and spelling
    (6, 2, "Business knowledge", 0, 100),
    (7, 2, "Work attitude", 1, 10),
    (8, 3, "Teamwork 团队合作", 0, 0),            # min = max = 0: OrangeHRM's default, unusable
    (9, 3, "Service quality 服务质量", 1, 5),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞"]
LATIN = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Iris", "Jack"]


def nested_set(subunits):
    children = {}
    for sid, _, _, parent in subunits:
        children.setdefault(parent, []).append(sid)
    out, counter = {}, [0]

    def walk(sid, level):
        counter[0] += 1
        lft = counter[0]
        for c in children.get(sid, []):
            walk(c, level + 1)
        counter[0] += 1
        out[sid] = (lft, counter[0], level)

    for root in children[None]:
        walk(root, 0)
    return out


def generate(seed=20240):
    rnd = random.Random(seed)
    ns = nested_set(SUBUNITS)
    subunit_rows = [(sid, name, code, None, *ns[sid]) for sid, code, name, _ in SUBUNITS]

    employees = []
    workplaces = [s[0] for s in SUBUNITS if s[0] != 1]
    for n in range(1, 61):
        if rnd.random() < 0.5:
            first, last = rnd.choice(GIVEN) + rnd.choice(GIVEN), rnd.choice(SURNAMES)
        else:
            first, last = rnd.choice(LATIN), rnd.choice(SURNAMES)
        station = rnd.choice(workplaces)
        if n in (13, 47):
            station = None                       # not assigned: belongs to the organization
        job = 3 if n == 20 else (1 if n % 3 else 2)
        joined = f"{rnd.randint(2012, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        termination = n if n % 11 == 0 else None  # 5 terminated
        purged = "2024-06-30 10:00:00" if n == 55 else None
        if purged:
            first, last, termination = "Purged", "Employee", 55
        employees.append((n, f"{n:04d}", last, first, "", job, station, joined, termination, purged))
    employees.append((61, "0061", "孙", "小明", "", 1, 99, "2021-03-15", None, None))  # planted
    employees.append((62, None, "Lee", "Grace", "", 1, 9, None, None, None))  # no joined date: fine

    kpi_rows = [(k, job, text, lo, hi, 0, None) for k, job, text, lo, hi in KPIS]
    groups = [(1, "Supervisor", 1), (2, "Employee", 2)]
    reviews, reviewers, ratings = [], [], []
    rid = vid = rtid = 0
    for year in (2023, 2024):
        for e in employees:
            n, job, station, term = e[0], e[5], e[6], e[8]
            if n != 20 and (term is not None or n == 61 or rnd.random() < 0.15):
                continue
            rid += 1
            status = 4 if n == 20 or rnd.random() < 0.85 else rnd.choice((2, 3))
            supervisor = rnd.choice([x[0] for x in employees if x[0] != n and x[8] is None])
            reviews.append((rid, status, n, f"{year}-01-01", f"{year}-12-31", job, station,
                            f"{year + 1}-01-31", f"{year + 1}-01-20" if status == 4 else None,
                            f"{year}-12-01 09:00:00", None, None))
            quality = rnd.uniform(0.35, 0.95)
            for group, who in ((1, supervisor), (2, n)):
                vid += 1
                done = status == 4 or (group == 2 and status == 3)
                reviewers.append((vid, rid, who, 3 if done else 2, group,
                                  f"{year + 1}-01-{15 + group:02d} 10:00:00" if done else None, None))
                if not done:
                    continue
                for k, kjob, text, lo, hi in KPIS:
                    if kjob != job:
                        continue
                    if hi > lo:
                        x = min(1.0, max(0.0, rnd.gauss(quality + (0.08 if group == 2 else 0), 0.15)))
                        value = round(lo + x * (hi - lo))
                    else:
                        value = rnd.randint(1, 5)
                    rtid += 1
                    ratings.append([rtid, f"{value:.2f}", k, rid, vid, None])

    # Planted: a supervisor rating above its KPI's maximum, and one left empty.
    sup_ratings = [r for r in ratings
                   if reviewers[r[4] - 1][4] == 1 and reviews[r[3] - 1][1] == 4 and r[2] == 1]
    sup_ratings[3][1] = "7.00"
    sup_ratings[9][1] = None
    ratings = [tuple(r) for r in ratings]

    tables = {
        "ohrm_subunit": (("id", "name", "unit_id", "description", "lft", "rgt", "level"), subunit_rows),
        "hs_hr_employee": (("emp_number", "employee_id", "emp_lastname", "emp_firstname",
                            "emp_middle_name", "job_title_code", "work_station", "joined_date",
                            "termination_id", "purged_at"), employees),
        "ohrm_kpi": (("id", "job_title_code", "kpi_indicators", "min_rating", "max_rating",
                      "default_kpi", "deleted_at"), kpi_rows),
        "ohrm_reviewer_group": (("id", "name", "piority"), groups),
        "ohrm_performance_review": (("id", "status_id", "employee_number", "work_period_start",
                                     "work_period_end", "job_title_code", "department_id",
                                     "due_date", "completed_date", "activated_date",
                                     "final_comment", "final_rate"), reviews),
        "ohrm_reviewer": (("id", "review_id", "employee_number", "status", "reviewer_group_id",
                           "completed_date", "comment"), reviewers),
        "ohrm_reviewer_rating": (("id", "rating", "kpi_id", "review_id", "reviewer_id", "comment"),
                                 ratings),
    }
    planted = {"out_of_range_rating": sup_ratings[3][0], "null_rating": sup_ratings[9][0],
               "missing_subunit_employee": 61}
    return tables, planted


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, (int, float)):
        return str(v)
    return "'" + str(v).replace("\\", "\\\\").replace("'", "''") + "'"


def insert_sql(tables):
    out = ["SET NAMES utf8mb4;"]
    for table, (cols, rows) in tables.items():
        for i in range(0, len(rows), 200):
            values = ",\n  ".join("(" + ", ".join(literal(v) for v in r) + ")" for r in rows[i:i + 200])
            out.append(f"INSERT INTO {table} ({', '.join(cols)}) VALUES\n  {values};")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(insert_sql(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20240)[0]))
