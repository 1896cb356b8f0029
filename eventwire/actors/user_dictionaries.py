"""Extra actors from files a user brings: our own CSV/TSV/YAML format, PETRARCH/TABARI actor
dictionaries, and learned knowledge bases.

Our format, one actor per row (CSV/TSV with a header) or per list item (YAML):

    name, aliases ("|"-separated, or a YAML list), country, sector,
    kind (person/organisation/group/country/government/region), role, start, end

PETRARCH/TABARI `.actors` files (the format of the Phoenix dictionaries):

    HAMID_KARZAI_  # comment          a name; "_" joins words, a trailing "_" ends the word
    +PRESIDENT_KARZAI_                 an alias of the name above
        [AFGGOV >011222]               a code, here from 2001-12-22 on
        [AFGELI]                       the code at other times
    AFGHANISTAN_ [AFG]                 a name and its code on one line
    <!-- ... -->                       comment blocks (the validation dictionaries)

A code is a country (AFG, or IGO/NGO...) followed by 3-letter sector codes (AFGGOVMIL).
Dates are [<D] (until), [>D] (from) or [D-D], D as YYMMDD or YYYYMMDD.
"""
from __future__ import annotations

import csv
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from eventwire.actors.knowledge import KB_MARKERS, KnowledgeBase
from eventwire.actors.lexicon import ActorEntry, ActorLexicon
from eventwire.errors import DataFileError

KINDS = {"person", "organisation", "group", "country", "government", "region"}
# Codes whose first part is a kind of body, not a country: the body is the sector too (IGOUNO: IGO, IGO).
BODY_CODES = {"IGO", "NGO", "IMG", "MNC", "NGM"}
_CODE = re.compile(r"^[A-Z][A-Z0-9]{2,}$")  # "G77", "NGOEEURENV": not always 3-letter groups
_CODE_LINE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\d{6}(?:\d{2})?$")
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

log = logging.getLogger(__name__)

Actors = list[tuple[ActorEntry, list[str]]]


def load_actor_files(lexicon: ActorLexicon, paths: Sequence[Path]) -> None:
    """Add the actors of each file to `lexicon`, after what it already holds, so built-in data
    wins where both name the same thing."""
    for path in paths:
        for entry, names in read_actor_file(Path(path)):
            lexicon.add(entry, names)


def read_actor_file(path: Path) -> Actors:
    """The actors in one file, chosen by suffix (and, for tables, by header)."""
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return read_yaml(path)
    if suffix in (".tsv", ".csv"):
        header = _read_lines(path)[:1]
        if header and KB_MARKERS <= set(re.split(r"[\t,]", header[0].strip())):
            return KnowledgeBase.load(path).to_entries()
        return read_table(path)
    if suffix == ".txt":
        return read_petrarch(path)
    raise DataFileError(f"{path}: unknown actor file type {suffix!r} (use .tsv, .csv, .yml, .yaml or .txt)")


# -- our own format ------------------------------------------------------------------

