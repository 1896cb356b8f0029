"""The server store: coded documents in a PostgreSQL database, shared by many writers.

    with PostgresStore("postgresql://eventwire@db.example.org/events") as store:
        if not store.has_article(doc.article.id):
            store.add(doc)
        print(store.stats())

Same tables, same public methods and the same guarantees as DuckDBStore (see
duckdb_store.py): an article is stored whole or not at all, and adding a stored id again is a
no-op returning False. Unlike DuckDB, PostgreSQL lets many processes write at once, so the
guarantees are made to hold under concurrency too:

- `add` inserts the article row first with `ON CONFLICT DO NOTHING`: when two writers race on
  one id, the second waits for the first to commit, inserts nothing, and rolls back to False.
- schema migrations and failure bookkeeping take a transaction-scoped advisory lock, so two
  ingests starting on an empty database do not both create the tables, and the same bad line
  seen by two writers is one `failures` row with `seen = 2`.

The database itself must exist (creating databases needs privileges a writer should not
have); the tables are created on first open for writing. Errors name the DSN with its
password masked. All SQL here is parameterised; no value is ever formatted into a statement.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict

from eventwire import __version__
from eventwire.errors import StoreError
from eventwire.model import Document
from eventwire.store.rows import ARTICLE_COLUMNS, Cursor, DocumentRows, MinHashRows, StoredParse, article_row, utcnow
from eventwire.store.schema import CREATE_VERSION_TABLE, LATEST_VERSION, MIGRATIONS, POSTGRES, Migration

log = logging.getLogger(__name__)

DSN_PREFIXES = ("postgresql://", "postgres://")

# Advisory lock keys (any bigint, fixed so that every eventwire process agrees on them).
_MIGRATION_LOCK = 0x65770001
_FAILURES_LOCK = 0x65770002

# Without a limit, connecting to a host that drops packets hangs for minutes.
_DEFAULT_CONNECT_TIMEOUT = 10


def is_postgres_dsn(db: str) -> bool:
    return db.lower().startswith(DSN_PREFIXES)


def redact_dsn(dsn: str) -> str:
    """`dsn` with any password masked, fit for messages and logs."""
    parts = urlsplit(dsn)
    netloc = parts.netloc
    userinfo, at, hostinfo = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:***@{hostinfo}"
    query = [(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="*/:"), parts.fragment))


class PostgresStore(DocumentRows):
    PLACEHOLDER = "%s"

    def __init__(self, dsn: str, *, read_only: bool = False) -> None:
        """Connect to the database at `dsn` and bring its schema up to date (unless `read_only`)."""
        self.dsn = redact_dsn(dsn)  # only the masked form is kept: it ends up in messages
        self.read_only = read_only
        self._con: psycopg.Connection[Any] | None = _connect(dsn, self.dsn, read_only)
        try:
            self._check_schema()
        except BaseException:
            self.close()
            raise

    @property
    def con(self) -> psycopg.Connection[Any]:
        if self._con is None:
            raise StoreError(f"{self.dsn}: the store is closed")
        return self._con

    def _check_schema(self) -> None:
        version = current_version(self.con)
        if version > LATEST_VERSION:
            raise StoreError(f"{self.dsn}: schema version {version} was written by a newer eventwire "
                             f"(this one knows up to {LATEST_VERSION}); upgrade eventwire to use it")
        if self.read_only:
            if version == 0:
                raise StoreError(f"{self.dsn}: no such store: the database holds no eventwire tables yet; "
                                 "`eventwire ingest --db` creates them")
            if version < LATEST_VERSION:
                raise StoreError(f"{self.dsn}: schema version {version} is older than {LATEST_VERSION}; "
                                 "open it for writing once (e.g. `eventwire ingest`) to migrate it")
            return
        try:
            migrate(self.con)
        except psycopg.Error as exc:
            raise StoreError(f"{self.dsn}: cannot create or migrate the eventwire tables: {exc}") from exc

    # -- writing ---------------------------------------------------------------------------

    def add(self, document: Document, parse: StoredParse | None = None, *,
            minhash: MinHashRows | None = None) -> bool:
        """Store `document` whole, in one transaction; False (writing nothing) if its id is stored.

        `parse`, the article's spaCy parse, is written in the same transaction (for `eventwire recode`),
        and so is `minhash`, its near-duplicate index entry.

        On any error the transaction is rolled back, so no half article is ever stored, and
        the error is raised again (PostgreSQL errors as StoreError).
        """
        try:
            with self.con.transaction():
                # The article row goes first: if another writer holds or has stored this id,
                # the insert waits for it and then does nothing, and so do we.
                if not self._insert_article(document):
                    return False
                self._insert_rows(document)
                if parse is not None:
                    self._insert_parse(document.article.id, parse)
                if minhash is not None:
                    self._insert_minhash(document.article.id, minhash)
        except psycopg.Error as exc:
            raise StoreError(f"article {document.article.id!r} could not be stored: {exc}") from exc
        log.debug("stored article %s: %d events, %d quotes", document.article.id, len(document.events),
                  len(document.quotes))
        return True

    def replace_coding(self, document: Document, parse: StoredParse | None = None) -> bool:
        """Replace the coded rows of a stored article with `document`'s, in one transaction
        (`eventwire recode`); the article row and its text are kept, and so is its parse unless
        `parse` replaces it. False (writing nothing) if the id is not stored."""
        try:
            with self.con.transaction():
                # Lock the article row: a concurrent recode of the same article waits for this one.
                if self.con.execute("SELECT 1 FROM articles WHERE id = %s FOR UPDATE",
                                    [document.article.id]).fetchone() is None:
                    return False
                self._replace_rows(document, parse)
        except psycopg.Error as exc:
            raise StoreError(f"article {document.article.id!r} could not be recoded: {exc}") from exc
        return True

    def add_near_duplicate(self, document: Document, duplicate_of: str, similarity: float) -> bool:
        """Store an uncoded copy of the coded article `duplicate_of`: `document`'s article row (its
        text and metadata, with no coded rows) and its `duplicates` link, in one transaction.
        False (writing nothing) if its id is stored."""
        try:
            with self.con.transaction():
                if not self._insert_article(document):
                    return False
                self._insert_duplicate(document.article.id, duplicate_of, similarity)
        except psycopg.Error as exc:
            raise StoreError(f"article {document.article.id!r} could not be stored: {exc}") from exc
        return True

    def record_failure(self, article_id: str | None, source: str, reason_code: str, message: str) -> None:
        """Record an input that was discarded, and why; the same failure again only bumps `seen`."""
        now = utcnow()
        key = [article_id, source, reason_code, message]
        try:
            with self.con.transaction():
                # Serialised: two writers meeting the same bad line would both find no row to
                # update and both insert one. Failures are rare, so the lock costs nothing.
                self.con.execute("SELECT pg_advisory_xact_lock(%s)", [_FAILURES_LOCK])
                updated = self.con.execute(
                    "UPDATE failures SET seen = seen + 1, last_seen = %s WHERE article_id IS NOT DISTINCT FROM %s "
                    "AND source = %s AND reason_code = %s AND message = %s", [now, *key])
                if updated.rowcount == 0:
                    self.con.execute(
                        "INSERT INTO failures (article_id, source, reason_code, message, first_seen, last_seen) "
                        "VALUES (%s, %s, %s, %s, %s, %s)", [*key, now, now])
        except psycopg.Error as exc:
            raise StoreError(f"{self.dsn}: the failure at {source} could not be recorded: {exc}") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.con.execute(sql, list(params))

    def _executemany(self, sql: str, rows: list[list[Any]]) -> None:
        with self.con.cursor() as cur:
            cur.executemany(sql, rows)

    def _insert_article(self, doc: Document) -> bool:
        """Insert the article row; False if the id is already stored (nothing written)."""
        names = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join("%s" for _ in ARTICLE_COLUMNS)
        cur = self.con.execute(f"INSERT INTO articles ({names}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
                               article_row(doc, __version__))
        return cur.rowcount == 1


# -- schema -------------------------------------------------------------------------------

def current_version(con: psycopg.Connection[Any]) -> int:
    """The newest migration applied to the database behind `con`; 0 for a database without our tables."""
    row = con.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: psycopg.Connection[Any], migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply every migration newer than the database's version, in order; returns the versions applied.

    As in DuckDB, each migration and its `schema_version` row are one transaction (PostgreSQL
    DDL is transactional). The advisory lock makes concurrent openers take turns; whoever
    comes second re-reads the version under the lock and finds nothing left to do.
    """
    if current_version(con) >= migrations[-1].version:
        return []  # the common case: no lock needed
    applied = []
    for migration in migrations:
        with con.transaction():
            con.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
            con.execute(POSTGRES.render(CREATE_VERSION_TABLE))
            if migration.version <= current_version(con):
                continue
            for statement in migration.statements:
                con.execute(POSTGRES.render(statement))
            con.execute("INSERT INTO schema_version (version, description) VALUES (%s, %s)",
                        [migration.version, migration.description])
        log.info("store migrated to schema version %d: %s", migration.version, migration.description)
        applied.append(migration.version)
    return applied


