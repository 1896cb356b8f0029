"""Checks on the project's own actor lexicon files under eventwire/data/actors.

The files are data we write by hand, so these tests hold them to the document contract:
fixed columns, real ISO 3166 alpha-3 codes, CAMEO sector codes from one allowed set, dates
that parse, and no name that means two different things.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "eventwire" / "data" / "actors"

HEADERS = {
    "countries.tsv": ["iso3", "name", "aliases", "adjectives", "metonyms", "region"],
    "regions.tsv": ["code", "name", "aliases"],
    "organisations.tsv": ["code", "country", "sector", "name", "aliases"],
    "agents.tsv": ["term", "sector", "kind"],
    "people.tsv": ["name", "aliases", "country", "sector", "role", "start", "end"],
}

# CAMEO/PLOVER agent (sector) codes the lexicon may use.
SECTORS = {
    "GOV", "MIL", "REB", "INS", "SEP", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED",
    "EDU", "BUS", "MNC", "CRM", "CVL", "ELI", "REF", "HLH", "LAB", "AGR", "ENV", "HRI",
    "NGO", "IGO", "REL", "UAF", "MOD", "RAD", "DEV",
}
KINDS = {"person", "organisation", "group"}
# Uninhabited territories that belong to no CAMEO region.
NO_REGION = {"ATA", "BVT", "ATF", "HMD", "SGS"}
# Surnames too common to stand alone for one person.
BANNED_BARE_ALIASES = {"Wang", "Li", "Kim", "Lee", "Park", "Zhang", "Chen", "Liu", "Singh",
                       "Khan", "Ali", "Mohammed", "Muhammad", "Smith", "Brown", "Johnson"}
DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
ACRONYM = re.compile(r"^[A-Z][A-Z.]{0,5}$")


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    path = DATA / name
    text = path.read_bytes().decode("utf-8")  # fails loudly on anything but UTF-8
    assert not text.startswith("\ufeff"), f"{name} starts with a byte-order mark"
    assert "\r" not in text, f"{name} has CR line endings"
    lines = text.split("\n")
    assert lines[-1] == "", f"{name} does not end with a newline"
    rows = []
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:-1], start=2):
        assert line.strip(), f"{name}:{number} is blank"
        fields = line.split("\t")
        assert len(fields) == len(header), f"{name}:{number} has {len(fields)} fields, not {len(header)}"
        for value in fields:
            assert value == value.strip(), f"{name}:{number}: stray whitespace in {value!r}"
        rows.append(dict(zip(header, fields)))
    return header, rows


def split(value: str) -> list[str]:
    return value.split("|") if value else []


def key(name: str) -> str:
    """How a name is looked up: acronyms in their own case without dots, else case-folded."""
    if ACRONYM.match(name):
        return "ACRONYM:" + name.replace(".", "")
    folded = name.replace("’", "'").replace("‘", "'").replace("-", " ").casefold()
    folded = re.sub(r"\s+", " ", folded).strip(" .,")
    return folded[4:] if folded.startswith("the ") else folded


def parse_date(value: str, end: bool) -> dt.date:
    assert DATE.match(value), f"bad date {value!r} (use YYYY or YYYY-MM-DD)"
    if len(value) == 4:
        return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
    return dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def countries():
    return read("countries.tsv")[1]


@pytest.fixture(scope="module")
def regions():
    return read("regions.tsv")[1]


@pytest.fixture(scope="module")
def organisations():
    return read("organisations.tsv")[1]


@pytest.fixture(scope="module")
def agents():
    return read("agents.tsv")[1]


@pytest.fixture(scope="module")
def people():
    return read("people.tsv")[1]


@pytest.fixture(scope="module")
def iso_codes() -> set[str]:
    from countrystatecity_countries import get_countries

    return {c.iso3 for c in get_countries()} | {"XKX"}


@pytest.fixture(scope="module")
def country_keys(countries) -> dict[str, str]:
    """Every country name, alias, adjective and metonym -> its ISO code."""
    keys: dict[str, str] = {}
    for row in countries:
        for column in ("name", "aliases", "adjectives", "metonyms"):
            for name in split(row[column]):
                keys.setdefault(key(name), row["iso3"])
    return keys


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_header_and_columns(name):
    header, rows = read(name)
    assert header == HEADERS[name]
    assert rows, f"{name} is empty"
    for row in rows:
        for column in header:
            values = split(row[column]) if column in {"aliases", "adjectives", "metonyms"} else []
            assert all(values), f"{name}: empty item in {column} of {row}"
            assert len(values) == len(set(values)), f"{name}: repeated item in {column} of {row}"


# ---------- countries ----------

def test_countries_are_iso_codes(countries, iso_codes):
    codes = [row["iso3"] for row in countries]
    assert len(codes) == len(set(codes)), "a country appears twice"
    assert set(codes) - iso_codes == set(), "codes that are not ISO 3166 alpha-3"
    assert iso_codes - set(codes) == set(), "ISO countries missing from countries.tsv"
    for row in countries:
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"])
        assert row["name"], row


def test_well_known_countries(countries):
    by_code = {row["iso3"]: row for row in countries}
    assert by_code["RUS"]["name"] == "Russia"
    assert by_code["USA"]["name"] == "United States"
    assert by_code["KOR"]["name"] == "South Korea"
    assert "U.S." in split(by_code["USA"]["aliases"])
    assert "Kremlin" in split(by_code["RUS"]["metonyms"])
    assert "Kyiv" in split(by_code["UKR"]["metonyms"])
    assert "Burma" in split(by_code["MMR"]["aliases"])
    assert "British" in split(by_code["GBR"]["adjectives"])


def test_country_regions_are_region_codes(countries, regions):
    region_codes = {row["code"] for row in regions}
    for row in countries:
        if row["iso3"] in NO_REGION and not row["region"]:
            continue
        assert row["region"] in region_codes, f"{row['iso3']}: unknown region {row['region']!r}"
    assert "WST" not in {row["region"] for row in countries}, "the West is a bloc, not a home region"


def test_no_name_means_two_countries(countries):
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        for column in ("name", "aliases", "adjectives", "metonyms"):
            for name in split(row[column]):
                owners[key(name)].add(row["iso3"])
    clashes = {name: codes for name, codes in owners.items() if len(codes) > 1}
    assert clashes == {}


# ---------- regions ----------

def test_regions(regions, iso_codes, country_keys):
    codes = [row["code"] for row in regions]
    assert len(codes) == len(set(codes))
    assert {"WST", "EUR", "AFR", "MEA", "ASA"} <= set(codes)
    for row in regions:
        assert re.fullmatch(r"[A-Z]{3}", row["code"])
        assert row["code"] not in iso_codes, f"region code {row['code']} is also an ISO country code"
        names = [row["name"], *split(row["aliases"])]
        assert "European Union" not in names, "the EU is an IGO, not a region"
        for name in names:
            assert key(name) not in country_keys, f"region name {name!r} is also a country name"
    owners: dict[str, set[str]] = defaultdict(set)
    for row in regions:
        for name in [row["name"], *split(row["aliases"])]:
            owners[key(name)].add(row["code"])
    assert {n: c for n, c in owners.items() if len(c) > 1} == {}


# ---------- organisations ----------

def test_organisation_codes(organisations, countries):
    isos = {row["iso3"] for row in countries}
    for row in organisations:
        country, sector, code = row["country"], row["sector"], row["code"]
        assert country in isos | {"IGO", "NGO"}, row
        assert sector in SECTORS, row
        assert row["name"], row
        if country in {"IGO", "NGO"}:
            assert re.fullmatch(country + r"[A-Z0-9]{3,6}", code), row
        else:
            assert code == country + sector, row


def test_no_name_means_two_organisations(organisations):
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in organisations:
        for name in [row["name"], *split(row["aliases"])]:
            owners[key(name)].add((row["code"], row["name"]))
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


def test_organisation_names_are_not_country_or_region_names(organisations, regions, country_keys):
    region_keys = {key(n) for row in regions for n in [row["name"], *split(row["aliases"])]}
    for row in organisations:
        for name in [row["name"], *split(row["aliases"])]:
            assert key(name) not in country_keys, f"{name!r} ({row['code']}) is also a country name"
            assert key(name) not in region_keys, f"{name!r} ({row['code']}) is also a region name"


def test_well_known_organisations(organisations):
    code_of = {}
    for row in organisations:
        for name in [row["name"], *split(row["aliases"])]:
            code_of[name] = (row["code"], row["country"], row["sector"])
    assert code_of["United Nations"][0] == "IGOUNO"
    assert code_of["NATO"][0] == "IGONAT"
    assert code_of["EU"][0] == "IGOEUR"
    assert code_of["Amnesty International"][:2] == ("NGOAMN", "NGO")
    assert code_of["Al Jazeera"] == ("QATMED", "QAT", "MED")
    assert code_of["Taliban"][1] == "AFG"
    assert code_of["Hezbollah"][1] == "LBN"
    assert code_of["International Criminal Court"][2] == "JUD"


# ---------- agents ----------

def test_agents(agents):
    terms = [row["term"] for row in agents]
    assert len(terms) == len(set(terms)), "an agent term appears twice"
    assert len(terms) >= 300
    for row in agents:
        assert row["term"] == row["term"].lower(), row
        assert row["sector"] in SECTORS, row
        assert row["kind"] in KINDS, row
    sector = {row["term"]: row["sector"] for row in agents}
    assert sector["foreign minister"] == "GOV"
    assert sector["troops"] == "MIL"
    assert sector["police"] == "COP"
    assert sector["rebels"] == "REB"
    assert sector["protesters"] == "CVL"
    assert sector["journalists"] == "MED"


# ---------- people ----------

def test_people_fields(people, countries):
    isos = {row["iso3"] for row in countries}
    for row in people:
        assert row["name"] and row["role"], row
        assert row["country"] in isos | {"IGO"}, row
        assert row["sector"] in SECTORS, row
        assert row["start"], f"{row['name']}: no start date"
        start = parse_date(row["start"], end=False)
        if row["end"]:
            assert parse_date(row["end"], end=True) >= start, row
        for alias in split(row["aliases"]):
            assert alias not in BANNED_BARE_ALIASES, f"{row['name']}: {alias!r} is too common a name"


def test_people_rows_are_unique(people):
    seen = set()
    for row in people:
        ident = (row["name"], row["role"], row["start"])
        assert ident not in seen, ident
        seen.add(ident)


def test_no_name_means_two_people_at_once(people):
    """Two different people may share a surname only if they never held office at the same time."""
    spells: dict[str, list[tuple[str, dt.date, dt.date]]] = defaultdict(list)
    for row in people:
        start = parse_date(row["start"], end=False)
        end = parse_date(row["end"], end=True) if row["end"] else dt.date.max
        for name in [row["name"], *split(row["aliases"])]:
            spells[key(name)].append((row["name"], start, end))
    for name, held in spells.items():
        for i, (who, start, end) in enumerate(held):
            for other, start2, end2 in held[i + 1:]:
                if who != other:
                    assert end <= start2 or end2 <= start, f"{name!r}: {who} and {other} overlap"


def test_people_names_are_not_other_actors(people, organisations, regions, country_keys):
    other = set(country_keys)
    other |= {key(n) for row in organisations for n in [row["name"], *split(row["aliases"])]}
    other |= {key(n) for row in regions for n in [row["name"], *split(row["aliases"])]}
    for row in people:
        for name in [row["name"], *split(row["aliases"])]:
            assert key(name) not in other, f"{row['name']}: {name!r} also names a country or organisation"


def test_well_known_people(people):
    rows = [(r["name"], r["role"], r["country"], r["end"]) for r in people]
    assert ("Sergey Lavrov", "foreign minister", "RUS", "") in rows
    assert ("Vladimir Putin", "president", "RUS", "") in rows
    assert any(r["name"] == "Xi Jinping" and r["country"] == "CHN" for r in people)
