"""The store as the HTTP API sees it: parameterised reads from many request threads, and
(only when the operator enabled writes) one writer at a time.

DuckDB: one connection to the file; every read takes its own cursor, so requests run in
parallel threads. The file is opened read-only unless writes are enabled — and a DuckDB file
that another process has open for writing (a running `eventwire ingest`) cannot be opened at
all until that process ends (`StoreLocked`). PostgreSQL: a small pool of connections, read-only
sessions unless writes are enabled; ingest may run beside the server.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

from eventwire.analysis.filters import DuckDBReader
from eventwire.api.text_index import TextIndex
from eventwire.model import Document
from eventwire.store import LATEST_VERSION, DuckDBStore, PostgresStore, open_store, store_name
from eventwire.store.postgres_store import is_postgres_dsn
from eventwire.store.schema import current_version
from eventwire.store.rows import DocumentRows

log = logging.getLogger(__name__)


def _open_migrated(db: str, *, read_only: bool) -> Any:
    """The store, opened as asked, after bringing an older schema up to date.

    A read-only open refuses a store written by an older eventwire; serving one is what a user
    upgrading expects to work, so it is opened for writing once (as `eventwire ingest` would)
    to apply the missing migrations, and then opened read-only.
    """
    if read_only and LATEST_VERSION > _stored_version(db):
        log.warning("%s: bringing the store to schema version %d before serving it", store_name(db), LATEST_VERSION)
        open_store(db).close()
    return open_store(db, read_only=read_only)


def _stored_version(db: str) -> int:
    """The store's schema version (LATEST_VERSION when it cannot be read: open_store then says why)."""
    try:
        if is_postgres_dsn(db):
            import psycopg

            from eventwire.store.postgres_store import current_version as pg_version
            with psycopg.connect(db, connect_timeout=10) as con:
                return pg_version(con) or LATEST_VERSION
        with duckdb.connect(db, read_only=True) as con:
            return current_version(con) or LATEST_VERSION
    except Exception:  # a missing or locked store: open_store names the problem better
        return LATEST_VERSION


class _CursorRows(DocumentRows):
    """DocumentRows reading through one borrowed cursor/connection (to rebuild a Document)."""

    def __init__(self, con: Any, placeholder: str) -> None:
        self._con = con
        self.PLACEHOLDER = placeholder

    def _execute(self, sql: str, params: Any = ()) -> Any:
        return self._con.execute(sql, list(params))

    def close(self) -> None:  # the borrowed connection belongs to the Database
        self._con = None


class Database:
    """Reads (`rows`, `document`) for request handlers and, if `writable`, the store for writes."""

    def __init__(self, db: str, *, writable: bool = False, text_index: bool = True) -> None:
        self.db = db
        self.writable = writable
        self.dialect = "postgresql" if is_postgres_dsn(db) else "duckdb"
        # Opening through the store checks the schema version and names a locked file plainly.
        self.store = _open_migrated(db, read_only=not writable)
        self.write_lock = threading.Lock()
        self._pool: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._reader = DuckDBReader(self.store.con) if isinstance(self.store, DuckDBStore) else None
        # Only a store nobody can change under us may be indexed in memory (see text_index.py).
        self.text_index: TextIndex | None = None
        if text_index and self._reader is not None and not writable:
            self.text_index = TextIndex()
            self.text_index.start(self._reader)

    def close(self) -> None:
        while not self._pool.empty():
            self._pool.get_nowait().close()
        self.store.close()

    @contextmanager
    def _pg_connection(self) -> Iterator[Any]:
        import psycopg

        try:
            con = self._pool.get_nowait()
        except queue.Empty:
            assert isinstance(self.store, PostgresStore)
            con = psycopg.connect(self.db, autocommit=True)
            if not self.writable:
                con.execute("SET default_transaction_read_only = on")
        try:
            yield con
        except psycopg.OperationalError:
            con.close()  # a broken connection is not returned to the pool
            raise
        else:
            self._pool.put(con)

    def rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Rows of a `?`-parameterised query as dicts."""
        if self._reader is not None:
            return self._reader.rows(sql, params)
        with self._pg_connection() as con:
            cursor = con.execute(sql.replace("?", "%s"), list(params))
            names = [d.name for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def document(self, article_id: str) -> Document | None:
        """The stored document of one article, rebuilt from its rows."""
        if isinstance(self.store, DuckDBStore):
            cursor = self.store.con.cursor()
            try:
                return _CursorRows(cursor, "?").get(article_id)
            finally:
                cursor.close()
        with self._pg_connection() as con:
            return _CursorRows(con, "%s").get(article_id)
