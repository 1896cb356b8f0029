"""`eventwire stats`: how much a store holds, as JSON on stdout."""
from __future__ import annotations

import json

import click

from eventwire.errors import EventwireError
from eventwire.store import open_store


@click.command()
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store to read: a DuckDB file, or a postgresql:// DSN.")
def stats(db: str) -> None:
    """Print row counts of a store as JSON: articles, events, quotes, actors, places, mentions, failures,
    and duplicates (articles stored uncoded as near-copies of a coded one)."""
    try:
        # Read-only: never creates a store by accident, and may run beside other readers.
        with open_store(db, read_only=True) as store:
            counts = store.stats()
            counts["duplicates"] = store.duplicate_count()  # type: ignore[attr-defined]
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(counts, indent=2))
