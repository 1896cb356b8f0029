"""The data model is the document contract: round trips, schema, public surface."""
import json

import pytest

import eventwire
from conftest import ROOT
from eventwire.model import Document, Span

TEXT = ("Chinese Foreign Minister Wang Yi had talks with his Russian counterpart Sergei Lavrov in Anui province "
        "on Wednesday, the ministry said.\n\u201cThe talks were useful,\u201d a spokesman told reporters in Beijing.")


@pytest.fixture(scope="module")
def document(code):
    return code(TEXT)


def test_model_round_trips_through_dicts_and_json(document):
    as_json = json.dumps(document.to_dict())
    again = Document.from_dict(json.loads(as_json))
    assert again == document
    assert again.to_dict() == document.to_dict()


def test_model_document_matches_the_json_schema(document):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "eventwire" / "schema" / "document.schema.json").read_text())
    jsonschema.validate(document.to_dict(), schema)


def test_model_has_every_contract_field(document):
    d = document.to_dict()
    assert set(d) >= {"article", "text", "sentences", "actors", "places", "events", "quotes"}
    assert set(d["events"][0]) >= {"id", "sentence", "trigger", "source", "target", "cameo", "plover", "goldstein",
                                   "quad_class", "date", "place", "negated", "modality", "attributed_to", "confidence"}
    assert set(d["quotes"][0]) >= {"id", "speaker", "kind", "source", "cue", "content"}


def test_model_span_of_cuts_from_the_text():
    assert Span.of("Hello world", 6, 11) == Span(6, 11, "world")


def test_model_article_id_is_the_hash_of_the_input_when_not_given(document):
    import hashlib

    assert document.article.id == hashlib.sha256(TEXT.encode()).hexdigest()


def test_public_api_is_small_and_pinned():
    assert sorted(eventwire.__all__) == sorted([
        "Actor", "Article", "ArticleInput", "Document", "Event", "EventwireError", "Failure", "InputError", "Pipeline",
        "Place", "Plover", "Quote", "Sentence", "Span", "code_many", "code_text", "__version__"])


def test_code_text_and_code_many_agree():
    doc = eventwire.code_text("Iran condemned the attack on its embassy.", published="2024-01-02", id="x")
    [batch] = list(eventwire.code_many([eventwire.ArticleInput("Iran condemned the attack on its embassy.",
                                                               id="x", published="2024-01-02")]))
    assert doc == batch
    failures = list(eventwire.code_many(["", "Iran condemned the attack."]))
    assert isinstance(failures[0], eventwire.Failure) and isinstance(failures[1], Document)
