"""`eventwire eval`: score the pipeline against a gold set, in-process.

Each subcommand prints the same report as the official judge in ../shared/tools, and its
last line is the judge's summary line, character for character, so numbers can be compared
(and quoted in benchmarks) without running the judge's subprocess.
"""
from __future__ import annotations

from pathlib import Path

import click

from eventwire.errors import EventwireError
from eventwire.eval import gsr, polnear
from eventwire.pipeline import Pipeline


def _pipeline(batch_size: int) -> Pipeline:
    try:
        return Pipeline(batch_size=batch_size)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("eval")
def eval_group() -> None:
    """Score the pipeline against a gold set (numbers agree with ../shared/tools judges)."""


@eval_group.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--show-misses", is_flag=True, help="List gold sentences whose event and dyad were not found.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
def events(gold: Path, show_misses: bool, batch_size: int) -> None:
    """Score event coding against a PLOVER gold-standard JSON file (type P/R/F1, dyad recall)."""
    score = gsr.evaluate(_pipeline(batch_size), gold)
    for line in score.report_lines(show_misses=show_misses):
        click.echo(line)


@eval_group.command()
@click.argument("split_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", default=0, show_default=True, help="Score only the first N articles (0: all).")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
def quotes(split_dir: Path, limit: int, batch_size: int) -> None:
    """Score quote attribution against a PolNeAR split directory (text/ and attributions/)."""
    score = polnear.evaluate(_pipeline(batch_size), split_dir, limit)
    for line in score.report_lines():
        click.echo(line)
