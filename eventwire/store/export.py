"""Export a store's events: GDELT 2.0 event TSV, PLOVER JSON lines, CSV, JSON lines, Parquet.

    with DuckDBStore("ew.duckdb", read_only=True) as store:
        n = write_gdelt(store, handle, EventFilter(country="RUS"), gdelt_tables())

Every writer streams one event at a time (ordered by article, then document order) and
returns the number of events written, so memory stays flat whatever the store's size.
Filters become parameterised SQL; no value is ever formatted into a statement.

The writers read DuckDB (the Parquet writer is DuckDB's own COPY). A PostgreSQL store is
exported through `local_copy`: the tables an export reads are streamed into a temporary
DuckDB file and the same writers run on it, so both stores give byte-identical output for
the same events. The price is one pass over those tables and temporary disk space about
the size of their data.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

import duckdb

from eventwire import __version__
from eventwire.events.ontology import Ontology
from eventwire.store.duckdb_store import DuckDBStore
from eventwire.store.postgres_store import PostgresStore

FORMATS = ("gdelt", "csv", "jsonl", "plover", "parquet")
GDELT_COLUMNS_COUNT = 61
# Countries GDELT writes with no CountryCode: an IGO/NGO actor's organisation goes in KnownGroupCode.
_GROUP_COUNTRIES = ("IGO", "NGO")
_BATCH = 1000

# The day an event is filed under: its own date when that is a full ISO date, else the
# article's publication day (partial dates like "2021-02" cannot fill GDELT's SQLDATE).
_DAY_SQL = "coalesce(try_cast(e.date AS DATE), a.published)"


@dataclass(frozen=True)
class EventFilter:
    """Which events to export; None means no restriction. Bounds are inclusive."""

    since: date | None = None
    until: date | None = None
    country: str | None = None  # ISO3 / CAMEO region / IGO / NGO of any source or target actor
    plover_type: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """An SQL condition over `events e JOIN articles a`, and its parameters."""
        clauses, params = ["TRUE"], []
        if self.since is not None:
            clauses.append(f"{_DAY_SQL} >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append(f"{_DAY_SQL} <= ?")
            params.append(self.until)
        if self.country is not None:
            # Any source or target actor counts, not only the first one copied into events.
            clauses.append("EXISTS (SELECT 1 FROM actors x WHERE x.article_id = e.article_id AND x.country = ? "
                           "AND (list_contains(e.source_actor_ids, x.id) OR list_contains(e.target_actor_ids, x.id)))")
            params.append(self.country)
        if self.plover_type is not None:
            clauses.append("e.plover_type = ?")
            params.append(self.plover_type)
        return " AND ".join(clauses), params


# -- exporting from PostgreSQL ---------------------------------------------------------------

# What the writers read; mentions, quotes, failures and the rest stay behind.
EXPORTED_TABLES = ("articles", "sentences", "actors", "places", "events")
_COPY_BATCH = 5000


@contextmanager
def local_copy(store: PostgresStore) -> Iterator[DuckDBStore]:
    """A read-only DuckDB store holding `store`'s EXPORTED_TABLES, deleted on exit."""
    with tempfile.TemporaryDirectory(prefix="eventwire-export-") as tmp:
        path = Path(tmp) / "export.duckdb"
        with DuckDBStore(path) as local:  # creates the same tables, from the same migrations
            for table in EXPORTED_TABLES:
                copy_table(store, local, table)
        with DuckDBStore(path, read_only=True) as local:
            yield local


def copy_table(source: PostgresStore, target: DuckDBStore, table: str) -> int:
    """Stream every row of `table` from PostgreSQL into the same table in DuckDB; returns the rows copied."""
    if table not in EXPORTED_TABLES:  # names are formatted into SQL: only our own
        raise ValueError(f"{table!r} is not an exported table")
    columns = [row[0] for row in target.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table]).fetchall()]
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    copied = 0
    # A server-side (named) cursor streams rows; it lives inside a transaction.
    with source.con.transaction(), source.con.cursor(name=f"eventwire_export_{table}") as cursor:
        cursor.execute(f"SELECT {names} FROM {table}")
        while rows := cursor.fetchmany(_COPY_BATCH):
            target.con.executemany(insert, [list(r) for r in rows])
            copied += len(rows)
    return copied


