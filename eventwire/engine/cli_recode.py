"""`eventwire recode --db DB`: code every stored article again from its stored parse.

Run it after changing a lexicon, the gazetteer or an actor dictionary (`--actors`): the
events, quotes, actors and places of every coded article are replaced by what the current
pipeline finds, without parsing again (see engine/recode.py). Progress and the summary go
to stderr; stdout stays empty unless --summary-json.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from eventwire.actors.user_dictionaries import read_actor_file
from eventwire.engine.choose import ENGINES
from eventwire.engine.recode import RecodeTally, recode_store
from eventwire.errors import EventwireError
from eventwire.store import open_store, store_name


@click.command()
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store to recode: a DuckDB file, or a postgresql:// DSN.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0),
              help="Coding processes (or Ray actors), each with its own model (0: one per core).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where coding runs: local processes, or Ray actors.")
@click.option("--ray-address", help="With --engine ray: the Ray cluster to join (default: start a local Ray).")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(min=1),
              help="Articles per spaCy batch (for articles parsed again).")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors, as for `eventwire ingest --actors`. Repeatable.")
@click.option("--summary-json", is_flag=True, help="Also print the summary as JSON on stdout.")
def recode(db: str, workers: int, engine: str, ray_address: str | None, batch_size: int,
           actor_files: tuple[Path, ...], summary_json: bool) -> None:
    """Recode every coded article in the store from its stored parse (no parsing), replacing
    its events, quotes, actors and places; articles stored without a parse are parsed again."""
    try:
        for path in actor_files:
            read_actor_file(path)  # a bad file stops the run here, with its file:line
        with open_store(db) as store:
            before = store.stats()
            tally = recode_store(store, engine=engine, workers=workers, batch_size=batch_size,
                                 actor_files=actor_files, ray_address=ray_address, on_article=_progress)
            after = store.stats()
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    for article_id, message in tally.failed:
        click.echo(f"eventwire recode: {article_id}: kept its old rows: {message}", err=True)
    click.echo(_summary(tally, before, after, store_name(db)), err=True)
    if summary_json:
        click.echo(json.dumps({"recoded": tally.recoded, "reparsed": tally.reparsed, "failed": len(tally.failed),
                               "missing": tally.missing, "before": before, "after": after}, indent=2))
    if tally.failed and not tally.recoded:
        sys.exit(1)


def _progress(tally: RecodeTally) -> None:
    done = tally.recoded + len(tally.failed) + tally.missing
    if done % 500 == 0:
        click.echo(f"eventwire recode: {done} articles", err=True)


def _summary(tally: RecodeTally, before: dict[str, int], after: dict[str, int], db: str) -> str:
    changes = ", ".join(f"{table} {before[table]} -> {after[table]}"
                        for table in ("events", "quotes", "actors", "places"))
    return (f"eventwire recode: recoded {tally.recoded} articles ({tally.reparsed} parsed again: no stored parse), "
            f"failed {len(tally.failed)}; {changes}; store {db}. Stories, if built, are stale: "
            f"run `eventwire stories` again.")
