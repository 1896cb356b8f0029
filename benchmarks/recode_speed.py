#!/usr/bin/env python3
"""Stored parses: their size, what storing them costs ingest, and recode against ingest speed.

    .venv/bin/python benchmarks/recode_speed.py [--every 40] [--repeats 2]

One process, one Pipeline, the `eventwire bench` sample (every N-th article of the Guardian,
FNC-1 and BBC corpora), everything warmed by one untimed pass first, then timed in turns:

    ingest, no parses    parse + code + store (DuckDB)               what --no-store-parses does
    ingest, parses       the same + serialise the parse + store it   what ingest does by default
    recode               read parse + deserialise + code + replace   what `eventwire recode` does

The engine's own chunk functions are timed (tasks.code_chunk / tasks.recode_chunk, the work a
worker does) with the parent's store writes, on one process, so that model loading stays out.
Only ratios within one run mean anything on a shared machine; the turns are repeated to show
the noise.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "data" / "corpora"

from eventwire.engine.tasks import Coded, ToRecode, code_chunk, recode_chunk  # noqa: E402
from eventwire.eval.corpora import read_all  # noqa: E402
from eventwire.pipeline import ArticleInput, Pipeline  # noqa: E402
from eventwire.store import DuckDBStore  # noqa: E402


def chunks(items: list, size: int):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(pipeline: Pipeline, articles: list[ArticleInput], store: DuckDBStore, keep_parses: bool) -> float:
    started = time.perf_counter()
    for chunk in chunks(articles, pipeline.batch_size):
        for result in code_chunk(pipeline, chunk, False, keep_parses):
            if isinstance(result, Coded):
                store.add(result.document, parse=result.parse)
    return time.perf_counter() - started


def recode(pipeline: Pipeline, store: DuckDBStore) -> float:
    started = time.perf_counter()
    items = []
    for article_id in store.coded_article_ids():
        article, text = store.stored_article(article_id)
        parse = store.parse_of(article_id)
        items.append(ToRecode(ArticleInput(text, id=article.id, published=article.published), parse.docbin))
    for chunk in chunks(items, pipeline.batch_size):
        for result in recode_chunk(pipeline, chunk):
            if isinstance(result, Coded):
                store.replace_coding(result.document)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"{CORPORA} is absent: the corpora live in ../shared beside the project")
    articles = [ArticleInput(a.text, id=f"{a.corpus}/{a.id}", published=a.published)
                for a in read_all(CORPORA, every=args.every)]
    words = sum(len(a.text.split()) for a in articles)
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        with DuckDBStore(Path(tmp) / "warm.duckdb") as store:
            ingest(pipeline, articles, store, True)  # untimed: model caches, string store, allocator
            recode(pipeline, store)
        times: dict[str, list[float]] = {"ingest, no parses": [], "ingest, parses": [], "recode": []}
        for turn in range(args.repeats):
            with DuckDBStore(Path(tmp) / f"plain{turn}.duckdb") as store:
                times["ingest, no parses"].append(ingest(pipeline, articles, store, False))
            with DuckDBStore(Path(tmp) / f"parses{turn}.duckdb") as store:
                times["ingest, parses"].append(ingest(pipeline, articles, store, True))
                times["recode"].append(recode(pipeline, store))
                sizes = [len(store.parse_of(i).docbin) for i in store.coded_article_ids()]
                text_bytes = [len(store.stored_article(i)[1].encode()) for i in store.coded_article_ids()]
    print(f"{len(articles)} articles, {words} words")
    print(f"parse size per article: mean {statistics.mean(sizes):,.0f} B, median {statistics.median(sizes):,.0f} B, "
          f"max {max(sizes):,} B; {sum(sizes) / sum(text_bytes):.2f}x the article text")
    for name, seconds in times.items():
        print(f"{name:<20} " + "  ".join(f"{words / s:>8,.0f} words/s" for s in seconds))
    for turn in range(args.repeats):
        plain, parses, again = (times[k][turn] for k in times)
        print(f"turn {turn + 1}: storing parses costs ingest {parses / plain - 1:+.1%} time; "
              f"recode is {parses / again:.1f}x as fast as ingest")


if __name__ == "__main__":
    main()
