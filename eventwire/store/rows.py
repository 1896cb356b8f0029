"""Documents as table rows and back, shared by the DuckDB and PostgreSQL stores.

The two stores differ in connections, transactions and locking; the rows they write and
read are the same. SQL here is written with `?` placeholders; a store whose driver wants
`%s` sets `PLACEHOLDER`. Table and column names come from this module, values are always
parameters.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from types import TracebackType
from typing import Any, Protocol, Self

from eventwire.model import Actor, Article, Document, Event, Place, Plover, Quote, Sentence, Span

STATS_TABLES = ("articles", "events", "quotes", "actors", "places", "mentions", "failures")

EVENT_COLUMNS = (
    "article_id", "id", "seq", "sentence", "trigger_start", "trigger_end", "trigger_text", "cameo", "cameo_root",
    "plover_type", "plover_mode", "plover_context", "goldstein", "quad_class", "date", "place_id", "negated",
    "modality", "attributed_to", "confidence", "source_actor_ids", "target_actor_ids", "source_country",
    "target_country", "source_code", "target_code",
)
# The rows `eventwire recode` replaces: everything coded from an article's text, not the article itself.
CODED_TABLES = ("sentences", "actors", "places", "mentions", "events", "quotes")
ARTICLE_COLUMNS = ("id", "title", "published", "source", "url", "language", "text", "coded_at", "coder_version")


@dataclass(frozen=True)
class StoredParse:
    """An article's spaCy parse as the `parses` table holds it (see eventwire.nlp.doc_to_bytes)."""
    model: str  # spaCy model name and version
    docbin: bytes


@dataclass(frozen=True)
class MinHashRows:
    """A coded article's MinHash signature and LSH band buckets (see eventwire.ingest.near_duplicates)."""
    signature: bytes  # little-endian uint64 values
    bands: tuple[tuple[int, int], ...]  # (band, bucket)


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


def utcnow() -> datetime:
    # Stored as a naive TIMESTAMP in UTC: TIMESTAMPTZ would need pytz to read back in DuckDB.
    return datetime.now(timezone.utc).replace(tzinfo=None)


def article_row(doc: Document, coder_version: str) -> list[Any]:
    a = doc.article
    published = date.fromisoformat(a.published) if a.published else None
    return [a.id, a.title, published, a.source, a.url, a.language, doc.text, utcnow(), coder_version]


def event_row(doc: Document, e: Event, seq: int) -> list[Any]:
    # The first source/target actor's country and code are copied in so that dyad queries
    # ("RUS -> UKR, by month") run on the events table alone.
    source = doc.actor(e.source[0]) if e.source else None
    target = doc.actor(e.target[0]) if e.target else None
    return [doc.article.id, e.id, seq, e.sentence, e.trigger.start, e.trigger.end, e.trigger.text, e.cameo,
            e.cameo[:2], e.plover.type, e.plover.mode, list(e.plover.context), e.goldstein, e.quad_class, e.date,
            e.place, e.negated, e.modality, e.attributed_to, e.confidence, list(e.source), list(e.target),
            source.country if source else None, target.country if target else None,
            source.code if source else None, target.code if target else None]


def _span_columns(s: Span | None) -> list[Any]:
    return [None, None, None] if s is None else [s.start, s.end, s.text]


def _span(start: int | None, end: int | None, text: str | None) -> Span | None:
    return None if start is None or end is None or text is None else Span(start, end, text)


