"""Quotes stage, first half: find quotations and attributions (who said what) as spans.

Two kinds of evidence are combined:
- quote marks, paired over the raw text by `quote_spans` (total: any text, any marks);
- attribution frames read off the dependency parse around a cue from our lexicon
  (eventwire/data/quotes/cues.tsv): the cue ("said"), its subject (the source) and its
  complement clause (the content).
A frame whose complement is a quotation is direct, or mixed when the clause also carries
the reporter's own words; a quotation the parse did not attach is given the attribution
printed next to it, or, when it opens a paragraph right after a quote, the previous quote's
attribution (news style runs a speaker's quote on into the next paragraph).

Span conventions follow PolNeAR (political news attribution corpus): direct content keeps
its quote marks, indirect content keeps "that" and drops the sentence's final full stop,
and a source is the whole noun phrase naming the speaker ("Jeff Weaver, Sanders' manager").
Speaker resolution to actors happens later (eventwire.quotes.attribute).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from eventwire.errors import DataFileError

Offsets = tuple[int, int]

CUE_KINDS = ("speech", "thought", "evidence", "intent", "naming", "stance", "evidential", "attitude", "noun", "source", "document")
CLAUSE_KINDS = frozenset({"speech", "thought", "evidence"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Subjects that name nobody: "there is a claim". ("It added that ..." names an organisation.)
EMPTY_SUBJECTS = frozenset({"there"})
# A speaker who is not the grammatical subject: "X was quoted as saying ..."
PASSIVE_SPEAKER_VERBS = frozenset({"quote"})
# Dependents through which a subjectless cue borrows its speaker: "he spoke, saying ...",
# "she denied it and added ...", "was quoted as saying ...", "was not willing to say ...".
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acomp", "dobj", "pobj"})
# Prepositions that complete a stance object: "accused X of", "blamed X for", "saw X as".
STANCE_PREPOSITIONS = frozenset({"of", "for", "as"})
# Prepositions that introduce what an attitude is about: "wary of", "confident in", "happy with".
ATTITUDE_PREPOSITIONS = frozenset({"of", "about", "with", "in", "to", "on", "over"})
# The longest speaker label before a colon at the head of a paragraph ("Sen. Elizabeth Warren:").
LABEL_WORDS = 5
# Prepositions that introduce what a noun cue is about: "criticism of", "support for".
NOUN_PREPOSITIONS = frozenset({"of", "for", "against", "about", "on", "over"})
# What may sit between a quotation and an attribution printed beside it.
ADJACENT_GAP = re.compile(r"[ \t\u00a0,:;\u2014\u2013-]*")  # never a line break ...
LEAD_IN_GAP = re.compile(r"[ \t\u00a0]*:\s*")  # ... except after a colon: "He said:\n\n“..."

DOUBLE_MARKS = re.compile(r"``|''|[\"\u201c\u201d\u201e\u00ab\u00bb\u2033\uff02]")
OPENING_DOUBLE = frozenset({"``", "\u201c", "\u201e", "\u00ab"})
CLOSING_DOUBLE = frozenset({"\u201d", "\u00bb"})
SINGLE_MARKS = re.compile(r"['\u2018\u2019]")
# Characters after which a straight mark opens rather than closes a quotation.
OPENING_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/\"\u201c")


@dataclass(frozen=True)
class QuoteFinding:
    content: Offsets  # char offsets into doc.text
    cue: Offsets | None  # "said", "told reporters", "according to"
    source: Offsets | None  # the words naming the speaker where the attribution is made
    kind: str  # "direct" | "indirect" | "mixed"
    source_root: int | None = None  # doc-level token index of the source phrase's head


# ---------------------------------------------------------------- the cue lexicon


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


# ---------------------------------------------------------------- quote marks


def paragraph_spans(text: str) -> list[Offsets]:
    """Non-blank lines, stripped: news paragraphs, the unit a quotation never crosses unclosed."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        start = m.start() + len(line) - len(line.lstrip())
        end = m.start() + len(line.rstrip())
        if end > start:
            out.append((start, end))
    return out


