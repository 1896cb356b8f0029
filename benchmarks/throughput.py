#!/usr/bin/env python3
"""Whole-pipeline throughput against bare spaCy parsing of the same articles, in one run.

    .venv/bin/python benchmarks/throughput.py [--every 40]

Both passes use the same loaded model and batch size; the ratio is what matters on a shared,
noisy machine. The last line is the summary quoted in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.corpora import read_all  # noqa: E402
from eventwire.pipeline import ArticleInput, Pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--every", type=int, default=40)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "corpora"))
    args = ap.parse_args()
    articles = list(read_all(Path(args.shared), every=args.every))
    words = sum(len(a.text.split()) for a in articles)
    pipeline = Pipeline()
    list(pipeline.code_many([ArticleInput(a.text) for a in articles[:5]]))  # warm caches (gazetteer, lexicons)
    started = time.perf_counter()
    list(pipeline.nlp.pipe((a.text for a in articles), batch_size=pipeline.batch_size))
    bare = time.perf_counter() - started
    started = time.perf_counter()
    list(pipeline.code_many(ArticleInput(a.text) for a in articles))
    whole = time.perf_counter() - started
    print(f"{len(articles)} articles, {words} words; bare spaCy {words / bare:.0f} words/s, "
          f"whole pipeline {words / whole:.0f} words/s; ratio {bare / whole:.2f}")


if __name__ == "__main__":
    main()