# -- validation (the CLI turns ValueError into a usage error) -------------------------------

def parse_day(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date: {exc}") from None


def check_country(value: str, known: set[str]) -> str:
    code = value.strip().upper()
    if code not in known:
        raise ValueError(f"{value!r} is not a known ISO 3166 alpha-3 country code, CAMEO region, IGO or NGO "
                         "(e.g. RUS, UKR, WST, IGO)")
    return code


def check_plover_type(value: str, ontology: Ontology) -> str:
    name = value.strip().upper()
    if name not in ontology.plover_types():
        raise ValueError(f"{value!r} is not a PLOVER type; one of: {', '.join(ontology.plover_types())}")
    return name


def known_countries(fips: Mapping[str, tuple[str, str]]) -> set[str]:
    """Every code an actor's `country` may hold: ISO3 countries, CAMEO regions, IGO, NGO."""
    regions = _data_text(("actors", "regions.tsv")).splitlines()[1:]
    return set(fips) | {line.split("\t")[0] for line in regions if line} | set(_GROUP_COUNTRIES)


def load_fips() -> dict[str, tuple[str, str]]:
    """ISO3 -> (FIPS 10-4 code, country name) from data/export/iso3_to_fips.tsv."""
    table: dict[str, tuple[str, str]] = {}
    lines = [line for line in _data_text(("export", "iso3_to_fips.tsv")).splitlines()
             if line and not line.startswith("#")]
    for line in lines[1:]:
        iso3, fips, name = line.split("\t")
        table[iso3] = (fips, name)
    return table


def _data_text(parts: tuple[str, ...]) -> str:
    root = files("eventwire").joinpath("data")
    for part in parts:  # one segment per joinpath, as ontology.py explains
        root = root.joinpath(part)
    return root.read_text(encoding="utf-8")


# -- reading events with their article context -----------------------------------------------

@dataclass
class ArticleContext:
    """What an event's fields point at: the article's actors, places, sentences and text."""

    text: str
    actors: dict[str, dict[str, Any]]
    places: dict[str, dict[str, Any]]
    sentences: dict[int, tuple[int, int]]
    lead_sentence: int  # first sentence that is not boilerplate: GDELT's "lead paragraph" proxy

    def actor_list(self, ids: list[str]) -> list[dict[str, Any]]:
        return [self.actors[i] for i in ids if i in self.actors]

    def sentence_text(self, index: int) -> str | None:
        span = self.sentences.get(index)
        return self.text[span[0]:span[1]] if span else None


def iter_events(store: DuckDBStore, flt: EventFilter) -> Iterator[tuple[dict[str, Any], ArticleContext]]:
    """Matching events as column dicts (events.*, article fields, `day`), each with its article's context."""
    where, params = flt.where()
    # Two cursors: the event stream stays open while article context is fetched beside it.
    stream, lookup = store.con.cursor(), store.con.cursor()
    try:
        stream.execute(
            f"SELECT e.*, a.published, a.url, a.title, a.source AS article_source, a.coded_at, {_DAY_SQL} AS day "
            f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} ORDER BY e.article_id, e.seq",
            params)
        names = [d[0] for d in stream.description]
        current: tuple[str, ArticleContext] | None = None
        while rows := stream.fetchmany(_BATCH):
            for row in rows:
                event = dict(zip(names, row))
                if current is None or current[0] != event["article_id"]:
                    current = (event["article_id"], _load_context(lookup, event["article_id"]))
                yield event, current[1]
    finally:
        stream.close()
        lookup.close()


def _load_context(cur: duckdb.DuckDBPyConnection, article_id: str) -> ArticleContext:
    def dicts(sql: str) -> list[dict[str, Any]]:
        cur.execute(sql, [article_id])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    text_row = cur.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    sentences = dicts('SELECT idx, "start", "end", boilerplate FROM sentences WHERE article_id = ? ORDER BY idx')
    lead = next((s["idx"] for s in sentences if not s["boilerplate"]), 0)
    return ArticleContext(
        text=text_row[0] if text_row else "",
        actors={a["id"]: a for a in dicts("SELECT id, name, country, sector, kind, code, role FROM actors "
                                          "WHERE article_id = ? ORDER BY seq")},
        places={p["id"]: p for p in dicts("SELECT id, name, country, admin1, lat, lon, feature FROM places "
                                          "WHERE article_id = ? ORDER BY seq")},
        sentences={s["idx"]: (s["start"], s["end"]) for s in sentences},
        lead_sentence=lead)


