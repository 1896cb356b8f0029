"""A country's name with a region word ("Kosovo province") stays that country, not a foreign
region of the gazetteer listing the bare name as an alternate."""
from __future__ import annotations


def test_country_name_with_region_word_is_that_country(code):
    doc = code("Serbia lifted the curfew in Montenegro province on Tuesday.")
    place = next(p for p in doc.places if any("Montenegro" in m.text for m in p.mentions))
    assert place.country == "MNE"


def test_region_word_after_a_real_province_still_resolves_inside_the_country(code):
    doc = code("Fighting broke out in Helmand province in Afghanistan.")
    place = next(p for p in doc.places if any("Helmand" in m.text for m in p.mentions))
    assert place.country == "AFG"
