#!/usr/bin/env python3
"""A random sample of a learned actor knowledge base, with the words that taught each entry,
for checking by hand (the verdicts go in BENCHMARKS.md).

    .venv/bin/python benchmarks/kb_sample.py --db /tmp/guardian.duckdb --kb /tmp/guardian_kb.tsv --seed 2026112904

Each line: the entry (name | country sector | role | articles that named them) and the text
around the name in the first evidence article, so a reader can judge it without the corpus.
"""
from __future__ import annotations

import argparse
import csv
import random
import re

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the DuckDB store the knowledge base was learned from")
    parser.add_argument("--kb", required=True, help="the knowledge-base TSV from `eventwire kb learn`")
    parser.add_argument("--seed", type=int, required=True, help="a seed not used for an earlier sample")
    parser.add_argument("--size", type=int, default=50)
    args = parser.parse_args()
    with open(args.kb, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    random.seed(args.seed)
    store = duckdb.connect(args.db, read_only=True)
    for number, row in enumerate(random.sample(rows, min(args.size, len(rows))), start=1):
        article_id = row["evidence"].split("|")[0]
        found = store.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        text = found[0] if found else ""
        match = re.search(re.escape(row["name"]), text)
        context = text[max(0, match.start() - 110): match.end() + 70].replace("\n", " ") if match else ""
        print(f"{number}. {row['name']} | {row['country']} {row['sector']} | {row['role']} | n={row['mentions']} "
              f":: {context}")


if __name__ == "__main__":
    main()
