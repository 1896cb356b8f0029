"""`eventwire export`, end to end: a real store built by `eventwire ingest`, every format written and read back."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventwire.events.ontology import Ontology
from eventwire.store.export import GDELT_COLUMNS_COUNT, gdelt_header, global_event_id, load_fips
from click.testing import CliRunner
from conftest import ROOT, shared_path

from eventwire.cli import main

EXAMPLES = ROOT / "examples" / "articles.jsonl"


def run(*args: str) -> tuple[int, str]:
    """`eventwire export ...` in-process (a subprocess would reload spaCy per call): (exit code, stderr)."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "tmp.duckdb"
    # The real command in its own process, as a user runs it.
    result = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(EXAMPLES), "--db", str(path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def event_count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert n > 0, "the example articles should code to events"
    return n


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def export(db: Path, tmp_path: Path, fmt: str, *extra: str, name: str | None = None) -> Path:
    out = tmp_path / (name or f"out.{fmt}")
    code, stderr = run("export", "--db", str(db), "--format", fmt, "--out", str(out), *extra)
    assert code == 0, stderr
    assert str(out) in stderr and "wrote" in stderr  # the one-line summary
    return out


def gdelt_rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- GDELT ------------------------------------------------------------------------------------

def test_gdelt_rows_have_61_fields_and_no_header(db, event_count, tmp_path):
    rows = gdelt_rows(export(db, tmp_path, "gdelt"))
    assert len(rows) == event_count
    assert all(len(r) == GDELT_COLUMNS_COUNT for r in rows)
    assert rows[0][0].isdigit()  # data first, as in GDELT's own files


def test_gdelt_header_flag_writes_the_published_header(db, event_count, tmp_path):
    rows = gdelt_rows(export(db, tmp_path, "gdelt", "--header"))
    assert rows[0] == gdelt_header()
    assert len(rows) == event_count + 1
    reference = shared_path("data", "reference", "gdelt", "gdelt2_events_header.tsv")
    assert gdelt_header() == reference.read_text(encoding="utf-8").strip().split("\t")


def test_gdelt_output_parses_like_the_real_gdelt_sample(db, tmp_path):
    sample = shared_path("data", "reference", "gdelt", "gdelt2_20150218230000.export.sample100.tsv")
    ours = export(db, tmp_path, "gdelt")
    with duckdb.connect() as con:
        def shape(path: Path) -> set[int]:
            rows = con.execute("SELECT * FROM read_csv(?, delim='\t', header=false, quote='', all_varchar=true)",
                               [str(path)]).fetchall()
            return {len(r) for r in rows}
        assert shape(ours) == shape(sample) == {GDELT_COLUMNS_COUNT}


def test_gdelt_codes_goldstein_and_quad_class_match_gdelt(db, tmp_path):
    ontology = Ontology.load()
    weights_file = shared_path("data", "reference", "cameo", "CAMEO.goldsteinscale.txt")
    weights = dict(line.split("\t") for line in weights_file.read_text(encoding="utf-8").splitlines()[1:] if line)
    header = gdelt_header()
    col = {name: i for i, name in enumerate(header)}
    for row in gdelt_rows(export(db, tmp_path, "gdelt")):
        code, base, root = row[col["EventCode"]], row[col["EventBaseCode"]], row[col["EventRootCode"]]
        assert ontology.is_valid(code) and ontology.is_valid(base) and ontology.is_valid(root)
        assert code.startswith(base) and base.startswith(root) and len(root) == 2
        assert float(row[col["GoldsteinScale"]]) == float(weights[code])
        assert int(row[col["QuadClass"]]) == ontology.quad_class(code)
        # GDELT's QuadClass follows the CAMEO root: 01-05 verbal coop, 06-08 material coop, ...
        assert int(row[col["QuadClass"]]) == ontology.quad_class(root)
        assert row[col["SQLDATE"]][:6] == row[col["MonthYear"]] and row[col["SQLDATE"]][:4] == row[col["Year"]]
        assert row[col["IsRootEvent"]] in ("0", "1")
        assert len(row[col["DATEADDED"]]) == 14


def test_gdelt_event_ids_are_stable_and_distinct(db, tmp_path):
    ids = [r[0] for r in gdelt_rows(export(db, tmp_path, "gdelt"))]
    assert len(set(ids)) == len(ids)
    assert ids == [r[0] for r in gdelt_rows(export(db, tmp_path, "gdelt", name="again.gdelt"))]
    assert global_event_id("a", "e1") == global_event_id("a", "e1") < 2 ** 60


def test_gdelt_action_geo_uses_fips_codes(db, tmp_path):
    col = {name: i for i, name in enumerate(gdelt_header())}
    fips = load_fips()
    located = sql(db, "SELECT e.article_id, p.country FROM events e JOIN places p "
                      "ON p.article_id = e.article_id AND p.id = e.place_id ORDER BY e.article_id, e.seq")
    assert located, "the examples should place at least one event"
    rows = [r for r in gdelt_rows(export(db, tmp_path, "gdelt")) if r[col["ActionGeo_Type"]] != "0"]
    assert [r[col["ActionGeo_CountryCode"]] for r in rows] == [fips[country][0] for _, country in located]
    for r in rows:
        assert r[col["ActionGeo_Type"]] in ("1", "2", "3", "4", "5")
        assert r[col["ActionGeo_Lat"]] and r[col["ActionGeo_Long"]]


def test_fips_table_knows_the_codes_gdelt_uses():
    fips = {iso3: code for iso3, (code, _) in load_fips().items()}
    assert {k: fips[k] for k in ("RUS", "CHN", "USA", "DEU", "GBR", "UKR", "KEN", "SYR", "JPN", "IRL", "ZAF")} == {
        "RUS": "RS", "CHN": "CH", "USA": "US", "DEU": "GM", "GBR": "UK", "UKR": "UP", "KEN": "KE", "SYR": "SY",
        "JPN": "JA", "IRL": "EI", "ZAF": "SF"}
    assert len(fips) >= 249


def test_fips_table_agrees_with_the_real_gdelt_sample():
    # In the sample, a country-level ActionGeo (type 1) names the country: its FullName is our table's name.
    sample = shared_path("data", "reference", "gdelt", "gdelt2_20150218230000.export.sample100.tsv")
    by_name = {name: code for code, name in load_fips().values()}
    checked = 0
    for line in sample.read_text(encoding="utf-8").splitlines():
        row = line.split("\t")
        if row[51] == "1" and row[52] in by_name:
            assert by_name[row[52]] == row[53], row[52]
            checked += 1
    assert checked


# -- CSV, JSONL, PLOVER, Parquet --------------------------------------------------------------

def test_csv_jsonl_and_plover_have_one_row_per_event(db, event_count, tmp_path):
    with export(db, tmp_path, "csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == event_count
    assert {"article_id", "event_id", "cameo", "plover_type", "goldstein", "source_names", "trigger"} <= set(rows[0])
    events = jsonl(export(db, tmp_path, "jsonl"))
    assert len(events) == event_count
    for e in events:
        trigger, sentence = e["evidence"]["trigger"], e["evidence"]["sentence_text"]
        assert trigger["text"] in sentence  # the evidence is the words the event was coded from
    plover = jsonl(export(db, tmp_path, "plover"))
    assert len(plover) == event_count
    types = set(Ontology.load().plover_types())
    for record in plover:
        assert record["event"] in types and record["text"] and record["eventText"]
        assert all({"actorText", "code"} <= set(a) for a in record["source"] + record["target"])


def test_parquet_directory_reads_back_with_every_event(db, event_count, tmp_path):
    out = export(db, tmp_path, "parquet", name="events_pq")
    assert out.is_dir() and list(out.glob("year=*/month=*/*.parquet"))
    with duckdb.connect() as con:
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [f"{out}/**/*.parquet"]).fetchone()[0] == event_count
        partitions = con.execute("SELECT DISTINCT year, month FROM read_parquet(?, hive_partitioning=true)",
                                 [f"{out}/**/*.parquet"]).fetchall()
    assert partitions and all(y and m for y, m in partitions)
    code, stderr = run("export", "--db", str(db), "--format", "parquet", "--out", str(out))
    assert code == 1 and "not an empty directory" in stderr


# -- filters ----------------------------------------------------------------------------------

def test_country_filter_keeps_events_with_that_source_or_target(db, tmp_path):
    expected = sql(db, "SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM actors a WHERE "
                       "a.article_id = e.article_id AND a.country = 'KEN' AND (list_contains(e.source_actor_ids, a.id) "
                       "OR list_contains(e.target_actor_ids, a.id)))")[0][0]
    assert expected > 0
    events = jsonl(export(db, tmp_path, "jsonl", "--country", "ken"))
    assert len(events) == expected
    assert all(any(a["country"] == "KEN" for a in e["source"] + e["target"]) for e in events)


def test_type_filter_keeps_that_plover_type(db, tmp_path):
    expected = sql(db, "SELECT count(*) FROM events WHERE plover_type = 'ASSAULT'")[0][0]
    assert expected > 0
    rows = gdelt_rows(export(db, tmp_path, "gdelt", "--type", "ASSAULT"))
    assert len(rows) == expected
    assert {r[28] for r in rows} <= {"18", "19", "20"}  # EventRootCode of ASSAULT codes


def test_date_filters_are_inclusive_and_narrow(db, event_count, tmp_path):
    days = [d for (d,) in sql(db, "SELECT coalesce(try_cast(e.date AS DATE), a.published) FROM events e "
                                  "JOIN articles a ON a.id = e.article_id")]
    since, until = "2023-01-01", "2024-05-31"
    expected = sum(1 for d in days if d and since <= d.isoformat() <= until)
    assert 0 < expected < event_count
    events = jsonl(export(db, tmp_path, "jsonl", "--since", since, "--until", until))
    assert len(events) == expected
    assert all(since <= e["day"] <= until for e in events)
    exact = min(d for d in days if d).isoformat()
    assert all(e["day"] == exact for e in jsonl(export(db, tmp_path, "jsonl", "--since", exact, "--until", exact,
                                                        name="exact.jsonl")))


@pytest.mark.parametrize("args, message", [
    (("--country", "XX"), "--country"),
    (("--country", "ZZZ"), "not a known"),
    (("--type", "FIGHT"), "not a PLOVER type"),
    (("--since", "2024/01/01"), "YYYY-MM-DD"),
    (("--until", "2024-02-30"), "not a valid date"),
    (("--since", "2024-02-01", "--until", "2024-01-01"), "after"),
    (("--format", "xml"), "--format"),
])
def test_bad_filter_values_are_usage_errors(db, tmp_path, args, message):
    base = ["export", "--db", str(db), "--out", str(tmp_path / "x")]
    if "--format" not in args:
        base += ["--format", "csv"]
    code, stderr = run(*base, *args)
    assert code == 2, stderr
    assert message in stderr
    assert not (tmp_path / "x").exists()
