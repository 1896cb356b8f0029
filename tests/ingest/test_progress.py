"""Counting records before an ingest, and the tally's progress and summary (no model needed)."""
from __future__ import annotations

import io
import json

from eventwire.errors import EmptyInput
from eventwire.ingest.progress import Tally, count_records
from eventwire.ingest.readers import SourceRecord, read_sources


def test_count_records_agrees_with_the_readers(tmp_path):
    (tmp_path / "a.txt").write_text("One article.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Another article.")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "x"}) + "\n\n" + json.dumps({"text": "y"}) + "\n")
    (tmp_path / "rows.csv").write_text('id,text\n1,"first row,\nacross two lines"\n2,second\n')
    (tmp_path / "notes.md").write_text("not read")
    expected = sum(1 for r in read_sources([tmp_path]) if isinstance(r, SourceRecord))
    assert count_records([tmp_path]) == expected == 6
    assert count_records([tmp_path / "missing.jsonl"]) == 1  # one failed record


def test_count_records_gives_up_on_feeds(tmp_path):
    (tmp_path / "a.txt").write_text("One article.")
    (tmp_path / "feed.rss").write_text("<rss/>")
    assert count_records([tmp_path]) is None


def test_terminal_progress_is_one_redrawn_line_with_rate_and_eta():
    terminal, lines = io.StringIO(), []
    tally = Tally(every=1, echo=lines.append, terminal=terminal, total=4)
    tally.note_read()
    tally.note_coded()
    tally.message("eventwire: x.jsonl:2: skipped [E101] empty")
    tally.note_failed(EmptyInput("empty"), reading=False)
    tally.finish()
    drawn = terminal.getvalue()
    assert drawn.count("\r\033[K") >= 2 and drawn.endswith("\n")
    assert "2/4" in drawn and "articles/s" in drawn and "ETA" in drawn
    assert lines == ["eventwire: x.jsonl:2: skipped [E101] empty"]  # no progress lines besides the bar


def test_plain_progress_lines_and_summary():
    lines: list[str] = []
    tally = Tally(every=2, echo=lines.append)
    for note in (tally.note_coded, tally.note_near_duplicate, tally.note_already_stored, tally.note_exact_duplicate):
        tally.note_read()
        note()
    assert [line.split(" (")[0] for line in lines] == [
        "eventwire ingest: 2 records: stored 2, 1 coded + 1 near-duplicate, skipped 0",
        "eventwire ingest: 4 records: stored 2, 1 coded + 1 near-duplicate, skipped 2"]
    summary = tally.as_json("db")
    assert summary["stored"] == 2 and summary["skipped"] == {"already_stored": 1, "exact_duplicate": 1}
    assert "read 4 records; stored 2, 1 coded + 1 near-duplicate, skipped 2 (1 already stored, 1 exact " \
           "duplicate), failed 0" in tally.summary("db")