def read_table(path: Path) -> Actors:
    lines = _read_lines(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    if not reader.fieldnames or "name" not in [f.strip() for f in reader.fieldnames]:
        raise DataFileError(f"{path}:1: the header must name the columns, with at least 'name'")
    out: Actors = []
    for row in reader:
        where = f"{path}:{reader.line_num}"
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if None in row:
            raise DataFileError(f"{where}: more fields than the header has columns")
        if not any(clean.values()) or clean.get("name", "").startswith("#"):
            continue
        out.append(_user_actor(clean, where))
    return out


def read_yaml(path: Path) -> Actors:
    """A YAML list of actors (or a mapping with an `actors:` list); errors name the item's line."""
    text = "".join(_read_lines(path))
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML: {exc}") from exc
    if isinstance(data, dict) and "actors" in data:
        node = next(v for k, v in node.value if k.value == "actors")
        data = data["actors"]
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(f"{path}:1: expected a list of actors (or a mapping with an 'actors' list)")
    out: Actors = []
    for item, item_node in zip(data, node.value):
        where = f"{path}:{item_node.start_mark.line + 1}"
        if not isinstance(item, dict):
            raise DataFileError(f"{where}: each actor must be a mapping with at least a name")
        aliases = item.get("aliases")
        if isinstance(aliases, list):
            item = {**item, "aliases": "|".join(str(a) for a in aliases)}
        out.append(_user_actor({str(k): "" if v is None else str(v).strip() for k, v in item.items()}, where))
    return out


def _user_actor(row: dict[str, str], where: str) -> tuple[ActorEntry, list[str]]:
    name = row.get("name", "")
    if not name:
        raise DataFileError(f"{where}: an actor needs a name")
    country = row.get("country", "").upper() or None
    sector = row.get("sector", "").upper() or None
    kind = (row.get("kind") or ("person" if row.get("role") else "organisation")).lower()
    if kind == "organization":
        kind = "organisation"  # both spellings are common; the lexicon uses one
    if kind not in KINDS:
        raise DataFileError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    if country and not re.fullmatch(r"[A-Z]{3}", country):
        raise DataFileError(f"{where}: country {country!r} is not a 3-letter code (ISO alpha-3 or CAMEO)")
    if sector and not re.fullmatch(r"[A-Z]{3}", sector):
        raise DataFileError(f"{where}: sector {sector!r} is not a 3-letter CAMEO code")
    for bound in ("start", "end"):
        if row.get(bound) and not _ISO.match(row[bound]):
            raise DataFileError(f"{where}: {bound} {row[bound]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if kind == "person" and not sector:
        sector = "GOV" if row.get("role") else None
    code = row.get("code", "").upper() or (country or "") + (sector if sector and sector != country else "")
    entry = ActorEntry(name, country, sector, kind, code, row.get("role") or None, row.get("start") or None,
                       row.get("end") or None)
    aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
    return entry, [name, *aliases]


# -- PETRARCH / TABARI ---------------------------------------------------------------

def read_petrarch(path: Path) -> Actors:
    out: Actors = []
    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    where = f"{path}:1"
    in_comment = False

    def flush() -> None:
        if names and codes:
            dated = any(c[1] or c[2] for c in codes)
            out.extend((_petrarch_entry(names[0], code, start, end, dated), list(names))
                       for code, start, end in _ordered(codes))
        names.clear()
        codes.clear()

    for number, raw in enumerate(_read_lines(path), start=1):
        where = f"{path}:{number}"
        line = raw.strip()
        if in_comment or line.startswith("<!"):
            in_comment = "-->" not in line  # a block ends on the line that closes it
            continue
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            if not names:
                raise DataFileError(f"{where}: an alias (+NAME) before any actor name")
            names.append(_petrarch_name(line[1:]))
            continue
        head, _, rest = line.partition("[")
        if head.strip():
            flush()
            names.append(_petrarch_name(head))
        elif not names:
            raise DataFileError(f"{where}: a code before any actor name")
        if rest or "]" in line:
            found = _CODE_LINE.findall(line)
            if not found or line.count("[") != line.count("]"):
                raise DataFileError(f"{where}: a code must be written [CODE] or [CODE dates]")
            for text in found:
                try:
                    codes.extend(_petrarch_codes(text, where))
                except DataFileError as exc:
                    # The published dictionaries carry a few typos ("[AFGGOV 9008223]"); one bad
                    # code should not cost the other thousands: warn with its place and go on.
                    log.warning("%s (code skipped)", exc.reason)
    flush()
    return out


def _petrarch_name(text: str) -> str:
    words = text.strip().replace("_", " ").split()
    # All-caps in the file: short single words are acronyms (UN, US, ANC) and keep their case,
    # since the lexicon matches acronyms case-sensitively ("US", never "us"); others become
    # title case so they match whatever case an article uses.
    if len(words) == 1 and len(words[0]) <= 3:
        return words[0].upper()
    return " ".join(w.title() if w.isupper() else w for w in words)


def _petrarch_codes(text: str, where: str) -> list[tuple[str, str | None, str | None]]:
    """One bracket's codes with their dates; "ELR/GAL" (a compound actor) gives one per part."""
    parts = text.strip().split(None, 1)
    if not parts:
        raise DataFileError(f"{where}: an empty code []")
    codes, dates = parts[0].upper().split("/"), (parts[1] if len(parts) > 1 else "").replace(" ", "")
    for code in codes:
        if code != "---" and not _CODE.match(code):
            raise DataFileError(f"{where}: {code!r} is not a CAMEO code (such as USA or USAGOV)")
    start: str | None = None
    end: str | None = None
    if dates and dates[0] in "<>":
        date = _petrarch_date(dates[1:], where)
        start, end = (None, date) if dates[0] == "<" else (date, None)
    elif dates:
        first, sep, last = dates.partition("-")
        if not sep:
            raise DataFileError(f"{where}: dates {dates!r} must be <DATE, >DATE or DATE-DATE")
        start, end = _petrarch_date(first, where), _petrarch_date(last, where)
    return [(code, start, end) for code in codes]


def _petrarch_date(text: str, where: str) -> str:
    if not _DATE.match(text):
        raise DataFileError(f"{where}: {text!r} is not a date (YYMMDD or YYYYMMDD)")
    if len(text) == 6:
        # Two-digit years, as TABARI reads them: 00-29 are 20xx, 30-99 are 19xx.
        text = ("20" if int(text[:2]) < 30 else "19") + text
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def _ordered(codes: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None, str | None]]:
    """Dated codes before the undated default: the lexicon takes the first entry that holds on
    the article's date, and an undated entry holds on every date. "---" (no code) is dropped."""
    usable = [c for c in codes if c[0] != "---"]
    return [c for c in usable if c[1] or c[2]] + [c for c in usable if not (c[1] or c[2])]


def _petrarch_entry(name: str, code: str, start: str | None, end: str | None, dated: bool) -> ActorEntry:
    country = code[:3]
    sector = code[3:6] or None
    if country in BODY_CODES:
        kind, sector = "organisation", country
    elif dated:
        kind = "person"  # only office holders carry date-restricted codes
    elif sector is None:
        kind = "country"
    else:
        kind = "government" if sector == "GOV" and len(code) == 6 else "organisation"
    return ActorEntry(name, country, sector, kind, code, None, start, end)


def _read_lines(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return list(handle)
    except OSError as exc:
        raise DataFileError(f"cannot read actor file {path}: {exc}") from exc

