"""The texts of the real-news gold set, read from ../shared by article id.

The gold set stores ids, offsets, codes and hashes, never third-party text. An article id is
`<corpus>/<id>` as `CorpusArticle.as_record` writes it (`guardian_sdf_ngec/3`,
`bbc_2225/politics-001`, `fnc1_bodies/train-1234`, `polnear/train-<file stem>`,
`seed/article`); offsets index the text exactly as these readers return it (UTF-8, newlines
untouched), which is also what `eventwire code --raw` codes.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.eval.corpora import CORPORA, POLNEAR, SEED, CorpusArticle, read_corpus, read_polnear, read_seed

DEFAULT_SHARED = Path(__file__).resolve().parents[4] / "shared"


class MissingText(LookupError):
    """A gold article whose text is not (or no longer) in ../shared."""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_sha(text: str) -> str:
    """A short fingerprint of a span's words: enough to notice an offset that no longer lands on
    them, without storing the words."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _corpus_articles(shared: Path, corpus: str) -> Iterator[CorpusArticle]:
    if corpus in CORPORA:
        return read_corpus(shared / "data" / "corpora", corpus)
    if corpus == POLNEAR:
        return (a for split in ("train", "dev") for a in read_polnear(shared, split))
    if corpus == SEED:
        return read_seed(shared)
    raise MissingText(f"unknown corpus {corpus!r} (known: {', '.join((*CORPORA, POLNEAR, SEED))})")


def load_articles(ids: Iterable[str], shared: Path = DEFAULT_SHARED) -> dict[str, CorpusArticle]:
    """The articles with these ids, keyed by id; MissingText names every id not found."""
    wanted: dict[str, set[str]] = {}
    for article_id in ids:
        corpus, _, local = article_id.partition("/")
        wanted.setdefault(corpus, set()).add(local)
    found: dict[str, CorpusArticle] = {}
    for corpus, locals_ in wanted.items():
        for article in _corpus_articles(shared, corpus):
            if article.id in locals_:
                found[f"{corpus}/{article.id}"] = article
    missing = sorted(f"{c}/{i}" for c, ls in wanted.items() for i in ls if f"{c}/{i}" not in found)
    if missing:
        raise MissingText(f"{len(missing)} gold article(s) not found under {shared}: {', '.join(missing[:5])}")
    return found
