"""The API's reads: event lists with keyset paging, one event with its evidence, quotes, stories.

Paging is by cursor: an opaque token holding the sort key of the last row sent, so that a
page costs the same however deep it is and rows added meanwhile never shift it. Every value
from a request is a parameter; SQL text comes from this module only.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import replace
from typing import Any

from eventwire.analysis.filters import EventFilters, event_day_sql, events_from
from eventwire.api.database import Database

_EVENT_COLUMNS = (
    "e.article_id, e.id AS event_id, e.seq, e.sentence, e.cameo, e.cameo_root, e.plover_type, e.plover_mode, "
    "e.goldstein, e.quad_class, e.date AS event_date, e.trigger_start, e.trigger_end, e.trigger_text, e.negated, "
    "e.modality, e.attributed_to, e.confidence, e.source_country, e.target_country, e.source_code, e.target_code, "
    "e.source_actor_ids, e.target_actor_ids, e.place_id, sa.name AS source_name, ta.name AS target_name, "
    "p.name AS place_name, p.country AS place_country, a.title, a.source AS outlet, a.url, "
    "CAST(a.published AS VARCHAR) AS published")


class BadRequest(ValueError):
    """A request parameter the API cannot use; answered with 400 and this message."""


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str, shape: tuple[type, ...]) -> list[Any]:
    """The sort key inside a cursor token, checked against the types it must hold."""
    try:
        key = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest("cursor: not a cursor this API issued (pass next_cursor from a previous page)") from None
    if not isinstance(key, list) or len(key) != len(shape) or not all(
            isinstance(v, t) and not isinstance(v, bool) for v, t in zip(key, shape)):
        raise BadRequest("cursor: not a cursor this API issued (pass next_cursor from a previous page)")
    return key


def event_public_id(article_id: str, event_id: str) -> str:
    """One string naming an event across the store: `<article id>:<event id>` (event ids hold no colon)."""
    return f"{article_id}:{event_id}"


def split_event_id(public_id: str) -> tuple[str, str]:
    article_id, sep, event_id = public_id.rpartition(":")
    if not sep or not article_id or not event_id:
        raise BadRequest(f"event id {public_id!r} is not of the form <article id>:<event id>, e.g. ew-sample-001:e1")
    return article_id, event_id


def _event_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event_public_id(row["article_id"], row["event_id"]),
        "article_id": row["article_id"], "event_id": row["event_id"],
        "date": row["day"] or None, "event_date": row["event_date"],
        "cameo": row["cameo"], "cameo_root": row["cameo_root"],
        "plover": {"type": row["plover_type"], "mode": row["plover_mode"]},
        "goldstein": row["goldstein"], "quad_class": row["quad_class"],
        "trigger": {"start": row["trigger_start"], "end": row["trigger_end"], "text": row["trigger_text"]},
        "source": {"country": row["source_country"], "code": row["source_code"], "name": row["source_name"],
                   "actor_ids": list(row["source_actor_ids"])},
        "target": {"country": row["target_country"], "code": row["target_code"], "name": row["target_name"],
                   "actor_ids": list(row["target_actor_ids"])},
        "place": ({"id": row["place_id"], "name": row["place_name"], "country": row["place_country"]}
                  if row["place_id"] else None),
        "negated": row["negated"], "modality": row["modality"], "attributed_to": row["attributed_to"],
        "confidence": row["confidence"], "sentence_index": row["sentence"],
        "sentence": row.get("sentence_text"),
        "article": {"title": row["title"], "source": row["outlet"], "url": row["url"], "published": row["published"]},
    }


# Above this many sentence matches, intersecting them with the other filters in Python
# costs more than letting SQL do the text search.
_MAX_TEXT_MATCHES_TO_INTERSECT = 5000


def list_events(db: Database, filters: EventFilters, *, limit: int, cursor: str | None,
                sentences: bool = False) -> dict[str, Any]:
    """One page of events, newest day first (then article id and document order), and the next cursor.

    Two queries: the first finds the page's keys, joining only what the filters need and
    sorting nothing wider than a key; the second fetches the page's rows with their actors,
    place and sentence. Sorting whole rows (article text included) is what made a 100k-event
    store slow. Text search uses the in-memory sentence index when the store has one.
    """
    after = decode_cursor(cursor, (str, str, int)) if cursor is not None else None
    keys = _keys_from_text_index(db, filters, after, limit)
    if keys is None:
        keys = _keys_from_sql(filters, db, after, limit)
    more = len(keys) > limit
    keys = keys[:limit]
    rows = _event_rows(db, [(article, seq) for _, article, seq in keys], sentences=sentences)
    next_cursor = encode_cursor(list(keys[-1])) if more else None
    return {"events": [_event_json(r) for r in rows], "next_cursor": next_cursor, "limit": limit}


def _keys_from_sql(filters: EventFilters, db: Database, after: list[Any] | None, limit: int) -> list[tuple]:
    day = event_day_sql()
    where, params = filters.where()
    if after is not None:
        where += f" AND ({day} < ? OR ({day} = ? AND (e.article_id > ? OR (e.article_id = ? AND e.seq > ?))))"
        params += [after[0], after[0], after[1], after[1], after[2]]
    rows = db.rows(f"SELECT {day} AS day, e.article_id, e.seq {filters.from_sql()} WHERE {where} "
                   f"ORDER BY day DESC, e.article_id, e.seq LIMIT ?", [*params, limit + 1])
    return [(r["day"], r["article_id"], r["seq"]) for r in rows]


def _keys_from_text_index(db: Database, filters: EventFilters, after: list[Any] | None,
                          limit: int) -> list[tuple] | None:
    """The page's keys found through the text index, or None when SQL should answer instead."""
    index = db.text_index
    if not filters.text or index is None or not index.ready:
        return None
    matched = index.search(filters.text)
    others = replace(filters, text=None)
    if not others.is_empty():
        if len(matched) > _MAX_TEXT_MATCHES_TO_INTERSECT:
            return None
        if not matched:
            return []
        # The other filters, in SQL, over the matched events' articles only.
        articles = sorted({article for _, article, _ in matched})
        where, params = others.where()
        allowed = {(r["article_id"], r["seq"]) for r in db.rows(
            f"SELECT e.article_id, e.seq {others.from_sql()} WHERE {where} "
            f"AND e.article_id IN ({', '.join('?' for _ in articles)})", [*params, *articles])}
        matched = [key for key in matched if (key[1], key[2]) in allowed]
    if after is not None:
        last_day, last_article, last_seq = after
        matched = [k for k in matched if k[0] < last_day or (k[0] == last_day and (
            k[1] > last_article or (k[1] == last_article and k[2] > last_seq)))]
    return matched[:limit + 1]


