"""Agreement between two blind annotations of the same articles.

Events are matched with the rule the coder is scored by (match.py), using the annotation
view's sentences. Reported: event-detection F1 (all annotated mentions, and real events
only), and on matched pairs: type agreement with Cohen's kappa, source and target agreement
(a shared country + sector, and country only), modality, date.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from eventwire.eval.news.annotations import split_sentences
from eventwire.eval.news.gold import GoldArticle
from eventwire.eval.news.score import actors_agree, gold_keys, is_real, match_events, modality_of, narrowed


@dataclass
class Agreement:
    articles: int = 0
    a_events: int = 0
    b_events: int = 0
    matched: int = 0
    a_real: int = 0
    b_real: int = 0
    matched_real: int = 0
    type_pairs: list[tuple[str, str]] = field(default_factory=list)
    source: Counter = field(default_factory=Counter)  # "same", "same country", "judged"
    target: Counter = field(default_factory=Counter)
    modality_same: int = 0
    date_same: int = 0
    date_judged: int = 0
    per_article: list[tuple[str, int, int, int]] = field(default_factory=list)

    @staticmethod
    def _f1(matched: int, a: int, b: int) -> float:
        return 2 * matched / (a + b) if a + b else 1.0

    def detection_f1(self) -> float:
        return self._f1(self.matched, self.a_events, self.b_events)

    def real_detection_f1(self) -> float:
        return self._f1(self.matched_real, self.a_real, self.b_real)

    def type_kappa(self) -> float:
        return cohen_kappa(self.type_pairs)

    def lines(self) -> list[str]:
        n = len(self.type_pairs) or 1
        same_type = sum(a == b for a, b in self.type_pairs)
        judged = self.source["judged"] or 1
        return [
            f"articles {self.articles}; events A {self.a_events}, B {self.b_events}, matched {self.matched}",
            f"event detection F1 (all mentions)   {self.detection_f1():.3f}",
            f"event detection F1 (real events)    {self.real_detection_f1():.3f}  "
            f"(A {self.a_real}, B {self.b_real}, matched {self.matched_real})",
            f"type agreement on matched           {same_type / n:.3f}  kappa {self.type_kappa():.3f}  (n={len(self.type_pairs)})",
            f"source agreement on matched         {self.source['same'] / judged:.3f}  country only {self.source['country'] / judged:.3f}",
            f"target agreement on matched         {self.target['same'] / judged:.3f}  country only {self.target['country'] / judged:.3f}",
            f"modality agreement on matched       {self.modality_same / max(1, self.matched):.3f}",
            f"date agreement on matched           {self.date_same / max(1, self.date_judged):.3f}  (n={self.date_judged})",
        ]


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _symmetric(a: dict, b: dict, by_country: bool) -> tuple[bool, bool]:
    def keys(event: dict, *roles: str) -> set:
        return narrowed(set().union(*(gold_keys(event[role]) for role in roles)), by_country)

    if a.get("reciprocal") or b.get("reciprocal"):
        same = actors_agree(keys(a, "source", "target"), keys(b, "source", "target"))
        return same, same
    return (actors_agree(keys(a, "source"), keys(b, "source")), actors_agree(keys(a, "target"), keys(b, "target")))


def compare(a_articles: dict[str, GoldArticle], b_articles: dict[str, GoldArticle], texts: dict[str, str]) -> Agreement:
    """Agreement over the articles both annotated (texts by article id, for the sentence view)."""
    result = Agreement()
    for article_id in sorted(set(a_articles) & set(b_articles)):
        a, b = a_articles[article_id].events, b_articles[article_id].events
        pairs = match_events(a, b, split_sentences(texts[article_id]))
        result.articles += 1
        result.a_events += len(a)
        result.b_events += len(b)
        result.matched += len(pairs)
        result.a_real += sum(map(is_real, a))
        result.b_real += sum(map(is_real, b))
        result.per_article.append((article_id, len(a), len(b), len(pairs)))
        for pair in pairs:
            ea, eb = a[pair.gold], b[pair.predicted]
            result.matched_real += is_real(ea) and is_real(eb)
            result.type_pairs.append((ea["type"], eb["type"]))
            for by_country, name in ((False, "same"), (True, "country")):
                source_same, target_same = _symmetric(ea, eb, by_country)
                result.source[name] += source_same
                result.target[name] += target_same
            result.source["judged"] += 1
            result.modality_same += modality_of(ea) == modality_of(eb)
            if ea.get("date") or eb.get("date"):
                result.date_judged += 1
                result.date_same += ea.get("date") == eb.get("date")
    return result
