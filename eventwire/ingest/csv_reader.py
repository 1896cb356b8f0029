"""Reading articles from .csv and .tsv files: one article a row, columns mapped to fields.

Columns are found by their usual names (`text`, `body`, `articleBody`, `headline`, `date`,
...) or named by the user: `--columns text=articleBody,id="Body ID",published=date`. A bad
row (broken quoting, the wrong number of fields) is a ReadError at `file:line` and the file
reads on; a file without a text column is one ReadError for the whole file.
"""
from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from eventwire.clean import MAX_ARTICLE_CHARS
from eventwire.errors import BinaryInput, InputError, MalformedRecord
from eventwire.ingest.readers import ReadError, ReadResult, SourceRecord
from eventwire.pipeline import ArticleInput, article_id

log = logging.getLogger(__name__)

FIELDS = ("id", "title", "url", "published", "source", "text")

# Header names each field is recognised by, best first, compared after `_header_key`.
_AUTO_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "articleid", "docid", "documentid", "guid", "uuid"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "uri", "webaddress"),
    "published": ("published", "publishdate", "publishedat", "publicationdate", "pubdate", "date", "datetime"),
    "source": ("source", "publisher", "outlet", "sitename", "site"),
    "text": ("text", "body", "content", "articlebody", "articletext", "bodytext", "maintext", "fulltext"),
}

# A field is bigger than any article could be: past this it is a broken quote swallowing the
# rest of the file, and failing the row is better than holding the file in memory.
_FIELD_LIMIT = 16 * MAX_ARTICLE_CHARS
_SNIFF_BYTES = 64 * 1024

# One `field=column` item of --columns: the column bare (up to the next comma) or in double
# quotes with "" for a quote inside, as in CSV itself.
_ITEM = re.compile(r'\s*(?P<field>[A-Za-z_]+)\s*=\s*(?:"(?P<quoted>(?:[^"]|"")*)"|(?P<bare>[^,"]*))\s*(?:,|\Z)')


class ColumnMappingError(ValueError):
    """A --columns value that cannot be read; the message says what is wrong and where."""


def parse_columns(spec: str) -> dict[str, str]:
    """`text=articleBody,id="Body ID"` -> {"text": "articleBody", "id": "Body ID"}.

    Fields are those of an article (id, title, url, published, source, text); each at most once;
    a column name may not be empty. Raises ColumnMappingError naming the problem.
    """
    mapping: dict[str, str] = {}
    pos = 0
    if not spec.strip():
        raise ColumnMappingError("empty column mapping: expected FIELD=COLUMN[,FIELD=COLUMN...]")
    while pos < len(spec):
        match = _ITEM.match(spec, pos)
        if match is None or match.end() == pos:
            raise ColumnMappingError(f"cannot read the column mapping at character {pos + 1}: "
                                     f"{spec[pos:pos + 20]!r} (expected FIELD=COLUMN, "
                                     'quoting a column with commas as "Body ID")')
        field = match["field"].lower()
        column = match["quoted"].replace('""', '"') if match["quoted"] is not None else match["bare"].strip()
        if field not in FIELDS:
            raise ColumnMappingError(f"unknown field {match['field']!r} in the column mapping "
                                     f"(fields: {', '.join(FIELDS)})")
        if field in mapping:
            raise ColumnMappingError(f"field {field!r} is mapped twice in the column mapping")
        if not column:
            raise ColumnMappingError(f"field {field!r} has an empty column name in the column mapping")
        mapping[field] = column
        pos = match.end()
        if spec[match.end() - 1:match.end()] == "," and not spec[pos:].strip():
            raise ColumnMappingError("the column mapping ends with a comma")
    return mapping


def format_columns(mapping: Mapping[str, str]) -> str:
    """The --columns string for `mapping`; parse_columns(format_columns(m)) == m."""
    return ",".join(f'{field}="{column.replace(chr(34), chr(34) * 2)}"' for field, column in mapping.items())


def _header_key(name: str) -> str:
    # "Body ID", "body_id", "body-id" and "bodyId" are the same column to a person.
    return re.sub(r"[\s_\-.]+", "", name).lower()


