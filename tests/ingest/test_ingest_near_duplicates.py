"""`eventwire ingest` with near-duplicates, progress and the closing summary, as users run it:
real processes (one on a real pseudo-terminal), the real model, a real store."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import duckdb
import psycopg
import pytest

from conftest import ROOT

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))

STORY = (
    "Government troops and rebel fighters clashed overnight on the outskirts of the northern town of Kidal, "
    "forcing hundreds of families to flee their homes, local officials said on Wednesday. "
    "The interior ministry said eleven soldiers had been wounded and accused the rebels of breaking "
    "a ceasefire agreed last month. A rebel spokesman denied the charge and said the army had shelled "
    "villages first. Aid agencies warned that the fighting had cut the only road used to bring food "
    "and medicine into the region."
)
OTHER = (
    "Protesters marched through the capital on Saturday to demand the release of jailed opposition "
    "leaders, and police fired tear gas to disperse the crowd outside parliament, witnesses said. "
    "The prime minister condemned the violence and promised an inquiry."
)
FRESH = (
    "The foreign minister met his Chinese counterpart in Beijing on Monday and signed an agreement "
    "on trade and investment, the ministry said in a statement after the talks."
)


def wire_copy(text: str, outlet: str) -> str:
    return f"{outlet.upper()} (Wire) - {text} Reporting by {outlet} staff."


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ingest(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, "ingest", "--db", str(db), *args], capture_output=True, text=True, cwd=ROOT)


def rows(db: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query).fetchall()


def event_counts(db: Path) -> dict[str, int]:
    return dict(rows(db, "SELECT a.id, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id "
                         "GROUP BY a.id"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """First run: two workers, and the copies sit in the same batch as their original."""
    tmp = tmp_path_factory.mktemp("near_dup")
    feed = write_jsonl(tmp / "first.jsonl", [
        {"id": "story", "text": STORY, "published": "2024-05-01", "source": "Wire"},
        {"id": "copy-a", "text": wire_copy(STORY, "Daily"), "source": "Daily"},
        {"id": "other", "text": OTHER, "published": "2024-05-02"},
        {"id": "copy-b", "text": STORY, "source": "Weekly"},  # the same text under its own id
        {"id": "story", "text": STORY},  # the same record again
    ])
    db = tmp / "store.duckdb"
    out = ingest(db, str(feed), "--workers", "2", "--summary-json")
    assert out.returncode == 0, out.stderr
    return db, tmp, out  # type: ignore[return-value]


def test_copies_are_stored_uncoded_and_linked_in_input_order(store):
    db, _, _ = store
    assert sorted(rows(db, "SELECT article_id, duplicate_of FROM duplicates")) == [
        ("copy-a", "story"), ("copy-b", "story")]
    counts = event_counts(db)
    assert counts["story"] > 0 and counts["other"] > 0
    assert counts["copy-a"] == counts["copy-b"] == 0
    assert rows(db, "SELECT count(*) FROM sentences WHERE article_id LIKE 'copy-%'") == [(0,)]
    # The copy's own text and outlet are kept: evidence that one more outlet ran the story.
    assert rows(db, "SELECT source, text LIKE 'DAILY (Wire)%' FROM articles WHERE id = 'copy-a'") == [("Daily", True)]
    (similarity,) = rows(db, "SELECT similarity FROM duplicates WHERE article_id = 'copy-a'")[0]
    assert 0.8 <= similarity < 1.0
    assert rows(db, "SELECT similarity FROM duplicates WHERE article_id = 'copy-b'") == [(1.0,)]
    # Only coded articles are indexed.
    assert sorted(r[0] for r in rows(db, "SELECT article_id FROM minhash_signatures")) == ["other", "story"]


def test_summary_counts_every_outcome_in_text_and_json(store):
    _, _, out = store
    assert ("read 5 records; stored 4, 2 coded + 2 near-duplicates, skipped 1 (0 already stored, "
            "1 exact duplicate), failed 0") in out.stderr
    summary = json.loads(out.stdout)
    assert summary["read"] == 5 and summary["coded"] == 2 and summary["near_duplicates"] == 2
    assert summary["skipped"] == {"already_stored": 0, "exact_duplicate": 1}
    assert summary["failed"] == 0 and summary["failed_by_reason"] == {}


def test_stats_counts_duplicates(store):
    db, _, _ = store
    out = subprocess.run([EVENTWIRE, "stats", "--db", str(db)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    assert counts["duplicates"] == 2 and counts["articles"] == 4


def test_a_later_run_on_a_terminal_links_to_stored_articles_and_draws_a_progress_bar(store):
    db, tmp, _ = store
    feed = write_jsonl(tmp / "second.jsonl", [
        {"id": "copy-c", "text": wire_copy(STORY, "Evening")},
        {"id": "fresh", "text": FRESH, "published": "2024-05-03"},
        {"text": 42},
        {"id": "other", "text": OTHER},
    ])
    err = run_on_terminal([EVENTWIRE, "ingest", "--db", str(db), str(feed), "--progress-every", "1"])
    assert "\r" in err and "articles/s" in err and "ETA" in err and "4/4" in err
    assert "second.jsonl:3: skipped [E104]" in err
    assert ("stored 2, 1 coded + 1 near-duplicate, skipped 1 (1 already stored, 0 exact duplicates), "
            "failed 1 (1 MalformedRecord [E104])") in err
    assert ("copy-c", "story") in rows(db, "SELECT article_id, duplicate_of FROM duplicates")
    assert event_counts(db)["copy-c"] == 0


def run_on_terminal(cmd: list[str]) -> str:
    """Run `cmd` with stderr on a new pseudo-terminal; everything it wrote there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_off_a_terminal_progress_is_plain_lines_and_near_duplicates_can_be_turned_off(store):
    db, tmp, _ = store
    feed = write_jsonl(tmp / "third.jsonl", [
        {"id": "copy-d", "text": wire_copy(STORY, "Morning"), "published": "2024-05-01"},
        {"id": "fresh-2", "text": FRESH + " Both sides hailed the talks."},
    ])
    out = ingest(db, str(feed), "--no-near-duplicates", "--progress-every", "1")
    assert out.returncode == 0, out.stderr
    assert "\r" not in out.stderr and "\x1b" not in out.stderr
    assert "eventwire ingest: 1 records: stored 1, 1 coded" in out.stderr
    assert "eventwire ingest: 2 records: stored 2, 2 coded" in out.stderr
    assert event_counts(db)["copy-d"] > 0  # coded like any article
    assert ("copy-d",) not in rows(db, "SELECT article_id FROM duplicates")


def test_postgres_store_links_the_same_copies(store, postgres_dsn):
    db, tmp, _ = store
    out = subprocess.run([EVENTWIRE, "ingest", "--db", postgres_dsn, str(tmp / "first.jsonl")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "stored 4, 2 coded + 2 near-duplicates" in out.stderr
    with psycopg.connect(postgres_dsn) as con:
        linked = con.execute("SELECT article_id, duplicate_of, similarity FROM duplicates ORDER BY 1").fetchall()
        indexed = con.execute("SELECT article_id FROM minhash_signatures ORDER BY 1").fetchall()
    # The DuckDB store's links from the same file (later tests in this module add more there).
    assert linked == sorted(rows(db, "SELECT article_id, duplicate_of, similarity FROM duplicates "
                                     "WHERE article_id IN ('copy-a', 'copy-b')"))
    assert indexed == [("other",), ("story",)]
