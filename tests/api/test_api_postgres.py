"""The same API over PostgreSQL answers as it does over DuckDB, for the same documents.

The documents of the session's DuckDB test store are copied into a fresh PostgreSQL database
of this module's own (dropped afterwards); skips, saying so, when no server is reachable at
$EVENTWIRE_TEST_POSTGRES (default postgresql://postgres@127.0.0.1:5432/postgres).
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api_testing import shared_test_store
from conftest import scratch_database


@pytest.fixture(scope="module")
def stores(pipeline, tmp_path_factory):
    from eventwire.store import DuckDBStore, PostgresStore

    duck = shared_test_store(pipeline, tmp_path_factory)
    with scratch_database("eventwire_api_test") as dsn:
        with DuckDBStore(duck, read_only=True) as source, PostgresStore(dsn) as target:
            for article_id in source.article_ids():
                target.add(source.get(article_id))
        yield str(duck), dsn


@pytest.fixture(scope="module")
def clients(stores):
    from eventwire.api import create_app

    duck, dsn = stores
    with TestClient(create_app(duck)) as on_duckdb, TestClient(create_app(dsn)) as on_postgres:
        yield on_duckdb, on_postgres


URLS = [
    "/api/events?limit=500",
    "/api/events?limit=5",
    "/api/events?limit=500&sentence=true&q=said",
    "/api/events?limit=500&since=2019-01-01&until=2023-12-31&quad_class=4",
    "/api/events?limit=500&actor=tur",
    "/api/events?limit=500&place=syr",
    "/api/series?interval=week",
    "/api/series?interval=month&group_by=plover_type",
    "/api/counts?by=dyad&limit=500",
    "/api/network?level=code&limit=500",
    "/api/actors/top?limit=500",
    "/api/quotes?limit=500",
    "/api/stories",
]


def _normalise(body):
    """Floats as both databases round them alike; cursors are compared by the pages they lead to."""
    if isinstance(body, dict):
        return {k: _normalise(v) for k, v in body.items() if k != "next_cursor"}
    if isinstance(body, list):
        return [_normalise(v) for v in body]
    return round(body, 6) if isinstance(body, float) else body


@pytest.mark.parametrize("url", URLS)
def test_postgres_answers_like_duckdb(clients, url):
    on_duckdb, on_postgres = clients
    expected, got = on_duckdb.get(url), on_postgres.get(url)
    assert expected.status_code == got.status_code == 200, got.text
    assert _normalise(got.json()) == _normalise(expected.json())


def test_postgres_paging_and_evidence(clients):
    on_duckdb, on_postgres = clients
    first = on_postgres.get("/api/events", params={"limit": 3}).json()
    second = on_postgres.get("/api/events", params={"limit": 3, "cursor": first["next_cursor"]}).json()
    both = on_duckdb.get("/api/events", params={"limit": 6}).json()["events"]
    assert [e["id"] for e in first["events"] + second["events"]] == [e["id"] for e in both]
    event_id = both[0]["id"]
    assert _normalise(on_postgres.get(f"/api/events/{event_id}").json()) == _normalise(
        on_duckdb.get(f"/api/events/{event_id}").json())
    health = on_postgres.get("/api/health").json()
    assert health["store"] == "postgresql" and health["writable"] is False
    assert on_postgres.get("/api/events?type=FOO").status_code == 400
    assert on_postgres.post("/api/ingest", json={"articles": [{"text": "x"}]}).status_code == 403