def _event_rows(db: Database, keys: list[tuple[str, int]], *, sentences: bool = False) -> list[dict[str, Any]]:
    """Full rows (actors, place; the sentence if asked) for events named by (article id, seq), in the order given."""
    if not keys:
        return []
    articles = sorted({article for article, _ in keys})
    seqs = sorted({seq for _, seq in keys})
    in_articles = ", ".join("?" for _ in articles)
    # Every joined table is cut down to the page's articles before joining: a hash join
    # against a whole table (hundreds of thousands of actors) is what costs. Two IN lists
    # select a superset of the pairs (cheap to plan, unlike 500 ORed pairs); the exact pairs
    # are picked out below. The sentence text is cut from the article text only when asked:
    # reading article texts is the slowest part of any query.
    sentence_sql = ("substr(a.text, s.\"start\" + 1, s.\"end\" - s.\"start\")" if sentences else "NULL")
    found = db.rows(
        f"WITH e AS (SELECT * FROM events WHERE article_id IN ({in_articles}) "
        f"AND seq IN ({', '.join('?' for _ in seqs)})), "
        f"a AS (SELECT id, title, source, url, published{', text' if sentences else ''} FROM articles "
        f"WHERE id IN ({in_articles})), "
        f"x AS (SELECT article_id, id, name FROM actors WHERE article_id IN ({in_articles})), "
        f"p AS (SELECT article_id, id, name, country FROM places WHERE article_id IN ({in_articles})), "
        f"s AS (SELECT article_id, idx, \"start\", \"end\" FROM sentences WHERE article_id IN ({in_articles})) "
        f"SELECT {_EVENT_COLUMNS}, {event_day_sql()} AS day, {sentence_sql} AS sentence_text "
        f"FROM e JOIN a ON a.id = e.article_id "
        f"LEFT JOIN x sa ON sa.article_id = e.article_id AND sa.id = e.source_actor_ids[1] "
        f"LEFT JOIN x ta ON ta.article_id = e.article_id AND ta.id = e.target_actor_ids[1] "
        f"LEFT JOIN p ON p.article_id = e.article_id AND p.id = e.place_id "
        f"LEFT JOIN s ON s.article_id = e.article_id AND s.idx = e.sentence",
        [*articles, *seqs, *articles, *articles, *articles, *articles])
    by_key = {(r["article_id"], r["seq"]): r for r in found}
    return [by_key[key] for key in keys if key in by_key]


def _span(kind: str, start: int, end: int, text: str, sentence_start: int, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "start": start, "end": end, "text": text,
            "sentence_start": start - sentence_start, "sentence_end": end - sentence_start, **extra}


