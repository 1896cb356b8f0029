"""Which events report the same real-world event: blocking, then linking by similarity.

Blocking: two events can only be one story if they have the same dyad (source country,
target country), the same event type and lie within `window_days` of each other. A missing
country is a value of its own ("unknown"), not a wildcard: an event whose target we could
not resolve only joins other events with an unresolved target, so a vague report never
bridges two well-coded stories.

Linking inside a block: without embeddings every pair within the window is linked
(single-linkage over time, the dyad+type+window baseline). With sentence embeddings a pair
is linked when the cosine similarity of its evidence sentences reaches `threshold`, joined
either by single linkage (any link joins two groups) or by average linkage (two groups join
only while their mean pairwise similarity reaches the threshold; pairs outside the window
count as dissimilar), which resists chaining unrelated reports through one bland sentence.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

import numpy as np

from eventwire.stories.records import StoryEvent

BlockBy = Literal["plover", "cameo_root"]
Linkage = Literal["single", "average"]

# Chosen on the dev half of eventwire/data/eval/stories_judged.jsonl (benchmarks/stories_eval.py):
# average linkage at 0.55 had the best dev F1; see BENCHMARKS.md for the held-out numbers.
DEFAULT_WINDOW_DAYS = 3
DEFAULT_THRESHOLD = 0.55

# Similarity given to pairs that blocking keeps apart, in average linkage: far below any threshold.
_APART = -1.0


def block_key(event: StoryEvent, by: BlockBy = "plover") -> tuple[str | None, str | None, str]:
    kind = event.plover_type if by == "plover" else event.cameo_root
    return (event.source_country, event.target_country, kind)


def blocks(events: Sequence[StoryEvent], by: BlockBy = "plover") -> list[list[int]]:
    """Indices of `events` grouped by block key, each block in event order, blocks in key order."""
    grouped: dict[tuple[str | None, str | None, str], list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        grouped[block_key(event, by)].append(i)
    ordered = sorted(grouped.items(), key=lambda item: tuple("" if part is None else part for part in item[0]))
    return [sorted(members, key=lambda i: events[i].order) for _, members in ordered]


def within_window(a: StoryEvent, b: StoryEvent, window_days: int) -> bool:
    """Close enough in time; two undated events are together, a dated and an undated one are not."""
    if a.day is None or b.day is None:
        return a.day is None and b.day is None
    return abs((a.day - b.day).days) <= window_days


def time_runs(events: Sequence[StoryEvent], block: list[int], window_days: int) -> list[list[int]]:
    """A block (in event order) cut wherever consecutive days are more than the window apart.

    No pair across such a gap can be linked, so clustering each run alone gives the same
    stories while keeping the pairwise work proportional to a few days' news, not to years.
    Undated events (sorted last) form a run of their own.
    """
    runs: list[list[int]] = []
    previous: StoryEvent | None = None
    for i in block:
        event = events[i]
        if previous is None or not _same_run(previous, event, window_days):
            runs.append([])
        runs[-1].append(i)
        previous = event
    return runs


def _same_run(previous: StoryEvent, event: StoryEvent, window_days: int) -> bool:
    if previous.day is None or event.day is None:
        return previous.day is None and event.day is None
    return (event.day - previous.day).days <= window_days


def candidate_pairs(events: Sequence[StoryEvent], window_days: int = DEFAULT_WINDOW_DAYS,
                    by: BlockBy = "plover") -> list[tuple[int, int]]:
    """Every pair (i < j) that blocking puts together: same dyad and type, within the window."""
    pairs = []
    for block in blocks(events, by):
        for x, i in enumerate(block):
            for j in block[x + 1:]:
                if within_window(events[i], events[j], window_days):
                    pairs.append((min(i, j), max(i, j)))
    return sorted(pairs)


def cluster_events(events: Sequence[StoryEvent], embeddings: np.ndarray | None = None, *,
                   window_days: int = DEFAULT_WINDOW_DAYS, threshold: float = DEFAULT_THRESHOLD,
                   linkage: Linkage = "average", by: BlockBy = "plover") -> list[list[int]]:
    """Group `events` into stories: lists of indices, each in event order, earliest story first.

    `embeddings` (one L2-normalised row per event) turn on similarity linking; None gives the
    dyad+type+window baseline.
    """
    if embeddings is not None and len(embeddings) != len(events):
        raise ValueError(f"{len(embeddings)} embeddings for {len(events)} events: need one per event")
    clusters: list[list[int]] = []
    for block in (run for b in blocks(events, by) for run in time_runs(events, b, window_days)):
        if embeddings is None:
            clusters.extend(_link_single(events, block, None, window_days, threshold))
        elif linkage == "single":
            clusters.extend(_link_single(events, block, embeddings, window_days, threshold))
        elif linkage == "average":
            clusters.extend(_link_average(events, block, embeddings, window_days, threshold))
        else:
            raise ValueError(f"unknown linkage {linkage!r}: use 'single' or 'average'")
    ordered = [sorted(c, key=lambda i: events[i].order) for c in clusters]
    return sorted(ordered, key=lambda c: events[c[0]].order)


def _link_single(events: Sequence[StoryEvent], block: list[int], embeddings: np.ndarray | None,
                 window_days: int, threshold: float) -> list[list[int]]:
    parent = {i: i for i in block}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for x, i in enumerate(block):
        for j in block[x + 1:]:
            if not within_window(events[i], events[j], window_days):
                continue
            if embeddings is not None and float(embeddings[i] @ embeddings[j]) < threshold:
                continue
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in block:
        groups[root(i)].append(i)
    return list(groups.values())


def _link_average(events: Sequence[StoryEvent], block: list[int], embeddings: np.ndarray,
                  window_days: int, threshold: float) -> list[list[int]]:
    """Agglomerative average linkage on one block (Lance-Williams update, O(n^2) memory)."""
    n = len(block)
    if n == 1:
        return [list(block)]
    vectors = embeddings[block]
    similarity = (vectors @ vectors.T).astype(np.float64)
    for x in range(n):
        for y in range(x + 1, n):
            if not within_window(events[block[x]], events[block[y]], window_days):
                similarity[x, y] = similarity[y, x] = _APART
    np.fill_diagonal(similarity, -np.inf)
    members: dict[int, list[int]] = {x: [block[x]] for x in range(n)}
    alive = np.ones(n, dtype=bool)
    while True:
        masked = np.where(alive[:, None] & alive[None, :], similarity, -np.inf)
        flat = int(np.argmax(masked))  # first maximum: ties resolve the same way every run
        x, y = divmod(flat, n)
        if masked[x, y] < threshold:
            break
        size_x, size_y = len(members[x]), len(members[y])
        merged = (similarity[x] * size_x + similarity[y] * size_y) / (size_x + size_y)
        similarity[x, :] = merged
        similarity[:, x] = merged
        similarity[x, x] = -np.inf
        members[x].extend(members.pop(y))
        alive[y] = False
    return [members[x] for x in range(n) if alive[x]]
