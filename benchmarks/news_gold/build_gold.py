"""Write the adjudicated gold set: one file per split, offsets and codes only.

    python benchmarks/news_gold/build_gold.py DIR

DIR holds the adjudicator's JSON files (docs/annotation-guide.md, sections 9 and 11). Each
article goes to the split articles.tsv assigned it before annotation began; every event's
words are resolved to offsets in the text from ../shared. Prints per-split counts and any
event that could not be resolved (left out).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.eval.news.annotations import resolve_directory
from eventwire.eval.news.gold import GOLD_DIR, SPLITS, split_of_articles, write_jsonl
from eventwire.eval.news.score import is_real
from eventwire.eval.news.sources import DEFAULT_SHARED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    articles, problems = resolve_directory(args.directory, args.shared)
    split_of = split_of_articles()
    unknown = [a.id for a in articles if a.id not in split_of]
    if unknown:
        raise SystemExit(f"articles not in articles.tsv: {', '.join(unknown)}")
    for problem in problems:
        print(problem)
    for split in SPLITS:
        chosen = [a for a in articles if split_of[a.id] == split]
        write_jsonl(GOLD_DIR / f"{split}.jsonl", chosen)
        events = [e for a in chosen for e in a.events]
        print(f"{split}: {len(chosen)} articles, {len(events)} events ({sum(map(is_real, events))} real)")
    missing = sorted(set(split_of) - {a.id for a in articles})
    if missing:
        print(f"not yet adjudicated: {len(missing)} article(s)")


if __name__ == "__main__":
    main()
