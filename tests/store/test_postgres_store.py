"""The PostgreSQL store against a real server: each test gets a fresh database of its own.

The server is found at $EVENTWIRE_TEST_POSTGRES (an admin URL DSN able to create databases),
default postgresql://postgres@127.0.0.1:5432/postgres; every test here skips, saying so,
if it cannot be reached.
"""
import json
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import psycopg
import pytest

from conftest import ROOT
from eventwire.errors import StoreError
from eventwire.model import Article, Document
from eventwire.store import DuckDBStore, PostgresStore, open_store
from eventwire.store.postgres_store import current_version, migrate
from eventwire.store.schema import LATEST_VERSION, MIGRATIONS

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
EXAMPLES = ROOT / "examples" / "articles.jsonl"

TEXT = (
    "Russia and China condemned the sanctions imposed by the United States on Tuesday, "
    "the Russian Foreign Ministry said. "
    "\"We reject this pressure,\" Foreign Minister Sergei Lavrov told reporters in Moscow. "
    "Rebels attacked an army base in Idlib province on Monday."
)
ZEROS = {"articles": 0, "events": 0, "quotes": 0, "actors": 0, "places": 0, "mentions": 0, "failures": 0}


@pytest.fixture
def dsn(postgres_dsn):
    return postgres_dsn


@pytest.fixture
def store(dsn):
    with PostgresStore(dsn) as s:
        yield s


@pytest.fixture(scope="module")
def document(code):
    doc = code(TEXT, published="2022-03-30")
    assert doc.events and doc.actors and doc.quotes, "the sample text should code to events, actors and quotes"
    return doc


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


# -- the store ---------------------------------------------------------------------------------

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
    assert store.stats() == ZEROS
    store.add(document)
    mentions = sum(len(a.mentions) for a in document.actors) + sum(len(p.mentions) for p in document.places)
    assert store.stats() == {
        "articles": 1, "events": len(document.events), "quotes": len(document.quotes),
        "actors": len(document.actors), "places": len(document.places), "mentions": mentions, "failures": 0,
    }


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
    assert store.add(document) is True


def test_two_connections_racing_on_one_article_store_it_once(dsn, document, monkeypatch):
    # Writer A is stopped mid-article, its article row written but not committed; writer B
    # then adds the same article: B must wait for A, and store nothing once A commits.
    inside, release = threading.Event(), threading.Event()
    with PostgresStore(dsn) as a, PostgresStore(dsn) as b:
        insert_quotes = a._insert_quotes

        def paused(doc):
            inside.set()
            assert release.wait(30)
            insert_quotes(doc)

        monkeypatch.setattr(a, "_insert_quotes", paused)
        results: dict[str, bool] = {}
        first = threading.Thread(target=lambda: results.update(a=a.add(document)))
        first.start()
        assert inside.wait(30)
        assert not b.has_article(document.article.id)  # A has not committed: B cannot see it
        second = threading.Thread(target=lambda: results.update(b=b.add(document)))
        second.start()
        second.join(1)
        assert second.is_alive(), "B should be waiting on A's uncommitted article row"
        release.set()
        first.join(30)
        second.join(30)
        assert results == {"a": True, "b": False}
        assert b.get(document.article.id) == document
        assert b.stats()["events"] == len(document.events)


def test_failures_are_recorded_once_per_distinct_failure(store):
    store.record_failure(None, "feed.jsonl:3", "E104", "not valid JSON")
    store.record_failure(None, "feed.jsonl:3", "E104", "not valid JSON")
    store.record_failure("x1", "feed.jsonl:4", "E101", "article text is empty")
    assert store.stats()["failures"] == 2
    seen = store.con.execute("SELECT source, seen FROM failures ORDER BY id").fetchall()
    assert seen == [("feed.jsonl:3", 2), ("feed.jsonl:4", 1)]


def test_reopening_applies_no_migration_twice(dsn, document):
    with PostgresStore(dsn) as first:
        first.add(document)
        assert migrate(first.con) == []
    with PostgresStore(dsn) as again:
        versions = again.con.execute("SELECT version FROM schema_version").fetchall()
        assert versions == [(m.version,) for m in MIGRATIONS]
        assert current_version(again.con) == LATEST_VERSION
        assert again.stats()["articles"] == 1


