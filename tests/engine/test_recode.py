"""Stored parses and `eventwire recode`: recoding from the stored parse gives what ingest gave,
until a lexicon changes; then the coded rows change and the articles do not."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import psycopg
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eventwire.cli import main
from eventwire.nlp import doc_to_bytes
from eventwire.pipeline import ArticleInput
from eventwire.store.rows import CODED_TABLES

# A politician no built-in lexicon knows: found as a person, but with no country or sector.
WEKESA_TEXT = ("Amani Wekesa accused the Kenyan government of rigging the vote on Tuesday.\n"
               "Wekesa said his supporters would stage a protest in Nairobi next week.")
ACTORS_CSV = "name,aliases,country,sector,kind,role,start,end\nAmani Wekesa,Wekesa,KEN,OPP,person,opposition leader,2020,\n"


def _corpus(tmp_path: Path) -> Path:
    """The project's sample articles plus one naming an organisation no built-in lexicon knows."""
    corpus = tmp_path / "corpus.jsonl"
    lines = (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    lines.append(json.dumps({"id": "wekesa-1", "published": "2024-02-06", "text": WEKESA_TEXT}))
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every coded row and the articles' own columns, in a stable order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in CODED_TABLES}
        tables["articles"] = con.execute(
            "SELECT id, title, published, source, url, text FROM articles ORDER BY id").fetchall()
        return tables
    finally:
        con.close()


def parse_count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM parses").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, dict[str, list[tuple]]]:
    tmp_path = tmp_path_factory.mktemp("recode")
    db = tmp_path / "ingested.duckdb"
    cli("ingest", str(_corpus(tmp_path)), "--db", str(db), "--progress-every", "0")
    return db, snapshot(db)


def test_ingest_stores_one_parse_per_coded_article(ingested):
    db, rows = ingested
    assert len(rows["articles"]) == 5
    assert parse_count(db) == 5


def test_recode_without_changes_gives_exactly_the_ingested_rows(ingested, tmp_path):
    db, rows = ingested
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    out = cli("recode", "--db", str(copy), "--summary-json")
    summary = json.loads(out[out.index("{"):])
    assert (summary["recoded"], summary["reparsed"], summary["failed"]) == (5, 0, 0)
    assert rows["events"] and rows["quotes"]  # something to compare
    assert snapshot(copy) == rows


def test_recode_after_an_actor_dictionary_change_replaces_coded_rows_only(ingested, tmp_path):
    db, rows = ingested
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS_CSV, encoding="utf-8")
    cli("recode", "--db", str(copy), "--actors", str(actors))
    after = snapshot(copy)
    assert after["articles"] == rows["articles"]  # ids, text and metadata untouched
    codes = lambda table: {(r[0], r[3], r[7]) for r in table}  # (article id, actor name, code)
    assert ("wekesa-1", "Amani Wekesa", "KENOPP") in codes(after["actors"]) - codes(rows["actors"])
    assert after["events"] != rows["events"]
    wekesa_events = [r for r in after["events"] if r[0] == "wekesa-1"]
    assert any(r[-2] == "KENOPP" for r in wekesa_events), wekesa_events  # the accusation's source, now coded
    # The other articles do not mention him: their rows are as ingest stored them.
    for table in CODED_TABLES:
        assert [r for r in after[table] if r[0] != "wekesa-1"] == [r for r in rows[table] if r[0] != "wekesa-1"]


def test_articles_without_a_stored_parse_are_parsed_again_and_get_one(ingested, tmp_path):
    _, rows = ingested
    db = tmp_path / "no-parses.duckdb"
    cli("ingest", str(_corpus(tmp_path)), "--db", str(db), "--no-store-parses", "--progress-every", "0")
    assert parse_count(db) == 0
    out = cli("recode", "--db", str(db), "--summary-json")
    summary = json.loads(out[out.index("{"):])
    assert (summary["recoded"], summary["reparsed"]) == (5, 5)
    assert parse_count(db) == 5
    assert snapshot(db) == rows


def test_a_stored_parse_round_trips_and_must_match_the_text(pipeline):
    [parsed] = list(pipeline.parse([ArticleInput(WEKESA_TEXT, id="u", published="2024-02-06")]))
    data = doc_to_bytes(parsed.doc)
    again = pipeline.reparsed(ArticleInput(parsed.cleaned.text, id="u", published="2024-02-06"), data)
    assert pipeline.code_parsed(again).to_dict() == pipeline.code_parsed(parsed).to_dict()
    with pytest.raises(ValueError, match="another text"):
        pipeline.reparsed(ArticleInput(parsed.cleaned.text + " More.", id="u"), data)


def test_recode_on_postgresql_stores_parses_and_replaces_rows(postgres_dsn, tmp_path):
    cli("ingest", str(_corpus(tmp_path)), "--db", postgres_dsn, "--progress-every", "0")

    def events() -> list[tuple]:
        with psycopg.connect(postgres_dsn) as con:
            return con.execute('SELECT article_id, id, cameo, source_code, target_code FROM events '
                               'ORDER BY article_id, seq').fetchall()

    with psycopg.connect(postgres_dsn) as con:
        assert con.execute("SELECT count(*) FROM parses").fetchone()[0] == 5
    before = events()
    cli("recode", "--db", postgres_dsn)
    assert events() == before
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS_CSV, encoding="utf-8")
    cli("recode", "--db", postgres_dsn, "--actors", str(actors))
    changed = set(events()) - set(before)
    assert changed and {r[0] for r in changed} == {"wekesa-1"} and any(r[3] == "KENOPP" for r in changed)


def test_a_damaged_stored_parse_is_parsed_again_not_lost(pipeline):
    from eventwire.engine.tasks import Coded, ToRecode, code_chunk, recode_chunk

    article = ArticleInput("Rebels attacked an army base in Idlib province on Monday.", id="x", published="2022-03-30")
    [coded] = code_chunk(pipeline, [article], False, True)
    stored = ArticleInput(coded.document.text, id="x", published="2022-03-30")
    good, damaged = recode_chunk(pipeline, [ToRecode(stored, coded.parse.docbin), ToRecode(stored, b"not a docbin")])
    assert isinstance(good, Coded) and isinstance(damaged, Coded)
    assert good.document.to_dict() == damaged.document.to_dict() == coded.document.to_dict()
    assert good.parse is None  # the stored parse stands
    assert damaged.parse is not None  # a fresh one, to replace the damaged one
