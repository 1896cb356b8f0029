"""Score documents (the JSON contract) against the real-news gold set.

What counts (docs/annotation-guide.md decides the gold; BENCHMARKS.md reports the numbers):
  - A *real* event is one the text presents as having happened: modality asserted or
    attempted, not negated. Gold also records non-realised mentions (hypothetical,
    intended, counterfactual, negated) so that a coder asserting them can be caught.
  - Detection, type, source, target, dyad, full tuple and date are scored over real events:
    precision over the coder's real events, recall over gold real events; a coder's real
    event matched to a gold non-realised mention is a false positive, a gold real event
    matched only by a coder's non-realised one is missed.
  - Source / target are right when they share an actor (country + sector) with gold: an
    unknown gold doer is matched by no doer or an unknown one; no gold target is matched
    only by no target; for reciprocal gold events (all parties as sources) the coder may
    split the parties between source and target. `country` variants ignore the sector.
  - Date: a gold date from the text must be the predicted date's prefix at gold's precision;
    an undated foreground event accepts no date or the publication date; an undated
    background event accepts no date or a `background` flag; vague or unresolvable text
    dates are not scored.
  - Modality (with negation) is scored over all matched mentions, realised or not.
  - Calibration: each real predicted event is right when it matches a gold real event of
    its type; confidence is binned against that.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventwire.eval.coding import prf
from eventwire.eval.news.gold import GoldArticle
from eventwire.eval.news.match import Mentioned, Pair, match, sentence_lookup

Doc = dict[str, Any]
Key = tuple[str | None, str | None]

REAL_MODALITIES = frozenset({"asserted", "attempted"})
# CAMEO agent codes the guide folds into one: every non-state armed group is REB.
SECTOR_ALIASES = {"INS": "REB", "UAF": "REB", "SEP": "REB"}
FIELDS = ("detection", "type", "source", "target", "dyad", "tuple", "source country", "target country", "date")


def is_real(event: dict[str, Any]) -> bool:
    return event.get("modality", "asserted") in REAL_MODALITIES and not event.get("negated")


def _key(country: str | None, sector: str | None) -> Key:
    return country, SECTOR_ALIASES.get(sector or "", sector)


def gold_keys(actors: list[dict[str, Any]]) -> set[Key]:
    return {_key(a.get("country"), a.get("sector")) for a in actors}


def predicted_keys(doc: Doc, ids: list[str] | None) -> set[Key]:
    by_id = {a["id"]: a for a in doc.get("actors", [])}
    return {_key((by_id.get(i) or {}).get("country"), (by_id.get(i) or {}).get("sector")) for i in ids or []}


UNKNOWN: Key = (None, None)


def narrowed(keys: set[Key], by_country: bool) -> set[Key]:
    """The keys as they are, or with the sector dropped (country-only judgements)."""
    return {(c, None) for c, _ in keys} if by_country else keys


def actors_agree(gold: set[Key], predicted: set[Key]) -> bool:
    """A shared actor; an unknown or absent gold actor wants none (or an unknown one) back."""
    if gold <= {UNKNOWN}:
        return predicted <= {UNKNOWN}
    return bool(gold & predicted)


def dyad_judgement(gold_event: dict[str, Any], doc: Doc, event: dict[str, Any], by_country: bool) -> tuple[bool, bool]:
    """(source right, target right) of a predicted event against a gold event."""
    g_source, g_target = (narrowed(gold_keys(gold_event[role]), by_country) for role in ("source", "target"))
    p_source, p_target = (narrowed(predicted_keys(doc, event.get(role)), by_country) for role in ("source", "target"))
    if gold_event.get("reciprocal"):
        parties = g_source | g_target
        return actors_agree(parties, p_source), p_target <= parties
    return actors_agree(g_source, p_source), actors_agree(g_target, p_target)


def date_judgement(gold_event: dict[str, Any], event: dict[str, Any], published: str | None) -> bool | None:
    """Right, wrong, or None when gold gives no date that can be scored (vague or unresolved)."""
    predicted = event.get("date")
    if gold_event.get("date"):
        return bool(predicted) and str(predicted).startswith(gold_event["date"])
    if gold_event.get("dated_by_text"):
        return None
    if gold_event.get("background"):
        return predicted is None or bool(event.get("background"))
    return predicted is None or predicted == published


def modality_of(event: dict[str, Any]) -> str:
    return f"{event.get('modality', 'asserted')}{'+negated' if event.get('negated') else ''}"


@dataclass
class Counts:
    """One row of P/R/F1: events right on this field, the coder's events, gold events."""
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        return prf(self.correct, self.predicted, self.correct, self.gold)

    def add(self, other: Counts) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold


