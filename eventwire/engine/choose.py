"""Choosing an engine by name, and handing each article's parse to the store with the article.

`eventwire ingest` stores documents through its own loop (`run_ingest`), which knows about
documents and failures only. `ParsesToStore` lets that loop stay as it is: it turns the
engine's `Coded` results into documents for the loop, keeps each parse aside, and adds it
when the loop calls `add(document)` (next, in this thread: the loop stores each result
before it asks for the next), so article and parse land in one transaction.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from eventwire.engine.local import code_articles, recode_articles
from eventwire.engine.tasks import Coded, ToRecode
from eventwire.model import Document
from eventwire.pipeline import ArticleInput, Failure
from eventwire.store.rows import StoredParse

ENGINES = ("local", "ray")


def run_engine(engine: str, articles: Iterable[ArticleInput], *, workers: int, batch_size: int = 32,
               actor_files: Sequence[Path] = (), keep_parses: bool = False, ray_address: str | None = None,
               raw: bool = False) -> Iterator[Coded | Failure]:
    """Code `articles` on the named engine; one Coded or Failure per article, in input order."""
    if engine == "ray":
        from eventwire.engine.ray_engine import code_articles_ray

        return code_articles_ray(articles, workers=workers, raw=raw, batch_size=batch_size,
                                 actor_files=actor_files, keep_parses=keep_parses, address=ray_address)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return code_articles(articles, workers=workers, raw=raw, batch_size=batch_size, actor_files=actor_files,
                         keep_parses=keep_parses)


def run_recode_engine(engine: str, items: Iterable[ToRecode], *, workers: int, batch_size: int = 32,
                      actor_files: Sequence[Path] = (), ray_address: str | None = None) -> Iterator[Coded | Failure]:
    """Code stored articles again on the named engine; one Coded or Failure per item, in input order."""
    if engine == "ray":
        from eventwire.engine.ray_engine import recode_articles_ray

        return recode_articles_ray(items, workers=workers, batch_size=batch_size, actor_files=actor_files,
                                   address=ray_address)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return recode_articles(items, workers=workers, batch_size=batch_size, actor_files=actor_files)


class ParsesToStore:
    """A store whose `add(document)` also writes the parse the engine produced for that document."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._parses: dict[str, StoredParse] = {}

    def documents(self, results: Iterable[Coded | Failure]) -> Iterator[Document | Failure]:
        for result in results:
            if isinstance(result, Failure):
                yield result
                continue
            if result.parse is not None:
                self._parses[result.document.article.id] = result.parse
            yield result.document

    def add(self, document: Document, **rows: Any) -> bool:
        return self.store.add(document, parse=self._parses.pop(document.article.id, None), **rows)

    def __getattr__(self, name: str) -> Any:
        # Everything else (has_article, record_failure, ...) is the store's own.
        return getattr(self.store, name)
