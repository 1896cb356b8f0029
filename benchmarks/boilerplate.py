"""Boilerplate benchmark: does our stray-line flagging improve on trafilatura's main-text extraction?

Compared, on the same pages:
  (a) trafilatura       eventwire.ingest.html_reader.extract_page, exactly what `eventwire ingest` reads
  (b) + clean           (a), then eventwire.clean.clean, dropping the lines it flags as stray

Gold sets (../shared/data/gold/boilerplate):
  fundus_en            news pages (<Publisher>_<date>.html.gz) with the article body as fundus's
                       publisher-specific parsers extract it (<Publisher>.json). The JSON holds one
                       entry per parser version (V1, V1_1, ...), in the order of the pages' crawl
                       dates, so the k-th page by date goes with the k-th version.
                       Gold body = the summary (standfirst), section sub-headlines and paragraphs;
                       the title is not part of the body.
  trafilatura_eval_en  trafilatura's own evaluation set: per page, snippets that must appear
                       ("with") and snippets that must not ("without": navigation, ads, comments).

Measures, the same for (a) and (b):
  fundus_en            token-level, micro-averaged over pages: tokens are lowercased word
                       characters (\\w+); per page the overlap is the multiset intersection of
                       extracted and gold tokens; P = overlap / extracted, R = overlap / gold.
                       Paragraph-level matching was rejected: extractors split and join paragraphs
                       differently, which would score the same text as wrong.
  trafilatura_eval_en  snippet-level, as trafilatura publishes it: a "with" snippet found is a true
                       positive, missing a false negative; a "without" snippet found is a false
                       positive. Matching is on whitespace-normalised text. This set has no full
                       gold bodies, so tokens cannot be counted; its numbers are comparable
                       between (a) and (b), not with fundus_en.

A page where extraction finds nothing scores an empty text (all gold missed).

    .venv/bin/python benchmarks/boilerplate.py [--set fundus_en|trafilatura_eval_en] [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.clean import clean
from eventwire.errors import InputError
from eventwire.ingest.html_reader import extract_page

log = logging.getLogger("benchmarks.boilerplate")

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "gold" / "boilerplate"
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass
class Score:
    """Counts for one method on one set; precision, recall and F1 from them."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    pages: int = 0
    empty: int = 0  # pages where the method produced no text
    seconds: float = 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Page:
    name: str
    html: bytes
    url: str | None
    gold_text: str | None = None  # fundus: the full body
    with_: list[str] = field(default_factory=list)  # trafilatura eval: snippets
    without: list[str] = field(default_factory=list)


def trafilatura_only(page: Page) -> str:
    found = extract_page(page.html, url=page.url)
    return found.text if found else ""


def trafilatura_then_clean(page: Page) -> str:
    text = trafilatura_only(page)
    try:
        cleaned = clean(text)
    except InputError:  # empty, too large or binary: nothing to keep
        return ""
    flagged = set(cleaned.flagged)
    # Keep the unflagged lines; flagged ranges are whole lines of the cleaned text.
    kept, pos = [], 0
    for line in cleaned.text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        if line.strip() and (start, start + len(line.strip())) not in flagged:
            kept.append(line)
        pos += len(line) + 1
    return "\n".join(kept)


METHODS: dict[str, Callable[[Page], str]] = {"trafilatura": trafilatura_only, "trafilatura+clean": trafilatura_then_clean}


def fundus_pages(root: Path) -> Iterator[Page]:
    for meta_file in sorted(root.glob("*/meta.info")):
        meta = json.loads(meta_file.read_text())
        for gold_file in sorted(meta_file.parent.glob("*.json")):
            versions = json.loads(gold_file.read_text())
            # <Publisher>_YYYY_MM_DD.html.gz: the date in the name sorts like the crawl date.
            pages = sorted(meta_file.parent.glob(f"{gold_file.stem}_*.html.gz"),
                           key=lambda p: meta.get(p.name, {}).get("crawl_date", p.name))
            if len(pages) != len(versions):
                log.warning("%s: %d pages for %d versions; skipped", gold_file, len(pages), len(versions))
                continue
            for html_file, version in zip(pages, sorted(versions, key=_version_key)):
                body = versions[version].get("body") or {}
                parts = list(body.get("summary") or [])
                for section in body.get("sections") or []:
                    parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
                yield Page(html_file.name, gzip.decompress(html_file.read_bytes()),
                           meta.get(html_file.name, {}).get("url"), gold_text="\n".join(parts))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def trafilatura_eval_pages(root: Path) -> Iterator[Page]:
    for url, entry in json.loads((root / "evaldata_en.json").read_text()).items():
        path = root / "html" / f"{entry['file']}.gz"
        if not path.exists():
            log.warning("%s: missing; skipped", path)
            continue
        yield Page(entry["file"], gzip.decompress(path.read_bytes()), url, with_=entry.get("with") or [],
                   without=entry.get("without") or [])


def score_tokens(extracted: str, gold: str) -> tuple[int, int, int]:
    got, want = Counter(_TOKEN.findall(extracted.lower())), Counter(_TOKEN.findall(gold.lower()))
    overlap = sum((got & want).values())
    return overlap, sum(got.values()) - overlap, sum(want.values()) - overlap


def score_snippets(extracted: str, with_: list[str], without: list[str]) -> tuple[int, int, int]:
    text = _SPACE.sub(" ", extracted)
    found = [_SPACE.sub(" ", s).strip() in text for s in with_]
    leaked = [_SPACE.sub(" ", s).strip() in text for s in without]
    return sum(found), sum(leaked), len(found) - sum(found)


def run_set(name: str, limit: int | None) -> dict[str, Score]:
    pages = fundus_pages(GOLD / name) if name == "fundus_en" else trafilatura_eval_pages(GOLD / name)
    scores = {method: Score() for method in METHODS}
    for number, page in enumerate(pages):
        if limit is not None and number >= limit:
            break
        for method, extract in METHODS.items():
            started = time.perf_counter()
            text = extract(page)
            scores[method].seconds += time.perf_counter() - started
            scores[method].pages += 1
            scores[method].empty += not text.strip()
            if page.gold_text is not None:
                scores[method].add(*score_tokens(text, page.gold_text))
            else:
                scores[method].add(*score_snippets(text, page.with_, page.without))
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("fundus_en", "trafilatura_eval_en"), action="append",
                        help="gold set(s) to run (default: both)")
    parser.add_argument("--limit", type=int, help="at most N pages a set (for a quick look)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its per-page warnings are noise here
    if not GOLD.exists():
        raise SystemExit(f"{GOLD} is absent: the gold sets live in ../shared beside the project")
    for name in args.set or ("fundus_en", "trafilatura_eval_en"):
        measure = "tokens" if name == "fundus_en" else "snippets"
        for method, s in run_set(name, args.limit).items():
            log.info("%s %-18s %s P=%.3f R=%.3f F1=%.3f pages=%d empty=%d (%.1fs)", name, method, measure,
                     s.precision, s.recall, s.f1, s.pages, s.empty, s.seconds)


if __name__ == "__main__":
    main()