def quote_spans(text: str, paragraphs: list[Offsets] | None = None) -> list[Offsets]:
    """Quotations with their marks, in text order. Double marks pair first; single marks
    count only outside them (British style), since inside they are nested quotes or apostrophes.
    A quotation still open at its paragraph's end runs to that end, as news style leaves
    the closing mark off a quote that continues in the next paragraph."""
    out: list[Offsets] = []
    for start, end in paragraphs if paragraphs is not None else paragraph_spans(text):
        doubles = _pair_doubles(text, start, end)
        singles = [s for s in _pair_singles(text, start, end) if not any(_overlap(s, d) for d in doubles)]
        out.extend(sorted(doubles + singles))
    return [s for s in out if any(ch.isalnum() for ch in text[s[0]:s[1]])]


def _pair_doubles(text: str, start: int, end: int) -> list[Offsets]:
    spans, open_at = [], None
    for m in DOUBLE_MARKS.finditer(text, start, end):
        mark, role = m.group(), _double_role(text, m.start(), m.end())
        if open_at is None:
            if role != "close":
                open_at = m.start()
        elif role == "open" and mark in OPENING_DOUBLE:
            open_at = m.start()  # a second opening mark: the first one was stray
        elif role != "open" or mark not in OPENING_DOUBLE:
            spans.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, end))
    return spans


def _double_role(text: str, start: int, end: int) -> str:
    mark = text[start:end]
    if mark in OPENING_DOUBLE:
        return "open"
    if mark in CLOSING_DOUBLE:
        return "close"
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before in OPENING_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return "either"


def _pair_singles(text: str, start: int, end: int) -> list[Offsets]:
    """British-style ‘...’ quotations; an apostrophe (don’t, voters’) must not open one."""
    spans, open_at = [], None
    for m in SINGLE_MARKS.finditer(text, start, end):
        i, mark = m.start(), m.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at is None:
            if mark != "\u2019" and before in OPENING_CONTEXT and after.isalpha():
                open_at = i
        elif mark != "\u2018" and not before.isspace() and not after.isalnum():
            spans.append((open_at, i + 1))
            open_at = None
    return spans


