"""Web archives (WARC, plain or gzip per record) through warcio.

Every HTTP response record with an HTML body is one document, read like a
saved page; its url and fetch date come from the record headers. Requests,
metadata, revisits and non-HTML responses (images, scripts, PDFs) are skipped
and counted. A record that fails becomes a reject naming its offset, and the
rest of the archive goes on.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO

from newsfacts.sources.pages import read_document
from newsfacts.sources.records import METADATA, Metadata, RawDocument, Reject

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WINDOW = 16 + zlib.MAX_WBITS


def read_warc(
    stream: BinaryIO, source_path: str, skipped: Counter[str], max_bytes: int
) -> Iterator[RawDocument | Reject]:
    """The documents of one archive, in record order.

    warcio is imported here, when an archive is read: with fsspec, which it loads,
    it took a twentieth of a second of every build and of every up-to-date check."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not _starts_like_warc(stream):
        yield Reject(source_path, "unparseable", "not a WARC file: no WARC record at its start")
        return
    records = ArchiveIterator(stream, check_digests=False)
    offset: int | None = None
    try:
        for record in records:
            kind = _skip_kind(record)
            payload = b"" if kind else _payload(record, max_bytes)
            # warcio knows a record's offset only once its content has been read.
            offset = records.get_record_offset()
            if kind:
                skipped[kind] += 1
            else:
                yield _document(record, payload, source_path, f"offset {offset}", max_bytes)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        after = f"after offset {offset}" if offset is not None else "at its start"
        yield Reject(
            source_path,
            "unparseable",
            f"the archive breaks {after}: {error}; later records were not read",
            record=f"offset {offset}" if offset is not None else None,
        )


def _starts_like_warc(stream: BinaryIO) -> bool:
    """A WARC file, plain or gzip-compressed per record, opens with a WARC header."""
    head = stream.read(512)
    stream.seek(0)
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(_GZIP_WINDOW).decompress(head)
        except zlib.error:
            return False
    return head.lstrip().startswith(b"WARC/")


def _skip_kind(record: Any) -> str | None:
    """Which kind of skipped record this is, or None for an HTML response."""
    if record.rec_type != "response" or record.http_headers is None:
        return f"warc {record.rec_type or 'unknown'} records"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return None if content_type.startswith(HTML_TYPES) else "warc non-HTML responses"


def _payload(record: Any, max_bytes: int) -> bytes | Exception:
    try:
        data: bytes = record.content_stream().read(max_bytes + 1)
    except Exception as error:  # a broken body must not stop the archive
        return error
    return data


def _document(
    record: Any, payload: bytes | Exception, source_path: str, where: str, max_bytes: int
) -> RawDocument | Reject:
    if isinstance(payload, Exception):
        detail = f"{type(payload).__name__}: {payload}"
        return Reject(source_path, "unparseable", detail, record=where)
    if len(payload) > max_bytes:
        return Reject(source_path, "too_large", f"page > limit of {max_bytes} bytes", record=where)
    headers = record.rec_headers
    given = Metadata.of(METADATA, {"url": headers.get_header("WARC-Target-URI")})
    content_type = record.http_headers.get_header("Content-Type") or ""
    result = read_document(
        payload, source_path, "html", where, given, _charset(content_type), source_format="warc"
    )
    if isinstance(result, RawDocument):
        result = _with_fetch_date(result, headers.get_header("WARC-Date"))
    return result


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _with_fetch_date(document: RawDocument, warc_date: str | None) -> RawDocument:
    fetched = _iso_day(warc_date)
    return replace(document, fetched=fetched) if fetched else document


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
