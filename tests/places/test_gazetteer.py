"""Gazetteer: exact, hinted, fuzzy and qualified place names; cache reuse and concurrent cache writes."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.places.gazetteer import ALIASES_PATH, Gazetteer, GazetteerEntry, cache_file_name, normalize

ANHUI_BOX = ((29.4, 34.7), (114.8, 119.7))
BEIJING_BOX = ((39.4, 40.5), (115.9, 117.1))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="module")
def gaz(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir)


def _in_box(entry: GazetteerEntry, box: tuple[tuple[float, float], tuple[float, float]]) -> bool:
    (lat0, lat1), (lon0, lon1) = box
    return lat0 <= entry.lat <= lat1 and lon0 <= entry.lon <= lon1


# (name, country hint, expected country, expected feature or None, expected admin1 or None, lat/lon box or None)
EXACT_CASES = [
    ("Anui province", "CHN", "CHN", "admin1", "Anhui", ANHUI_BOX),
    ("Anhui", None, "CHN", "admin1", "Anhui", ANHUI_BOX),
    ("Anhui Province", None, "CHN", "admin1", "Anhui", ANHUI_BOX),
    ("Beijing", None, "CHN", None, None, BEIJING_BOX),
    ("Peking", None, "CHN", "city", None, BEIJING_BOX),
    ("Aleppo", None, "SYR", "city", None, ((35.9, 36.5), (36.9, 37.4))),
    ("Aleppo province", None, "SYR", "admin1", "Aleppo", None),
    ("Paris", None, "FRA", "city", None, ((48.7, 49.0), (2.2, 2.5))),
    ("Paris", "USA", "USA", "city", "Texas", ((33.5, 33.8), (-95.7, -95.4))),
    ("Paris", "US", "USA", "city", "Texas", None),
    ("Paris, Texas", None, "USA", "city", "Texas", None),
    ("Kiev", None, "UKR", "city", None, ((50.2, 50.7), (30.2, 30.9))),
    ("Kyiv", None, "UKR", "city", None, ((50.2, 50.7), (30.2, 30.9))),
    ("Donetsk", None, "UKR", "city", None, ((47.8, 48.2), (37.5, 38.1))),
    ("Donetsk oblast", None, "UKR", "admin1", None, None),
    ("Kharkiv region", None, "UKR", "admin1", None, None),
    ("California", None, "USA", "admin1", "California", None),
    ("Texas", None, "USA", "admin1", "Texas", None),
    ("Idlib", None, "SYR", None, None, None),
    ("Raqqa", None, "SYR", "city", None, None),
    ("Al-Raqqa", None, "SYR", None, None, None),
    ("Mosul", None, "IRQ", "city", None, None),
    ("Damascus", None, "SYR", "city", None, None),
    ("Baghdad", None, "IRQ", "city", None, None),
    ("Hama", None, "SYR", None, None, None),
    ("Gaza", None, "PSE", "city", None, None),
    ("Gaza City", None, "PSE", "city", None, None),
    ("Kabul", None, "AFG", "city", None, None),
    ("Helmand province", None, "AFG", "admin1", "Helmand", None),
    ("Moscow", None, "RUS", "city", None, None),
    ("Moscow oblast", None, "RUS", "admin1", None, None),
    ("Georgia", None, "GEO", "country", None, None),
    ("Georgia", "USA", "USA", "admin1", "Georgia", None),
    ("Washington", None, "USA", "city", None, ((38.7, 39.1), (-77.3, -76.8))),
    ("Washington State", None, "USA", "admin1", "Washington", None),
    ("New York", None, "USA", None, None, None),
    ("Bombay", None, "IND", "city", None, None),
    ("Canton", None, "CHN", "city", None, None),
    ("Canton", "USA", "USA", "city", None, None),
    ("Britain", None, "GBR", "country", None, None),
    ("U.S.", None, "USA", "country", None, None),
    ("Syria", None, "SYR", "country", None, None),
    ("Côte d'Ivoire", None, "CIV", "country", None, None),
    ("Sao Paulo", None, "BRA", "city", None, None),
    ("The Hague", None, "NLD", "city", None, None),
    ("St. Petersburg", None, "RUS", "city", None, None),
    ("Crimea", None, "UKR", "admin1", None, None),
    ("Kurdistan Region", None, "IRQ", "admin1", None, None),
    ("Inner Mongolia Autonomous Region", None, "CHN", "admin1", "Inner Mongolia", None),
    ("Tripoli", None, "LBY", "city", None, None),
    ("Tripoli", "LBN", "LBN", "city", None, None),
    ("Tripoli, Lebanon", None, "LBN", "city", None, None),
    ("Atlanta, Georgia", None, "USA", "city", "Georgia", None),
    ("Springfield, Illinois", None, "USA", "city", "Illinois", None),
    ("Mexico City", None, "MEX", "city", None, None),
    ("Kuwait City", None, "KWT", "city", None, None),
    ("North", "LBN", "LBN", "admin1", "North", None),
    ("Beijing", "USA", "CHN", None, None, BEIJING_BOX),  # a wrong country hint is only a preference
    # a place listed both as a country and as another country's region is the country
    ("Taiwan", "CHN", "TWN", "country", None, None),
    ("Hong Kong", "CHN", "HKG", None, None, None),
    ("Puerto Rico", "USA", "PRI", None, None, None),
    ("Georgia", "USA", "USA", "admin1", "Georgia", None),  # ... but not a namesake far away
    # a region named by a bare landform needs its country
    ("Delta", "NGA", "NGA", "admin1", "Delta", None),
]


@pytest.mark.parametrize(("name", "country", "iso3", "feature", "admin1", "box"), EXACT_CASES,
                         ids=[f"{c[0]}|{c[1]}" for c in EXACT_CASES])
def test_resolve(gaz: Gazetteer, name: str, country: str | None, iso3: str, feature: str | None,
                 admin1: str | None, box: tuple | None) -> None:
    entry = gaz.resolve(name, country=country)
    assert entry is not None, name
    assert entry.country == iso3
    if feature:
        assert entry.feature == feature
    if admin1:
        assert entry.admin1 == admin1
    if box:
        assert _in_box(entry, box), entry


# Misspellings: resolved with a country or feature hint, or when long and very close.
FUZZY_CASES = [
    ("Anui province", "CHN", "CHN", "Anhui"),
    ("Anui province", None, "CHN", "Anhui"),  # "province" alone is a feature hint
    ("Anui", "CHN", "CHN", "Anhui"),
    ("Sichaun province", "CHN", "CHN", "Sichuan"),
    ("Mosull", "IRQ", "IRQ", "Mosul"),
    ("Damscus", "SYR", "SYR", "Damascus"),
    ("Idlb province", "SYR", "SYR", "Idlib"),
    ("Kandahr", "AFG", "AFG", None),
    ("Californa", None, "USA", "California"),
    ("Afghanstan", None, "AFG", "Afghanistan"),
    ("Kazakstan", None, "KAZ", "Kazakhstan"),
]


@pytest.mark.parametrize(("name", "country", "iso3", "expected"), FUZZY_CASES,
                         ids=[f"{c[0]}|{c[1]}" for c in FUZZY_CASES])
def test_fuzzy_with_hint_or_long_name(gaz: Gazetteer, name: str, country: str | None, iso3: str,
                                      expected: str | None) -> None:
    entry = gaz.resolve(name, country=country)
    assert entry is not None and entry.country == iso3
    if expected:
        assert entry.name == expected
    assert gaz.resolve(name, country=country, fuzzy=False) is None


def test_anui_province_box(gaz: Gazetteer) -> None:
    entry = gaz.resolve("Anui province", country="CHN")
    assert entry is not None and entry.admin1 == "Anhui" and _in_box(entry, ANHUI_BOX)


NOT_PLACES = [
    "Government", "Minister", "Monday", "Foreign", "Ministry", "President", "Parliament", "Sunday",
    "Officials", "Spokesman", "Ceasefire", "Statement", "Security Council", "Prime Minister", "January",
    # word forms one letter off a place: not typos, so no unhinted fuzzy match
    "Russian", "Israeli", "Republicans", "Campaign", "Village",
    # bare direction/generic words need a country
    "North", "Central", "Eastern Province", "Province",
    # so do bare landforms: "in the Gulf" is not Papua New Guinea's Gulf province
    "Gulf", "the Gulf", "Lakes", "Delta",
    # short misspellings without any hint
    "Anui", "Mosull", "Sichaun",
    "", "the", "   ",
]


@pytest.mark.parametrize("word", NOT_PLACES)
def test_ordinary_words_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.resolve(word) is None


def test_feature_filter(gaz: Gazetteer) -> None:
    admin = gaz.resolve("Beijing", feature="admin1")
    city = gaz.resolve("Beijing", feature="city")
    assert admin is not None and admin.feature == "admin1" and _in_box(admin, BEIJING_BOX)
    assert city is not None and city.feature == "city" and city.population and _in_box(city, BEIJING_BOX)
    mexico = gaz.resolve("Mexico", feature="country")
    assert mexico is not None and mexico.country == "MEX" and mexico.feature == "country"
    assert gaz.resolve("Anhui", feature="city", fuzzy=False) is None
    with pytest.raises(ValueError):
        gaz.resolve("Paris", feature="town")


def test_candidates(gaz: Gazetteer) -> None:
    paris = gaz.candidates("Paris")
    assert {e.country for e in paris} >= {"FRA", "USA"}
    assert all(isinstance(e, GazetteerEntry) for e in paris)
    assert [e.name for e in gaz.candidates("ANHUI  Province")] == ["Anhui"]
    assert gaz.candidates("Anui") == []
    assert any(e.name == "Kyiv" and e.country == "UKR" for e in gaz.candidates("Kiev"))


def test_country_centroid(gaz: Gazetteer) -> None:
    syria = gaz.country_centroid("SYR")
    assert syria is not None and syria.feature == "country" and syria.admin1 is None
    assert 32 <= syria.lat <= 37.5 and 35.5 <= syria.lon <= 42.5
    assert gaz.country_centroid("sy") == syria
    assert gaz.country_centroid("XXX") is None


def test_city_carries_admin1(gaz: Gazetteer) -> None:
    for name, admin1 in [("Mosul", "Nineveh"), ("Bombay", "Maharashtra"), ("Canton", "Guangdong")]:
        entry = gaz.resolve(name)
        assert entry is not None and entry.admin1 == admin1, (name, entry)


def test_index_size_and_aliases(gaz: Gazetteer) -> None:
    assert len(gaz) > 35_000  # ~250 countries, ~5.3k admin1, ~34k cities
    assert gaz.unresolved_aliases == []
    lines = ALIASES_PATH.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["alias", "name", "country"]
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    assert len(rows) >= 40 and all(len(r) == 3 and len(r[2]) == 3 for r in rows)


def test_normalize() -> None:
    assert normalize("  Côte d’Ivoire ") == "cote divoire"
    assert normalize("The Hague") == "hague"
    assert normalize("St. Petersburg") == "saint petersburg"
    assert normalize("Al-Raqqah") == "al raqqah"


QUERIES = ["Anui province", "Beijing", "Aleppo", "Paris", "Kiev", "Donetsk oblast", "Californa", "Hama"]


def test_cache_reused(gaz: Gazetteer, cache_dir: Path) -> None:
    path = cache_dir / cache_file_name()
    assert path.is_file()
    mtime = path.stat().st_mtime_ns
    start = time.perf_counter()
    again = Gazetteer.load(cache_dir)
    elapsed = time.perf_counter() - start
    assert path.stat().st_mtime_ns == mtime  # read, not rebuilt
    assert elapsed < 2.0, elapsed  # ~0.15 s warm; the cold build takes seconds
    assert len(again) == len(gaz)
    assert [again.resolve(q) for q in QUERIES] == [gaz.resolve(q) for q in QUERIES]
    assert [p.name for p in cache_dir.iterdir()] == [path.name]  # no temp files left behind


def test_corrupt_cache_is_rebuilt(tmp_path: Path, gaz: Gazetteer) -> None:
    path = tmp_path / cache_file_name()
    path.write_bytes(b"\x80\x05 half a pickle")
    rebuilt = Gazetteer.load(tmp_path)
    assert rebuilt.resolve("Aleppo") == gaz.resolve("Aleppo")
    assert Gazetteer.load(tmp_path).resolve("Kiev") == gaz.resolve("Kiev")


LOADER = """
import sys
from pathlib import Path
from eventwire.places.gazetteer import Gazetteer
g = Gazetteer.load(Path(sys.argv[1]))
print(len(g), g.resolve("Aleppo").country, g.resolve("Anui province", country="CHN").name)
"""


def test_concurrent_cold_loads(tmp_path: Path) -> None:
    """Two processes build into the same empty cache dir at once: both succeed, one whole file remains."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-c", LOADER, str(tmp_path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 0, err
        size, country, anhui = out.split()
        assert int(size) > 35_000 and country == "SYR" and anhui == "Anhui"
    assert [p.name for p in tmp_path.iterdir()] == [cache_file_name()]
    assert Gazetteer.load(tmp_path).resolve("Kyiv").country == "UKR"
