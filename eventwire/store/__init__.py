"""Where coded documents go: an embedded DuckDB file by default (see duckdb_store.py)."""
from __future__ import annotations

from eventwire.store.duckdb_store import DuckDBStore
from eventwire.store.schema import LATEST_VERSION, MIGRATIONS

__all__ = ["DuckDBStore", "LATEST_VERSION", "MIGRATIONS"]
