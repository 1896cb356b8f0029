"""Quotes stage, first half: find quotations and attributions (who said what) as spans.

Two kinds of evidence are combined:
- quotation marks, paired over the raw text (eventwire.quotes.quote_marks);
- attribution frames read off the dependency parse around a cue from our lexicon
  (eventwire.quotes.attribution_frames, eventwire/data/quotes/cues.tsv): the cue ("said"),
  its subject (the source) and its complement (the content).
A frame whose complement is a quotation is direct, or mixed when the clause also carries the
reporter's own words; a quotation the parse left unattached takes the attribution printed
beside it ("“...,” he said"), and one that opens a paragraph right after a quote takes the
previous quote's attribution (news style runs a speaker's quote on into the next paragraph).

Span conventions follow PolNeAR (political news attribution corpus), whose annotation is
"univocal": each word belongs to at most one attribution, so a report inside a report
("Trump said he thinks ...") yields to the outer one. Direct content keeps its quote
marks; indirect content keeps "that" and drops the sentence's final full stop; a source is
the whole noun phrase naming the speaker ("Jeff Weaver, Sanders' campaign manager").
Speaker resolution to actors happens later (eventwire.quotes.attribute).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.nlp import doc_text
from eventwire.quotes.attribution_frames import Frame, find_frames
from eventwire.quotes.cue_lexicon import CueLexicon
from eventwire.quotes.quote_marks import (Offsets, inside, neighbours, overlap, overlapping, paragraph_of,
                                          paragraph_spans, quote_spans)

__all__ = ["CueLexicon", "QuoteFinder", "QuoteFinding"]

# What may sit between a quotation and an attribution printed beside it.
ADJACENT_GAP = re.compile(r"[ \t\u00a0,:;\u2014\u2013-]*")  # never a line break ...
LEAD_IN_GAP = re.compile(r"[^.!?\"\u201c\u201d\n]{0,60}:\s*")  # ... except after a colon: "He said:\n\n“..."
# What may separate a quote from its continuation in the same paragraph: the end of the
# attribution's sentence (" in a statement. "), nothing more.
REST_OF_SENTENCE = re.compile(r"[^.!?\"\u201c\u201d\n]*[.!?]?\s*")
# Cues that name a channel vouching for a claim rather than a speaker making it.
CHANNEL_KINDS = frozenset({"source", "document"})
# The longest speaker label before a colon at the head of a paragraph ("Sen. Elizabeth Warren:").
LABEL_WORDS = 5


@dataclass(frozen=True)
class QuoteFinding:
    content: Offsets  # char offsets into doc.text
    cue: Offsets | None  # "said", "told reporters", "according to"
    source: Offsets | None  # the words naming the speaker where the attribution is made
    kind: str  # "direct" | "indirect" | "mixed"
    source_root: int | None = None  # doc-level token index of the source phrase's head


class QuoteFinder:
    """Callable over a parsed spaCy Doc; returns findings sorted by content offset.

    Total by construction: any text and any arrangement of quote marks gives a list (no
    exception is caught anywhere; there is none to catch), and a Doc without a dependency
    parse gives an empty one, since a quotation nobody is said to have spoken is no finding."""

    def __init__(self, cues: CueLexicon | None = None) -> None:
        self.cues = cues if cues is not None else CueLexicon.load()

    def __call__(self, doc: Doc) -> list[QuoteFinding]:
        text = doc_text(doc)
        paragraphs = paragraph_spans(text)
        quotes = quote_spans(text, paragraphs)
        frames = find_frames(doc, self.cues, paragraphs, quotes)
        # A cue inside a quotation is the speaker's own words, not an attribution.
        frames = _speakers_first([f for f in frames if not overlapping(quotes, (f.cue[0], f.cue[0] + 1))])
        findings, claimed = _link(frames, quotes, text)
        for finding in _labelled(doc, paragraphs, quotes):
            if not any(overlap(finding.content, other.content) for other in findings):
                findings.append(finding)
                claimed.update(q for q in quotes if overlap(q, finding.content))
        findings = _univocal(findings, paragraphs)
        findings += _continuations(findings, quotes, claimed, paragraphs, text)
        unique = {(f.content, f.cue): f for f in findings if _valid(f, len(text))}
        return sorted(unique.values(), key=lambda f: (f.content, f.cue or (0, 0)))


def _link(frames: list[Frame], quotes: list[Offsets], text: str) -> tuple[list[QuoteFinding], set[Offsets]]:
    """Direct, mixed and indirect findings from frames, and the quotations they claimed."""
    findings: list[QuoteFinding] = []
    claimed: set[Offsets] = set()
    open_to_more: list[Frame] = []  # frames that may still take a quotation printed beside them
    for frame in frames:
        if frame.content is None:
            open_to_more.append(frame)
            continue
        touching = overlapping(quotes, frame.content)
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


def _finding(frame: Frame, content: Offsets, kind: str) -> QuoteFinding:
    return QuoteFinding(content, frame.cue, frame.source, kind, frame.source_root)


def _attribution(frame: Frame) -> Offsets:
    spans = [frame.cue] + ([frame.source] if frame.source else [])
    return min(s for s, _ in spans), max(e for _, e in spans)


def _reporter_words(text: str, content: Offsets, quoted: list[Offsets]) -> bool:
    """Whether the clause has words of its own outside the quotation ("that" does not count)."""
    chars = [" " if inside(i, quoted) else ch for i, ch in enumerate(text[content[0]:content[1]], content[0])]
    words = re.findall(r"[^\W_]+", "".join(chars))
    return bool(words[1:] if words[:1] in (["that"], ["whether"]) else words)


def _adjacent(frame: Frame, quotes: list[Offsets], claimed: set[Offsets], text: str) -> list[Offsets]:
    start, end = _attribution(frame)
    before, after = neighbours(quotes, (start, end))
    found = []
    if before is not None and ADJACENT_GAP.fullmatch(text, before[1], start):
        found.append(before)
    if after is not None and (ADJACENT_GAP.fullmatch(text, end, after[0]) or LEAD_IN_GAP.fullmatch(text, end, after[0])):
        found.append(after)
    return [q for q in found if q not in claimed]


def _continuations(findings: list[QuoteFinding], quotes: list[Offsets], claimed: set[Offsets],
                   paragraphs: list[Offsets], text: str) -> list[QuoteFinding]:
    """A quotation opening a paragraph, or following an attributed one in the same paragraph,
    with no attribution of its own continues the previous direct quote."""
    ordered = sorted(findings, key=lambda f: f.content[1])
    ends = [f.content[1] for f in ordered]
    out: list[QuoteFinding] = []
    for quote in quotes:
        if quote in claimed:
            continue
        n = bisect_right(ends, quote[0])
        previous = ordered[n - 1] if n else None
        if out and (previous is None or out[-1].content[1] >= previous.content[1]):
            previous = out[-1]  # a continuation of a continuation
        if previous is None or previous.kind == "indirect" or previous.source is None:
            continue
        if _follows(previous, quote, paragraphs, text):
            out.append(QuoteFinding(quote, previous.cue, previous.source, "direct", previous.source_root))
    return out


def _follows(previous: QuoteFinding, quote: Offsets, paragraphs: list[Offsets], text: str) -> bool:
    """The quote starts its paragraph (or sentence) and nothing but the previous quote's
    attribution separates the two."""
    here = paragraph_of(quote[0], paragraphs)
    last_end = max(span[1] for span in (previous.content, previous.cue, previous.source) if span)
    if here[0] == quote[0]:
        before = [p for p in paragraphs if p[1] <= here[0]]
        return bool(before) and before[-1][0] <= last_end <= before[-1][1]
    if not here[0] <= last_end <= quote[0]:
        return False
    return REST_OF_SENTENCE.fullmatch(text, last_end, quote[0]) is not None


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
        if not all(t.pos_ in ("PROPN", "NOUN") and t.is_title or t.text in (".", "-") for t in words):
            continue  # a name, not a rubric: "The Latest:", "BYLINE:", "Editor's Note:"
        rest = doc_text(doc)[doc[colon].idx + 1:end]
        content = (end - len(rest.lstrip()), doc[colon].idx + 1 + len(rest.rstrip(" .")))
        if content[1] <= content[0] or len(re.findall(r"[^\W_]+", rest)) < 2:
            continue
        quoted = any(q[0] <= content[0] and content[1] <= q[1] for q in quotes)
        root = max((t for t in words if t.pos_ in ("PROPN", "NOUN")), key=lambda t: t.i, default=words[-1])
        out.append(QuoteFinding(content, (doc[colon].idx, doc[colon].idx + 1),
                                (words.start_char, words.end_char), "direct" if quoted else "indirect", root.i))
    return out


def _univocal(findings: list[QuoteFinding], paragraphs: list[Offsets]) -> list[QuoteFinding]:
    """Each word belongs to one attribution: a cue inside another finding's content (a
    report within a report) yields to the outer one. Contents stay within a paragraph, so
    only findings of the cue's paragraph can hold it."""
    by_paragraph: dict[Offsets, list[QuoteFinding]] = {}
    for finding in findings:
        by_paragraph.setdefault(paragraph_of(finding.content[0], paragraphs), []).append(finding)
    out = []
    for finding in findings:
        cue = (finding.cue or finding.content)[0]
        rivals = by_paragraph.get(paragraph_of(cue, paragraphs), [])
        if not any(o is not finding and o.cue != finding.cue and o.content[0] <= cue < o.content[1] for o in rivals):
            out.append(finding)
    return out


def _speakers_first(frames: list[Frame]) -> list[Frame]:
    """ "In an interview, he said ...": a cited record yields to the speaker when its clause
    holds a cue of its own. "According to" yields only when a speaker's clause is the very
    claim it vouches for ("Wang said X, according to Phoenix TV", parsed with the phrase
    inside the clause); when it governs the speaker ("“...,” Welch said, according to
    Vermont Edition") it is the outer attribution, as PolNeAR has it."""
    speakers = [f for f in frames if not f.kinds & CHANNEL_KINDS]
    return [f for f in frames if f.content is None or not any(_yields(f, g) for g in speakers)]


def _yields(channel: Frame, speaker: Frame) -> bool:
    governs = channel.content is not None and channel.content[0] <= speaker.cue[0] < channel.content[1]
    if "document" in channel.kinds:
        return governs
    same_claim = channel.content is not None and speaker.content is not None and overlap(channel.content, speaker.content)
    return "source" in channel.kinds and same_claim and not governs


def _valid(finding: QuoteFinding, size: int) -> bool:
    spans = [s for s in (finding.content, finding.cue, finding.source) if s is not None]
    return all(0 <= s <= e <= size for s, e in spans) and finding.content[1] > finding.content[0]
