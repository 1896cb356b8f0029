"""`eventwire ingest` and `eventwire stats` as users run them: real processes, real model, real store."""
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "wires" / "older").mkdir(parents=True)
    (root / "wires" / "a.txt").write_text("Russia and China condemned the sanctions imposed by the United States.")
    (root / "wires" / "older" / "b.txt").write_text("Rebels attacked an army base in Idlib province on Monday.")
    (root / "wires" / "notes.md").write_text("not an article: ignored, only .txt and .jsonl are read")
    lines = [
        json.dumps({"id": "j-1", "text": "Protesters rallied in Nairobi on Thursday.", "published": "2022-03-30"}),
        "{this is not json",
        json.dumps({"id": "j-empty", "text": ""}),
        "",
        json.dumps({"id": "j-2", "text": "Germany's government criticised France.", "title": "Rift"}),
    ]
    (root / "wires" / "feed.jsonl").write_text("\n".join(lines) + "\n")
    return root


@pytest.fixture(scope="module")
def first_run(corpus):
    db = corpus / "ew.duckdb"
    out = run("ingest", str(corpus / "wires"), "--db", str(db), "--published-default", "2022-04-01")
    return db, out


def stats(db: Path) -> dict[str, int]:
    out = run("stats", "--db", str(db))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_ingest_stores_good_records_and_reports_bad_ones(first_run):
    db, out = first_run
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    err = out.stderr
    assert "feed.jsonl:2: skipped [E104] not valid JSON" in err
    assert "feed.jsonl:3: skipped [E101]" in err
    assert ("read 6 records; stored 4, 4 coded + 0 near-duplicates, skipped 0 (0 already stored, "
            "0 exact duplicates), failed 2") in err
    assert "1 MalformedRecord [E104]" in err and "1 EmptyInput [E101]" in err


def test_stats_prints_json_counts(first_run):
    db, _ = first_run
    counts = stats(db)
    assert set(counts) == {"articles", "events", "quotes", "actors", "places", "mentions", "failures",
                           "duplicates"}
    assert counts["articles"] == 4
    assert counts["failures"] == 2
    assert counts["events"] >= 2 and counts["actors"] >= 4


def test_ingest_keeps_ids_and_dates(first_run):
    db, _ = first_run
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = dict(con.execute("SELECT id, CAST(published AS VARCHAR) FROM articles").fetchall())
        failures = con.execute("SELECT article_id, reason_code FROM failures ORDER BY source").fetchall()
    finally:
        con.close()
    assert rows["j-1"] == "2022-03-30"
    assert rows["j-2"] == "2022-04-01"  # no date in the record: --published-default
    txt_ids = [i for i in rows if not i.startswith("j-")]
    assert len(txt_ids) == 2 and all(len(i) == 64 for i in txt_ids)  # sha256 of the text
    assert failures == [(None, "E104"), ("j-empty", "E101")]


def test_reingest_adds_nothing(first_run, corpus):
    db, _ = first_run
    before = stats(db)
    out = run("ingest", str(corpus / "wires"), "--db", str(db), "--published-default", "2022-04-01")
    assert out.returncode == 0, out.stderr
    assert ("stored 0, 0 coded + 0 near-duplicates, skipped 4 (4 already stored, 0 exact duplicates), "
            "failed 2") in out.stderr
    assert stats(db) == before


def test_ingest_with_nothing_readable_exits_1(tmp_path):
    out = run("ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "ew.duckdb"))
    assert out.returncode == 1
    assert "no such file or directory" in out.stderr


def test_ingest_rejects_a_bad_default_date(tmp_path):
    out = run("ingest", str(tmp_path), "--db", str(tmp_path / "ew.duckdb"), "--published-default", "30/03/2022")
    assert out.returncode == 2
    assert "YYYY-MM-DD" in out.stderr


def test_stats_on_a_missing_store_fails_clearly(tmp_path):
    out = run("stats", "--db", str(tmp_path / "nothing.duckdb"))
    assert out.returncode == 1
    assert "no such store" in out.stderr
    assert not (tmp_path / "nothing.duckdb").exists()


UNSTORABLE = [  # ids, titles and dates that no store can keep or no stage can read
    json.dumps({"id": "nul\u0000id", "text": "Russia condemned China."}),
    json.dumps({"id": "surrogate\ud800", "text": "Russia condemned China."}),
    json.dumps({"id": "bad-title", "text": "Russia condemned China.", "title": "t\udc80"}),
    json.dumps({"id": "bad-date", "text": "Russia condemned China.", "published": "2022-13-45"}),
    json.dumps({"id": "good", "text": "Iran condemned the attack on its embassy."}),
]


@pytest.mark.parametrize("store_kind", ["duckdb", "postgresql"])
def test_unstorable_fields_fail_their_record_alone_on_both_stores(tmp_path, store_kind, request):
    (tmp_path / "feed.jsonl").write_text("\n".join(UNSTORABLE) + "\n")
    db = str(tmp_path / "ew.duckdb") if store_kind == "duckdb" else request.getfixturevalue("postgres_dsn")
    out = run("ingest", str(tmp_path / "feed.jsonl"), "--db", db)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert "stored 1, 1 coded" in out.stderr and "failed 4 (4 MalformedRecord [E104])" in out.stderr
    assert "'2022-13-45' is not a date" in out.stderr and "lone UTF-16 surrogate" in out.stderr
    counts = stats(db)
    assert counts["articles"] == 1 and counts["failures"] == 4
    again = run("ingest", str(tmp_path / "feed.jsonl"), "--db", db)  # a re-run does not abort on them either
    assert again.returncode == 0 and "0 coded" in again.stderr, again.stderr
