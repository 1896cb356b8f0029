"""Real articles from ../shared/data/corpora through the real command: nothing crashes, every
span indexes the text, every reference resolves, every document obeys the schema."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_path
from eventwire.eval.contract import contract_problems
from eventwire.eval.corpora import read_all

EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
SAMPLE_EVERY = 40  # about 125 of the ~5,000 articles; benchmarks/corpora_check.py runs them all


@pytest.fixture(scope="module", params=[False, True], ids=["cleaned", "raw"])
def coded(request):
    articles = list(read_all(shared_path("data", "corpora"), every=SAMPLE_EVERY))
    args = [EVENTWIRE, "code", "--jsonl", "-"] + (["--raw"] if request.param else [])
    payload = "".join(json.dumps(a.as_record()) + "\n" for a in articles)
    proc = subprocess.run(args, input=payload, capture_output=True, text=True, timeout=1800, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    return request.param, articles, docs, proc.stderr


def test_corpora_every_article_is_coded_or_reported(coded):
    _, articles, docs, stderr = coded
    skipped = sum(line.startswith("eventwire: skipped") for line in stderr.splitlines())
    assert len(docs) + skipped == len(articles)
    assert [d["article"]["id"] for d in docs] == [a.as_record()["id"] for a in articles][: len(docs)] or skipped


def test_corpora_every_span_indexes_the_text_and_every_reference_resolves(coded):
    _, _, docs, _ = coded
    for doc in docs:
        assert contract_problems(doc) == [], doc["article"]["id"]


def test_corpora_raw_mode_keeps_the_input_text(coded):
    raw, articles, docs, _ = coded
    if not raw:
        pytest.skip("only --raw promises the input text unchanged")
    by_id = {a.as_record()["id"]: a.text for a in articles}
    for doc in docs:
        assert doc["text"] == by_id[doc["article"]["id"]]


def test_corpora_documents_obey_the_schema(coded):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "eventwire" / "schema" / "document.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for doc in coded[2]:
        errors = list(validator.iter_errors(doc))
        assert not errors, (doc["article"]["id"], errors[0].message)
