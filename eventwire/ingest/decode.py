"""Turning bytes from outside into text, or a clear error saying why not."""
from __future__ import annotations

from eventwire.errors import BinaryInput

_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


def decode_bytes(data: bytes, *, name: str = "input") -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; else the encoding charset-normalizer
    detects; binary data (NUL bytes without a UTF-16 BOM) is refused."""
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        raise BinaryInput(f"{name}: looks like binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = _as_western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8, non-Western input

    best = from_bytes(data).best()
    if best is None:
        raise BinaryInput(f"{name}: cannot detect the text encoding")
    return str(best)


# Share of letters outside ASCII above which a cp1252 reading is not Western European text:
# French or German prose has a few accented letters in a hundred, while Cyrillic or Greek
# bytes read as cp1252 come out as nothing but accented letters.
_MAX_ACCENTED_SHARE = 0.3


def _as_western(data: bytes) -> str | None:
    """The text read as Windows-1252 (a superset of Latin-1's printable characters), when that
    reading is plausibly Western European prose. Short texts defeat statistical detection
    ("étrangères" came back as "étrangčres"), and most non-UTF-8 news files are cp1252."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # one of the five bytes cp1252 leaves undefined: not cp1252
    letters = [c for c in text if c.isalpha()]
    accented = sum(1 for c in letters if not c.isascii())
    if not letters or accented / len(letters) > _MAX_ACCENTED_SHARE:
        return None
    return text
