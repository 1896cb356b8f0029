#!/usr/bin/env python3
"""Latency of GET /api/events on a store of 100k+ events, through a real HTTP server.

    .venv/bin/python benchmarks/api_latency.py [--base BASE.duckdb] [--big BIG.duckdb]
        [--min-events 100000] [--requests 400]

1. The base store: a coded corpus. Default: the Guardian sample in ../shared, ingested once
   with `eventwire ingest` into BASE (skipped when BASE exists).
2. The big store: BASE's rows copied R times (R chosen to reach --min-events), each copy
   with article ids suffixed `~rK` and every date (article published, full event dates)
   shifted by K*37 days, so copies spread over the calendar instead of piling on the same
   days. One INSERT ... SELECT per table, inside DuckDB (see `replicate`).
3. `eventwire serve --db BIG` on a free loopback port; then a fixed, seeded mix of
   /api/events requests (no filter, dates, dyads, actor, type, quad class, place, text,
   and the next page of each), sent one at a time after a warm-up. Prints p50/p95/max per
   kind and overall; those are the numbers in BENCHMARKS.md. The loop is bounded by
   --requests and stops by itself.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GUARDIAN = ROOT.parent / "shared" / "data" / "corpora" / "guardian_sdf_ngec" / "Guardian_SDF_sample.csv"
EW = ROOT / ".venv" / "bin" / "eventwire"
SHIFT_DAYS = 37

# Per-article tables and the column holding the article id.
TABLES = {"articles": "id", "sentences": "article_id", "actors": "article_id", "places": "article_id",
          "mentions": "article_id", "events": "article_id", "quotes": "article_id"}


def build_base(base: Path) -> None:
    if base.exists():
        return
    if not GUARDIAN.exists():
        sys.exit(f"{GUARDIAN} is absent: pass --base with a coded store")
    print(f"ingesting {GUARDIAN.name} into {base} ...", file=sys.stderr)
    subprocess.run([str(EW), "ingest", str(GUARDIAN), "--db", str(base), "--progress-every", "0"], check=True)


def replicate(base: Path, big: Path, min_events: int) -> int:
    """Copy BASE's rows into BIG until it holds at least `min_events` events; returns the event count."""
    from eventwire.store import DuckDBStore

    with duckdb.connect(str(base), read_only=True) as con:
        base_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    copies = -(-min_events // max(base_events, 1))
    if big.exists():
        big.unlink()
    DuckDBStore(big).close()  # creates the tables and indexes at the current schema version
    con = duckdb.connect(str(big))
    con.execute(f"ATTACH '{base}' AS src (READ_ONLY)")
    for table, key in TABLES.items():
        columns = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'src' AND table_name = ? "
            "ORDER BY ordinal_position", [table]).fetchall()]
        select = []
        for column in columns:
            quoted = f'"{column}"'
            if column == key:
                select.append(f"CASE WHEN r.k = 0 THEN {quoted} ELSE {quoted} || '~r' || r.k END")
            elif table == "articles" and column == "published":
                select.append(f"published + CAST(r.k * {SHIFT_DAYS} AS INTEGER)")
            elif table == "events" and column == "date":
                select.append(f"CASE WHEN length(date) = 10 THEN CAST(CAST(date AS DATE) + "
                              f"CAST(r.k * {SHIFT_DAYS} AS INTEGER) AS VARCHAR) ELSE date END")
            else:
                select.append(quoted)
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(select)} FROM src.{table} "
                    f"CROSS JOIN range({copies}) AS r(k)")
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.execute("CHECKPOINT")
    con.close()
    print(f"{big}: {copies} copies of {base_events} events = {events} events", file=sys.stderr)
    return events


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request_mix(rng: random.Random, n: int) -> list[tuple[str, dict[str, str]]]:
    """A seeded mix of filters analysts use, each kind equally often."""
    dyads = [("RUS", "SYR"), ("USA", "SYR"), ("TUR", "SYR"), ("USA", "IRN"), ("GBR", "USA")]
    countries = ["SYR", "USA", "RUS", "TUR", "IRN", "GBR", "ISR"]
    kinds = {
        "latest": lambda: {},
        "date range": lambda: {"since": f"{rng.randint(2016, 2024)}-0{rng.randint(1, 9)}-01",
                               "until": f"{rng.randint(2025, 2030)}-12-31"},
        "dyad": lambda: dict(zip(("source", "target"), rng.choice(dyads))),
        "between": lambda: {"between": ",".join(rng.choice(dyads))},
        "country + month": lambda: {"country": rng.choice(countries), "since": "2021-03-01", "until": "2021-03-31"},
        "actor": lambda: {"actor": rng.choice(["Trump", "Assad", "Putin", "Erdoğan", "USAGOV"])},
        "type": lambda: {"type": rng.choice(["ASSAULT", "ACCUSE", "CONSULT", "AGREE", "THREATEN"])},
        "quad class": lambda: {"quad_class": str(rng.randint(1, 4))},
        "place": lambda: {"place": rng.choice(["Idlib", "Damascus", "Douma", "SYR"])},
        "text": lambda: {"q": rng.choice(["chemical", "ceasefire", "sanctions", "talks"])},
        "cameo root + limit 200": lambda: {"cameo_root": rng.choice(["04", "11", "19"]), "limit": "200"},
    }
    names = list(kinds)
    return [(name, kinds[name]()) for name in (names[i % len(names)] for i in range(n))]


