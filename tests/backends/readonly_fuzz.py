#!/usr/bin/env python3
"""Fuzz of the profile gate against the servers' own parsers: whatever the gate accepts, each
database reads as at most one statement, and that statement does not write.

Texts are made (fixed seed) by inserting, deleting and replacing tokens of the smuggling corpus
(readonly_corpus.py) in its tricks and in a few plain queries. The gate's verdict and the SQL it
would hand the driver come from `icm_backends_odbc_probe --gate`. Every accepted SQL then goes,
outside icm, to:

- PostgreSQL: a PL/pgSQL cursor opened on it in a READ ONLY transaction and read to the end
  (the server's parser: 42P11 "multi-query" = several statements; 25006 = a write);
- MariaDB: PREPARE and EXECUTE in a READ ONLY transaction (a parse error right after a ';' =
  several statements; 1792/25006 = a write);
- SQLite: Python's sqlite3 on a mode=ro copy ("one statement at a time" = several statements,
  "readonly" = a write).

Errors of any other kind are fine (the gate is no SQL validator). Usage:
readonly_fuzz.py ODBC_PROBE SERVERS_DIR
"""
import os
import random
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, HERE)
from test_servers import read_env  # noqa: E402  (tools/test_servers.py)
from readonly_corpus import CORPUS  # noqa: E402

PROBE, DIR = sys.argv[1:3]
del sys.argv[1:3]
ENV = read_env(os.path.join(DIR, "servers.env"))

CASES = 2000
PIECES = ["SELECT", "WITH", " ", "\n", "\r", "\t", "1", "id", "name", "FROM", "dept_kpis", "departments", ",", "(",
          ")", "*", ";", "'", "''", '"', "`", "[", "]", "$", "$$", "$a$", "E'", "\\", "\\'", "\\\\", "--", "-- ",
          "#", "#>>", "/*", "*/", "/*!", "/*M!", ":period", "::text", "?", "DELETE FROM dept_kpis",
          "INSERT INTO dept_kpis VALUES (1)", "UPDATE dept_kpis SET value = 0", "ROLLBACK", "BEGIN READ WRITE",
          "COMMIT", "INTO", "AS x", "WHERE 1 = 1", "UNION SELECT 1", "x", "名", "é"]
PLAIN = ["SELECT id, name FROM departments", "SELECT 'a;b' AS x, value FROM dept_kpis WHERE 1 = 1",
         "WITH d AS (SELECT * FROM dept_kpis) SELECT count(*) AS n FROM d",
         "SELECT 1 AS id -- comment\nFROM dept_kpis", "SELECT /* c */ 2 AS id FROM departments",
         "SELECT value , value AS x FROM dept_kpis WHERE value > 1 UNION SELECT 1 , 2",
         "SELECT 'x' AS a , 'y' AS b , 3 AS c FROM departments WHERE 1 = 1"]


def mutations():
    rng = random.Random(20250307)
    seeds = PLAIN + [sql for _, sql, _ in CORPUS if "{tmp}" not in sql]
    out = []
    for _ in range(CASES):
        # Half from plain queries with few edits, so that many accepted texts are valid SQL the
        # servers really run; half from the tricks.
        plain = rng.random() < 0.5
        text = rng.choice(PLAIN if plain else seeds)
        for _ in range(rng.randint(1, 2 if plain else 4)):
            at = rng.randint(0, len(text))
            piece = rng.choice(PIECES)
            kind = rng.randrange(3)
            if kind == 0:
                text = text[:at] + piece + text[at:]
            elif kind == 1:
                text = text[:at] + text[at + rng.randint(1, 4):]
            else:
                text = text[:at] + piece + text[at + len(piece):]
        out.append(text)
    return out


def gate(texts):
    """[(accepted, sql or message)] for each text, from the real gate."""
    p = subprocess.run([PROBE, "--gate"], input="".join(t.encode().hex() + "\n" for t in texts),
                       capture_output=True, text=True, check=True, timeout=60)
    verdicts = []
    for line in p.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        verdicts.append((True, bytes.fromhex(rest).decode()) if kind == "ok" else (False, rest))
    assert len(verdicts) == len(texts), p.stdout[-500:]
    return verdicts


def placeholders_as_null(sql):
    """icm's '?' placeholders outside '…' and "…" read as NULL (as the PostgreSQL check does)."""
    out, quote = [], None
    for c in sql:
        if quote:
            quote = None if c == quote else quote
            out.append(c)
        elif c in "'\"":
            quote = c
            out.append(c)
        else:
            out.append("NULL" if c == "?" else c)
    return "".join(out)