# -- GDELT 2.0 --------------------------------------------------------------------------------

def gdelt_header() -> list[str]:
    """GDELT 2.0's 61 event-table column names, in file order (the `--header` line)."""
    return list(_GDELT_HEADER)


def global_event_id(article_id: str, event_id: str) -> int:
    """A stable GLOBALEVENTID: the first 15 hex digits of sha256(article id, event id) (< 2**60, fits BIGINT)."""
    return int(hashlib.sha256(f"{article_id}\x00{event_id}".encode()).hexdigest()[:15], 16)


def gdelt_row(event: dict[str, Any], ctx: ArticleContext, ontology: Ontology,
              fips: Mapping[str, tuple[str, str]]) -> list[str]:
    """One event as GDELT 2.0's 61 fields, as strings ("" where we know nothing)."""
    day: date | None = event["day"]
    cameo = ontology.cameo(event["cameo"]) if ontology.is_valid(event["cameo"]) else None
    source = ctx.actor_list(list(event["source_actor_ids"]))
    target = ctx.actor_list(list(event["target_actor_ids"]))
    place = ctx.places.get(event["place_id"]) if event["place_id"] else None
    coded_at: datetime = event["coded_at"]
    row = [
        str(global_event_id(event["article_id"], event["id"])),
        *(_gdelt_dates(day) if day else ["", "", "", ""]),
        *_gdelt_actor(source[0] if source else None),
        *_gdelt_actor(target[0] if target else None),
        "1" if event["sentence"] == ctx.lead_sentence else "0",
        event["cameo"], cameo.base if cameo else event["cameo"][:3], event["cameo_root"],
        str(cameo.quad_class if cameo else event["quad_class"]),
        str(cameo.goldstein if cameo else float(event["goldstein"])),
        "1", "1", "1",  # NumMentions, NumSources, NumArticles: one article per event until stories merge them
        "",  # AvgTone: we do not score tone; empty reads as missing, where 0 would claim neutrality
        *_gdelt_geo(None, fips),  # Actor1Geo: we locate events, not actors
        *_gdelt_geo(None, fips),  # Actor2Geo
        *_gdelt_geo(place, fips),
        coded_at.strftime("%Y%m%d%H%M%S") if coded_at else "",
        event["url"] or event["article_id"],
    ]
    assert len(row) == GDELT_COLUMNS_COUNT, len(row)
    return [_clean_field(v) for v in row]


def _gdelt_dates(day: date) -> list[str]:
    # GDELT's FractionDate is year + ((month - 1) * 30 + day) / 365, to 4 places (20140218 -> 2014.1315).
    fraction = day.year + ((day.month - 1) * 30 + day.day) / 365
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), f"{fraction:.4f}"]


def _gdelt_actor(actor: dict[str, Any] | None) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1/2Code, Type1/2/3Code."""
    if actor is None:
        return [""] * 10
    code: str = actor["code"] or ""
    country: str = actor["country"] or ""
    rest = code[len(country):] if country and code.startswith(country) else code
    group = ""
    if country in _GROUP_COUNTRIES:
        # IGOUNO: the organisation is a known group and GDELT leaves CountryCode empty.
        if rest[:3] and rest[:3] != actor["sector"]:
            group, rest = rest[:3], rest[3:]
        country = ""
    types = [rest[i:i + 3] for i in range(0, len(rest), 3)][:3] or ([actor["sector"]] if actor["sector"] else [])
    types += [""] * (3 - len(types))
    # GDELT writes actor names upper-case ("NEW ZEALAND", "PRESIDENT").
    return [code, (actor["name"] or "").upper(), country, group, "", "", "", *types]


def _gdelt_geo(place: dict[str, Any] | None, fips: Mapping[str, tuple[str, str]]) -> list[str]:
    """Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    if place is None:
        return ["0"] + [""] * 7  # GDELT writes Type 0 and nothing else for "no location"
    fips_code, country_name = fips.get(place["country"] or "", ("", place["country"] or ""))
    us = place["country"] == "USA"
    # GDELT geo types: 1 country, 2 US state, 3 US city/landmark, 4 world city/landmark, 5 world ADM1.
    geo_type = {"country": 1, "admin1": 2 if us else 5}.get(place["feature"], 3 if us else 4)
    if geo_type == 1:
        full = country_name
    else:
        parts = [place["name"], place["admin1"] if geo_type in (3, 4) else None, country_name]
        full = ", ".join(p for p in parts if p)
    # We have no FIPS ADM1 codes or GNS feature ids: ADM1Code falls back to the country code, which
    # is what GDELT itself writes at country resolution; FeatureID is the country code only there.
    return [str(geo_type), full, fips_code, fips_code, "", _coord(place["lat"]), _coord(place["lon"]),
            fips_code if geo_type == 1 else ""]


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def _clean_field(value: str) -> str:
    # A tab or newline inside a field would break GDELT's one-line, tab-separated rows.
    return re.sub(r"[\t\r\n]+", " ", value)


