"""Attribution frames: what the dependency parse says around each cue.

A frame is one cue from the lexicon with the words that name its source and the clause,
infinitive or object that is its content, read according to the cue's kind:

    speech, thought, evidence   "Lavrov said that ...": the clause (ccomp) is the content
    intent                      "vowed to ...": the infinitive (xcomp)
    naming                      "called Trump a con artist": object and predicate
    stance                      "endorsed Sanders", "called for a ban": the object
    evidential                  "the team appeared paralyzed": the whole clause, no source
    attitude                    "Democrats are wary of X": an adjective's complement
    noun                        "Trump's claim that ...": a noun's complement, its possessor
    source, document            "according to X", "in the CBS poll": X vouches for the clause

The source is the cue's subject, borrowed along conj/xcomp/advcl from the governing verb when
the cue has none ("she denied it and added ..."), the antecedent of a relative pronoun
("Lavrov, who said ..."), or the noun a participle modifies ("super PACs backing Cruz").
Frames know nothing of quotation marks beyond avoiding subjects inside them; the finder
pairs frames with quotations. Without a dependency parse there are no frames.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.quotes.cue_lexicon import CueLexicon
from eventwire.quotes.quote_marks import Offsets, overlapping, paragraph_of

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
STANCE_PREPOSITIONS = frozenset({"of", "for", "as", "to"})
# Prepositions that introduce what an attitude is about: "wary of", "confident in", "happy with".
ATTITUDE_PREPOSITIONS = frozenset({"of", "about", "with", "in", "to", "on", "over"})
# Prepositions that introduce what a noun cue is about: "criticism of", "support for".
NOUN_PREPOSITIONS = frozenset({"of", "for", "against", "about", "on", "over"})


@dataclass(frozen=True)
class Frame:
    """One cue read off the parse: who (source), which words (cue), what (content clause)."""
    cue: Offsets
    source: Offsets | None
    source_root: int | None
    content: Offsets | None  # None: the parse gave the cue no complement
    kinds: frozenset[str]


@dataclass(frozen=True)
class _Context:
    """What every frame reader needs: the parse, where paragraphs and quotations lie, and the
    tokens of "according to X" phrases (attribution, never part of a content clause)."""
    doc: Doc
    paragraphs: list[Offsets]
    quotes: list[Offsets]
    source_phrases: frozenset[int]

    def quoted(self, token: Token) -> bool:
        return bool(overlapping(self.quotes, (token.idx, token.idx + 1)))

    def bounds(self, token: Token) -> Offsets:
        return paragraph_of(token.idx, self.paragraphs)


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
    cues = {f.cue for f in frames}
    return frames + [f for f in _lead_ins(context) if f.cue not in cues]


def _lead_ins(context: _Context) -> list[Frame]:
    """ "Mr. Christie gloated: “...”", "Billy Joel sings, “...”": any verb that leads into a
    quotation through a colon (or a comma right after it) introduces it, listed or not. The
    finder links the quotation to these frames as it does to "“...,” he said"."""
    doc = context.doc
    token_at = {t.idx: t.i for t in doc}
    frames = []
    for start, _ in context.quotes:
        i = token_at.get(start)
        if i is None or i < 2 or doc[i - 1].text not in (":", ","):
            continue
        verb = doc[i - 2]
        for _ in range(6 if doc[i - 1].text == ":" else 0):  # "returned to his familiar lines:"
            if verb.pos_ == "VERB" or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or verb.i >= i or context.quoted(verb):
            continue
        frame = _verb_frame(context, range(verb.i, verb.i + 1), frozenset({"speech"}))
        if frame is not None and frame.source is not None:
            frames.append(Frame(frame.cue, frame.source, frame.source_root, None, frame.kinds))
    return frames


def _reader(token: Token, kinds: frozenset[str]) -> Callable[[_Context, range, frozenset[str]], Frame | None]:
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
