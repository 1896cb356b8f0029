"""The quote finder: quotations and attributions as spans (eventwire.quotes.finder).

Example sentences are our own. The seed-article test reads ../shared and is skipped
without it; the property tests feed random text and random quote marks through the real
model and through an unparsed Doc, and require every offset to be sane.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from eventwire.errors import DataFileError
from eventwire.quotes.finder import CueLexicon, QuoteFinder, QuoteFinding
from eventwire.quotes.quote_marks import paragraph_spans, quote_spans

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "article.txt"
KINDS = {"direct", "indirect", "mixed"}


@pytest.fixture(scope="session")
def finder() -> QuoteFinder:
    return QuoteFinder()


@dataclass(frozen=True)
class Found:
    """A finding as text, for readable assertions."""
    content: str
    cue: str | None
    source: str | None
    kind: str


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0]:span[1]]


def find(nlp: Language, finder: QuoteFinder, text: str) -> list[Found]:
    return [Found(text[f.content[0]:f.content[1]], _text(text, f.cue), _text(text, f.source), f.kind)
            for f in finder(nlp(text))]


def only(found: list[Found]) -> Found:
    assert len(found) == 1, found
    return found[0]


def assert_sane(text: str, findings: list[QuoteFinding], n_tokens: int) -> None:
    for f in findings:
        assert f.kind in KINDS
        for span in (f.content, f.cue, f.source):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text), (span, len(text))
        assert f.content[0] < f.content[1]
        assert f.source_root is None or 0 <= f.source_root < n_tokens


# ---------------------------------------------------------------- direct quotations


def test_straight_double_quotes(nlp, finder):
    q = only(find(nlp, finder, '"We will rebuild every bridge in this county," the senator said on Tuesday.'))
    assert q == Found('"We will rebuild every bridge in this county,"', "said", "the senator", "direct")


def test_curly_double_quotes_and_told(nlp, finder):
    q = only(find(nlp, finder, "“The budget is balanced for the first time in a decade,” the finance minister told parliament."))
    assert q.content.startswith("“The budget") and q.content.endswith("decade,”")
    assert (q.cue, q.source, q.kind) == ("told parliament", "the finance minister", "direct")


def test_curly_single_quotes(nlp, finder):
    q = only(find(nlp, finder, "‘Nobody expected the river to rise so quickly,’ the fire chief said."))
    assert q == Found("‘Nobody expected the river to rise so quickly,’", "said", "the fire chief", "direct")


def test_straight_single_quotes(nlp, finder):
    q = only(find(nlp, finder, "'Nobody expected the river to rise so quickly,' the fire chief said."))
    assert q.content == "'Nobody expected the river to rise so quickly,'" and q.source == "the fire chief"


def test_multi_sentence_quote_is_one_finding(nlp, finder):
    text = ("“The harvest was poor. Prices will rise before winter, and families will feel it,” "
            "the farmers' union said in a statement.")
    q = only(find(nlp, finder, text))
    assert q.content.startswith("“The harvest was poor.") and q.content.endswith("feel it,”")
    assert q.source == "the farmers' union"


def test_quote_interrupted_by_attribution(nlp, finder):
    found = find(nlp, finder, "“We are not leaving,” the mayor said, “until every family has a roof.”")
    assert [f.content for f in found] == ["“We are not leaving,”", "“until every family has a roof.”"]
    assert {(f.cue, f.source, f.kind) for f in found} == {("said", "the mayor", "direct")}


def test_inverted_attribution_keeps_the_apposition(nlp, finder):
    q = only(find(nlp, finder, "“This agreement protects our fishermen,” said Maria Lopez, a spokeswoman for the coastal alliance."))
    assert q.source == "Maria Lopez, a spokeswoman for the coastal alliance"
    assert q.cue == "said"


def test_attribution_before_a_colon(nlp, finder):
    q = only(find(nlp, finder, "The governor said: “Schools will reopen on Monday.”"))
    assert q == Found("“Schools will reopen on Monday.”", "said", "The governor", "direct")


def test_straight_quote_after_told_them(nlp, finder):
    q = only(find(nlp, finder, 'She told them: "Stay indoors until the storm passes."'))
    assert (q.content, q.source, q.kind) == ('"Stay indoors until the storm passes."', "She", "direct")


def test_apostrophes_are_not_quote_marks(nlp, finder):
    found = find(nlp, finder, '"I don\'t know," he said. "Maybe the voters\' mood will change."')
    assert [f.content for f in found] == ['"I don\'t know,"', '"Maybe the voters\' mood will change."']


def test_nested_quote_stays_inside(nlp, finder):
    q = only(find(nlp, finder, "“He looked at me and said ‘never again’ before walking out,” the witness said."))
    assert q.content.endswith("walking out,”") and q.source == "the witness"


def test_cue_inside_a_quotation_is_not_an_attribution(nlp, finder):
    q = only(find(nlp, finder, "“I think we can win this district,” the candidate said."))
    assert (q.cue, q.source) == ("said", "the candidate")


# ---------------------------------------------------------------- continuations


def test_continuation_paragraph_reuses_the_attribution(nlp, finder):
    text = "“The talks were frank and useful,” the envoy said.\n“Both sides agreed to meet again next month in Geneva.”"
    first, second = find(nlp, finder, text)
    assert second.content == "“Both sides agreed to meet again next month in Geneva.”"
    assert (second.cue, second.source, second.kind) == (first.cue, "the envoy", "direct")


def test_continuation_after_blank_line(nlp, finder):
    text = "“We are ready,” said the captain.\n\n“The pitch is in good shape and the players are fit.”"
    found = find(nlp, finder, text)
    assert [f.source for f in found] == ["the captain", "the captain"]


def test_second_quote_in_the_same_paragraph(nlp, finder):
    found = find(nlp, finder, "“The vote was fair,” she said. “Anyone who says otherwise has not read the report.”")
    assert [(f.content[:12], f.source) for f in found] == [("“The vote wa", "she"), ("“Anyone who ", "she")]


def test_multi_paragraph_quote_without_closing_mark(nlp, finder):
    text = "“We will appeal the ruling,” the lawyer said. “The court ignored the evidence.\n“We will not stop.”"
    found = find(nlp, finder, text)
    assert found[-1].content == "“We will not stop.”" and found[-1].source == "the lawyer"
    assert found[1].content == "“The court ignored the evidence."


def test_no_continuation_without_a_previous_quote(nlp, finder):
    text = "The harbour was quiet on Sunday.\n“Nobody comes here any more.”"
    assert find(nlp, finder, text) == []


# ---------------------------------------------------------------- mixed and indirect


def test_partial_quote_is_mixed_with_the_whole_clause(nlp, finder):
    q = only(find(nlp, finder, "The minister said the new rail line would be “a lifeline for the north” and would open in 2027."))
    assert q.content == "the new rail line would be “a lifeline for the north” and would open in 2027"
    assert (q.kind, q.source) == ("mixed", "The minister")


def test_indirect_speech_keeps_that_and_drops_the_full_stop(nlp, finder):
    q = only(find(nlp, finder, "The central bank said that interest rates would stay unchanged until the summer."))
    assert q == Found("that interest rates would stay unchanged until the summer", "said", "The central bank", "indirect")


def test_indirect_speech_without_that(nlp, finder):
    q = only(find(nlp, finder, "Officials said the border crossing would reopen after repairs."))
    assert (q.content, q.source, q.kind) == ("the border crossing would reopen after repairs", "Officials", "indirect")


def test_according_to(nlp, finder):
    q = only(find(nlp, finder, "The mine was closed after a gas leak, according to the regional labour office."))
    assert q == Found("The mine was closed after a gas leak", "according to", "the regional labour office", "indirect")


def test_speaker_wins_over_according_to_inside_the_clause(nlp, finder):
    text = "The minister said exports had “never been stronger” and would keep rising, according to state television."
    q = only(find(nlp, finder, text))
    assert (q.source, q.kind) == ("The minister", "mixed")
    assert q.content == "exports had “never been stronger” and would keep rising"


def test_interview_is_not_a_source_when_a_speaker_is_named(nlp, finder):
    q = only(find(nlp, finder, "In an interview on Sunday, the mayor said the budget would be cut."))
    assert (q.source, q.cue, q.content) == ("the mayor", "said", "the budget would be cut")


def test_told_reporters(nlp, finder):
    q = only(find(nlp, finder, "The coach told reporters the team had trained harder than ever."))
    assert (q.cue, q.source, q.content) == ("told reporters", "The coach", "the team had trained harder than ever")


def test_relative_clause_names_the_antecedent(nlp, finder):
    text = "Okafor, who said last week that the strike would continue, met union leaders on Friday."
    f = only(finder(nlp(text)))
    assert text[f.content[0]:f.content[1]] == "that the strike would continue"
    assert text[f.source[0]:f.source[1]] == "Okafor"
    assert nlp(text)[f.source_root].text == "Okafor"


def test_quoted_as_saying(nlp, finder):
    q = only(find(nlp, finder, "The general was quoted as saying the offensive would end within weeks."))
    assert (q.source, q.content) == ("The general", "the offensive would end within weeks")


# ---------------------------------------------------------------- the breadth PolNeAR counts


def test_intent(nlp, finder):
    q = only(find(nlp, finder, "The trade minister vowed to protect local steel producers."))
    assert (q.cue, q.content, q.source) == ("vowed", "to protect local steel producers", "The trade minister")


def test_stance_object(nlp, finder):
    q = only(find(nlp, finder, "The teachers' union endorsed the mayor's challenger."))
    assert (q.content, q.source) == ("the mayor's challenger", "The teachers' union")


def test_stance_object_with_its_of_phrase(nlp, finder):
    q = only(find(nlp, finder, "The party accused the government of hiding the deficit."))
    assert q.content == "the government of hiding the deficit"


def test_naming_with_a_scare_quote_is_mixed(nlp, finder):
    q = only(find(nlp, finder, "Critics called the plan a “fig leaf” for spending cuts."))
    assert (q.content, q.kind, q.source) == ("the plan a “fig leaf” for spending cuts", "mixed", "Critics")


def test_attitude_adjective(nlp, finder):
    q = only(find(nlp, finder, "Many farmers are wary of the new import rules."))
    assert (q.cue, q.content, q.source) == ("wary of", "the new import rules", "Many farmers")


def test_noun_cue_with_possessor(nlp, finder):
    q = only(find(nlp, finder, "Residents were alarmed by the senator's claim that the dam was unsafe."))
    assert (q.cue, q.content, q.source) == ("claim", "that the dam was unsafe", "the senator's")


def test_evidential_clause_has_no_source(nlp, finder):
    q = only(find(nlp, finder, "The ceasefire appeared to hold on Sunday."))
    assert (q.content, q.source) == ("The ceasefire appeared to hold on Sunday", None)


def test_speaker_label_before_a_colon(nlp, finder):
    q = only(find(nlp, finder, "Navarro: The port will reopen next week."))
    assert (q.source, q.cue, q.content) == ("Navarro", ":", "The port will reopen next week")


def test_poll_cited_with_in(nlp, finder):
    q = only(find(nlp, finder, "In a recent poll, most voters were undecided."))
    assert (q.cue, q.source, q.content) == ("In", "a recent poll", "most voters were undecided")


# ---------------------------------------------------------------- nothing to find, and broken input


def test_plain_narration_has_no_quotes(nlp, finder):
    assert find(nlp, finder, "The weather was mild and the market was busy.") == []


def test_scare_quotes_alone_are_not_a_quotation(nlp, finder):
    assert find(nlp, finder, "The town held its “harvest festival” on Saturday.") == []


def test_unbalanced_opening_mark_is_treated_as_stray(nlp, finder):
    q = only(find(nlp, finder, "“This sentence never closes, the activist said."))
    assert (q.source, q.content) == ("the activist", "This sentence never closes")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "“", "”", '"', "''", "‘’", '"""', "“”“”", "said", ": “", "\u2019s"])
