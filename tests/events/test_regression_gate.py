"""Gate on our own event regression set (eventwire/data/eval/events_regression.json).

The set is 150 sentences we wrote, in the PLOVER gold-standard JSON format, one per
syntactic/semantic case and covering every CAMEO root. It is a measurement: the floors
in events_regression_floor.json were pinned at the measured scores minus 0.02, and the
file's sha256 is pinned too, so neither the set nor the floor moves without a deliberate
edit of the floor file.
"""
from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from eventwire.eval import gsr
from eventwire.events.ontology import Ontology

EVAL_DIR = resources.files("eventwire") / "data" / "eval"
REGRESSION = EVAL_DIR / "events_regression.json"
FLOOR = EVAL_DIR / "events_regression_floor.json"
REQUIRED = ("id", "text", "date", "event", "cameo", "case", "source", "target", "mode", "context")


def _records() -> list[dict]:
    return json.loads(REGRESSION.read_text(encoding="utf-8"))


def _floor() -> dict:
    return json.loads(FLOOR.read_text(encoding="utf-8"))


def test_regression_file_matches_pinned_hash():
    digest = hashlib.sha256(REGRESSION.read_bytes()).hexdigest()
    assert digest == _floor()["sha256"], (
        "events_regression.json changed: re-measure and update events_regression_floor.json on purpose")


def test_regression_records_are_well_formed():
    ontology = Ontology.load()
    records = _records()
    assert len({r["id"] for r in records}) == len(records), "duplicate ids"
    for r in records:
        missing = [k for k in REQUIRED if k not in r]
        assert not missing, f"{r.get('id')}: missing {missing}"
        assert r["text"].strip(), r["id"]
        assert r["event"] in ontology.plover_types(), f"{r['id']}: unknown PLOVER type {r['event']}"
        assert ontology.is_valid(r["cameo"]), f"{r['id']}: unknown CAMEO code {r['cameo']}"
        assert ontology.cameo(r["cameo"]).plover_type == r["event"], (
            f"{r['id']}: CAMEO {r['cameo']} is {ontology.cameo(r['cameo']).plover_type}, not {r['event']}")
        assert isinstance(r["source"], list) and r["source"], f"{r['id']}: no source"
        assert isinstance(r["target"], list), r["id"]
        for actor in r["source"] + r["target"]:
            assert actor.get("actorText") and actor.get("code"), f"{r['id']}: bad actor {actor}"
    roots = {r["cameo"][:2] for r in records}
    assert roots >= {f"{i:02d}" for i in range(1, 21)}, f"missing CAMEO roots {sorted({f'{i:02d}' for i in range(1, 21)} - roots)}"


@pytest.fixture(scope="module")
def regression_score(pipeline):
    return gsr.evaluate(pipeline, REGRESSION)


def test_regression_type_f1_at_least_floor(regression_score):
    _, _, f1 = regression_score.type_prf()
    assert f1 >= _floor()["type_f1"], regression_score.summary_line()


def test_regression_dyad_recall_at_least_floor(regression_score):
    dyad = regression_score.dyad / regression_score.sentences
    assert dyad >= _floor()["dyad_recall"], regression_score.summary_line()
