"""The embedded store: coded documents in one DuckDB file.

    with DuckDBStore("eventwire.duckdb") as store:
        if not store.has_article(doc.article.id):
            store.add(doc)
        print(store.stats())

An article is stored whole or not at all: `add` writes the article and all its rows in one
transaction. Article ids are the key, so adding the same article again is a no-op — that is
what makes `eventwire ingest` resumable.

Concurrency: DuckDB lets exactly one process open a database file for writing (many
threads of that process may share it). A second process opening the same file gets
`StoreLocked`, naming the file, instead of DuckDB's IO error. Read-only opens
(`read_only=True`) may share a file with each other, but not with a writer: while
`eventwire ingest` runs, `eventwire stats` on the same file gets `StoreLocked` too.
All SQL here is parameterised; no value is ever formatted into a statement.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from eventwire import __version__
from eventwire.errors import StoreError, StoreLocked
from eventwire.model import Actor, Article, Document, Event, Place, Plover, Quote, Sentence, Span
from eventwire.store.schema import LATEST_VERSION, current_version, migrate

log = logging.getLogger(__name__)

STATS_TABLES = ("articles", "events", "quotes", "actors", "places", "mentions", "failures")

# The phrases DuckDB uses when another process holds the file lock.
_LOCK_MESSAGES = ("could not set lock", "conflicting lock")


class DuckDBStore:
    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        """Open (or create) the store at `path` and bring its schema up to date."""
        self.path = Path(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only)
        try:
            self._check_schema()
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._con

    def _check_schema(self) -> None:
        version = current_version(self.con)
        if version > LATEST_VERSION:
            raise StoreError(f"{self.path}: schema version {version} was written by a newer eventwire "
                             f"(this one knows up to {LATEST_VERSION}); upgrade eventwire to use it")
        if self.read_only:
            if version < LATEST_VERSION:
                raise StoreError(f"{self.path}: schema version {version} is older than {LATEST_VERSION}; "
                                 "open it for writing once (e.g. `eventwire ingest`) to migrate it")
            return
        migrate(self.con)

    # -- reading ---------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def stats(self) -> dict[str, int]:
        """Row counts: {"articles", "events", "quotes", "actors", "places", "mentions", "failures"}."""
        # Table names come from the constant above, never from a caller.
        return {table: self._scalar(f"SELECT count(*) FROM {table}") for table in STATS_TABLES}

    def get(self, article_id: str) -> Document | None:
        """The stored document for `article_id`, rebuilt from its rows; None if absent."""
        row = self.con.execute("SELECT id, title, published, source, url, language, text FROM articles "
                               "WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return None
        published = row[2].isoformat() if isinstance(row[2], date) else None
        article = Article(id=row[0], title=row[1], published=published, source=row[3], url=row[4], language=row[5])
        return Document(article, row[6], self._sentences(article_id), self._actors(article_id),
                        self._places(article_id), self._events(article_id), self._quotes(article_id))

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self.con.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0

    def _rows(self, sql: str, article_id: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, [article_id]).fetchall()

    def _mentions(self, article_id: str, kind: str) -> dict[str, list[Span]]:
        spans: dict[str, list[Span]] = {}
        for entity_id, start, end, text in self.con.execute(
                'SELECT entity_id, "start", "end", text FROM mentions WHERE article_id = ? AND kind = ? '
                "ORDER BY seq", [article_id, kind]).fetchall():
            spans.setdefault(entity_id, []).append(Span(start, end, text))
        return spans

    def _sentences(self, article_id: str) -> list[Sentence]:
        return [Sentence(*r) for r in self._rows(
            'SELECT idx, "start", "end", boilerplate FROM sentences WHERE article_id = ? ORDER BY idx', article_id)]

    def _actors(self, article_id: str) -> list[Actor]:
        mentions = self._mentions(article_id, "actor")
        return [Actor(id=r[0], name=r[1], country=r[2], sector=r[3], kind=r[4], code=r[5],
                      mentions=mentions.get(r[0], []), role=r[6])
                for r in self._rows("SELECT id, name, country, sector, kind, code, role FROM actors "
                                    "WHERE article_id = ? ORDER BY seq", article_id)]

    def _places(self, article_id: str) -> list[Place]:
        mentions = self._mentions(article_id, "place")
        return [Place(id=r[0], name=r[1], country=r[2], admin1=r[3], lat=r[4], lon=r[5], feature=r[6],
                      mentions=mentions.get(r[0], []))
                for r in self._rows("SELECT id, name, country, admin1, lat, lon, feature FROM places "
                                    "WHERE article_id = ? ORDER BY seq", article_id)]

    def _events(self, article_id: str) -> list[Event]:
        return [Event(id=r[0], sentence=r[1], trigger=Span(r[2], r[3], r[4]), source=list(r[5]),
                      target=list(r[6]), cameo=r[7], plover=Plover(r[8], r[9], list(r[10])), goldstein=r[11],
                      quad_class=r[12], date=r[13], place=r[14], negated=r[15], modality=r[16],
                      attributed_to=r[17], confidence=r[18])
                for r in self._rows(
                    "SELECT id, sentence, trigger_start, trigger_end, trigger_text, source_actor_ids, "
                    "target_actor_ids, cameo, plover_type, plover_mode, plover_context, goldstein, quad_class, "
                    "date, place_id, negated, modality, attributed_to, confidence FROM events "
                    "WHERE article_id = ? ORDER BY seq", article_id)]

    def _quotes(self, article_id: str) -> list[Quote]:
        def span(start: int | None, end: int | None, text: str | None) -> Span | None:
            return None if start is None or end is None or text is None else Span(start, end, text)

        return [Quote(id=r[0], speaker=r[1], kind=r[2], source=span(*r[3:6]), cue=span(*r[6:9]),
                      content=Span(r[9], r[10], r[11]))
                for r in self._rows(
                    "SELECT id, speaker, kind, source_start, source_end, source_text, cue_start, cue_end, "
                    "cue_text, content_start, content_end, content_text FROM quotes "
                    "WHERE article_id = ? ORDER BY seq", article_id)]

    # -- writing ---------------------------------------------------------------------------

    def add(self, document: Document) -> bool:
        """Store `document` whole, in one transaction; False (writing nothing) if its id is stored.

        On any error the transaction is rolled back, so no half article is ever stored, and
        the error is raised again (DuckDB errors as StoreError).
        """
        con = self.con
        con.begin()
        try:
            # Checked inside the transaction, so the check and the write are one unit.
            if self.has_article(document.article.id):
                con.rollback()
                return False
            self._insert_article(document)
            self._insert_sentences(document)
            self._insert_actors(document)
            self._insert_places(document)
            self._insert_mentions(document)
            self._insert_events(document)
            self._insert_quotes(document)
            con.commit()
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"article {document.article.id!r} could not be stored: {exc}") from exc
            raise
        log.debug("stored article %s: %d events, %d quotes", document.article.id, len(document.events),
                  len(document.quotes))
        return True

    def record_failure(self, article_id: str | None, source: str, reason_code: str, message: str) -> None:
        """Record an input that was discarded, and why; the same failure again only bumps `seen`."""
        now = _utcnow()
        key = [article_id, source, reason_code, message]
        con = self.con
        con.begin()
        try:
            updated = con.execute(
                "UPDATE failures SET seen = seen + 1, last_seen = ? WHERE article_id IS NOT DISTINCT FROM ? "
                "AND source = ? AND reason_code = ? AND message = ?", [now, *key]).fetchone()
            if not updated or not updated[0]:
                con.execute("INSERT INTO failures (article_id, source, reason_code, message, first_seen, last_seen) "
                            "VALUES (?, ?, ?, ?, ?, ?)", [*key, now, now])
            con.commit()
        except BaseException:
            _rollback(con)
            raise

    def _insert(self, table: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
        """Insert `rows` into `table`; table and column names come from this module, values are parameters."""
        if not rows:
            return  # DuckDB's executemany refuses an empty parameter list
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.con.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _insert_article(self, doc: Document) -> None:
        a = doc.article
        published = date.fromisoformat(a.published) if a.published else None
        self._insert("articles", ("id", "title", "published", "source", "url", "language", "text", "coded_at",
                                  "coder_version"),
                     [[a.id, a.title, published, a.source, a.url, a.language, doc.text, _utcnow(), __version__]])

    def _insert_sentences(self, doc: Document) -> None:
        self._insert("sentences", ("article_id", "idx", "start", "end", "boilerplate"),
                     [[doc.article.id, s.index, s.start, s.end, s.boilerplate] for s in doc.sentences])

    def _insert_actors(self, doc: Document) -> None:
        self._insert("actors", ("article_id", "id", "seq", "name", "country", "sector", "kind", "code", "role"),
                     [[doc.article.id, a.id, i, a.name, a.country, a.sector, a.kind, a.code, a.role]
                      for i, a in enumerate(doc.actors)])

    def _insert_places(self, doc: Document) -> None:
        self._insert("places", ("article_id", "id", "seq", "name", "country", "admin1", "lat", "lon", "feature"),
                     [[doc.article.id, p.id, i, p.name, p.country, p.admin1, p.lat, p.lon, p.feature]
                      for i, p in enumerate(doc.places)])

    def _insert_mentions(self, doc: Document) -> None:
        owners = [("actor", a.id, a.mentions) for a in doc.actors] + [("place", p.id, p.mentions) for p in doc.places]
        rows: list[list[Any]] = []
        for kind, entity_id, mentions in owners:
            for m in mentions:
                rows.append([doc.article.id, entity_id, kind, len(rows), m.start, m.end, m.text])
        self._insert("mentions", ("article_id", "entity_id", "kind", "seq", "start", "end", "text"), rows)

    def _insert_events(self, doc: Document) -> None:
        self._insert("events", _EVENT_COLUMNS, [_event_row(doc, e, i) for i, e in enumerate(doc.events)])

    def _insert_quotes(self, doc: Document) -> None:
        def span(s: Span | None) -> list[Any]:
            return [None, None, None] if s is None else [s.start, s.end, s.text]

        self._insert("quotes", ("article_id", "id", "seq", "speaker", "kind", "source_start", "source_end",
                                "source_text", "cue_start", "cue_end", "cue_text", "content_start", "content_end",
                                "content_text"),
                     [[doc.article.id, q.id, i, q.speaker, q.kind, *span(q.source), *span(q.cue), *span(q.content)]
                      for i, q in enumerate(doc.quotes)])


_EVENT_COLUMNS = (
    "article_id", "id", "seq", "sentence", "trigger_start", "trigger_end", "trigger_text", "cameo", "cameo_root",
    "plover_type", "plover_mode", "plover_context", "goldstein", "quad_class", "date", "place_id", "negated",
    "modality", "attributed_to", "confidence", "source_actor_ids", "target_actor_ids", "source_country",
    "target_country", "source_code", "target_code",
)


def _event_row(doc: Document, e: Event, seq: int) -> list[Any]:
    # The first source/target actor's country and code are copied in so that dyad queries
    # ("RUS -> UKR, by month") run on the events table alone.
    source = doc.actor(e.source[0]) if e.source else None
    target = doc.actor(e.target[0]) if e.target else None
    return [doc.article.id, e.id, seq, e.sentence, e.trigger.start, e.trigger.end, e.trigger.text, e.cameo,
            e.cameo[:2], e.plover.type, e.plover.mode, list(e.plover.context), e.goldstein, e.quad_class, e.date,
            e.place, e.negated, e.modality, e.attributed_to, e.confidence, list(e.source), list(e.target),
            source.country if source else None, target.country if target else None,
            source.code if source else None, target.code if target else None]


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction; if DuckDB already ended it (a failed commit), there is nothing to undo."""
    try:
        con.rollback()
    except duckdb.TransactionException:
        log.debug("rollback: no transaction was active")


def _utcnow() -> datetime:
    # Stored as a naive TIMESTAMP in UTC: TIMESTAMPTZ would need pytz to read back in Python.
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, or StoreLocked / StoreError saying plainly what is wrong."""
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        if any(phrase in str(exc).lower() for phrase in _LOCK_MESSAGES):
            raise StoreLocked(
                f"{path} is in use by another process: DuckDB lets one process at a time open a store for "
                f"writing, and no other process may open it meanwhile; wait for that process to finish (or "
                f"use another --db file). DuckDB says: {exc}"
            ) from exc
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
