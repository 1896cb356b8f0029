"""Checks that a document (as JSON) keeps the contract's promises: every span indexes the
text, every reference resolves. Used by the corpus tests and benchmarks/corpora_check.py."""
from __future__ import annotations

from typing import Any


def document_spans(doc: dict[str, Any]) -> list[dict[str, Any]]:
    spans = [m for a in doc["actors"] for m in a["mentions"]] + [m for p in doc["places"] for m in p["mentions"]]
    spans += [e["trigger"] for e in doc["events"]]
    spans += [q[k] for q in doc["quotes"] for k in ("source", "cue", "content") if q[k]]
    return spans


def contract_problems(doc: dict[str, Any]) -> list[str]:
    """Every broken promise in one document, described; empty when it keeps them all."""
    text = doc["text"]
    problems = [f"span {s} does not index the text" for s in document_spans(doc)
                if text[s["start"]:s["end"]] != s["text"]]
    problems += [f"sentence {s['index']} lies outside the text" for s in doc["sentences"]
                 if not 0 <= s["start"] <= s["end"] <= len(text)]
    actors, places = {a["id"] for a in doc["actors"]}, {p["id"] for p in doc["places"]}
    for e in doc["events"]:
        if not set(e["source"]) | set(e["target"]) <= actors:
            problems.append(f"event {e['id']} names a missing actor")
        if e["place"] is not None and e["place"] not in places:
            problems.append(f"event {e['id']} names a missing place")
        if e["attributed_to"] is not None and e["attributed_to"] not in actors:
            problems.append(f"event {e['id']} is attributed to a missing actor")
        if not 0 <= e["sentence"] < len(doc["sentences"]):
            problems.append(f"event {e['id']} points to a missing sentence")
    problems += [f"quote {q['id']} has a missing speaker" for q in doc["quotes"]
                 if q["speaker"] is not None and q["speaker"] not in actors]
    return problems
