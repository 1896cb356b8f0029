"""Quotes stage, second half: give each found quotation its speaker, and mark the events
inside it as that speaker's claims (`attributed_to`)."""
from __future__ import annotations

from spacy.tokens import Doc

from eventwire.actors.resolve import ActorMentions
from eventwire.model import Actor, Event, Quote, Span
from eventwire.nlp import doc_text
from eventwire.quotes.finder import QuoteFinding

PERSON_PRONOUNS = {"he", "she", "him", "her"}
COLLECTIVE_PRONOUNS = {"it", "they"}


def build_quotes(doc: Doc, findings: list[QuoteFinding], mentions: ActorMentions,
                 flagged: list[tuple[int, int]] | None = None) -> list[Quote]:
    quotes: list[Quote] = []
    text = doc_text(doc)
    for finding in findings:
        start, end = finding.content
        if end <= start or any(s <= start < e for s, e in flagged or []):
            continue
        speaker = resolve_speaker(doc, text, finding, mentions)
        quotes.append(Quote(
            id=f"q{len(quotes) + 1}", speaker=speaker, kind=finding.kind,
            source=Span.of(text, *finding.source) if finding.source else None,
            cue=Span.of(text, *finding.cue) if finding.cue else None,
            content=Span.of(text, start, end),
        ))
    return quotes


def resolve_speaker(doc: Doc, text: str, finding: QuoteFinding, mentions: ActorMentions) -> str | None:
    """The actor named where the attribution is made; None when the text does not say."""
    if finding.source is None:
        return None
    if finding.source_root is not None and 0 <= finding.source_root < len(doc):
        ids = mentions.at(doc[finding.source_root])
        if ids:
            return ids[0]
    start, end = finding.source
    overlapping = [(m.end - m.start, a.id) for a in mentions.actors for m in a.mentions
                   if m.start < end and start < m.end]
    if overlapping:
        return max(overlapping)[1]
    words = text[start:end].strip().lower()
    if words in PERSON_PRONOUNS:
        return _latest_before(mentions.actors, start, lambda a: a.kind == "person")
    if words in COLLECTIVE_PRONOUNS:
        return _latest_before(mentions.actors, start, lambda a: a.kind != "person")
    return None


def _latest_before(actors: list[Actor], offset: int, wanted) -> str | None:
    best: tuple[int, str] | None = None
    for actor in actors:
        if not wanted(actor):
            continue
        for m in actor.mentions:
            if m.end <= offset and (best is None or m.end > best[0]):
                best = (m.end, actor.id)
    return best[1] if best else None


def attribute_events(events: list[Event], quotes: list[Quote]) -> None:
    """An event whose trigger sits inside quoted or reported speech is the speaker's claim."""
    for event in events:
        for quote in quotes:
            if quote.speaker and quote.content.start <= event.trigger.start < quote.content.end:
                event.attributed_to = quote.speaker
                break
