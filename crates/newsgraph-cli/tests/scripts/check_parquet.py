#!/usr/bin/env python3
"""Check that `newsgraph export --format parquet` files open in DuckDB (or pyarrow).

Usage: check_parquet.py PATH/TO/newsgraph

Writes three small invented articles to a temporary directory, ingests them, exports Parquet,
and reads every table back with DuckDB's `read_parquet(..., hive_partitioning = true)` (or,
without DuckDB, pyarrow's dataset reader with Hive partitions), checking that the event and
entity counts equal `newsgraph stats`, and that the events table has the place and tone
columns with the Lisbon meeting placed in Lisbon. Exits 0 when they do; skips (exit 0, message on stderr)
when neither DuckDB nor pyarrow is installed. CI runs it where python3 has one of them.
"""
import json
import os
import subprocess
import sys
import tempfile

ARTICLES = [
    ("2025-03-11", "Harbour Times",
     "LISBON — Portuguese Foreign Minister Ana Ribeiro met Canadian Foreign Minister Mark "
     "Dubois in Lisbon on Monday.\n“We want a fair agreement,” Ribeiro said.\n"),
    ("2025-03-12", "Daily Ledger",
     "OTTAWA — Canada accused Portugal of ignoring the fishing agreement on Wednesday.\n"
     "“The rules are clear,” Dubois told reporters.\n"),
    ("2025-04-02", "Wire Mirror",
     "SEOUL — South Korea's Prime Minister Kim Min-jun met Japan's ambassador on Tuesday.\n"),
]


def counts_duckdb(out):
    import duckdb
    con = duckdb.connect()
    q = lambda t: con.execute(
        f"SELECT count(*) FROM read_parquet('{out}/{t}/**/*.parquet', hive_partitioning = true)"
    ).fetchone()[0]
    months = con.execute(
        f"SELECT DISTINCT month FROM read_parquet('{out}/events/**/*.parquet', "
        "hive_partitioning = true) ORDER BY 1").fetchall()
    entities = con.execute(f"SELECT count(*) FROM read_parquet('{out}/entities/*.parquet')").fetchone()[0]
    places = con.execute(
        f"SELECT DISTINCT place, precision FROM read_parquet('{out}/events/**/*.parquet', "
        "hive_partitioning = true) WHERE lat IS NOT NULL AND lon IS NOT NULL "
        "AND (tone IS NULL OR tone BETWEEN -1 AND 1)").fetchall()
    return q("events"), entities, q("mentions"), q("quotes"), [m[0] for m in months], places


def counts_pyarrow(out):
    import pyarrow.dataset as ds
    n = lambda t, **kw: ds.dataset(os.path.join(out, t), format="parquet", **kw).count_rows()
    events = ds.dataset(os.path.join(out, "events"), format="parquet", partitioning="hive")
    months = sorted(set(events.to_table(columns=["month"]).column("month").to_pylist()))
    t = events.to_table(columns=["place", "precision", "lat", "lon", "tone"]).to_pylist()
    places = sorted({(r["place"], r["precision"]) for r in t if r["lat"] is not None})
    return (n("events", partitioning="hive"), n("entities"), n("mentions", partitioning="hive"),
            n("quotes", partitioning="hive"), months, places)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import duckdb  # noqa: F401
        reader, counts = "duckdb", counts_duckdb
    except ImportError:
        try:
            import pyarrow  # noqa: F401
            reader, counts = "pyarrow", counts_pyarrow
        except ImportError:
            print("skipped: neither duckdb nor pyarrow is installed", file=sys.stderr)
            return 0
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        lines = ["path,published,source"]
        for i, (date, source, text) in enumerate(ARTICLES):
            with open(os.path.join(tmp, f"{i}.txt"), "w", encoding="utf-8") as f:
                f.write(text)
            lines.append(f"{i}.txt,{date},{source}")
        with open(os.path.join(tmp, "manifest.csv"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        run = lambda *args: subprocess.run([binary, *args], cwd=tmp, check=True,
                                           capture_output=True, text=True).stdout
        run("ingest", "--manifest", "manifest.csv", "--db", "p.db", "-q")
        run("export", "--db", "p.db", "--format", "parquet", "--out", "out")
        stats = json.loads(run("stats", "--db", "p.db", "--format", "json"))
        events, entities, mentions, quotes, months, places = counts(os.path.join(tmp, "out"))
        graph = stats.get("graph", {})
        want_events = graph.get("events")
        want_entities = sum(graph.get("entities_by_type", {}).values())
        problems = []
        if want_events is not None and events != want_events:
            problems.append(f"events: {events} rows, stats says {want_events}")
        if entities != want_entities:
            problems.append(f"entities: {entities} rows, stats says {want_entities}")
        if mentions != stats["mentions"]:
            problems.append(f"mentions: {mentions} rows, stats says {stats['mentions']}")
        if quotes != stats["quotes"]:
            problems.append(f"quotes: {quotes} rows, stats says {stats['quotes']}")
        if not any(m.startswith("2025-") for m in months):
            problems.append(f"event months {months}")
        if ("Lisbon", "city") not in places:
            problems.append(f"located events {places}: the Lisbon meeting is not in Lisbon")
        if problems:
            print(f"{reader}: " + "; ".join(problems), file=sys.stderr)
            return 1
        print(f"{reader}: {events} events over months {months}, {entities} entities, "
              f"{mentions} mentions, {quotes} quotes, places {places}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
