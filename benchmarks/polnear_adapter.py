#!/usr/bin/env python3
"""Adapter between the PolNeAR judge and eventwire's quote finder alone.

Reads JSON lines {"id", "text"} on stdin and writes, per line, the quotes part of the
document contract (DESIGN.md) for the text exactly as given (no cleaning, so offsets
index the judge's text):

    {"article": {"id": ...}, "text": ..., "quotes": [{"content": {"start", "end", "text"},
     "source": {...} | null, "cue": {...} | null, "kind": "direct" | "indirect" | "mixed"}]}

Used by benchmarks/polnear_finder.py as the judge's --cmd; runnable by hand as well:

    python benchmarks/polnear_adapter.py < articles.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from eventwire.nlp import load_model
from eventwire.quotes.finder import QuoteFinder, QuoteFinding


def _span(text: str, offsets: tuple[int, int] | None) -> dict[str, Any] | None:
    if offsets is None:
        return None
    start, end = offsets
    return {"start": start, "end": end, "text": text[start:end]}


def finding_to_dict(text: str, finding: QuoteFinding) -> dict[str, Any]:
    return {"content": _span(text, finding.content), "source": _span(text, finding.source),
            "cue": _span(text, finding.cue), "kind": finding.kind}


def read_records(stream: TextIO) -> Iterator[dict[str, Any]]:
    for line in stream:
        if line.strip():
            record = json.loads(line)
            yield {"id": str(record.get("id")), "text": str(record.get("text") or "")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="spaCy model name (default: the installed English model)")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    nlp = load_model(args.model)
    finder = QuoteFinder()
    records = list(read_records(sys.stdin))
    docs = nlp.pipe((r["text"] for r in records), batch_size=args.batch_size, n_process=1)
    for record, doc in zip(records, docs):
        quotes = [finding_to_dict(record["text"], f) for f in finder(doc)]
        out = {"article": {"id": record["id"]}, "text": record["text"], "quotes": quotes}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
