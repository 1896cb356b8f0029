"""Annotator files (words, sentence numbers) become offsets; what cannot be found is reported."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.eval.news.annotations import annotation_view, resolve_article, split_sentences
from eventwire.eval.news.sources import span_sha

TEXT = ("Rebels shelled Aleppo on Monday. Mr. Smith of the U.S. said the army returned fire.\n"
        "The UN condemned the attack. The UN also urged restraint.")


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_split_sentences_keeps_abbreviations_and_lines():
    assert sentences(TEXT) == [
        "Rebels shelled Aleppo on Monday.",
        "Mr. Smith of the U.S. said the army returned fire.",
        "The UN condemned the attack.",
        "The UN also urged restraint.",
    ]


def test_split_sentences_after_closing_quote_and_initials():
    text = '“We will not leave,” he said. George W. Bush met them. "Go home." They left.'
    assert sentences(text) == ["“We will not leave,” he said.", "George W. Bush met them.", '"Go home."', "They left."]


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'AB“”")), max_size=80))
def test_split_sentences_spans_are_ordered_trimmed_and_inside(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end


def event(**over):
    base = {"sentence": 0, "trigger": "shelled", "type": "ASSAULT",
            "source": [{"text": "Rebels", "country": "SYR", "sector": "REB"}],
            "target": [{"text": "Aleppo", "country": "SYR", "sector": "CVL"}],
            "date": "2016-03-07", "date_text": "on Monday", "place": {"text": "Aleppo", "country": "SYR"}}
    base.update(over)
    return base


def test_resolve_article_stores_offsets_and_hashes_of_the_words():
    result = resolve_article(TEXT, {"events": [event()]})
    assert result.problems == []
    (gold,) = result.events
    trigger = gold["trigger"]
    assert TEXT[trigger["start"]:trigger["end"]] == "shelled"
    assert trigger["sha"] == span_sha("shelled")
    assert TEXT[gold["source"][0]["start"]:gold["source"][0]["end"]] == "Rebels"
    assert gold["dated_by_text"] is True and gold["modality"] == "asserted" and gold["negated"] is False
    assert "text" not in gold["source"][0]  # offsets, never words


def test_resolve_uses_the_named_sentence_and_context_for_repeated_words():
    raw = event(sentence=3, trigger="UN", trigger_context="UN also", source=[{"text": "The UN", "country": "IGO", "sector": "IGO"}],
                type="REQUEST", target=[], place=None, date=None, date_text=None)
    (gold,) = resolve_article(TEXT, {"events": [raw]}).events
    assert TEXT[gold["trigger"]["start"]:].startswith("UN also urged")
    mention = event(mentions=[{"sentence": 1, "trigger": "returned fire"}])
    (gold,) = resolve_article(TEXT, {"events": [mention]}).events
    assert [TEXT[m["start"]:m["end"]] for m in gold["mentions"]] == ["returned fire"]


@pytest.mark.parametrize("broken,message", [
    ({"trigger": "bombed"}, "not in sentence 0"),
    ({"sentence": 9}, "does not exist"),
    ({"type": "FIGHT"}, "not a PLOVER type"),
    ({"modality": "maybe"}, "modality"),
    ({"date": "Monday"}, "YYYY"),
    ({"source": [{"text": "Rebels", "country": "Syria", "sector": "REB"}]}, "three-letter"),
    ({"source": [{"text": "Rebels", "country": "SYR", "sector": "TERRORIST"}]}, "sector"),
    ({"source": [{"country": "SYR", "sector": "GOV"}]}, "implicit"),
])
def test_unresolvable_events_are_reported_and_left_out(broken, message):
    result = resolve_article(TEXT, {"events": [event(**broken), event()]})
    assert len(result.events) == 1
    assert len(result.problems) == 1 and message in result.problems[0], result.problems


def test_implicit_source_needs_no_words():
    raw = event(source=[{"implicit": True, "country": "SYR", "sector": "GOV"}])
    (gold,) = resolve_article(TEXT, {"events": [raw]}).events
    assert gold["source"] == [{"country": "SYR", "sector": "GOV", "implicit": True}]


def test_annotation_view_numbers_sentences_under_a_header():
    view = annotation_view("x/1", TEXT, None).splitlines()
    assert view[:2] == ["article: x/1", "published: unknown"]
    assert view[3] == "[S0] Rebels shelled Aleppo on Monday." and view[6] == "[S3] The UN also urged restraint."
