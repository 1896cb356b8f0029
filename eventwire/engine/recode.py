"""Recoding a store: actors, places, dates, events and quotes again, from the stored parses.

After a lexicon or actor-dictionary change, every coded article is coded again by the
current Pipeline without being parsed again: its stored spaCy parse (the `parses` table,
written by ingest) goes straight to `Pipeline.code_parsed`, the same step ingest runs after
parsing. Each article's coded rows (sentences, actors, places, mentions, events, quotes)
are replaced in one transaction; its id, text and metadata are never touched.

Articles stored without a parse (ingested with --no-store-parses, or before parses were
stored) are parsed again from their stored text, which is already clean, so offsets stay
valid; their new parse is stored with the new rows, and the summary counts them. Near-
duplicates are stored uncoded, so there is nothing to recode for them: they are left alone.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from eventwire.engine.choose import run_recode_engine
from eventwire.engine.tasks import Coded, ToRecode
from eventwire.model import Article, Document
from eventwire.pipeline import ArticleInput, Failure
from eventwire.store.rows import StoredParse

log = logging.getLogger(__name__)


class RecodeStore(Protocol):
    """What recoding needs of a store (DuckDBStore and PostgresStore both offer it)."""

    def coded_article_ids(self) -> Iterator[str]: ...
    def stored_article(self, article_id: str) -> tuple[Article, str] | None: ...
    def parse_of(self, article_id: str) -> StoredParse | None: ...
    def replace_coding(self, document: Document, parse: StoredParse | None = None) -> bool: ...


@dataclass
class RecodeTally:
    """What a recode did, article by article."""
    recoded: int = 0
    reparsed: int = 0  # of those, parsed again because no parse was stored
    failed: list[tuple[str | None, str]] = field(default_factory=list)  # (article id, message)
    missing: int = 0  # gone from the store while we worked (deleted by someone else)


def recode_store(store: RecodeStore, *, engine: str = "local", workers: int = 1, batch_size: int = 32,
                 actor_files: Sequence[Path] = (), ray_address: str | None = None,
                 on_article: Callable[[RecodeTally], None] | None = None) -> RecodeTally:
    """Recode every coded article in `store` with a Pipeline built from `actor_files` (and the
    built-in data); returns what happened. A failed article keeps its old rows and is listed."""
    tally = RecodeTally()
    stored_parse: dict[str, bool] = {}  # article id -> had a stored parse, for the articles in flight
    items = _to_recode(store, store.coded_article_ids(), stored_parse)
    for result in run_recode_engine(engine, items, workers=workers, batch_size=batch_size, actor_files=actor_files,
                                    ray_address=ray_address):
        _apply(store, result, stored_parse, tally)
        if on_article is not None:
            on_article(tally)
    return tally


def _to_recode(store: RecodeStore, ids: Iterable[str], stored_parse: dict[str, bool]) -> Iterator[ToRecode]:
    # Read lazily, in this thread, as the engine asks for more: never the whole store at once.
    for article_id in list(ids):
        stored = store.stored_article(article_id)
        if stored is None:
            continue
        article, text = stored
        parse = store.parse_of(article_id)
        stored_parse[article_id] = parse is not None
        yield ToRecode(ArticleInput(text, id=article.id, published=article.published, title=article.title,
                                    url=article.url, source=article.source),
                       parse.docbin if parse is not None else None)


def _apply(store: RecodeStore, result: Coded | Failure, stored_parse: dict[str, bool], tally: RecodeTally) -> None:
    if isinstance(result, Failure):
        stored_parse.pop(result.id or "", None)
        tally.failed.append((result.id, str(result.error)))
        return
    article_id = result.document.article.id
    had_parse = stored_parse.pop(article_id, True)
    # A parse comes back only when the article was parsed again; it is stored with the new rows.
    if not store.replace_coding(result.document, parse=result.parse):
        tally.missing += 1
        return
    tally.recoded += 1
    if not had_parse or result.parse is not None:
        tally.reparsed += 1
