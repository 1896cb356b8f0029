#!/usr/bin/env python3
"""Code every article in ../shared/data/corpora through `eventwire code --jsonl -` and check
the output: crashes, skipped records by reason, span integrity, references, counts.

    .venv/bin/python benchmarks/corpora_check.py [--raw] [--every N]

The last line is the summary quoted in BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.eval.contract import contract_problems  # noqa: E402
from eventwire.eval.corpora import read_all  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", action="store_true")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "corpora"))
    args = ap.parse_args()
    articles = list(read_all(Path(args.shared), every=args.every))
    payload = "".join(json.dumps(a.as_record()) + "\n" for a in articles)
    words = sum(len(a.text.split()) for a in articles)
    cmd = [str(ROOT / ".venv" / "bin" / "eventwire"), "code", "--jsonl", "-"] + (["--raw"] if args.raw else [])
    started = time.perf_counter()
    proc = subprocess.run(cmd, input=payload, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    docs = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    reasons = collections.Counter(re.findall(r"\[(E\d+)\]", proc.stderr))
    problems = [(d["article"]["id"], p) for d in docs for p in contract_problems(d)]
    counts = collections.Counter()
    for d in docs:
        for key in ("actors", "places", "events", "quotes"):
            counts[key] += len(d[key])
    for article_id, problem in problems[:20]:
        print(f"PROBLEM {article_id}: {problem}")
    print(f"exit {proc.returncode}; articles {len(articles)}; documents {len(docs)}; skipped by reason {dict(reasons)}; "
          f"span/reference problems {len(problems)}; {dict(counts)}")
    print(f"{words} words in {seconds:.0f} s ({words / seconds:.0f} words/s, one process, model load included)")


if __name__ == "__main__":
    main()
