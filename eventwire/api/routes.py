"""The HTTP API's endpoints. Handlers are thin: parse and validate parameters, call
eventwire.api.queries or eventwire.analysis, return JSON. Handlers are plain `def`, so
FastAPI runs them in its thread pool and slow queries never block the event loop."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from eventwire import __version__
from eventwire.analysis import EventFilters, aggregates
from eventwire.model import PLOVER_TYPES
from eventwire.api import queries, writes
from eventwire.api.database import Database

router = APIRouter(prefix="/api")

MAX_PAGE = 500
Country = Annotated[str | None, Query(min_length=3, max_length=3, description="three-letter code: RUS, WST, IGO")]
Day = Annotated[str | None, Query(max_length=10, description="ISO day YYYY-MM-DD, inclusive")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"rows per page, 1 to {MAX_PAGE}")]
Cursor = Annotated[str | None, Query(max_length=2000, description="next_cursor from the previous page")]


def database(request: Request) -> Database:
    return request.app.state.database


def event_filters(
    since: Day = None,
    until: Day = None,
    source: Country = None,
    target: Country = None,
    country: Country = None,
    between: Annotated[str | None, Query(max_length=7, description="two codes, either direction: RUS,CHN")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor name (substring) or CAMEO code")] = None,
    type: Annotated[str | None, Query(max_length=20, description=f"PLOVER type: {', '.join(PLOVER_TYPES)}")] = None,
    cameo_root: Annotated[str | None, Query(max_length=2, description="CAMEO root code 01..20")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal coop .. 4 material conflict")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name (substring) or its country")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the event's sentence or trigger")] = None,
) -> EventFilters:
    """The event filters every listing and aggregate takes, validated (400 with a message when unusable)."""
    pair = None
    if between is not None:
        pair = tuple(part.strip() for part in between.split(","))
        if len(pair) != 2:
            raise HTTPException(400, f"between: {between!r} is not two country codes separated by a comma, e.g. RUS,CHN")
    try:
        return EventFilters(since=since, until=until, source=source, target=target, country=country, between=pair,
                            actor=actor, plover_type=type, cameo_root=cameo_root, quad_class=quad_class,
                            place=place, text=q)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


Filters = Annotated[EventFilters, Depends(event_filters)]
DB = Annotated[Database, Depends(database)]


def _bad_request(exc: ValueError) -> HTTPException:
    return HTTPException(400, str(exc))


@router.get("/health", summary="Liveness and store size")
def health(db: DB) -> dict[str, Any]:
    counts = {row["name"]: int(row["n"]) for row in db.rows(
        "SELECT 'articles' AS name, count(*) AS n FROM articles UNION ALL "
        "SELECT 'events', count(*) FROM events UNION ALL SELECT 'quotes', count(*) FROM quotes UNION ALL "
        "SELECT 'stories', count(*) FROM stories")}
    index = db.text_index
    text_search = "sql" if index is None else "index" if index.ready else "sql (index building)"
    return {"status": "ok", "version": __version__, "store": db.dialect, "writable": db.writable,
            "text_search": text_search, "counts": counts}


@router.get("/events", summary="Events matching the filters, newest first, one page at a time")
def events(db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None,
           sentence: Annotated[bool, Query(description="include each event's sentence (reads article texts: slower)")]
           = False) -> dict[str, Any]:
    try:
        return queries.list_events(db, filters, limit=limit, cursor=cursor, sentences=sentence)
    except ValueError as exc:
        raise _bad_request(exc) from None


@router.get("/events/{event_id:path}", summary="One event with its evidence: sentence and highlighted spans")
def event(db: DB, event_id: str) -> dict[str, Any]:
    try:
        found = queries.get_event(db, event_id)
    except ValueError as exc:
        raise _bad_request(exc) from None
    if found is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    return found


@router.get("/articles/{article_id:path}", summary="One stored article: the document contract")
def article(db: DB, article_id: str) -> dict[str, Any]:
    found = queries.get_article(db, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r} in this store")
    return found


@router.get("/quotes", summary="Quotations with their speakers, newest article first")
def quotes(db: DB, q: Annotated[str | None, Query(max_length=200, description="text in the quote")] = None,
           speaker: Annotated[str | None, Query(max_length=200, description="speaker name or code")] = None,
           article_id: Annotated[str | None, Query(max_length=500)] = None,
           since: Day = None, until: Day = None, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    try:
        EventFilters(since=since, until=until)  # the same date checks and messages as for events
        return queries.list_quotes(db, text=q, speaker=speaker, article_id=article_id, since=since, until=until,
                                   limit=limit, cursor=cursor)
    except ValueError as exc:
        raise _bad_request(exc) from None


@router.get("/stories", summary="Stories: one real-world event reported by several articles")
def stories(db: DB, filters: Filters, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    try:
        return queries.list_stories(db, filters, limit=limit, cursor=cursor)
    except ValueError as exc:
        raise _bad_request(exc) from None


@router.get("/stories/{story_id:path}", summary="One story with its member events")
def story(db: DB, story_id: str) -> dict[str, Any]:
    found = queries.get_story(db, story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    return found


@router.get("/series", summary="Events and Goldstein sums per period: cooperation vs conflict")
def series(db: DB, filters: Filters,
           interval: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
           group_by: Annotated[str | None, Query(description=f"one of {', '.join(aggregates.COUNT_DIMENSIONS)}")]
           = None) -> dict[str, Any]:
    try:
        points = aggregates.series(db, filters, interval=interval, group_by=group_by)
    except ValueError as exc:
        raise _bad_request(exc) from None
    return {"interval": interval, "group_by": group_by, "points": points}


@router.get("/counts", summary="Event totals per dyad, country, PLOVER type, quad class or CAMEO root")
def counts(db: DB, filters: Filters, by: str = "dyad",
           limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> dict[str, Any]:
    try:
        return {"by": by, "rows": aggregates.counts(db, filters, by=by, limit=limit)}
    except ValueError as exc:
        raise _bad_request(exc) from None


@router.get("/actors/top", summary="Actors in the most events")
def top_actors(db: DB, filters: Filters, role: Annotated[str, Query(pattern="^(any|source|target)$")] = "any",
               limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    return {"role": role, "actors": aggregates.top_actors(db, filters, role=role, limit=limit)}


@router.get("/network", summary="Actor-actor network: edges weighted by event counts")
def network(db: DB, filters: Filters, level: Annotated[str, Query(pattern="^(country|code)$")] = "country",
            min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
            limit: Annotated[int, Query(ge=1, le=2000)] = 200) -> dict[str, Any]:
    return {"level": level, **aggregates.network(db, filters, level=level, min_weight=min_weight, limit=limit)}


@router.post("/code", summary="Code posted text and return the document; nothing is stored")
def code(request: Request, body: writes.CodeRequest) -> dict[str, Any]:
    return writes.code_text(request.app.state.pipelines, body)


@router.post("/ingest", summary="Code and store articles (needs the operator's token)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": writes.IngestRequest.model_json_schema()}}}})
async def ingest(request: Request) -> dict[str, Any]:
    # The token is checked before the body is read or parsed: an unauthorised caller learns
    # nothing about what a valid body looks like and costs no parsing.
    writes.check_token(request, request.app.state.ingest_token)
    body = writes.parse_ingest(await request.body())
    return await run_in_threadpool(writes.ingest_articles, request.app.state.database,
                                   request.app.state.pipelines, body)
