#!/usr/bin/python3
"""Ingest from PostgreSQL through psqlODBC: icm vs a plain C block-cursor loop vs pandas.read_sql.

Usage (as root, like tools/test-servers.sh; Debian's /usr/bin/python3 with python3-pandas and
python3-pyodbc):

    /usr/bin/python3 bench/pg_ingest.py [--build DIR] [--responses N] [--repeat R]
                                        [--dir /tmp/icm-bench-servers] [--options A|B ...]

1. Writes the sample with the built `icm sample --responses N --seed 42` to
   /tmp/icm-bench-sample-<N>-s42.db (the file bench_ingest uses; reused when present, written
   under a temporary name so a reused file is complete).
2. Starts throwaway servers with tools/test-servers.sh in a bench-private DIR and stops them at
   the end, also on failure or Ctrl-C / SIGTERM.
3. Copies every table of the sample into PostgreSQL (psql COPY, types as in
   tests/backends/load_sample.py: INTEGER, DOUBLE PRECISION, TEXT, primary keys), then ANALYZE;
   row counts are checked against SQLite.
4. For each set of extra connection options (default: none, and UseDeclareFetch=1;Fetch=10000)
   runs, through the same `PostgreSQL Unicode` driver and the same connection string:
   (a)+(b) build/bench/bench_ingest_pg: icm's load_snapshot (survey_response part) and the
           plain unixODBC block-cursor loop (ceiling, best of natural C types / all SQL_C_CHAR);
   (c)     pandas.read_sql(query, pyodbc.connect(connection, autocommit=True)) in its own process.
   Each reader runs R times (default 2) and keeps its least-CPU run. Rates use the reading
   thread's CPU time (driver included); wall time is printed too.
5. Prints rows/s, the ratios icm / C loop and icm / pandas, and each process's peak RSS.

psqlODBC reads the whole result into client memory unless UseDeclareFetch=1 (then it FETCHes
`Fetch` rows at a time from a server cursor). Debian's odbcinst.ini sets CommLog=1 for psqlODBC,
which writes a log file per connection into /tmp and slows every reader: like tests/backends,
this script points ODBCSYSINI at a private copy of the driver list with CommLog and Debug off.

Not a test: never registered with CTest.
"""
import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from test_servers import quiet_odbcinst, read_env  # noqa: E402  (tools/test_servers.py)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_OPTIONS = ["", "UseDeclareFetch=1;Fetch=10000"]


# ---------------------------------------------------------------- pandas peer (own process)
def pandas_reader(connection, query_file, repeat):
    import warnings

    import pandas as pd
    import pyodbc

    warnings.simplefilter("ignore")  # pandas may warn that pyodbc is not SQLAlchemy
    with open(query_file, encoding="utf-8") as f:
        sql = f.read()
    best = None
    for _ in range(repeat):
        conn = pyodbc.connect(connection, autocommit=True)
        t0, c0 = time.perf_counter(), time.thread_time()
        df = pd.read_sql(sql, conn)
        wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
        rows = len(df)
        del df
        conn.close()
        if best is None or cpu < best[2]:
            best = (rows, wall, cpu)
    print(f"RESULT reader=pandas rows={best[0]} wall={best[1]:.6f} cpu={best[2]:.6f}", flush=True)
    print(f"  pandas {pd.__version__}, pyodbc {pyodbc.version}", flush=True)


# ---------------------------------------------------------------- helpers
def log(msg):
    print(msg, flush=True)




def cell(v):
    if v is None:
        return r"\N"
    if isinstance(v, float):
        return repr(v)
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def column_type(decl):
    decl = decl.upper()
    if "INT" in decl:
        return "INTEGER"
    if "REAL" in decl or "DOUB" in decl or "FLOA" in decl:
        return "DOUBLE PRECISION"
    return "TEXT"


