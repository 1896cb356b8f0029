"""Clustering quality against judged pairs: is this pair of events one real-world event or not?

The judged set (eventwire/data/eval/stories_judged.jsonl, see the README beside it) holds
pairs of events that blocking puts together, each judged same/different by a person. A
clustering is scored on those pairs: a pair is predicted "same" when both events land in
one story. Pairwise precision, recall and F1 are over the judged "same" pairs.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EventRef = tuple[str, int, int]  # article id, trigger start, trigger end: survives re-coding with new event ids


@dataclass(frozen=True)
class JudgedPair:
    corpus: str
    a: EventRef
    b: EventRef
    same: bool
    split: str   # "dev" (for choosing parameters) or "test" (for reporting)
    note: str = ""


def judged_set_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "eval" / "stories_judged.jsonl"


def load_judged(path: Path | None = None) -> list[JudgedPair]:
    """The judged pairs; a malformed line is an error naming its line number."""
    path = path or judged_set_path()
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            pairs.append(JudgedPair(corpus=record["corpus"], a=_ref(record["a"]), b=_ref(record["b"]),
                                    same=bool(record["same"]), split=record["split"], note=record.get("note", "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a judged pair ({exc})") from exc
    return pairs


def _ref(record: Mapping[str, Any]) -> EventRef:
    return (str(record["article_id"]), int(record["trigger"][0]), int(record["trigger"][1]))


def split_of(block: str) -> str:
    """Dev or test by a hash of the pair's block, so that one block's pairs never straddle the split."""
    return "dev" if int(hashlib.sha256(block.encode()).hexdigest(), 16) % 2 == 0 else "test"


def pairwise_scores(pairs: Iterable[JudgedPair], story_of: Mapping[EventRef, str]) -> dict[str, float | int]:
    """Pairwise precision/recall/F1 of a clustering (`story_of`: event -> story id) on judged pairs.

    A judged event missing from `story_of` (the store was coded differently) is counted in
    `missing` and its pair skipped, so a changed coder shows up instead of hiding in the scores.
    """
    tp = fp = fn = tn = missing = 0
    for pair in pairs:
        if pair.a not in story_of or pair.b not in story_of:
            missing += 1
            continue
        predicted = story_of[pair.a] == story_of[pair.b]
        if predicted and pair.same:
            tp += 1
        elif predicted:
            fp += 1
        elif pair.same:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": tp + fp + fn + tn, "same": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "missing": missing, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
