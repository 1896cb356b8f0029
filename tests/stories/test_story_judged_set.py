"""The stories judged set: well-formed, split, and pointing at real articles of the corpus it names."""
import csv
import hashlib
import json
from collections import Counter

import pytest

from conftest import shared_path
from eventwire.stories.evaluate import judged_set_path, load_judged


def test_judged_set_is_well_formed_and_split():
    pairs = load_judged()
    assert len(pairs) >= 150
    counts = Counter((p.split, p.same) for p in pairs)
    assert all(counts[(split, same)] >= 10 for split in ("dev", "test") for same in (True, False)), counts
    assert len({frozenset([p.a, p.b]) for p in pairs}) == len(pairs)  # no pair judged twice
    # Only ids, offsets and labels: no text of the third-party articles.
    for line in judged_set_path().read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert not {"text", "sentence"} & (set(record) | set(record["a"]) | set(record["b"]))


def test_a_malformed_line_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"corpus": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: not a judged pair"):
        load_judged(path)


@pytest.mark.shared
def test_judged_articles_are_rows_of_the_guardian_sample():
    corpus = shared_path("data", "corpora", "guardian_sdf_ngec", "Guardian_SDF_sample.csv")
    csv.field_size_limit(1 << 30)
    with corpus.open(encoding="utf-8", newline="") as handle:
        ids = {hashlib.sha256(row["text"].encode()).hexdigest() for row in csv.DictReader(handle)}
    judged = {ref[0] for p in load_judged() if p.corpus == "guardian" for ref in (p.a, p.b)}
    assert judged and judged <= ids