def get_event(db: Database, public_id: str) -> dict[str, Any] | None:
    """One event with its evidence: the sentence, and spans for trigger, source, target and place."""
    article_id, event_id = split_event_id(public_id)
    day = event_day_sql()
    rows = db.rows(f"SELECT {_EVENT_COLUMNS}, {day} AS day, s.\"start\" AS sentence_start, s.\"end\" AS sentence_end, "
                   f"substr(a.text, s.\"start\" + 1, s.\"end\" - s.\"start\") AS sentence_text "
                   f"{events_from(sentences=True)} WHERE e.article_id = ? AND e.id = ?", [article_id, event_id])
    if not rows:
        return None
    row = rows[0]
    event = _event_json(row)
    start, end = row["sentence_start"] or 0, row["sentence_end"] or 0
    spans = [_span("trigger", row["trigger_start"], row["trigger_end"], row["trigger_text"], start)]
    roles = {actor: "source" for actor in row["source_actor_ids"]}
    roles.update({actor: "target" for actor in row["target_actor_ids"] if actor not in roles})
    entities = list(roles) + ([row["place_id"]] if row["place_id"] else [])
    if entities:
        marks = ", ".join("?" for _ in entities)
        # Mentions inside the event's sentence are the evidence; the article view shows the rest.
        for m in db.rows(f"SELECT m.entity_id, m.kind, m.\"start\", m.\"end\", m.text FROM mentions m "
                         f"WHERE m.article_id = ? AND m.entity_id IN ({marks}) "
                         f"AND m.\"start\" >= ? AND m.\"end\" <= ? ORDER BY m.\"start\"",
                         [article_id, *entities, start, end]):
            kind = "place" if m["kind"] == "place" else roles.get(m["entity_id"])
            if kind:
                spans.append(_span(kind, m["start"], m["end"], m["text"], start, entity_id=m["entity_id"]))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    actor_ids = list(roles)
    actors = []
    if actor_ids:
        marks = ", ".join("?" for _ in actor_ids)
        actors = db.rows(f"SELECT id, name, country, sector, kind, code, role FROM actors "
                         f"WHERE article_id = ? AND id IN ({marks}) ORDER BY seq", [article_id, *actor_ids])
        for actor in actors:
            actor["event_role"] = roles[actor["id"]]
    event["evidence"] = {"sentence": {"index": row["sentence"], "start": start, "end": end,
                                      "text": row["sentence_text"] or ""},
                         "spans": spans}
    event["actors"] = actors
    event["outlets"] = _outlets(db, article_id)
    event["story"] = _story_of(db, article_id, event_id)
    return event


def _outlets(db: Database, article_id: str) -> list[dict[str, Any]]:
    """The article and its stored near-duplicates (wire copies run by other outlets)."""
    return db.rows("SELECT a.id, a.source, a.title, CAST(a.published AS VARCHAR) AS published FROM articles a "
                   "WHERE a.id = ? OR a.id IN (SELECT d.article_id FROM duplicates d WHERE d.duplicate_of = ?) "
                   "ORDER BY a.published, a.id", [article_id, article_id])


def _story_of(db: Database, article_id: str, event_id: str) -> dict[str, Any] | None:
    rows = db.rows("SELECT st.id, st.label, st.num_events, st.num_articles, st.num_sources FROM story_events se "
                   "JOIN stories st ON st.id = se.story_id WHERE se.article_id = ? AND se.event_id = ?",
                   [article_id, event_id])
    return rows[0] if rows else None


def get_article(db: Database, article_id: str) -> dict[str, Any] | None:
    """The stored document (the JSON contract) of one article, with its event ids made public."""
    document = db.document(article_id)
    if document is None:
        return None
    body = document.to_dict()
    for event in body["events"]:
        event["public_id"] = event_public_id(article_id, event["id"])
    body["duplicates"] = db.rows("SELECT article_id, similarity FROM duplicates WHERE duplicate_of = ? "
                                 "ORDER BY article_id", [article_id])
    return body


