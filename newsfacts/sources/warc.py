"""Web archives (WARC, plain or gzip per record) through warcio.

Every HTTP response record with an HTML body is one document, read like a
saved page; its url and fetch date come from the record headers. Requests,
metadata, revisits and non-HTML responses (images, scripts, PDFs) are skipped
and counted. A record that fails becomes a reject naming its offset, and the
rest of the archive goes on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsfacts.sources.pages import read_document
from newsfacts.sources.records import METADATA, Metadata, RawDocument, Reject

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    stream: BinaryIO, source_path: str, skipped: Counter[str], max_bytes: int
) -> Iterator[RawDocument | Reject]:
    """The documents of one archive, in record order."""
    records = ArchiveIterator(stream, check_digests=False)
    offset = 0
    try:
        for record in records:
            offset = records.get_record_offset()
            yield from _document(record, source_path, f"offset {offset}", skipped, max_bytes)
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as error:
        yield Reject(
            source_path,
            "unparseable",
            f"the archive breaks after offset {offset}: {error}; later records were not read",
            record=f"offset {offset}" if offset else None,
        )


def _document(
    record: object, source_path: str, where: str, skipped: Counter[str], max_bytes: int
) -> Iterator[RawDocument | Reject]:
    rec_type = getattr(record, "rec_type", "")
    http = getattr(record, "http_headers", None)
    if rec_type != "response" or http is None:
        skipped[f"warc {rec_type or 'unknown'} records"] += 1
        return
    content_type = (http.get_header("Content-Type") or "").lower()
    if not content_type.startswith(HTML_TYPES):
        skipped["warc non-HTML responses"] += 1
        return
    headers = record.rec_headers  # type: ignore[attr-defined]
    try:
        payload = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    except Exception as error:  # a broken body must not stop the archive
        yield Reject(source_path, "unparseable", f"{type(error).__name__}: {error}", record=where)
        return
    if len(payload) > max_bytes:
        yield Reject(source_path, "too_large", f"page > limit of {max_bytes} bytes", record=where)
        return
    given = Metadata.of(METADATA, {"url": headers.get_header("WARC-Target-URI")})
    result = read_document(payload, source_path, "warc", where, given, _charset(content_type))
    if isinstance(result, RawDocument):
        result = _with_fetch_date(result, headers.get_header("WARC-Date"))
    yield result


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