def map_columns(header: list[str], explicit: Mapping[str, str] | None = None) -> dict[str, int]:
    """Field -> column index: explicit names first (exact, then loosely), then the usual names.

    Raises MalformedRecord if an explicit column is missing or no text column is found.
    """
    explicit = explicit or {}
    keys = [_header_key(name) for name in header]
    found: dict[str, int] = {}
    for field, column in explicit.items():
        if column in header:
            found[field] = header.index(column)
        elif _header_key(column) in keys:
            found[field] = keys.index(_header_key(column))
        else:
            raise MalformedRecord(f"no column {column!r} for {field} (columns: {', '.join(map(repr, header))})")
    taken = set(found.values())
    for field, names in _AUTO_NAMES.items():
        if field in found:
            continue
        for name in names:
            if name in keys and keys.index(name) not in taken:
                found[field] = keys.index(name)
                taken.add(found[field])
                break
    if "text" not in found:
        raise MalformedRecord(f"no text column among {', '.join(map(repr, header))}; name it with "
                              "--columns text=COLUMN")
    return found


def _encoding(head: bytes) -> str:
    """The encoding to stream the file with, judged from its first bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        raise BinaryInput("looks like binary data (NUL bytes), not a CSV file")
    try:
        # Incremental: the sniffed block may end inside a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # only for the rare non-UTF-8 file

        best = from_bytes(head).best()
        if best is None:
            raise BinaryInput("cannot detect the text encoding") from None
        return best.encoding


def read_csv(path: Path, *, published_default: str | None = None,
             columns: Mapping[str, str] | None = None) -> Iterator[ReadResult]:
    """Every row of a .csv (comma) or .tsv (tab) file with a header line."""
    where = str(path)
    try:
        with path.open("rb") as raw:
            encoding = _encoding(raw.read(_SNIFF_BYTES))
    except OSError as exc:
        yield ReadError(where, InputError(f"{where}: cannot read: {exc.strerror or exc}"))
        return
    except InputError as exc:
        yield ReadError(where, type(exc)(f"{where}: {exc.reason}"))
        return
    # The limit is process-wide in the csv module; raising it never hurts other readers.
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    # errors="replace": a stray bad byte costs one character, not the rest of the file.
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        yield from read_csv_stream(handle, where, delimiter=delimiter, published_default=published_default,
                                   columns=columns)


def read_csv_stream(handle: IO[str], name: str, *, delimiter: str = ",", published_default: str | None = None,
                    columns: Mapping[str, str] | None = None) -> Iterator[ReadResult]:
    """Rows from an open text stream, named `name` in reports."""
    # strict: a quote in the wrong place is reported, not silently glued into a field.
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield ReadError(f"{name}:1", MalformedRecord(f"{name}:1: unreadable header ({exc})"))
        return
    if header is None:
        yield ReadError(name, MalformedRecord(f"{name}: empty file, no header line"))
        return
    try:
        mapping = map_columns(header, columns)
    except MalformedRecord as exc:
        yield ReadError(name, MalformedRecord(f"{name}: {exc.reason}"))
        return
    log.debug("%s: columns %s", name, {field: header[i] for field, i in mapping.items()})
    line = reader.line_num
    while True:
        start = line + 1  # a row may span lines; report the one it starts on
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = reader.line_num
            yield ReadError(f"{name}:{start}", MalformedRecord(f"{name}:{start}: malformed CSV row ({exc})"))
            continue
        line = reader.line_num
        if not row:
            continue  # a blank line between rows
        yield _row_record(row, header, mapping, f"{name}:{start}", published_default)


def _row_record(row: list[str], header: list[str], mapping: dict[str, int], where: str,
                published_default: str | None) -> ReadResult:
    values = {field: row[i].strip() or None if i < len(row) else None for field, i in mapping.items()}
    given_id = values.get("id")
    if len(row) != len(header):
        return ReadError(where, MalformedRecord(f"{where}: row has {len(row)} fields, the header has "
                                                f"{len(header)}"), given_id)
    text = row[mapping["text"]]
    return SourceRecord(where, ArticleInput(
        text=text, id=given_id or article_id(text), title=values.get("title"), url=values.get("url"),
        source=values.get("source"), published=normalise_date(values.get("published")) or published_default))


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD for a date as CSV files write it ("2019-04-10", "10 April 2019",
    "Wed, 10 Apr 2019 08:00:00 GMT"); None if it cannot be read."""
    if not value:
        return None
    if re.match(r"\s*\d{4}-\d{2}-\d{2}", value):
        return value.strip()[:10]
    from dateutil import parser  # installed with trafilatura; only for non-ISO dates

    try:
        return parser.parse(value, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        log.debug("unreadable date %r", value)
        return None
