"""`eventwire stories` against real stores: DuckDB files and a real PostgreSQL server.

The PostgreSQL server is found at $EVENTWIRE_TEST_POSTGRES (an admin DSN able to create
databases), default postgresql://postgres@127.0.0.1:5432/postgres; those tests skip, saying
so, if it cannot be reached. Each creates and drops a database of its own.
"""
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.store import DuckDBStore, open_store
from eventwire.stories.build import Story, rebuild_stories, write_stories
from story_fixtures import fill_store, member_rows, stories_by_members, story_rows


@pytest.fixture
def duckdb_store(tmp_path):
    with DuckDBStore(tmp_path / "stories.duckdb") as store:
        fill_store(store)
        yield store


def check_baseline_stories(store) -> None:
    """What dyad+type+window linking must make of story_corpus()."""
    stories = stories_by_members(store)
    assert set(stories) == {("a1/e1", "a2/e1"), ("a1/e2",), ("a3/e1",), ("a4/e1",)}
    shelling = stories[("a1/e1", "a2/e1")]
    assert (shelling["first_seen"], shelling["last_seen"]) == ("2022-03-01", "2022-03-02")
    assert (shelling["source_country"], shelling["target_country"], shelling["plover_type"],
            shelling["cameo_root"], shelling["quad_class"]) == ("RUS", "UKR", "ASSAULT", "19", 4)
    assert shelling["goldstein"] == pytest.approx(-10.0)
    # Two events; articles a1, a2 and a1's wire copy; outlets Reuters, BBC and AFP.
    assert (shelling["num_events"], shelling["num_articles"], shelling["num_sources"]) == (2, 3, 3)
    assert shelling["label"].startswith("RUS → UKR ASSAULT: Russian forces shelled the centre of Kharkiv")
    # The trade deal is in a1 too, so the copy counts for it as well.
    assert [stories[("a1/e2",)][k] for k in ("num_events", "num_articles", "num_sources")] == [1, 2, 2]
    assert stories[("a3/e1",)]["first_seen"] == "2022-03-20"  # 18 days later: another story
    assert stories[("a4/e1",)]["num_sources"] == 1  # no source: the url's host is the outlet


def test_duckdb_stories_are_built_with_gdelt_counts(duckdb_store):
    summary = rebuild_stories(duckdb_store, None)
    assert summary["events"] == 5 and summary["stories"] == 4 and summary["near_duplicate_copies"] == 1
    check_baseline_stories(duckdb_store)


def test_rebuilding_is_idempotent_and_replaces_old_stories(duckdb_store):
    rebuild_stories(duckdb_store, None)
    first = (story_rows(duckdb_store), member_rows(duckdb_store))
    rebuild_stories(duckdb_store, None, window_days=30)  # a3 now joins the shelling story
    assert len(story_rows(duckdb_store)) == 3
    assert len(member_rows(duckdb_store)) == 5  # no rows left over from the first build
    rebuild_stories(duckdb_store, None)
    assert (story_rows(duckdb_store), member_rows(duckdb_store)) == first


def test_a_failed_write_keeps_the_old_stories(duckdb_store):
    rebuild_stories(duckdb_store, None)
    before = story_rows(duckdb_store)
    clash = [Story("s1", [], None, None, "19", "ASSAULT", None, None, "x", 0.0, 1) for _ in range(2)]
    with pytest.raises(StoreError, match="could not be written"):
        write_stories(duckdb_store, clash)  # duplicate primary key
    assert story_rows(duckdb_store) == before


def test_empty_store_builds_no_stories(tmp_path):
    with DuckDBStore(tmp_path / "empty.duckdb") as store:
        assert rebuild_stories(store, None)["stories"] == 0
        assert story_rows(store) == []


def test_cli_prints_a_json_summary(tmp_path):
    path = tmp_path / "cli.duckdb"
    with DuckDBStore(path) as store:
        fill_store(store)
    result = CliRunner().invoke(main, ["stories", "--db", str(path), "--no-embeddings"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["stories"] == 4 and summary["embeddings"] is False and summary["threshold"] is None
    with DuckDBStore(path, read_only=True) as store:
        check_baseline_stories(store)
    bad = CliRunner().invoke(main, ["stories", "--db", str(path), "--threshold", "2"])
    assert bad.exit_code == 2 and "threshold" in bad.output.lower()


def test_postgres_stories_match_duckdb(postgres_dsn, duckdb_store):
    with open_store(postgres_dsn) as store:
        fill_store(store)
        rebuild_stories(store, None)
        check_baseline_stories(store)
        rows = story_rows(store)
        rebuild_stories(store, None)
        assert story_rows(store) == rows  # idempotent here too
        clash = [Story("s1", [], None, None, "19", "ASSAULT", None, None, "x", 0.0, 1) for _ in range(2)]
        with pytest.raises(StoreError):
            write_stories(store, clash)
        assert story_rows(store) == rows
    result = CliRunner().invoke(main, ["stories", "--db", postgres_dsn, "--no-embeddings", "--window-days", "30"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["stories"] == 3
    rebuild_stories(duckdb_store, None)
    # Same ids and fields in both databases (goldstein compared as floats).
    assert [r[:8] + r[9:] for r in story_rows(duckdb_store)] == [r[:8] + r[9:] for r in rows]


def test_cli_refuses_a_store_that_does_not_exist(tmp_path):
    missing = tmp_path / "nope.duckdb"
    result = CliRunner().invoke(main, ["stories", "--db", str(missing), "--no-embeddings"])
    assert result.exit_code == 1 and "no such store" in result.output
    assert not missing.exists()
