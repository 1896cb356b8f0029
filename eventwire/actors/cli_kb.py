"""`eventwire kb learn` and `eventwire kb show`: build and read the learned actor knowledge base.

    eventwire kb learn --db corpus.duckdb --out kb.tsv     # people with titles, from a store
    eventwire kb show kb.tsv --limit 20
    eventwire code article.txt --actors kb.tsv              # code with what was learned
"""
from __future__ import annotations

from pathlib import Path

import click

from eventwire.actors.knowledge import KnowledgeBase, learn_from_store
from eventwire.errors import EventwireError
from eventwire.store import open_store, store_name


@click.group()
def kb() -> None:
    """The actor knowledge base: people learned from coded articles."""


@kb.command()
@click.option("--db", required=True, help="The store to learn from: a DuckDB file or a postgresql:// DSN.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the knowledge base (TSV, editable by hand).")
def learn(db: str, out: Path) -> None:
    """Learn people (name -> country, sector, role) from every article in a store."""
    try:
        with open_store(db, read_only=True) as store:
            knowledge = learn_from_store(store)  # type: ignore[arg-type]  # both stores have article_ids()
        knowledge.save(out)
    except (EventwireError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"eventwire kb: learned {len(knowledge)} people from {store_name(db)} into {out}", err=True)


@kb.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Show at most N people (most mentioned first).")
def show(path: Path, limit: int | None) -> None:
    """Print a knowledge base as a readable table."""
    try:
        knowledge = KnowledgeBase.load(path)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    people = sorted(knowledge.people.values(), key=lambda p: (-p.mentions, p.name))[:limit]
    click.echo(f"{'name':32} {'country':7} {'sector':6} {'role':24} {'mentions':>8} {'disagree':>8}  seen")
    for p in people:
        seen = f"{p.first_seen or '?'}..{p.last_seen or '?'}"
        click.echo(f"{p.name[:32]:32} {p.country:7} {p.sector:6} {(p.role or '')[:24]:24} {p.mentions:>8} "
                   f"{p.disagreements:>8}  {seen}")
    click.echo(f"{len(people)} of {len(knowledge)} people", err=True)
