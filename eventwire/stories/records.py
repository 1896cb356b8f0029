"""What story building works on: one coded event with the little it needs from its article.

Reading is the only place that knows the store's tables; clustering and summarising work on
`StoryEvent` values, so they can be tested with hand-built events and no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class StoryEvent:
    article_id: str
    event_id: str
    seq: int                      # the event's order within its article (e10 sorts after e9)
    day: date | None              # the event's date, else the article's published date
    source_country: str | None
    target_country: str | None
    cameo: str
    cameo_root: str
    plover_type: str
    goldstein: float
    quad_class: int
    sentence: str                 # the evidence sentence the event was coded from
    outlet: str | None = None     # who published the article: source, else the url's host

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event_id)

    @property
    def order(self) -> tuple[str, str, int]:
        """Earliest first; undated events sort last. Deterministic, so story ids are too."""
        return (self.day.isoformat() if self.day else "9999-99-99", self.article_id, self.seq)


def event_day(event_date: str | None, published: Any) -> date | None:
    """The day an event is placed on: its own full ISO date, else the article's published date.

    Partial dates ("2021-02", "2021") say too little to put two reports within days of each
    other, so they fall back to the published date like missing ones.
    """
    if event_date and len(event_date) == 10:
        try:
            return date.fromisoformat(event_date)
        except ValueError:
            pass
    if isinstance(published, date):
        return published
    if isinstance(published, str) and published:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            return None
    return None


def outlet_of(source: str | None, url: str | None) -> str | None:
    """The outlet an article counts as for NumSources: its `source`, else its url's host."""
    if source and source.strip():
        return source.strip()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None
