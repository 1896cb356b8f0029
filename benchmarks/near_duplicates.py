#!/usr/bin/env python3
"""Near-duplicates in ../shared/data/corpora, found exactly as `eventwire ingest` finds them
(same readers, same fingerprints, same index over a real DuckDB store), without coding.

    .venv/bin/python benchmarks/near_duplicates.py [--similarity 0.8] [--sample 20] [--low 0.5] [--sample-below 0.8]

Prints: records read, exact duplicates (same id), near-duplicates found at the threshold by
corpus, the similarity distribution, how many more a lower threshold (--low) would find, and
an evenly spaced sample of pairs (with what differs between the two texts) for a hand check.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.ingest.near_duplicates import NearDuplicateIndex, fingerprint, words  # noqa: E402
from eventwire.ingest.readers import ReadError, read_sources  # noqa: E402
from eventwire.model import Article, Document  # noqa: E402
from eventwire.store import DuckDBStore  # noqa: E402
from eventwire.store.rows import MinHashRows  # noqa: E402


def corpus_of(where: str, root: Path) -> str:
    return Path(where.split(":")[0]).relative_to(root).parts[0]


def differing_words(a: str, b: str, limit: int = 12) -> tuple[list[str], list[str]]:
    wa, wb = words(a), words(b)
    ca, cb = collections.Counter(wa), collections.Counter(wb)
    only_a = [w for w in wa if ca[w] > cb.get(w, 0)][:limit]
    only_b = [w for w in wb if cb[w] > ca.get(w, 0)][:limit]
    return only_a, only_b


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared" / "data" / "corpora"))
    ap.add_argument("--similarity", type=float, default=0.8)
    ap.add_argument("--low", type=float, default=0.5)
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--sample-below", type=float, default=1.01,
                    help="sample only pairs under this similarity (to look at what a lower threshold adds)")
    args = ap.parse_args()
    root = Path(args.shared)

    read = exact = short = 0
    pairs: list[tuple[str, str, float, str, str]] = []  # copy where, original where, similarity, texts
    low_pairs = 0
    where_of: dict[str, tuple[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp, DuckDBStore(Path(tmp) / "nd.duckdb") as store:
        index = NearDuplicateIndex(store, args.similarity)
        low_index = NearDuplicateIndex(store, args.low)
        for record in read_sources([root]):
            read += 1
            if isinstance(record, ReadError):
                continue
            article = record.article
            assert article.id is not None
            if article.id in where_of:
                exact += 1
                continue
            where_of[article.id] = (record.where, article.text)
            fp = fingerprint(article.text)
            if fp is None:
                short += 1
                continue
            match = index.find(fp)
            if match is not None:
                pairs.append((record.where, where_of[match.article_id][0], match.similarity, article.text,
                              where_of[match.article_id][1]))
                store.add_near_duplicate(Document(Article(id=article.id), article.text), match.article_id,
                                         match.similarity)
                continue
            if low_index.find(fp) is not None:
                low_pairs += 1
            store.add(Document(Article(id=article.id), article.text),
                      minhash=MinHashRows(fp.signature_bytes(), fp.bands))

    by_corpus = collections.Counter(f"{corpus_of(c, root)} -> {corpus_of(o, root)}" for c, o, *_ in pairs)
    bins = collections.Counter(min(int(s * 20) / 20, 0.95) for _, _, s, *_ in pairs)
    print(f"records {read}; exact duplicates (same id) {exact}; too short to fingerprint {short}")
    print(f"near-duplicates at >= {args.similarity}: {len(pairs)} ({dict(by_corpus)})")
    print("similarity: " + ", ".join(f"[{b:.2f}, {b + 0.05:.2f}): {n}" for b, n in sorted(bins.items())))
    print(f"articles matching only at {args.low} <= J < {args.similarity}: {low_pairs}")
    sampled = [p for p in pairs if p[2] < args.sample_below]
    step = max(len(sampled) // max(args.sample, 1), 1)
    for copy, original, similarity, text, original_text in sampled[::step][:args.sample]:
        only_copy, only_original = differing_words(text, original_text)
        print(f"\n{similarity:.3f}  {copy}  ~  {original}  ({len(words(text))} / {len(words(original_text))} words)")
        print(f"   copy:     {text[:110]!r}")
        print(f"   original: {original_text[:110]!r}")
        print(f"   only in copy: {' '.join(only_copy)!r}; only in original: {' '.join(only_original)!r}")


if __name__ == "__main__":
    main()
