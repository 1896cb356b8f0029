"""Protests with no named adversary are against the protesters' own country, which the
pipeline adds as an actor when the article never names it."""
from __future__ import annotations


def test_protest_without_target_gets_own_country_actor(code):
    doc = code("Young Ghanaians blocked roads on Sunday to press their demands for jobs.")
    [event] = [e for e in doc.events if e.plover.type == "PROTEST"]
    targets = [a for a in doc.actors if a.id in event.target]
    assert [(a.kind, a.country) for a in targets] == [("country", "GHA")]
    assert all(a.id not in event.source for a in targets)


def test_protest_reuses_a_country_actor_already_named(code):
    doc = code("Kenya raised fuel prices. Angry Kenyans blocked roads on Monday.")
    [event] = [e for e in doc.events if e.plover.type == "PROTEST"]
    countries = [a for a in doc.actors if a.kind == "country" and a.country == "KEN"]
    assert event.target and set(event.target) <= {a.id for a in countries}
    assert len({a.id for a in countries}) >= 1
