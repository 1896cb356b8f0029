"""The store's tables, as an ordered list of migrations.

A store records which migrations it has had in `schema_version`; opening a store applies,
in order and each in its own transaction, every migration newer than the newest recorded
one. Migrations are append-only: once released, a migration is never edited — a change
is a new migration with the next version number — so that every store, old or new, ends
up with the same tables.

Tables, one row per ...

    articles     article: metadata, the cleaned text every offset points into, coded_at
    sentences    sentence of an article (offsets, boilerplate flag)
    actors       actor of an article (ids are per article: a1, a2, ...)
    places       place of an article
    mentions     span naming an actor or a place (kind 'actor' | 'place')
    events       coded event, with its first source/target actor's country and code
                 copied in so that dyad queries need no join
    quotes       quotation: speaker, kind, source/cue/content spans
    failures     input that could not be read, coded or stored: discards are data

Every per-article table carries `article_id` and a `seq` column keeping the document's
order (ids such as e10 do not sort after e9 as strings).

The tables are written once, for both stores (DuckDB and PostgreSQL): the few types the two
spell differently appear as `{text}`, `{text_array}`, `{double}`, `{timestamp}` and each
store renders them with its `Dialect`. The DuckDB rendering is exactly the SQL released
before PostgreSQL support, so existing DuckDB stores and new ones stay the same.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class Dialect:
    """How one database spells the types that differ; everything else in the tables is shared SQL."""
    name: str
    types: Mapping[str, str]  # placeholder name (without braces) -> SQL type

    def render(self, statement: str) -> str:
        # Plain replacement rather than str.format: a future migration may contain literal
        # braces (a JSON default, an array literal) that format() would choke on.
        for placeholder, sql_type in self.types.items():
            statement = statement.replace("{" + placeholder + "}", sql_type)
        return statement


DUCKDB = Dialect("duckdb", {"text_array": "VARCHAR[]", "text": "VARCHAR", "double": "DOUBLE",
                            "timestamp": "TIMESTAMP", "blob": "BLOB"})
POSTGRES = Dialect("postgresql", {"text_array": "TEXT[]", "text": "TEXT", "double": "DOUBLE PRECISION",
                                  # Naive UTC, as in DuckDB: both stores read back the same datetimes.
                                  "timestamp": "TIMESTAMP", "blob": "BYTEA"})


_V1_TABLES = (
    """CREATE TABLE articles (
        id {text} PRIMARY KEY,
        title {text},
        published DATE,
        source {text},
        url {text},
        language {text} NOT NULL,
        text {text} NOT NULL,
        coded_at {timestamp} NOT NULL,          -- UTC
        coder_version {text}                 -- eventwire version that coded the article
    )""",
    """CREATE TABLE sentences (
        article_id {text} NOT NULL,
        idx INTEGER NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        boilerplate BOOLEAN NOT NULL,
        PRIMARY KEY (article_id, idx)
    )""",
    """CREATE TABLE actors (
        article_id {text} NOT NULL,
        id {text} NOT NULL,
        seq INTEGER NOT NULL,
        name {text} NOT NULL,
        country {text},
        sector {text},
        kind {text} NOT NULL,
        code {text} NOT NULL,
        role {text},
        PRIMARY KEY (article_id, id)
    )""",
    """CREATE TABLE places (
        article_id {text} NOT NULL,
        id {text} NOT NULL,
        seq INTEGER NOT NULL,
        name {text} NOT NULL,
        country {text},
        admin1 {text},
        lat {double},
        lon {double},
        feature {text} NOT NULL,
        PRIMARY KEY (article_id, id)
    )""",
    # One table for actor and place mentions: "where is X named" is one query either way.
    # `end` is an SQL keyword: quote it ("end") or qualify it (mentions.end) in queries.
    """CREATE TABLE mentions (
        article_id {text} NOT NULL,
        entity_id {text} NOT NULL,           -- an actors.id or a places.id, as `kind` says
        kind {text} NOT NULL CHECK (kind IN ('actor', 'place')),
        seq INTEGER NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text {text} NOT NULL
    )""",
    """CREATE TABLE events (
        article_id {text} NOT NULL,
        id {text} NOT NULL,
        seq INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text {text} NOT NULL,
        cameo {text} NOT NULL,
        cameo_root {text} NOT NULL,          -- first two digits of cameo: 01 .. 20
        plover_type {text} NOT NULL,
        plover_mode {text},
        plover_context {text_array} NOT NULL,
        goldstein {double} NOT NULL,
        quad_class INTEGER NOT NULL,
        date {text},                         -- ISO date, or partial ISO: 2021-02, 2021
        place_id {text},
        negated BOOLEAN NOT NULL,
        modality {text} NOT NULL,
        attributed_to {text},
        confidence {double} NOT NULL,
        source_actor_ids {text_array} NOT NULL,
        target_actor_ids {text_array} NOT NULL,
        source_country {text},               -- of the first source actor
        target_country {text},               -- of the first target actor
        source_code {text},
        target_code {text},
        PRIMARY KEY (article_id, id)
    )""",
    """CREATE TABLE quotes (
        article_id {text} NOT NULL,
        id {text} NOT NULL,
        seq INTEGER NOT NULL,
        speaker {text},
        kind {text} NOT NULL,
        source_start INTEGER, source_end INTEGER, source_text {text},
        cue_start INTEGER, cue_end INTEGER, cue_text {text},
        content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text {text} NOT NULL,
        PRIMARY KEY (article_id, id)
    )""",
    "CREATE SEQUENCE failures_id_seq",
    # The same failure seen again (a re-run over the same corpus) bumps `seen` and
    # `last_seen` instead of adding a row, so re-running an ingest does not inflate counts.
    """CREATE TABLE failures (
        id BIGINT PRIMARY KEY DEFAULT nextval('failures_id_seq'),
        article_id {text},
        source {text} NOT NULL,              -- where: file, or file:line
        reason_code {text} NOT NULL,         -- E104, ...: see eventwire/errors.py
        message {text} NOT NULL,
        first_seen {timestamp} NOT NULL,        -- UTC
        last_seen {timestamp} NOT NULL,
        seen INTEGER NOT NULL DEFAULT 1
    )""",
)

_V1_INDEXES = (
    "CREATE INDEX events_date ON events (date)",
    "CREATE INDEX events_dyad ON events (source_country, target_country)",
    "CREATE INDEX events_plover_type ON events (plover_type)",
    "CREATE INDEX events_cameo_root ON events (cameo_root)",
    "CREATE INDEX mentions_article ON mentions (article_id)",
    "CREATE INDEX failures_reason ON failures (reason_code)",
)

# Version 2: what ingest at scale and story building need.
_V2_TABLES = (
    # A near-duplicate (a syndicated wire copy) is stored as an article — its text and
    # metadata are evidence that one more outlet ran the story — but it is not coded again:
    # it has no events/quotes/actors rows and one row here naming the article it copies.
    """CREATE TABLE duplicates (
        article_id {text} PRIMARY KEY,       -- the copy
        duplicate_of {text} NOT NULL,        -- the stored, coded article it near-duplicates
        similarity {double} NOT NULL         -- Jaccard similarity of the two texts' 5-word shingles, 0..1
    )""",
    "CREATE INDEX duplicates_of ON duplicates (duplicate_of)",
    # MinHash signatures of coded articles and their LSH band buckets, kept in the store so
    # that near-duplicate detection works across runs and across resumed ingests.
    """CREATE TABLE minhash_signatures (
        article_id {text} PRIMARY KEY,
        signature {blob} NOT NULL            -- numpy uint64 array, little-endian bytes
    )""",
    """CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        bucket BIGINT NOT NULL,
        article_id {text} NOT NULL
    )""",
    "CREATE INDEX minhash_bands_bucket ON minhash_bands (band, bucket)",
    # The spaCy parse of each coded article (a DocBin), so that `eventwire recode` can re-run
    # actors/events/quotes after a lexicon change without parsing again.
    """CREATE TABLE parses (
        article_id {text} PRIMARY KEY,
        model {text} NOT NULL,               -- spaCy model name and version that parsed it
        docbin {blob} NOT NULL
    )""",
    # Stories: one real-world event reported by several articles. Rebuilt as a whole by
    # `eventwire stories`; never written by ingest.
    """CREATE TABLE stories (
        id {text} PRIMARY KEY,
        first_seen {text},                   -- ISO date of the earliest member event
        last_seen {text},
        cameo_root {text},
        plover_type {text},
        source_country {text},
        target_country {text},
        label {text},                        -- a short human-readable summary
        goldstein {double},
        quad_class INTEGER,
        num_events INTEGER NOT NULL,         -- GDELT NumMentions: member events
        num_articles INTEGER NOT NULL,       -- GDELT NumArticles: distinct articles (near-duplicates included)
        num_sources INTEGER NOT NULL         -- GDELT NumSources: distinct outlets
    )""",
    """CREATE TABLE story_events (
        story_id {text} NOT NULL,
        article_id {text} NOT NULL,
        event_id {text} NOT NULL,
        PRIMARY KEY (article_id, event_id)
    )""",
    "CREATE INDEX story_events_story ON story_events (story_id)",
    "CREATE INDEX stories_dyad ON stories (source_country, target_country)",
)

# Version 3: per-article lookups for the HTTP API. A page of events is fetched by its
# articles' ids; without these, each page scans the whole actors/sentences/places tables
# (on a 100k-event DuckDB store, loaded machine: 85 ms a page without them, 47 ms with them).
_V3_INDEXES = (
    "CREATE INDEX events_article ON events (article_id)",
    "CREATE INDEX actors_article ON actors (article_id)",
    "CREATE INDEX places_article ON places (article_id)",
    "CREATE INDEX sentences_article ON sentences (article_id)",
    "CREATE INDEX quotes_article ON quotes (article_id)",
)

# Version 4: the near-duplicate lookup by bucket alone. Buckets are 62-bit hashes, so the
# bucket says the band; with an index on it the lookup is an index probe per band instead of a
# hash join over every band row (benchmarks/near_duplicate_lookup.py: 26 ms at 320k articles
# and growing with the store, against about 1 ms flat).
_V4_INDEXES = (
    "CREATE INDEX minhash_bands_by_bucket ON minhash_bands (bucket)",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, sentences, actors, places, mentions, events, quotes, failures",
              _V1_TABLES + _V1_INDEXES),
    Migration(2, "near-duplicate links, MinHash index, stored parses, stories", _V2_TABLES),
    Migration(3, "indexes by article for the HTTP API", _V3_INDEXES),
    Migration(4, "near-duplicate lookup by bucket", _V4_INDEXES),
)

LATEST_VERSION = MIGRATIONS[-1].version

CREATE_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description {text} NOT NULL,
    applied_at {timestamp} NOT NULL DEFAULT current_timestamp
)"""


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest migration applied to the store behind `con`; 0 for a new, empty store."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply every migration newer than the store's version, in order; returns the versions applied.

    Each migration runs in one transaction together with its `schema_version` row, so a
    crash mid-migration leaves the store at the previous version, never half-way.
    """
    con.execute(DUCKDB.render(CREATE_VERSION_TABLE))
    version = current_version(con)
    applied = []
    for migration in migrations:
        if migration.version <= version:
            continue
        con.begin()
        try:
            for statement in migration.statements:
                con.execute(DUCKDB.render(statement))
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                        [migration.version, migration.description])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        log.info("store migrated to schema version %d: %s", migration.version, migration.description)
        applied.append(migration.version)
    return applied