def _connect(dsn: str, shown: str, read_only: bool) -> psycopg.Connection[Any]:
    """A connection to `dsn`, or StoreError naming it (password masked) and saying what is wrong."""
    try:
        params = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"{shown}: not a valid PostgreSQL DSN: {_scrub(str(exc), dsn)}") from exc
    timeout = {} if "connect_timeout" in params else {"connect_timeout": _DEFAULT_CONNECT_TIMEOUT}
    try:
        # Autocommit: reads run on their own; every write opens an explicit transaction.
        con = psycopg.connect(dsn, autocommit=True, **timeout)
    except psycopg.Error as exc:
        detail = _scrub(str(exc).strip(), dsn)
        if "does not exist" in detail and "database" in detail:
            raise StoreError(f"{shown}: no such store: the database does not exist; create it first "
                             f"(e.g. `createdb`), eventwire then creates its tables. PostgreSQL says: {detail}"
                             ) from exc
        raise StoreError(f"{shown}: cannot connect to PostgreSQL: {detail}") from exc
    if read_only:
        # Enforced by the server for the whole session, not just promised by this class.
        con.execute("SET default_transaction_read_only = on")
    return con


def _scrub(message: str, dsn: str) -> str:
    """`message` without the DSN's password, should a driver message ever echo it."""
    try:
        password = conninfo_to_dict(dsn).get("password")
    except psycopg.ProgrammingError:
        return message
    return message.replace(str(password), "***") if password else message
