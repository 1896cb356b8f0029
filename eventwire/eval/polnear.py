"""Score quote/attribution extraction against a PolNeAR split (BRAT standoff annotation).

This reimplements ../shared/tools/score_polnear.py (the official judge) in-process, so that
`eventwire eval quotes` prints the judge's numbers. The rules are the judge's, kept verbatim:
  - gold is the first annotator's .ann file per article (sorted name order), and only
    relations (E lines) with a Content span; a discontinuous span counts from its first
    start to its last end;
  - articles are coded with raw=True, so offsets index the file text unchanged;
  - spans "overlap" when they share at least half of the shorter span (in characters);
  - content P/R/F1: a predicted content overlaps a gold content; attribution additionally
    needs the predicted source to overlap the gold source, where gold has a source.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.eval.coding import code_records, prf
from eventwire.pipeline import Pipeline

Span = tuple[int, int]
Relation = tuple[Span, Span | None]  # (content, source or None)


def parse_ann(text: str) -> list[Relation]:
    """Attribution relations from the text of one BRAT .ann file."""
    spans: dict[str, tuple[str, int, int]] = {}
    rels: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, *offs = parts[1].split(" ")
            try:
                # "Label 10 20", or discontinuous "Label 10 15;17 20": either way the first
                # and last numbers, so a discontinuous span is taken whole (as the judge does).
                spans[parts[0]] = (label, int(offs[0]), int(offs[-1]))
            except (ValueError, IndexError):
                continue
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(dict(kv.split(":", 1) for kv in parts[1].split(" ") if ":" in kv))
    out: list[Relation] = []
    for r in rels:
        if "Content" not in r or r["Content"] not in spans:
            continue
        content = spans[r["Content"]][1:]
        source = spans[r["Source"]][1:] if r.get("Source") in spans else None
        out.append((content, source))
    return out


def overlaps(a: Span | None, b: Span | None) -> bool:
    """At least half of the shorter span is shared; empty or missing spans never overlap."""
    if not a or not b:
        return False
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter >= shorter / 2


def span_of(span: dict[str, Any] | None, text: str) -> Span | None:
    """(start, end) in `text`; re-located by its string when the offsets do not index `text`."""
    if not span:
        return None
    s, e = span.get("start"), span.get("end")
    if s is not None and e is not None and text[s:e] == span.get("text", text[s:e]):
        return (s, e)
    t = span.get("text") or ""
    pos = text.find(t) if t else -1
    return (pos, pos + len(t)) if pos >= 0 else None


def load_split(root: Path, limit: int = 0) -> tuple[dict[str, list[Relation]], dict[str, str]]:
    """Gold relations and texts by article stem; articles without annotation are left out."""
    articles = sorted((root / "text").glob("*.txt"))
    if limit:
        articles = articles[:limit]
    gold: dict[str, list[Relation]] = {}
    texts: dict[str, str] = {}
    for t in articles:
        anns = sorted((root / "attributions").glob(t.stem + "_*.ann"))
        if anns:
            texts[t.stem] = t.read_text(encoding="utf-8")
            gold[t.stem] = parse_ann(anns[0].read_text(encoding="utf-8"))
    return gold, texts


@dataclass
class PolnearScore:
    articles: int = 0
    documents: int = 0
    n_gold: int = 0
    n_pred: int = 0
    content_hit_gold: int = 0
    content_hit_pred: int = 0
    attr_hit_gold: int = 0
    attr_hit_pred: int = 0

    def content_prf(self) -> tuple[float, float, float]:
        return prf(self.content_hit_pred, self.n_pred, self.content_hit_gold, self.n_gold)

    def attribution_prf(self) -> tuple[float, float, float]:
        return prf(self.attr_hit_pred, self.n_pred, self.attr_hit_gold, self.n_gold)

    def summary_line(self) -> str:
        """The judge's last line, character for character."""
        cp, cr, cf = self.content_prf()
        ap, ar, af = self.attribution_prf()
        return f"content P {cp:.3f} R {cr:.3f} F1 {cf:.3f}  attribution P {ap:.3f} R {ar:.3f} F1 {af:.3f}"

    def report_lines(self) -> list[str]:
        return [f"articles {self.articles}  gold attributions {self.n_gold}  predicted quotes {self.n_pred}  "
                f"documents returned {self.documents}", self.summary_line()]


def score(gold: dict[str, list[Relation]], texts: dict[str, str], docs: dict[str, dict[str, Any]]) -> PolnearScore:
    """Score documents (JSON-shaped, keyed by article stem) against gold relations."""
    s = PolnearScore(articles=len(gold), documents=len(docs))
    for k, rels in gold.items():
        text = texts[k]
        preds: list[Relation] = []
        for q in docs.get(k, {}).get("quotes", []):
            c = span_of(q.get("content"), text)
            if c:
                preds.append((c, span_of(q.get("source"), text)))
        s.n_gold += len(rels)
        s.n_pred += len(preds)
        for gc, gs in rels:
            m = [p for p in preds if overlaps(p[0], gc)]
            s.content_hit_gold += bool(m)
            s.attr_hit_gold += any(gs is None or overlaps(p[1], gs) for p in m)
        for pc, ps in preds:
            mg = [g for g in rels if overlaps(pc, g[0])]
            s.content_hit_pred += bool(mg)
            s.attr_hit_pred += any(g[1] is None or overlaps(ps, g[1]) for g in mg)
    return s


def evaluate(pipeline: Pipeline, split_dir: Path, limit: int = 0) -> PolnearScore:
    """Load, code (raw, as `code --raw --jsonl` would) and score a PolNeAR split directory."""
    gold, texts = load_split(split_dir, limit)
    docs = code_records(pipeline, ({"id": k, "text": v} for k, v in texts.items()), raw=True)
    return score(gold, texts, docs)
