"""`eventwire serve`: the HTTP API and the web dashboard over a store."""
from __future__ import annotations

import os

import click

from eventwire.errors import EventwireError


@click.command()
@click.option("--db", default="eventwire.duckdb", show_default=True,
              help="The store to serve: a DuckDB file, or a postgresql:// DSN.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--ingest-token", envvar="EVENTWIRE_INGEST_TOKEN", default=None,
              help="Enable POST /api/ingest for requests carrying this bearer token (default: read-only). "
                   "Also read from EVENTWIRE_INGEST_TOKEN.")
@click.option("--max-body-bytes", default=2_000_000, show_default=True, type=click.IntRange(min=1),
              help="Largest request body accepted (413 above it).")
def serve(db: str, host: str, port: int, ingest_token: str | None, max_body_bytes: int) -> None:
    """Serve the API (/api, OpenAPI docs at /docs) and the dashboard (/) over a store.

    A DuckDB file is opened read-only unless --ingest-token is given. DuckDB lets no other
    process open a file while one writes it: stop `eventwire ingest` before serving the same
    file (or serve a copy, or use PostgreSQL, which takes readers and writers together).
    """
    import uvicorn

    from eventwire.api import create_app

    try:
        app = create_app(db, ingest_token=ingest_token or None, max_body_bytes=max_body_bytes)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"eventwire serve: dashboard at http://{host}:{port}/ , API docs at http://{host}:{port}/docs"
               f"{' (ingest enabled)' if ingest_token else ' (read-only)'}", err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("EVENTWIRE_LOG_LEVEL", "warning"))
