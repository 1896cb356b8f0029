"""Where events happen: place names the small model mistags, names that mean a country or a
region of one, and the place an event word gets from its phrase or its sentence. place_for is
tested on its own (real model, real gazetteer), apart from which events the coder finds."""
from __future__ import annotations

import pytest

from eventwire.actors.lexicon import ActorLexicon
from eventwire.places.gazetteer import Gazetteer
from eventwire.places.resolve import PlaceResolver


@pytest.fixture(scope="module")
def places(nlp):
    resolver = PlaceResolver(Gazetteer.load(), ActorLexicon.load())

    def _places(sentence: str):
        doc = nlp(sentence)
        return doc, resolver(doc)

    return _places


def token(doc, word):
    return next(t for t in doc if t.text == word)


# (sentence, mention, country): names in context, including those the tagger calls NORP/ORG/PERSON
PLACES_IN_CONTEXT = [
    ("A minefield explosion near the town of Samarra killed two youths.", "Samarra", "IRQ"),
    ("Aircraft attacked a village in the western province of Herat.", "Herat", "AFG"),
    ("Rebels surrendered last week in the eastern town in Soroti.", "Soroti", "UGA"),
    ("Hundreds of thousands blocked streets in Hong Kong in defiance of Chinese authorities.", "Hong Kong", "HKG"),
    ("Police arrested members of a terror group based in Trinidad.", "Trinidad", "TTO"),
    ("Forces retook a strategic village in Western Cambodia.", "Western Cambodia", "KHM"),
    ("Settlers attacked a village in the West Bank.", "West Bank", "PSE"),
    ("Tanks shelled residential areas near the town of Rafah.", "Rafah", "PSE"),
    ("Prisoners rioted at a jail in East Timor's capital Dili on Monday.", "Dili", "TLS"),
    ("The Red Crescent distributed medicine in Bam, Iran.", "Bam", "IRN"),
    ("A journalist was killed in a residential sector of eastern Beirut.", "Beirut", "LBN"),
    ("British aircraft killed four people in an attack on a weapons store in Basra.", "Basra", "IRQ"),
]


@pytest.mark.parametrize("sentence,mention,country", PLACES_IN_CONTEXT, ids=[c[1] for c in PLACES_IN_CONTEXT])
def test_place_in_context(places, sentence, mention, country):
    _, found = places(sentence)
    hits = [p for p in found.places if any(mention in m.text or m.text in mention for m in p.mentions)]
    assert hits, [(p.name, p.country) for p in found.places]
    assert hits[0].country == country


@pytest.mark.parametrize("sentence", [
    "The senator sent a letter to Obama on Friday.",
    "Clinton met Obama in the afternoon.",
    "The minister spoke with Lavrov by phone.",
])
def test_people_after_prepositions_are_not_places(places, sentence):
    _, found = places(sentence)
    assert found.places == [], [(p.name, p.country) for p in found.places]


# (sentence, event word, country of its place)
EVENT_PLACES = [
    # a locative phrase on the word or its object
    ("Protesters rallied in Lagos on Thursday.", "rallied", "NGA"),
    ("Troops shelled positions in northern Syria.", "shelled", "SYR"),
    # a locative phrase further down the event's own phrase
    ("Russian aircraft killed 46 civilians in an attack on a village in the western province of Herat.", "killed",
     "AFG"),
    ("Guerrillas blew up power lines leading into Kabul.", "blew", "AFG"),
    # the sentence's setting, when the word has none of its own
    ("A roadside bombing near the town of Samarra on Sunday killed one soldier.", "killed", "IRQ"),
    ("Palestinian police in Jericho confiscated weapons from armed groups.", "confiscated", "PSE"),
    ("Prisoners rioted at a jail in East Timor's capital Dili on Monday.", "rioted", "TLS"),
    # purposes and sequels happen where their main verb put them
    ("The United Nations sent 21 personnel to Bosnia on Wednesday to investigate the massacre.", "investigate",
     "BIH"),
    ("The minister arrived in Delhi on Monday and met officials.", "met", "IND"),
    # where the reporters are is not where the event happened
    ("Rebels exploded bombs in the capital Kabul, diplomatic sources in neighbouring Pakistan said today.",
     "exploded", "AFG"),
]


@pytest.mark.parametrize("sentence,word,country", EVENT_PLACES, ids=[c[1] + ":" + c[2] for c in EVENT_PLACES])
def test_event_place(places, sentence, word, country):
    doc, found = places(sentence)
    place_id = found.place_for(token(doc, word))
    assert place_id is not None, [(p.name, p.country) for p in found.places]
    assert next(p for p in found.places if p.id == place_id).country == country


def test_sentence_with_places_in_two_countries_gives_no_guess(places):
    doc, found = places("Officials from France and Germany discussed the plan.")
    assert found.place_for(token(doc, "discussed")) is None


@pytest.mark.parametrize("sentence,word", [
    ("\"Nobody will forgive them if hostages are killed,\" the minister told reporters in Vienna.", "killed"),
    ("Speaking in Geneva, the envoy said that militias had burned the villages.", "burned"),
])
def test_where_a_report_is_made_is_not_where_the_event_happened(places, sentence, word):
    doc, found = places(sentence)
    assert found.place_for(token(doc, word)) is None, [(p.name, p.country) for p in found.places]


@pytest.mark.parametrize("sentence,word,city,country", [
    ("Students rioted in the Nepali capital on Friday.", "rioted", "Kathmandu", "NPL"),
    ("Police detained dozens in Peru's capital.", "detained", "Lima", "PER"),
])
def test_an_unnamed_capital_is_the_capital_city(places, sentence, word, city, country):
    doc, found = places(sentence)
    place = next(p for p in found.places if p.id == found.place_for(token(doc, word)))
    assert (place.name, place.country) == (city, country)


def test_a_capital_named_in_apposition_is_read_by_its_name(places):
    doc, found = places("Troops entered the Libyan capital, Tripoli, at dawn.")
    assert [(p.name, [m.text for m in p.mentions]) for p in found.places] == [("Tripoli", ["Tripoli"])]


def test_what_an_anti_prefix_opposes_is_not_a_place(places):
    doc, found = places("An anti-Russia activist was beaten in Tbilisi.")
    assert [p.country for p in found.places] == ["GEO"], [(p.name, p.country) for p in found.places]


def test_sentence_without_places_gives_none(places):
    doc, found = places("The minister resigned on Tuesday.")
    assert found.place_for(token(doc, "resigned")) is None
