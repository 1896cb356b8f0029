"""The event lexicon: our versioned patterns (eventwire/data/events/lexicon.tsv), loaded."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventwire.errors import DataFileError

# An object written CLAUSE_OBJECT matches a finite clause the verb governs, for verbs whose
# object is a claim stated as a clause: "denied (that) his forecasts were too optimistic".
CLAUSE_OBJECT = "<clause>"
# receive: a verb whose subject is on the receiving end and whose "from" phrase names the doer
# ("Ukraine received tanks from Germany" is Germany's aid to Ukraine).
KINDS = ("verb", "noun", "control", "receive")


@dataclass(frozen=True)
class Pattern:
    kind: str
    lemma: str
    objects: frozenset[str]
    particles: frozenset[str]
    cameo: str
    note: str = ""

    @property
    def specificity(self) -> int:
        """Patterns that ask for more evidence win: "impose sanctions" before "impose"."""
        return 2 * bool(self.objects) + bool(self.particles)


@dataclass
class EventLexicon:
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    controls: dict[str, Pattern] = field(default_factory=dict)
    version: str = "v1"

    @classmethod
    def load(cls, path: Path | None = None) -> EventLexicon:
        path = path or Path(str(resources.files("eventwire") / "data" / "events" / "lexicon.tsv"))
        lexicon = cls()
        try:
            with open(path, encoding="utf-8") as handle:
                lines = [line for line in handle if line.strip() and not line.startswith("#")]
        except OSError as exc:
            raise DataFileError(f"cannot read event lexicon {path}: {exc}") from exc
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            lexicon.add(_pattern(row, path, number))
        for patterns in (*lexicon.verbs.values(), *lexicon.nouns.values()):
            patterns.sort(key=lambda p: -p.specificity)
        return lexicon

    def add(self, pattern: Pattern) -> None:
        if pattern.kind == "control":
            self.controls[pattern.lemma] = pattern
        else:
            table = self.nouns if pattern.kind == "noun" else self.verbs
            table.setdefault(pattern.lemma, []).append(pattern)

    def all_patterns(self) -> list[Pattern]:
        out = [p for ps in self.verbs.values() for p in ps] + [p for ps in self.nouns.values() for p in ps]
        return out + list(self.controls.values())


def _split(value: str | None) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in (value or "").split("|") if v.strip())


def _pattern(row: dict[str, str], path: Path, number: int) -> Pattern:
    kind, lemma, cameo = (row.get("kind") or "").strip(), (row.get("lemma") or "").strip().lower(), (row.get("cameo") or "").strip()
    if kind not in KINDS or not lemma or not cameo.isdigit():
        raise DataFileError(f"{path}:{number}: bad lexicon row {row!r} (kind must be one of {KINDS}, cameo digits)")
    return Pattern(kind, lemma, _split(row.get("object")), _split(row.get("particle")), cameo, (row.get("note") or "").strip())
