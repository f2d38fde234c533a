#!/usr/bin/python3
"""Satisfaction from 10 million PostgreSQL survey responses: pushdown vs raw load + compute.

Usage (as root, like tools/test-servers.sh):

    /usr/bin/python3 bench/pg_pushdown.py [--build DIR] [--responses N] [--repeat R]
                                          [--dir /tmp/icm-bench-pushdown] [--keep]

1. Writes (or reuses) the sample with `icm sample --responses N --seed 42`
   (/tmp/icm-bench-sample-<N>-s42.db, shared with bench/pg_ingest.py and bench_ingest).
2. Starts throwaway servers (tools/test-servers.sh) in DIR and copies every table into
   PostgreSQL exactly as bench/pg_ingest.py does (INTEGER, DOUBLE PRECISION, TEXT).
3. Runs, for two schemas of survey_answers:
     text dates   answered_at TEXT, as the sample ships it (with its planted impossible date);
     typed dates  answered_at TIMESTAMP, as an HR database would keep it (the impossible date
                  becomes NULL, the only change);
   (a) raw:      `icm tables satisfaction --format json` over psqlODBC with a server-side cursor
                 (UseDeclareFetch=1;Fetch=10000: rows stream instead of filling client memory);
   (b) pushdown: the same with --pushdown (plain connection: results are small);
   each R times (default 1), keeping the fastest wall time, and checks that (a) and (b) print
   byte-identical JSON. ICM_TRACE_SQL=1 times every statement pushdown sends.
4. Prints wall times, the ratio raw / pushdown (target >= 10) and how many rows crossed the wire.

Not a test: never registered with CTest.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import pg_ingest  # noqa: E402  (bench/pg_ingest.py: sample and PostgreSQL loading)
from test_servers import quiet_odbcinst, read_env  # noqa: E402

TYPED = r"""
ALTER TABLE survey_answers ALTER COLUMN answered_at TYPE TIMESTAMP USING
  CASE WHEN answered_at ~ '^[0-9]{4}-(0[1-9]|1[0-2])-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$'
        AND substr(answered_at, 9, 2)::int BETWEEN 1 AND extract(day from
            (substr(answered_at, 1, 7) || '-01')::date + interval '1 month' - interval '1 day')
       THEN answered_at::timestamp END;
ANALYZE survey_answers;
"""


def log(msg):
    print(msg, flush=True)


def run_icm(icm, args, trace=False):
    env = {**os.environ, **({"ICM_TRACE_SQL": "1"} if trace else {})}
    t0 = time.perf_counter()
    p = subprocess.run([icm, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 3):
        raise RuntimeError(f"icm {' '.join(args[:2])} failed ({p.returncode}): {p.stderr[-2000:]}")
    return wall, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build/release"))
    ap.add_argument("--responses", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--dir", default="/tmp/icm-bench-pushdown")
    ap.add_argument("--keep", action="store_true", help="leave the servers running")
    args = ap.parse_args()
    icm = os.path.join(args.build, "tools/icm/icm")
    if not os.access(icm, os.X_OK):
        sys.exit(f"pg_pushdown: {icm} is missing (build the tree first)")
    os.makedirs(args.dir, exist_ok=True)
    quiet_odbcinst(os.path.join(args.dir, "odbcinst"))
    db = pg_ingest.write_sample(icm, args.responses)
    servers = os.path.join(ROOT, "tools/test-servers.sh")

    def stop():
        if not args.keep:
            subprocess.run(["bash", servers, "stop", args.dir], check=False)

    signal.signal(signal.SIGTERM, lambda s, f: (_ for _ in ()).throw(SystemExit(128 + s)))
    try:
        subprocess.run(["bash", servers, "start", args.dir], check=True)
        env = read_env(os.path.join(args.dir, "servers.env"))
        pg_ingest.load_postgres(env, db)
        base = (f"DRIVER={{PostgreSQL Unicode}};Server=127.0.0.1;Port={env['ICM_TEST_PG_PORT']};"
                f"Database={env['ICM_TEST_DATABASE']};UID={env['ICM_TEST_USER']};PWD={env['ICM_TEST_PASSWORD']}")
        profile = os.path.join(ROOT, "profiles/sample")
        common = ["tables", "satisfaction", "--profile", profile, "--format", "json", "--quiet"]
        results = []
        for schema in ("text dates", "typed dates"):
            if schema == "typed dates":
                t0 = time.perf_counter()
                pg_ingest.psql(env, "-c", TYPED, stdout=subprocess.DEVNULL)
                log(f"\nanswered_at converted to TIMESTAMP in {time.perf_counter() - t0:.1f} s")
            log(f"\n== {schema}: {args.responses} survey responses, best of {args.repeat}")
            raw = push = None
            for _ in range(args.repeat):
                w, out_raw, _ = run_icm(icm, common + ["--source", base + ";UseDeclareFetch=1;Fetch=10000"])
                log(f"  raw load + compute: {w:.2f} s")
                raw = w if raw is None else min(raw, w)
                w, out_push, err = run_icm(icm, common + ["--source", base, "--pushdown"], trace=True)
                for step, secs in re.findall(r"-- icm pushdown: (.*)\n(?:.*\n)*?-- ([0-9.]+) s", err):
                    log(f"    {step}: {float(secs):.2f} s")
                log(f"  pushdown:           {w:.2f} s")
                push = w if push is None else min(push, w)
                if out_raw != out_push:
                    raise RuntimeError(f"{schema}: pushdown and raw load printed different satisfaction tables")
            _, check, _ = run_icm(icm, ["check", "--profile", profile, "--source", base, "--pushdown"])
            m = re.search(r"pushdown: (\d+) rows summarised by the database in (\d+) groups, (\d+) rows checked", check)
            log(f"  identical JSON ({len(out_raw)} bytes); over the wire: {args.responses} rows raw, "
                f"{m.group(2)} groups + {m.group(3)} rows pushdown")
            results.append((schema, raw, push))
        log("\n== Summary (wall seconds, best of each)")
        for schema, raw, push in results:
            ratio = raw / push
            log(f"RATIO [{schema}] raw {raw:.2f} s / pushdown {push:.2f} s = {ratio:.2f} (target >= 10)"
                f"{'' if ratio >= 10 else '  ** TARGET MISSED **'}")
    finally:
        stop()


if __name__ == "__main__":
    main()
