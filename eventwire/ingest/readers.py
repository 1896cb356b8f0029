"""Reading articles from source files, chosen by suffix, and directories of them:

    .txt          one article a file                  where: file
    .jsonl        one article a line                  where: file:line
    .csv .tsv     one a row (csv_reader)              where: file:line (the line the row starts on)
    .html .htm    one a page (html_reader)            where: file
    .warc[.gz]    one an HTML response (warc_reader)  where: file@byte-offset
    .rss .atom    one an entry (feed_reader)          where: file#entry-number
    .xml          a feed, when named explicitly (directories hold too many other kinds of XML)

Readers yield a `SourceRecord` per article read, or a `ReadError` per record that could not
be read — a bad line is the record's problem, never the batch's. Each carries `where`
so that reports and the failures table can point at it. The format readers are imported
only when a file of theirs is met, so a .txt ingest never pays for trafilatura.

Every record leaves here with an id: the caller's, or the sha256 of its text as read. The
id is known before coding, so a resumed ingest can skip stored articles without coding them.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from eventwire.clean import is_stray_headline
from eventwire.errors import EventwireError, InputError, MalformedRecord
from eventwire.ingest.decode import decode_bytes
from eventwire.pipeline import ArticleInput, article_id

log = logging.getLogger(__name__)

# Suffixes found in directories; .xml is read only when named, as a feed.
SUFFIXES = (".txt", ".jsonl", ".csv", ".tsv", ".html", ".htm", ".warc", ".warc.gz", ".rss", ".atom")
EXPLICIT_SUFFIXES = (*SUFFIXES, ".xml")
_FIELDS = ("published", "title", "url", "source")


@dataclass(frozen=True)
class SourceRecord:
    """An article read from `where`, ready to code."""
    where: str
    article: ArticleInput


@dataclass(frozen=True)
class ReadError:
    """A record that could not be read, and why."""
    where: str
    error: EventwireError
    id: str | None = None


ReadResult = SourceRecord | ReadError


def source_files(sources: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """The files behind `sources`, in order: files as given, directories expanded to their
    files of a readable type (SUFFIXES), recursively, sorted by path; a missing or unsupported
    source is a ReadError."""
    for source in sources:
        path = Path(source)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and file_kind(p) in SUFFIXES)
        elif not path.exists():
            yield ReadError(str(path), InputError(f"{path}: no such file or directory"))
        elif file_kind(path) not in EXPLICIT_SUFFIXES:
            yield ReadError(str(path), InputError(f"{path}: unsupported file type (expected "
                                                  f"{', '.join(EXPLICIT_SUFFIXES)} or a directory)"))
        else:
            yield path


def file_kind(path: Path) -> str:
    """The suffix that picks the reader: `.warc.gz` is one kind, not `.gz`."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def read_sources(sources: Iterable[str | Path], *, published_default: str | None = None,
                 columns: Mapping[str, str] | None = None) -> Iterator[ReadResult]:
    """Every record in `sources`; `published_default` dates records that carry no date;
    `columns` maps article fields to CSV columns (see csv_reader.parse_columns)."""
    for item in source_files(sources):
        if isinstance(item, ReadError):
            yield item
            continue
        kind = file_kind(item)
        # Imported here, not at the top: they import this module, and they are heavy.
        if kind == ".jsonl":
            yield from read_jsonl(item, published_default=published_default)
        elif kind in (".csv", ".tsv"):
            from eventwire.ingest.csv_reader import read_csv

            yield from read_csv(item, published_default=published_default, columns=columns)
        elif kind in (".html", ".htm"):
            from eventwire.ingest.html_reader import read_html

            yield read_html(item, published_default=published_default)
        elif kind in (".warc", ".warc.gz"):
            from eventwire.ingest.warc_reader import read_warc

            yield from read_warc(item, published_default=published_default)
        elif kind in (".rss", ".atom", ".xml"):
            from eventwire.ingest.feed_reader import read_feed

            yield from read_feed(item, published_default=published_default)
        else:
            yield read_txt(item, published_default=published_default)


def read_txt(path: Path, *, published_default: str | None = None) -> ReadResult:
    """One article: the whole file, decoded; its first line is the title when it reads as a
    headline (short, no closing punctuation, prose after it), and the file is its url."""
    try:
        text = decode_bytes(path.read_bytes(), name=str(path))
    except OSError as exc:
        return ReadError(str(path), InputError(f"{path}: cannot read: {exc.strerror or exc}"))
    except EventwireError as exc:
        return ReadError(str(path), exc)
    return SourceRecord(str(path), ArticleInput(text=text, id=article_id(text), published=published_default,
                                                title=headline_of(text), url=path.resolve().as_uri()))


def headline_of(text: str) -> str | None:
    """The first line of a plain-text article when it is a headline over the body."""
    first, _, rest = text.strip().partition("\n")
    first = first.strip()
    if not rest.strip() or not first:
        return None
    return first if is_stray_headline(first, prose_lines=2) else None


def read_jsonl(path: Path, *, published_default: str | None = None) -> Iterator[ReadResult]:
    """One article a line: {"id"?, "text", "published"?, "title"?, "url"?, "source"?}; blank lines are skipped."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(str(path), InputError(f"{path}: cannot read: {exc.strerror or exc}"))
        return
    with handle:
        yield from read_jsonl_stream(handle, str(path), published_default=published_default)


def read_jsonl_stream(handle: IO[bytes], name: str, *, published_default: str | None = None) -> Iterator[ReadResult]:
    """JSON lines from an open binary stream (a file or stdin), named `name` in reports."""
    for number, raw in enumerate(handle, start=1):
        if raw.strip():
            yield _jsonl_record(raw, f"{name}:{number}", published_default)


def _jsonl_record(raw: bytes, where: str, published_default: str | None) -> ReadResult:
    try:
        record = json.loads(decode_bytes(raw, name=where))
    except EventwireError as exc:
        return ReadError(where, exc)
    except ValueError as exc:
        return ReadError(where, MalformedRecord(f"{where}: not valid JSON ({exc})"))
    given_id = record.get("id") if isinstance(record, dict) else None
    given_id = None if given_id is None else str(given_id)
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return ReadError(where, MalformedRecord(f"{where}: a record needs a string field 'text'"), given_id)
    fields = {name: None if record.get(name) is None else str(record[name]) for name in _FIELDS}
    fields["published"] = fields["published"] or published_default
    text = record["text"]
    return SourceRecord(where, ArticleInput(text=text, id=given_id or article_id(text), **fields))
