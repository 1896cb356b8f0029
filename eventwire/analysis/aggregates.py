"""Counts and Goldstein sums over events: time series, totals by a dimension, top actors and
the actor-actor network.

The database groups by day (or by a dimension); rolling days up into ISO weeks and months
happens here in Python, over at most a few thousand rows, so the SQL stays the same on
DuckDB and PostgreSQL. Cooperation is quad classes 1 and 2 (verbal, material), conflict
quad classes 3 and 4, as in GDELT.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from eventwire.analysis.filters import EventFilters, SqlReader, event_day_sql

INTERVALS = ("day", "week", "month", "year")

# Dimension name -> SQL expression over the events_from aliases (constants, never user text).
COUNT_DIMENSIONS: dict[str, str] = {
    "source_country": "e.source_country",
    "target_country": "e.target_country",
    "dyad": "coalesce(e.source_country, '*') || '-' || coalesce(e.target_country, '*')",
    "plover_type": "e.plover_type",
    "quad_class": "CAST(e.quad_class AS VARCHAR)",
    "cameo_root": "e.cameo_root",
    "source_code": "e.source_code",
    "target_code": "e.target_code",
}

_QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
_QUAD_SUMS = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS {name}" for q, name in enumerate(_QUADS, 1))


def _period(interval: str) -> Callable[[str], str]:
    """Maps an ISO day to the label of its period: the day, the Monday of its ISO week, YYYY-MM or YYYY."""
    if interval == "day":
        return lambda day: day
    if interval == "week":
        return lambda day: (date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())).isoformat()
    if interval == "month":
        return lambda day: day[:7]
    if interval == "year":
        return lambda day: day[:4]
    raise ValueError(f"interval: {interval!r} is not one of {', '.join(INTERVALS)}")


def _dimension(name: str) -> str:
    try:
        return COUNT_DIMENSIONS[name]
    except KeyError:
        raise ValueError(f"by: {name!r} is not one of {', '.join(COUNT_DIMENSIONS)}") from None


def _totals(row: dict[str, Any]) -> dict[str, Any]:
    """Event count, Goldstein sum and mean, per-quad counts, cooperation and conflict for one group."""
    events = int(row["events"])
    goldstein = float(row["goldstein"] or 0.0)
    quads = {name: int(row[name]) for name in _QUADS}
    return {"events": events, "goldstein": round(goldstein, 3),
            "mean_goldstein": round(goldstein / events, 3) if events else None, **quads,
            "cooperation": quads["verbal_cooperation"] + quads["material_cooperation"],
            "conflict": quads["verbal_conflict"] + quads["material_conflict"]}


def series(reader: SqlReader, filters: EventFilters = EventFilters(), *, interval: str = "month",
           group_by: str | None = None) -> list[dict[str, Any]]:
    """Events per period (and per `group_by` dimension), oldest first, with Goldstein sums and quad counts.

    Events with no date at all (no event date and no article date) are left out.
    """
    to_period = _period(interval)
    group_sql = _dimension(group_by) if group_by else "NULL"
    where, params = filters.where()
    day = event_day_sql()
    rows = reader.rows(
        f"SELECT {day} AS day, {group_sql} AS grp, count(*) AS events, sum(e.goldstein) AS goldstein, {_QUAD_SUMS} "
        f"{filters.from_sql()} WHERE {where} AND {day} <> '' "
        f"GROUP BY 1, 2", params)
    merged: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in rows:
        try:
            key = (to_period(row["day"]), row["grp"])
        except ValueError:
            continue  # a malformed stored date cannot be placed in a week
        total = merged.setdefault(key, {"events": 0, "goldstein": 0.0, **{q: 0 for q in _QUADS}})
        for name in ("events", "goldstein", *_QUADS):
            total[name] += row[name] or 0
    points = []
    for (period, group), total in sorted(merged.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        point = {"period": period, **_totals(total)}
        if group_by:
            point[group_by] = group
        points.append(point)
    return points


def counts(reader: SqlReader, filters: EventFilters = EventFilters(), *, by: str = "dyad",
           limit: int = 50) -> list[dict[str, Any]]:
    """Totals per value of one dimension (dyad, source_country, plover_type, quad_class, ...), largest first."""
    expr = _dimension(by)
    where, params = filters.where()
    rows = reader.rows(
        f"SELECT {expr} AS key, count(*) AS events, sum(e.goldstein) AS goldstein, {_QUAD_SUMS} "
        f"{filters.from_sql()} WHERE {where} "
        f"GROUP BY 1 ORDER BY events DESC, key LIMIT ?", [*params, limit])
    return [{by: row["key"], **_totals(row)} for row in rows]


def top_actors(reader: SqlReader, filters: EventFilters = EventFilters(), *, role: str = "any",
               limit: int = 20) -> list[dict[str, Any]]:
    """Actors (by CAMEO code) in the most events, counting every source and target actor of each event."""
    roles = {"any": ("source", "target"), "source": ("source",), "target": ("target",)}
    if role not in roles:
        raise ValueError(f"role: {role!r} is not one of any, source, target")
    where, params = filters.where()
    unions = " UNION ALL ".join(
        f"SELECT article_id, id, goldstein, unnest({name}_actor_ids) AS actor_id, '{name}' AS role FROM matched"
        for name in roles[role])
    rows = reader.rows(
        f"WITH matched AS (SELECT e.article_id, e.id, e.goldstein, e.source_actor_ids, e.target_actor_ids "
        f"{filters.from_sql()} WHERE {where}), roles AS ({unions}) "
        f"SELECT x.code AS code, min(x.country) AS country, "
        f"count(DISTINCT r.article_id || ':' || r.id) AS events, "
        f"count(*) FILTER (WHERE r.role = 'source') AS as_source, "
        f"count(*) FILTER (WHERE r.role = 'target') AS as_target, sum(r.goldstein) AS goldstein, "
        f"count(DISTINCT r.article_id) AS articles "
        f"FROM roles r JOIN actors x ON x.article_id = r.article_id AND x.id = r.actor_id "
        f"WHERE coalesce(x.code, '') <> '' GROUP BY x.code ORDER BY events DESC, code LIMIT ?", [*params, limit])
    names = _usual_names(reader, [r["code"] for r in rows])
    return [{"code": r["code"], "name": names.get(r["code"]), "country": r["country"], "events": int(r["events"]),
             "as_source": int(r["as_source"]), "as_target": int(r["as_target"]),
             "articles": int(r["articles"]), "goldstein": round(float(r["goldstein"] or 0), 3)} for r in rows]


def _usual_names(reader: SqlReader, codes: list[str]) -> dict[str, str]:
    """The name each code is most often stored under (ties: alphabetically first), the same on every database."""
    if not codes:
        return {}
    counted = reader.rows(f"SELECT code, name, count(*) AS n FROM actors WHERE code IN "
                          f"({', '.join('?' for _ in codes)}) GROUP BY 1, 2", codes)
    best: dict[str, tuple[int, str]] = {}
    for row in counted:
        key = (-int(row["n"]), row["name"])
        if row["code"] not in best or key < best[row["code"]]:
            best[row["code"]] = key
    return {code: name for code, (_, name) in best.items()}


def network(reader: SqlReader, filters: EventFilters = EventFilters(), *, level: str = "country",
            min_weight: int = 1, limit: int = 200) -> dict[str, list[dict[str, Any]]]:
    """Directed actor-actor network: an edge per (source, target) with its event count as weight.

    `level` "country" links the first source and target actors' countries, "code" their
    CAMEO codes (RUSGOV -> UKRMIL). Self-loops are left out; the heaviest `limit` edges are kept.
    """
    columns = {"country": ("e.source_country", "e.target_country"), "code": ("e.source_code", "e.target_code")}
    if level not in columns:
        raise ValueError(f"level: {level!r} is not one of country, code")
    source, target = columns[level]
    where, params = filters.where()
    rows = reader.rows(
        f"SELECT {source} AS source, {target} AS target, count(*) AS weight, sum(e.goldstein) AS goldstein, "
        f"count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation, "
        f"count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict "
        f"{filters.from_sql()} WHERE {where} "
        f"AND {source} IS NOT NULL AND {target} IS NOT NULL AND {source} <> {target} "
        f"GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY weight DESC, source, target LIMIT ?",
        [*params, min_weight, limit])
    edges = [{"source": r["source"], "target": r["target"], "weight": int(r["weight"]),
              "goldstein": round(float(r["goldstein"] or 0), 3),
              "mean_goldstein": round(float(r["goldstein"] or 0) / int(r["weight"]), 3),
              "cooperation": int(r["cooperation"]), "conflict": int(r["conflict"])} for r in rows]
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for end, direction in ((edge["source"], "out"), (edge["target"], "in")):
            node = nodes.setdefault(end, {"id": end, "weight": 0, "out": 0, "in": 0})
            node["weight"] += edge["weight"]
            node[direction] += edge["weight"]
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["weight"], n["id"])), "edges": edges}
