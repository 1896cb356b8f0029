"""The app factory: the HTTP API under /api, OpenAPI at /docs, the dashboard at /.

    app = create_app("eventwire.duckdb")                       # read-only
    app = create_app("eventwire.duckdb", ingest_token="s3cr3t") # POST /api/ingest with that token
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from eventwire import __version__
from eventwire.api.database import Database
from eventwire.api.limits import DEFAULT_MAX_BODY_BYTES, BodySizeLimit
from eventwire.api.routes import router
from eventwire.api.writes import Pipelines
from eventwire.pipeline import Pipeline

STATIC_DIR = files("eventwire.api") / "static"


def create_app(db: str, *, ingest_token: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               pipeline: Pipeline | None = None) -> FastAPI:
    """An app serving the store `db` (DuckDB path or postgresql:// DSN).

    The store is opened read-only unless `ingest_token` is set, which enables POST /api/ingest
    for requests carrying that token. `pipeline` lends an already loaded coding pipeline
    (else one is loaded on the first POST).
    """
    database = Database(db, writable=bool(ingest_token))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        database.close()

    # FastAPIOffline serves the /docs and /redoc scripts from the installed package: plain
    # FastAPI would have every browser fetch Swagger UI from a CDN.
    app = FastAPIOffline(title="eventwire", version=__version__, lifespan=lifespan,
                  description="Political event data with evidence: events, actors, quotes, stories and "
                              "aggregates from a coded news store.")
    app.state.database = database
    app.state.ingest_token = ingest_token
    app.state.pipelines = Pipelines(pipeline=pipeline)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.include_router(router)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(STATIC_DIR / "index.html"))

    return app


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 with one readable sentence per problem ('limit: Input should be less than or equal to 500')."""
    assert isinstance(exc, RequestValidationError)
    problems = []
    for error in exc.errors():
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        problems.append(f"{'.'.join(where) or 'request'}: {error.get('msg', 'invalid')}")
    return JSONResponse({"error": "; ".join(problems), "detail": jsonable_errors(exc)}, status_code=422)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse({"error": exc.detail, "detail": exc.detail}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))
