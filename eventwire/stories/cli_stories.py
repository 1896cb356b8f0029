"""`eventwire stories`: rebuild a store's stories (same event, many articles) and print a JSON summary."""
from __future__ import annotations

import json
from pathlib import Path

import click

from eventwire.errors import EventwireError
from eventwire.stories.build import rebuild_stories
from eventwire.stories.cluster import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS



@click.command()
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store: a DuckDB file, or a postgresql:// DSN.")
@click.option("--window-days", default=DEFAULT_WINDOW_DAYS, show_default=True, type=click.IntRange(min=0),
              help="Events more than N days apart (event date, else published date) are never one story.")
@click.option("--threshold", default=DEFAULT_THRESHOLD, show_default=True, type=click.FloatRange(-1.0, 1.0),
              help="Cosine similarity of evidence sentences (MiniLM) at which two events join.")
@click.option("--linkage", type=click.Choice(["average", "single"]), default="average", show_default=True,
              help="How groups of events join: mean similarity (average) or any one link (single).")
@click.option("--no-embeddings", is_flag=True,
              help="Link on dyad, type and time window alone (no sentence model).")
def stories(db: str, window_days: int, threshold: float, linkage: str, no_embeddings: bool) -> None:
    """Group events reporting the same real-world event into stories, replacing the store's stories."""
    from eventwire.store import open_store
    from eventwire.store.postgres_store import is_postgres_dsn

    if not is_postgres_dsn(db) and not Path(db).exists():
        # Opening would create an empty store, and "0 stories" would hide the typo.
        raise click.ClickException(f"{db}: no such store; `eventwire ingest --db {db}` creates and fills one")
    try:
        with open_store(db) as store:
            embedder = None
            if not no_embeddings:
                from eventwire.stories.embed import SentenceEmbedder

                embedder = SentenceEmbedder()
            summary = rebuild_stories(store, embedder, window_days=window_days, threshold=threshold,
                                      linkage=linkage)  # type: ignore[arg-type]
    except (EventwireError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(summary, indent=2))