def test_degenerate_texts(nlp, finder, text):
    doc = nlp(text)
    assert_sane(text, finder(doc), len(doc))


def test_unparsed_doc_gives_nothing(finder):
    doc = spacy.blank("en")("“We will win,” she said.")
    assert finder(doc) == []


# ---------------------------------------------------------------- quote marks and the lexicon


def test_quote_spans_pair_nyt_double_apostrophes():
    text = "''It cannot be contained,'' Mrs. Ortiz said. ''It must be defeated.''"
    assert [text[s:e] for s, e in quote_spans(text)] == ["''It cannot be contained,''", "''It must be defeated.''"]


def test_quote_spans_never_cross_a_paragraph():
    text = "He said “yes\nand then “no” again"
    assert [text[s:e] for s, e in quote_spans(text)] == ["“no”"]
    assert paragraph_spans(text) == [(0, 12), (13, len(text))]


def test_lexicon_from_entries_limits_the_cues(nlp):
    finder = QuoteFinder(CueLexicon.from_entries([("say", "speech")]))
    text = "The union warned that the strike would spread. The mayor said the talks would resume."
    found = [text[f.content[0]:f.content[1]] for f in finder(nlp(text))]
    assert found == ["the talks would resume"]


def test_default_lexicon_loads_our_data_file():
    lexicon = CueLexicon.load()
    assert {"say", "according", "accord"} & set(lexicon.by_first_word)
    assert any(c.kind == "source" for c in lexicon.by_first_word["according"])


