"""Stories from a store: read its events, cluster them, summarise each cluster, write the tables.

    with open_store("eventwire.duckdb") as store:
        summary = rebuild_stories(store, embedder=SentenceEmbedder())

`rebuild_stories` replaces the `stories` and `story_events` tables as a whole in one
transaction: readers see the old stories or the new ones, never a mix, and running it twice
on the same store gives the same rows (story ids are derived from the earliest member).

Counts follow GDELT's, made inspectable through `story_events`:
- num_events   (NumMentions) member events;
- num_articles (NumArticles) distinct articles with a member event, plus every stored
  near-duplicate copy of one of them (`duplicates`: a copy is not coded again, but it is one
  more article that ran the story);
- num_sources  (NumSources) distinct outlets among those articles: the article's `source`,
  else its url's host; an article with neither counts as an outlet of its own, because
  nothing says it shares one with another article.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import duckdb
import numpy as np
import psycopg

from eventwire.errors import StoreError
from eventwire.stories.cluster import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, BlockBy, Linkage, cluster_events
from eventwire.stories.records import StoryEvent, event_day, outlet_of

log = logging.getLogger(__name__)

LABEL_CHARS = 160

# The evidence sentence is cut from the article text in SQL (substr is 1-based in both
# databases); sentence-less events fall back to their trigger text.
_EVENTS_SQL = """
SELECT e.article_id, e.id, e.seq, e.date, a.published, e.source_country, e.target_country, e.cameo,
       e.cameo_root, e.plover_type, e.goldstein, e.quad_class,
       COALESCE(substr(a.text, s."start" + 1, s."end" - s."start"), e.trigger_text), a.source, a.url
