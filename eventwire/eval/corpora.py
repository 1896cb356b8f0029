"""Readers for the evaluation corpora in ../shared/data (Guardian, FNC-1, BBC; PolNeAR texts, the seed).

They turn each corpus into (corpus name, article id, text, published) records so that
tests and benchmarks code exactly the same articles. The corpora are third-party data and
are only read from ../shared, never copied.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPORA = ("guardian_sdf_ngec", "fnc1_bodies", "bbc_2225")
# Texts that live beside gold sets rather than under corpora/: read by `read_corpus` with the
# shared root (the folder holding data/ and seed/), not the corpora folder.
POLNEAR = "polnear"
SEED = "seed"
SEED_PUBLISHED = "2022-03-30"  # the seed article's date, as ../shared/seed/README.md gives it


@dataclass(frozen=True)
class CorpusArticle:
    corpus: str
    id: str
    text: str
    published: str | None = None

    def as_record(self) -> dict[str, str | None]:
        return {"id": f"{self.corpus}/{self.id}", "text": self.text, "published": self.published}


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def read_corpus(root: Path, name: str) -> Iterator[CorpusArticle]:
    base = root / name
    if name == "guardian_sdf_ngec":
        for number, row in enumerate(_csv_rows(base / "Guardian_SDF_sample.csv")):
            yield CorpusArticle(name, row.get("") or str(number), row["text"], row.get("date") or None)
    elif name == "fnc1_bodies":
        for filename in ("train_bodies.csv", "competition_test_bodies.csv"):
            for row in _csv_rows(base / filename):
                yield CorpusArticle(name, f"{filename.split('_')[0]}-{row['Body ID']}", row["articleBody"])
    elif name == "bbc_2225":
        for path in sorted(base.glob("*/*.txt")):
            yield CorpusArticle(name, f"{path.parent.name}-{path.stem}", path.read_bytes().decode("utf-8", "replace"))
    else:
        raise ValueError(f"unknown corpus {name!r}; known: {', '.join(CORPORA)}")


def read_polnear(shared: Path, split: str = "train") -> Iterator[CorpusArticle]:
    """PolNeAR political news texts; the publication date is the second part of each file name
    (publisher_YYYY-MM-DD_slug.txt)."""
    for path in sorted((shared / "data" / "gold" / "polnear" / "data" / split / "text").glob("*.txt")):
        parts = path.stem.split("_")
        published = parts[1] if len(parts) > 2 and len(parts[1]) == 10 else None
        yield CorpusArticle(POLNEAR, f"{split}-{path.stem}", path.read_bytes().decode("utf-8"), published)


def read_seed(shared: Path) -> Iterator[CorpusArticle]:
    yield CorpusArticle(SEED, "article", (shared / "seed" / "article.txt").read_bytes().decode("utf-8"), SEED_PUBLISHED)


def read_all(root: Path, every: int = 1) -> Iterator[CorpusArticle]:
    """Every `every`-th article of each corpus, in a stable order."""
    for name in CORPORA:
        for number, article in enumerate(read_corpus(root, name)):
            if number % every == 0:
                yield article
