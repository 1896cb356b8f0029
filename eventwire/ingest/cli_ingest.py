"""`eventwire ingest SOURCE...`: read articles, code them, store them; resumable.

Articles whose id is already stored are skipped before coding, so re-running an ingest
over a grown corpus codes only what is new. Bad records are reported on stderr with their
file:line, counted, recorded in the store's `failures` table, and skipped. Progress lines
and the closing summary go to stderr; stdout stays empty.
"""
from __future__ import annotations

import logging
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import click

from eventwire.actors.user_dictionaries import read_actor_file
from eventwire.dates import parse_published
from eventwire.engine import code_parallel
from eventwire.errors import EventwireError, StoreError
from eventwire.ingest.readers import ReadError, ReadResult, read_sources
from eventwire.model import Document
from eventwire.pipeline import ArticleInput, Failure
from eventwire.store import Store, open_store, store_name

log = logging.getLogger(__name__)


@dataclass
class Tally:
    """What happened to each record of one ingest run; prints a progress line every `every` records."""
    every: int
    echo: Callable[[str], None]
    read: int = 0  # records met, good or bad
    stored: int = 0
    skipped: int = 0  # already in the store
    failed: Counter[tuple[str, str]] = field(default_factory=Counter)  # (error class, code) -> n
    unreadable: int = 0  # the failures that happened while reading, before coding
    started: float = field(default_factory=time.monotonic)

    @property
    def readable(self) -> int:
        """Records that were read well enough to be coded or skipped."""
        return self.read - self.unreadable

    def processed(self) -> int:
        return self.stored + self.skipped + sum(self.failed.values())

    def note_read(self) -> None:
        self.read += 1

    def note_stored(self) -> None:
        self.stored += 1
        self._tick()

    def note_skipped(self) -> None:
        self.skipped += 1
        self._tick()

    def note_failed(self, error: EventwireError, *, reading: bool) -> None:
        self.failed[(type(error).__name__, error.code)] += 1
        if reading:
            self.unreadable += 1
        self._tick()

    def _tick(self) -> None:
        if self.every > 0 and self.processed() % self.every == 0:
            self.echo(f"eventwire ingest: {self.processed()} records: {self._counts()} "
                      f"({self.processed() / self._elapsed():.1f} records/s)")

    def _elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def _counts(self) -> str:
        return f"stored {self.stored}, skipped {self.skipped} (already stored), failed {sum(self.failed.values())}"

    def summary(self, db: str) -> str:
        reasons = ", ".join(f"{n} {name} [{code}]" for (name, code), n in self.failed.most_common())
        return (f"eventwire ingest: read {self.read} record{'' if self.read == 1 else 's'}; {self._counts()}"
                f"{f' ({reasons})' if reasons else ''} in {self._elapsed():.1f}s; store {db}")


def _check_columns(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, str] | None:
    from eventwire.ingest.csv_reader import ColumnMappingError, parse_columns

    try:
        return None if value is None else parse_columns(value)
    except ColumnMappingError as exc:
        raise click.BadParameter(str(exc)) from exc


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and parse_published(value) is None:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD")
    return value


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store to write: a DuckDB file, or a postgresql:// DSN.")
@click.option("--published-default", callback=_check_date,
              help="Published date (YYYY-MM-DD) for articles that carry none, such as .txt files.")
@click.option("--columns", callback=_check_columns, metavar="FIELD=COLUMN,...",
              help='CSV/TSV columns for article fields (id, title, url, published, source, text), e.g. '
                   'text=articleBody,id="Body ID"; unnamed fields are found by their usual column names.')
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--progress-every", default=100, show_default=True,
              help="Print a progress line every N records (0: never).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0),
              help="Coding processes, each with its own model (0: one per core). The store is written by this process only.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors: a user dictionary (.csv/.tsv/.yaml), a knowledge base (.tsv) or a "
                   "PETRARCH actor dictionary (.txt). Repeatable.")
def ingest(sources: tuple[str, ...], db: str, published_default: str | None, columns: dict[str, str] | None,
           batch_size: int, progress_every: int, workers: int, actor_files: tuple[Path, ...]) -> None:
    """Code articles from SOURCE... (.txt, .jsonl, .csv/.tsv, .html, .warc[.gz], .rss/.atom/.xml
    feeds, directories of them) into a store.

    Articles already in the store are skipped without coding, so an interrupted or repeated
    ingest resumes where it stopped. Exits 1 only if no record at all could be read.
    """
    tally = Tally(progress_every, lambda line: click.echo(line, err=True))
    try:
        # Read the actor files here first: a bad one must stop the run with its file:line,
        # not fail inside every worker process as it starts.
        for path in actor_files:
            read_actor_file(path)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        with open_store(db) as store:
            records = read_sources(sources, published_default=published_default, columns=columns)
            run_ingest(store, records,
                       lambda articles: code_parallel(articles, workers=workers, batch_size=batch_size,
                                                        actor_files=actor_files), tally)
    except KeyboardInterrupt:
        # Safe to stop here: every article is stored in its own transaction.
        click.echo(f"{tally.summary(store_name(db))} (interrupted; run again to resume)", err=True)
        sys.exit(130)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(tally.summary(store_name(db)), err=True)
    if tally.readable == 0:
        sys.exit(1)


def run_ingest(store: Store, records: Iterable[ReadResult],
               code: Callable[[Iterable[ArticleInput]], Iterator[Document | Failure]], tally: Tally) -> None:
    """Code and store every record not yet stored; report and record the rest."""
    wheres: deque[str] = deque()  # where each article handed to the coder came from, in order
    todo = _unstored(store, records, tally, wheres)
    first = next(todo, None)
    if first is None:
        return  # nothing new: no need to load the model at all
    # `code` yields exactly one result per input, in input order, so `wheres` lines up; it
    # pulls from `todo` (store reads, failure writes) in this thread only.
    for result in code(chain([first], todo)):
        where = wheres.popleft()
        if isinstance(result, Failure):
            _fail(store, tally, where, result.error, result.id, reading=False)
        else:
            _store(store, tally, where, result)


def _unstored(store: Store, records: Iterable[ReadResult], tally: Tally,
              wheres: deque[str]) -> Iterator[ArticleInput]:
    """The articles to code: read errors are reported and stored ids skipped on the way."""
    for record in records:
        tally.note_read()
        if isinstance(record, ReadError):
            _fail(store, tally, record.where, record.error, record.id, reading=True)
        elif record.article.id is not None and store.has_article(record.article.id):
            log.debug("%s: %s already stored", record.where, record.article.id)
            tally.note_skipped()
        else:
            wheres.append(record.where)
            yield record.article


def _store(store: Store, tally: Tally, where: str, document: Document) -> None:
    try:
        added = store.add(document)
    except StoreError as exc:
        _fail(store, tally, where, exc, document.article.id, reading=False)
        return
    # False: the same id appeared twice in this run and the first copy is already stored.
    if added:
        tally.note_stored()
    else:
        tally.note_skipped()


def _fail(store: Store, tally: Tally, where: str, error: EventwireError, article_id: str | None,
          *, reading: bool) -> None:
    # Reader messages often start with the location already; say it once, first.
    reason = error.reason.removeprefix(f"{where}: ")
    click.echo(f"eventwire: {where}: skipped [{error.code}] {reason}", err=True)
    store.record_failure(article_id, where, error.code, reason)
    tally.note_failed(error, reading=reading)
