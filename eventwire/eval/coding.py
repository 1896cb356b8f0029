"""Code gold-set records in-process, exactly as `eventwire code --jsonl -` would code them.

The official judges (../shared/tools/score_*.py) pipe JSON lines through the CLI. To agree
with them to the last digit, our evaluation sends each record through the same JSON-lines
reader the CLI uses (so ids, dates and bad records are treated identically) and scores the
JSON form of each document, which is what the judges see.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.ingest.readers import ReadError, read_jsonl_stream
from eventwire.pipeline import ArticleInput, Failure, Pipeline


def _inputs(records: Iterable[dict[str, Any]]) -> Iterator[ArticleInput]:
    # Serialise as the judges do (json.dumps, default ensure_ascii) and read back with the
    # CLI's reader: any normalisation it does, or any record it rejects, happens here too.
    payload = "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    for item in read_jsonl_stream(io.BytesIO(payload), "gold"):
        if not isinstance(item, ReadError):  # the CLI skips these; the judge then sees no document
            yield item.article


def code_records(pipeline: Pipeline, records: Iterable[dict[str, Any]], *, raw: bool = False) -> dict[str, dict[str, Any]]:
    """Documents as JSON-shaped dicts keyed by `article.id`; failed records are absent, as under the CLI."""
    docs: dict[str, dict[str, Any]] = {}
    for result in pipeline.code_many(_inputs(records), raw=raw):
        if isinstance(result, Failure):
            continue
        # Round-trip through JSON so that tuples become lists etc., exactly the judge's view.
        doc = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
        docs[str(doc.get("article", {}).get("id"))] = doc
    return docs


def prf(hits_pred: int, n_pred: int, hits_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1, zero (not an error) where a denominator is zero, as the judges do."""
    p = hits_pred / n_pred if n_pred else 0.0
    r = hits_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
