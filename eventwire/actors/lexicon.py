"""The actor lexicon: our own data files under eventwire/data/actors, loaded into lookups.

countries.tsv     iso3, name, aliases, adjectives, metonyms (capitals used for governments), region
regions.tsv       CAMEO regions and blocs ("the West" -> WST)
organisations.tsv IGOs, NGOs, media, armed groups with CAMEO-style codes
agents.tsv        role nouns -> sector (minister -> GOV, troops -> MIL)
people.tsv        a curated seed list of office holders with date ranges
peoples.tsv       ethnic and regional peoples by adjective ("Karen", "Shona") -> the countries they live in
communities.tsv   peoples without a state of their own ("Kurdish"): in the countries listed, their
                  officials and forces are not the state's ("Kurdish officials in Syria" -> SYRREB)
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from eventwire.errors import DataFileError

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD"})
_ACRONYM = re.compile(r"^[A-Z][A-Z.]{0,5}$")  # "US", "U.N.", "EU": must match with their case


# Memoised: name matching asks for the key of every capitalised n-gram of every article, and
# the same few thousand strings come back again and again. A pure function, so the cache
# holds no state that could differ between callers.
@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """The lookup key of a name: lower case, plain apostrophes and hyphens, no leading article."""
    key = text.translate(_APOSTROPHES).replace("-", " ").lower()
    key = re.sub(r"\s+", " ", key).strip(" .,")
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class ActorEntry:
    """What a name in the lexicon stands for."""
    name: str
    country: str | None
    sector: str | None
    kind: str  # country, government, region, organisation, group, person
    code: str
    role: str | None = None
    start: str | None = None  # for office holders: when the role began and ended
    end: str | None = None

    def held_on(self, date: str | None) -> bool:
        """Whether the role was held on an ISO date (YYYY or YYYY-MM-DD bounds; open end = current)."""
        if not date:
            return not self.end
        return (not self.start or date[: len(self.start)] >= self.start) and (
            not self.end or date[: len(self.end)] <= self.end)


@dataclass(frozen=True)
class AgentTerm:
    term: str
    sector: str
    kind: str  # person, organisation, group


@dataclass
class ActorLexicon:
    names: dict[str, list[ActorEntry]] = field(default_factory=dict)
    acronyms: dict[str, list[ActorEntry]] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # "russian" -> RUS
    agents: dict[str, AgentTerm] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)  # RUS -> Russia
    capitals: dict[str, str] = field(default_factory=dict)  # RUS -> Moscow (the first metonym)
    fuzzy_choices: dict[str, str] = field(default_factory=dict)  # country names for misspellings, built on first use
    communities: dict[tuple[str, str], str] = field(default_factory=dict)  # (adjective, country) -> sector
    region_codes: set[str] = field(default_factory=set)  # WST, MEA, ...: blocs, not nationalities
    peoples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "karen" -> (MMR, THA)
    max_tokens: int = 1

    @classmethod
    def load(cls, data_dir: Path | None = None) -> ActorLexicon:
        base = data_dir or Path(str(resources.files("eventwire") / "data" / "actors"))
        lex = cls()
        for row in _rows(base / "countries.tsv"):
            lex._add_country(row)
        for row in _rows(base / "regions.tsv"):
            entry = ActorEntry(row["name"], row["code"], None, "region", row["code"])
            lex.region_codes.add(row["code"])
            lex._add_names(entry, [row["name"], *_split(row.get("aliases"))])
        for row in _rows(base / "organisations.tsv"):
            entry = ActorEntry(row["name"], row["country"] or None, row["sector"] or None, "organisation", row["code"])
            lex._add_names(entry, [row["name"], *_split(row.get("aliases"))])
        for row in _rows(base / "agents.tsv"):
            lex.agents[normalise_name(row["term"])] = AgentTerm(row["term"].lower(), row["sector"], row["kind"])
        communities = base / "communities.tsv"
        for row in _rows(communities) if communities.exists() else []:
            for adjective in _split(row["adjectives"]):
                lex.communities[(normalise_name(adjective), row["country"])] = row["sector"]
        peoples = base / "peoples.tsv"
        for row in _rows(peoples) if peoples.exists() else []:
            for adjective in _split(row["adjectives"]):
                lex.peoples[normalise_name(adjective)] = tuple(_split(row["countries"]))
        for row in _rows(base / "people.tsv"):
            entry = ActorEntry(row["name"], row["country"], row["sector"] or "GOV", "person",
                               row["country"] + (row["sector"] or "GOV"), row.get("role") or None,
                               row.get("start") or None, row.get("end") or None)
            lex._add_names(entry, [row["name"], *_split(row.get("aliases"))])
        return lex

    def _add_country(self, row: dict[str, str]) -> None:
        iso3 = row["iso3"]
        self.country_names[iso3] = row["name"]
        country = ActorEntry(row["name"], iso3, None, "country", iso3)
        self._add_names(country, [row["name"], *_split(row.get("aliases"))])
        government = ActorEntry(f"{row['name']} (government)", iso3, "GOV", "government", iso3 + "GOV")
        self._add_names(government, _split(row.get("metonyms")))
        if metonyms := _split(row.get("metonyms")):
            self.capitals[iso3] = metonyms[0]
        for adjective in _split(row.get("adjectives")):
            self.adjectives.setdefault(normalise_name(adjective), iso3)

    def add(self, entry: ActorEntry, names: list[str]) -> None:
        """Add `entry` under each of `names` to a loaded lexicon (user dictionaries, a learned
        knowledge base). Entries added later rank after those already there for the same name."""
        self._add_names(entry, names)
        self.fuzzy_choices = {}  # rebuilt on next use, in case a country was added

    def _add_names(self, entry: ActorEntry, names: list[str]) -> None:
        for name in names:
            if not name:
                continue
            target = self.acronyms if _ACRONYM.match(name) else self.names
            key = name.replace(".", "") if target is self.acronyms else normalise_name(name)
            bucket = target.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            self.max_tokens = max(self.max_tokens, len(name.replace("-", " ").split()))

    def lookup(self, text: str) -> list[ActorEntry]:
        """Entries for a name as written; acronyms only in their own case ("US", not "us")."""
        stripped = text.strip()
        hits = self.acronyms.get(stripped.replace(".", ""), [])
        return hits or self.names.get(normalise_name(stripped), [])

    def country_of_adjective(self, word: str) -> str | None:
        return self.adjectives.get(normalise_name(word))

    def people_countries(self, word: str) -> tuple[str, ...]:
        """The countries an ethnic or regional people lives in ("Karen" -> Myanmar, Thailand)."""
        return self.peoples.get(normalise_name(word), ())

    def fuzzy_country(self, word: str) -> str | None:
        """A misspelt country name ("Quatar", "Phillippines"): long words, very close matches only."""
        if len(word) < 6:
            return None
        if not self.fuzzy_choices:
            self.fuzzy_choices = {key: entries[0].country or "" for key, entries in self.names.items()
                                  if entries[0].kind == "country" and len(key) >= 5}
        hit = process.extractOne(normalise_name(word), list(self.fuzzy_choices), scorer=fuzz.ratio, score_cutoff=90)
        return self.fuzzy_choices[hit[0]] if hit else None

    def community_sector(self, words: list[str], country: str | None, sector: str | None) -> str | None:
        """The sector of a state role held by a stateless people's own bodies: "Kurdish officials"
        in Syria are the Kurdish-led administration's (REB), not the Syrian state's (GOV)."""
        if not country or sector not in STATE_SECTORS:
            return sector
        for word in words:
            if (found := self.communities.get((normalise_name(word), country))) is not None:
                return found
        return sector

    def agent(self, term: str) -> AgentTerm | None:
        return self.agents.get(normalise_name(term))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if line.strip() and not line.startswith("#"))
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield {k: (v or "").strip() for k, v in row.items() if k}
    except OSError as exc:
        raise DataFileError(f"cannot read actor data file {path}: {exc}") from exc
