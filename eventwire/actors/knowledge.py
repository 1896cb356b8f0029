"""A knowledge base of people, learned from coded documents.

A title read once ("Kenyan Foreign Minister Musalia Mudavadi") tells us who a person is;
later articles often name them bare ("Mudavadi said"). Learning collects every titled,
fully named person from coded documents, keeps the country most articles give them, and
saves the result as a TSV that a user can read and correct by hand before coding with it
(`eventwire code --actors kb.tsv`).

    kb = learn(documents)            # or learn_from_store(store)
    kb.save(Path("kb.tsv"))
    for entry, names in KnowledgeBase.load(Path("kb.tsv")).to_entries():
        lexicon.add(entry, names)
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from eventwire.actors.lexicon import ActorEntry, ActorLexicon
from eventwire.errors import DataFileError
from eventwire.model import Document

COLUMNS = ("name", "aliases", "country", "sector", "role", "first_seen", "last_seen", "mentions", "disagreements",
           "evidence")
# The columns that tell a knowledge base TSV from a user dictionary with the same suffix.
KB_MARKERS = {"first_seen", "mentions"}
MAX_EVIDENCE = 5  # enough article ids to check an entry by hand, few enough to keep the file readable
MIN_SURNAME = 3  # "Yi", "Ma": shorter surnames match too many unrelated tokens to serve alone
# Titles the parser sometimes leaves inside a person's name ("President Assad", "Gen Mohammad
# Baqeri"): stripped before filing, so the name is the person's own.
HONORIFICS = frozenset({"president", "chancellor", "king", "queen", "prince", "princess", "gen", "gen.", "general",
                        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "lord", "lady", "col", "col.",
                        "colonel", "sheikh", "judge", "senator", "sen.", "rep.", "minister", "prime", "premier",
                        "the"})

# Capitalised words of headlines and titles that no person's name contains.
NOT_NAME_WORDS = frozenset({"another", "awards", "award", "protection", "bridges", "conservative", "republican",
                            "democrat", "democratic", "labour", "liberal", "qc", "mp", "the", "of", "and"})


@dataclass
class KnownPerson:
    """What the documents say about one person: the majority reading and how sure it is."""
    name: str
    country: str
    sector: str
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    mentions: int = 0  # documents that named this person with a country and sector
    disagreements: int = 0  # of those, how many gave another country
    evidence: list[str] = field(default_factory=list)

    def entry(self) -> ActorEntry:
        # No start/end: first/last seen say when we read about them, not when they held office.
        return ActorEntry(self.name, self.country, self.sector, "person", self.country + self.sector, self.role)


@dataclass
class _Sightings:
    """Every reading of one name while learning, before the majority is taken."""
    readings: Counter[tuple[str, str, str | None]] = field(default_factory=Counter)
    dates: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


class DocumentSource(Protocol):
    """What learning needs from a store: its article ids and each document."""

    def article_ids(self) -> Iterator[str]: ...
    def get(self, article_id: str) -> Document | None: ...


@dataclass
class KnowledgeBase:
    people: dict[str, KnownPerson] = field(default_factory=dict)  # by name

    def __len__(self) -> int:
        return len(self.people)

    def to_entries(self) -> list[tuple[ActorEntry, list[str]]]:
        """Each person as a lexicon entry with the names to file it under (name, then aliases)."""
        return [(p.entry(), [p.name, *p.aliases]) for p in self.people.values()]

    def save(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
            writer.writerow(COLUMNS)
            for p in sorted(self.people.values(), key=lambda p: (-p.mentions, p.name)):
                writer.writerow([p.name, "|".join(p.aliases), p.country, p.sector, p.role or "", p.first_seen or "",
                                 p.last_seen or "", p.mentions, p.disagreements, "|".join(p.evidence)])

    @classmethod
    def load(cls, path: Path) -> KnowledgeBase:
        """Read a saved (perhaps hand-edited) knowledge base; a bad row raises DataFileError at file:line."""
        kb = cls()
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                lines = list(handle)
        except OSError as exc:
            raise DataFileError(f"cannot read knowledge base {path}: {exc}") from exc
        header = lines[0].rstrip("\n").split("\t") if lines else []
        missing = {"name", "country", "sector"} - set(header)
        if missing:
            raise DataFileError(f"{path}:1: not a knowledge base: missing column(s) {', '.join(sorted(missing))}")
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip() or line.startswith("#"):
                continue  # blank lines and comments: hand edits may leave either
            row = dict(zip(header, (v.strip() for v in line.rstrip("\n").split("\t"))))
            kb._add_row(row, f"{path}:{number}")
        return kb

    def _add_row(self, row: dict[str, str], where: str) -> None:
        name, country, sector = row.get("name", ""), row.get("country", ""), row.get("sector", "")
        if not name or not country or not sector:
            raise DataFileError(f"{where}: a person needs a name, a country and a sector")
        try:
            mentions, disagreements = int(row.get("mentions") or 0), int(row.get("disagreements") or 0)
        except ValueError as exc:
            raise DataFileError(f"{where}: mentions and disagreements must be whole numbers") from exc
        self.people[name] = KnownPerson(name, country.upper(), sector.upper(), row.get("role") or None,
                                        _split(row.get("aliases")), row.get("first_seen") or None,
                                        row.get("last_seen") or None, mentions, disagreements,
                                        _split(row.get("evidence")))


def learn(documents: Iterable[Document], lexicon: ActorLexicon | None = None) -> KnowledgeBase:
    """People named in full with a title that gives their country and sector, one entry per name.
    `lexicon` (default: the built-in one) tells role nouns and demonyms, which are not names."""
    lex = lexicon or ActorLexicon.load()
    sightings: dict[str, _Sightings] = {}
    for doc in documents:
        seen_here: set[str] = set()
        for actor in doc.actors:
            name = _without_demonym(_without_titles(actor.name), lex)
            if not _learnable(name, actor.kind, actor.country, actor.sector) or _has_common_words(name, lex) \
                    or name in seen_here:
                continue
            seen_here.add(name)  # one vote per article, however often it names them
            assert actor.country is not None and actor.sector is not None
            s = sightings.setdefault(name, _Sightings())
            s.readings[(actor.country, actor.sector, actor.role)] += 1
            if doc.article.published:
                s.dates.append(doc.article.published)
            if len(s.evidence) < MAX_EVIDENCE:
                s.evidence.append(doc.article.id)
    kb = KnowledgeBase({name: _majority(name, s) for name, s in sightings.items()})
    _add_surnames(kb)
    return kb


def learn_from_store(store: DocumentSource) -> KnowledgeBase:
    """Learn from every document in a store, read one at a time so a large store never sits in memory."""
    def documents() -> Iterator[Document]:
        for article_id in store.article_ids():
            doc = store.get(article_id)
            if doc is not None:
                yield doc
    return learn(documents())


def _without_titles(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _without_demonym(name: str, lex: ActorLexicon) -> str:
    """"Canadian Hanna Bohman" -> "Hanna Bohman": a leading nationality is a title, not a name."""
    words = name.split()
    while len(words) > 2 and lex.country_of_adjective(words[0]):
        words.pop(0)
    return " ".join(words)


def _has_common_words(name: str, lex: ActorLexicon) -> bool:
    """"Conservative MP", "Kurdish Worker", "Another Republican Congressman": capitalised phrases
    that contain a role noun or a nationality are descriptions the parser took for names."""
    return any(lex.agent(word) is not None or lex.country_of_adjective(word) or word.lower() in NOT_NAME_WORDS
               for word in name.split())


def _learnable(name: str, kind: str, country: str | None, sector: str | None) -> bool:
    words = name.split()
    # Two capitalised words at least: a bare surname or a lower-case phrase is not a name to file.
    return (kind == "person" and bool(country) and bool(sector) and len(words) >= 2
            and all(w[:1].isupper() for w in words) and not any(ch.isdigit() for ch in name)
            and country not in ("IGO", "NGO"))


def _majority(name: str, s: _Sightings) -> KnownPerson:
    countries: Counter[str] = Counter()
    for (country, _, _), n in s.readings.items():
        countries[country] += n
    country, agree = countries.most_common(1)[0]
    # Sector and role by majority among the readings that agree on the country.
    sectors: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    for (c, sector, role), n in s.readings.items():
        if c == country:
            sectors[sector] += n
            if role:
                roles[role] += n
    total = sum(countries.values())
    dates = sorted(s.dates)
    return KnownPerson(name, country, sectors.most_common(1)[0][0], roles.most_common(1)[0][0] if roles else None,
                       [], dates[0] if dates else None, dates[-1] if dates else None, total, total - agree,
                       s.evidence)


def _add_surnames(kb: KnowledgeBase) -> None:
    """File each person under their surname too, unless another learned person shares it with
    a different country or sector: then a bare surname cannot say which one is meant."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for p in kb.people.values():
        owners.setdefault(p.name.split()[-1], set()).add((p.country, p.sector))
    for p in kb.people.values():
        surname = p.name.split()[-1]
        if len(surname) >= MIN_SURNAME and len(owners[surname]) == 1 and surname not in p.aliases:
            p.aliases.append(surname)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]
