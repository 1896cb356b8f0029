"""Choose the real-news gold set's articles and their splits (fixed seed; run once).

Stratified by source: Guardian (Syria/Iraq/Turkey politics), BBC politics, FNC-1 bodies
about public affairs, PolNeAR political news (train texts), and the seed article. Articles
are drawn at random among those of a length an annotator can read closely, before anyone
has annotated anything; the split of each article is drawn at the same time, per source,
so no split is chosen with its events in view. Writes eventwire/data/eval/news/articles.tsv
(ids, dates and text hashes; never text).

    python benchmarks/news_gold/select_articles.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from eventwire.eval.corpora import read_corpus, read_polnear, read_seed
from eventwire.eval.news.sources import DEFAULT_SHARED, text_sha256

SEED = 20261203
OUT = Path(__file__).resolve().parents[2] / "eventwire" / "data" / "eval" / "news" / "articles.tsv"
# (source, how many, shortest, longest) in characters.
QUOTAS = [("guardian_sdf_ngec", 45, 1500, 4500), ("bbc_2225", 40, 900, 3500),
          ("fnc1_bodies", 35, 600, 3000), ("polnear", 35, 900, 4000)]
SPLIT_SHARES = (("test", 0.45), ("dev", 0.20), ("train", 0.35))
# Public-affairs words: FNC-1 and PolNeAR articles need two different ones to be drawn, so that
# the sample is about politics, conflict and the state rather than celebrities or sport.
PUBLIC_AFFAIRS = re.compile(
    r"\b(government|minister|president|police|military|troops|army|soldiers|militants?|rebels?|"
    r"attack(?:ed|s)?|killed|protests?|arrest(?:ed)?|sanctions|talks|court|officials?|"
    r"congress|senate|parliament|election|islamic state|isis|war|ceasefire|embassy)\b", re.I)


def _candidates(shared: Path, source: str, lo: int, hi: int):
    if source == "polnear":
        articles = read_polnear(shared, "train")
    else:
        articles = read_corpus(shared / "data" / "corpora", source)
    seen_openings = set()
    for article in articles:
        if source == "bbc_2225" and not article.id.startswith("politics-"):
            continue
        if not lo <= len(article.text) <= hi:
            continue
        if source in ("fnc1_bodies", "polnear"):
            if len({m.lower() for m in PUBLIC_AFFAIRS.findall(article.text)}) < 2:
                continue
            opening = article.text[:150]
            if opening in seen_openings:  # FNC-1 repeats bodies of one story under several ids
                continue
            seen_openings.add(opening)
        yield article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    rng = random.Random(SEED)
    rows = []
    for source, count, lo, hi in QUOTAS:
        pool = sorted(_candidates(args.shared, source, lo, hi), key=lambda a: a.id)
        chosen = rng.sample(pool, count)
        splits = [name for name, share in SPLIT_SHARES for _ in range(round(share * count))]
        splits = (splits + ["test"] * count)[:count]
        rng.shuffle(splits)
        rows += [(a, split) for a, split in zip(chosen, splits)]
        print(f"{source}: {count} of {len(pool)} candidates")
    seed = next(read_seed(args.shared))
    rows.append((seed, "dev"))  # the seed is public and already tuned on: never a test article
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("id\tsplit\tpublished\ttext_sha256\n")
        for article, split in rows:
            record_id = article.as_record()["id"]
            out.write(f"{record_id}\t{split}\t{article.published or ''}\t{text_sha256(article.text)}\n")
    print(f"wrote {OUT}: {len(rows)} articles")


if __name__ == "__main__":
    main()
