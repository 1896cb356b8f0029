"""The real-news scorer: matching, one event per happening, real vs non-realised, dyads, dates.

Gold and predicted documents here are written by hand on our own sentences, so each number
the scorer prints can be checked against a count done by eye.
"""
from eventwire.eval.news.agreement import cohen_kappa, compare
from eventwire.eval.news.annotations import split_sentences
from eventwire.eval.news.gold import GoldArticle
from eventwire.eval.news.match import Mentioned, match, sentence_lookup
from eventwire.eval.news.score import date_judgement, dyad_judgement, right_events, score_documents

TEXT = ("Turkish jets bombed Kurdish positions on Monday. The strikes killed six fighters. "
        "Ankara could also impose sanctions. Britain and France held talks.")
SENTENCES = split_sentences(TEXT)


def span(words, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(words, start + 1)
    return {"start": start, "end": start + len(words)}


def gold_event(trigger, etype, source, target, **over):
    event = {"trigger": span(trigger), "mentions": [], "type": etype, "mode": None,
             "source": source, "target": target, "reciprocal": False, "modality": "asserted",
             "negated": False, "attributed_to": None, "date": None, "dated_by_text": False,
             "background": False, "place": None}
    event.update(over)
    return event


TUR_MIL = {"country": "TUR", "sector": "MIL"}
SYR_REB = {"country": "SYR", "sector": "REB"}
GOLD = GoldArticle("t/1", "2019-04-10", "x", [
    gold_event("bombed", "ASSAULT", [TUR_MIL], [SYR_REB], mentions=[span("strikes"), span("killed")],
               date="2019-04-08", dated_by_text=True),
    gold_event("impose sanctions", "SANCTION", [{"country": "TUR", "sector": None}], [], modality="hypothetical"),
    gold_event("held talks", "CONSULT", [{"country": "GBR", "sector": None}, {"country": "FRA", "sector": None}], [],
               reciprocal=True),
], TEXT)

ACTORS = [
    {"id": "a1", "country": "TUR", "sector": "MIL"}, {"id": "a2", "country": "SYR", "sector": "INS"},
    {"id": "a3", "country": "TUR", "sector": None}, {"id": "a4", "country": "GBR", "sector": None},
    {"id": "a5", "country": "FRA", "sector": None}, {"id": "a6", "country": "SYR", "sector": None},
]


def predicted(trigger, etype, source, target, nth=0, **over):
    event = {"trigger": span(trigger, nth), "plover": {"type": etype}, "source": source, "target": target,
             "modality": "asserted", "negated": False, "date": "2019-04-10", "confidence": 0.5}
    event.update(over)
    return event


def doc(*events):
    return {"events": list(events), "actors": ACTORS,
            "sentences": [{"index": i, "start": s, "end": e} for i, (s, e) in enumerate(SENTENCES)]}


def test_sentences_fixture_matches_text():
    assert TEXT[slice(*SENTENCES[3])] == "Britain and France held talks."


def test_a_happening_coded_twice_is_one_match_and_one_false_positive():
    prediction = doc(predicted("bombed", "ASSAULT", ["a1"], ["a2"], date="2019-04-08"),
                     predicted("killed", "ASSAULT", ["a1"], ["a2"]),
                     predicted("held talks", "CONSULT", ["a4"], ["a5"]))
    score = score_documents([GOLD], {"t/1": prediction})
    detection = score.fields["detection"]
    assert (detection.correct, detection.predicted, detection.gold) == (2, 3, 2)
    # INS and REB are one armed-group class; the reciprocal meeting may split its parties.
    assert score.fields["tuple"].correct == 2
    # The strike's date from the text is right; the undated talks accept the publication date.
    assert score.fields["date"].correct == 2
    assert score.confusion["(spurious)", "ASSAULT"] == 1


def test_asserting_a_hypothetical_is_a_false_positive_and_marking_it_is_not():
    asserted = score_documents([GOLD], {"t/1": doc(predicted("impose sanctions", "SANCTION", ["a3"], []))})
    assert asserted.fields["detection"].predicted == 1 and asserted.fields["detection"].correct == 0
    assert asserted.modality.correct == 0
    marked = score_documents([GOLD], {"t/1": doc(predicted("impose sanctions", "SANCTION", ["a3"], [],
                                                           modality="hypothetical"))})
    assert marked.fields["detection"].predicted == 0 and marked.modality.correct == 1


def test_missing_document_scores_zero_recall_and_counts_gold():
    score = score_documents([GOLD], {})
    assert score.documents == 0 and score.fields["detection"].gold == 2 and score.fields["detection"].correct == 0


def test_dyad_rules():
    strike = GOLD.events[0]
    prediction = doc()
    assert dyad_judgement(strike, prediction, predicted("bombed", "ASSAULT", ["a1"], ["a6"]), by_country=False) == (True, False)
    assert dyad_judgement(strike, prediction, predicted("bombed", "ASSAULT", ["a1"], ["a6"]), by_country=True) == (True, True)
    # No gold target: a target filled in anyway (the place's country) is wrong.
    no_target = gold_event("bombed", "ASSAULT", [TUR_MIL], [])
    assert dyad_judgement(no_target, prediction, predicted("bombed", "ASSAULT", ["a1"], ["a6"]), False) == (True, False)
    assert dyad_judgement(no_target, prediction, predicted("bombed", "ASSAULT", ["a1"], []), False) == (True, True)
    # An unknown doer is matched only by no doer or an unknown one.
    unknown = gold_event("bombed", "ASSAULT", [{"country": None, "sector": None, "implicit": True}], [SYR_REB])
    assert dyad_judgement(unknown, prediction, predicted("bombed", "ASSAULT", [], ["a2"]), False) == (True, True)
    assert dyad_judgement(unknown, prediction, predicted("bombed", "ASSAULT", ["a1"], ["a2"]), False) == (False, True)


def test_date_rules():
    dated = {"date": "2019-04", "dated_by_text": True}
    assert date_judgement(dated, {"date": "2019-04-08"}, "2019-04-10") is True
    assert date_judgement(dated, {"date": "2019-05-01"}, "2019-04-10") is False
    assert date_judgement({"date": None, "dated_by_text": True}, {"date": "2019-04-10"}, "2019-04-10") is None
    assert date_judgement({"date": None}, {"date": "2019-04-10"}, "2019-04-10") is True
    assert date_judgement({"date": None}, {"date": "2019-03-01"}, "2019-04-10") is False
    background = {"date": None, "background": True}
    assert date_judgement(background, {"date": "2019-04-10"}, "2019-04-10") is False
    assert date_judgement(background, {"date": None}, "2019-04-10") is True


def test_match_prefers_overlap_then_same_sentence_and_type():
    gold = [Mentioned(((0, 5),), "ASSAULT"), Mentioned(((20, 25),), "ACCUSE")]
    pred = [Mentioned(((22, 30),), "ASSAULT"), Mentioned(((10, 14),), "ASSAULT")]
    of = sentence_lookup([(0, 18), (19, 40)])
    pairs = match(gold, pred, of)
    assert [(p.gold, p.predicted, p.tier) for p in pairs] == [(0, 1, 2), (1, 0, 1)]


def test_cohen_kappa():
    assert cohen_kappa([("A", "A"), ("B", "B")]) == 1.0
    assert abs(cohen_kappa([("A", "A"), ("A", "B"), ("B", "A"), ("B", "B")])) < 1e-9


def test_agreement_between_two_annotations():
    other = GoldArticle("t/1", "2019-04-10", "x", [
        gold_event("strikes", "ASSAULT", [TUR_MIL], [SYR_REB]),
        gold_event("held talks", "CONSULT", [{"country": "GBR", "sector": None}], [{"country": "FRA", "sector": None}]),
    ])
    result = compare({"t/1": GOLD}, {"t/1": other}, {"t/1": TEXT})
    assert (result.a_events, result.b_events, result.matched) == (3, 2, 2)
    assert abs(result.detection_f1() - 0.8) < 1e-9
    assert result.source["same"] == 2 and result.target["same"] == 2  # reciprocal either way


def test_right_events_for_calibration_need_type_and_realness():
    prediction = doc(predicted("bombed", "ASSAULT", ["a1"], ["a2"], id="e1"),
                     predicted("killed", "ASSAULT", ["a1"], ["a2"], id="e2"),  # the same happening again
                     predicted("impose sanctions", "SANCTION", ["a3"], [], id="e3"),  # asserts a hypothetical
                     predicted("held talks", "AGREE", ["a4"], [], id="e4"))  # wrong type
    assert right_events(GOLD, prediction) == {"e1"}
