"""The work one engine worker does on one chunk of articles, the same for every engine.

A local pool worker (local.py) and a Ray actor (ray_engine.py) each hold one `Pipeline` and
call `code_chunk` (ingest) or `recode_chunk` (`eventwire recode`) on the chunks the parent
sends. What comes back crosses a process boundary, so it is plain data: a `Coded` per
article, or a `SentFailure` saying why that article could not be coded. A failure never
takes the rest of the chunk down with it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from eventwire.errors import InputError
from eventwire.model import Document
from eventwire.nlp import doc_to_bytes, model_name
from eventwire.pipeline import ArticleInput, Failure, ParsedArticle, Pipeline
from eventwire.store.rows import StoredParse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Coded:
    """One coded article, and its parse when the caller keeps parses (to store beside it)."""
    document: Document
    parse: StoredParse | None = None


@dataclass(frozen=True)
class ToRecode:
    """A stored article to code again: its stored (cleaned) text and metadata, and its stored parse if any."""
    article: ArticleInput
    parse: bytes | None


@dataclass(frozen=True)
class SentFailure:
    """A Failure as it crosses the process boundary.

    EventwireError prefixes its code to the message in __init__, so pickling the exception
    itself would re-run __init__ on the prefixed text ("[E101] [E101] ..."). We send the
    class and the bare reason and rebuild the same exception in the parent.
    """
    id: str | None
    kind: type[InputError]
    reason: str

    @classmethod
    def of(cls, failure: Failure) -> SentFailure:
        return cls(failure.id, type(failure.error), failure.error.reason)

    def rebuild(self) -> Failure:
        return Failure(self.id, self.kind(self.reason))


def code_chunk(pipeline: Pipeline, chunk: list[ArticleInput], raw: bool, keep_parses: bool) -> list[Coded | SentFailure]:
    """Parse and code `chunk`: one result per article, in order."""
    try:
        parsed = list(pipeline.parse(chunk, raw=raw))
    except Exception as exc:  # a bug in parsing one batch: report every article of it, keep going
        log.exception("parsing a chunk of %d articles failed", len(chunk))
        return [_unexpected(article.id, "parsing", exc) for article in chunk]
    model = model_name(pipeline.nlp) if keep_parses else None
    return [SentFailure.of(p) if isinstance(p, Failure) else _code_one(pipeline, p, model) for p in parsed]


def recode_chunk(pipeline: Pipeline, chunk: list[ToRecode]) -> list[Coded | SentFailure]:
    """Code stored articles again from their stored parses; one without a usable parse is
    parsed again from its stored text (and its new parse returned, to be stored)."""
    model = model_name(pipeline.nlp)
    results: dict[int, Coded | SentFailure] = {}
    unparsed: list[int] = []
    for i, item in enumerate(chunk):
        try:
            parsed = pipeline.reparsed(item.article, item.parse) if item.parse is not None else None
        except Exception as exc:  # a damaged (zlib, msgpack...) or mismatched parse: parse the text again
            log.warning("article %s: stored parse unusable (%s); parsing it again", item.article.id, exc)
            parsed = None
        if parsed is None:
            unparsed.append(i)
        else:
            results[i] = _code_one(pipeline, parsed, None)
    # The stored text is already clean: raw keeps it (and so every stored offset) unchanged.
    for i, parsed in zip(unparsed, _parse_all(pipeline, [chunk[i].article for i in unparsed])):
        results[i] = parsed if isinstance(parsed, SentFailure) else _code_one(pipeline, parsed, model)
    return [results[i] for i in range(len(chunk))]


def _parse_all(pipeline: Pipeline, articles: list[ArticleInput]) -> Iterator[ParsedArticle | SentFailure]:
    try:
        for parsed in pipeline.parse(articles, raw=True):
            yield SentFailure.of(parsed) if isinstance(parsed, Failure) else parsed
    except Exception as exc:
        log.exception("parsing %d stored articles failed", len(articles))
        yield from (_unexpected(a.id, "parsing", exc) for a in articles)


def _code_one(pipeline: Pipeline, parsed: ParsedArticle, model: str | None) -> Coded | SentFailure:
    try:
        document = pipeline.code_parsed(parsed)
    except Exception as exc:  # a bug met by one article must not cost the others theirs
        log.exception("coding article %s failed", parsed.article.id)
        return _unexpected(parsed.article.id, "coding", exc)
    return Coded(document, StoredParse(model, doc_to_bytes(parsed.doc)) if model is not None else None)


def _unexpected(article_id: str | None, stage: str, exc: Exception) -> SentFailure:
    return SentFailure(article_id, InputError, f"{stage} failed unexpectedly: {type(exc).__name__}: {exc}")


def rebuilt(results: Iterable[Coded | SentFailure]) -> Iterator[Coded | Failure]:
    """Results as the parent hands them on: failures rebuilt into Failure."""
    for result in results:
        yield result.rebuild() if isinstance(result, SentFailure) else result
