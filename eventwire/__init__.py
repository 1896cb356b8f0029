"""eventwire: political event data from news text.

    >>> import eventwire
    >>> doc = eventwire.code_text("Russia and China condemned the sanctions.", published="2022-03-30")
    >>> [(e.cameo, e.plover.type) for e in doc.events]

`code_text` and `code_many` use one shared `Pipeline` built on first use; build your own
`Pipeline()` to control its lifetime.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from eventwire.errors import EventwireError, InputError
from eventwire.model import Actor, Article, Document, Event, Place, Plover, Quote, Sentence, Span
from eventwire.pipeline import ArticleInput, Failure, Pipeline

__version__ = "0.1.0"
__all__ = [
    "Actor", "Article", "ArticleInput", "Document", "Event", "EventwireError", "Failure", "InputError", "Pipeline",
    "Place", "Plover", "Quote", "Sentence", "Span", "code_many", "code_text", "__version__",
]


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    # The one deliberate cache in the package: loading the model costs a second or more.
    return Pipeline()


def code_text(text: str, published: str | None = None, *, id: str | None = None, raw: bool = False) -> Document:
    """Code one article's text into a Document."""
    return _default_pipeline().code(ArticleInput(text=text, id=id, published=published), raw=raw)


def code_many(articles: Iterable[ArticleInput | str], *, raw: bool = False) -> Iterator[Document | Failure]:
    """Code many articles in parse batches; yields a Document or a Failure per input, in order."""
    inputs = (a if isinstance(a, ArticleInput) else ArticleInput(text=a) for a in articles)
    return _default_pipeline().code_many(inputs, raw=raw)
