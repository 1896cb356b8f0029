"""Clean stage: normalise the article body and flag stray lines.

Scraped articles carry lines that are not the story: related-article headlines ("After
Russian forces pull back, a shattered town breathes"), "Read more", bylines, photo
credits, newsletter prompts. They stay in the text (so that offsets still point into what
the user gave us) but are flagged, and flagged sentences produce no events or quotes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from eventwire.errors import BinaryInput, EmptyInput, InputTooLarge

MAX_ARTICLE_CHARS = 2_000_000  # a long report is ~50k; beyond this it is a dump, not an article

# Quote marks that spaCy and our quote finder treat unevenly are mapped to the curly pair.
_QUOTE_MARKS = str.maketrans({"„": "“", "‟": "“", "«": "“", "»": "”", "‹": "‘", "›": "’", "″": '"', "＂": '"'})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
# Half of a UTF-16 pair on its own: what a wrong decoding leaves behind. No store or encoder
# accepts it, so the article is refused here rather than at the parser or the database.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# Lines that are page furniture whatever their length.
_FURNITURE = re.compile(
    r"""^(?:
        read\ (?:more|also|next)\b | related(?:\ (?:articles?|stories|coverage|content))?\s*: |
        see\ also\b | more\ on\ this\ story | advertisement$ | sponsored(?:\ content)?$ |
        (?:sign\ up|subscribe)\b.*\b(?:newsletter|email|inbox|updates)\b |
        (?:photo|image|picture|video|graphic)(?:graph)?\s*(?:credit)?\s*: | (?:getty\ images|reuters|ap\ photo|afp|epa)(?:\ ?/\ ?[\w.' -]{1,40})?$ |
        share\ (?:this|on)\b | follow\ (?:us|me)\b | click\ here\b | copyright\b | ©.* | all\ rights\ reserved |
        (?:reporting|writing|editing|additional\ reporting)\ by\b | by\ [A-Z][\w.'-]+(?:\ [A-Z][\w.'-]+){0,3}$ |
        last\ (?:updated|modified)\b | published\s*:? | updated\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_END = re.compile(r"""[.!?…:;"”’')\]。！？]\s*$""")
# Short unpunctuated lines that are content, not another story's headline: list items and
# numbered steps (a bulleted list in a report carries real events), table rows and code.
_LIST_TABLE_OR_CODE = re.compile(r"""^(?:[-*•·▪–+#|]|\d{1,3}[.)]\s|>>>|\$\s)|[={}|\\]""")


@dataclass(frozen=True)
class CleanedText:
    text: str
    flagged: tuple[tuple[int, int], ...]  # character ranges of stray lines


def is_storable_text(value: str) -> bool:
    """No NUL byte and no lone surrogate: what every store and encoder accepts."""
    return "\x00" not in value and not _LONE_SURROGATE.search(value)


def storable(value: str | None) -> str | None:
    """`value` with NUL bytes and lone surrogates written as escapes (\\x00, \\ud800), for
    reporting input that could not be kept as it is."""
    if value is None or is_storable_text(value):
        return value
    return "".join(repr(c)[1:-1] if c == "\x00" or _LONE_SURROGATE.match(c) else c for c in value)


def check_input(raw: str) -> None:
    """Reject inputs that cannot be an article, naming the problem."""
    if len(raw) > MAX_ARTICLE_CHARS:
        raise InputTooLarge(f"article has {len(raw):,} characters; the limit is {MAX_ARTICLE_CHARS:,}")
    if "\x00" in raw or raw.count("\ufffd") > max(3, len(raw) // 100):
        raise BinaryInput("input looks binary or mis-decoded (NUL bytes or many replacement characters)")
    surrogate = _LONE_SURROGATE.search(raw)
    if surrogate:
        raise BinaryInput(f"input is mis-decoded: a lone UTF-16 surrogate at character {surrogate.start():,}")
    if not raw.strip():
        raise EmptyInput("article text is empty")


def normalise(raw: str) -> str:
    """Unicode NFC, unified line ends, single spaces, canonical quote marks, no zero-width marks."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text).translate(_QUOTE_MARKS)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def line_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line."""
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


def is_stray_headline(line: str, prose_lines: int) -> bool:
    """A short line without closing punctuation inside an article made of prose paragraphs.

    Headlines of other stories and section titles look like this; real paragraphs end with
    punctuation. A single-line input is never a stray headline: it is all we were given.
    """
    words = line.split()
    return (prose_lines >= 2 and 0 < len(words) <= 20 and not _SENTENCE_END.search(line)
            and not _LIST_TABLE_OR_CODE.search(line))


def flag_stray_lines(text: str) -> tuple[tuple[int, int], ...]:
    lines = line_ranges(text)
    prose = sum(1 for s, e in lines if _SENTENCE_END.search(text[s:e]) and len(text[s:e].split()) > 8)
    return tuple((s, e) for s, e in lines if is_furniture(text[s:e]) or is_stray_headline(text[s:e], prose))


def clean(raw: str, *, normalise_text: bool = True) -> CleanedText:
    """The clean stage. With `normalise_text=False` (the CLI's --raw) the text is kept byte for
    byte so that offsets index the input unchanged; stray lines are still flagged."""
    check_input(raw)
    text = normalise(raw) if normalise_text else raw
    return CleanedText(text, flag_stray_lines(text))
