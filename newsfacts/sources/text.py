"""Bytes to text: encodings, and telling text from binary content.

Text arrives as UTF-8 (with or without BOM), with stray Windows-1252 bytes
from copy-and-paste, or as UTF-16 from Windows tools, with or without a BOM.
Binary content (images, office files, executables) and documents that are
text but no article (PDF, PostScript, RTF) must be rejected, not read.
"""

from __future__ import annotations

import codecs

BINARY_CONTROL_RATIO = 0.05
UNDECODABLE_RATIO = 0.01
SNIFF_BYTES = 1 << 16
# UTF-16 text of any alphabetic script has a zero byte in most code units of one
# parity (spaces, digits, punctuation and all of Latin are U+00xx) and almost none
# in the other; binary data has zero bytes at both.
UTF16_ZERO_SHARE = 0.2
UTF16_OTHER_ZERO_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v")

# Documents whose bytes may pass for text but hold no article text we can read.
NON_ARTICLE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"%!PS", "a PostScript document"),
    (b"{\\rtf", "an RTF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy office document"),
    (b"\x1f\x8b", "gzip-compressed data without a .gz name"),
)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode a stray byte of a mostly-UTF-8 file as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="replace"), error.start + 1


codecs.register_error("newsfacts-cp1252", _cp1252_fallback)


def utf16_without_bom(data: bytes) -> str | None:
    """The codec name when ``data`` is UTF-16 text without a byte order mark."""
    sample = data[:SNIFF_BYTES]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd >= UTF16_ZERO_SHARE and zero_even <= UTF16_OTHER_ZERO_SHARE:
        return "utf-16-le"
    if zero_even >= UTF16_ZERO_SHARE and zero_odd <= UTF16_OTHER_ZERO_SHARE:
        return "utf-16-be"
    return None


def text_codec(data: bytes) -> str:
    """The codec to decode ``data`` with."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return utf16_without_bom(data) or "utf-8-sig"


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with BOM) or UTF-16 (with or without BOM); stray legacy bytes read as cp1252."""
    codec = text_codec(data)
    if codec == "utf-8-sig":
        return data.decode(codec, errors="newsfacts-cp1252")
    return data[: len(data) - len(data) % 2].decode(codec, errors="replace")


def looks_binary(data: bytes) -> bool:
    """NUL or other control bytes that no text encoding we read would contain."""
    if text_codec(data) != "utf-8-sig":
        return False
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _ALLOWED_CONTROLS)
    return controls > BINARY_CONTROL_RATIO * len(sample)


def non_article_kind(data: bytes) -> str | None:
    """What the bytes are, when their signature names a format that is no article text."""
    head = data[:16].lstrip()
    return next((kind for magic, kind in NON_ARTICLE_SIGNATURES if head.startswith(magic)), None)


def too_garbled(text: str) -> bool:
    """Too many replacement characters: the encoding was not one we read."""
    return text.count("\ufffd") > UNDECODABLE_RATIO * len(text)
