"""For the adjudicator: two annotators' events on one article, matched, with their differences.

    python benchmarks/news_gold/side_by_side.py A_DIR B_DIR FILE_NAME.json

Prints each matched pair (and every event only one annotator coded) with the fields on
which they differ, using the same matching rule as the scorer and the agreement figures.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from eventwire.eval.news.annotations import resolve_article, split_sentences
from eventwire.eval.news.match import sentence_lookup
from eventwire.eval.news.score import match_events
from eventwire.eval.news.sources import DEFAULT_SHARED, load_articles

FIELDS = ("type", "mode", "source", "target", "reciprocal", "modality", "negated", "attributed_to", "date",
          "background", "place")


def _brief(value):
    if isinstance(value, list):  # actor lists: order carries no meaning
        return sorted(str(_brief(v)) for v in value) or "[]"
    if isinstance(value, dict):
        return "/".join(str(value.get(k)) for k in ("country", "sector") if k in value) or "?"
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a_dir", type=Path)
    parser.add_argument("b_dir", type=Path)
    parser.add_argument("name")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    raw_a = json.loads((args.a_dir / args.name).read_text(encoding="utf-8"))
    raw_b = json.loads((args.b_dir / args.name).read_text(encoding="utf-8"))
    text = load_articles([raw_a["article"]], args.shared)[raw_a["article"]].text
    sentences = split_sentences(text)
    a, b = resolve_article(text, raw_a).events, resolve_article(text, raw_b).events

    def where(e):
        s = e["trigger"]
        return f"S{sentence_lookup(sentences)(s['start'])} {text[s['start']:s['end']]!r}"

    pairs = match_events(a, b, sentences)
    print(f"{raw_a['article']}: A {len(a)} events, B {len(b)}, matched {len(pairs)}")
    for pair in pairs:
        ea, eb = a[pair.gold], b[pair.predicted]
        diffs = [f"{f}: A={_brief(ea.get(f))} B={_brief(eb.get(f))}" for f in FIELDS if _brief(ea.get(f)) != _brief(eb.get(f))]
        print(f"BOTH  A#{pair.gold} {where(ea)} / B#{pair.predicted} {where(eb)}  {ea['type']}"
              + ("" if not diffs else "\n      " + "\n      ".join(diffs)))
    for i in sorted(set(range(len(a))) - {p.gold for p in pairs}):
        print(f"ONLY A#{i} {where(a[i])} {a[i]['type']} {_brief(a[i]['source'])}->{_brief(a[i]['target'])} {a[i]['modality']}")
    for i in sorted(set(range(len(b))) - {p.predicted for p in pairs}):
        print(f"ONLY B#{i} {where(b[i])} {b[i]['type']} {_brief(b[i]['source'])}->{_brief(b[i]['target'])} {b[i]['modality']}")


if __name__ == "__main__":
    main()