def write_gdelt(store: DuckDBStore, out: TextIO, flt: EventFilter, ontology: Ontology,
                fips: Mapping[str, tuple[str, str]], header: bool = False) -> int:
    """GDELT 2.0 event rows, tab-separated, no header line unless `header` (GDELT files have none)."""
    if header:
        out.write("\t".join(_GDELT_HEADER) + "\n")
    n = 0
    for event, ctx in iter_events(store, flt):
        out.write("\t".join(gdelt_row(event, ctx, ontology, fips)) + "\n")
        n += 1
    return n


# -- CSV, JSON lines, PLOVER ------------------------------------------------------------------

CSV_COLUMNS = (
    "article_id", "event_id", "date", "day", "cameo", "plover_type", "plover_mode", "plover_context", "goldstein",
    "quad_class", "source_names", "source_countries", "source_codes", "target_names", "target_countries",
    "target_codes", "trigger", "sentence", "place_name", "place_country", "place_lat", "place_lon", "negated",
    "modality", "attributed_to", "confidence", "url",
)


def write_csv(store: DuckDBStore, out: TextIO, flt: EventFilter) -> int:
    """One readable row per event; several actors in one cell are joined with '|'."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for e, ctx in iter_events(store, flt):
        src, tgt = ctx.actor_list(list(e["source_actor_ids"])), ctx.actor_list(list(e["target_actor_ids"]))
        place = (ctx.places.get(e["place_id"]) or {}) if e["place_id"] else {}
        speaker = ctx.actors.get(e["attributed_to"]) if e["attributed_to"] else None

        def joined(actors: list[dict[str, Any]], key: str) -> str:
            return "|".join(a[key] or "" for a in actors)

        writer.writerow([
            e["article_id"], e["id"], e["date"], e["day"], e["cameo"], e["plover_type"], e["plover_mode"],
            "|".join(e["plover_context"]), e["goldstein"], e["quad_class"],
            joined(src, "name"), joined(src, "country"), joined(src, "code"),
            joined(tgt, "name"), joined(tgt, "country"), joined(tgt, "code"),
            e["trigger_text"], ctx.sentence_text(e["sentence"]), place.get("name"), place.get("country"),
            place.get("lat"), place.get("lon"), e["negated"], e["modality"],
            speaker["name"] if speaker else None, e["confidence"], e["url"],
        ])
        n += 1
    return n


def event_record(e: dict[str, Any], ctx: ArticleContext) -> dict[str, Any]:
    """An event with its actors, place and evidence inlined: stands alone without the store."""
    def actor(a: dict[str, Any]) -> dict[str, Any]:
        return {k: a[k] for k in ("id", "name", "country", "sector", "kind", "code", "role")}

    return {
        "article": {"id": e["article_id"], "title": e["title"], "published": _iso(e["published"]),
                    "source": e["article_source"], "url": e["url"]},
        "id": e["id"], "date": e["date"], "day": _iso(e["day"]),
        "cameo": e["cameo"], "plover": {"type": e["plover_type"], "mode": e["plover_mode"],
                                        "context": list(e["plover_context"])},
        "goldstein": e["goldstein"], "quad_class": e["quad_class"],
        "source": [actor(a) for a in ctx.actor_list(list(e["source_actor_ids"]))],
        "target": [actor(a) for a in ctx.actor_list(list(e["target_actor_ids"]))],
        "place": ctx.places.get(e["place_id"]) if e["place_id"] else None,
        "negated": e["negated"], "modality": e["modality"],
        "attributed_to": actor(ctx.actors[e["attributed_to"]]) if e["attributed_to"] in ctx.actors else None,
        "confidence": e["confidence"],
        "evidence": {"trigger": {"start": e["trigger_start"], "end": e["trigger_end"], "text": e["trigger_text"]},
                     "sentence": e["sentence"], "sentence_text": ctx.sentence_text(e["sentence"])},
    }


def write_jsonl(store: DuckDBStore, out: TextIO, flt: EventFilter) -> int:
    """One event per line, with actors, place and evidence inlined (see `event_record`)."""
    return _write_json_lines(store, out, flt, event_record)


def _write_json_lines(store: DuckDBStore, out: TextIO, flt: EventFilter,
                      render: Callable[[dict[str, Any], ArticleContext], dict[str, Any]]) -> int:
    n = 0
    for e, ctx in iter_events(store, flt):
        out.write(json.dumps(render(e, ctx), ensure_ascii=False) + "\n")
        n += 1
    return n


def plover_record(e: dict[str, Any], ctx: ArticleContext) -> dict[str, Any]:
    """A record shaped like the PLOVER gold standard's: actors as {actorText, code (country), sector}."""
    def actors(ids: list[str]) -> list[dict[str, Any]]:
        out = []
        for a in ctx.actor_list(ids):
            item = {"actorText": a["name"], "code": a["country"] or a["code"] or ""}
            if a["sector"]:
                item["sector"] = a["sector"]
            out.append(item)
        return out

    record: dict[str, Any] = {"id": f"{e['article_id']}-{e['id']}", "date": _iso(e["day"]) or e["date"],
                              "event": e["plover_type"]}
    if e["plover_mode"]:
        record["mode"] = e["plover_mode"]
    if e["plover_context"]:
        record["context"] = ",".join(e["plover_context"])  # the gold files hold one string
    record["source"] = actors(list(e["source_actor_ids"]))
    record["target"] = actors(list(e["target_actor_ids"]))
    record.update({"eventText": e["trigger_text"], "text": ctx.sentence_text(e["sentence"]), "language": "en",
                   "publication": e["article_source"] or e["url"], "coder": "eventwire", "version": __version__,
                   "dateCoded": _iso(e["coded_at"].date()) if e["coded_at"] else None, "cameo": e["cameo"]})
    return record


