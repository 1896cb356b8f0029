"""Our event lexicon is data: every row must load, name a real CAMEO code, and together the
rows must reach every CAMEO root and every PLOVER type."""
from pathlib import Path

import pytest

from eventwire.errors import DataFileError
from eventwire.events.lexicon import EventLexicon
from eventwire.events.ontology import Ontology


@pytest.fixture(scope="module")
def lexicon():
    return EventLexicon.load()


@pytest.fixture(scope="module")
def ontology():
    return Ontology.load()


def test_lexicon_codes_are_real_cameo_codes(lexicon, ontology):
    bad = [p for p in lexicon.all_patterns() if not ontology.is_valid(p.cameo)]
    assert bad == []


def test_lexicon_covers_every_cameo_root_and_plover_type(lexicon, ontology):
    patterns = lexicon.all_patterns()
    roots = {p.cameo[:2] for p in patterns}
    assert {f"{r:02d}" for r in range(1, 21)} <= roots
    types = {ontology.cameo(p.cameo).plover_type for p in patterns}
    assert set(ontology.plover_types()) <= types


def test_lexicon_has_no_duplicate_rows(lexicon):
    keys = [(p.kind, p.lemma, p.objects, p.particles) for p in lexicon.all_patterns()]
    assert len(keys) == len(set(keys))


def test_lexicon_rejects_a_malformed_row_with_its_line(tmp_path: Path):
    path = tmp_path / "lexicon.tsv"
    path.write_text("kind\tlemma\tobject\tparticle\tcameo\tnote\nverb\tcondemn\t\t\tone-eleven\tbad\n")
    with pytest.raises(DataFileError, match=r"lexicon.tsv:2"):
        EventLexicon.load(path)
