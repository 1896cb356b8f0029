"""Actor resolution on sentences we wrote: names, metonyms, titles, roles, coreference."""
from __future__ import annotations

import pytest


def actor_for(doc, mention):
    for actor in doc.actors:
        if any(mention in m.text for m in actor.mentions):
            return actor
    raise AssertionError(f"no actor mentioned as {mention!r}: {[(a.name, [m.text for m in a.mentions]) for a in doc.actors]}")


CASES = [
    # (sentence, mention, country, sector, kind)
    ("Russia condemned the decision.", "Russia", "RUS", None, "country"),
    ("The Kremlin rejected the claims.", "Kremlin", "RUS", "GOV", "government"),
    ("Beijing criticised the visit.", "Beijing", "CHN", "GOV", "government"),
    ("Kyiv said the talks had failed.", "Kyiv", "UKR", "GOV", "government"),
    ("Kiev said the talks had failed.", "Kiev", "UKR", "GOV", "government"),
    ("The West imposed new sanctions.", "West", "WST", None, "region"),
    ("NATO warned Moscow.", "NATO", "IGO", "IGO", "organisation"),
    ("The U.N. Security Council met on Friday.", "Security Council", "IGO", None, None),
    ("The Taliban seized the city.", "Taliban", "AFG", None, "organisation"),
    ("Hezbollah fired rockets into Israel.", "Hezbollah", "LBN", None, "organisation"),
    ("The Islamic State claimed the attack.", "Islamic State", None, None, "organisation"),
    ("Amnesty International condemned the arrests.", "Amnesty International", "NGO", "NGO", "organisation"),
    ("Chinese Foreign Minister Wang Yi met reporters.", "Wang Yi", "CHN", "GOV", "person"),
    ("German Chancellor Olaf Scholz arrived in Paris.", "Olaf Scholz", "DEU", "GOV", "person"),
    ("Kenyan police fired tear gas.", "police", "KEN", "COP", None),
    ("The Egyptian army closed the crossing.", "army", "EGY", "MIL", None),
    ("The Russian Foreign Ministry issued a statement.", "Russian Foreign Ministry", "RUS", "GOV", "organisation"),
    ("Syrian rebels shelled the town.", "rebels", "SYR", "REB", None),
    ("Opposition groups in Zimbabwe called a strike.", "Opposition groups", "ZWE", "OPP", None),
    ("The foreign ministers of France and Germany met in Berlin.", "foreign ministers", "FRA", "GOV", None),
    ("Thousands of Nigerians marched in Lagos.", "Nigerians", "NGA", None, None),
    ("Vladimir Putin spoke to reporters.", "Vladimir Putin", "RUS", "GOV", "person"),
    ("Reuters reported the strike.", "Reuters", "GBR", "MED", "organisation"),
    ("U.S. officials declined to comment.", "officials", "USA", "GOV", None),
    ("The US embassy was closed.", "US", "USA", None, None),
]


@pytest.mark.parametrize("sentence,mention,country,sector,kind", CASES, ids=[c[0][:40] for c in CASES])
def test_resolver_codes_mentions(code, sentence, mention, country, sector, kind):
    actor = actor_for(code(sentence), mention)
    if country is not None:
        assert actor.country == country, actor
    if sector is not None:
        assert actor.sector == sector, actor
    if kind is not None:
        assert actor.kind == kind, actor


def test_resolver_links_surname_to_earlier_full_name(code):
    doc = code("Russian Foreign Minister Sergei Lavrov arrived in Delhi on Monday. Lavrov met Indian officials.")
    lavrov = actor_for(doc, "Sergei Lavrov")
    assert any(m.text == "Lavrov" for m in lavrov.mentions)
    assert lavrov.country == "RUS" and lavrov.sector == "GOV"


def test_resolver_links_the_ministry_to_the_named_ministry(code):
    doc = code("The Japanese Foreign Ministry protested. The ministry said the flights were illegal.")
    ministry = actor_for(doc, "Japanese Foreign Ministry")
    assert any(m.text.lower() == "the ministry" for m in ministry.mentions)


def test_resolver_title_after_name_by_apposition(code):
    doc = code("Annalena Baerbock, Germany's foreign minister, visited Kyiv.")
    person = actor_for(doc, "Annalena Baerbock")
    assert person.country == "DEU" and person.sector == "GOV"


def test_resolver_counterpart_takes_the_named_person(code):
    doc = code("Indian External Affairs Minister S. Jaishankar met his Chinese counterpart Wang Yi in Moscow.")
    wang = actor_for(doc, "Wang Yi")
    assert wang.country == "CHN"
    assert any("counterpart" in m.text for m in wang.mentions)


def test_resolver_capital_in_a_place_phrase_is_not_an_actor(code):
    doc = code("The ministers met in Moscow on Tuesday.")
    assert not any(a.kind == "government" and any(m.text == "Moscow" for m in a.mentions) for a in doc.actors)


def test_resolver_lowercase_words_are_not_names(code):
    doc = code("The storm moved west and us residents stayed home.")
    assert not any(a.country in ("WST", "USA") for a in doc.actors)


def test_resolver_every_mention_indexes_the_text(code):
    doc = code("Chinese Foreign Minister Wang Yi had talks with his Russian counterpart Sergei Lavrov in Beijing.")
    for actor in doc.actors:
        for m in actor.mentions:
            assert doc.text[m.start:m.end] == m.text
