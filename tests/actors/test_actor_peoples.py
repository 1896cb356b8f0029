"""Peoples, misspelt countries, opposed names and unplaced officials, on sentences we wrote.

Each case is one class of phrase: a people living outside its kin state ("Bosnian Croats",
"the Serbs of Kosovo"), an ethnic people's armed group ("Kachin rebels"), a misspelt country
standing alone, "anti-X" modifiers, structures named after a region, titles the parser did
not attach, and offices that exist only at home.
"""
from __future__ import annotations

import pytest


def actor_for(doc, mention):
    for actor in doc.actors:
        if any(mention in m.text for m in actor.mentions):
            return actor
    raise AssertionError(f"no actor mentioned as {mention!r}: {[(a.name, [m.text for m in a.mentions]) for a in doc.actors]}")


@pytest.mark.parametrize("sentence,mention,country", [
    # a country adjective before a people names where they live, not their kin state
    ("Bosnian Croats blocked the main road on Monday.", "Bosnian Croats", "BIH"),
    ("Afghan Tajiks held a rally in the city.", "Afghan Tajiks", "AFG"),
    # so does an "of" or "in" phrase naming another country
    ("The Russians of eastern Ukraine demanded more autonomy.", "Russians of eastern Ukraine", "UKR"),
    ("Ethnic Hungarians in Romania asked for more schools.", "Hungarians in Romania", "ROU"),
    # ... while the people at home stay with their own country
    ("Thousands of Hungarians marched in Budapest.", "Hungarians", "HUN"),
])
def test_people_living_outside_their_kin_state(code, sentence, mention, country):
    assert actor_for(code(sentence), mention).country == country


@pytest.mark.parametrize("sentence,mention,country,sector", [
    ("Kachin rebels ambushed an army convoy.", "Kachin rebels", "MMR", "REB"),
    # a people living in two countries: the one the article names
    ("Zimbabwe troops clashed with Ndebele guerrillas.", "Ndebele guerrillas", "ZWE", "REB"),
    ("South African police dispersed Ndebele militants.", "Ndebele", "ZAF", None),
    # the tagger's first name "Karen" is the people before a role noun
    ("Karen guerrillas attacked a police post.", "Karen guerrillas", "MMR", "REB"),
])
def test_peoples_armed_groups_take_the_peoples_country(code, sentence, mention, country, sector):
    actor = actor_for(code(sentence), mention)
    assert actor.country == country
    if sector:
        assert actor.sector == sector


def test_misspelt_country_alone_is_that_country(code):
    doc = code("The minister turned down an invitation from Kazakstan to attend the summit.")
    assert actor_for(doc, "Kazakstan").country == "KAZ"


def test_correct_adjective_is_not_read_as_a_misspelt_country(code):
    doc = code("The Pakistani Foreign Secretary met reporters.")
    assert not any(m.text == "Pakistani" and a.kind == "country" and a.name == "Pakistani"
                   for a in doc.actors for m in a.mentions)
    assert actor_for(doc, "Foreign Secretary").country == "PAK"


def test_anti_prefix_names_what_is_opposed(code):
    doc = code("An anti-Iran activist was arrested in Baghdad.")
    activist = actor_for(doc, "activist")
    assert activist.country != "IRN"
    assert not any(a.country == "IRN" for a in doc.actors)


def test_region_in_a_structure_name_is_no_actor(code):
    doc = code("Striking farmers blocked the Asia Bridge for two hours.")
    assert not any(a.kind == "region" for a in doc.actors)


def test_country_before_a_leaders_title_is_the_leaders(code):
    doc = code("Ghana President John Mahama rejected the offer from Togo.")
    assert actor_for(doc, "John Mahama").country == "GHA"


def test_title_before_a_comma_gives_the_name_its_country(code):
    doc = code("Kuwait's emir, Sheikh Sabah al-Ahmad, opened talks between Iraq and Jordan.")
    assert actor_for(doc, "Sabah al-Ahmad").country == "KWT"


@pytest.mark.parametrize("sentence,mention,country", [
    ("Gunmen shot the deputy governor of the Kandahar province on Monday.", "deputy governor", "AFG"),
    ("The Federal Minister for Communications Ali Raza met traders in Lahore.", "Ali Raza", "PAK"),
])
def test_home_offices_take_their_sentences_country(code, sentence, mention, country):
    assert actor_for(code(sentence), mention).country == country


def test_peoples_file_names_only_known_countries():
    from eventwire.actors.lexicon import ActorLexicon
    lexicon = ActorLexicon.load()
    assert lexicon.peoples, "peoples.tsv loaded nothing"
    for adjective, countries in lexicon.peoples.items():
        assert countries, adjective
        assert set(countries) <= set(lexicon.country_names), (adjective, countries)
        # a people named like a country's own adjective would never be reached
        assert lexicon.country_of_adjective(adjective) is None, adjective
