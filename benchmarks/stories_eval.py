#!/usr/bin/env python3
"""Story clustering quality on the judged pairs: dyad+type+window alone against MiniLM linking.

    .venv/bin/eventwire ingest --db /tmp/stories_guardian.duckdb \
        --columns published=date,text=text,source=source \
        ../shared/data/corpora/guardian_sdf_ngec/Guardian_SDF_sample.csv
    .venv/bin/python benchmarks/stories_eval.py --db /tmp/stories_guardian.duckdb

Clusters every event of the store (as `eventwire stories` does, without writing), then scores
each configuration on the judged pairs of eventwire/data/eval/stories_judged.jsonl: pairwise
precision, recall and F1 of "both events in one story". The threshold of each linkage is
chosen on the dev split (best F1, ties to the higher threshold) and reported on the test split;
the baseline has nothing to choose but the window. The last lines are the numbers quoted in
BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.store import open_store  # noqa: E402
from eventwire.stories.build import read_events  # noqa: E402
from eventwire.stories.cluster import cluster_events  # noqa: E402
from eventwire.stories.embed import SentenceEmbedder  # noqa: E402
from eventwire.stories.evaluate import EventRef, load_judged, pairwise_scores  # noqa: E402

THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(12)]  # 0.30 .. 0.85


def story_map(events, clusters, refs) -> dict[EventRef, str]:
    story_of = {}
    for n, cluster in enumerate(clusters):
        for i in cluster:
            story_of[refs[events[i].key]] = str(n)
    return story_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a store holding the Guardian sample, coded by eventwire ingest")
    parser.add_argument("--corpus", default="guardian")
    parser.add_argument("--window-days", type=int, default=3)
    args = parser.parse_args()

    judged = [p for p in load_judged() if p.corpus == args.corpus]
    dev = [p for p in judged if p.split == "dev"]
    test = [p for p in judged if p.split == "test"]
    with open_store(args.db, read_only=True) as store:
        events = read_events(store)
        refs = {(a, e): (a, int(s), int(t)) for a, e, s, t in store.con.execute(
            "SELECT article_id, id, trigger_start, trigger_end FROM events").fetchall()}
    embeddings = SentenceEmbedder().embed([e.sentence for e in events])
    print(f"{len(events)} events; judged pairs: dev {len(dev)} ({sum(p.same for p in dev)} same), "
          f"test {len(test)} ({sum(p.same for p in test)} same)")

    results = {}
    for window in sorted({0, 1, args.window_days}):
        clusters = cluster_events(events, None, window_days=window)
        story_of = story_map(events, clusters, refs)
        results[f"baseline window={window}"] = (pairwise_scores(dev, story_of), pairwise_scores(test, story_of))
    for linkage in ("single", "average"):
        best = None
        for threshold in THRESHOLDS:
            clusters = cluster_events(events, embeddings, window_days=args.window_days, threshold=threshold,
                                      linkage=linkage)
            story_of = story_map(events, clusters, refs)
            dev_scores = pairwise_scores(dev, story_of)
            print(f"  dev {linkage:7s} t={threshold:.2f}: P {dev_scores['precision']:.3f} "
                  f"R {dev_scores['recall']:.3f} F1 {dev_scores['f1']:.3f}")
            if best is None or dev_scores["f1"] >= best[1]["f1"]:
                best = (threshold, dev_scores, pairwise_scores(test, story_of), len(clusters))
        threshold, dev_scores, test_scores, n = best
        results[f"minilm {linkage} t={threshold:.2f} window={args.window_days}"] = (dev_scores, test_scores)

    print("\nconfiguration | dev P/R/F1 | test P/R/F1 (test pairs)")
    for name, (d, t) in results.items():
        print(f"{name} | {d['precision']:.3f}/{d['recall']:.3f}/{d['f1']:.3f} | "
              f"{t['precision']:.3f}/{t['recall']:.3f}/{t['f1']:.3f} ({t['pairs']}, missing {t['missing']})")
    print(json.dumps({name: {"dev": d, "test": t} for name, (d, t) in results.items()}))


if __name__ == "__main__":
    main()
