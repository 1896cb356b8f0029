"""How coding time grows on inputs built to be slow, as ratios measured in one run.

    python benchmarks/pathological_inputs.py [--sizes 4000 8000 16000 32000]

For each shape (a comma-separated list of country names, a run of quote marks, plain prose
for reference) and each size, codes one article and prints seconds per 1,000 characters
(parse and coding apart). Linear growth keeps that figure flat; quadratic growth doubles it
with each doubling of size. Timings on a shared machine are noisy: compare the ratios
within one run, not the seconds across runs.
"""
from __future__ import annotations

import argparse
import time

from eventwire.pipeline import ArticleInput, Pipeline

PROSE = ("Turkish troops shelled Kurdish positions near Afrin on Monday, the monitoring group said. "
         "The foreign ministry in Ankara rejected the accusation and called for talks. ")
SHAPES = {
    "country list": lambda n: (", ".join(["Russia", "China"] * (n // 14 + 1)))[:n] + ".",
    "quote marks": lambda n: '"' * n,
    "prose": lambda n: (PROSE * (n // len(PROSE) + 1))[:n],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 8000, 16000, 32000])
    args = parser.parse_args()
    pipeline = Pipeline()
    pipeline.code(ArticleInput(PROSE))  # warm up: gazetteer pools, lexicons
    print(f"{'shape':14} {'chars':>7} {'parse s/kchar':>14} {'code s/kchar':>13}")
    for shape, make in SHAPES.items():
        for size in args.sizes:
            text = make(size)
            start = time.perf_counter()
            parsed = next(pipeline.parse([ArticleInput(text)]))
            parsed_at = time.perf_counter()
            pipeline.code_parsed(parsed)
            done = time.perf_counter()
            print(f"{shape:14} {len(text):7d} {1000 * (parsed_at - start) / len(text):14.4f} "
                  f"{1000 * (done - parsed_at) / len(text):13.4f}")


if __name__ == "__main__":
    main()
