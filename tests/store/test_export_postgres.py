"""`eventwire export` from PostgreSQL gives the same output as from DuckDB, over a real server.

A DuckDB store is built by a real `eventwire ingest`; the same documents are then added to a
fresh PostgreSQL database of this module's own (created and dropped here) through
`PostgresStore.add`, with the DuckDB store's `coded_at` copied over so that both hold the same
rows. Every format, with and without filters, must come out byte for byte the same.

The server is $EVENTWIRE_TEST_POSTGRES (an admin DSN able to create databases), default
postgresql://postgres@127.0.0.1:5432/postgres; the tests skip, saying so, if it is unreachable.
"""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from conftest import ROOT, scratch_database
from eventwire.cli import main
from eventwire.store import DuckDBStore, PostgresStore

EXAMPLES = ROOT / "examples" / "articles.jsonl"


@pytest.fixture(scope="module")
def duck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export_pg") / "store.duckdb"
    result = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(EXAMPLES), "--db", str(path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def pg(duck: Path) -> Iterator[str]:
    """A new database holding the DuckDB store's documents, dropped after the module."""
    with scratch_database() as dsn:
        with DuckDBStore(duck, read_only=True) as source, PostgresStore(dsn) as target:
            for article_id in source.article_ids():
                document = source.get(article_id)
                assert document is not None
                assert target.add(document)
            coded_at = source.con.execute("SELECT id, coded_at FROM articles").fetchall()
            with target.con.transaction():
                for article_id, when in coded_at:
                    target.con.execute("UPDATE articles SET coded_at = %s WHERE id = %s", [when, article_id])
        yield dsn


def export(db: str, out: Path, fmt: str, *extra: str) -> Path:
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", fmt, "--out", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize("fmt, extra", [
    ("gdelt", ("--header",)), ("csv", ()), ("jsonl", ()), ("plover", ()),
    ("jsonl", ("--country", "TUR")), ("csv", ("--since", "2024-01-01", "--until", "2024-05-31")),
])
def test_text_formats_are_identical_from_both_stores(duck, pg, tmp_path, fmt, extra):
    from_duck = export(str(duck), tmp_path / f"duck.{fmt}", fmt, *extra).read_bytes()
    from_pg = export(pg, tmp_path / f"pg.{fmt}", fmt, *extra).read_bytes()
    assert from_duck.count(b"\n") > 1, "the examples should give events to compare"
    assert from_pg == from_duck


def test_parquet_is_the_same_dataset_from_both_stores(duck, pg, tmp_path):
    def dataset(directory: Path) -> tuple[list[str], list[tuple]]:
        partitions = sorted(str(p.parent.relative_to(directory)) for p in directory.rglob("*.parquet"))
        with duckdb.connect() as con:
            rows = con.execute("SELECT * EXCLUDE (year, month) FROM read_parquet(?, hive_partitioning = true) "
                               "ORDER BY article_id, seq", [str(directory / "**" / "*.parquet")]).fetchall()
        return partitions, rows

    duck_partitions, duck_rows = dataset(export(str(duck), tmp_path / "duck", "parquet"))
    pg_partitions, pg_rows = dataset(export(pg, tmp_path / "pg", "parquet"))
    assert duck_partitions and all(p.startswith("year=") and "/month=" in p for p in duck_partitions)
    assert pg_partitions == duck_partitions
    assert pg_rows == duck_rows and len(pg_rows) > 1


def test_export_from_a_database_without_tables_fails_clearly(postgres_dsn, tmp_path):
    result = CliRunner().invoke(main, ["export", "--db", postgres_dsn, "--format", "csv", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "no such store" in result.stderr
    assert not (tmp_path / "x").exists()
