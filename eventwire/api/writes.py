"""The API's two POST endpoints: coding posted text (nothing stored) and, with the operator's
token, ingesting articles into the store."""
from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel, Field, ValidationError

from eventwire.api.database import Database
from eventwire.errors import EventwireError
from eventwire.pipeline import ArticleInput, Failure, Pipeline

MAX_TEXT_CHARS = 200_000
MAX_INGEST_ARTICLES = 100


class CodeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="the article text")
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    raw: bool = Field(False, description="skip cleaning, so that offsets index the text unchanged")


class ArticleIn(BaseModel):
    id: str | None = Field(None, min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=500)


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST_ARTICLES)


class Pipelines:
    """One coding pipeline for the app, loaded on first use (loading the model takes seconds)."""

    def __init__(self, factory: Callable[[], Pipeline] = Pipeline, pipeline: Pipeline | None = None) -> None:
        self._factory = factory
        self._pipeline = pipeline
        self._load_lock = threading.Lock()
        # spaCy pipelines are not meant to be run from several threads at once.
        self.use_lock = threading.Lock()

    def get(self) -> Pipeline:
        with self._load_lock:
            if self._pipeline is None:
                self._pipeline = self._factory()
            return self._pipeline


def code_text(pipelines: Pipelines, body: CodeRequest) -> dict[str, Any]:
    pipeline = pipelines.get()
    try:
        with pipelines.use_lock:
            document = pipeline.code(ArticleInput(text=body.text, published=body.published), raw=body.raw)
    except EventwireError as exc:
        raise HTTPException(422, str(exc)) from None
    return document.to_dict()


def check_token(request: Request, token: str | None) -> None:
    """403 when the server takes no writes at all; 401 unless the request carries the operator's token."""
    if not token:
        raise HTTPException(403, "this server is read-only: writes are enabled only when the operator starts it "
                                 "with --ingest-token (or EVENTWIRE_INGEST_TOKEN)")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    # compare_digest: the time taken does not tell how much of a guess was right.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


def parse_ingest(raw: bytes) -> IngestRequest:
    try:
        return IngestRequest.model_validate_json(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors())
        raise HTTPException(422, f"bad ingest request: {problems}") from None


def ingest_articles(db: Database, pipelines: Pipelines, body: IngestRequest) -> dict[str, Any]:
    """Code and store each article; one bad article is reported and the rest are still stored."""
    store = db.store
    stored, skipped, failed = [], [], []
    todo = []
    for index, item in enumerate(body.articles):
        if item.id is not None and store.has_article(item.id):
            skipped.append(item.id)
        else:
            todo.append((index, ArticleInput(text=item.text, id=item.id, published=item.published,
                                             title=item.title, url=item.url, source=item.source)))
    pipeline = pipelines.get()
    with pipelines.use_lock:
        results = list(pipeline.code_many(article for _, article in todo))
    with db.write_lock:
        for (index, article), result in zip(todo, results):
            if isinstance(result, Failure):
                store.record_failure(article.id, f"api:articles[{index}]", result.error.code, str(result.error))
                failed.append({"index": index, "id": article.id, "error": str(result.error)})
            elif store.add(result):
                stored.append(result.article.id)
            else:
                skipped.append(result.article.id)
    return {"stored": stored, "skipped": skipped, "failed": failed}
