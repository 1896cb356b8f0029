"""Places stage: which place names in an article are where, and where each event happened.

Place candidates are spaCy's GPE/LOC/FAC entities. Each is looked up in the offline
gazetteer with the countries of its sentence as hints, nearest first ("Anui province in
eastern China" -> Anhui, China), so that misspellings resolve only with context.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from eventwire.actors.lexicon import ActorLexicon
from eventwire.model import Place, Span
from eventwire.nlp import LOCATIVE_PREPS, doc_text, named_in_a_stance, sentence_of, sentence_spans
from eventwire.places.gazetteer import Gazetteer, GazetteerEntry, normalize

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "EVENT",
                    "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "QUANTITY"}
MIN_UNTAGGED_POPULATION = 50_000  # a name the tagger missed must be a sizeable place to count
REGION_WORDS = {"province", "state", "region", "oblast", "governorate", "prefecture", "county", "district", "city"}
# Nouns whose "of" phrase or name is a place: "the town of Samarra", "the capital Kabul".
PLACE_NOUNS = {"town", "city", "village", "province", "region", "district", "capital", "enclave", "port", "area",
               "outskirts", "suburbs", "suburb", "peninsula", "valley", "state", "county", "governorate", "oblast",
               "camp", "island", "islands", "border", "neighbourhood", "neighborhood", "municipality"}
# Mistagged names (the small model calls "Samarra" NORP, "Herat" ORG) count as places only in
# a place position, and never after "to"/"from", which also introduce people ("a letter to Obama").
STRICT_LOCATIVE_PREPS = LOCATIVE_PREPS - {"to", "from"}
MISTAGGED_LABELS = {"ORG", "NORP", "PERSON"}
CLAUSE_DEPS = {"ccomp", "relcl", "advcl", "parataxis", "conj", "csubj"}


@dataclass
class PlaceMentions:
    places: list[Place] = field(default_factory=list)
    by_token: dict[int, str] = field(default_factory=dict)

    place_countries: dict[str, str | None] = field(default_factory=dict)  # place id -> its country
    country_places: set[str] = field(default_factory=set)  # ids of places that are whole countries

    def place_for(self, token: Token) -> str | None:
        """The place of an event word. In order: a locative phrase hanging on it ("talks ... in
        Anhui") or on its object ("shelled positions in northern Syria"); a locative phrase further
        down its own phrase ("killed civilians in an attack on a village in Herat"); else the
        place its sentence is set in, when the sentence's places agree on one country ("Prisoners
        rioted at a jail in East Timor's capital Dili")."""
        attached = self._attached(token)
        if attached is not None:
            return attached
        below = self._locative_below(token)
        if below is not None:
            return below
        governing = self._governing_place(token)
        return governing if governing is not None else self._sentence_place(token)

    def _attached(self, token: Token) -> str | None:
        holders = [token, *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]
        for holder in holders:
            for child in holder.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in LOCATIVE_PREPS:
                    for obj in child.children:
                        if obj.dep_ == "pobj" and obj.i in self.by_token:
                            return self.by_token[obj.i]
        return None

    def _governing_place(self, token: Token) -> str | None:
        """Purposes and sequels happen where their main verb put them: "sent personnel to
        Bosnia to investigate", "arrived in Delhi and met Modi"."""
        for _ in range(2):
            if token.dep_ not in ("xcomp", "advcl", "conj") or token.head is token:
                return None
            token = token.head
            if (attached := self._attached(token)) is not None:
                return attached
        return None

    def _locative_below(self, token: Token) -> str | None:
        """The nearest place in a locative phrase inside the event word's own clause: never
        inside clauses that report or relate other events ("X said (that) ...", "..., which")."""
        best: tuple[int, str] | None = None
        stack = [(c, 1) for c in token.children if c.dep_ not in CLAUSE_DEPS]
        while stack:
            node, depth = stack.pop()
            if node.i in self.by_token and _in_locative(node) and (best is None or depth < best[0]):
                best = (depth, self.by_token[node.i])
            stack.extend((c, depth + 1) for c in node.children if c.dep_ not in CLAUSE_DEPS)
        return best[1] if best else None

    def _sentence_place(self, token: Token) -> str | None:
        """The sentence's setting: its locative places when they share one country (the most
        specific, i.e. not a whole country, nearest first), else all its places when they share
        one country. Places in two countries with no syntax to choose between them give None."""
        sent = sentence_of(token)
        reporting = _reporting_frame(token)
        located = [(t, self.by_token[t.i]) for t in sent
                   if t.i in self.by_token and t.i not in reporting and _in_locative(t)]
        # Places named as origins or destinations ("officials from France") say nothing of the setting.
        every = [(t, self.by_token[t.i]) for t in sent if t.i in self.by_token and t.i not in reporting
                 and not (t.dep_ == "pobj" and t.head.lower_ in ("from", "to"))]
        for group in (located, every):
            if not group:
                continue
            if len({self.place_countries.get(pid) for _, pid in group}) != 1:
                return None
            ids = [pid for _, pid in sorted(group, key=lambda pair: abs(pair[0].i - token.i))]
            specific = [pid for pid in ids if pid not in self.country_places]
            return (specific or ids)[0]
        return None



HINT_WINDOW = 40  # words either side of a place in which a named country hints at where it is


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, lexicon: ActorLexicon) -> None:
        self.gazetteer, self.lexicon = gazetteer, lexicon

    def __call__(self, doc: Doc, skip_sentences: set[int] | None = None) -> PlaceMentions:
        result = PlaceMentions()
        text = doc_text(doc)
        keys: dict[tuple[str, str | None, str], str] = {}
        skipped = {s.start for i, s in enumerate(sentence_spans(doc)) if skip_sentences and i in skip_sentences}
        for ent, entry in sorted([*self._named_places(doc), *self._unnamed_capitals(doc)], key=lambda p: p[0].start):
            if sentence_of(ent[0]).start in skipped:
                continue
            key = (entry.name, entry.admin1, entry.country)
            if key not in keys:
                keys[key] = f"p{len(keys) + 1}"
                result.places.append(Place(keys[key], entry.name, entry.country, entry.admin1, entry.lat, entry.lon,
                                           entry.feature, []))
                result.place_countries[keys[key]] = entry.country
                if entry.feature == "country":
                    result.country_places.add(keys[key])
            place = next(p for p in result.places if p.id == keys[key])
            mention = Span.of(text, ent.start_char, ent.end_char)
            if mention not in place.mentions:
                place.mentions.append(mention)
            for token in ent:
                result.by_token[token.i] = place.id
        return result

    def _named_places(self, doc: Doc) -> Iterator[tuple[SpacySpan, GazetteerEntry]]:
        for ent, tagged in self._candidates(doc):
            entry = self._resolve(ent, fuzzy=tagged)
            if entry is not None and self._is_place_use(ent, entry, tagged):
                yield ent, entry

    def _unnamed_capitals(self, doc: Doc) -> Iterator[tuple[SpacySpan, GazetteerEntry]]:
        """"rioted in the Bangladeshi capital", "in Kenya's capital": the capital city, when the
        text does not name it right there ("the Syrian capital, Damascus" names it)."""
        for token in doc:
            if token.lower_ != "capital" or token.pos_ != "NOUN" or any(
                    c.dep_ == "appos" or (c.pos_ == "PROPN" and c.i > token.i) for c in token.children):
                continue
            if token.i + 2 < len(doc) and doc[token.i + 1].text == "," and doc[token.i + 2].pos_ == "PROPN":
                continue
            owner = next((c for c in token.children if c.dep_ in ("amod", "poss", "compound") and c.i < token.i
                          and not named_in_a_stance(c)), None)
            iso3 = (self._lexicon_country(owner.text) or self.lexicon.country_of_adjective(owner.text)) \
                if owner is not None else None
            capital = self.lexicon.capitals.get(iso3) if iso3 else None
            entry = self.gazetteer.resolve(capital, country=iso3, feature="city", fuzzy=False) if capital else None
            if entry is not None:
                yield doc[owner.i: token.i + 1], entry

    def _candidates(self, doc: Doc) -> list[tuple[SpacySpan, bool]]:
        """Place-tagged entities, and proper-noun phrases the small model left untagged
        ("shelled Aleppo", "near Donetsk"); the bool says whether the tagger called it a place."""
        found = [(ent, True) for ent in doc.ents if ent.label_ in PLACE_LABELS]
        found += [(ent, False) for ent in doc.ents if ent.label_ in MISTAGGED_LABELS and _in_place_position(ent.root)
                  and not any(e.kind not in ("country", "government") for e in self.lexicon.lookup(ent.text))]
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
        if named_in_a_stance(ent[0]):
            return False  # "an anti-Syria journalist" says nothing of where anything happens
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
        plain = self.gazetteer.resolve(name, fuzzy=False)
        # "Montenegro province": a country's name with a region word is that country (or a region
        # of it), not a foreign region that lists the bare name among its alternates.
        words = name.split()
        bare = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in REGION_WORDS else name
        for hint in self._country_hints(ent):
            entry = self.gazetteer.resolve(name, country=hint, feature="admin1" if is_region else None, fuzzy=fuzzy)
            if entry is not None and bare != name and entry.country not in (hint, self._lexicon_country(bare) or hint):
                break  # found outside the hinted country and the named one
            if entry is not None:
                if plain is not None and plain.feature == "country" and normalize(entry.name) != normalize(name):
                    return plain  # "Hong Kong" near "Chinese" is the territory, not the admin1 "Hong Kong SAR"
                return entry
        named = self._lexicon_country(bare)
        if named and (plain is None or plain.feature != "country") and (plain is None or plain.country != named):
            # "based in Trinidad": a name our lexicon knows as a country is that country, not a
            # foreign town of the same name (Trinidad, Bolivia)
            return self.gazetteer.country_centroid(named) or plain
        return plain

    def _lexicon_country(self, name: str) -> str | None:
        return next((e.country for e in self.lexicon.lookup(name) if e.kind == "country" and e.country), None)

    def _country_hints(self, ent: SpacySpan) -> list[str]:
        """Countries named near the place in its sentence, nearest first. Only the HINT_WINDOW
        words on either side are read: a country further away says little about the place, and
        reading whole sentences made a list of a thousand names cost a million lookups."""
        hints: list[tuple[int, str]] = []
        sentence = sentence_of(ent[0])
        window = ent.doc[max(sentence.start, ent.start - HINT_WINDOW): min(sentence.end, ent.end + HINT_WINDOW)]
        for token in window:
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


