"""Check annotation files against the guide's format: every word found, every code valid.

    python benchmarks/news_gold/check_annotation.py FILE.json [FILE.json ...] [--shared ../shared]

For annotators: run it on your own files before handing them in. It prints, per file, how
many events resolved and each problem with the event it belongs to; it never shows any
coder output.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.eval.news.annotations import resolve_article
from eventwire.eval.news.sources import DEFAULT_SHARED, MissingText, load_articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    bad = 0
    for path in args.files:
        try:
            annotation = json.loads(path.read_text(encoding="utf-8"))
            article_id = annotation["article"]
            text = load_articles([article_id], args.shared)[article_id].text
        except (OSError, ValueError, KeyError, MissingText) as exc:
            print(f"{path}: cannot be read: {exc}")
            bad += 1
            continue
        result = resolve_article(text, annotation)
        status = "ok" if not result.problems else f"{len(result.problems)} problem(s)"
        print(f"{path}: {len(result.events)} event(s) resolved, {status}")
        for problem in result.problems:
            print(f"  {problem}")
        bad += bool(result.problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
