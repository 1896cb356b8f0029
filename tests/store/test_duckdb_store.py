"""The DuckDB store with a real file and real coded documents."""
import subprocess
import sys
import textwrap

import duckdb
import pytest

from eventwire.errors import StoreError, StoreLocked
from eventwire.model import Article, Document
from eventwire.store import LATEST_VERSION, DuckDBStore
from eventwire.store.schema import MIGRATIONS, Migration, migrate

TEXT = (
    "Russia and China condemned the sanctions imposed by the United States on Tuesday, "
    "the Russian Foreign Ministry said. "
    "\"We reject this pressure,\" Foreign Minister Sergei Lavrov told reporters in Moscow. "
    "Rebels attacked an army base in Idlib province on Monday."
)
ZEROS = {"articles": 0, "events": 0, "quotes": 0, "actors": 0, "places": 0, "mentions": 0, "failures": 0}


@pytest.fixture(scope="module")
def document(code):
    doc = code(TEXT, published="2022-03-30")
    assert doc.events and doc.actors, "the sample text should code to events and actors"
    return doc


@pytest.fixture
def store(tmp_path):
    with DuckDBStore(tmp_path / "ew.duckdb") as s:
        yield s


def test_round_trip_gives_back_the_same_document(store, document):
    assert store.add(document) is True
    assert store.has_article(document.article.id)
    assert store.get(document.article.id) == document
    assert store.get("no-such-id") is None


def test_add_is_idempotent(store, document):
    assert store.add(document) is True
    before = store.stats()
    assert store.add(document) is False
    assert store.stats() == before


def test_stats_count_every_row(store, document):
    store.add(document)
    mentions = sum(len(a.mentions) for a in document.actors) + sum(len(p.mentions) for p in document.places)
    assert store.stats() == {
        "articles": 1, "events": len(document.events), "quotes": len(document.quotes),
        "actors": len(document.actors), "places": len(document.places), "mentions": mentions, "failures": 0,
    }


def test_events_carry_the_dyad_and_codes_for_queries(store, document):
    store.add(document)
    rows = store.con.execute(
        "SELECT id, cameo, cameo_root, plover_type, source_country, target_country, source_code, date "
        "FROM events WHERE article_id = ? ORDER BY seq", [document.article.id]).fetchall()
    for row, event in zip(rows, document.events, strict=True):
        source = document.actor(event.source[0]) if event.source else None
        target = document.actor(event.target[0]) if event.target else None
        assert row == (event.id, event.cameo, event.cameo[:2], event.plover.type,
                       source and source.country, target and target.country, source and source.code, event.date)


def test_a_failure_mid_transaction_stores_nothing(store, document, monkeypatch):
    def broken(doc):
        raise RuntimeError("disk on fire")

    # Events are written after the article, sentence, actor, place and mention rows.
    monkeypatch.setattr(store, "_insert_events", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(document)
    assert not store.has_article(document.article.id)
    assert store.stats() == ZEROS
    monkeypatch.undo()
    assert store.add(document) is True  # the connection is usable again


def test_a_database_error_mid_transaction_is_a_store_error(store, document):
    bad = Document(Article(id="dup-events"), document.text, events=[document.events[0], document.events[0]])
    with pytest.raises(StoreError, match="dup-events"):
        store.add(bad)
    assert store.stats() == ZEROS


def test_failures_are_recorded_once_per_distinct_failure(store):
    store.record_failure(None, "feed.jsonl:3", "E104", "not valid JSON")
    store.record_failure(None, "feed.jsonl:3", "E104", "not valid JSON")
    store.record_failure("x1", "feed.jsonl:4", "E101", "article text is empty")
    assert store.stats()["failures"] == 2
    seen = store.con.execute("SELECT source, seen FROM failures ORDER BY id").fetchall()
    assert seen == [("feed.jsonl:3", 2), ("feed.jsonl:4", 1)]


def test_reopening_applies_no_migration_twice(tmp_path, document):
    path = tmp_path / "ew.duckdb"
    with DuckDBStore(path) as first:
        first.add(document)
        assert migrate(first.con) == []
    with DuckDBStore(path) as again:
        versions = again.con.execute("SELECT version FROM schema_version").fetchall()
        assert versions == [(m.version,) for m in MIGRATIONS]
        assert again.stats()["articles"] == 1
    assert LATEST_VERSION == MIGRATIONS[-1].version


def test_a_new_migration_is_applied_once_on_open(tmp_path):
    path = tmp_path / "ew.duckdb"
    DuckDBStore(path).close()
    extra = MIGRATIONS + (Migration(LATEST_VERSION + 1, "test column", ("ALTER TABLE articles ADD COLUMN x INT",)),)
    con = duckdb.connect(str(path))
    try:
        assert migrate(con, extra) == [LATEST_VERSION + 1]
        assert migrate(con, extra) == []
    finally:
        con.close()
    with pytest.raises(StoreError, match="newer eventwire"):
        DuckDBStore(path)


def test_read_only_open_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        DuckDBStore(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_second_writer_gets_store_locked(tmp_path):
    path = tmp_path / "ew.duckdb"
    DuckDBStore(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            sys.stdin.read()  # hold the lock until the test closes our stdin
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked) as caught:
            DuckDBStore(path)
        message = str(caught.value)
        assert str(path) in message and "another process" in message and "[E201]" in message
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    DuckDBStore(path).close()  # released: a writer may open it again