def _in_locative(token: Token) -> bool:
    """Whether a place word stands where places are said: "in Basra", "near the town of
    Samarra", "at a jail in East Timor's capital Dili", "the western province of Herat"."""
    if token.dep_ == "pobj":  # "to" and "from" say where people go or come from, not where things happen
        prep = token.head
        if prep.lower_ in STRICT_LOCATIVE_PREPS:
            return True
        if prep.lower_ != "of":
            return False
        owner = prep.head  # "the town of Samarra", "in a residential sector of eastern Beirut"
        return owner.lower_ in PLACE_NOUNS or (owner.dep_ == "pobj" and owner.head.lower_ in STRICT_LOCATIVE_PREPS)
    if token.dep_ in ("appos", "compound") and token.head.lower_ in PLACE_NOUNS:
        return _in_locative(token.head) or token.head.dep_ == "pobj"
    return False


def _in_place_position(token: Token) -> bool:
    """Where only a place can stand: "in Soroti", "the town of Samarra", "the Jaffna peninsula"."""
    if token.dep_ == "pobj":
        prep = token.head
        return prep.lower_ in STRICT_LOCATIVE_PREPS or (prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS)
    return token.dep_ == "compound" and token.head.lower_ in PLACE_NOUNS - {"camp", "border", "area", "capital"}


def _reporting_frame(token: Token) -> set[int]:
    """The words around the verbs that report an event, outside the reported clause: who speaks
    and where ("diplomatic sources in Pakistan said (that) rebels kidnapped ...", "'... while
    civilians are shelled,' the EU's chief told reporters in Brussels"). Where the speakers are
    or speak is not where the event happened."""
    frame: set[int] = set()
    child = token
    for verb in token.ancestors:
        if child.dep_ in ("ccomp", "parataxis"):
            frame |= {t.i for c in verb.children if c.i != child.i for t in c.subtree} | {verb.i}
        child = verb
    return frame
