"""Event confidence as a probability that the event is right (its type and its dyad).

Each coded event gets a few evidence features (how it was matched, which arguments were
found and how, modality, sentence length); a logistic model fitted on labelled sentences
that are not the PLOVER dev set maps them to a probability. The fitted weights are a
versioned data file (eventwire/data/events/confidence.json), written by
`eventwire eval calibrate` (eventwire/eval/calibration.py), so refitting never touches code.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.model import PLOVER_TYPES

# The order is the weight order in the data file. The type indicators let the model learn how
# often each type the coder reports is right on real news (CONSULT and ASSAULT are coded
# far more loosely than ACCUSE), which the structural features alone cannot see.
FEATURES = (
    "kind_noun", "kind_control", "kind_reported", "specific_pattern", "has_target", "target_from_place",
    "source_from_place", "source_has_country", "target_has_country", "intended", "hypothetical", "negated",
    "sentence_length", "other_events_in_sentence", *(f"type_{t}" for t in PLOVER_TYPES),
)
DEFAULT_PATH = Path(str(resources.files("eventwire") / "data" / "events" / "confidence.json"))


@dataclass(frozen=True)
class EventEvidence:
    """What the coder knew when it made one event."""
    kind: str  # verb, noun, control, reported
    specificity: int
    has_target: bool
    target_from_place: bool
    source_from_place: bool
    source_has_country: bool
    target_has_country: bool
    modality: str
    negated: bool
    sentence_tokens: int
    other_events_in_sentence: int
    plover_type: str = ""

    def features(self) -> dict[str, float]:
        return {
            **{f"type_{t}": float(self.plover_type == t) for t in PLOVER_TYPES},
            "kind_noun": float(self.kind == "noun"),
            "kind_control": float(self.kind == "control"),
            "kind_reported": float(self.kind == "reported"),
            "specific_pattern": float(self.specificity > 0),
            "has_target": float(self.has_target),
            "target_from_place": float(self.target_from_place),
            "source_from_place": float(self.source_from_place),
            "source_has_country": float(self.source_has_country),
            "target_has_country": float(self.target_has_country),
            "intended": float(self.modality == "intended"),
            "hypothetical": float(self.modality == "hypothetical"),
            "negated": float(self.negated),
            "sentence_length": min(self.sentence_tokens, 60) / 60,
            "other_events_in_sentence": float(min(self.other_events_in_sentence, 3)) / 3,
        }


@dataclass
class ConfidenceModel:
    """Logistic regression over EventEvidence features: p = 1 / (1 + exp(-(bias + w . x)))."""
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    version: str = "untrained"
    fitted_on: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> ConfidenceModel:
        path = path or DEFAULT_PATH
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataFileError(f"cannot read confidence model {path}: {exc}") from exc
        unknown = set(data.get("weights", {})) - set(FEATURES)
        if unknown or "bias" not in data:
            raise DataFileError(f"{path}: confidence model needs 'bias' and weights for {FEATURES}; unknown {sorted(unknown)}")
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   str(data.get("version", "")), str(data.get("fitted_on", "")))

    def to_json(self) -> dict:
        return {"version": self.version, "fitted_on": self.fitted_on, "bias": round(self.bias, 6),
                "weights": {k: round(self.weights.get(k, 0.0), 6) for k in FEATURES}}

    def predict(self, evidence: EventEvidence) -> float:
        x = evidence.features()
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in x.items())
        return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3)
