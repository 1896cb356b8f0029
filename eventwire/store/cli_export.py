"""`eventwire export`: a store's events as GDELT 2.0 TSV, PLOVER JSONL, CSV, JSONL or Parquet."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

import click

from eventwire.errors import EventwireError
from eventwire.events.ontology import Ontology
from eventwire.store import export as ex
from eventwire.store.duckdb_store import DuckDBStore
from eventwire.store.postgres_store import PostgresStore, is_postgres_dsn


def _validated(check: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, str | None], Any]:
    """A click callback running `check`, so a bad value is a usage error (exit 2) naming the option."""
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        try:
            return check(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return callback


def _country(value: str) -> str:
    return ex.check_country(value, ex.known_countries(ex.load_fips()))


def _plover_type(value: str) -> str:
    return ex.check_plover_type(value, Ontology.load())


@click.command()
@click.option("--db", default="eventwire.duckdb", show_default=True, help="The store to read: a DuckDB file, or a postgresql:// DSN.")
@click.option("--format", "fmt", type=click.Choice(ex.FORMATS), required=True,
              help="gdelt: GDELT 2.0 event TSV; plover: PLOVER JSON lines; csv; jsonl: events with evidence; "
                   "parquet: a directory partitioned by year and month.")
@click.option("--out", required=True, type=click.Path(allow_dash=True),
              help="Output file (- for stdout), or for parquet a new or empty directory.")
@click.option("--since", callback=_validated(ex.parse_day), help="Only events on or after YYYY-MM-DD.")
@click.option("--until", callback=_validated(ex.parse_day), help="Only events on or before YYYY-MM-DD.")
@click.option("--country", callback=_validated(_country),
              help="Only events with a source or target actor of this ISO3 country (or CAMEO region, IGO, NGO).")
@click.option("--type", "plover_type", callback=_validated(_plover_type), help="Only events of this PLOVER type.")
@click.option("--header", is_flag=True, help="gdelt only: write the 61 column names first (GDELT files have none).")
def export(db: str, fmt: str, out: str, since: Any, until: Any, country: str | None, plover_type: str | None,
           header: bool) -> None:
    """Export events from a store; filters combine (AND), dates fall back to the article's publication day."""
    if header and fmt != "gdelt":
        raise click.UsageError("--header applies to --format gdelt only (csv always has one)")
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="'--since'")
    if fmt == "parquet" and out == "-":
        raise click.BadParameter("parquet is written to a directory, not stdout", param_hint="'--out'")
    flt = ex.EventFilter(since=since, until=until, country=country, plover_type=plover_type)
    try:
        if fmt == "parquet":
            ex.check_parquet_directory(Path(out))  # before a PostgreSQL store is copied, not after
        # Read-only: never creates a store by accident, and may run beside other readers.
        with _readable(db) as store:
            if fmt == "parquet":
                written = ex.write_parquet(store, Path(out), flt)
            else:
                written = _write_text(store, fmt, out, flt, header)
    except (EventwireError, FileExistsError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"eventwire export: wrote {written} events as {fmt} to {'stdout' if out == '-' else out}", err=True)


@contextmanager
def _readable(db: str) -> Iterator[DuckDBStore]:
    """The store `db` names, as DuckDB: a DuckDB file opened read-only, or a local copy of a PostgreSQL store."""
    if not is_postgres_dsn(db):
        with DuckDBStore(db, read_only=True) as store:
            yield store
        return
    with PostgresStore(db, read_only=True) as server, ex.local_copy(server) as store:
        yield store


def _write_text(store: DuckDBStore, fmt: str, out: str, flt: ex.EventFilter, header: bool) -> int:
    # newline="" lets the csv module and our own "\n" decide line ends, on every platform.
    handle_cm = nullcontext(sys.stdout) if out == "-" else open(out, "w", encoding="utf-8", newline="")
    with handle_cm as handle:
        target: IO[str] = handle
        if fmt == "gdelt":
            return ex.write_gdelt(store, target, flt, Ontology.load(), ex.load_fips(), header=header)
        if fmt == "csv":
            return ex.write_csv(store, target, flt)
        if fmt == "jsonl":
            return ex.write_jsonl(store, target, flt)
        return ex.write_plover(store, target, flt)
