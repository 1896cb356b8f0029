"""Fit and check event confidence (eventwire/events/confidence.py) against labelled sentences.

An event counts as correct when its PLOVER type is the expected one and its dyad matches
(source country shared with the expected source and, where one is expected, target country
shared with the expected target) -- the PLOVER judge's rules, applied per event. The model
is fitted on sentences that are NOT the PLOVER dev set: our own regression set and, when
../shared has it, the UniversalPetrarch GSR validation records; its reliability is then
reported on the PLOVER dev set, which it never saw.

    eventwire eval calibrate            # refit, write eventwire/data/events/confidence.json
    eventwire eval reliability GOLD     # reliability table (bins, precision, ECE) on a gold file
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from eventwire.eval import gsr
from eventwire.eval.coding import code_records
from eventwire.events.confidence import FEATURES, ConfidenceModel, EventEvidence
from eventwire.events.ontology import Ontology
from eventwire.pipeline import Pipeline

Doc = dict[str, Any]
Judge = Callable[[dict[str, Any], Doc], bool]  # (event, document) -> correct?


@dataclass
class Labelled:
    evidence: EventEvidence
    confidence: float
    correct: bool


class _RecordingModel(ConfidenceModel):
    """Scores as the wrapped model does and keeps each event's evidence, in coding order."""

    def __init__(self, base: ConfidenceModel) -> None:
        super().__init__(base.weights, base.bias, base.version, base.fitted_on)
        self.base = base
        self.seen: list[EventEvidence] = []

    def predict(self, evidence: EventEvidence) -> float:
        self.seen.append(evidence)
        return self.base.predict(evidence)


def label_events(pipeline: Pipeline, records: list[dict[str, Any]], judge_for: Callable[[dict[str, Any]], Judge],
                 *, raw: bool = False) -> list[Labelled]:
    """Code records (as `code --jsonl` would; `raw` as `--raw`) and label every predicted event correct or not."""
    base = pipeline.events.confidence
    recorder = _RecordingModel(base)
    pipeline.events.confidence = recorder
    try:
        docs = code_records(pipeline, [{"id": r["id"], "text": r["text"], "published": r.get("date")} for r in records],
                            raw=raw)
    finally:
        pipeline.events.confidence = base
    by_id = {r["id"]: r for r in records}
    out: list[Labelled] = []
    evidence = iter(recorder.seen)
    for doc_id, doc in docs.items():  # insertion order is coding order, as the recorder saw it
        judge = judge_for(by_id[doc_id])
        for event in doc.get("events", []):
            out.append(Labelled(next(evidence), float(event["confidence"]), judge(event, doc)))
    if next(evidence, None) is not None:
        raise RuntimeError("events and recorded evidence out of step: did a stage after the coder drop events?")
    return out


def plover_judge(record: dict[str, Any]) -> Judge:
    """Correct = the gold type and the gold dyad (the PLOVER judge's rules, per event)."""
    gold_type = gsr.OLD_TO_NEW.get(record["event"], record["event"])
    sources, targets = gsr.gold_countries(record.get("source")), gsr.gold_countries(record.get("target"))

    def judge(event: dict[str, Any], doc: Doc) -> bool:
        return (event["plover"]["type"] == gold_type and bool(gsr.predicted_countries(doc, event.get("source")) & sources)
                and (not targets or bool(gsr.predicted_countries(doc, event.get("target")) & targets)))
    return judge


# -- UniversalPetrarch GSR validation records (XML; read from ../shared, never copied) ------
_RECORD = re.compile(r'<Sentence [^>]*id="([^"]+)"[^>]*/>(.*?)<Text>\s*(.*?)\s*</Text>', re.S)
_CODING = re.compile(r'<EventCoding ([^>]*)/>')
_ATTR = re.compile(r'(\w+)="([^"]*)"')


# -- the real-news gold set (offsets into texts read from ../shared) -----------------------
def news_records(split: str, shared: Path) -> list[dict[str, Any]]:
    """A real-news gold split as records for label_events (code them with raw=True)."""
    from eventwire.eval.news.gold import load_split, with_texts

    return [{"id": a.id, "text": a.text, "date": a.published, "gold": a} for a in with_texts(load_split(split), shared)]


def news_judge(record: dict[str, Any]) -> Judge:
    """Right = matched to a gold event of the same type, realised exactly when gold's is."""
    from eventwire.eval.news.score import right_events

    cache: dict[int, set[str]] = {}

    def judge(event: dict[str, Any], doc: Doc) -> bool:
        right = cache.setdefault(id(doc), right_events(record["gold"], doc))
        return event["id"] in right
    return judge


