"""The Ray engine codes what the local engine codes, in the same order, failures included.

One small local Ray (2 CPUs, an 80 MB object store, no dashboard) is started for the module
and stopped after it.
"""
from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eventwire.cli import main
from eventwire.engine.tasks import Coded
from eventwire.pipeline import ArticleInput, Failure

ray = pytest.importorskip("ray", reason="the Ray engine needs `ray` installed")

TEXTS = [
    "Rebels attacked an army base in Idlib province on Monday.",
    "",  # empty: a Failure, at this position
    "Brazil expelled two Venezuelan diplomats after a border clash.",
    "The United Nations called for a ceasefire in Sudan.",
    "\"We will not negotiate under threat,\" the Iranian president said on Tuesday.",
]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, object_store_memory=80 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def _comparable(result: Coded | Failure):
    if isinstance(result, Failure):
        return ("failure", result.id, type(result.error).__name__, result.error.reason)
    return result.document.to_dict(), result.parse is not None


def test_ray_actors_give_the_local_results_in_order_with_failures_as_data(local_ray):
    from eventwire.engine.local import code_articles
    from eventwire.engine.ray_engine import code_articles_ray

    articles = [ArticleInput(t, id=f"r-{i}", published="2022-03-30") for i, t in enumerate(TEXTS)]
    # chunk_size 2: three chunks over two actors, so order is really put to the test.
    on_ray = [_comparable(r) for r in code_articles_ray(articles, workers=2, chunk_size=2, keep_parses=True)]
    local = [_comparable(r) for r in code_articles(articles, workers=1, keep_parses=True)]
    assert on_ray == local
    assert on_ray[1][:3] == ("failure", "r-1", "EmptyInput")
    assert all(has_parse for result, has_parse in (on_ray[0], on_ray[2]))


def _tables(db) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(f"SELECT * EXCLUDE (coded_at) FROM {table} ORDER BY ALL").fetchall()
                if table == "articles" else con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in ("articles", "events", "quotes", "actors", "parses")}
    finally:
        con.close()


def test_ingest_on_ray_stores_what_the_local_engine_stores(local_ray, tmp_path):
    sample = str(ROOT / "examples" / "articles.jsonl")
    stored = {}
    for engine in ("local", "ray"):
        db = tmp_path / f"{engine}.duckdb"
        result = CliRunner().invoke(main, ["ingest", sample, "--db", str(db), "--engine", engine, "--workers", "2" if engine == "ray" else "1",
                                           "--progress-every", "0"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        stats = CliRunner().invoke(main, ["stats", "--db", str(db)])
        assert stats.exit_code == 0, stats.output
        stored[engine] = (json.loads(stats.stdout), _tables(db))
    assert stored["local"][0]["articles"] == 4
    assert stored["ray"] == stored["local"]
