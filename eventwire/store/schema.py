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
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1_TABLES = (
    """CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,
        title VARCHAR,
        published DATE,
        source VARCHAR,
        url VARCHAR,
        language VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        coded_at TIMESTAMP NOT NULL,          -- UTC
        coder_version VARCHAR                 -- eventwire version that coded the article
    )""",
    """CREATE TABLE sentences (
        article_id VARCHAR NOT NULL,
        idx INTEGER NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        boilerplate BOOLEAN NOT NULL,
        PRIMARY KEY (article_id, idx)
    )""",
    """CREATE TABLE actors (
        article_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR,
        sector VARCHAR,
        kind VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        role VARCHAR,
        PRIMARY KEY (article_id, id)
    )""",
    """CREATE TABLE places (
        article_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR,
        admin1 VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        feature VARCHAR NOT NULL,
        PRIMARY KEY (article_id, id)
    )""",
    # One table for actor and place mentions: "where is X named" is one query either way.
    # `end` is an SQL keyword: quote it ("end") or qualify it (mentions.end) in queries.
    """CREATE TABLE mentions (
        article_id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,           -- an actors.id or a places.id, as `kind` says
        kind VARCHAR NOT NULL CHECK (kind IN ('actor', 'place')),
        seq INTEGER NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL
    )""",
    """CREATE TABLE events (
        article_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        sentence INTEGER NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text VARCHAR NOT NULL,
        cameo VARCHAR NOT NULL,
        cameo_root VARCHAR NOT NULL,          -- first two digits of cameo: 01 .. 20
        plover_type VARCHAR NOT NULL,
        plover_mode VARCHAR,
        plover_context VARCHAR[] NOT NULL,
        goldstein DOUBLE NOT NULL,
        quad_class INTEGER NOT NULL,
        date VARCHAR,                         -- ISO date, or partial ISO: 2021-02, 2021
        place_id VARCHAR,
        negated BOOLEAN NOT NULL,
        modality VARCHAR NOT NULL,
        attributed_to VARCHAR,
        confidence DOUBLE NOT NULL,
        source_actor_ids VARCHAR[] NOT NULL,
        target_actor_ids VARCHAR[] NOT NULL,
        source_country VARCHAR,               -- of the first source actor
        target_country VARCHAR,               -- of the first target actor
        source_code VARCHAR,
        target_code VARCHAR,
        PRIMARY KEY (article_id, id)
    )""",
    """CREATE TABLE quotes (
        article_id VARCHAR NOT NULL,
        id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        speaker VARCHAR,
        kind VARCHAR NOT NULL,
        source_start INTEGER, source_end INTEGER, source_text VARCHAR,
        cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR,
        content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text VARCHAR NOT NULL,
        PRIMARY KEY (article_id, id)
    )""",
    "CREATE SEQUENCE failures_id_seq",
    # The same failure seen again (a re-run over the same corpus) bumps `seen` and
    # `last_seen` instead of adding a row, so re-running an ingest does not inflate counts.
    """CREATE TABLE failures (
        id BIGINT PRIMARY KEY DEFAULT nextval('failures_id_seq'),
        article_id VARCHAR,
        source VARCHAR NOT NULL,              -- where: file, or file:line
        reason_code VARCHAR NOT NULL,         -- E104, ...: see eventwire/errors.py
        message VARCHAR NOT NULL,
        first_seen TIMESTAMP NOT NULL,        -- UTC
        last_seen TIMESTAMP NOT NULL,
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

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, sentences, actors, places, mentions, events, quotes, failures",
              _V1_TABLES + _V1_INDEXES),
)

LATEST_VERSION = MIGRATIONS[-1].version

_CREATE_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
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
    con.execute(_CREATE_VERSION_TABLE)
    version = current_version(con)
    applied = []
    for migration in migrations:
        if migration.version <= version:
            continue
        con.begin()
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)",
                        [migration.version, migration.description])
            con.commit()
        except BaseException:
            con.rollback()
            raise
        log.info("store migrated to schema version %d: %s", migration.version, migration.description)
        applied.append(migration.version)
    return applied