@dataclass
class Judged:
    """One predicted real event, for calibration: its confidence and whether it was right."""
    confidence: float
    correct: bool


@dataclass
class NewsScore:
    articles: int = 0
    documents: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    modality: Counts = field(default_factory=Counts)
    matched_by_tier: Counter = field(default_factory=Counter)
    per_source: dict[str, dict[str, Counts]] = field(default_factory=lambda: defaultdict(lambda: {f: Counts() for f in FIELDS}))
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    confusion: Counter = field(default_factory=Counter)  # (gold type, predicted type) on matched real pairs
    modality_confusion: Counter = field(default_factory=Counter)
    judged: list[Judged] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def mention_spans(event: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """(start, end) of an event's trigger and every other mention, gold or predicted."""
    spans = [event["trigger"], *event.get("mentions", [])]
    return tuple((int(s["start"]), int(s["end"])) for s in spans if s)


def _type(event: dict[str, Any]) -> str:
    return (event.get("plover") or {}).get("type") or event.get("type") or "?"


def match_events(gold: list[dict[str, Any]], predicted: list[dict[str, Any]],
                 sentences: list[tuple[int, int]]) -> list[Pair]:
    """Pairs of gold and predicted events (either may be gold-shaped or document-shaped), by
    the one matching rule the scorer, the agreement figures and the adjudicators' view share."""
    return match([Mentioned(mention_spans(g), _type(g)) for g in gold],
                 [Mentioned(mention_spans(p), _type(p)) for p in predicted], sentence_lookup(sentences))


def _sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    spans = [(s["start"], s["end"]) for s in doc.get("sentences", [])]
    return spans or [(0, len(text))]


def score_article(gold: GoldArticle, doc: Doc, score: NewsScore) -> None:
    """Add one article's judgements to `score`."""
    corpus = gold.id.split("/", 1)[0]
    predicted = doc.get("events", [])
    pairs = match_events(gold.events, predicted, _sentence_spans(doc, gold.text))
    by_gold = {p.gold: p for p in pairs}
    by_pred = {p.predicted: p for p in pairs}
    rows = (score.fields, score.per_source[corpus])

    for fields in rows:
        for name in FIELDS:
            fields[name].gold += sum(is_real(g) for g in gold.events if name != "date" or _date_scored(g))
            fields[name].predicted += sum(is_real(p) for p in predicted)
    score.modality.gold += len(gold.events)
    score.modality.predicted += len(predicted)
    for g in gold.events:
        if is_real(g):
            score.per_type[g["type"]].gold += 1
    for p in predicted:
        if is_real(p):
            score.per_type[_type(p)].predicted += 1

    for pair in pairs:
        g, p = gold.events[pair.gold], predicted[pair.predicted]
        score.matched_by_tier[pair.tier] += 1
        modality_ok = modality_of(g) == modality_of(p)
        score.modality.correct += modality_ok
        score.modality_confusion[modality_of(g), modality_of(p)] += 1
        if not (is_real(g) and is_real(p)):
            continue
        type_ok = g["type"] == _type(p)
        source_ok, target_ok = dyad_judgement(g, doc, p, by_country=False)
        source_c, target_c = dyad_judgement(g, doc, p, by_country=True)
        date_ok = date_judgement(g, p, gold.published)
        right = {"detection": True, "type": type_ok, "source": source_ok, "target": target_ok,
                 "dyad": source_ok and target_ok, "tuple": type_ok and source_ok and target_ok,
                 "source country": source_c, "target country": target_c, "date": bool(date_ok)}
        for fields in rows:
            for name, ok in right.items():
                fields[name].correct += ok
        if date_ok is None:  # not scored: neither side of the date row counts this pair
            for fields in rows:
                fields["date"].predicted -= 1
        score.per_type[g["type"]].correct += type_ok
        score.confusion[g["type"], _type(p)] += 1
        if not right["tuple"] or date_ok is False:
            score.misses.append(_wrong_line(gold, g, p, doc, right, date_ok))

    for gi, g in enumerate(gold.events):
        if is_real(g) and (gi not in by_gold or not is_real(predicted[by_gold[gi].predicted])):
            score.confusion[g["type"], "(missed)"] += 1
            score.misses.append(f"{gold.id}: MISSED {g['type']} {_where(gold.text, g['trigger'])}")
    for pi, p in enumerate(predicted):
        if not is_real(p):
            continue
        pair = by_pred.get(pi)
        right = pair is not None and is_real(gold.events[pair.gold]) and gold.events[pair.gold]["type"] == _type(p)
        score.judged.append(Judged(float(p.get("confidence", 0.5)), right))
        if pair is None or not is_real(gold.events[pair.gold]):
            score.confusion["(spurious)", _type(p)] += 1
            why = "not an event in gold" if pair is None else f"gold: {modality_of(gold.events[pair.gold])}"
            score.misses.append(f"{gold.id}: SPURIOUS {_type(p)} {_where(gold.text, p['trigger'])} ({why})")


def _date_scored(gold_event: dict[str, Any]) -> bool:
    """Whether the gold event's date can be scored at all (date_judgement's None case)."""
    return date_judgement(gold_event, {}, None) is not None


def _where(text: str, span: dict[str, Any]) -> str:
    start, end = int(span["start"]), int(span["end"])
    return f"[{start}:{end}] {text[start:end]!r}"


def _wrong_line(gold: GoldArticle, g: dict[str, Any], p: dict[str, Any], doc: Doc, right: dict[str, bool],
                date_ok: bool | None) -> str:
    wrong = [name for name in ("type", "source", "target") if not right[name]] + (["date"] if date_ok is False else [])
    detail = (f"gold {g['type']} {sorted(gold_keys(g['source']), key=str)}->{sorted(gold_keys(g['target']), key=str)} "
              f"{g.get('date')}; got {_type(p)} {sorted(predicted_keys(doc, p.get('source')), key=str)}->"
              f"{sorted(predicted_keys(doc, p.get('target')), key=str)} {p.get('date')}")
    return f"{gold.id}: WRONG {','.join(wrong)} {_where(gold.text, g['trigger'])}: {detail}"


def right_events(gold: GoldArticle, doc: Doc) -> set[str]:
    """Ids of the predicted events that are right, as calibration counts it: matched to a gold
    event of the same type, and realised exactly when the gold event is."""
    predicted = doc.get("events", [])
    pairs = match_events(gold.events, predicted, _sentence_spans(doc, gold.text))
    return {predicted[pair.predicted]["id"] for pair in pairs
            if gold.events[pair.gold]["type"] == _type(predicted[pair.predicted])
            and is_real(gold.events[pair.gold]) == is_real(predicted[pair.predicted])}


def score_documents(gold: Iterable[GoldArticle], docs: dict[str, Doc]) -> NewsScore:
    score = NewsScore()
    for article in gold:
        score.articles += 1
        doc = docs.get(article.id)
        if doc is None:
            doc = {"events": [], "actors": [], "sentences": []}
        else:
            score.documents += 1
        score_article(article, doc, score)
    return score