def _overlap(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _inside(pos: int, spans: Iterable[Offsets]) -> bool:
    return any(s <= pos < e for s, e in spans)


# ---------------------------------------------------------------- attribution frames


@dataclass(frozen=True)
class Frame:
    """One cue read off the parse: who (source), which words (cue), what (content clause)."""
    cue: Offsets
    source: Offsets | None
    source_root: int | None
    content: Offsets | None  # None: the parse gave the cue no complement
    kinds: frozenset[str]


def _char_range(doc: Doc, first: int, last: int) -> Offsets:
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _trimmed(doc: Doc, indices: Iterable[int], bounds: Offsets) -> Offsets | None:
    """First and last token of a phrase inside `bounds` (a paragraph), punctuation trimmed."""
    kept = sorted(i for i in indices if bounds[0] <= doc[i].idx < bounds[1])
    while kept and (doc[kept[0]].is_punct or doc[kept[0]].is_space):
        kept.pop(0)
    while kept and (doc[kept[-1]].is_punct or doc[kept[-1]].is_space) and not _closes(doc, kept):
        kept.pop()
    return (kept[0], kept[-1]) if kept else None


def _closes(doc: Doc, kept: list[int]) -> bool:
    """Whether the last token closes a bracket opened inside the phrase: "Reid (D-Nev.)"."""
    return doc[kept[-1]].text == ")" and any(doc[i].text == "(" for i in kept)


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _paragraph_of(pos: int, paragraphs: list[Offsets]) -> Offsets:
    return next((p for p in paragraphs if p[0] <= pos < p[1]), (pos, pos + 1))


@dataclass(frozen=True)
class _Context:
    """What every frame reader needs: the parse, where paragraphs and quotations lie, and the
    tokens of "according to X" phrases (attribution, never part of a content clause)."""
    doc: Doc
    paragraphs: list[Offsets]
    quotes: list[Offsets]
    source_phrases: frozenset[int]

    def quoted(self, token: Token) -> bool:
        return _inside(token.idx, self.quotes)

    def bounds(self, token: Token) -> Offsets:
        return _paragraph_of(token.idx, self.paragraphs)


def find_frames(doc: Doc, lexicon: CueLexicon, paragraphs: list[Offsets], quotes: list[Offsets]) -> list[Frame]:
    """Every cue in the parse with its source and content; no parse, no frames."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []
    matches, i = [], 0
    while i < len(doc):
        end, kinds = lexicon.match(doc, i)
        if "document" in kinds and _cited_in(doc[i]):
            matches.append((doc[i].head.i, doc[i].head.i + 1, frozenset({"document"})))  # "in the CBS poll, ..."
        elif kinds - {"document"}:
            matches.append((i, end, kinds - {"document"}))
        i = max(end, i + 1)
    phrases = frozenset().union(*(_subtree(doc[s]) for s, _, k in matches if "source" in k))
    context = _Context(doc, paragraphs, quotes, phrases)
    frames = []
    for start, end, kinds in matches:
        reader = _reader(doc[start], kinds)
        frame = reader(context, range(start, end), kinds)
        if frame is not None:
            frames.append(frame)
    return frames


def _reader(token: Token, kinds: frozenset[str]):
    """How the cue is read: a lemma may be listed as a verb and as a noun ("claim")."""
    if kinds & {"source", "document"}:
        return _source_frame
    if token.pos_ == "ADJ":
        return _attitude_frame
    return _noun_frame if token.pos_ == "NOUN" else _verb_frame


def _cited_in(noun: Token) -> bool:
    """ "In a CBS poll, ..." or "..., in the survey": one record, set off as the clause's
    source (not "he rose in the polls")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep" or noun.tag_ != "NN":
        return False
    doc = noun.doc
    before = doc[prep.i - 1] if prep.i > 0 else None
    return before is None or prep.is_sent_start is True or before.is_space or before.text == ","


def _verb_frame(context: _Context, cue: range, kinds: frozenset[str]) -> Frame | None:
    doc = context.doc
    head = next((doc[i] for i in cue if doc[i].pos_ == "VERB"), None)  # "point out", "are expected"
    if head is None or head.dep_ in ("amod", "compound"):
        return None  # "the so-called", "said company": not a report
    bounds = context.bounds(head)
    content_ids = _complement(doc, cue, head, kinds) - context.source_phrases - set(cue)
    if not content_ids and "evidential" in kinds and _evidential(head):
        # "the team appeared paralyzed": the whole clause is the claim, and nobody is named
        clause = _trimmed(doc, _subtree(head) - context.source_phrases, bounds)
        return Frame(_char_range(doc, cue.start, cue.stop - 1), None, None,
                     _char_range(doc, *clause) if clause else None, kinds)
    content = _trimmed(doc, content_ids, bounds)
    if content is None and "speech" not in kinds:
        return None  # only a speech verb can carry a quotation printed beside it
    subject = _speaker(context, head, cue)
    source, root = None, None
    if subject is not None:
        blocked = set(cue) | content_ids | (set() if subject.i in _subtree(head) else _subtree(head))
        source = _phrase(doc, subject, blocked, bounds)
        root = subject.i if source else None
    cue_last = _cue_extent(doc, cue.stop - 1, content_ids)
    return Frame(_char_range(doc, cue.start, cue_last), source, root,
                 _char_range(doc, *content) if content else None, kinds)


def _complement(doc: Doc, cue: range, head: Token, kinds: frozenset[str]) -> set[int]:
    """Token ids of what the cue reports: its clause, its infinitive, its object, or the
    clause it interrupts, tried in that order."""
    children = [c for i in cue for c in doc[i].children if c.i not in cue]
    if kinds & CLAUSE_KINDS:  # "said that ...", and the gerund of "suggested boycotting Apple"
        found = [c for c in children if c.dep_ == "ccomp" or c.dep_ == "xcomp" and c.tag_ == "VBG"]
        if found:
            return set().union(*(_subtree(c) for c in found))
    if "intent" in kinds:
        found = [c for c in children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if found:
            return set().union(*(_subtree(c) for c in found))
    if "naming" in kinds:  # "called Trump a con artist": object and predicate together
        objects = [c for c in children if c.dep_ == "dobj"]
        predicates = [c for c in children if c.dep_ == "oprd"]
        if predicates:  # the object may be a relative pronoun far away: "what he called a sham"
            return set().union(*(_subtree(c) for c in objects + predicates))
    if "stance" in kinds:
        found = _stance_object(doc, cue, children)
        if found:
            return found
    if kinds & {"speech", "thought"} and _parenthetical(head):
        return _subtree(head.head) - _subtree(head)
    if kinds & {"speech", "stance", "evidence"}:  # "news of the move was first reported by the Herald"
        found = [c for c in head.children if c.dep_ == "nsubjpass" and c.lower_ not in EMPTY_SUBJECTS | {"it"}]
        return set().union(*(_subtree(c) for c in found), set())
    return set()


def _evidential(verb: Token) -> bool:
    """ "seemed unperturbed", "appears to hold", "is expected to win": a predicate follows."""
    return any(c.dep_ in ("xcomp", "acomp", "oprd") for c in verb.children)


def _stance_object(doc: Doc, cue: range, children: list[Token]) -> set[int]:
    """ "endorsed Sanders", "accused Clinton of lying", "called for a ban": the object, with
    the of/for/as phrase that completes it."""
    last = doc[cue.stop - 1]
    if last.pos_ == "ADP":  # the cue ends in its preposition: the object hangs there
        found = [c for c in last.children if c.dep_ in ("pobj", "pcomp")]
        return set().union(*(_subtree(c) for c in found)) if found else set()
    objects = [c for c in children if c.dep_ == "dobj" and c.pos_ != "PRON"]
    if not objects:
        return set()
    ids = set().union(*(_subtree(c) for c in objects))
    after = max(ids)
    for c in children:
        if c.dep_ == "prep" and c.lower_ in STANCE_PREPOSITIONS and c.i == after + 1:
            ids |= _subtree(c)
    return ids


def _parenthetical(verb: Token) -> bool:
    """ "..., he said" or "X, he said, Y": the attribution hangs off the clause it reports."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in ("parataxis", "ccomp", "advcl") or head.pos_ not in ("VERB", "AUX"):
        return False
    deps = {c.dep_ for c in verb.children}
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if "nsubj" not in deps or deps & {"dobj", "ccomp", "xcomp"} or marks - {"as"}:
        return False  # "after he said", "what he said": not set off as an attribution ("as he said" is)
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    edges = [doc[left - 1] if left > 0 else None, doc[right + 1] if right + 1 < len(doc) else None,
             doc[left], doc[right]]
    return any(t is not None and t.text in (",", "\u2014", "\u2013", "-", "--") for t in edges)


def _speaker(context: _Context, verb: Token, cue: range) -> Token | None:
    """The subject naming who speaks, borrowed from the governing verb when the cue has none.
    A subject inside a quotation is a misparse ("“That,” he said"): the nearest noun phrase
    beside the cue is taken instead."""
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if agents:
        return agents[0]  # the passive's "by X"
    current = verb
    for _ in range(4):
        deps = ("nsubj", "nsubjpass") if current.lemma_ in PASSIVE_SPEAKER_VERBS else ("nsubj",)
        subjects = [c for c in current.children if c.dep_ in deps]
        unquoted = sorted((c for c in subjects if not context.quoted(c)), key=lambda c: abs(c.i - verb.i))
        if unquoted:
            subject = unquoted[0]
            if subject.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl" and current.head.i != current.i:
                return current.head  # "Lavrov, who said ...": the antecedent is the speaker
            return None if subject.lower_ in EMPTY_SUBJECTS else subject
        if subjects:
            return _beside(context, cue)
        if current.dep_ == "acl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head  # "super PACs backing Mr. Cruz", "a statement saying ...": the noun speaks
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            break
        current = current.head
    # A finite cue with no subject at all is a misparse ("“...,” Conway notes" read as a
    # compound noun): a name hanging off the cue beside it is the speaker.
    nearby = _beside(context, cue)
    return nearby if nearby is not None and verb.i in (nearby.head.i, nearby.head.head.i) else None


def _beside(context: _Context, cue: range) -> Token | None:
    doc = context.doc
    for i in (cue.stop, cue.start - 1):
        if 0 <= i < len(doc) and doc[i].pos_ in ("PRON", "PROPN", "NOUN") and not context.quoted(doc[i]):
            token = doc[i]
            while token.dep_ in ("compound", "amod", "det", "poss") and not context.quoted(token.head):
                token = token.head
            return token
    return None


def _phrase(doc: Doc, root: Token, blocked: set[int], bounds: Offsets) -> Offsets | None:
    """The contiguous stretch of root's subtree around root, stopping at blocked tokens."""
    allowed = _subtree(root) - blocked
    if root.i not in allowed:
        return None
    first = last = root.i
    while first - 1 in allowed:
        first -= 1
    while last + 1 in allowed:
        last += 1
    span = _trimmed(doc, range(first, last + 1), bounds)
    if span is None or doc[span[0]].lower_ in RELATIVE_PRONOUNS and span[0] != root.i:
        return None
    return _char_range(doc, *span)


def _cue_extent(doc: Doc, last: int, content_ids: set[int]) -> int:
    """The cue grows by a listener right after it: "told reporters" (not past the content)."""
    verb = doc[last]
    if verb.lemma_ != "tell" or last + 1 >= len(doc):
        return last
    listener = doc[last + 1]
    if listener.head.i == verb.i and listener.dep_ in ("dobj", "dative") and listener.i not in content_ids:
        if listener.right_edge.i - last <= 3:
            return listener.right_edge.i
    return last


def _noun_frame(context: _Context, cue: range, kinds: frozenset[str]) -> Frame | None:
    """ "Trump's claim that ...", "George Will's call to abandon Trump", "her criticism of the
    bank": the noun's complement is the content, its possessor (or "by X") the source."""
    doc = context.doc
    noun = doc[cue.start]
    if "noun" not in kinds:
        return None
    found = [c for c in noun.children if c.dep_ in ("acl", "xcomp", "ccomp")
             and any(g.dep_ in ("aux", "mark") and g.lower_ in ("to", "that") for g in c.children)]
    if not found:
        preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in NOUN_PREPOSITIONS]
        found = [o for p in preps[:1] for o in p.children if o.dep_ in ("pobj", "pcomp")]
    bounds = context.bounds(noun)
    content_ids = set().union(*(_subtree(c) for c in found), set())
    content = _trimmed(doc, content_ids, bounds)
    if content is None:
        return None
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += [o for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for o in c.children
               if o.dep_ == "pobj"]
    # Without an owner, whoever "made the claim" or "raised concerns about" it: the governing verb's subject.
    owner = owners[0] if owners else _speaker(context, noun, cue) if noun.dep_ in ("dobj", "pobj") else None
    source = _phrase(doc, owner, set(cue) | content_ids, bounds) if owner is not None else None
    return Frame(_char_range(doc, cue.start, cue.stop - 1), source, owner.i if source else None,
                 _char_range(doc, *content), kinds)


def _attitude_frame(context: _Context, cue: range, kinds: frozenset[str]) -> Frame | None:
    """ "Democrats are wary of X", "she is confident that ...", "it is unclear whether ...":
    an adjective after a copula, its complement the content, the copula's subject the source."""
    doc = context.doc
    adjective = doc[cue.start]
    if "attitude" not in kinds or adjective.dep_ not in ("acomp", "conj"):
        return None
    copula = adjective.head
    found = [c for c in adjective.children if c.dep_ in ("ccomp", "xcomp")]
    preps = [c for c in adjective.children if c.dep_ == "prep" and c.lower_ in ATTITUDE_PREPOSITIONS]
    found += [o for p in preps[:1] for o in p.children if o.dep_ in ("pobj", "pcomp")]
    if not found:  # "it is unclear whether ...": the clause hangs off the copula
        found = [c for c in copula.children if c.dep_ == "ccomp" and c.i > adjective.i]
    bounds = context.bounds(adjective)
    content = _trimmed(doc, set().union(*(_subtree(c) for c in found), set()) - set(cue), bounds)
    if content is None:
        return None
    subject = _speaker(context, copula, cue)
    if subject is not None and subject.lower_ == "it":
        subject = None  # the extraposition "it", not a speaker
    source = _phrase(doc, subject, set(cue) | set(range(content[0], content[1] + 1)), bounds) if subject else None
    cue_last = preps[0].i if preps and preps[0].i < content[0] else cue.stop - 1
    return Frame(_char_range(doc, cue.start, cue_last), source, subject.i if source else None,
                 _char_range(doc, *content), kinds)


def _source_frame(context: _Context, cue: range, kinds: frozenset[str]) -> Frame | None:
    """ "according to X": X is the source, the clause the phrase modifies the content."""
    doc, head = context.doc, context.doc[cue.start]
    objects = [c for i in cue for c in doc[i].children if c.dep_ == "pobj"]
    if not objects:
        return None
    bounds = context.bounds(head)
    source = _phrase(doc, objects[0], set(cue), bounds)
    clause = head.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.i == head.i:
        return None
    content = _trimmed(doc, _subtree(clause) - _subtree(head), bounds)
    if content is None:
        return None
    return Frame(_char_range(doc, cue.start, cue.stop - 1), source, objects[0].i if source else None,
                 _char_range(doc, *content), kinds)


# ---------------------------------------------------------------- frames meet quotations


def _finding(frame: Frame, content: Offsets, kind: str) -> QuoteFinding:
    return QuoteFinding(content, frame.cue, frame.source, kind, frame.source_root)


def _attribution(frame: Frame) -> Offsets:
    spans = [frame.cue] + ([frame.source] if frame.source else [])
    return min(s for s, _ in spans), max(e for _, e in spans)


def _link(frames: list[Frame], quotes: list[Offsets], text: str) -> tuple[list[QuoteFinding], set[Offsets]]:
    """Direct, mixed and indirect findings from frames, and the quotations they claimed."""
    findings: list[QuoteFinding] = []
    claimed: set[Offsets] = set()
    open_to_more: list[Frame] = []  # frames that may still take a quotation printed beside them
    for frame in frames:
        if frame.content is None:
            open_to_more.append(frame)
            continue
        touching = [q for q in quotes if _overlap(q, frame.content)]
        if not touching:
            findings.append(_finding(frame, frame.content, "indirect"))
            continue
        claimed.update(touching)
        if _reporter_words(text, frame.content, touching + [_attribution(frame)]):
            start = min([frame.content[0]] + [q[0] for q in touching])
            end = max([frame.content[1]] + [q[1] for q in touching])
            findings.append(_finding(frame, (start, end), "mixed"))
        else:
            findings.extend(_finding(frame, q, "direct") for q in touching)
            open_to_more.append(frame)  # the other half of “X,” he said, “Y.”
    for frame in open_to_more:  # "“...,” he said" where the parse left the quotation unattached
        if "speech" in frame.kinds:
            for quote in _adjacent(frame, quotes, claimed, text):
                claimed.add(quote)
                findings.append(_finding(frame, quote, "direct"))
    return findings, claimed


def _reporter_words(text: str, content: Offsets, quoted: list[Offsets]) -> bool:
    """Whether the clause has words of its own outside the quotation ("that" does not count)."""
    chars = [" " if _inside(i, quoted) else ch for i, ch in enumerate(text[content[0]:content[1]], content[0])]
    words = re.findall(r"[^\W_]+", "".join(chars))
    return bool(words[1:] if words[:1] in (["that"], ["whether"]) else words)


def _adjacent(frame: Frame, quotes: list[Offsets], claimed: set[Offsets], text: str) -> list[Offsets]:
    start, end = _attribution(frame)
    before = [q for q in quotes if q[1] <= start and ADJACENT_GAP.fullmatch(text, q[1], start)]
    after = [q for q in quotes if q[0] >= end and (ADJACENT_GAP.fullmatch(text, end, q[0])
                                                  or LEAD_IN_GAP.fullmatch(text, end, q[0]))]
    return [q for q in before[-1:] + after[:1] if q not in claimed]


def _continuations(findings: list[QuoteFinding], quotes: list[Offsets], claimed: set[Offsets],
                   paragraphs: list[Offsets], text: str) -> list[QuoteFinding]:
    """A quotation opening a paragraph, or following an attributed one in the same paragraph,
    with no attribution of its own continues the previous direct quote."""
    out: list[QuoteFinding] = []
    for quote in quotes:
        if quote in claimed:
            continue
        previous = max((f for f in findings + out if f.content[1] <= quote[0]), key=lambda f: f.content[1], default=None)
        if previous is None or previous.kind == "indirect" or previous.source is None:
            continue
        if _follows(previous, quote, paragraphs, text):
            out.append(QuoteFinding(quote, previous.cue, previous.source, "direct", previous.source_root))
    return out


def _follows(previous: QuoteFinding, quote: Offsets, paragraphs: list[Offsets], text: str) -> bool:
    """The quote starts its paragraph (or sentence) and nothing but the previous quote's
    attribution separates the two."""
    here = _paragraph_of(quote[0], paragraphs)
    last_end = max(span[1] for span in (previous.content, previous.cue, previous.source) if span)
    if here[0] == quote[0]:
        before = [p for p in paragraphs if p[1] <= here[0]]
        return bool(before) and before[-1][0] <= last_end <= before[-1][1]
    if not here[0] <= last_end <= quote[0]:
        return False
    return re.fullmatch(r"[^\w\"\u201c\u201d]*(?:[\w\s,.'\u2019-]*[.!?])?\s*", text[last_end:quote[0]]) is not None


def _labelled(doc: Doc, paragraphs: list[Offsets], quotes: list[Offsets]) -> list[QuoteFinding]:
    """ "Trump: My plans aren't set in stone", "Lopez: Well, ...": headlines and transcripts
    name the speaker before a colon at the head of the paragraph."""
    if not doc.has_annotation("TAG"):
        return []
    first_token = {t.idx: t.i for t in doc}
    out = []
    for start, end in paragraphs:
        i = first_token.get(start)
        label = doc[i:i + LABEL_WORDS + 1] if i is not None else doc[0:0]
        colon = next((t.i for t in label if t.text == ":"), None)
        if colon is None or colon == i or not doc[i].is_title and not doc[i].is_upper:
            continue
        words = doc[i:colon]
        if not all(t.pos_ == "PROPN" and not t.is_upper or t.text in (".", "-") for t in words):
            continue  # a name, not a rubric: "The Latest:", "BYLINE:", "Editor's Note:"
        content = (doc[colon].idx + 1, end)
        text = doc.text[content[0]:content[1]]
        stripped = text.lstrip()
        content = (content[1] - len(stripped), content[1] - (len(stripped) - len(stripped.rstrip(" ."))))
        if len(re.findall(r"[^\W_]+", stripped)) < 2 or content[1] <= content[0]:
            continue
        quoted = any(q[0] <= content[0] and content[1] <= q[1] for q in quotes)
        root = max((t for t in words if t.pos_ in ("PROPN", "NOUN")), key=lambda t: t.i, default=words[-1])
        out.append(QuoteFinding(content, (doc[colon].idx, doc[colon].idx + 1),
                                (words.start_char, words.end_char), "direct" if quoted else "indirect", root.i))
    return out


def _speakers_first(frames: list[Frame]) -> list[Frame]:
    """ "In an interview, he said ...": the record yields to the speaker when its clause holds
    a cue of its own. ("According to" does not yield: it names who vouches for the whole.)"""
    cues = [f.cue[0] for f in frames if "document" not in f.kinds]
    return [f for f in frames if "document" not in f.kinds or f.content is None
            or not any(f.content[0] <= c < f.content[1] for c in cues)]


def _univocal(findings: list[QuoteFinding]) -> list[QuoteFinding]:
    """Each word belongs to one attribution: a cue inside another finding's content (a
    report within a report) yields to the outer one."""
    out = []
    for finding in findings:
        cue = finding.cue or finding.content
        if not any(o is not finding and o.cue != finding.cue and o.content[0] <= cue[0] < o.content[1]
                   for o in findings):
            out.append(finding)
    return out


def _valid(finding: QuoteFinding, size: int) -> bool:
    spans = [s for s in (finding.content, finding.cue, finding.source) if s is not None]
    return all(0 <= s <= e <= size for s, e in spans) and finding.content[1] > finding.content[0]


class QuoteFinder:
    """Callable over a parsed spaCy Doc; returns findings sorted by content offset.

    Total by construction: any text and any arrangement of quote marks gives a list,
    and a Doc without a dependency parse gives only what quote marks alone can say (nothing
    attributed, hence nothing)."""

    def __init__(self, cues: CueLexicon | None = None) -> None:
        self.cues = cues if cues is not None else CueLexicon.load()

    def __call__(self, doc: Doc) -> list[QuoteFinding]:
        text = doc.text
        paragraphs = paragraph_spans(text)
        quotes = quote_spans(text, paragraphs)
        # A cue inside a quotation is the speaker's own words, not an attribution.
        frames = [f for f in find_frames(doc, self.cues, paragraphs, quotes) if not _inside(f.cue[0], quotes)]
        frames = _speakers_first(frames)
        findings, claimed = _link(frames, quotes, text)
        labelled = [f for f in _labelled(doc, paragraphs, quotes) if not any(_overlap(f.content, o.content) for o in findings)]
        findings += labelled
        claimed.update(q for q in quotes for f in labelled if _overlap(q, f.content))
        findings = _univocal(findings)
        findings += _continuations(findings, quotes, claimed, paragraphs, text)
        unique = {(f.content, f.cue): f for f in findings if _valid(f, len(text))}
        return sorted(unique.values(), key=lambda f: (f.content, f.cue or (0, 0)))
