"""Places stage: which place names in an article are where, and where each event happened.

Place candidates are spaCy's GPE/LOC/FAC entities. Each is looked up in the offline
gazetteer with the countries of its sentence as hints, nearest first ("Anui province in
eastern China" -> Anhui, China), so that misspellings resolve only with context.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.lexicon import ActorLexicon
from eventwire.model import Place, Span
from eventwire.places.gazetteer import Gazetteer, GazetteerEntry

PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "to", "into"}
REGION_WORDS = {"province", "state", "region", "oblast", "governorate", "prefecture", "county", "district", "city"}


@dataclass
class PlaceMentions:
    places: list[Place] = field(default_factory=list)
    by_token: dict[int, str] = field(default_factory=dict)

    def place_for(self, token: Token) -> str | None:
        """The place of an event word: a locative phrase hanging on it ("talks ... in Anhui")."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.i in self.by_token:
                        return self.by_token[obj.i]
        return None


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, lexicon: ActorLexicon) -> None:
        self.gazetteer, self.lexicon = gazetteer, lexicon

    def __call__(self, doc: Doc, skip_sentences: set[int] | None = None) -> PlaceMentions:
        result = PlaceMentions()
        keys: dict[tuple[str, str | None, str], str] = {}
        skipped = {s.start for i, s in enumerate(doc.sents) if skip_sentences and i in skip_sentences}
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS or ent.sent.start in skipped:
                continue
            entry = self._resolve(ent)
            if entry is None:
                continue
            key = (entry.name, entry.admin1, entry.country)
            if key not in keys:
                keys[key] = f"p{len(keys) + 1}"
                result.places.append(Place(keys[key], entry.name, entry.country, entry.admin1, entry.lat, entry.lon,
                                           entry.feature, []))
            place = next(p for p in result.places if p.id == keys[key])
            mention = Span.of(doc.text, ent.start_char, ent.end_char)
            if mention not in place.mentions:
                place.mentions.append(mention)
            for token in ent:
                result.by_token[token.i] = place.id
        return result

    def _resolve(self, ent: SpacySpan) -> GazetteerEntry | None:
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        is_region = any(t.lower_ in REGION_WORDS for t in ent)
        for hint in self._country_hints(ent):
            entry = self.gazetteer.resolve(name, country=hint, feature="admin1" if is_region else None)
            if entry is not None:
                return entry
        return self.gazetteer.resolve(name, fuzzy=False)

    def _country_hints(self, ent: SpacySpan) -> list[str]:
        """Countries named in the sentence, nearest to the place first."""
        hints: list[tuple[int, str]] = []
        for token in ent.sent:
            if ent.start <= token.i < ent.end:
                continue
            country = self._country_of(token)
            if country:
                distance = min(abs(token.i - ent.start), abs(token.i - ent.end))
                hints.append((distance, country))
        seen: list[str] = []
        for _, country in sorted(hints):
            if country not in seen:
                seen.append(country)
        return seen

    def _country_of(self, token: Token) -> str | None:
        if not token.text[:1].isupper():
            return None
        for entry in self.lexicon.lookup(token.text):
            if entry.kind in ("country", "government") and entry.country:
                return entry.country
        return self.lexicon.country_of_adjective(token.text)
