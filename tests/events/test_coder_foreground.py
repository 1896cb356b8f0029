"""Issue 6 rules, on sentences we wrote: background clauses are not second events, arguments
found inside groups, appositions and purpose clauses, and place/country defaults for dyads."""
from __future__ import annotations

import pytest


def countries(doc, ids):
    return {a.country for a in (doc.actor(i) for i in ids) if a and a.country}


def types(doc):
    return [e.plover.type for e in doc.events]


@pytest.mark.parametrize("sentence,kept,dropped", [
    # temporal / conditional clauses under another event give background, not a second event
    ("Chile recalled its ambassador from Peru after Peruvian troops attacked a border post.", "SANCTION", "ASSAULT"),
    ("Ghana threatened to expel the envoy unless Togo apologised for the raid.", "THREATEN", "CONCEDE"),
    # purpose infinitives are the first event's aim
    ("Farmers blocked highways in Belgium to demand lower fuel taxes.", "PROTEST", "REQUEST"),
    # what a demand asks for has not happened
    ("Poland demanded that Belarus release the detained journalists.", "REQUEST", "RETREAT"),
    # what an accusation or praise is for is its grounds
    ("Armenia accused Azerbaijan of shelling villages near the border.", "ACCUSE", "ASSAULT"),
    ("Norway praised Colombia for releasing the prisoners.", "SUPPORT", "RETREAT"),
    # what a denial or a rejection denies did not happen on the text's word
    ("Moscow denied that its jets had bombed the hospital in Idlib.", "REJECT", "ASSAULT"),
    ("The Kenyan government denied it had deployed troops to the border.", "REJECT", "MOBILIZE"),
    ("Ankara rejected claims that its soldiers had shelled the Kurdish village.", "REJECT", "ASSAULT"),
])
def test_background_clauses_are_not_second_events(code, sentence, kept, dropped):
    got = types(code(sentence))
    assert kept in got and dropped not in got, got


def test_a_sentence_with_two_main_events_keeps_both(code):
    got = types(code("Peru condemned the attack and recalled its ambassador from Bolivia."))
    assert "ACCUSE" in got and "SANCTION" in got, got


@pytest.mark.parametrize("sentence,plover,source", [
    ("Thousands of Kenyans protested in Nairobi on Friday.", "PROTEST", "KEN"),             # group "of" phrase
    ("Members of the Egyptian parliament condemned the Israeli raid.", "ACCUSE", "EGY"),
])
def test_group_heads_name_their_members(code, sentence, plover, source):
    doc = code(sentence)
    events = [e for e in doc.events if e.plover.type == plover]
    assert events and any(source in countries(doc, e.source) for e in events), [(e.plover.type, countries(doc, e.source)) for e in doc.events]


def test_control_verb_parsed_as_adverbial_clause_still_governs(code):
    # spaCy's small model often attaches "sworn to fight" as advcl, not xcomp
    doc = code("Rebels in Chad have sworn to fight the government until the election.")
    assert "THREATEN" in types(doc), [(e.plover.type, e.cameo) for e in doc.events]


def test_no_longer_negates(code):
    doc = code("Morocco warned that it would no longer tolerate raids by Algerian militias.")
    assert "THREATEN" in types(doc), [(e.plover.type, e.cameo) for e in doc.events]


def test_violence_with_unknown_perpetrator_takes_the_place_as_source(code):
    doc = code("A roadside bomb near Kandahar killed two Canadian soldiers on Sunday.")
    assault = [e for e in doc.events if e.plover.type == "ASSAULT"]
    assert assault, types(doc)
    assert "AFG" in countries(doc, assault[0].source) and "CAN" in countries(doc, assault[0].target)


def test_mobilisation_targets_the_adversary_not_the_forces(code):
    doc = code("Greece mobilized army reservists for a possible war against Turkey.")
    mobilize = [e for e in doc.events if e.plover.type == "MOBILIZE"]
    assert mobilize and "TUR" in countries(doc, mobilize[0].target), [(e.plover.type, countries(doc, e.target)) for e in doc.events]


def test_purpose_clause_supplies_the_target(code):
    doc = code("Students blocked roads in Dhaka to press their demands on the Bangladeshi government.")
    protest = [e for e in doc.events if e.plover.type == "PROTEST"]
    assert protest and "BGD" in countries(doc, protest[0].target)


def test_a_verb_coordinated_after_an_accusation_keeps_the_accuser_as_subject(code):
    """The small parser hangs "called" on "targeting"; the appeal is still the rebels'."""
    doc = code("The Mali-based rebels accused Niger of targeting civilians in the town of Ayorou and called on France "
               "to stop the assault.")
    request = [e for e in doc.events if e.plover.type == "REQUEST"]
    assert request and "FRA" in countries(doc, request[0].target) and request[0].source, \
        [(e.plover.type, countries(doc, e.source), countries(doc, e.target)) for e in doc.events]


@pytest.mark.parametrize("sentence,etype", [
    # a claim denied as a clause, with or without "that"
    ("The finance minister denied that his forecasts were too optimistic.", "REJECT"),
    ("The chancellor denied his figures were wrong.", "REJECT"),
    # dismissing suggestions, criticism or warnings is a rejection
    ("The prime minister dismissed suggestions that the plan would fail.", "REJECT"),
    ("The interior ministry dismissed the criticism from human rights groups.", "REJECT"),
    # branding someone or something pejoratively is criticism
    ("Opposition parties branded the budget a disgrace.", "ACCUSE"),
    ("The scheme was branded a disgrace by opposition MPs.", "ACCUSE"),
])
def test_denials_dismissals_and_branding_are_coded(code, sentence, etype):
    assert etype in types(code(sentence)), types(code(sentence))


def test_denying_an_action_in_a_gerund_is_not_a_clause_denial(code):
    # "denied entering" is not a stated claim; it keeps whatever the gerund alone codes
    assert "REJECT" not in types(code("The minister denied entering the building."))