def list_quotes(db: Database, *, text: str | None, speaker: str | None, article_id: str | None,
                since: str | None, until: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
    """Quotations, newest article first, with their speaker resolved to an actor where known."""
    clauses, params = ["TRUE"], []
    if text:
        clauses.append("strpos(lower(q.content_text), lower(?)) > 0")
        params.append(text)
    if speaker:
        clauses.append("(strpos(lower(x.name), lower(?)) > 0 OR strpos(lower(q.source_text), lower(?)) > 0 "
                       "OR x.code = upper(?))")
        params += [speaker, speaker, speaker]
    if article_id:
        clauses.append("q.article_id = ?")
        params.append(article_id)
    pub = "coalesce(CAST(a.published AS VARCHAR), '')"
    if since:
        clauses.append(f"{pub} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{pub} <> '' AND {pub} <= ?")
        params.append(until)
    if cursor is not None:
        last_day, last_article, last_seq = decode_cursor(cursor, (str, str, int))
        clauses.append(f"({pub} < ? OR ({pub} = ? AND (q.article_id > ? OR (q.article_id = ? AND q.seq > ?))))")
        params += [last_day, last_day, last_article, last_article, last_seq]
    rows = db.rows(
        f"SELECT q.article_id, q.id, q.seq, q.kind, q.speaker, x.name AS speaker_name, x.code AS speaker_code, "
        f"x.country AS speaker_country, q.source_text, q.cue_text, q.content_start, q.content_end, q.content_text, "
        f"a.title, a.source AS outlet, {pub} AS published "
        f"FROM quotes q JOIN articles a ON a.id = q.article_id "
        f"LEFT JOIN actors x ON x.article_id = q.article_id AND x.id = q.speaker "
        f"WHERE {' AND '.join(clauses)} ORDER BY published DESC, q.article_id, q.seq LIMIT ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    quotes = [{"id": f"{r['article_id']}:{r['id']}", "article_id": r["article_id"], "quote_id": r["id"],
               "kind": r["kind"], "speaker": ({"id": r["speaker"], "name": r["speaker_name"],
                                               "code": r["speaker_code"], "country": r["speaker_country"]}
                                              if r["speaker"] else None),
               "source_text": r["source_text"], "cue": r["cue_text"],
               "content": {"start": r["content_start"], "end": r["content_end"], "text": r["content_text"]},
               "article": {"title": r["title"], "source": r["outlet"], "published": r["published"] or None}}
              for r in rows]
    next_cursor = encode_cursor([rows[-1]["published"], rows[-1]["article_id"], rows[-1]["seq"]]) if more else None
    return {"quotes": quotes, "next_cursor": next_cursor, "limit": limit}


def list_stories(db: Database, filters: EventFilters, *, limit: int, cursor: str | None) -> dict[str, Any]:
    """Stories (one real-world event, many articles), most recently seen first; empty until built."""
    clauses, params = ["TRUE"], []
    for column, value in (("source_country", filters.source), ("target_country", filters.target),
                          ("plover_type", filters.plover_type), ("cameo_root", filters.cameo_root),
                          ("quad_class", filters.quad_class)):
        if value is not None:
            clauses.append(f"st.{column} = ?")
            params.append(value)
    if filters.country:
        clauses.append("(st.source_country = ? OR st.target_country = ?)")
        params += [filters.country, filters.country]
    if filters.since:
        clauses.append("coalesce(st.last_seen, '') >= ?")
        params.append(filters.since)
    if filters.until:
        clauses.append("coalesce(st.first_seen, '') <> '' AND st.first_seen <= ?")
        params.append(filters.until)
    if filters.text:
        clauses.append("strpos(lower(coalesce(st.label, '')), lower(?)) > 0")
        params.append(filters.text)
    if cursor is not None:
        last_seen, last_id = decode_cursor(cursor, (str, str))
        clauses.append("(coalesce(st.last_seen, '') < ? OR (coalesce(st.last_seen, '') = ? AND st.id > ?))")
        params += [last_seen, last_seen, last_id]
    rows = db.rows(
        f"SELECT st.id, st.first_seen, st.last_seen, st.cameo_root, st.plover_type, st.source_country, "
        f"st.target_country, st.label, st.goldstein, st.quad_class, st.num_events, st.num_articles, st.num_sources, "
        f"coalesce(st.last_seen, '') AS sort_day FROM stories st WHERE {' AND '.join(clauses)} "
        f"ORDER BY sort_day DESC, st.id LIMIT ?", [*params, limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([rows[-1]["sort_day"], rows[-1]["id"]]) if more else None
    for row in rows:
        del row["sort_day"]
    return {"stories": rows, "next_cursor": next_cursor, "limit": limit}


def get_story(db: Database, story_id: str) -> dict[str, Any] | None:
    rows = db.rows("SELECT * FROM stories WHERE id = ?", [story_id])
    if not rows:
        return None
    story = rows[0]
    day = event_day_sql()
    members = db.rows(
        f"SELECT e.article_id, e.id AS event_id, {day} AS day, e.plover_type, e.cameo, e.trigger_text, "
        f"e.source_country, e.target_country, a.title, a.source AS outlet "
        f"FROM story_events se JOIN events e ON e.article_id = se.article_id AND e.id = se.event_id "
        f"JOIN articles a ON a.id = e.article_id WHERE se.story_id = ? ORDER BY day, e.article_id, e.seq", [story_id])
    story["events"] = [{"id": event_public_id(m["article_id"], m["event_id"]), **m} for m in members]
    return story
