"""Kill -9 in the middle of an ingest, run it again: every article is stored exactly once, and
a further run adds nothing. The store is the real DuckDB file, the process the real CLI."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
COUNTRIES = ["Kenya", "Peru", "Norway", "Japan", "Egypt", "Chile", "Ghana", "Nepal", "Iraq", "Cuba"]


def write_corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
            text = (f"{a} condemned the decision by {b} to expel its ambassador, officials said on Monday. "
                    f"Report {i}: the foreign ministry of {a} summoned the envoy of {b} and demanded an apology.")
            handle.write(json.dumps({"id": f"doc-{i:03d}", "text": text, "published": "2024-03-04"}) + "\n")


def stats(db: Path) -> dict[str, int]:
    out = subprocess.run([EVENTWIRE, "stats", "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def ingest(corpus: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, "ingest", str(corpus), "--db", str(db), "--batch-size", "4"],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_ingest_killed_mid_run_resumes_exactly_once(tmp_path: Path):
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "store.duckdb"
    n = 120
    write_corpus(corpus, n)
    victim = subprocess.Popen([EVENTWIRE, "ingest", str(corpus), "--db", str(db), "--batch-size", "4",
                               "--progress-every", "5"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert victim.stderr is not None
    deadline = time.monotonic() + 300
    for line in victim.stderr:  # wait until it has really stored some articles, then kill it hard
        if "records:" in line and "stored" in line or time.monotonic() > deadline:
            break
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL

    partial = stats(db)["articles"]
    assert 0 < partial < n, f"the kill should land mid-run; {partial} of {n} were stored"

    resumed = ingest(corpus, db)
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipped {partial} ({partial} already stored" in resumed.stderr
    after = stats(db)
    assert after["articles"] == n

    again = ingest(corpus, db)
    assert again.returncode == 0, again.stderr
    assert f"stored 0, 0 coded + 0 near-duplicates, skipped {n} ({n} already stored" in again.stderr
    assert stats(db) == after
