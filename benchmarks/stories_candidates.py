#!/usr/bin/env python3
"""Candidate event pairs to judge for the stories judged set (how stories_judged.jsonl was made).

    .venv/bin/python benchmarks/stories_candidates.py --db /tmp/guardian.duckdb --corpus guardian \
        --out /tmp/guardian_candidates.jsonl [--per-bin 25] [--seed 1]

Reads a store coded by `eventwire ingest`, takes every pair of events that blocking puts
together (same dyad and PLOVER type, within --window-days), and samples pairs evenly across
MiniLM cosine-similarity bins (so that both easy and hard cases get judged), at most
--per-block pairs from one block. The output carries the two evidence sentences so that a
person can judge them; it is a working file for /tmp, never for the project (the article text
is third-party). The judged set keeps only ids, trigger offsets and the judgement.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.store import open_store  # noqa: E402
from eventwire.stories.build import read_events  # noqa: E402
from eventwire.stories.cluster import block_key, candidate_pairs  # noqa: E402
from eventwire.stories.embed import SentenceEmbedder  # noqa: E402
from eventwire.stories.evaluate import split_of  # noqa: E402

BINS = (-1.0, 0.3, 0.45, 0.6, 0.75, 1.01)


def trigger_offsets(store, article_id: str, event_id: str) -> tuple[int, int, str]:
    row = store.con.execute("SELECT trigger_start, trigger_end, cameo FROM events WHERE article_id = ? AND id = ?",
                            [article_id, event_id]).fetchone()
    return int(row[0]), int(row[1]), row[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--window-days", type=int, default=3)
    parser.add_argument("--per-bin", type=int, default=25)
    parser.add_argument("--per-block", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cross-article", action="store_true", help="only pairs from two different articles")
    args = parser.parse_args()

    with open_store(args.db, read_only=True) as store:
        events = read_events(store)
        embeddings = SentenceEmbedder().embed([e.sentence for e in events])
        pairs = [(i, j) for i, j in candidate_pairs(events, args.window_days)
                 if events[i].sentence != events[j].sentence
                 and (not args.cross_article or events[i].article_id != events[j].article_id)]
        binned: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
        for i, j in pairs:
            cos = float(embeddings[i] @ embeddings[j])
            binned[next(b for b in range(len(BINS) - 1) if BINS[b] <= cos < BINS[b + 1])].append((i, j, cos))
        rng = random.Random(args.seed)
        chosen, per_block = [], defaultdict(int)
        for b in sorted(binned):
            candidates = binned[b]
            rng.shuffle(candidates)
            taken = 0
            for i, j, cos in candidates:
                block = "|".join(str(part) for part in block_key(events[i]))
                if taken >= args.per_bin or per_block[block] >= args.per_block:
                    continue
                per_block[block] += 1
                taken += 1
                chosen.append((block, i, j, cos))
        with args.out.open("w", encoding="utf-8") as out:
            for n, (block, i, j, cos) in enumerate(chosen):
                refs = []
                for e in (events[i], events[j]):
                    start, end, cameo = trigger_offsets(store, e.article_id, e.event_id)
                    refs.append({"article_id": e.article_id, "event_id": e.event_id, "trigger": [start, end],
                                 "cameo": cameo, "day": e.day.isoformat() if e.day else None,
                                 "sentence": e.sentence})
                out.write(json.dumps({"n": n, "corpus": args.corpus, "block": block,
                                      "split": split_of(f"{args.corpus}|{block}"), "cosine": round(cos, 3),
                                      "a": refs[0], "b": refs[1]}, ensure_ascii=False) + "\n")
    print(f"{len(pairs)} candidate pairs, {len(chosen)} sampled -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
