"""Reading articles from web archives (.warc, .warc.gz): each HTML page fetched is one article.

Only `response` records with an HTML Content-Type and a 2xx status are articles. Requests,
metadata, and the images, scripts and stylesheets a crawl also saves are not, and are
passed over quietly (counted in a debug log line): reporting them as failures would bury
the real ones under dozens per page. A page with no main text is a ReadError at
`file@offset` (the record's byte offset), as is a damaged archive, which ends that file;
an archive with no HTML page at all is one ReadError for the file.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import EmptyInput, InputError, MalformedRecord
from eventwire.ingest.html_reader import extract_page, page_record
from eventwire.ingest.readers import ReadError, ReadResult

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, *, published_default: str | None = None) -> Iterator[ReadResult]:
    """Every HTML page in a WARC file, gzipped per record or not."""
    from warcio.archiveiterator import ArchiveIterator  # only paid by ingests that read archives

    where = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(where, InputError(f"{where}: cannot read: {exc.strerror or exc}"))
        return
    passed: Counter[str] = Counter()  # why records were not articles, for the log
    pages = 0
    with handle:
        archive = ArchiveIterator(handle)
        records = iter(archive)
        while True:
            try:
                record = next(records, None)
            except Exception as exc:  # noqa: BLE001 - warcio raises assorted errors on damaged input
                # warcio cannot resynchronise after a damaged record; the rest of the file is lost.
                at = f"{where}@{getattr(archive, 'offset', '?')}"
                yield ReadError(at, MalformedRecord(f"{at}: damaged WARC record, rest of file skipped "
                                                    f"({type(exc).__name__}: {exc})"))
                return
            if record is None:
                break
            kind = _not_an_article(record)
            if kind:
                passed[kind] += 1
                continue
            # Read here, and before asking the offset: the iterator discards a record's payload
            # when it moves on, and get_record_offset() reads to the record's end.
            payload = record.content_stream().read()
            pages += 1
            yield _page(record, payload, f"{where}@{archive.get_record_offset()}", published_default)
    log.debug("%s: %d HTML pages; passed over %s", where, pages, dict(passed))
    if pages == 0:
        # Say so once: an archive of only images, or a file that is not a WARC at all.
        yield ReadError(where, EmptyInput(f"{where}: no HTML pages in the archive (records: "
                                          f"{dict(passed) or 'none'})"))


def _not_an_article(record: object) -> str | None:
    """Why a WARC record is not an HTML page, or None if it is one."""
    if record.rec_type != "response":  # type: ignore[attr-defined]
        return record.rec_type  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        return "response without HTTP headers"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return f"HTTP {status}"
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return content_type or "no Content-Type"
    return None


def _page(record: object, payload: bytes, where: str, published_default: str | None) -> ReadResult:
    headers = record.rec_headers  # type: ignore[attr-defined]
    record_id = headers.get_header("WARC-Record-ID")
    url = headers.get_header("WARC-Target-URI")
    page = extract_page(payload, url=url)
    if page is None:
        return ReadError(where, EmptyInput(f"{where}: no article text found in the page {url or ''}".rstrip()),
                         record_id)
    # The page's own date beats the crawl date: an archive crawled today holds old stories.
    crawled = (headers.get_header("WARC-Date") or "")[:10] or None
    return page_record(page, where, id=record_id, published_default=crawled or published_default)
