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
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise BinaryInput(f"{name}: cannot detect the text encoding")
    return str(best)
