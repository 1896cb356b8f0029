"""Where coded documents go: an embedded DuckDB file by default, or a PostgreSQL server.

    with open_store("eventwire.duckdb") as store: ...                  # DuckDBStore
    with open_store("postgresql://user@host/events") as store: ...     # PostgresStore

Both stores have the same tables (schema.py) and the same methods (`Store` below), so the
CLI and library code never need to know which one they hold.
"""
from __future__ import annotations

from types import TracebackType
from typing import Protocol

from eventwire.model import Document
from eventwire.store.duckdb_store import DuckDBStore
from eventwire.store.postgres_store import PostgresStore, is_postgres_dsn, redact_dsn
from eventwire.store.schema import LATEST_VERSION, MIGRATIONS

__all__ = ["DuckDBStore", "LATEST_VERSION", "MIGRATIONS", "PostgresStore", "Store", "open_store", "store_name"]


class Store(Protocol):
    """What every store offers; see DuckDBStore for the guarantees behind each method."""

    read_only: bool

    def has_article(self, article_id: str) -> bool: ...
    def add(self, document: Document) -> bool: ...
    def get(self, article_id: str) -> Document | None: ...
    def record_failure(self, article_id: str | None, source: str, reason_code: str, message: str) -> None: ...
    def stats(self) -> dict[str, int]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...


def open_store(db: str, *, read_only: bool = False) -> Store:
    """The store `db` names: a `postgresql://` or `postgres://` DSN, else a DuckDB file path."""
    if is_postgres_dsn(db):
        return PostgresStore(db, read_only=read_only)
    return DuckDBStore(db, read_only=read_only)


def store_name(db: str) -> str:
    """`db` as it may be shown to users: a DSN's password is masked, a path is unchanged."""
    return redact_dsn(db) if is_postgres_dsn(db) else db
