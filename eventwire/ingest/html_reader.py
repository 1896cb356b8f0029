"""Reading articles from saved web pages (.html, .htm): trafilatura finds the story in the page.

`extract_page` is the one function the WARC reader and the boilerplate benchmark share, so
that all three see the same text. Nothing here fetches a URL: the page's URL is only read
from its markup (canonical link, og:url) or given by the caller.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import BinaryInput, EmptyInput, InputError
from eventwire.ingest.readers import ReadError, ReadResult, SourceRecord
from eventwire.pipeline import ArticleInput, article_id

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Page:
    """The main text of a web page, one paragraph a line, and what the page says about itself."""
    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, from the markup, the URL or the text
    url: str | None = None
    sitename: str | None = None


def extract_page(content: bytes | str, *, url: str | None = None) -> Page | None:
    """The story in an HTML page, or None if the page has no main text.

    Comments are left out (they are readers' words, not the report's); tables are kept, since
    election results and casualty counts live in them.
    """
    import trafilatura  # heavy import: only paid by ingests that read web pages

    try:
        found = trafilatura.bare_extraction(content, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, include_images=False, include_links=False)
    except (ValueError, TypeError) as exc:  # markup lxml cannot build a tree from
        log.debug("trafilatura failed on %s: %s", url or "page", exc)
        return None
    if found is None or not (found.text or "").strip():
        return None
    return Page(text=found.text.strip(), title=found.title or None, date=_iso_date(found.date),
                url=found.url or url, sitename=found.sitename or None)


def _iso_date(value: str | None) -> str | None:
    # trafilatura's default date format is already YYYY-MM-DD; guard against configured others.
    return value[:10] if value and len(value) >= 10 and value[4] == "-" and value[7] == "-" else None


def page_record(page: Page, where: str, *, id: str | None = None, published_default: str | None = None
                ) -> SourceRecord:
    """The article for an extracted page; `id` defaults to the sha256 of the text as read."""
    return SourceRecord(where, ArticleInput(text=page.text, id=id or article_id(page.text), title=page.title,
                                            url=page.url, source=page.sitename,
                                            published=page.date or published_default))


def read_html(path: Path, *, published_default: str | None = None) -> ReadResult:
    """One article: the main text of a saved page."""
    where = str(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        return ReadError(where, InputError(f"{where}: cannot read: {exc.strerror or exc}"))
    # trafilatura decodes bytes itself, honouring the page's <meta charset>; NUL bytes mean
    # the file is not a page at all (an image saved with the wrong name).
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ReadError(where, BinaryInput(f"{where}: looks like binary data (NUL bytes), not a web page"))
    page = extract_page(content)
    if page is None:
        return ReadError(where, EmptyInput(f"{where}: no article text found in the page"))
    return page_record(page, where, published_default=published_default)
