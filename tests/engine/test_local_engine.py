"""code_parallel across processes gives exactly what one process gives; ingest and bench use it."""
import json
import subprocess
import sys
from pathlib import Path


from conftest import ROOT
from eventwire.engine import code_parallel
from eventwire.pipeline import ArticleInput, Failure

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))

TEXTS = [
    "Russia and China condemned the sanctions imposed by the United States.",
    "Rebels attacked an army base in Idlib province on Monday.",
    "Protesters rallied in Nairobi on Thursday against rising fuel prices.",
    "Germany's government criticised France over the budget rules.",
    "The Indian prime minister met the Japanese foreign minister in Tokyo.",
    "Police arrested dozens of demonstrators outside parliament in Ankara.",
    "\"We will not negotiate under threat,\" the Iranian president said on Tuesday.",
    "Israel and Egypt agreed to reopen the Rafah crossing, officials said.",
    "Brazil expelled two Venezuelan diplomats after a border clash.",
    "The United Nations called for a ceasefire in Sudan.",
    "",  # empty: a Failure, at this position in both runs
    "Ukrainian forces shelled positions near Donetsk overnight.",
    "Kenya's opposition leader urged supporters to boycott the vote.",
]


def _articles() -> list[ArticleInput]:
    return [ArticleInput(text, id=f"t-{i}", published="2022-03-30") for i, text in enumerate(TEXTS)]


def _comparable(result):
    if isinstance(result, Failure):
        return ("failure", result.id, type(result.error).__name__, str(result.error), result.error.reason)
    return result.to_dict()


def test_two_workers_give_the_same_documents_in_the_same_order():
    # chunk_size 4: several chunks in flight, so order is really put to the test.
    one = [_comparable(r) for r in code_parallel(iter(_articles()), workers=1)]
    two = [_comparable(r) for r in code_parallel(iter(_articles()), workers=2, chunk_size=4)]
    assert len(one) == len(TEXTS)
    assert one == two
    assert one[TEXTS.index("")][:3] == ("failure", "t-10", "EmptyInput")
    assert sum(1 for r in one if isinstance(r, tuple)) == 1


def test_no_articles_start_no_pool():
    assert list(code_parallel(iter([]), workers=2)) == []


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EVENTWIRE, *args], capture_output=True, text=True, timeout=300, cwd=ROOT)


def _stats(db: Path) -> dict[str, int]:
    out = run("stats", "--db", str(db))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_ingest_with_two_workers_stores_what_one_worker_stores(tmp_path):
    sample = str(ROOT / "examples" / "articles.jsonl")
    counts = {}
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.duckdb"
        out = run("ingest", sample, "--db", str(db), "--workers", workers)
        assert out.returncode == 0, out.stderr
        counts[workers] = _stats(db)
    assert counts["1"]["articles"] > 0
    assert counts["1"] == counts["2"]


def test_bench_runs_on_a_small_file(tmp_path):
    sample = tmp_path / "tiny.jsonl"
    sample.write_text("".join(json.dumps({"id": f"b-{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS[:6])))
    out = run("bench", "--input", str(sample), "--workers", "2", "--json")
    assert out.returncode == 0, out.stderr
    numbers = json.loads(out.stdout)
    assert numbers["articles"] == 6 and numbers["workers"] == 2
    # A smoke test of the command: the numbers exist and are positive, never how large they are.
    for key in ("bare_spacy_words_per_s", "pipeline_1_worker_words_per_s", "pipeline_n_workers_words_per_s",
                "pipeline_over_bare", "speedup", "max_worker_rss_bytes"):
        assert numbers[key] > 0, key


def test_bench_without_corpora_says_what_is_missing(tmp_path):
    out = run("bench", "--corpora", str(tmp_path / "nowhere"))
    assert out.returncode != 0
    assert "corpora not found" in out.stderr and "--input" in out.stderr
