"""`eventwire ingest SOURCE...`: read articles, code them, store them; resumable.

Articles whose id is already stored are skipped before coding, so re-running an ingest
over a grown corpus codes only what is new. A near-duplicate of a coded article (the same
wire story run by another outlet, see near_duplicates.py) is stored uncoded, linked to the
article it copies, and is never parsed. Bad records are reported on stderr with their
file:line, counted, recorded in the store's `failures` table, and skipped. Progress and the
closing summary go to stderr; stdout stays empty unless `--summary-json` asks for it.

Every decision (skip, link, code) is taken here, in the parent process, in input order: two
copies of one text in the same batch are one coded article and one link, however many
workers code.
"""
from __future__ import annotations

import json
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Protocol

import click

from eventwire.actors.user_dictionaries import read_actor_file
from eventwire.clean import clean, storable
from eventwire.dates import check_published, parse_published
from eventwire.engine.choose import ENGINES, ParsesToStore, run_engine
from eventwire.errors import EventwireError, MalformedRecord, StoreError
from eventwire.ingest.near_duplicates import (
    DEFAULT_SIMILARITY, Fingerprint, Match, NearDuplicateIndex, fingerprint,
)
from eventwire.ingest.progress import Tally, count_records
from eventwire.ingest.readers import ReadError, ReadResult, read_sources
from eventwire.model import Article, Document
from eventwire.pipeline import ArticleInput, Failure, check_fields
from eventwire.store import Store, open_store, store_name
from eventwire.store.rows import MinHashRows

log = logging.getLogger(__name__)

__all__ = ["Tally", "ingest", "run_ingest"]


class IngestStore(Store, Protocol):
    """What ingest needs of a store beyond `Store`: the near-duplicate index and links."""

    def add(self, document: Document, *args: object, minhash: MinHashRows | None = None) -> bool: ...
    def add_near_duplicate(self, document: Document, duplicate_of: str, similarity: float) -> bool: ...
    def minhash_candidates(self, bands: Iterable[tuple[int, int]]) -> dict[str, bytes]: ...
    def article_text(self, article_id: str) -> str | None: ...


def _check_columns(ctx: click.Context, param: click.Parameter, value: str | None) -> dict[str, str] | None:
    from eventwire.ingest.csv_reader import ColumnMappingError, parse_columns

    try:
        return None if value is None else parse_columns(value)
    except ColumnMappingError as exc:
        raise click.BadParameter(str(exc)) from exc


