"""Pronouns stand for the actors before them, so events whose doer is "he" or "they" are kept."""


def events(code, text):
    doc = code(text, published="2019-02-01")
    actor = {a.id: a for a in doc.actors}
    return [(e.plover.type, [actor[a] for a in e.source], [actor[a] for a in e.target]) for e in doc.events]


def only(found, etype):
    matching = [e for e in found if e[0] == etype]
    assert len(matching) == 1, found
    return matching[0]


def test_a_subject_pronoun_takes_the_person_before_it(code):
    _, source, target = only(events(code, "President Erdogan spoke in London on Tuesday. He criticised Europe "
                                          "for its refugee policy."), "ACCUSE")
    assert [(a.country, a.sector, a.kind) for a in source] == [("TUR", "GOV", "person")]
    assert [a.name for a in target] == ["Europe"]


def test_a_subject_pronoun_prefers_the_earlier_sentences_subject_to_a_nearer_person(code):
    _, source, _ = only(events(code, "The interior minister met Vladimir Putin in Moscow. She later condemned "
                                     "the attack on the embassy."), "ACCUSE")
    assert [a.name for a in source] == ["interior minister"]


def test_an_object_pronoun_is_never_its_own_verbs_subject(code):
    _, source, target = only(events(code, "Protesters gathered in Nairobi on Monday. Police arrested them."), "COERCE")
    assert [a.name for a in source] == ["Police"] and [a.name for a in target] == ["Protesters"]


def test_they_needs_a_group_not_a_lone_person(code):
    _, source, _ = only(events(code, "John Smith arrived in the city. They attacked a police station."), "ASSAULT")
    assert source == []


def test_antecedents_do_not_reach_back_more_than_two_sentences(code):
    found = events(code, "Erdogan arrived in London on Monday. The weather was cold. Traffic was heavy in the "
                         "capital. Crowds filled the streets. He condemned the attack on the embassy.")
    assert all(a.country != "TUR" for e in found if e[0] == "ACCUSE" for a in e[1])