def write_sample(icm, responses):
    db = f"/tmp/icm-bench-sample-{responses}-s42.db"
    if os.path.exists(db):
        log(f"sample: reusing {db} ({os.path.getsize(db) / 1e6:.1f} MB)")
        return db
    tmp = db + ".partial"
    if os.path.exists(tmp):
        os.remove(tmp)
    t0 = time.perf_counter()
    subprocess.run([icm, "sample", "--out", tmp, "--responses", str(responses), "--seed", "42", "--quiet"],
                   check=True)
    os.rename(tmp, db)
    log(f"sample: wrote {db} in {time.perf_counter() - t0:.1f} s ({os.path.getsize(db) / 1e6:.1f} MB)")
    return db


def psql(env, *args, **kw):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                           "-p", env["ICM_TEST_PG_PORT"], "-U", env["ICM_TEST_USER"],
                           "-d", env["ICM_TEST_DATABASE"], *args],
                          check=True, env={**os.environ, "PGPASSWORD": env["ICM_TEST_PASSWORD"]}, **kw)


def load_postgres(env, db):
    t0 = time.perf_counter()
    src = sqlite3.connect(db)
    tables = [r[0] for r in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    counts = {}
    for t in tables:
        info = src.execute(f'PRAGMA table_info("{t}")').fetchall()  # cid, name, type, notnull, dflt, pk
        names = [c[1] for c in info]
        cols = [f"{name} {column_type(decl)}" + (" NOT NULL" if notnull or pk else "")
                for _, name, decl, notnull, _, pk in info]
        keys = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
        if keys:
            cols.append(f"PRIMARY KEY ({', '.join(keys)})")
        psql(env, "-c", f"SET client_min_messages = warning; DROP TABLE IF EXISTS {t}; "
                        f"CREATE TABLE {t} ({', '.join(cols)});", stdout=subprocess.DEVNULL)
        # Stream the rows (rowid order) into COPY … FROM STDIN.
        p = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                              "-p", env["ICM_TEST_PG_PORT"], "-U", env["ICM_TEST_USER"],
                              "-d", env["ICM_TEST_DATABASE"], "-c",
                              f"COPY {t} ({', '.join(names)}) FROM STDIN"],
                             stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, encoding="utf-8",
                             env={**os.environ, "PGPASSWORD": env["ICM_TEST_PASSWORD"]})
        n = 0
        buf = []
        for row in src.execute(f'SELECT {", ".join(names)} FROM "{t}" ORDER BY rowid'):
            buf.append("\t".join(cell(v) for v in row))
            n += 1
            if len(buf) >= 50000:
                p.stdin.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            p.stdin.write("\n".join(buf) + "\n")
        p.stdin.close()
        if p.wait() != 0:
            raise RuntimeError(f"COPY {t} failed")
        counts[t] = n
    src.close()
    psql(env, "-c", "ANALYZE " + ", ".join(tables) + ";", stdout=subprocess.DEVNULL)
    q = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables)
    out = psql(env, "-At", "-F", "\t", "-c", q, capture_output=True, text=True).stdout
    got = {t: int(n) for t, n in (l.split("\t") for l in out.splitlines() if l)}
    if got != counts:
        raise RuntimeError(f"PostgreSQL row counts differ from the SQLite sample: {got} != {counts}")
    log(f"PostgreSQL: loaded {len(tables)} tables ({counts.get('survey_answers', 0)} survey answers) "
        f"in {time.perf_counter() - t0:.1f} s")


