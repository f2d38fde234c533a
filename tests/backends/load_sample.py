#!/usr/bin/env python3
"""Loads the same sample company into the test PostgreSQL and MariaDB servers.

Usage: load_sample.py ICM_BINARY SERVERS_DIR

Generates SERVERS_DIR/sample.db with `icm sample --responses 30000 --seed 7`, then copies every
table, in rowid order, into the `icm_test` database of both servers started by
tools/test-servers.sh (SERVERS_DIR/servers.env), logging in as the test user over TCP. Each
table travels as one tab-separated file in the escaping that PostgreSQL's COPY text format and
MariaDB's LOAD DATA share (\\N is NULL; backslash, tab and newline are escaped).

Column types are what a real HR schema would use: INTEGER ids, scores and flags, DOUBLE
PRECISION for REAL, TEXT (PostgreSQL) / VARCHAR (MariaDB, binary collation so keys compare
exactly as in SQLite and PostgreSQL) for labels. Dates stay text, as in the sample: the sample
plants impossible dates ('2019-02-30') that a DATE column could not hold, and they must reach
icm on every backend to be rejected the same way.
"""
import os
import sqlite3
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)

ICM, DIR = sys.argv[1], sys.argv[2]


def cell(v):
    if v is None:
        return r"\N"
    if isinstance(v, float):
        return repr(v)  # shortest text that reads back as the same double
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def column_type(decl, backend, pk, max_len):
    decl = decl.upper()
    if "INT" in decl:
        return "INTEGER"
    if "REAL" in decl or "DOUB" in decl or "FLOA" in decl:
        return "DOUBLE PRECISION"
    if backend == "pg":
        return "TEXT"
    # MariaDB: keys need a bounded type; everything in the sample fits VARCHAR(255).
    return "VARCHAR(255)" if max_len <= 255 else "TEXT"


def main():
    env = read_env(os.path.join(DIR, "servers.env"))
    db = os.path.join(DIR, "sample.db")
    if os.path.exists(db):
        os.remove(db)
    subprocess.run([ICM, "sample", "--out", db, "--responses", "30000", "--seed", "7", "--quiet"],
                   check=True)
    src = sqlite3.connect(db)
    tables = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    ddl = {"pg": [], "my": []}
    files = {}
    for t in tables:
        info = src.execute(f'PRAGMA table_info("{t}")').fetchall()  # cid, name, type, notnull, dflt, pk
        names = [c[1] for c in info]
        for backend in ddl:
            cols = []
            for _, name, decl, notnull, _, pk in info:
                max_len = src.execute(f'SELECT COALESCE(MAX(LENGTH("{name}")), 0) FROM "{t}"').fetchone()[0]
                cols.append(f"{name} {column_type(decl, backend, pk, max_len)}" + (" NOT NULL" if notnull or pk else ""))
            keys = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            if keys:
                cols.append(f"PRIMARY KEY ({', '.join(keys)})")
            ddl[backend].append(f"DROP TABLE IF EXISTS {t};")
            ddl[backend].append(f"CREATE TABLE {t} ({', '.join(cols)});")
        path = os.path.join(DIR, f"{t}.tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for row in src.execute(f'SELECT {", ".join(names)} FROM "{t}" ORDER BY rowid'):
                f.write("\t".join(cell(v) for v in row) + "\n")
        files[t] = (path, names)
    src.close()

    pg = ["\\set ON_ERROR_STOP 1", "SET client_min_messages = warning;", "BEGIN;", *ddl["pg"]]
    for t, (path, names) in files.items():
        pg.append(f"\\copy {t} ({', '.join(names)}) FROM '{path}'")
    pg += ["COMMIT;", "ANALYZE " + ", ".join(files) + ";"]
    subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", env["ICM_TEST_PG_PORT"],
                    "-U", env["ICM_TEST_USER"], "-d", env["ICM_TEST_DATABASE"]],
                   input="\n".join(pg) + "\n", text=True, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PGPASSWORD": env["ICM_TEST_PASSWORD"]})

    my = ["SET sql_mode = 'STRICT_ALL_TABLES';", *ddl["my"]]
    for t, (path, names) in files.items():
        my.append(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE {t} CHARACTER SET utf8mb4 "
                  f"FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
                  f"({', '.join(names)});")
        my.append(f"SHOW WARNINGS;")
    my.append("ANALYZE TABLE " + ", ".join(files) + ";")
    out = subprocess.run(["mariadb", "--no-defaults", "--local-infile=1", "--batch",
                          "-h", "127.0.0.1", "-P", env["ICM_TEST_MARIADB_PORT"],
                          "-u", env["ICM_TEST_USER"], env["ICM_TEST_DATABASE"]],
                         input="\n".join(my) + "\n", text=True, check=True, capture_output=True,
                         env={**os.environ, "MYSQL_PWD": env["ICM_TEST_PASSWORD"]}).stdout
    warnings = [l for l in out.splitlines() if l.startswith(("Warning", "Error", "Note"))]
    if warnings:
        sys.exit("MariaDB warned while loading the sample:\n" + "\n".join(warnings[:20]))

    for path, _ in files.values():
        os.remove(path)

    # Every table must hold exactly the SQLite row count on both servers.
    src = sqlite3.connect(db)
    counts = {t: src.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    src.close()
    q = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables)
    pg_out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-h", "127.0.0.1", "-p", env["ICM_TEST_PG_PORT"],
                             "-U", env["ICM_TEST_USER"], "-d", env["ICM_TEST_DATABASE"], "-c", q],
                            text=True, check=True, capture_output=True,
                            env={**os.environ, "PGPASSWORD": env["ICM_TEST_PASSWORD"]}).stdout
    my_out = subprocess.run(["mariadb", "--no-defaults", "--batch", "--skip-column-names",
                             "-h", "127.0.0.1", "-P", env["ICM_TEST_MARIADB_PORT"],
                             "-u", env["ICM_TEST_USER"], env["ICM_TEST_DATABASE"], "-e", q],
                            text=True, check=True, capture_output=True,
                            env={**os.environ, "MYSQL_PWD": env["ICM_TEST_PASSWORD"]}).stdout
    for name, text in (("PostgreSQL", pg_out), ("MariaDB", my_out)):
        got = {t: int(n) for t, n in (l.split("\t") for l in text.splitlines() if l)}
        if got != counts:
            sys.exit(f"{name} row counts differ from the SQLite sample: {got} != {counts}")


if __name__ == "__main__":
    main()