def write_plover(store: DuckDBStore, out: TextIO, flt: EventFilter) -> int:
    """PLOVER records, one JSON object per line (JSONL streams; a JSON array would not)."""
    return _write_json_lines(store, out, flt, plover_record)


# -- Parquet ----------------------------------------------------------------------------------

def check_parquet_directory(directory: Path) -> None:
    """FileExistsError unless `directory` is new or empty: stale partitions would mix in."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise FileExistsError(f"{directory} exists and is not an empty directory; give a new --out path")


def write_parquet(store: DuckDBStore, directory: Path, flt: EventFilter) -> int:
    """The events table (plus `day` and the article's url) as Parquet, hive-partitioned by year and month.

    DuckDB writes `directory/year=2024/month=5/*.parquet`; events with no day at all land
    under year=NULL/month=NULL. Refuses a non-empty directory: stale partitions would mix in.
    """
    check_parquet_directory(directory)
    where, params = flt.where()
    select = (f"SELECT e.*, a.published, a.url, {_DAY_SQL} AS day, year({_DAY_SQL}) AS year, "
              f"month({_DAY_SQL}) AS month FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}")
    count_row = store.con.execute(f"SELECT count(*) FROM ({select})", params).fetchone()
    count = int(count_row[0]) if count_row else 0
    if count == 0:
        directory.mkdir(parents=True, exist_ok=True)  # an empty dataset is still a dataset
        return 0
    store.con.execute(f"COPY ({select}) TO ? (FORMAT PARQUET, PARTITION_BY (year, month))",
                      [*params, str(directory)])
    return count


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


_GDELT_HEADER = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                              "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                              "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{f}" for g in ("Actor1", "Actor2", "Action") for f in ("Type", "FullName", "CountryCode",
                                                                      "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                      "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
