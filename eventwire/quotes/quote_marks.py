"""Quotation marks: where quotations start and end in raw news text.

Pairing is total (any text, any marks, never an error) and paragraph-bound: a quotation
still open at its paragraph's end runs to that end, because news style leaves the closing
mark off a quote that continues in the next paragraph. Straight marks (" and the NYT's '')
are told apart as opening or closing by their neighbours; single marks count only outside
double ones, since inside they are nested quotes, and only where they cannot be apostrophes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from sys import maxsize

Offsets = tuple[int, int]  # character offsets, end exclusive

DOUBLE_MARKS = re.compile(r"``|''|[\"\u201c\u201d\u201e\u00ab\u00bb\u2033\uff02]")
OPENING_DOUBLE = frozenset({"``", "\u201c", "\u201e", "\u00ab"})
CLOSING_DOUBLE = frozenset({"\u201d", "\u00bb"})
SINGLE_MARKS = re.compile(r"['\u2018\u2019]")
# Characters after which a straight mark opens rather than closes a quotation.
OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/\"\u201c")


def paragraph_spans(text: str) -> list[Offsets]:
    """Non-blank lines, stripped: news paragraphs, the unit a quotation never crosses unclosed."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        start = m.start() + len(line) - len(line.lstrip())
        end = m.start() + len(line.rstrip())
        if end > start:
            out.append((start, end))
    return out


def paragraph_of(pos: int, paragraphs: list[Offsets]) -> Offsets:
    """The paragraph holding pos, or (pos, pos + 1) between paragraphs."""
    found = _at_or_before(paragraphs, pos)
    return found if found is not None and pos < found[1] else (pos, pos + 1)


def quote_spans(text: str, paragraphs: list[Offsets] | None = None) -> list[Offsets]:
    """Quotations with their marks, in text order. Double marks pair first; single marks
    count only outside them (British style), since inside they are nested quotes or apostrophes.
    A quotation still open at its paragraph's end runs to that end when the next paragraph
    opens with a quote mark, as news style leaves the closing mark off a quote that goes on
    into the next paragraph; otherwise its opening mark was a stray and is ignored."""
    paragraphs = paragraphs if paragraphs is not None else paragraph_spans(text)
    out: list[Offsets] = []
    for n, (start, end) in enumerate(paragraphs):
        doubles, open_at = _pair_doubles(text, start, end)
        if open_at is not None and n + 1 < len(paragraphs) and _opens_quote(text, paragraphs[n + 1][0]):
            doubles.append((open_at, end))
        singles = [s for s in _pair_singles(text, start, end) if not any(overlap(s, d) for d in doubles)]
        out.extend(sorted(doubles + singles))
    return [s for s in out if any(ch.isalnum() for ch in text[s[0]:s[1]])]


def _opens_quote(text: str, pos: int) -> bool:
    m = DOUBLE_MARKS.match(text, pos)
    return m is not None and m.group() not in CLOSING_DOUBLE


def _pair_doubles(text: str, start: int, end: int) -> tuple[list[Offsets], int | None]:
    """Closed quotations in text[start:end], and where one is left open at the end (or None)."""
    spans, open_at = [], None
    for m in DOUBLE_MARKS.finditer(text, start, end):
        mark, role = m.group(), _double_role(text, m.start(), m.end())
        if open_at is None:
            if role != "close":
                open_at = m.start()
        elif role == "open" and mark in OPENING_DOUBLE:
            open_at = m.start()  # a second opening mark: the first one was stray
        else:
            spans.append((open_at, m.end()))
            open_at = None
    return spans, open_at


def _double_role(text: str, start: int, end: int) -> str:
    mark = text[start:end]
    if mark in OPENING_DOUBLE:
        return "open"
    if mark in CLOSING_DOUBLE:
        return "close"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in OPENING_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return "either"


def _pair_singles(text: str, start: int, end: int) -> list[Offsets]:
    """British-style ‘...’ quotations; an apostrophe (don’t, voters’) must not open one."""
    spans, open_at = [], None
    for m in SINGLE_MARKS.finditer(text, start, end):
        i, mark = m.start(), m.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if mark != "\u2019" and before in OPENING_CONTEXT and after.isalpha():
                open_at = i
        elif mark != "\u2018" and not before.isspace() and not after.isalnum():
            spans.append((open_at, i + 1))
            open_at = None
    return spans


# Lookups in span lists that are sorted and do not overlap, as paragraph_spans and
# quote_spans give them: a long article has hundreds of each.


def _at_or_before(spans: list[Offsets], pos: int) -> Offsets | None:
    n = bisect_right(spans, (pos, maxsize)) - 1
    return spans[n] if n >= 0 else None


def overlapping(spans: list[Offsets], span: Offsets) -> list[Offsets]:
    """The spans of a sorted, non-overlapping list that overlap span."""
    n = max(bisect_right(spans, (span[0], maxsize)) - 1, 0)
    out = []
    for other in spans[n:]:
        if other[0] >= span[1]:
            break
        if overlap(other, span):
            out.append(other)
    return out


def neighbours(spans: list[Offsets], span: Offsets) -> tuple[Offsets | None, Offsets | None]:
    """The nearest spans of a sorted, non-overlapping list ending before span and starting after it."""
    n = bisect_left(spans, (span[1], -1))
    after = spans[n] if n < len(spans) else None
    m = bisect_right(spans, (span[0], maxsize)) - 1
    while m >= 0 and spans[m][1] > span[0]:
        m -= 1
    return (spans[m] if m >= 0 else None), after


def overlap(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def inside(pos: int, spans: Iterable[Offsets]) -> bool:
    return any(s <= pos < e for s, e in spans)