def petrarch_records(path: Path) -> list[dict[str, Any]]:
    out = []
    for sid, codings, text in _RECORD.findall(path.read_text(encoding="utf-8")):
        events = [dict(_ATTR.findall(c)) for c in _CODING.findall(codings)]
        out.append({"id": f"petr/{sid}", "text": " ".join(text.split()),
                    "events": [e for e in events if "eventcode" in e]})
    return out


def petrarch_judge(ontology: Ontology) -> Callable[[dict[str, Any]], Judge]:
    """Correct = some expected event has the same PLOVER type and a source of the same country
    (the records give CAMEO codes and no targets we can compare)."""
    def judge_for(record: dict[str, Any]) -> Judge:
        expected = []
        for e in record["events"]:
            code = e["eventcode"]
            code = next((c for c in (code, code[:3], code[:2]) if ontology.is_valid(c)), None)
            if code:
                expected.append((ontology.cameo(code).plover_type, e.get("sourcecode", "")[:3]))

        def judge(event: dict[str, Any], doc: Doc) -> bool:
            actors = {a["id"]: a for a in doc.get("actors", [])}
            sources = [actors.get(a) or {} for a in event.get("source", [])]
            return any(event["plover"]["type"] == kind and any(
                s.get("country") == country or (s.get("code") or "").startswith(country) for s in sources)
                for kind, country in expected if country)
        return judge
    return judge_for


# -- fitting and checking -----------------------------------------------------------------
def design_matrix(labelled: list[Labelled]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[item.evidence.features()[f] for f in FEATURES] for item in labelled], dtype=float)
    y = np.array([item.correct for item in labelled], dtype=float)
    return x, y


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    penalty = np.eye(d + 1) * l2
    penalty[d, d] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        gradient = xb.T @ (p - y) + penalty @ w
        hessian = xb.T @ (xb * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(d + 1)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:d], float(w[d])


def fit(labelled: list[Labelled], l2: float = 1.0, version: str = "v1", fitted_on: str = "") -> ConfidenceModel:
    if len({item.correct for item in labelled}) < 2:
        raise ValueError("need both correct and incorrect events to fit confidence")
    weights, bias = fit_logistic(*design_matrix(labelled), l2=l2)
    return ConfidenceModel(dict(zip(FEATURES, map(float, weights))), bias, version, fitted_on)


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_confidence: float
    precision: float


def reliability(confidences: list[float], correct: list[bool], bins: int = 5) -> tuple[list[ReliabilityBin], float]:
    """Equal-width confidence bins with observed precision, and the expected calibration error
    (count-weighted mean |precision - mean confidence|)."""
    rows, ece, n = [], 0.0, len(confidences)
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in zip(confidences, correct) if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not inside:
            rows.append(ReliabilityBin(low, high, 0, 0.0, 0.0))
            continue
        mean_c = sum(c for c, _ in inside) / len(inside)
        precision = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / n * abs(precision - mean_c)
        rows.append(ReliabilityBin(low, high, len(inside), mean_c, precision))
    return rows, ece


class Judgement(Protocol):
    confidence: float
    correct: bool


def reliability_lines(labelled: Sequence[Judgement]) -> list[str]:
    rows, ece = reliability([i.confidence for i in labelled], [i.correct for i in labelled])
    lines = ["confidence     events  mean conf  precision"]
    for r in rows:
        shown = f"{r.mean_confidence:9.3f}  {r.precision:9.3f}" if r.count else f"{'-':>9}  {'-':>9}"
        lines.append(f"[{r.low:.1f}, {r.high:.1f}{']' if r.high == 1.0 else ')'}  {r.count:6d}  {shown}")
    total = len(labelled)
    accuracy = sum(i.correct for i in labelled) / total if total else 0.0
    mean_c = sum(i.confidence for i in labelled) / total if total else 0.0
    brier = sum((i.confidence - i.correct) ** 2 for i in labelled) / total if total else 0.0
    auc = ranking_auc([i.confidence for i in labelled], [i.correct for i in labelled])
    lines.append(f"events {total}  correct {accuracy:.3f}  mean confidence {mean_c:.3f}  ECE {ece:.3f}  "
                 f"Brier {brier:.3f}  AUC {auc:.3f}")
    return lines


def ranking_auc(confidences: list[float], correct: list[bool]) -> float:
    """Probability that a correct event outranks an incorrect one (ties count half): whether
    confidence separates right from wrong at all, which ECE alone does not show."""
    right = [c for c, ok in zip(confidences, correct) if ok]
    wrong = [c for c, ok in zip(confidences, correct) if not ok]
    if not right or not wrong:
        return 0.5
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))
