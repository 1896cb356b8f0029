"""The scorers behind `eventwire eval`, pinned on tiny hand-made inputs (no model, no gold set)."""
from __future__ import annotations

import json

import pytest

from eventwire.eval import gsr, polnear

# --- PolNeAR: the overlap rule and span handling -------------------------------------------


@pytest.mark.parametrize("a,b,expected", [
    ((0, 10), (0, 10), True),      # identical
    ((0, 10), (5, 20), True),      # exactly half of the shorter span shared: enough
    ((0, 10), (6, 20), False),     # just under half: not enough
    ((0, 100), (40, 50), True),    # measured against the shorter span, not the longer
    ((0, 5), (5, 10), False),      # touching is not overlapping
    ((3, 3), (0, 10), False),      # an empty span never overlaps
    (None, (0, 10), False),        # a missing span (no predicted source) never overlaps
])
def test_overlap_rule(a, b, expected):
    assert polnear.overlaps(a, b) is expected
    assert polnear.overlaps(b, a) is expected


def test_span_of_uses_offsets_else_relocates_by_text():
    text = "He said the talks failed."
    assert polnear.span_of({"start": 0, "end": 2, "text": "He"}, text) == (0, 2)
    assert polnear.span_of({"start": 5, "end": 10, "text": "talks"}, text) == (12, 17)  # offsets stale
    assert polnear.span_of({"start": 0, "end": 3, "text": "absent"}, text) is None
    assert polnear.span_of(None, text) is None


ANN = "\n".join([
    "T1\tSource 0 2\tHe",
    "T2\tCue 3 7\tsaid",
    "T3\tContent 8 24\tthe talks failed",
    "T4\tContent 30 35;40 45\tdisco ntig",
    "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
    "E2\tAttribution:T2 Content:T4",
    "E3\tAttribution:T2 Source:T1 Cue:T2",   # no Content: not scored
])


def test_parse_ann_keeps_content_relations_and_takes_discontinuous_spans_whole():
    assert polnear.parse_ann(ANN) == [((8, 24), (0, 2)), ((30, 45), None)]


def _quote(text: str, content: tuple[int, int], source: tuple[int, int] | None) -> dict:
    def span(s: tuple[int, int] | None) -> dict | None:
        return None if s is None else {"start": s[0], "end": s[1], "text": text[s[0]:s[1]]}
    return {"content": span(content), "source": span(source)}


TEXT = "He said the talks failed." + " " * 40


def test_polnear_perfect_prediction_scores_one():
    gold = {"a": polnear.parse_ann(ANN)}
    docs = {"a": {"quotes": [_quote(TEXT, (8, 24), (0, 2)), _quote(TEXT, (30, 45), None)]}}
    s = polnear.score(gold, {"a": TEXT}, docs)
    assert s.content_prf() == s.attribution_prf() == (1.0, 1.0, 1.0)
    assert s.summary_line() == "content P 1.000 R 1.000 F1 1.000  attribution P 1.000 R 1.000 F1 1.000"


def test_polnear_empty_prediction_scores_zero():
    s = polnear.score({"a": polnear.parse_ann(ANN)}, {"a": TEXT}, {})
    assert (s.n_gold, s.n_pred) == (2, 0)
    assert s.content_prf() == s.attribution_prf() == (0.0, 0.0, 0.0)


def test_polnear_wrong_source_counts_for_content_but_not_attribution():
    gold = {"a": [((8, 24), (0, 2))]}
    docs = {"a": {"quotes": [_quote(TEXT, (8, 24), (12, 17))]}}
    s = polnear.score(gold, {"a": TEXT}, docs)
    assert s.content_prf() == (1.0, 1.0, 1.0)
    assert s.attribution_prf() == (0.0, 0.0, 0.0)


# --- PLOVER GSR: filtering, ids, label mapping, metrics --------------------------------------

def _record(id_: str, event: str, src: str, tgt: str | None = None, sector: str | None = "GOV") -> dict:
    return {"id": id_, "event": event, "text": f"{id_} text", "date": "2020-01-01",
            "source": {"code": src, "sector": sector}, "target": {"code": tgt} if tgt else ""}


def _doc(ptype: str | None, src_country: str, tgt_country: str | None = None, sector: str = "GOV") -> dict:
    actors = [{"id": "a1", "country": src_country, "sector": sector, "code": src_country + sector}]
    if tgt_country:
        actors.append({"id": "a2", "country": tgt_country, "sector": None, "code": tgt_country})
    event = {"plover": {"type": ptype}, "source": ["a1"], "target": ["a2"] if tgt_country else []}
    return {"actors": actors, "events": [event]}


def test_load_gold_filters_and_makes_ids_unique(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps([
        {"id": "doc", "event": "DOCUMENT"},                 # no text: dropped
        {"id": "x", "event": "", "text": "no event"},       # no event: dropped
        _record("r", "AGREE", "USA"), _record("r", "AGREE", "USA"), _record("r", "AGREE", "USA"),
    ]))
    assert [r["id"] for r in gsr.load_gold(path)] == ["r", "r#2", "r#3"]


def test_gsr_perfect_prediction_scores_one_with_label_and_country_mapping():
    records = [_record("1", "DEMAND", "GER", "FRA"), _record("2", "AGREE", "UK")]
    docs = {"1": _doc("REQUEST", "DEU", "FRA"), "2": _doc("AGREE", "GBR")}
    s = gsr.score(records, docs)
    assert s.type_prf() == (1.0, 1.0, 1.0)
    assert (s.dyad, s.sector_ok, s.sector_total) == (2, 2, 2)
    assert s.summary_line() == "type P 1.000 R 1.000 F1 1.000  dyad recall 1.000"
    assert s.per_type["REQUEST"].prf() == (1.0, 1.0, 1.0)


def test_gsr_empty_prediction_scores_zero():
    s = gsr.score([_record("1", "AGREE", "USA")], {})
    assert s.type_prf() == (0.0, 0.0, 0.0)
    assert s.summary_line() == "type P 0.000 R 0.000 F1 0.000  dyad recall 0.000"
    assert s.misses and s.misses[0].startswith("1: gold AGREE ['USA']->[]; got []")
    assert "warning: 1 of 1 sentences came back without a document" in s.report_lines()


def test_gsr_type_right_dyad_wrong_and_per_type_precision():
    records = [_record("1", "AGREE", "USA", "CHN"), _record("2", "ACCUSE", "IGO")]
    docs = {"1": _doc("AGREE", "USA", "RUS"),       # type found, target country wrong
            "2": {"actors": [{"id": "a1", "country": None, "sector": "IGO", "code": "IGOUNO"}],
                  "events": [{"plover": {"type": "ACCUSE"}, "source": ["a1"], "target": []},
                             {"plover": {"type": "AGREE"}, "source": ["a1"], "target": []}]}}
    s = gsr.score(records, docs)
    assert (s.predicted, s.predicted_ok, s.type_found, s.dyad) == (3, 2, 2, 1)   # IGO code counts as 'IGO'
    assert s.per_type["AGREE"].prf() == (0.5, 1.0, pytest.approx(2 / 3))
    assert s.per_type["AGREE"].predicted == 2 and s.per_type["AGREE"].correct == 1
