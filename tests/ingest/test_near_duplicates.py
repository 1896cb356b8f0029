"""Near-duplicate detection: shingles and MinHash on their own, then the index over real stores."""
from __future__ import annotations

from eventwire.ingest.near_duplicates import (
    MIN_WORDS, NearDuplicateIndex, estimated_similarity, fingerprint, jaccard, shingles,
)
from eventwire.model import Article, Document
from eventwire.store import DuckDBStore, PostgresStore
from eventwire.store.rows import MinHashRows

STORY = (
    "Government troops and rebel fighters clashed overnight on the outskirts of the northern town, "
    "forcing hundreds of families to flee their homes, local officials said on Wednesday. "
    "The interior ministry said eleven soldiers had been wounded and accused the rebels of breaking "
    "a ceasefire agreed last month under pressure from neighbouring states. A rebel spokesman denied "
    "the charge and said the army had shelled villages first. Aid agencies warned that the fighting "
    "had cut the only road used to bring food and medicine into the region, where the United Nations "
    "estimates that more than two hundred thousand people depend on emergency supplies."
)
OTHER = (
    "The central bank raised its main interest rate by half a percentage point on Thursday, its third "
    "increase this year, as inflation climbed to the highest level in more than a decade. The governor "
    "told reporters that further rises could not be ruled out if energy prices kept rising over the "
    "winter, and business groups said the decision would hurt small firms already struggling with debt."
)


def syndicated(text: str) -> str:
    """A wire copy as another outlet runs it: a dateline, a credit line, typography changed."""
    return "NAIROBI (Wire) - " + text.replace(" said", " said,").replace("'", "’") + " Reporting by staff; editing."


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The Army, said: ‘we will’ go now.") == shingles("the army said we will go now")
    assert len(shingles("one two three four five six")) == 2
    assert jaccard(shingles(STORY), shingles(STORY)) == 1.0


def test_a_syndicated_copy_is_close_and_another_story_is_not():
    story, copy, other = fingerprint(STORY), fingerprint(syndicated(STORY)), fingerprint(OTHER)
    assert story and copy and other
    assert jaccard(story.shingles, copy.shingles) >= 0.8
    assert estimated_similarity(story.signature, copy.signature) >= 0.7
    assert jaccard(story.shingles, other.shingles) == 0.0
    assert estimated_similarity(story.signature, other.signature) < 0.1
    # LSH: a close pair shares a band bucket; an unrelated pair (almost surely) shares none.
    assert set(story.bands) & set(copy.bands)
    assert not set(story.bands) & set(other.bands)


def test_short_texts_are_not_fingerprinted():
    assert fingerprint(" ".join(["word"] * (MIN_WORDS - 1))) is None
    assert fingerprint(" ".join(f"w{i}" for i in range(MIN_WORDS))) is not None


def document(article_id: str, text: str) -> Document:
    return Document(Article(id=article_id, published="2024-05-01"), text)


def index_with_story(store: DuckDBStore | PostgresStore) -> None:
    fp = fingerprint(STORY)
    assert fp is not None
    assert store.add(document("story", STORY), minhash=MinHashRows(fp.signature_bytes(), fp.bands))
    store.add(document("other", OTHER))  # stored without an index entry: never a candidate


def check_index(store: DuckDBStore | PostgresStore) -> None:
    """A fresh index (as a new run makes) finds the stored story through the store's bands."""
    index = NearDuplicateIndex(store, 0.8)
    copy = fingerprint(syndicated(STORY))
    assert copy is not None
    match = index.find(copy)
    assert match is not None and match.article_id == "story" and 0.8 <= match.similarity < 1.0
    assert index.find(fingerprint(OTHER)) is None  # type: ignore[arg-type]
    # A 30-odd-word text sharing a sentence with the story is not a copy of it.
    snippet = fingerprint("Reporters were told on Friday that " + STORY.split(". ")[1] + " according to a statement.")
    assert snippet is not None and index.find(snippet) is None
    # The threshold is the user's: a stricter one refuses the lightly edited copy.
    assert NearDuplicateIndex(store, 0.99).find(copy) is None
    # A copy of a copy being coded in this run (held, not yet stored) is found too.
    held = fingerprint(OTHER + " " + STORY)
    assert held is not None
    index.hold("held", held)
    again = fingerprint(OTHER + " " + STORY + " Updated.")
    assert again is not None
    found = index.find(again)
    assert found is not None and found.article_id == "held"
    index.release("held")
    assert index.find(again) is None


def test_index_over_a_duckdb_store(tmp_path):
    with DuckDBStore(tmp_path / "s.duckdb") as store:
        index_with_story(store)
    with DuckDBStore(tmp_path / "s.duckdb") as store:  # across runs: the bands are in the file
        check_index(store)
        assert store.add_near_duplicate(document("copy", syndicated(STORY)), "story", 0.9)
        assert not store.add_near_duplicate(document("copy", syndicated(STORY)), "story", 0.9)
        assert store.duplicate_of("copy") == ("story", 0.9)
        assert store.duplicate_count() == 1
        copy = store.get("copy")
        assert copy is not None and copy.text == syndicated(STORY) and not copy.events and not copy.sentences


def test_index_over_a_postgres_store(postgres_dsn):
    with PostgresStore(postgres_dsn) as store:
        index_with_story(store)
    with PostgresStore(postgres_dsn) as store:
        check_index(store)
        assert store.add_near_duplicate(document("copy", syndicated(STORY)), "story", 0.9)
        assert not store.add_near_duplicate(document("copy", syndicated(STORY)), "story", 0.9)
        assert store.duplicate_of("copy") == ("story", 0.9)
        assert store.duplicate_count() == 1
