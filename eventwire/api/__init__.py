"""The HTTP API and web dashboard over a store: `eventwire serve --db eventwire.duckdb`.

`create_app(db)` builds the FastAPI app; see app.py. Endpoints are in routes.py, their SQL in
queries.py (listings, evidence) and eventwire.analysis (aggregates).
"""
from eventwire.api.app import create_app

__all__ = ["create_app"]