class DocumentRows:
    """The half of a store that both databases share: lifecycle, and reading and writing a
    document's rows. A store supplies `_con`, `_execute` and `_executemany`."""

    PLACEHOLDER = "?"
    _con: Any = None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[list[Any]]) -> None:
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql if self.PLACEHOLDER == "?" else sql.replace("?", self.PLACEHOLDER)

    # -- reading ---------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return self._execute(self._sql("SELECT 1 FROM articles WHERE id = ?"), [article_id]).fetchone() is not None

    def article_ids(self) -> Iterator[str]:
        """Every stored article id, oldest published first, for passes over a whole store."""
        # Ids only (not documents) are fetched at once: small even for a large store.
        for (article_id,) in self._execute("SELECT id FROM articles ORDER BY published NULLS FIRST, id").fetchall():
            yield article_id

    def stats(self) -> dict[str, int]:
        """Row counts: {"articles", "events", "quotes", "actors", "places", "mentions", "failures"}."""
        # Table names come from the constant above, never from a caller.
        return {table: self._scalar(f"SELECT count(*) FROM {table}") for table in STATS_TABLES}

    def get(self, article_id: str) -> Document | None:
        """The stored document for `article_id`, rebuilt from its rows; None if absent."""
        row = self._execute(self._sql("SELECT id, title, published, source, url, language, text FROM articles "
                                      "WHERE id = ?"), [article_id]).fetchone()
        if row is None:
            return None
        published = row[2].isoformat() if isinstance(row[2], date) else None
        article = Article(id=row[0], title=row[1], published=published, source=row[3], url=row[4], language=row[5])
        return Document(article, row[6], self._sentences(article_id), self._actors(article_id),
                        self._places(article_id), self._events(article_id), self._quotes(article_id))

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self._execute(self._sql(sql), list(params)).fetchone()
        return int(row[0]) if row else 0

    def _rows(self, sql: str, article_id: str) -> list[Any]:
        return self._execute(self._sql(sql), [article_id]).fetchall()

    def _mentions(self, article_id: str, kind: str) -> dict[str, list[Span]]:
        spans: dict[str, list[Span]] = {}
        for entity_id, start, end, text in self._execute(self._sql(
                'SELECT entity_id, "start", "end", text FROM mentions WHERE article_id = ? AND kind = ? '
                "ORDER BY seq"), [article_id, kind]).fetchall():
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
        return [Quote(id=r[0], speaker=r[1], kind=r[2], source=_span(*r[3:6]), cue=_span(*r[6:9]),
                      content=Span(r[9], r[10], r[11]))
                for r in self._rows(
                    "SELECT id, speaker, kind, source_start, source_end, source_text, cue_start, cue_end, "
                    "cue_text, content_start, content_end, content_text FROM quotes "
                    "WHERE article_id = ? ORDER BY seq", article_id)]

    # -- writing (inside the caller's transaction) -------------------------------------

    def _insert(self, table: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
        """Insert `rows` into `table`; table and column names come from this module, values are parameters."""
        if not rows:
            return  # DuckDB's executemany refuses an empty parameter list
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join(self.PLACEHOLDER for _ in columns)
        self._executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _insert_rows(self, doc: Document) -> None:
        """Every row of `doc` but the article's own, which each store writes its own way."""
        self._insert_sentences(doc)
        self._insert_actors(doc)
        self._insert_places(doc)
        self._insert_mentions(doc)
        self._insert_events(doc)
        self._insert_quotes(doc)

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
        for kind, entity_id, spans in owners:
            for m in spans:
                rows.append([doc.article.id, entity_id, kind, len(rows), m.start, m.end, m.text])
        self._insert("mentions", ("article_id", "entity_id", "kind", "seq", "start", "end", "text"), rows)

    def _insert_events(self, doc: Document) -> None:
        self._insert("events", EVENT_COLUMNS, [event_row(doc, e, i) for i, e in enumerate(doc.events)])

    def _insert_quotes(self, doc: Document) -> None:
        self._insert("quotes", ("article_id", "id", "seq", "speaker", "kind", "source_start", "source_end",
                                "source_text", "cue_start", "cue_end", "cue_text", "content_start", "content_end",
                                "content_text"),
                     [[doc.article.id, q.id, i, q.speaker, q.kind, *_span_columns(q.source), *_span_columns(q.cue),
                       *_span_columns(q.content)] for i, q in enumerate(doc.quotes)])

    # -- stored parses and recoding (eventwire recode) ----------------------------------

    def parse_of(self, article_id: str) -> StoredParse | None:
        """The stored spaCy parse of `article_id`, or None if it was stored without one."""
        row = self._execute(self._sql("SELECT model, docbin FROM parses WHERE article_id = ?"),
                            [article_id]).fetchone()
        return None if row is None else StoredParse(row[0], bytes(row[1]))

    def coded_article_ids(self) -> Iterator[str]:
        """Every article that was coded (near-duplicates are stored uncoded), in `article_ids` order."""
        for (article_id,) in self._execute(
                "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM duplicates) "
                "ORDER BY published NULLS FIRST, id").fetchall():
            yield article_id

    def _insert_parse(self, article_id: str, parse: StoredParse) -> None:
        self._insert("parses", ("article_id", "model", "docbin"), [[article_id, parse.model, parse.docbin]])

    def _replace_rows(self, doc: Document, parse: StoredParse | None) -> None:
        """Swap an article's coded rows (and parse, if given) for `doc`'s, inside the caller's
        transaction; the article row stays."""
        tables = CODED_TABLES + (("parses",) if parse is not None else ())
        for table in tables:  # names from this module's constants, never from a caller
            self._execute(self._sql(f"DELETE FROM {table} WHERE article_id = ?"), [doc.article.id])
        self._insert_rows(doc)
        if parse is not None:
            self._insert_parse(doc.article.id, parse)

    def stored_article(self, article_id: str) -> tuple[Article, str] | None:
        """A stored article's metadata and (cleaned) text, without its coded rows; None if absent."""
        row = self._execute(self._sql("SELECT id, title, published, source, url, language, text FROM articles "
                                      "WHERE id = ?"), [article_id]).fetchone()
        if row is None:
            return None
        published = row[2].isoformat() if isinstance(row[2], date) else None
        return Article(id=row[0], title=row[1], published=published, source=row[3], url=row[4],
                       language=row[5]), row[6]

    # -- near-duplicates: MinHash index and duplicate links (eventwire.ingest.near_duplicates) --

    def minhash_candidates(self, bands: Iterable[tuple[int, int]]) -> dict[str, bytes]:
        """Coded articles sharing at least one (band, bucket) with `bands`: article id -> stored signature."""
        wanted = set(bands)
        if not wanted:
            return {}
        # By bucket alone, an IN list both stores answer from the bucket index (a join against
        # the wanted pairs makes DuckDB hash-join every band row: linear in the store's size);
        # the band is checked here.
        buckets = sorted({bucket for _, bucket in wanted})
        hits = self._execute(self._sql(
            f"SELECT band, bucket, article_id FROM minhash_bands WHERE bucket IN ({', '.join('?' * len(buckets))})"),
            buckets).fetchall()
        ids = sorted({article_id for band, bucket, article_id in hits if (band, bucket) in wanted})
        if not ids:
            return {}
        rows = self._execute(self._sql(
            f"SELECT article_id, signature FROM minhash_signatures WHERE article_id IN ({', '.join('?' * len(ids))})"),
            ids).fetchall()
        return {article_id: bytes(signature) for article_id, signature in rows}

    def article_text(self, article_id: str) -> str | None:
        row = self._execute(self._sql("SELECT text FROM articles WHERE id = ?"), [article_id]).fetchone()
        return None if row is None else row[0]

    def duplicate_count(self) -> int:
        """Stored near-duplicates: articles kept uncoded because they copy a coded one."""
        return self._scalar("SELECT count(*) FROM duplicates")

    def duplicate_of(self, article_id: str) -> tuple[str, float] | None:
        """(the coded article `article_id` copies, similarity), or None if it is not a near-duplicate."""
        row = self._execute(self._sql("SELECT duplicate_of, similarity FROM duplicates WHERE article_id = ?"),
                            [article_id]).fetchone()
        return None if row is None else (row[0], float(row[1]))

    def _insert_minhash(self, article_id: str, minhash: MinHashRows) -> None:
        self._insert("minhash_signatures", ("article_id", "signature"), [[article_id, minhash.signature]])
        self._insert("minhash_bands", ("band", "bucket", "article_id"),
                     [[band, bucket, article_id] for band, bucket in minhash.bands])

    def _insert_duplicate(self, article_id: str, duplicate_of: str, similarity: float) -> None:
        self._insert("duplicates", ("article_id", "duplicate_of", "similarity"),
                     [[article_id, duplicate_of, similarity]])
