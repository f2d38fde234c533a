#!/usr/bin/env python3
"""The worked example of docs/profiles.md ("Writing a profile for your own HR schema") works.

Takes the guide's two `-- acme:` SQL blocks as they are written, puts them in a fresh profile,
builds the small `acme` database the guide describes and runs `icm check` and `icm tables` on it
through the sqliteodbc driver. Usage: guide_test.py ICM_BINARY DOCS_PROFILES_MD
"""
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

icm, guide = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```sql\n(-- acme: (\w+)\(.*?)```", open(guide, encoding="utf-8").read(), re.S)
files = {"org": "unit.sql", "answers": "survey_response.sql"}
assert sorted(name for _, name in blocks) == ["answers", "org"], f"guide blocks: {blocks}"

with tempfile.TemporaryDirectory() as d:
    profile = os.path.join(d, "acme")
    os.mkdir(profile)
    for sql, name in blocks:
        open(os.path.join(profile, files[name]), "w", encoding="utf-8").write(sql)
    db = os.path.join(d, "acme.db")
    c = sqlite3.connect(db)
    c.executescript("""
        CREATE TABLE org(code TEXT, title TEXT, path TEXT, closed TEXT);
        INSERT INTO org VALUES ('HQ','Head office','/HQ/',NULL), ('SAL','Sales','/HQ/SAL/',NULL),
          ('SAL-T1','Sales team 1','/HQ/SAL/SAL-T1/',NULL), ('OLD','Old dept','/HQ/OLD/','2020-01-01');
        CREATE TABLE staff(id TEXT, dept TEXT);
        CREATE TABLE waves(id INTEGER, label TEXT);
        CREATE TABLE questions(code TEXT, dimension TEXT);
        CREATE TABLE answers(id INTEGER, person TEXT, about_dept TEXT, wave INTEGER, question TEXT,
                             answer TEXT, at TEXT);
        INSERT INTO waves VALUES (1, '2025-Q1');
        INSERT INTO questions VALUES ('q1', 'overall');
    """)
    for i in range(1, 7):
        c.execute("INSERT INTO staff VALUES (?, 'SAL-T1')", (f"p{i}",))
        c.execute("INSERT INTO answers VALUES (?, ?, 'HQ', 1, 'q1', ?, '2025-01-03 10:00:00')",
                  (i, f"p{i}", f"{1 + i % 5}/5"))
    c.execute("INSERT INTO answers VALUES (7, 'p1', 'HQ', 1, 'q1', '7/5', '2025-01-03 10:00:00')")
    c.execute("INSERT INTO answers VALUES (8, 'p99', 'HQ', 1, 'q1', '3/5', '2025-01-03 10:00:00')")
    c.commit()
    c.close()

    check = subprocess.run([icm, "check", "--db", db, "--profile", profile], capture_output=True, text=True)
    print(check.stdout, check.stderr)
    assert check.returncode == 3, f"expected exit 3 (rows rejected), got {check.returncode}"
    assert "unit: 4 read, 4 accepted, 0 rejected" in check.stdout
    assert "survey_response: 8 read, 6 accepted, 2 rejected" in check.stdout
    assert "score_out_of_range: 1" in check.stdout   # '7/5'
    assert "null_required: 1" in check.stdout        # p99 is not on the staff list: no customer

    out = subprocess.run([icm, "tables", "--db", db, "--profile", profile, "--format", "json",
                          "units", "satisfaction"], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    parents = {u["unit_id"]: u["parent_id"] for u in data["units"]}
    assert parents == {"HQ": None, "SAL": "HQ", "SAL-T1": "SAL", "OLD": "HQ"}, parents
    kinds = {u["unit_id"]: u["kind"] for u in data["units"]}
    assert kinds["SAL-T1"] == "team" and kinds["SAL"] == "department", kinds
    row = next(r for r in data["satisfaction"] if r["customer_id"] == "SAL-T1")
    scores = [1 + i % 5 for i in range(1, 7)]  # the six valid answers
    assert row["n"] == 6 and row["respondents"] == 6, row
    assert abs(row["mean"] - sum(scores) / 6) < 1e-12, row
print("the guide's example works")
