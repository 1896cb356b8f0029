"""Score event coding against a PLOVER gold-standard record file (plover_gsr_dev.json).

This reimplements ../shared/tools/score_gsr.py (the official judge) in-process, so that
`eventwire eval events` prints the judge's numbers without a subprocess, plus per-type
precision/recall/F1 and a listing of misses. The rules are the judge's, kept verbatim:
  - records need an `event` and a `text`; repeated ids get `#2`, `#3` suffixes;
  - old PLOVER labels map to new ones (OLD_TO_NEW), old CAMEO country codes to ISO;
  - type P = predicted events of the gold type / all predicted events; type R = sentences
    where some event has the gold type; dyad recall = such an event whose sources share a
    country with gold sources and (if gold names a target) whose targets share one too;
  - source-sector accuracy over dyad matches whose gold source names a sector.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.eval.coding import code_records, prf
from eventwire.pipeline import Pipeline

# The gold file uses an older PLOVER label set and some pre-ISO CAMEO country codes.
OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GER": "DEU", "UK": "GBR"}

Doc = dict[str, Any]


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Scorable records with unique ids (the gold files repeat a few ids)."""
    records = [dict(r) for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") and r.get("text")]
    seen: Counter[str] = Counter()
    for r in records:
        seen[r["id"]] += 1
        if seen[r["id"]] > 1:
            r["id"] = f"{r['id']}#{seen[r['id']]}"
    return records


def _actors(field_value: Any) -> list[dict[str, Any]]:
    # Gold gives one actor as a dict, several as a list, none as "" or a note string.
    if not field_value or isinstance(field_value, str):
        return []
    return field_value if isinstance(field_value, list) else [field_value]


def gold_countries(field_value: Any) -> set[str]:
    return {CAMEO_TO_ISO.get(a.get("code"), a.get("code")) for a in _actors(field_value) if a.get("code")}


def predicted_countries(doc: Doc, ids: list[str] | None) -> set[str]:
    """Countries of the given actors; IGO/NGO actors also count as 'IGO'/'NGO', as gold codes them."""
    by_id = {a["id"]: a for a in doc.get("actors", [])}
    out: set[str | None] = set()
    for i in ids or []:
        a = by_id.get(i) or {}
        out.add(a.get("country"))
        code = a.get("code") or ""
        if code.startswith(("IGO", "NGO")):
            out.add(code[:3])
    out.discard(None)
    return out  # type: ignore[return-value]


def predicted_sectors(doc: Doc, ids: list[str] | None) -> set[str | None]:
    by_id = {a["id"]: a for a in doc.get("actors", [])}
    return {(by_id.get(i) or {}).get("sector") for i in ids or []}


def _type(event: dict[str, Any]) -> str | None:
    return (event.get("plover") or {}).get("type")


@dataclass
class TypeCounts:
    gold: int = 0        # gold sentences of this type
    found: int = 0       # ... where some predicted event had this type
    predicted: int = 0   # predicted events of this type, anywhere
    correct: int = 0     # ... in sentences whose gold type it is (per-type precision)

    def prf(self) -> tuple[float, float, float]:
        return prf(self.correct, self.predicted, self.found, self.gold)


@dataclass
class GsrScore:
    sentences: int = 0
    documents: int = 0
    predicted: int = 0
    predicted_ok: int = 0
    type_found: int = 0
    dyad: int = 0
    sector_total: int = 0
    sector_ok: int = 0
    # Insertion order matters: the table sorts stably by gold count, as the judge's does.
    per_type: dict[str | None, TypeCounts] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def type_prf(self) -> tuple[float, float, float]:
        return prf(self.predicted_ok, self.predicted, self.type_found, self.sentences)

    def summary_line(self) -> str:
        """The judge's last line, character for character."""
        p, r, f1 = self.type_prf()
        dyad = self.dyad / self.sentences if self.sentences else 0
        return f"type P {p:.3f} R {r:.3f} F1 {f1:.3f}  dyad recall {dyad:.3f}"

    def report_lines(self, show_misses: bool = False) -> list[str]:
        """The judge's report, with per-type P/R/F1 columns added to its table."""
        lines = [f"{'type':12} {'gold':>5} {'found':>6} {'predicted':>10} {'P':>6} {'R':>6} {'F1':>6}"]
        for t, c in sorted(self.per_type.items(), key=lambda kv: -kv[1].gold):
            p, r, f1 = c.prf()
            lines.append(f"{str(t):12} {c.gold:5d} {c.found:6d} {c.predicted:10d} {p:6.3f} {r:6.3f} {f1:6.3f}")
        if show_misses:
            lines += self.misses
        if self.documents < self.sentences:
            lines.append(f"warning: {self.sentences - self.documents} of {self.sentences} sentences "
                         "came back without a document")
        lines.append(f"sentences {self.sentences}  events predicted {self.predicted}  source-sector accuracy "
                     f"{self.sector_ok}/{self.sector_total}")
        lines.append(self.summary_line())
        return lines


def score(records: list[dict[str, Any]], docs: dict[str, Doc]) -> GsrScore:
    """Score documents (JSON-shaped, keyed by article id) against gold records."""
    s = GsrScore(sentences=len(records), documents=len(docs))
    for r in records:
        gold_type = OLD_TO_NEW.get(r["event"], r["event"])
        doc = docs.get(r["id"], {})
        events = doc.get("events", [])
        s.per_type.setdefault(gold_type, TypeCounts()).gold += 1
        s.predicted += len(events)
        typed = [e for e in events if _type(e) == gold_type]
        for e in events:
            s.per_type.setdefault(_type(e), TypeCounts()).predicted += 1
        s.predicted_ok += len(typed)
        s.per_type[gold_type].correct += len(typed)
        if typed:
            s.type_found += 1
            s.per_type[gold_type].found += 1
        gs, gt = gold_countries(r.get("source")), gold_countries(r.get("target"))
        dyad = [e for e in typed
                if predicted_countries(doc, e.get("source")) & gs
                and (not gt or predicted_countries(doc, e.get("target")) & gt)]
        if dyad:
            s.dyad += 1
            gold_sectors = {a.get("sector") for a in _actors(r.get("source")) if a.get("sector")}
            if gold_sectors:
                s.sector_total += 1
                found = set().union(*(predicted_sectors(doc, e.get("source")) for e in dyad))
                s.sector_ok += bool(gold_sectors & found)
        else:
            got = [(_type(e), sorted(predicted_countries(doc, e.get("source"))),
                    sorted(predicted_countries(doc, e.get("target")))) for e in events]
            s.misses.append(f"{r['id']}: gold {gold_type} {sorted(gs)}->{sorted(gt)}; got {got}\n    {r['text']}")
    return s


def evaluate(pipeline: Pipeline, gold_path: Path) -> GsrScore:
    """Load, code (as `code --jsonl` would, with the judge's payload) and score a gold file."""
    records = load_gold(gold_path)
    payload = [{"id": r["id"], "text": r["text"], "published": r.get("date")} for r in records]
    return score(records, code_records(pipeline, payload))
