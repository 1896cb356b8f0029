"""The HTTP API against a real DuckDB store coded from real articles (in-process client)."""
from __future__ import annotations

import re
import base64
import json
import shutil
from datetime import date

import duckdb
import pytest
from fastapi.testclient import TestClient

from api_testing import shared_test_store


@pytest.fixture(scope="module")
def store(pipeline, tmp_path_factory):
    return shared_test_store(pipeline, tmp_path_factory)


@pytest.fixture(scope="module")
def client(store):
    from eventwire.api import create_app

    with TestClient(create_app(str(store))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def sql(store):
    """Direct read-only SQL on the same store: the expected answers come from here, not from the API."""
    con = duckdb.connect(str(store), read_only=True)
    yield lambda query, params=(): con.execute(query, list(params)).fetchall()
    con.close()


DAY = "coalesce(CASE WHEN length(e.date) = 10 THEN e.date END, CAST(a.published AS VARCHAR), '')"


def all_pages(client, **params):
    """Every event the API lists for `params`, following cursors to the end."""
    events, cursor = [], None
    for _ in range(1000):
        page = client.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        events += body["events"]
        cursor = body["next_cursor"]
        if not cursor:
            return events
    raise AssertionError("paging did not end")


def test_health_counts_the_store(client, sql):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["store"] == "duckdb" and body["writable"] is False
    assert body["counts"]["events"] == sql("SELECT count(*) FROM events")[0][0] > 0
    assert body["counts"]["articles"] == sql("SELECT count(*) FROM articles")[0][0]


def test_paging_returns_every_event_once_newest_first(client, sql):
    events = all_pages(client, limit=7)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == sql("SELECT count(*) FROM events")[0][0]
    days = [e["date"] or "" for e in events]
    assert days == sorted(days, reverse=True)


@pytest.mark.parametrize("params, column", [({"source": "{source}"}, "e.source_country = ?"),
                                            ({"target": "{target}"}, "e.target_country = ?")])
def test_country_filters_match_sql(client, sql, params, column):
    source, target = sql("SELECT source_country, target_country FROM events WHERE source_country IS NOT NULL "
                         "AND target_country IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")[0]
    value = source if "source" in params else target
    expected = {f"{a}:{i}" for a, i in sql(f"SELECT e.article_id, e.id FROM events e WHERE {column}", [value])}
    got = all_pages(client, **{k: value for k in params}, limit=500)
    assert {e["id"] for e in got} == expected and expected


def test_between_matches_both_directions(client, sql):
    a, b = sql("SELECT source_country, target_country FROM events WHERE source_country <> target_country "
               "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")[0]
    got = all_pages(client, between=f"{b},{a}")
    assert got and all({e["source"]["country"], e["target"]["country"]} == {a, b} for e in got)
    expected = sql("SELECT count(*) FROM events WHERE (source_country = ? AND target_country = ?) OR "
                   "(source_country = ? AND target_country = ?)", [a, b, b, a])[0][0]
    assert len(got) == expected


def test_type_quad_and_cameo_filters(client, sql):
    kind, quad, root = sql("SELECT plover_type, quad_class, cameo_root FROM events GROUP BY 1, 2, 3 "
                           "ORDER BY count(*) DESC LIMIT 1")[0]
    got = all_pages(client, type=kind.lower(), quad_class=quad, cameo_root=root)
    assert got and all(e["plover"]["type"] == kind and e["quad_class"] == quad and e["cameo_root"] == root
                       for e in got)
    assert len(got) == sql("SELECT count(*) FROM events WHERE plover_type = ? AND quad_class = ? AND cameo_root = ?",
                           [kind, quad, root])[0][0]


def test_date_range_is_inclusive(client, sql):
    days = sorted(d for (d,) in sql(f"SELECT DISTINCT {DAY} FROM events e JOIN articles a ON a.id = e.article_id")
                  if d)
    since, until = days[0], days[len(days) // 2]
    got = all_pages(client, since=since, until=until)
    assert got and all(since <= e["date"] <= until for e in got)
    assert len(got) == sql(f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                           f"WHERE {DAY} BETWEEN ? AND ?", [since, until])[0][0]


def test_actor_place_and_text_filters(client, sql):
    name, code = sql("SELECT x.name, x.code FROM events e JOIN actors x ON x.article_id = e.article_id "
                     "AND x.id = e.source_actor_ids[1] GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")[0]
    by_name = all_pages(client, actor=name[1:-1].lower())  # a case-insensitive substring
    assert any(e["source"]["name"] == name for e in by_name)
    assert all(name[1:-1].lower() in ((e["source"]["name"] or "") + "|" + (e["target"]["name"] or "")).lower()
               or code in (e["source"]["code"], e["target"]["code"]) for e in by_name)
    place = sql("SELECT p.name FROM events e JOIN places p ON p.article_id = e.article_id AND p.id = e.place_id "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    if place:
        got = all_pages(client, place=place[0][0])
        assert got and all(place[0][0].lower() in e["place"]["name"].lower() for e in got)
    trigger = sql("SELECT trigger_text FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
    got = all_pages(client, q=trigger.upper(), sentence="true")
    assert got and all(trigger.lower() in (e["sentence"] + e["trigger"]["text"]).lower() for e in got)


def test_event_evidence_spans_point_into_the_article(client):
    listed = client.get("/api/events", params={"limit": 30}).json()["events"]
    event = next(e for e in listed if e["source"]["actor_ids"])
    detail = client.get(f"/api/events/{event['id']}").json()
    article = client.get(f"/api/articles/{detail['article_id']}").json()
    text = article["text"]
    sentence = detail["evidence"]["sentence"]
    assert text[sentence["start"]:sentence["end"]] == sentence["text"]
    kinds = {span["kind"] for span in detail["evidence"]["spans"]}
    assert "trigger" in kinds
    for span in detail["evidence"]["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
        assert sentence["text"][span["sentence_start"]:span["sentence_end"]] == span["text"]
    assert detail["trigger"]["text"] in sentence["text"]
    assert {a["id"] for a in detail["actors"]} >= set(event["source"]["actor_ids"])
    assert detail["outlets"][0]["id"] == detail["article_id"]
    assert any(e["public_id"] == event["id"] for e in article["events"])


def test_missing_things_are_404_with_a_message(client):
    for url, name in (("/api/events/no-such-article:e1", "no-such-article:e1"),
                      ("/api/articles/no-such-article", "no-such-article"), ("/api/stories/nope", "nope")):
        response = client.get(url)
        assert response.status_code == 404 and name in response.json()["error"]


def test_quotes_filter_by_text_and_speaker(client, sql):
    content, name = sql("SELECT q.content_text, x.name FROM quotes q JOIN actors x ON x.article_id = q.article_id "
                        "AND x.id = q.speaker ORDER BY length(q.content_text) DESC LIMIT 1")[0]
    word = max(content.split(), key=len)
    got = client.get("/api/quotes", params={"q": word, "limit": 500}).json()["quotes"]
    assert got and all(word.lower() in q["content"]["text"].lower() for q in got)
    by_speaker = client.get("/api/quotes", params={"speaker": name, "limit": 500}).json()["quotes"]
    assert by_speaker and any(q["speaker"] and q["speaker"]["name"] == name for q in by_speaker)
    total = sql("SELECT count(*) FROM quotes")[0][0]
    pages, cursor, seen = 0, None, []
    while True:
        body = client.get("/api/quotes", params={"limit": 50, **({"cursor": cursor} if cursor else {})}).json()
        seen += [q["id"] for q in body["quotes"]]
        cursor, pages = body["next_cursor"], pages + 1
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == total


def test_stories_are_empty_until_built_then_listed(client, store, tmp_path):
    assert client.get("/api/stories").json() == {"stories": [], "next_cursor": None, "limit": 50}
    from eventwire.api import create_app

    copy = tmp_path / "stories.duckdb"
    shutil.copy(store, copy)
    con = duckdb.connect(str(copy))
    article_id, event_id = con.execute("SELECT article_id, id FROM events LIMIT 1").fetchone()
    con.execute("INSERT INTO stories VALUES ('s1', '2024-05-13', '2024-05-14', '16', 'SANCTION', 'BLR', 'UKR', "
                "'EU sanctions Belarus', -5.0, 4, 1, 3, 2)")
    con.execute("INSERT INTO story_events VALUES ('s1', ?, ?)", [article_id, event_id])
    con.close()
    with TestClient(create_app(str(copy))) as other:
        listed = other.get("/api/stories", params={"source": "BLR"}).json()["stories"]
        assert [s["id"] for s in listed] == ["s1"] and listed[0]["num_sources"] == 2
        assert other.get("/api/stories", params={"source": "RUS"}).json()["stories"] == []
        story = other.get("/api/stories/s1").json()
        assert [e["id"] for e in story["events"]] == [f"{article_id}:{event_id}"]
        assert other.get(f"/api/events/{article_id}:{event_id}").json()["story"]["id"] == "s1"


def test_series_adds_up_to_the_events(client, sql):
    points = client.get("/api/series", params={"interval": "week"}).json()["points"]
    dated = sql(f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE {DAY} <> ''")[0][0]
    assert sum(p["events"] for p in points) == dated
    assert all(p["cooperation"] + p["conflict"] == p["events"] for p in points)
    assert all(date.fromisoformat(p["period"]).weekday() == 0 for p in points)
    months = client.get("/api/series", params={"interval": "month"}).json()["points"]
    assert sum(p["events"] for p in months) == dated
    assert round(sum(p["goldstein"] for p in months), 1) == round(sql(
        f"SELECT sum(goldstein) FROM events e JOIN articles a ON a.id = e.article_id WHERE {DAY} <> ''")[0][0], 1)


def test_network_and_counts_match_sql(client, sql):
    network = client.get("/api/network").json()
    edge = network["edges"][0]
    assert edge["weight"] == sql("SELECT count(*) FROM events WHERE source_country = ? AND target_country = ?",
                                 [edge["source"], edge["target"]])[0][0]
    assert {n["id"] for n in network["nodes"]} == {e["source"] for e in network["edges"]} | {
        e["target"] for e in network["edges"]}
    rows = client.get("/api/counts", params={"by": "plover_type", "limit": 100}).json()["rows"]
    assert sum(r["events"] for r in rows) == sql("SELECT count(*) FROM events")[0][0]
    top = client.get("/api/actors/top", params={"limit": 5}).json()["actors"]
    assert top and top[0]["events"] >= top[-1]["events"] and all(a["code"] for a in top)


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize("url, status, words", [
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?limit=501", 422, "limit"),
    ("/api/events?limit=ten", 422, "limit"),
    ("/api/events?since=2021-02-30", 400, "since"),
    ("/api/events?since=yesterday", 400, "since"),
    ("/api/events?since=2022-01-02&until=2022-01-01", 400, "after"),
    ("/api/events?source=RUSS", 422, "source"),
    ("/api/events?source=R1S", 400, "source"),
    ("/api/events?type=FOO", 400, "PLOVER"),
    ("/api/events?quad_class=5", 422, "quad_class"),
    ("/api/events?cameo_root=21", 400, "cameo_root"),
    ("/api/events?cameo_root=x", 400, "cameo_root"),
    ("/api/events?between=RUS", 400, "between"),
    ("/api/events?cursor=!!!", 400, "cursor"),
    (f"/api/events?cursor={_cursor(['2020-01-01', 5, 'x'])}", 400, "cursor"),
    (f"/api/events?cursor={_cursor({'a': 1})}", 400, "cursor"),
    ("/api/events?q=" + "x" * 300, 422, "q"),
    ("/api/events/no-colon", 400, "event id"),
    ("/api/series?interval=hour", 422, "interval"),
    ("/api/series?group_by=nothing", 400, "by"),
    ("/api/counts?by=nothing", 400, "by"),
    ("/api/network?level=planet", 422, "level"),
    ("/api/network?min_weight=-1", 422, "min_weight"),
    ("/api/quotes?since=2021-13-01", 400, "since"),
    (f"/api/quotes?cursor={_cursor(['x', 'y'])}", 400, "cursor"),
    (f"/api/stories?cursor={_cursor(['x', 1])}", 400, "cursor"),
])
def test_bad_parameters_get_4xx_with_a_message(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert words.lower() in response.json()["error"].lower()


def test_odd_but_valid_values_are_not_errors(client):
    for params in ({"actor": "'; DROP TABLE events; --"}, {"q": "%_\\"}, {"place": "?"}, {"source": "xyz"},
                   {"q": "Ölüdeniz 北京"}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, (params, response.text)
        assert response.json()["events"] == []
    assert client.get("/api/health").json()["counts"]["events"] > 0  # nothing was dropped


def test_code_endpoint_codes_without_storing(client, sql):
    before = sql("SELECT count(*) FROM articles")[0][0]
    response = client.post("/api/code", json={"text": "Russia and China condemned the sanctions on Tuesday.",
                                              "published": "2022-03-30"})
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["events"] and {a["country"] for a in document["actors"]} >= {"RUS", "CHN"}
    assert sql("SELECT count(*) FROM articles")[0][0] == before
    assert client.post("/api/code", json={"text": ""}).status_code == 422
    assert client.post("/api/code", json={"text": "x", "published": "30/03/2022"}).status_code == 422
    assert client.post("/api/code", content=b"not json", headers={"content-type": "application/json"}
                       ).status_code == 422


def test_writes_need_the_operators_token(pipeline, store, tmp_path):
    from eventwire.api import create_app

    article = {"id": "api-new-1", "text": "Turkey accused Greece of violating its airspace.", "published": "2023-01-05"}
    with TestClient(create_app(str(store))) as read_only:
        response = read_only.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": "Bearer x"})
        assert response.status_code == 403 and "read-only" in response.json()["error"]
    copy = tmp_path / "writable.duckdb"
    shutil.copy(store, copy)
    with TestClient(create_app(str(copy), ingest_token="s3cret", pipeline=pipeline, max_body_bytes=50_000)) as app:
        assert app.post("/api/ingest", json={"articles": [article]}).status_code == 401
        wrong = app.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": "Bearer s3cre"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        # An unauthorised caller is refused before its body is even parsed.
        assert app.post("/api/ingest", content=b"{", headers={"Authorization": "Basic s3cret"}).status_code == 401
        good = {"Authorization": "Bearer s3cret"}
        response = app.post("/api/ingest", json={"articles": [article, {"id": "api-bad", "text": "   "}]}, headers=good)
        assert response.status_code == 200, response.text
        assert response.json()["stored"] == ["api-new-1"] and response.json()["failed"][0]["id"] == "api-bad"
        assert app.get("/api/articles/api-new-1").json()["events"]
        assert app.post("/api/ingest", json={"articles": [article]}, headers=good).json()["skipped"] == ["api-new-1"]
        assert app.post("/api/ingest", json={"articles": []}, headers=good).status_code == 422
        assert app.post("/api/ingest", content=b"{", headers=good).status_code == 422
        big = app.post("/api/ingest", json={"articles": [{"text": "word " * 20_000}]}, headers=good)
        assert big.status_code == 413 and "limit" in big.json()["error"]
        assert app.get("/api/health").json()["writable"] is True


def test_text_index_answers_like_sql(store, sql):
    from eventwire.analysis import EventFilters
    from eventwire.api import queries
    from eventwire.api.database import Database

    indexed, plain = Database(str(store)), Database(str(store), text_index=False)
    try:
        for _ in range(600):
            if indexed.text_index.ready:
                break
            import time
            time.sleep(0.1)
        assert indexed.text_index.ready and plain.text_index is None
        trigger = sql("SELECT trigger_text FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
        country = sql("SELECT source_country FROM events WHERE source_country IS NOT NULL "
                      "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
        for filters in (EventFilters(text=trigger.upper()), EventFilters(text="the", source=country),
                        EventFilters(text="xyzzy-nowhere"), EventFilters(text=" a", quad_class=1)):
            pages = []
            for db in (indexed, plain):
                ids, cursor = [], None
                while True:
                    page = queries.list_events(db, filters, limit=4, cursor=cursor)
                    ids += [e["id"] for e in page["events"]]
                    cursor = page["next_cursor"]
                    if not cursor:
                        break
                pages.append(ids)
            assert pages[0] == pages[1], filters
    finally:
        indexed.close()
        plain.close()


def test_a_store_from_before_the_api_indexes_is_migrated_then_served_read_only(store, tmp_path):
    from eventwire.api import create_app
    from eventwire.store import LATEST_VERSION

    old = tmp_path / "old.duckdb"
    shutil.copy(store, old)
    con = duckdb.connect(str(old))
    con.execute("DELETE FROM schema_version WHERE version = 3")
    for index in ("events_article", "actors_article", "places_article", "sentences_article", "quotes_article"):
        con.execute(f"DROP INDEX {index}")
    con.close()
    with TestClient(create_app(str(old))) as client:
        health = client.get("/api/health").json()
        assert health["writable"] is False and health["counts"]["events"] > 0
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
    con.close()


def test_docs_page_loads_its_scripts_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200
    scripts = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]""", page.text)
    assert scripts, "the docs page names no script or stylesheet"
    assert all(not url.startswith(("http://", "https://", "//")) for url in scripts), scripts
    for url in scripts:
        assert client.get(url).status_code == 200, url