def postgresql(sqls):
    """Per SQL: 'ok', 'multi', 'write' or 'error SQLSTATE'."""
    tag = "f" + secrets.token_hex(6)
    script = ["\\set VERBOSITY terse", "SET client_min_messages = notice;"]
    for n, sql in enumerate(sqls):
        inner = placeholders_as_null(sql)
        assert f"${tag}" not in inner
        script.append("BEGIN READ ONLY;")
        script.append(f"DO ${tag}d$ DECLARE c refcursor; BEGIN OPEN c FOR EXECUTE ${tag}q${inner}${tag}q$; "
                      f"MOVE FORWARD ALL IN c; CLOSE c; RAISE NOTICE 'case {n}: ok'; EXCEPTION WHEN OTHERS THEN "
                      f"RAISE NOTICE 'case {n}: % %', SQLSTATE, SQLERRM; END ${tag}d$;")
        script.append("ROLLBACK;")
    p = subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", ENV["ICM_TEST_PG_PORT"], "-U",
                        ENV["ICM_TEST_USER"], "-d", ENV["ICM_TEST_DATABASE"]], input="\n".join(script) + "\n",
                       capture_output=True, text=True, timeout=120, env={**os.environ, "PGPASSWORD":
                                                                         ENV["ICM_TEST_PASSWORD"]})
    found = dict(re.findall(r"NOTICE:  case (\d+): (.*)", p.stderr))
    out = []
    for n in range(len(sqls)):
        said = found.get(str(n), "missing " + p.stderr[-300:])
        if said == "ok":
            out.append("ok")
        elif "multi-query" in said:
            out.append("multi")
        elif said.startswith("25006"):
            out.append("write")
        else:
            out.append("error " + said[:80])
    return out


def mariadb(sqls):
    lines, case_of = [], {}
    for n, sql in enumerate(sqls):
        text = placeholders_as_null(sql)
        for statement in (f"SET @q = CONVERT(X'{text.encode().hex()}' USING utf8mb4);", "START TRANSACTION READ ONLY;",
                          "PREPARE s FROM @q;", "EXECUTE s;", "DEALLOCATE PREPARE s;", "ROLLBACK;"):
            lines.append(statement)
            case_of[len(lines)] = (n, text)
    p = subprocess.run(["mariadb", "--no-defaults", "--force", "--batch", "-h", "127.0.0.1", "-P",
                        ENV["ICM_TEST_MARIADB_PORT"], "-u", ENV["ICM_TEST_USER"], ENV["ICM_TEST_DATABASE"]],
                       input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
                       env={**os.environ, "MYSQL_PWD": ENV["ICM_TEST_PASSWORD"]})
    out = ["ok"] * len(sqls)
    for m in re.finditer(r"ERROR (\d+) \((\w+)\) at line (\d+): (.*)", p.stderr):
        n, text = case_of[int(m.group(3))]
        if out[n] != "ok":
            continue
        code, message = m.group(1), m.group(4)
        near = re.search(r"near '(.*)' at line \d+$", message)
        if m.group(2) == "25006" or code == "1792":
            out[n] = "write"
        elif near and near.group(1):
            at = text.find(near.group(1)[:40])  # MariaDB quotes the text from where parsing failed
            out[n] = "multi" if at > 0 and text[:at].rstrip().endswith(";") else "error " + code
        else:
            out[n] = "error " + code
    return out


def sqlite(sqls, db):
    out = []
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for sql in sqls:
        args = []
        for _ in range(2):
            try:
                con.execute(sql, args).fetchall()
                out.append("ok")
                break
            except (sqlite3.Warning, sqlite3.Error) as e:
                said = str(e)
                m = re.search(r"uses (\d+), and there are 0 supplied", said)
                if m and not args:
                    args = ["2025-Q1"] * int(m.group(1))
                    continue
                out.append("multi" if "one statement at a time" in said else
                           "write" if "readonly" in said else "error " + said[:60])
                break
    con.close()
    return out


class AcceptedMeansOneReadOnlyStatement(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.texts = mutations()
        cls.verdicts = gate(cls.texts)
        cls.accepted = [(text, sql) for text, (ok, sql) in zip(cls.texts, cls.verdicts) if ok]
        print(f"{len(cls.texts)} texts, {len(cls.accepted)} accepted by the gate")

    def assert_servers_agree(self, backend, outcomes):
        counts = {}
        for (text, sql), outcome in zip(self.accepted, outcomes):
            counts[outcome.split()[0]] = counts.get(outcome.split()[0], 0) + 1
            with self.subTest(backend=backend, text=text):
                self.assertNotIn(outcome, ("multi", "write"), f"the gate accepted {text!r} (sent as {sql!r})")
        print(f"{backend}: {counts}")
        self.assertGreater(counts.get("ok", 0), 20, "some accepted texts are valid queries that the server ran")

    def test_gate_refuses_most_tricks(self):
        self.assertGreater(len(self.accepted), 100)
        self.assertLess(len(self.accepted), len(self.texts) * 0.8)

    def test_postgresql(self):
        self.assert_servers_agree("postgresql", postgresql([sql for _, sql in self.accepted]))

    def test_mariadb(self):
        self.assert_servers_agree("mariadb", mariadb([sql for _, sql in self.accepted]))

    def test_sqlite(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "hr.db")
            shutil.copy(os.path.join(DIR, "sample.db"), db)
            self.assert_servers_agree("sqlite", sqlite([sql for _, sql in self.accepted], db))


if __name__ == "__main__":
    unittest.main(verbosity=1)
