"""One HTML or text document from its bytes: the path shared by files and records.

A ``.txt`` or ``.html`` file, an HTML page inside a web archive and a page
saved without a telling name all go through here, so every format gets the
same decoding, the same content checks and the same HTML extraction.
"""

from __future__ import annotations

from newsfacts.sources.html import declared_charset, extract_html
from newsfacts.sources.records import Metadata, RawDocument, Reject, content_id
from newsfacts.sources.text import decode_bytes, looks_binary, non_article_kind, too_garbled

_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


def looks_like_html(data: bytes) -> bool:
    """Markup of a web page, whatever the file is called."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    return head.startswith(_HTML_OPENINGS) and (
        b"<html" in head or b"<body" in data[:65536].lower()
    )


def read_document(
    data: bytes,
    source_path: str,
    kind: str,
    record: str | None = None,
    given: Metadata | None = None,
    charset: str | None = None,
    source_format: str | None = None,
) -> RawDocument | Reject:
    """Decode one ``kind`` ("text" or "html") document; ``given`` metadata wins over the page's.

    ``source_format`` is the format of the file it came from (a web archive's
    pages are HTML), ``kind`` by default.
    """
    source_format = source_format or kind

    def reject(reason: str, detail: str) -> Reject:
        return Reject(source_path, reason, detail, record=record)

    if not data:
        return reject("empty", "no bytes")
    other = non_article_kind(data)
    if other is not None:
        return reject("unsupported_type", f"the content is {other}, not article text")
    if looks_binary(data):
        return reject("binary", "NUL or control bytes: not a text or HTML document")
    text = _decode(data, charset or (declared_charset(data) if kind == "html" else None))
    if too_garbled(text):
        return reject("undecodable", "too many bytes not valid in UTF-8, UTF-16 or cp1252")
    if not text.strip():
        return reject("empty", "only white space")
    given = given or Metadata()
    doc_id = content_id(data)
    if kind != "html":
        return RawDocument(doc_id, source_path, source_format, text, len(text), record, given)
    extracted = extract_html(text)
    if extracted is None:
        return reject("unparseable", "no article text found in the page")
    return RawDocument(
        doc_id,
        source_path,
        source_format,
        extracted.text,
        len(text),
        record,
        given.over(extracted.metadata),
    )


def _decode(data: bytes, charset: str | None) -> str:
    if charset and charset.replace("-", "").replace("_", "") not in ("utf8", "usascii", "ascii"):
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)
