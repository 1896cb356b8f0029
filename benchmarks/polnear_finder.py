#!/usr/bin/env python3
"""Score the quote finder alone on a PolNeAR split, with the project's judge.

    python benchmarks/polnear_finder.py ../shared/data/gold/polnear/data/dev [--limit N]

Runs ../shared/tools/score_polnear.py (the official scorer: content P/R/F1 and attribution
P/R/F1) with `--cmd` pointing at benchmarks/polnear_adapter.py, which parses each article
with the project's spaCy pipeline (nlp.pipe, one process, batched) and runs QuoteFinder
over it. Going through the judge itself, rather than a copy of its overlap logic, means the
numbers printed here are the numbers the judge gives. Prints the judge's output and the
wall-clock time; the last line is the judge's summary.
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SCORER = HERE.parent.parent / "shared" / "tools" / "score_polnear.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split_dir", type=Path, help="a PolNeAR split: a folder with text/ and attributions/")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N articles")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="path of score_polnear.py")
    parser.add_argument("--model", default=None, help="spaCy model name for the adapter")
    args = parser.parse_args()
    if not args.scorer.is_file():
        print(f"judge not found at {args.scorer}; pass --scorer", file=sys.stderr)
        return 2
    adapter = [sys.executable, str(HERE / "polnear_adapter.py")] + (["--model", args.model] if args.model else [])
    command = [sys.executable, str(args.scorer), str(args.split_dir), "--cmd", shlex.join(adapter)]
    if args.limit:
        command += ["--limit", str(args.limit)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    print(f"# {shlex.join(command)}")
    print(f"# {time.perf_counter() - started:.0f} s")
    print(result.stdout.rstrip())
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
