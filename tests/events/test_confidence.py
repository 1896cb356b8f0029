"""Event confidence: the fitted model file, the logistic fit and the reliability measures."""
from __future__ import annotations

import json

import numpy as np
import pytest

from eventwire.errors import DataFileError
from eventwire.eval import calibration
from eventwire.events.confidence import DEFAULT_PATH, FEATURES, ConfidenceModel, EventEvidence


def evidence(**overrides) -> EventEvidence:
    base = dict(kind="verb", specificity=2, has_target=True, target_from_place=False, source_from_place=False,
                source_has_country=True, target_has_country=True, modality="asserted", negated=False,
                sentence_tokens=20, other_events_in_sentence=0)
    return EventEvidence(**{**base, **overrides})


def test_shipped_model_is_fitted_and_names_its_training_data():
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert data["version"] != "untrained" and "events_regression.json" in data["fitted_on"]
    assert "plover_gsr_dev" not in data["fitted_on"]  # the dev set is for checking, never fitting
    assert "real-news gold train split" in data["fitted_on"]  # fitted on text like users', not only sentences
    assert "dev split" not in data["fitted_on"] and "test split" not in data["fitted_on"]
    assert set(data["weights"]) == set(FEATURES)


def test_confidence_is_a_probability_that_falls_with_missing_evidence():
    model = ConfidenceModel.load()
    full = model.predict(evidence())
    weak = model.predict(evidence(source_has_country=False, target_has_country=False, has_target=False))
    assert 0.0 < weak < full < 1.0


def test_bad_model_file_is_a_clear_error(tmp_path):
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps({"bias": 0.0, "weights": {"no_such_feature": 1.0}}))
    with pytest.raises(DataFileError, match="no_such_feature"):
        ConfidenceModel.load(path)
    path.write_text("{not json")
    with pytest.raises(DataFileError, match="cannot read confidence model"):
        ConfidenceModel.load(path)


def test_logistic_fit_recovers_known_weights():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(4000, 2))
    p = 1 / (1 + np.exp(-(1.5 * x[:, 0] - 2.0 * x[:, 1] + 0.5)))
    y = (rng.random(4000) < p).astype(float)
    w, b = calibration.fit_logistic(x, y, l2=0.0)
    assert np.allclose(w, [1.5, -2.0], atol=0.2) and abs(b - 0.5) < 0.15


def test_reliability_bins_and_ece_by_hand():
    rows, ece = calibration.reliability([0.1, 0.1, 0.9, 0.9], [False, True, True, True], bins=5)
    assert [r.count for r in rows] == [2, 0, 0, 0, 2]
    assert rows[0].precision == 0.5 and rows[4].precision == 1.0
    assert ece == pytest.approx(0.5 * abs(0.5 - 0.1) + 0.5 * abs(1.0 - 0.9))


def test_auc_orders_right_above_wrong():
    assert calibration.ranking_auc([0.9, 0.8, 0.2], [True, True, False]) == 1.0
    assert calibration.ranking_auc([0.5, 0.5], [True, False]) == 0.5


def test_coded_events_carry_evidence_based_confidence(code):
    doc = code("Australia imposed sanctions on Myanmar. Officials said something was done.")
    assert doc.events and all(0.0 < e.confidence < 1.0 for e in doc.events)


def test_label_events_pairs_every_event_with_its_evidence(pipeline):
    records = [{"id": "a", "text": "Australia imposed sanctions on Myanmar.", "event": "SANCTION",
                "source": {"code": "AUS"}, "target": {"code": "MMR"}},
               {"id": "b", "text": "Brazil condemned the coup in Bolivia and recalled its envoy.", "event": "ACCUSE",
                "source": {"code": "BRA"}, "target": ""}]
    labelled = calibration.label_events(pipeline, records, calibration.plover_judge)
    assert labelled and labelled[0].correct
    assert len(labelled) >= 2 and all(isinstance(i.evidence, EventEvidence) for i in labelled)


def test_each_plover_type_is_one_feature():
    features = evidence(plover_type="ACCUSE").features()
    assert features["type_ACCUSE"] == 1.0 and sum(v for k, v in features.items() if k.startswith("type_")) == 1.0
    assert not any(v for k, v in evidence().features().items() if k.startswith("type_"))  # unknown type: none
