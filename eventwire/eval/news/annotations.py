"""From an annotator's JSON (words and sentence numbers) to gold records (offsets and hashes).

Annotators read an article as numbered sentences and write what they see as words: the
trigger as written, the mention of each actor, the sentence each is in (docs/annotation-
guide.md, section 9). `resolve_article` finds those words in the text, so that the gold set
stores only offsets, codes and short hashes of the words (`span_sha`), never the words; any
word that cannot be found is reported with the event it belongs to, and the event is kept
out rather than guessed.

The sentence split here is the annotation view's, not the pipeline's: plain rules that never
change, so that sentence numbers in annotations stay valid whatever the parser does.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.eval.news.gold import GoldArticle
from eventwire.eval.news.sources import DEFAULT_SHARED, load_articles, span_sha, text_sha256
from eventwire.model import PLOVER_TYPES

MODALITIES = frozenset({"asserted", "intended", "attempted", "hypothetical", "counterfactual"})
SECTORS = frozenset(
    "GOV MIL COP SPY JUD LEG PTY OPP REB CVL REF MED BUS LAB EDU REL HLH HRI NGO IGO CRM ELI".split())
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COUNTRY_RE = re.compile(r"^[A-Z]{3}$")

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col sgt capt maj rep sen gov prof rev jr sr no vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m".split())
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: lines are split at newlines, then at sentence-final
    punctuation followed by a capitalised word, except after common abbreviations and initials."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            stop = line.start() + boundary.start() + 1
            word = re.search(r"(\S+)$", text[start:stop - 1])
            previous = (word.group(1) if word else "").lower().lstrip("\"'“‘(")
            if previous in _ABBREVIATIONS or re.fullmatch(r"[a-z]", previous):
                continue
            end = line.start() + boundary.end()
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    # Trim surrounding whitespace; drop empty pieces.
    out = []
    for s, e in spans:
        piece = text[s:e]
        s2, e2 = s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out


def annotation_view(article_id: str, text: str, published: str | None) -> str:
    """What an annotator reads: a header and the numbered sentences."""
    lines = [f"article: {article_id}", f"published: {published or 'unknown'}", ""]
    lines += [f"[S{i}] {text[s:e]}" for i, (s, e) in enumerate(split_sentences(text))]
    return "\n".join(lines) + "\n"


@dataclass
class Resolution:
    """The gold events of one annotated article, and what could not be resolved."""
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Unresolved(ValueError):
    pass


def _find(text: str, sentences: list[tuple[int, int]], sentence: Any, words: Any, context: Any = None) -> dict[str, Any]:
    if not isinstance(sentence, int) or not 0 <= sentence < len(sentences):
        raise _Unresolved(f"sentence {sentence!r} does not exist (0..{len(sentences) - 1})")
    if not isinstance(words, str) or not words.strip():
        raise _Unresolved(f"empty words in sentence {sentence}")
    words = words.strip()
    s, e = sentences[sentence]
    body = text[s:e]
    if context:
        at = body.find(context)
        if at < 0 or body.count(context) > 1 or context.find(words) < 0:
            raise _Unresolved(f"context {context!r} is not once in sentence {sentence} or lacks {words!r}")
        start = s + at + context.find(words)
    else:
        positions = [m.start() for m in re.finditer(re.escape(words), body)]
        if not positions:
            lowered = [m.start() for m in re.finditer(re.escape(words.lower()), body.lower())]
            if len(lowered) != 1:
                raise _Unresolved(f"{words!r} is not in sentence {sentence}")
            positions = lowered
        # Repeated words without a context: the first is taken (annotators are asked for a
        # context, but the first occurrence is almost always the one meant).
        start = s + positions[0]
    end = start + len(words)
    return {"start": start, "end": end, "sha": span_sha(text[start:end])}


def _actor(text: str, sentences: list[tuple[int, int]], default_sentence: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Unresolved(f"actor {raw!r} is not an object")
    country, sector = raw.get("country"), raw.get("sector")
    if country is not None and not (isinstance(country, str) and (COUNTRY_RE.match(country))):
        raise _Unresolved(f"country {country!r} is not a three-letter code")
    if sector is not None and sector not in SECTORS:
        raise _Unresolved(f"sector {sector!r} is not one of the guide's sectors")
    actor: dict[str, Any] = {"country": country, "sector": sector}
    if raw.get("org"):
        actor["org"] = str(raw["org"])
    if raw.get("text"):
        actor.update(_find(text, sentences, raw.get("sentence", default_sentence), raw["text"]))
    elif raw.get("implicit"):
        actor["implicit"] = True
    else:
        raise _Unresolved("actor without text is not marked implicit")
    return actor


def _actors(text: str, sentences: list[tuple[int, int]], sentence: int, raw: Any) -> list[dict[str, Any]]:
    if raw in (None, []):
        return []
    return [_actor(text, sentences, sentence, a) for a in (raw if isinstance(raw, list) else [raw])]


def resolve_event(text: str, sentences: list[tuple[int, int]], raw: dict[str, Any]) -> dict[str, Any]:
    """One annotated event as a gold event; _Unresolved names what is wrong."""
    etype = raw.get("type")
    if etype not in PLOVER_TYPES:
        raise _Unresolved(f"type {etype!r} is not a PLOVER type")
    modality = raw.get("modality") or "asserted"
    if modality not in MODALITIES:
        raise _Unresolved(f"modality {modality!r}")
    date = raw.get("date")
    if date is not None and not (isinstance(date, str) and DATE_RE.match(date)):
        raise _Unresolved(f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    sentence = raw.get("sentence")
    trigger = _find(text, sentences, sentence, raw.get("trigger"), raw.get("trigger_context"))
    mentions = [trigger]
    for m in raw.get("mentions") or []:
        found = _find(text, sentences, m.get("sentence", sentence), m.get("trigger"), m.get("trigger_context"))
        if found not in mentions:
            mentions.append(found)
    place = None
    if raw.get("place"):
        p = raw["place"]
        country = p.get("country")
        if country is not None and not COUNTRY_RE.match(str(country)):
            raise _Unresolved(f"place country {country!r}")
        place = {"country": country, **(_find(text, sentences, p.get("sentence", sentence), p.get("text"))
                                        if p.get("text") else {})}
    claimant = raw.get("attributed_to")
    return {
        "trigger": trigger,
        "mentions": mentions[1:],
        "type": etype,
        "mode": raw.get("mode") or None,
        "source": _actors(text, sentences, sentence, raw.get("source")),
        "target": _actors(text, sentences, sentence, raw.get("target")),
        "reciprocal": bool(raw.get("reciprocal")),
        "modality": modality,
        "negated": bool(raw.get("negated")),
        "attributed_to": _actor(text, sentences, sentence, claimant) if claimant else None,
        "date": date,
        "dated_by_text": bool(raw.get("date_text")),
        "background": bool(raw.get("background")),
        "place": place,
    }


def resolve_article(text: str, annotation: dict[str, Any]) -> Resolution:
    """Every event of one annotator's file, resolved; unresolvable events are listed, not kept."""
    sentences = split_sentences(text)
    result = Resolution()
    for number, raw in enumerate(annotation.get("events") or []):
        try:
            if not isinstance(raw, dict):
                raise _Unresolved("event is not an object")
            result.events.append(resolve_event(text, sentences, raw))
        except _Unresolved as exc:
            result.problems.append(f"event {number} ({raw.get('type') if isinstance(raw, dict) else '?'}"
                                   f" {raw.get('trigger') if isinstance(raw, dict) else ''!r}): {exc}")
    return result


def resolve_directory(directory: Path, shared: Path = DEFAULT_SHARED) -> tuple[list[GoldArticle], list[str]]:
    """Every annotation file (*.json) in a folder as a GoldArticle, and the problems found."""
    annotations = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]
    texts = load_articles([a["article"] for a in annotations], shared)
    articles, problems = [], []
    for annotation in annotations:
        source = texts[annotation["article"]]
        resolved = resolve_article(source.text, annotation)
        problems += [f"{annotation['article']}: {p}" for p in resolved.problems]
        articles.append(GoldArticle(annotation["article"], source.published, text_sha256(source.text), resolved.events))
    return articles, problems