FROM events e
JOIN articles a ON a.id = e.article_id
LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence
ORDER BY e.article_id, e.seq
"""
_DUPLICATES_SQL = """
SELECT d.duplicate_of, d.article_id, a.source, a.url
FROM duplicates d LEFT JOIN articles a ON a.id = d.article_id
ORDER BY d.duplicate_of, d.article_id
"""
STORY_COLUMNS = ("id", "first_seen", "last_seen", "cameo_root", "plover_type", "source_country",
                 "target_country", "label", "goldstein", "quad_class", "num_events", "num_articles", "num_sources")


class Embedder(Protocol):
    def embed(self, sentences: Sequence[str]) -> np.ndarray: ...


@dataclass
class Story:
    id: str
    members: list[StoryEvent]
    first_seen: str | None
    last_seen: str | None
    cameo_root: str
    plover_type: str
    source_country: str | None
    target_country: str | None
    label: str
    goldstein: float
    quad_class: int
    articles: list[str] = field(default_factory=list)   # member articles and their copies
    num_sources: int = 0

    def row(self) -> list[Any]:
        return [self.id, self.first_seen, self.last_seen, self.cameo_root, self.plover_type, self.source_country,
                self.target_country, self.label, self.goldstein, self.quad_class, len(self.members),
                len(self.articles), self.num_sources]


@dataclass(frozen=True)
class Copy:
    """A stored near-duplicate of a coded article: counted, never clustered."""
    article_id: str
    outlet: str | None


# -- reading ------------------------------------------------------------------------------

def read_events(store: Any) -> list[StoryEvent]:
    """Every coded event in `store` with its evidence sentence, in (article, seq) order."""
    events = []
    for row in store.con.execute(_EVENTS_SQL).fetchall():
        (article_id, event_id, seq, event_date, published, source_country, target_country, cameo, cameo_root,
         plover_type, goldstein, quad_class, sentence, source, url) = row
        events.append(StoryEvent(
            article_id=article_id, event_id=event_id, seq=int(seq), day=event_day(event_date, published),
            source_country=source_country, target_country=target_country, cameo=cameo, cameo_root=cameo_root,
            plover_type=plover_type, goldstein=float(goldstein), quad_class=int(quad_class),
            sentence=(sentence or "").strip(), outlet=outlet_of(source, url)))
    return events


def read_copies(store: Any) -> dict[str, list[Copy]]:
    """Near-duplicate copies by the article they copy."""
    copies: dict[str, list[Copy]] = defaultdict(list)
    for original, copy_id, source, url in store.con.execute(_DUPLICATES_SQL).fetchall():
        copies[original].append(Copy(copy_id, outlet_of(source, url)))
    return copies


# -- building -----------------------------------------------------------------------------

def build_stories(events: Sequence[StoryEvent], embeddings: np.ndarray | None = None,
                  copies: dict[str, list[Copy]] | None = None, *, window_days: int = DEFAULT_WINDOW_DAYS,
                  threshold: float = DEFAULT_THRESHOLD, linkage: Linkage = "average",
                  by: BlockBy = "plover") -> list[Story]:
    """Cluster `events` and summarise each cluster as a Story, earliest first."""
    clusters = cluster_events(events, embeddings, window_days=window_days, threshold=threshold,
                              linkage=linkage, by=by)
    return [summarise([events[i] for i in c], None if embeddings is None else embeddings[c], copies or {})
            for c in clusters]


def story_id(earliest: StoryEvent) -> str:
    """Stable across rebuilds: derived from the earliest member event alone."""
    digest = hashlib.sha256(f"{earliest.article_id}\x1f{earliest.event_id}".encode()).hexdigest()
    return "s" + digest[:16]


def summarise(members: list[StoryEvent], embeddings: np.ndarray | None,
              copies: dict[str, list[Copy]]) -> Story:
    """A story's fields from its member events (in event order) and their articles' copies."""
    first = members[0]
    days = [m.day for m in members if m.day is not None]
    articles: dict[str, str | None] = {}
    for m in members:
        articles.setdefault(m.article_id, m.outlet)
    for article_id in list(articles):
        for copy in copies.get(article_id, ()):
            articles.setdefault(copy.article_id, copy.outlet)
    outlets = {outlet if outlet is not None else f"article:{article_id}" for article_id, outlet in articles.items()}
    quads = Counter(m.quad_class for m in members)
    top = max(quads.values())
    return Story(
        id=story_id(first), members=members,
        first_seen=min(days).isoformat() if days else None, last_seen=max(days).isoformat() if days else None,
        cameo_root=Counter(m.cameo_root for m in members).most_common(1)[0][0],
        plover_type=first.plover_type, source_country=first.source_country, target_country=first.target_country,
        label=story_label(members, embeddings),
        goldstein=round(sum(m.goldstein for m in members) / len(members), 2),
        # The most frequent quad class; a tie goes to the earliest member's.
        quad_class=next(m.quad_class for m in members if quads[m.quad_class] == top),
        articles=sorted(articles), num_sources=len(outlets))


def story_label(members: list[StoryEvent], embeddings: np.ndarray | None) -> str:
    """"RUS → UKR ASSAULT: <the most central member's sentence, trimmed>"."""
    first = members[0]
    central = members[_most_central(embeddings)] if embeddings is not None else first
    dyad = f"{first.source_country or '?'} → {first.target_country or '?'}"
    sentence = " ".join(central.sentence.split())
    if len(sentence) > LABEL_CHARS:
        sentence = sentence[:LABEL_CHARS].rsplit(" ", 1)[0] + " …"
    return f"{dyad} {first.plover_type}: {sentence}"


def _most_central(embeddings: np.ndarray) -> int:
    """The member most similar on average to the others (the first one on ties)."""
    if len(embeddings) <= 2:
        return 0
    return int(np.argmax((embeddings @ embeddings.T).sum(axis=1)))


# -- writing ------------------------------------------------------------------------------

def write_stories(store: Any, stories: Sequence[Story]) -> None:
    """Replace the stories tables with `stories`, in one transaction."""
    mark = getattr(store, "PLACEHOLDER", "?")
    story_sql = (f"INSERT INTO stories ({', '.join(STORY_COLUMNS)}) "
                 f"VALUES ({', '.join(mark for _ in STORY_COLUMNS)})")
    member_sql = f"INSERT INTO story_events (story_id, article_id, event_id) VALUES ({mark}, {mark}, {mark})"
    story_rows = [s.row() for s in stories]
    member_rows = [[s.id, m.article_id, m.event_id] for s in stories for m in s.members]
    with _transaction(store) as cursor:
        cursor.execute("DELETE FROM story_events")
        cursor.execute("DELETE FROM stories")
        if story_rows:
            cursor.executemany(story_sql, story_rows)
        if member_rows:
            cursor.executemany(member_sql, member_rows)


@contextmanager
def _transaction(store: Any) -> Iterator[Any]:
    """A cursor inside one transaction on either store; rolled back on any error."""
    con = store.con
    try:
        if hasattr(con, "transaction"):  # psycopg
            with con.transaction(), con.cursor() as cursor:
                yield cursor
            return
        con.begin()
        try:
            yield con
            con.commit()
        except BaseException:
            con.rollback()
            raise
    except (duckdb.Error, psycopg.Error) as exc:
        raise StoreError(f"the stories could not be written (the old ones are kept): {exc}") from exc


def rebuild_stories(store: Any, embedder: Embedder | None = None, *, window_days: int = DEFAULT_WINDOW_DAYS,
                    threshold: float = DEFAULT_THRESHOLD, linkage: Linkage = "average",
                    by: BlockBy = "plover") -> dict[str, Any]:
    """Rebuild the store's stories from its events; returns a summary for people and scripts."""
    if window_days < 0:
        raise ValueError(f"window_days must be 0 or more, not {window_days}")
    events = read_events(store)
    copies = read_copies(store)
    embeddings = embedder.embed([e.sentence for e in events]) if embedder is not None and events else None
    stories = build_stories(events, embeddings, copies, window_days=window_days, threshold=threshold,
                            linkage=linkage, by=by)
    write_stories(store, stories)
    sizes = Counter(len(s.members) for s in stories)
    log.info("built %d stories from %d events", len(stories), len(events))
    return {
        "events": len(events),
        "stories": len(stories),
        "multi_event_stories": sum(n for size, n in sizes.items() if size > 1),
        "multi_article_stories": sum(1 for s in stories if len(s.articles) > 1),
        "largest_story_events": max(sizes, default=0),
        "near_duplicate_copies": sum(len(v) for v in copies.values()),
        "embeddings": embeddings is not None,
        "window_days": window_days,
        "threshold": threshold if embeddings is not None else None,
        "linkage": linkage if embeddings is not None else None,
        "block_by": by,
    }
