"""The cue lexicon: the words that mark an attribution, loaded from our data file
eventwire/data/quotes/cues.tsv (columns lemma, kind, note).

A cue is one word or a phrase ("according to", "point out"); each word matches a token's
lemma or its lower-case form. The kind says how the finder reads what the cue reports
(see the file's header and eventwire.quotes.attribution_frames).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from eventwire.errors import DataFileError

CUE_KINDS = ("speech", "thought", "evidence", "intent", "naming", "stance", "evidential", "attitude", "noun",
             "source", "document")


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # each word matched by lemma or by lower-case form
    kind: str


@dataclass(frozen=True)
class CueLexicon:
    by_first_word: dict[str, tuple[Cue, ...]]  # longest phrases first

    @classmethod
    def load(cls, path: Path | None = None) -> CueLexicon:
        path = path or Path(str(resources.files("eventwire") / "data" / "quotes" / "cues.tsv"))
        try:
            with open(path, encoding="utf-8") as handle:
                lines = [line for line in handle if line.strip() and not line.startswith("#")]
        except OSError as exc:
            raise DataFileError(f"cannot read quote cue lexicon {path}: {exc}") from exc
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
        for number, row in enumerate(rows, start=2):
            if not (row.get("lemma") or "").strip() or row.get("kind") not in CUE_KINDS:
                raise DataFileError(f"{path}: row {number} needs a lemma and a kind in {CUE_KINDS}: {row}")
        return cls.from_entries((row["lemma"], row["kind"]) for row in rows)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, str]]) -> CueLexicon:
        table: dict[str, list[Cue]] = {}
        for phrase, kind in entries:
            words = tuple(phrase.lower().split())
            if words and kind in CUE_KINDS:
                table.setdefault(words[0], []).append(Cue(words, kind))
        return cls({w: tuple(sorted(cues, key=lambda c: -len(c.words))) for w, cues in table.items()})

    def match(self, doc: Doc, i: int) -> tuple[int, frozenset[str]]:
        """The end (exclusive) and kinds of the longest cue starting at token i; (i, {}) if none."""
        token = doc[i]
        best_end, kinds = i, set()
        forms = dict.fromkeys((token.lemma_.lower(), token.lower_))  # "according" has lemma "accord"
        for cue in (c for form in forms for c in self.by_first_word.get(form, ())):
            end = _phrase_end(doc, i, cue.words)
            if end is None or end < best_end:
                continue
            if end > best_end:
                best_end, kinds = end, set()
            kinds.add(cue.kind)
        return best_end, frozenset(kinds)


def _phrase_end(doc: Doc, i: int, words: tuple[str, ...]) -> int | None:
    """Where a cue phrase starting at token i ends, or None. The words follow one another,
    except that a verb's particle or preposition may sit a few adverbs away: "spoke
    passionately about", "pointed it out"."""
    end = i + len(words)
    rest = doc[i + 1:end] if end <= len(doc) else []
    if len(rest) == len(words) - 1 and all(w in (t.lower_, t.lemma_.lower()) for w, t in zip(words[1:], rest)):
        return end
    if len(words) != 2:
        return None
    for child in doc[i].rights:
        between = doc[i + 1:child.i]
        if child.lower_ == words[1] and child.dep_ in ("prep", "prt") and len(between) <= 3 \
                and all(t.pos_ in ("ADV", "PART", "PRON") for t in between):
            return child.i + 1
    return None