def check_date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback: a --published date that is not a real YYYY-MM-DD date is a usage error."""
    try:
        return check_published(value)
    except MalformedRecord as exc:
        raise click.BadParameter(exc.reason) from exc


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store to write: a DuckDB file, or a postgresql:// DSN.")
@click.option("--published-default", callback=check_date_option,
              help="Published date (YYYY-MM-DD) for articles that carry none, such as .txt files.")
@click.option("--columns", callback=_check_columns, metavar="FIELD=COLUMN,...",
              help='CSV/TSV columns for article fields (id, title, url, published, source, text), e.g. '
                   'text=articleBody,id="Body ID"; unnamed fields are found by their usual column names.')
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--progress-every", default=100, show_default=True,
              help="Print a progress line every N records (0: never). On a terminal, a progress bar instead.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=0),
              help="Coding processes, each with its own model (0: one per core). The store is written by this process only.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actors: a user dictionary (.csv/.tsv/.yaml), a knowledge base (.tsv) or a "
                   "PETRARCH actor dictionary (.txt). Repeatable.")
@click.option("--near-duplicates/--no-near-duplicates", default=True, show_default=True,
              help="Store a near-copy of a coded article (a syndicated wire story) uncoded, linked to it.")
@click.option("--similarity", default=DEFAULT_SIMILARITY, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Near-duplicate threshold: Jaccard similarity of the two texts' 5-word shingles.")
@click.option("--summary-json", is_flag=True, help="Also print the closing summary as JSON on stdout.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where coding runs: local processes, or Ray actors (one model each).")
@click.option("--ray-address", help="With --engine ray: the Ray cluster to join (default: start a local Ray).")
@click.option("--store-parses/--no-store-parses", default=True, show_default=True,
              help="Store each article's spaCy parse, so that `eventwire recode` can recode it without parsing.")
def ingest(sources: tuple[str, ...], db: str, published_default: str | None, columns: dict[str, str] | None,
           batch_size: int, progress_every: int, workers: int, actor_files: tuple[Path, ...],
           near_duplicates: bool, similarity: float, summary_json: bool, engine: str, ray_address: str | None,
           store_parses: bool) -> None:
    """Code articles from SOURCE... (.txt, .jsonl, .csv/.tsv, .html, .warc[.gz], .rss/.atom/.xml
    feeds, directories of them) into a store.

    Articles already in the store are skipped without coding, so an interrupted or repeated
    ingest resumes where it stopped. Exits 1 only if no record at all could be read.
    """
    terminal = sys.stderr if progress_every > 0 and sys.stderr.isatty() else None
    tally = Tally(progress_every, lambda line: click.echo(line, err=True), terminal=terminal)
    try:
        # Read the actor files here first: a bad one must stop the run with its file:line,
        # not fail inside every worker process as it starts.
        for path in actor_files:
            read_actor_file(path)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if terminal is not None:
        tally.total = count_records(sources)  # cheap for files and lines; None (rate only) for feeds/WARC
    try:
        with open_store(db) as store:
            records = read_sources(sources, published_default=published_default, columns=columns)
            index = NearDuplicateIndex(store, similarity) if near_duplicates else None  # type: ignore[arg-type]
            with_parses = ParsesToStore(store)  # adds each article's parse in the article's transaction
            run_ingest(with_parses, records,  # type: ignore[arg-type]
                       lambda articles: with_parses.documents(run_engine(
                           engine, articles, workers=workers, batch_size=batch_size, actor_files=actor_files,
                           keep_parses=store_parses, ray_address=ray_address)), tally, index)
    except KeyboardInterrupt:
        # Safe to stop here: every article is stored in its own transaction.
        tally.finish()
        click.echo(f"{tally.summary(store_name(db))} (interrupted; run again to resume)", err=True)
        sys.exit(130)
    except EventwireError as exc:
        tally.finish()
        raise click.ClickException(str(exc)) from exc
    tally.finish()
    click.echo(tally.summary(store_name(db)), err=True)
    if summary_json:
        click.echo(json.dumps(tally.as_json(store_name(db)), indent=2))
    if tally.readable == 0:
        sys.exit(1)


@dataclass
class _Pending:
    """A record on its way through the coder (or waiting for the article it copies to be stored)."""
    where: str
    article: ArticleInput
    fingerprint: Fingerprint | None
    match: Match | None = None

    @property
    def id(self) -> str:
        assert self.article.id is not None  # readers give every record an id
        return self.article.id


@dataclass
class _Run:
    store: IngestStore
    tally: Tally
    index: NearDuplicateIndex | None
    in_flight: deque[_Pending] = field(default_factory=deque)  # handed to the coder, in order
    waiting: dict[str, list[_Pending]] = field(default_factory=dict)  # copies of an article being coded
    leftovers: list[_Pending] = field(default_factory=list)  # copies whose original failed: coded after all
    seen: set[str] = field(default_factory=set)  # ids stored, linked or being coded in this run


Coder = Callable[[Iterable[ArticleInput]], Iterator[Document | Failure]]


def run_ingest(store: IngestStore, records: Iterable[ReadResult], code: Coder, tally: Tally,
               index: NearDuplicateIndex | None = None) -> None:
    """Code and store every record not yet stored (linking near-duplicates when `index` is
    given); report and record the rest."""
    run = _Run(store, tally, index)
    _code_and_store(run, code, _to_code(run, records))
    if run.leftovers:
        # Copies of articles that failed to code: rare (the copy usually fails the same way),
        # so a second pass through the coder, not a scheme to re-route them mid-stream.
        leftovers, run.leftovers = run.leftovers, []
        _code_and_store(run, code, _hand_over(run, leftovers))


def _code_and_store(run: _Run, code: Coder, todo: Iterator[ArticleInput]) -> None:
    first = next(todo, None)
    if first is None:
        return  # nothing to code: no need to load the model at all
    # `code` yields exactly one result per input, in input order, so `in_flight` lines up; it
    # pulls from `todo` (store reads and writes) in this thread only.
    for result in code(chain([first], todo)):
        item = run.in_flight.popleft()
        if isinstance(result, Failure):
            _fail(run, item.where, result.error, result.id, reading=False)
            original_stored = False
        else:
            original_stored = _store(run, item, result)
        if run.index is not None:
            run.index.release(item.id)
        for copy in run.waiting.pop(item.id, []):
            if not (original_stored and _store_copy(run, copy)):
                run.leftovers.append(copy)


def _to_code(run: _Run, records: Iterable[ReadResult]) -> Iterator[ArticleInput]:
    """The articles to code: read errors are reported, stored ids skipped and near-duplicates linked on the way."""
    for record in records:
        run.tally.note_read()
        if isinstance(record, ReadError):
            _fail(run, record.where, record.error, record.id, reading=True)
            continue
        try:
            check_fields(record.article)  # before the store is asked about the id
        except MalformedRecord as exc:
            _fail(run, record.where, exc, record.article.id, reading=True)
            continue
        item = _Pending(record.where, record.article, None)
        if item.id in run.seen:
            log.debug("%s: %s met before in this run", item.where, item.id)
            run.tally.note_exact_duplicate()
            continue
        if run.store.has_article(item.id):
            log.debug("%s: %s already stored", item.where, item.id)
            run.tally.note_already_stored()
            continue
        run.seen.add(item.id)
        if run.index is not None and _linked(run, run.index, item):
            continue
        yield from _hand_over(run, [item])


def _linked(run: _Run, index: NearDuplicateIndex, item: _Pending) -> bool:
    """True if `item` copies a coded article and was stored as its near-duplicate (or waits to be)."""
    item.fingerprint = fingerprint(item.article.text)
    if item.fingerprint is None:
        return False  # too short to tell
    item.match = index.find(item.fingerprint)
    if item.match is None:
        return False
    if index.is_held(item.match.article_id):
        run.waiting.setdefault(item.match.article_id, []).append(item)
        return True
    return _store_copy(run, item)


def _hand_over(run: _Run, items: list[_Pending]) -> Iterator[ArticleInput]:
    for item in items:
        run.in_flight.append(item)
        if run.index is not None and item.fingerprint is not None and item.match is None:
            run.index.hold(item.id, item.fingerprint)
        yield item.article


def _store(run: _Run, item: _Pending, document: Document) -> bool:
    """Store a coded article with its MinHash index entry; True if the article is now in the store."""
    fp = item.fingerprint
    # A leftover copy (item.match set) is coded but not indexed: its original's text is the reference.
    minhash = MinHashRows(fp.signature_bytes(), fp.bands) if fp is not None and item.match is None else None
    try:
        added = run.store.add(document, minhash=minhash)
    except StoreError as exc:
        _fail(run, item.where, exc, document.article.id, reading=False)
        return False
    # False: the same id was stored meanwhile (another writer, on PostgreSQL).
    if added:
        run.tally.note_coded()
    else:
        run.tally.note_exact_duplicate()
    return True


def _store_copy(run: _Run, item: _Pending) -> bool:
    """Store `item` uncoded as a near-duplicate of `item.match`; False if its text cannot be
    cleaned (it is then coded, and fails there with the reason)."""
    assert item.match is not None
    a = item.article
    try:
        text = clean(a.text).text
    except EventwireError:
        return False
    published = parse_published(a.published)
    document = Document(Article(id=item.id, title=a.title, published=published.isoformat() if published else None,
                                source=a.source, url=a.url), text)
    try:
        added = run.store.add_near_duplicate(document, item.match.article_id, round(item.match.similarity, 4))
    except StoreError as exc:
        _fail(run, item.where, exc, item.id, reading=False)
        return True
    log.debug("%s: %s near-duplicates %s (%.3f)", item.where, item.id, item.match.article_id,
              item.match.similarity)
    if added:
        run.tally.note_near_duplicate()
    else:
        run.tally.note_exact_duplicate()
    return True


def _fail(run: _Run, where: str, error: EventwireError, article_id: str | None, *, reading: bool) -> None:
    # Reader messages often start with the location already; say it once, first.
    reason = error.reason.removeprefix(f"{where}: ")
    run.tally.message(f"eventwire: {where}: skipped [{error.code}] {reason}")
    # A record can fail for the very bytes no store accepts (a NUL in its id): kept escaped.
    run.store.record_failure(storable(article_id), storable(where), error.code, storable(reason))
    run.tally.note_failed(error, reading=reading)
