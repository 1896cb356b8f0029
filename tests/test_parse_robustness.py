"""One article never costs the others theirs; long articles and long runs without spaces are
parsed in linear time, not refused or stalled on.

A parse batch that raises is parsed again one article at a time, so only the article that
breaks the parser fails; a coding stage that raises fails its article alone. Articles longer
than spaCy's limit are parsed in pieces cut at line or sentence ends and joined into one Doc
whose text is the article's, character for character.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import eventwire.pipeline as pipeline_module
from eventwire.errors import CodingFailed
from eventwire.nlp import RUN_PIECE_CHARS, parse_many, split_for_parsing, tokenize
from eventwire.pipeline import ArticleInput, Failure

GOOD = ["Russia condemned China.", "Turkish troops shelled Kurdish positions near Afrin.", "Iran expelled two diplomats."]


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n")), max_size=300), st.integers(min_value=1, max_value=40))
def test_pieces_join_back_into_the_text_and_respect_the_limit(text, limit):
    pieces = split_for_parsing(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_pieces_prefer_line_ends_then_sentence_ends():
    text = "First line here.\nSecond line. Third sentence goes on"
    assert split_for_parsing(text, 20)[0] == "First line here.\n"
    assert split_for_parsing("One two. Three four five six", 15)[0] == "One two. "


def test_long_text_parses_as_one_doc_with_its_exact_text(pipeline):
    nlp = pipeline.nlp
    article = "\n".join(f"Paragraph {i}: Turkish troops shelled Kurdish positions. The UN condemned it." for i in range(60))
    saved = nlp.max_length
    nlp.max_length = 1_000  # the same path a 1.5-million-character article takes, at test size
    try:
        docs = list(parse_many(nlp, ["Short one.", article, "Another short one."]))
    finally:
        nlp.max_length = saved
    assert [d.text for d in docs] == ["Short one.", article, "Another short one."]
    assert len(list(docs[1].sents)) >= 120 and "Turkish" in {e.text for e in docs[1].ents}


def test_long_article_is_coded_through_the_pipeline(pipeline):
    article = "\n".join(["Turkish troops shelled Kurdish positions near Afrin on Monday."] * 40)
    saved = pipeline.nlp.max_length
    pipeline.nlp.max_length = 500
    try:
        document = pipeline.code(ArticleInput(article, id="long", published="2018-01-22"))
    finally:
        pipeline.nlp.max_length = saved
    assert document.text == article and len(document.events) >= 40


def test_a_text_that_breaks_the_parser_fails_alone(pipeline, monkeypatch):
    real_parse_many = pipeline_module.parse_many

    def parse_many_breaking_on_marker(nlp, texts, batch_size=32):
        texts = list(texts)
        if any("BREAKS-THE-PARSER" in t for t in texts):
            raise RuntimeError("parser crashed")
        yield from real_parse_many(nlp, texts, batch_size)

    monkeypatch.setattr(pipeline_module, "parse_many", parse_many_breaking_on_marker)
    articles = [ArticleInput(GOOD[0], id="a"), ArticleInput("BREAKS-THE-PARSER. Iran attacked.", id="b"),
                ArticleInput(GOOD[1], id="c"), ArticleInput(GOOD[2], id="d")]
    results = list(pipeline.code_many(articles))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document", "Document"]
    assert isinstance(results[1].error, CodingFailed) and "parser crashed" in str(results[1].error)
    assert [r.article.id for r in results if not isinstance(r, Failure)] == ["a", "c", "d"]


def test_a_coding_stage_that_raises_fails_its_article_alone(pipeline, monkeypatch):
    real_code_parsed = pipeline.code_parsed

    def code_parsed(parsed):
        if parsed.article.id == "b":
            raise ValueError("a stage broke")
        return real_code_parsed(parsed)

    monkeypatch.setattr(pipeline, "code_parsed", code_parsed)
    results = list(pipeline.code_many([ArticleInput(t, id=i) for t, i in zip(GOOD, "abc")]))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document"]
    assert "a stage broke" in str(results[1].error)


@pytest.mark.parametrize("bad", ["Turkey \ud800 attacked Syria.", "\x00binary"])
def test_a_mis_decoded_article_fails_alone_in_its_batch(pipeline, bad):
    results = list(pipeline.code_many([ArticleInput(GOOD[0], id="a"), ArticleInput(bad, id="b"),
                                       ArticleInput(GOOD[1], id="c")]))
    assert [type(r).__name__ for r in results] == ["Document", "Failure", "Document"]


@pytest.mark.parametrize("text", ['"' * 2_000, "Russia attacked. " + "x" * 5_000 + " The UN condemned it.",
                                  "see http://example.com/" + "a" * 300 + " now.", "a" * 199 + " b."])
def test_long_runs_without_spaces_keep_the_text_and_are_cut(pipeline, text):
    doc = tokenize(pipeline.nlp, text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= max(RUN_PIECE_CHARS, 199)

