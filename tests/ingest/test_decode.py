"""Bytes from outside become the text their writer meant, or a named error."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import BinaryInput
from eventwire.ingest.decode import decode_bytes


@pytest.mark.parametrize("text,encoding", [
    ("Le ministère des Affaires étrangères a condamné l’attaque.", "cp1252"),  # short: detectors guess wrong
    ("Die Regierung in Zürich kündigte Maßnahmen an.", "latin-1"),
    ("Café owners protested in Zürich — “we will not pay”, they said.", "cp1252"),
    ("Министерство иностранных дел России осудило нападение на посольство в Дамаске в понедельник.", "cp1251"),
    ("Το υπουργείο Εξωτερικών καταδίκασε την επίθεση στην πρεσβεία της χώρας.", "cp1253"),
    ("Erdoğan met Putin in Soçi.", "utf-8"),
    ("Erdoğan met Putin.", "utf-16"),
    ("Erdoğan met Putin.", "utf-8-sig"),
])
def test_decode_bytes_recovers_the_text(text, encoding):
    assert decode_bytes(text.encode(encoding)) == text


def test_binary_is_refused_by_name():
    with pytest.raises(BinaryInput, match="upload.bin"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00", name="upload.bin")


@given(st.binary(max_size=200))
def test_any_bytes_give_text_or_a_named_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except BinaryInput as exc:
        assert str(exc).startswith("[E102]")
