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
NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "EVENT",
                    "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "QUANTITY"}
MIN_UNTAGGED_POPULATION = 50_000  # a name the tagger missed must be a sizeable place to count
LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "to", "into"}
REGION_WORDS = {"province", "state", "region", "oblast", "governorate", "prefecture", "county", "district", "city"}


@dataclass
class PlaceMentions:
    places: list[Place] = field(default_factory=list)
    by_token: dict[int, str] = field(default_factory=dict)

    def place_for(self, token: Token) -> str | None:
        """The place of an event word: a locative phrase hanging on it ("talks ... in Anhui") or
        on its object ("shelled positions in northern Syria")."""
        holders = [token, *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]
        for holder in holders:
            for child in holder.children:
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
        text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        keys: dict[tuple[str, str | None, str], str] = {}
        skipped = {s.start for i, s in enumerate(doc.sents) if skip_sentences and i in skip_sentences}
        for ent, tagged in self._candidates(doc):
            if ent.sent.start in skipped:
                continue
            entry = self._resolve(ent, fuzzy=tagged)
            if entry is None or not self._is_place_use(ent, entry, tagged):
                continue
            key = (entry.name, entry.admin1, entry.country)
            if key not in keys:
                keys[key] = f"p{len(keys) + 1}"
                result.places.append(Place(keys[key], entry.name, entry.country, entry.admin1, entry.lat, entry.lon,
                                           entry.feature, []))
            place = next(p for p in result.places if p.id == keys[key])
            mention = Span.of(text, ent.start_char, ent.end_char)
            if mention not in place.mentions:
                place.mentions.append(mention)
            for token in ent:
                result.by_token[token.i] = place.id
        return result

    def _candidates(self, doc: Doc) -> list[tuple[SpacySpan, bool]]:
        """Place-tagged entities, and proper-noun phrases the small model left untagged
        ("shelled Aleppo", "near Donetsk"); the bool says whether the tagger called it a place."""
        found = [(ent, True) for ent in doc.ents if ent.label_ in PLACE_LABELS]
        taken = {t.i for ent in doc.ents for t in ent}
        for token in doc:
            if token.i in taken or token.pos_ != "PROPN" or token.dep_ == "compound" or not token.text[:1].isupper():
                continue
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].i not in taken:
                start -= 1
            found.append((doc[start: token.i + 1], False))
        return sorted(found, key=lambda pair: pair[0].start)

    def _is_place_use(self, ent: SpacySpan, entry: GazetteerEntry, tagged: bool) -> bool:
        """A country or capital doing something ("Russia condemned", "sanctions against Moscow")
        is an actor; a place is where something happens."""
        root = ent.root
        locative = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS | {"of", "across", "throughout"}
        if not tagged:
            return locative or entry.feature == "admin1" or (entry.population or 0) >= MIN_UNTAGGED_POPULATION
        if locative or root.dep_ in ("compound", "appos", "npadvmod", "conj") and entry.feature != "country":
            return True
        is_actor_name = any(e.kind in ("country", "government") for e in self.lexicon.lookup(ent.text))
        return not (is_actor_name and root.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "pobj", "conj", "appos"))

    def _resolve(self, ent: SpacySpan, fuzzy: bool = True) -> GazetteerEntry | None:
        """The gazetteer entry for a mention; misspellings are forgiven only for tagged places."""
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        follower = ent.doc[ent.end + 1] if ent.end + 1 < len(ent.doc) and ent.doc[ent.end].text == "," else None
        if follower is not None and follower.pos_ == "PROPN" and follower.dep_ == "appos":
            entry = self.gazetteer.resolve(f"{name}, {follower.text}", fuzzy=False)  # "Paris, Texas"
            if entry is not None:
                return entry
        is_region = any(t.lower_ in REGION_WORDS for t in ent)
        for hint in self._country_hints(ent):
            entry = self.gazetteer.resolve(name, country=hint, feature="admin1" if is_region else None, fuzzy=fuzzy)
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
