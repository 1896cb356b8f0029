"""Reading articles from saved RSS and Atom feeds (.rss, .atom, .xml): one article an entry.

The entry's full content is used when the feed carries it, else its summary; either way the
HTML in it is reduced to text, one block a line. feedparser is always given a stream of the file's
bytes, never a str or bytes, which it would try to open or fetch as a path or URL. Entries are
reported as `file#N` (N counts entries from 1); a file with no entries is one ReadError.
"""
from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

from eventwire.errors import EmptyInput, InputError, MalformedRecord
from eventwire.ingest.readers import ReadError, ReadResult, SourceRecord
from eventwire.pipeline import ArticleInput, article_id

log = logging.getLogger(__name__)

# Elements that start a new line of text; everything else runs on inside its line.
_BLOCKS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
           "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr", "dd", "dt")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one block element a line, blank lines dropped."""
    if "<" not in fragment:
        text = unescape(fragment)
    else:
        import lxml.html  # installed with trafilatura
        from lxml.etree import ParserError

        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (ParserError, ValueError):
            return unescape(re.sub(r"<[^>]*>", " ", fragment)).strip()
        for element in root.iter("script", "style"):
            element.text = ""  # their text is code, not prose; the tail after them is prose
        for element in root.iter(*_BLOCKS):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def read_feed(path: Path, *, published_default: str | None = None) -> Iterator[ReadResult]:
    """Every entry of an RSS or Atom file."""
    import feedparser  # only paid by ingests that read feeds

    where = str(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        yield ReadError(where, InputError(f"{where}: cannot read: {exc.strerror or exc}"))
        return
    # A stream, not str or bytes: feedparser treats those as a URL or file name to open.
    feed = feedparser.parse(io.BytesIO(content), resolve_relative_uris=False, sanitize_html=True)
    if not feed.entries:
        if feed.bozo and not feed.version:
            reason = f"not an RSS or Atom feed ({feed.get('bozo_exception') or 'unrecognised format'})"
            yield ReadError(where, MalformedRecord(f"{where}: {reason}"))
        else:
            yield ReadError(where, EmptyInput(f"{where}: the feed has no entries"))
        return
    if feed.bozo:
        # feedparser reads past most XML errors; say so, since some entries may be missing.
        log.info("%s: feed is not well-formed (%s); read what could be read", where, feed.get("bozo_exception"))
    site = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        yield _entry_record(entry, f"{where}#{number}", site, published_default)


def _entry_record(entry: Any, where: str, site: str | None, published_default: str | None) -> ReadResult:
    given_id = entry.get("id") or entry.get("link") or None
    text = fragment_text(_entry_html(entry))
    if not text:
        return ReadError(where, EmptyInput(f"{where}: the entry has no text (no content or summary)"), given_id)
    title = fragment_text(entry.get("title") or "") or None
    return SourceRecord(where, ArticleInput(text=text, id=given_id or article_id(text), title=title,
                                            url=entry.get("link") or None, source=site,
                                            published=_entry_date(entry) or published_default))


def _entry_html(entry: Any) -> str:
    # Atom entries may carry several contents (text and html versions); the longest is the fullest.
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None
