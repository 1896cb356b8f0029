#!/usr/bin/env python3
"""How the near-duplicate candidate lookup scales with the number of stored articles.

    .venv/bin/python benchmarks/near_duplicate_lookup.py [--sizes 20000 80000 320000] [--probes 200]

Builds a real DuckDB store (the package's own schema and migrations), fills its MinHash
tables with synthetic articles (random signatures and band buckets, written in bulk by SQL:
the lookup's cost depends on the number of rows, not on what the texts were), and times
`minhash_candidates` — the query `eventwire ingest` runs once per article — for articles
already stored (each finds itself) and for new ones (finds nothing). Prints milliseconds per
lookup at each size — the store's lookup by bucket index, and the join it replaced (schema
version 3) on the same data — and the ratio of the largest size to the smallest: ~1 means the
lookup does not grow with the store.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.ingest.near_duplicates import BANDS  # noqa: E402
from eventwire.store import DuckDBStore  # noqa: E402


def fill(store: DuckDBStore, start: int, stop: int) -> None:
    """Articles a{start}..a{stop-1}: a 16-byte signature each and one bucket per band, where
    bucket = hash(article, band) so that a probe can recompute an article's own buckets."""
    store.con.execute(
        "INSERT INTO minhash_signatures SELECT 'a' || i, '\\x00'::BLOB FROM range(?, ?) t(i)", [start, stop])
    store.con.execute(
        "INSERT INTO minhash_bands SELECT b, hash('a' || i, b) // 2, 'a' || i FROM range(?, ?) t(i), range(?) u(b)",
        [start, stop, BANDS])


def buckets_of(store: DuckDBStore, article: str) -> list[tuple[int, int]]:
    return [(b, int(k)) for b, k in store.con.execute(
        "SELECT b, hash(?, b) // 2 FROM range(?) u(b)", [article, BANDS]).fetchall()]


def joined_lookup(store: DuckDBStore, bands: list[tuple[int, int]]) -> dict[str, bytes]:
    """The lookup before schema version 4, for comparison in the same run: a join of the wanted
    (band, bucket) pairs against every band row."""
    wanted = ", ".join("(CAST(? AS INTEGER), CAST(? AS BIGINT))" for _ in bands)
    rows = store.con.execute(
        f"SELECT DISTINCT s.article_id, s.signature FROM (VALUES {wanted}) AS q (band, bucket) "
        f"JOIN minhash_bands b ON b.band = q.band AND b.bucket = q.bucket "
        f"JOIN minhash_signatures s ON s.article_id = b.article_id", [v for pair in bands for v in pair]).fetchall()
    return {article_id: bytes(signature) for article_id, signature in rows}


def time_lookups(lookup, probes: list[list[tuple[int, int]]]) -> float:
    lookup(probes[0])  # warm
    started = time.perf_counter()
    for bands in probes:
        lookup(bands)
    return (time.perf_counter() - started) / len(probes) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 80_000, 320_000])
    parser.add_argument("--probes", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20261129)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(Path(tmp) / "lookup.duckdb")
        stored = 0
        for size in sorted(args.sizes):
            fill(store, stored, size)
            stored = size
            known = [buckets_of(store, f"a{rng.randrange(size)}") for _ in range(args.probes // 2)]
            new = [buckets_of(store, f"new{rng.randrange(10**9)}") for _ in range(args.probes // 2)]
            assert all(store.minhash_candidates(b) == joined_lookup(store, b) for b in known[:5] + new[:5])
            assert all(len(store.minhash_candidates(b)) == 1 for b in known[:5]), "a stored article must find itself"
            indexed = time_lookups(store.minhash_candidates, known + new)
            joined = time_lookups(lambda b: joined_lookup(store, b), known + new)
            results.append((size, indexed, joined))
            print(f"{size:>9,} articles ({size * BANDS:,} band rows): by bucket index {indexed:.2f} ms, "
                  f"join {joined:.2f} ms per lookup ({joined / indexed:.1f}x)")
        store.close()
    growth = results[-1][0] / results[0][0]
    print(f"largest/smallest size ({growth:.0f}x the articles): by bucket index "
          f"{results[-1][1] / results[0][1]:.2f}x, join {results[-1][2] / results[0][2]:.2f}x")


if __name__ == "__main__":
    main()