def measure(big: Path, requests: int, seed: int) -> None:
    port = free_port()
    server = subprocess.Popen([str(EW), "serve", "--db", str(big), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/api/health").raise_for_status()
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit(f"server did not start: {server.stderr.read().decode() if server.stderr else ''}")
                    time.sleep(0.2)
            # Text search is served from an in-memory index built in the background at start-up;
            # measure the server as it runs once that is done (bounded wait).
            while client.get("/api/health").json().get("text_search") != "index" and time.monotonic() < deadline + 240:
                time.sleep(0.5)
            health = client.get("/api/health").json()
            rng = random.Random(seed)
            for _, params in request_mix(rng, 22):  # warm-up, not measured
                client.get("/api/events", params=params)
            timings: dict[str, list[float]] = {}
            for kind, params in request_mix(rng, requests):
                started = time.perf_counter()
                page = client.get("/api/events", params=params)
                timings.setdefault(kind, []).append(time.perf_counter() - started)
                page.raise_for_status()
                cursor = page.json()["next_cursor"]
                if cursor:  # the next page of the same query, as the dashboard's "More" asks
                    started = time.perf_counter()
                    client.get("/api/events", params={**params, "cursor": cursor}).raise_for_status()
                    timings.setdefault("next page", []).append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"store: {big} ({health['counts']['events']} events, {health['counts']['articles']} articles); "
          f"text search: {health.get('text_search')}")
    print(f"{'kind':<24}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    every = [t for values in timings.values() for t in values]
    for kind, values in [*sorted(timings.items()), ("ALL", every)]:
        ms = sorted(v * 1000 for v in values)
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        print(f"{kind:<24}{len(ms):>5}{statistics.median(ms):>9.1f}{p95:>9.1f}{ms[-1]:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, default=Path("/tmp/eventwire-bench/guardian.duckdb"))
    parser.add_argument("--big", type=Path, default=Path("/tmp/eventwire-bench/guardian-100k.duckdb"))
    parser.add_argument("--min-events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=440)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="measure BIG as it is, without rebuilding it")
    args = parser.parse_args()
    args.base.parent.mkdir(parents=True, exist_ok=True)
    if not (args.reuse and args.big.exists()):
        build_base(args.base)
        replicate(args.base, args.big, args.min_events)
    measure(args.big, args.requests, args.seed)


if __name__ == "__main__":
    main()
