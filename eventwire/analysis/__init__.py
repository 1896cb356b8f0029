"""Aggregates over a store: event counts and Goldstein sums by period, dyad, country, type
and quad class; top actors; the actor-actor network.

Every function takes a `SqlReader` (anything with `dialect` and `rows(sql, params)`), so the
same code runs on DuckDB and PostgreSQL and behind the HTTP API:

    import duckdb
    from eventwire.analysis import DuckDBReader, EventFilters, series
    reader = DuckDBReader(duckdb.connect("eventwire.duckdb", read_only=True))
    series(reader, EventFilters(between=("RUS", "CHN")), interval="month")
"""
from eventwire.analysis.aggregates import INTERVALS, COUNT_DIMENSIONS, counts, network, series, top_actors
from eventwire.analysis.filters import PLOVER_TYPES, DuckDBReader, EventFilters, SqlReader, event_day_sql

__all__ = ["COUNT_DIMENSIONS", "DuckDBReader", "EventFilters", "INTERVALS", "PLOVER_TYPES", "SqlReader",
           "counts", "event_day_sql", "network", "series", "top_actors"]
