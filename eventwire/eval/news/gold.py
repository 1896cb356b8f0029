"""The real-news gold set: articles by id, events by offsets and codes, split by article.

Files under eventwire/data/eval/news/ (docs/annotation-guide.md says how they were made):
  articles.tsv            id, split, published, sha256 of the text in ../shared
  {train,dev,test}.jsonl  adjudicated gold, one article per line
  annotators/{A,B}.jsonl  the two blind annotations, for the agreement figures

An article line is {"id", "published", "text_sha256", "events": [...]}; an event carries
`trigger` and `mentions` spans, type/mode, `source`/`target`/`attributed_to` actors
({country, sector, [org], [start, end, sha] | implicit}), reciprocal, modality, negated,
date, dated_by_text, background and place. Spans are offsets into the text as
`sources.load_articles` reads it, each with `sha`, a short hash of the words it covers.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.eval.corpora import CorpusArticle
from eventwire.eval.news.sources import DEFAULT_SHARED, load_articles, span_sha, text_sha256

GOLD_DIR = Path(__file__).resolve().parents[2] / "data" / "eval" / "news"
SPLITS = ("train", "dev", "test")


@dataclass
class GoldArticle:
    id: str
    published: str | None
    text_sha256: str
    events: list[dict[str, Any]]
    text: str = ""  # filled from ../shared by `with_texts`

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "published": self.published, "text_sha256": self.text_sha256, "events": self.events}


def split_of_articles(gold_dir: Path = GOLD_DIR) -> dict[str, str]:
    with open(gold_dir / "articles.tsv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row["split"] for row in csv.DictReader(handle, delimiter="\t")}


def read_jsonl(path: Path) -> list[GoldArticle]:
    articles = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                articles.append(GoldArticle(raw["id"], raw.get("published"), raw["text_sha256"], raw["events"]))
    return articles


def write_jsonl(path: Path, articles: list[GoldArticle]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for article in sorted(articles, key=lambda a: a.id):
            handle.write(json.dumps(article.to_json(), ensure_ascii=False, sort_keys=True) + "\n")


def load_split(split: str, gold_dir: Path = GOLD_DIR) -> list[GoldArticle]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (one of {', '.join(SPLITS)})")
    return read_jsonl(gold_dir / f"{split}.jsonl")


def with_texts(articles: list[GoldArticle], shared: Path = DEFAULT_SHARED) -> list[GoldArticle]:
    """The articles with their texts from ../shared (MissingText when a text is not there)."""
    texts: dict[str, CorpusArticle] = load_articles([a.id for a in articles], shared)
    for article in articles:
        article.text = texts[article.id].text
    return articles


def spans_of(event: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every span an event records, named by the field it belongs to."""
    yield "trigger", event["trigger"]
    for m in event.get("mentions", []):
        yield "mention", m
    for role in ("source", "target"):
        for actor in event.get(role, []):
            if "start" in actor:
                yield role, actor
    claimant = event.get("attributed_to")
    if claimant and "start" in claimant:
        yield "attributed_to", claimant
    place = event.get("place")
    if place and "start" in place:
        yield "place", place


def offset_problems(article: GoldArticle) -> list[str]:
    """Where the text in ../shared no longer matches what was annotated: a changed text, or a
    span whose words are not the recorded ones. Empty when everything lands."""
    problems = []
    if text_sha256(article.text) != article.text_sha256:
        problems.append(f"{article.id}: text changed since annotation (sha256 differs)")
    for number, event in enumerate(article.events):
        for role, span in spans_of(event):
            words = article.text[span["start"]:span["end"]]
            if not 0 <= span["start"] < span["end"] <= len(article.text) or span_sha(words) != span["sha"]:
                problems.append(f"{article.id} event {number} {role} [{span['start']}:{span['end']}] "
                                "does not land on the recorded words")
    return problems
