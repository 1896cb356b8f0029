"""Repairs for frequent slips of the small parser, on parses written out by hand exactly as the
model produces them for real sentences (so the repair is tested even when a model update stops
making the slip)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from eventwire.events import arguments as args


def parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str] | None = None) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)


def test_a_stranded_preposition_takes_the_noun_phrase_after_it():
    # "Peru granted asylum to five officers holed up in a residence": "officers" parsed as the
    # subject of "holed", "to" left without an object.
    doc = parsed(["Peru", "granted", "asylum", "to", "five", "officers", "holed", "up", "in", "Lima"],
                 [1, 1, 1, 1, 5, 6, 1, 6, 6, 8],
                 ["nsubj", "ROOT", "dobj", "prep", "nummod", "nsubj", "advcl", "prt", "prep", "pobj"])
    assert [t.text for t in args.prep_objects(doc[1], {"to"})] == ["officers"]


def test_a_preposition_with_its_object_is_left_alone():
    doc = parsed(["Peru", "granted", "asylum", "to", "officers"], [1, 1, 1, 1, 3],
                 ["nsubj", "ROOT", "dobj", "prep", "pobj"])
    assert [t.text for t in args.prep_objects(doc[1], {"to"})] == ["officers"]


def test_a_finite_verb_coordinated_with_a_gerund_belongs_to_the_main_verb():
    # "rebels accused Niger of targeting civilians and called on France to act"
    doc = parsed(["rebels", "accused", "Niger", "of", "targeting", "civilians", "and", "called"],
                 [1, 1, 1, 1, 3, 4, 4, 4],
                 ["nsubj", "ROOT", "dobj", "prep", "pcomp", "dobj", "cc", "conj"],
                 ["NNS", "VBD", "NNP", "IN", "VBG", "NNS", "CC", "VBD"])
    for t, pos in zip(doc, ["NOUN", "VERB", "PROPN", "ADP", "VERB", "NOUN", "CCONJ", "VERB"]):
        t.pos_ = pos
    assert args.syntactic_parent(doc[7]).text == "accused"
    assert [t.text for t in args.subject_tokens(doc[7])] == ["rebels"]