def test_both_stores_have_the_same_tables_columns_and_indexes(store, tmp_path):
    # One schema definition (schema.py) renders both: the layouts must not drift apart.
    columns = ("SELECT table_name, column_name FROM information_schema.columns "
               "WHERE table_schema = {} ORDER BY table_name, ordinal_position")
    path = tmp_path / "ew.duckdb"
    DuckDBStore(path).close()
    duck = duckdb.connect(str(path), read_only=True)
    try:
        duck_columns = duck.execute(columns.format("'main'")).fetchall()
        duck_indexes = {r[0] for r in duck.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    finally:
        duck.close()
    assert store.con.execute(columns.format("current_schema()")).fetchall() == duck_columns
    pg_indexes = {r[0] for r in store.con.execute(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey'"
    ).fetchall()}
    assert pg_indexes == duck_indexes


def test_open_store_picks_the_store_from_the_name(dsn, tmp_path):
    with open_store(dsn) as s:
        assert isinstance(s, PostgresStore)
    with open_store(str(tmp_path / "ew.duckdb")) as s:
        assert isinstance(s, DuckDBStore)


def test_read_only_needs_an_existing_store_and_cannot_write(dsn, document):
    with pytest.raises(StoreError, match="no such store"):
        PostgresStore(dsn, read_only=True)  # the database exists, but holds no tables yet
    PostgresStore(dsn).close()
    with PostgresStore(dsn, read_only=True) as reader:
        assert reader.stats() == ZEROS
        with pytest.raises(StoreError, match="read-only"):
            reader.add(document)


def test_errors_name_the_dsn_without_its_password(dsn):
    # A reachable server with a database that does not exist on it: "no such store", not "cannot connect".
    server = psycopg.conninfo.conninfo_to_dict(dsn)
    host, port = server.get("host", "127.0.0.1"), server.get("port", "5432")
    missing = f"postgresql://{server.get('user', 'postgres')}:s3cret-pw@{host}:{port}/eventwire_no_such_db"
    with pytest.raises(StoreError) as caught:
        open_store(missing, read_only=True)
    message = str(caught.value)
    assert "eventwire_no_such_db" in message and "no such store" in message and "[E200]" in message
    assert "s3cret-pw" not in message and ":***@" in message

    unreachable = "postgresql://someone:s3cret-pw@127.0.0.1:1/events"
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store(unreachable)
    assert "s3cret-pw" not in str(caught.value) and "127.0.0.1:1/events" in str(caught.value)


# -- the CLI over both stores ------------------------------------------------------------------

@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    """The example articles plus one line that is not JSON: a failure both stores must record."""
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    path.write_text(EXAMPLES.read_text().rstrip("\n") + "\n{this is not json\n")
    return path


@pytest.fixture(scope="module")
def duckdb_stats(feed, tmp_path_factory):
    db = tmp_path_factory.mktemp("duck") / "ew.duckdb"
    out = run("ingest", str(feed), "--db", str(db))
    assert out.returncode == 0, out.stderr
    stats = run("stats", "--db", str(db))
    assert stats.returncode == 0, stats.stderr
    return db, stats.stdout


def test_duckdb_and_postgresql_give_identical_stats_for_the_same_input(feed, duckdb_stats, dsn):
    duck_db, duck_out = duckdb_stats
    out = run("ingest", str(feed), "--db", dsn)
    assert out.returncode == 0, out.stderr
    assert "failed 1" in out.stderr
    pg_out = run("stats", "--db", dsn)
    assert pg_out.returncode == 0, pg_out.stderr
    assert pg_out.stdout == duck_out
    counts = json.loads(pg_out.stdout)
    assert counts["articles"] == len(EXAMPLES.read_text().splitlines()) and counts["failures"] == 1
    assert counts["events"] > 0
    # Not only the counts: every stored document reads back the same from both stores.
    with DuckDBStore(duck_db, read_only=True) as duck, PostgresStore(dsn, read_only=True) as pg:
        ids = [r[0] for r in duck.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        assert ids and all(pg.get(i) == duck.get(i) for i in ids)


def test_concurrent_writers_store_every_article_exactly_once(feed, duckdb_stats, dsn):
    # Both start on an empty database at once: they race on creating the tables, on every
    # article (each codes the whole feed before either has stored much) and on the bad line.
    args = [EVENTWIRE, "ingest", str(feed), "--db", dsn, "--batch-size", "1", "--progress-every", "0"]
    procs = [subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    n = len(EXAMPLES.read_text().splitlines())
    stored = sum(int(err.split("; stored ", 1)[1].split(",", 1)[0]) for _, err in outs)
    assert stored == n  # each article stored by exactly one of the two writers
    pg_out = run("stats", "--db", dsn)
    assert pg_out.stdout == duckdb_stats[1]  # no duplicate rows anywhere, the bad line counted once
    with PostgresStore(dsn, read_only=True) as pg:
        assert pg.con.execute("SELECT seen FROM failures").fetchall() == [(2,)]
