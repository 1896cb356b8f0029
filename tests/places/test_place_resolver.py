"""Place resolution in context, with the real model and gazetteer."""
import pytest


def place_for(doc, mention):
    for place in doc.places:
        if any(mention in m.text for m in place.mentions):
            return place
    raise AssertionError(f"no place mentioned as {mention!r}: {[(p.name, p.country) for p in doc.places]}")


@pytest.mark.parametrize("sentence,mention,country,admin1", [
    ("The talks were held in Anui province in eastern China.", "Anui", "CHN", "Anhui"),
    ("Rebels shelled Aleppo on Monday.", "Aleppo", "SYR", None),
    ("Protesters gathered in Nairobi.", "Nairobi", "KEN", None),
    ("The summit took place in Paris, Texas.", "Paris", "USA", None),
    ("Fighting continued near Donetsk in eastern Ukraine.", "Donetsk", "UKR", None),
])
def test_places_resolve_with_context(code, sentence, mention, country, admin1):
    place = place_for(code(sentence), mention)
    assert place.country == country
    assert place.lat is not None and place.lon is not None
    if admin1:
        assert place.admin1 == admin1


def test_places_event_gets_its_location(code):
    doc = code("Chinese Foreign Minister Wang Yi had talks with Russian Foreign Minister Sergei Lavrov in Anui province.")
    [event] = [e for e in doc.events if e.plover.type == "CONSULT"]
    place = next(p for p in doc.places if p.id == event.place)
    assert place.country == "CHN" and place.admin1 == "Anhui"


def test_places_country_used_as_actor_is_not_a_place(code):
    doc = code("Russia condemned the sanctions.")
    assert all(p.country != "RUS" for p in doc.places)
