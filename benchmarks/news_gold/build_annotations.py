"""Turn annotators' JSON files (words and sentence numbers) into offset-only annotation files.

    python benchmarks/news_gold/build_annotations.py DIR --annotator A [--out FILE]

Reads every *.json in DIR (docs/annotation-guide.md, section 9), resolves each event's words
to offsets in the text from ../shared, and writes one line per article to
eventwire/data/eval/news/annotators/<A>.jsonl (ids, offsets, codes, short hashes; no text).
Events whose words cannot be found are listed and left out.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.eval.news.annotations import resolve_directory
from eventwire.eval.news.gold import GOLD_DIR, read_jsonl, write_jsonl
from eventwire.eval.news.sources import DEFAULT_SHARED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--annotator", required=True)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--merge", action="store_true", help="Keep articles already in the output file.")
    args = parser.parse_args()
    out = args.out or GOLD_DIR / "annotators" / f"{args.annotator}.jsonl"
    articles, problems = resolve_directory(args.directory, args.shared)
    if args.merge and out.exists():
        fresh = {a.id for a in articles}
        articles += [a for a in read_jsonl(out) if a.id not in fresh]
    write_jsonl(out, articles)
    for problem in problems:
        print(problem)
    print(f"wrote {out}: {len(articles)} articles, {sum(len(a.events) for a in articles)} events, "
          f"{len(problems)} unresolved")


if __name__ == "__main__":
    main()