def test_missing_lexicon_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError):
        CueLexicon.load(tmp_path / "missing.tsv")


def test_malformed_lexicon_row_is_a_data_file_error(tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text("lemma\tkind\tnote\nsay\tshouting\t\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        CueLexicon.load(path)


# ---------------------------------------------------------------- properties: total and sane

MARKS = ['"', "'", "“", "”", "‘", "’", "''", "``", "«", "»", "„"]
WORDS = ["said", "told", "the", "minister", "he", "she", "that", "war", "according", "to", "Lavrov", "who",
         "claimed", "we", "will", "win", ",", ".", ":", "—", "\n", "\n\n", "is", "wary", "of", "vowed", "Q"]
TEXTS = st.lists(st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.text(max_size=6)), max_size=40) \
    .map(lambda parts: " ".join(parts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
def test_property_parsed_random_text(nlp, finder, text):
    doc = nlp(text)
    assert_sane(text, finder(doc), len(doc))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab ,.:\n\"'“”‘’«»`"), max_size=80))
def test_property_quote_marks_only(finder, text):
    doc = spacy.blank("en")(text)
    assert_sane(text, finder(doc), len(doc))
    for start, end in quote_spans(text):
        assert 0 <= start < end <= len(text)
        assert "\n" not in text[start:end]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=120))
