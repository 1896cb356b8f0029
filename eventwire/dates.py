"""Dates stage: when each event happened, relative to the article's published date.

Handles "today", "yesterday", "tomorrow", weekdays ("on Wednesday"), "last week/month/year",
"N days/weeks ago", explicit dates ("March 3", "3 March 2022", "2022-03-03", "March 2022",
"in 2019") and anchored offsets ("a month after Russia sent forces" -> a month before the
clause it is anchored to). Month- and year-level answers are partial ISO dates ("2021-02",
"2021"), because inventing a day would be false precision.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from eventwire.errors import MalformedRecord
from eventwire.nlp import entity_at

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "several": 3, "few": 3, "couple": 2}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
CLAUSE_DEPS = {"ccomp", "relcl", "advcl", "xcomp", "acl", "csubj", "conj", "parataxis"}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|couple)\s+(?:of\s+)?(day|week|fortnight|month|year)s?\s+(ago|earlier|before|later|after)\b")


def parse_date_expression(text: str, published: date) -> str | None:
    """An ISO date (or partial ISO date) for a date expression, relative to `published`."""
    t = text.lower().strip()
    if re.search(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", t):
        return published.isoformat()
    if re.search(r"\b(yesterday|last night)\b", t):
        return (published - timedelta(days=1)).isoformat()
    if "tomorrow" in t:
        return (published + timedelta(days=1)).isoformat()
    if m := _ISO.search(t):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    for pattern, order in ((_DAY_MONTH, "dm"), (_MONTH_DAY, "md")):
        for m in pattern.finditer(text):
            day, month_name = (m[1], m[2]) if order == "dm" else (m[2], m[1])
            month = MONTHS.get(month_name.lower())
            if month:
                year = int(m[3]) if m[3] else _year_for(month, int(day), published)
                return _safe_date(year, month, int(day))
    for m in _MONTH_YEAR.finditer(text):
        if month := MONTHS.get(m[1].lower()):
            return f"{int(m[2]):04d}-{month:02d}"
    if m := _AGO.search(t):
        n = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        days = n * UNIT_DAYS[m[2]]
        return (published + timedelta(days=days if m[3] in ("later", "after") else -days)).isoformat()
    for name, weekday in WEEKDAYS.items():
        if name in t:
            back = (published.weekday() - weekday) % 7
            return (published - timedelta(days=back)).isoformat()
    if "last week" in t:
        return (published - timedelta(days=7)).isoformat()
    if "last month" in t:
        first = published.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if "this month" in t:
        return f"{published.year:04d}-{published.month:02d}"
    if "last year" in t:
        return f"{published.year - 1:04d}"
    if "this year" in t:
        return f"{published.year:04d}"
    if m := _MONTH_ONLY.search(t):
        month = MONTHS[m[1]]
        year = published.year if month <= published.month else published.year - 1
        return f"{year:04d}-{month:02d}"
    if m := _YEAR.search(t):
        return m[1]
    return None


_PUBLISHED = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")  # a date or the date part of a timestamp
_MONTH_ONLY = re.compile(r"\b(" + "|".join(k for k in MONTHS if len(k) > 3) + r")\b")


def _year_for(month: int, day: int, published: date) -> int:
    """News reports the recent past: a date without a year is the latest one not far in the future."""
    try:
        candidate = date(published.year, month, min(day, 28) if month == 2 and day > 28 else day)
    except ValueError:
        return published.year
    return published.year if candidate <= published + timedelta(days=31) else published.year - 1


def _safe_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def check_published(value: str | None) -> str | None:
    """`value` unchanged when it is empty or a real date (YYYY-MM-DD, or a timestamp starting
    with one); MalformedRecord naming it otherwise, so that a wrong date is never coded as none."""
    if value and parse_published(value) is None:
        raise MalformedRecord(f"published {value!r} is not a date in the form YYYY-MM-DD")
    return value


def parse_published(value: str | None) -> date | None:
    if not value:
        return None
    m = _PUBLISHED.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class DateResolver:
    """Dates events in one article. `date_at(trigger)` is the event's date."""

    def __init__(self, published: date | None) -> None:
        self.published = published

    def date_at(self, token: Token, depth: int = 0) -> str | None:
        if self.published is None:
            return None
        anchored = self._anchored(token, depth)
        if anchored:
            return anchored
        for expression in self._date_expressions(token):
            value = parse_date_expression(expression, self.published)
            if value:
                return value
        return self.published.isoformat()

    def _date_expressions(self, token: Token) -> list[str]:
        """DATE entities in the token's own clause (not in clauses it embeds)."""
        doc = token.doc
        own = {token.i}
        stack = [c for c in token.children if c.dep_ not in CLAUSE_DEPS]
        while stack:
            t = stack.pop()
            own.add(t.i)
            stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
        entities = entity_at(doc)
        found = {entities[i].start: entities[i] for i in own if i in entities}
        return [e.text for _, e in sorted(found.items()) if e.label_ in ("DATE", "TIME")]

    def _anchored(self, token: Token, depth: int) -> str | None:
        """"a month after Russia sent forces": the clause is dated from the one it hangs on."""
        mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
        if mark is None or token.dep_ != "advcl" or depth > 3:
            return None
        offset = _duration_days([c for c in [*token.children, *mark.children] if c.dep_ == "npadvmod"])
        if offset is None:
            return None
        anchor = parse_published(self.date_at(token.head, depth + 1))
        if anchor is None:
            return None
        return (anchor - timedelta(days=offset) if mark.lower_ == "after" else anchor + timedelta(days=offset)).isoformat()


def _duration_days(tokens: list[Token]) -> int | None:
    for t in tokens:
        unit = UNIT_DAYS.get(t.lemma_.lower())
        if unit is None:
            continue
        count = next((NUMBERS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
                      for c in t.children if c.dep_ in ("det", "nummod")), 1)
        return (count or 1) * unit
    return None
