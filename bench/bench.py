#!/usr/bin/env python3
"""praxis vs DuckDB on the reference load of DESIGN §7, side by side in one run.

    python3 bench/bench.py [--rows N] [--runs K] [--data DIR]

Generates the data once (deterministic: examples/generate_bench.rs), then alternates runs of
`praxis adoption --format json` and DuckDB (2 threads) running the equivalent SQL on the
same files: match each behavior's events, count them per person and week, and per week
count the audience and the people practicing. Prints wall time (median), rows/s, MB/s and
peak RSS of each, their ratio, and checks that both computed the same numbers.
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The 12 behaviors of examples/generate_bench.rs: (id, event, channel, min_value, n, teams).
CHANNELS = ["web", "mobile", "email", "api", "phone"]
BEHAVIORS = []
for b in range(12):
    teams = [f"team-{b*3:02}"] + ([f"team-{b*3+1:02}"] if b % 2 else [])
    channel = CHANNELS[b % 5] if b % 3 == 1 else None
    min_value = 250 if b % 3 == 2 else None
    BEHAVIORS.append((f"behavior-{b:02}", f"event_{b:02}", channel, min_value, 1 + b % 5, teams))

SQL = """
SET threads = 2;
SET TimeZone = 'UTC';
CREATE TABLE b AS SELECT * FROM (VALUES {values}) t(id, event, channel, min_value, n, team_a, team_b);
CREATE TABLE p AS SELECT person_id, team, start_date::DATE AS start_date
    FROM read_csv('{data}/people.csv', header = true);
CREATE TABLE c AS
    SELECT b.id, e.person_id, date_trunc('week', e.ts)::DATE AS wk, count(*) AS c
    FROM read_csv('{data}/events.csv', header = true, columns = {{
        'ts': 'TIMESTAMPTZ', 'person_id': 'VARCHAR', 'event': 'VARCHAR',
        'channel': 'VARCHAR', 'value': 'INTEGER'}}) e
    JOIN b ON e.event = b.event
        AND (b.channel IS NULL OR e.channel = b.channel)
        AND (b.min_value IS NULL OR e.value >= b.min_value)
    GROUP BY ALL;
SELECT b.id, w.wk::VARCHAR AS wk, count(*) AS audience,
       count(*) FILTER (WHERE coalesce(c.c, 0) >= b.n) AS practicing
FROM b
CROSS JOIN (SELECT unnest(generate_series(DATE '{first}', DATE '{last}', INTERVAL 7 DAY))::DATE AS wk) w
JOIN p ON (p.team = b.team_a OR p.team = b.team_b) AND p.start_date <= w.wk + 6
LEFT JOIN c ON c.id = b.id AND c.person_id = p.person_id AND c.wk = w.wk
GROUP BY ALL ORDER BY 1, 2;
"""

DUCKDB_CHILD = """
import duckdb, json, sys
con = duckdb.connect()
rows = None
for stmt in [s for s in sys.argv[1].split(';') if s.strip()]:
    rows = con.execute(stmt).fetchall()
json.dump(rows, open(sys.argv[2], 'w'))
"""


def run(cmd, cwd=None, stdout=None):
    """Runs a command; returns (wall seconds, peak RSS in MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout or subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=os.path.join(ROOT, "target", "bench-data"))
    args = ap.parse_args()
    data = os.path.join(args.data, str(args.rows))
    subprocess.run(["cargo", "build", "--release", "--locked", "-q", "--example", "generate_bench", "--bin", "praxis"], cwd=ROOT, check=True)
    if not os.path.exists(os.path.join(data, "events.csv")):
        print(f"generating {args.rows:,} rows in {data} …", flush=True)
        subprocess.run([os.path.join(ROOT, "target/release/examples/generate_bench"), data, str(args.rows)], check=True)
    praxis = os.path.join(ROOT, "target/release/praxis")
    size_mb = os.path.getsize(os.path.join(data, "events.csv")) / 1e6

    out = tempfile.mkdtemp()
    praxis_json = os.path.join(out, "praxis.json")
    duck_json = os.path.join(out, "duckdb.json")
    doc = None
    times = {"praxis": [], "duckdb": []}
    rss = {"praxis": 0.0, "duckdb": 0.0}
    for _ in range(args.runs):
        with open(praxis_json, "w") as f:
            wall, peak = run([praxis, "adoption", "--format", "json"], cwd=data, stdout=f)
        times["praxis"].append(wall)
        rss["praxis"] = max(rss["praxis"], peak)
        if doc is None:
            doc = json.load(open(praxis_json))
            periods = doc["behaviors"][0]["periods"]
            first, last = periods[0]["start"], periods[-1]["start"]
            values = ", ".join(
                "('{}', '{}', {}, {}, {}, '{}', '{}')".format(
                    i, e, f"'{c}'" if c else "NULL", m if m is not None else "NULL", n, t[0], t[-1])
                for i, e, c, m, n, t in BEHAVIORS)
            sql = SQL.format(values=values, data=data, first=first, last=last)
        wall, peak = run([sys.executable, "-c", DUCKDB_CHILD, sql, duck_json])
        times["duckdb"].append(wall)
        rss["duckdb"] = max(rss["duckdb"], peak)

    # Same numbers? audience and practicing per behavior and week.
    mine = {(b["id"], p["start"]): (p["audience"], p["practicing"]) for b in doc["behaviors"] for p in b["periods"]}
    theirs = {(r[0], r[1]): (r[2], r[3]) for r in json.load(open(duck_json))}
    agree = mine == theirs

    print(f"\nreference load: {args.rows:,} rows, {size_mb:,.0f} MB, 20,000 people, 12 behaviors; {args.runs} runs each, median")
    print(f"{'':8} {'wall s':>8} {'rows/s':>14} {'MB/s':>8} {'peak RSS MB':>12}")
    for tool in ("praxis", "duckdb"):
        w = statistics.median(times[tool])
        print(f"{tool:8} {w:8.3f} {args.rows / w:14,.0f} {size_mb / w:8,.0f} {rss[tool]:12,.1f}")
    ratio = statistics.median(times["praxis"]) / statistics.median(times["duckdb"])
    print(f"ratio praxis / duckdb wall time: {ratio:.2f} (budget ≤ 0.30); praxis peak RSS budget ≤ 64 MB")
    print(f"audience and practicing per behavior and week agree with DuckDB: {'yes' if agree else 'NO'} ({len(mine)} cells)")
    if not agree:
        diff = [k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)][:5]
        for k in diff:
            print(f"  {k}: praxis {mine.get(k)} duckdb {theirs.get(k)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