def run_reader(cmd):
    """Runs one reader process; returns ({reader: (rows, wall, cpu)}, peak RSS MB, its output)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    sys.stdout.write("".join("    " + l + "\n" for l in out.splitlines() if not l.startswith("RESULT ")))
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed (exit {p.returncode})")
    results = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            kv = dict(f.split("=", 1) for f in line.split()[1:])
            results[kv["reader"]] = (int(kv["rows"]), float(kv["wall"]), float(kv["cpu"]))
    return results, usage.ru_maxrss / 1024


# ---------------------------------------------------------------- driver
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build-benchpg"))
    ap.add_argument("--responses", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--dir", default="/tmp/icm-bench-servers")
    ap.add_argument("--options", action="append",
                    help="extra connection options, repeatable ('' = none); default: none and "
                         "UseDeclareFetch=1;Fetch=10000")
    args = ap.parse_args()
    icm = os.path.join(args.build, "tools/icm/icm")
    bench = os.path.join(args.build, "bench/bench_ingest_pg")
    for exe in (icm, bench):
        if not os.access(exe, os.X_OK):
            sys.exit(f"pg_ingest: {exe} is missing (build the tree first)")
    subprocess.run([sys.executable, "-c", "import pandas, pyodbc"], check=True)
    option_sets = args.options if args.options is not None else DEFAULT_OPTIONS

    os.makedirs(args.dir, exist_ok=True)
    quiet_odbcinst(os.path.join(args.dir, "odbcinst"))
    db = write_sample(icm, args.responses)
    servers = os.path.join(ROOT, "tools/test-servers.sh")

    def stop(*_):
        subprocess.run(["bash", servers, "stop", args.dir], check=False)

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    t0 = time.perf_counter()
    try:
        subprocess.run(["bash", servers, "start", args.dir], check=True)
        env = read_env(os.path.join(args.dir, "servers.env"))
        log(f"servers: up in {time.perf_counter() - t0:.1f} s (PostgreSQL on 127.0.0.1:{env['ICM_TEST_PG_PORT']})")
        load_postgres(env, db)
        base = (f"DRIVER={{PostgreSQL Unicode}};Server=127.0.0.1;Port={env['ICM_TEST_PG_PORT']};"
                f"Database={env['ICM_TEST_DATABASE']};UID={env['ICM_TEST_USER']};PWD={env['ICM_TEST_PASSWORD']}")
        query_file = os.path.join(args.dir, "survey_response.sql")
        with open(query_file, "w", encoding="utf-8") as f:
            f.write(subprocess.run([bench, "--print-query"], check=True, capture_output=True, text=True).stdout)

        summary = []
        for opts in option_sets:
            connection = base + (";" + opts if opts else "")
            label = opts or "(driver defaults)"
            log(f"\n== options: {label}   (best of {args.repeat} per reader)")
            log("  (a)+(b) bench_ingest_pg: icm and the plain C block-cursor loop")
            r1, rss1 = run_reader([bench, connection, os.path.join(ROOT, "profiles/sample"), str(args.repeat)])
            log(f"    peak RSS {rss1:.0f} MB")
            log("  (c) pandas.read_sql over pyodbc")
            r2, rss2 = run_reader([sys.executable, os.path.abspath(__file__), "--pandas", connection, query_file,
                                   str(args.repeat)])
            log(f"    peak RSS {rss2:.0f} MB")
            r = {**r1, **r2}
            rows = {k: v[0] for k, v in r.items()}
            if len(set(rows.values())) != 1:
                raise RuntimeError(f"readers read different row counts: {rows}")
            summary.append((label, r, rss1, rss2))

        log(f"\n== Summary: {args.responses} survey responses from PostgreSQL through psqlODBC "
            f"(M rows/s; CPU = reading thread, wall in brackets)")
        log(f"{'options':<32} {'C natural':>16} {'C all-char':>16} {'icm':>16} {'pandas':>16}"
            f" {'icm/C':>12} {'icm/pandas':>14}")
        for label, r, _, _ in summary:
            def rate(k, i):
                return r[k][0] / r[k][i] / 1e6

            def cell_(k):
                return f"{rate(k, 2):.3f} ({rate(k, 1):.3f})"

            ic = rate("icm", 2) / rate("c", 2)
            icw = rate("icm", 1) / rate("c", 1)
            ip = rate("icm", 2) / rate("pandas", 2)
            ipw = rate("icm", 1) / rate("pandas", 1)
            log(f"{label:<32} {cell_('c_natural'):>16} {cell_('c_char'):>16} {cell_('icm'):>16} {cell_('pandas'):>16}"
                f" {ic:5.2f} ({icw:4.2f}) {ip:6.2f} ({ipw:5.2f})")
            log(f"RATIO [{label}] icm/C-loop {ic:.2f} (target >= 0.9){'' if ic >= 0.9 else '  ** TARGET MISSED **'}; "
                f"icm/pandas {ip:.2f} (target >= 3){'' if ip >= 3 else '  ** TARGET MISSED **'}")
    finally:
        stop()
        log("servers: stopped")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--pandas":
        pandas_reader(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    else:
        main()
