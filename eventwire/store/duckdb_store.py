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
from pathlib import Path
from typing import Any

import duckdb

from eventwire import __version__
from eventwire.errors import StoreError, StoreLocked
from eventwire.model import Document
from eventwire.store.rows import ARTICLE_COLUMNS, Cursor, DocumentRows, MinHashRows, StoredParse, article_row, utcnow
from eventwire.store.schema import LATEST_VERSION, current_version, migrate

log = logging.getLogger(__name__)

# The phrases DuckDB uses when another process holds the file lock.
_LOCK_MESSAGES = ("could not set lock", "conflicting lock")


class DuckDBStore(DocumentRows):
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

    # -- writing ---------------------------------------------------------------------------

    def add(self, document: Document, parse: StoredParse | None = None, *,
            minhash: MinHashRows | None = None) -> bool:
        """Store `document` whole, in one transaction; False (writing nothing) if its id is stored.

        `parse`, the article's spaCy parse, is written in the same transaction (for `eventwire recode`),
        and so is `minhash`, its near-duplicate index entry.

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
            self._insert_rows(document)
            if parse is not None:
                self._insert_parse(document.article.id, parse)
            if minhash is not None:
                self._insert_minhash(document.article.id, minhash)
            con.commit()
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"article {document.article.id!r} could not be stored: {exc}") from exc
            raise
        log.debug("stored article %s: %d events, %d quotes", document.article.id, len(document.events),
                  len(document.quotes))
        return True

    def replace_coding(self, document: Document, parse: StoredParse | None = None) -> bool:
        """Replace the coded rows of a stored article with `document`'s, in one transaction
        (`eventwire recode`); the article row and its text are kept, and so is its parse unless
        `parse` replaces it. False (writing nothing) if the id is not stored."""
        con = self.con
        con.begin()
        try:
            if not self.has_article(document.article.id):
                con.rollback()
                return False
            self._replace_rows(document, parse)
            con.commit()
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"article {document.article.id!r} could not be recoded: {exc}") from exc
            raise
        return True

    def add_near_duplicate(self, document: Document, duplicate_of: str, similarity: float) -> bool:
        """Store an uncoded copy of the coded article `duplicate_of`: `document`'s article row (its
        text and metadata, with no coded rows) and its `duplicates` link, in one transaction.
        False (writing nothing) if its id is stored."""
        con = self.con
        con.begin()
        try:
            if self.has_article(document.article.id):
                con.rollback()
                return False
            self._insert_article(document)
            self._insert_duplicate(document.article.id, duplicate_of, similarity)
            con.commit()
        except BaseException as exc:
            _rollback(con)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"article {document.article.id!r} could not be stored: {exc}") from exc
            raise
        return True

    def record_failure(self, article_id: str | None, source: str, reason_code: str, message: str) -> None:
        """Record an input that was discarded, and why; the same failure again only bumps `seen`."""
        now = utcnow()
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

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.con.execute(sql, list(params))

    def _executemany(self, sql: str, rows: list[list[Any]]) -> None:
        self.con.executemany(sql, rows)

    def _insert_article(self, doc: Document) -> None:
        self._insert("articles", ARTICLE_COLUMNS, [article_row(doc, __version__)])


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction; if DuckDB already ended it (a failed commit), there is nothing to undo."""
    try:
        con.rollback()
    except duckdb.TransactionException:
        log.debug("rollback: no transaction was active")


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