def test_property_any_unicode(nlp, finder, text):
    doc = nlp(text)
    assert_sane(text, finder(doc), len(doc))


# ---------------------------------------------------------------- the seed article


@pytest.mark.shared
@pytest.mark.skipif(not SEED.is_file(), reason="needs ../shared/seed/article.txt beside the project")
def test_seed_article(nlp, finder):
    text = SEED.read_text(encoding="utf-8")
    found = find(nlp, finder, text)

    def quote(words: str) -> Found:
        matches = [f for f in found if words in f.content]
        assert matches, f"no quote containing {words!r} in {found}"
        return matches[0]

    first = quote("thorough exchange of views")
    assert (first.source, first.kind) == ("the Russian Foreign Ministry", "direct")
    continued = quote("counterproductive nature")
    assert (continued.source, continued.cue, continued.kind) == (first.source, first.cue, "direct")
    assert quote("further strengthen foreign policy coordination").source == "the ministry"
    assert quote("There is no limit to China-Russia cooperation").source == "a Chinese Foreign Ministry spokesman"
    wang = quote("withstood the test of international turmoil")
    assert (wang.source, wang.kind) == ("Wang", "mixed")
    lavrov = quote("strongest level ever")
    assert (lavrov.source, lavrov.kind) == ("Lavrov", "indirect")
