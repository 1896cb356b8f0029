"""Which predicted event is which gold event: one-to-one, by trigger overlap, then by sentence.

The same rule matches a coder against gold and one annotator against another (agreement):
  tier 1  a span of one event (trigger or another mention of the same happening) overlaps a
          span of the other; among several candidates the same type wins, then the larger
          overlap;
  tier 2  left over after tier 1: a span of each in the same sentence and the same type
          (the two chose different words for one act: "launched" / "air strikes").
Matching is one-to-one, so a happening coded three times is one match and two false
positives: the "one event per happening" rule is scored, not assumed.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Mentioned:
    """What matching needs of an event: its spans (first = trigger) and its PLOVER type."""
    spans: tuple[tuple[int, int], ...]
    type: str


@dataclass(frozen=True)
class Pair:
    gold: int
    predicted: int
    tier: int  # 1 trigger overlap, 2 same sentence and type


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[Mentioned], predicted: Sequence[Mentioned],
          sentence_of: Callable[[int], int | None]) -> list[Pair]:
    """One-to-one pairs of gold and predicted indices; `sentence_of(offset)` names a sentence."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = max(_overlap(a, b) for a in g.spans for b in p.spans)
            if overlap:
                candidates.append(((0, g.type != p.type, -overlap, gi, pi), gi, pi, 1))
                continue
            if g.type == p.type:
                g_sentences = {sentence_of(s) for s, _ in g.spans} - {None}
                if g_sentences & {sentence_of(s) for s, _ in p.spans}:
                    candidates.append(((1, 0, 0, gi, pi), gi, pi, 2))
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi, tier in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append(Pair(gi, pi, tier))
    return sorted(pairs, key=lambda p: p.gold)


def sentence_lookup(sentences: Sequence[tuple[int, int]]) -> Callable[[int], int | None]:
    """`sentence_of` for sentences given as (start, end) spans in text order."""
    import bisect

    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < sentences[i][1] else None

    return sentence_of
