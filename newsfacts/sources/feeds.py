"""RSS and Atom feed files through feedparser: one document per entry.

An entry's text is its full content when the feed carries it, else its
summary; link, title, author and date come from the entry, the outlet from
the feed's own title. An XML file that is no feed is rejected as
``unsupported_type``; a feed that is malformed but still yields entries is read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from newsfacts.sources.fragments import fragment_text, looks_like_markup
from newsfacts.sources.records import METADATA, Metadata, RawDocument, Reject, content_id


def read_feed(data: bytes, source_path: str) -> Iterator[RawDocument | Reject]:
    """The entries of one feed file, in feed order (feedparser, which loads urllib's HTTP
    client, imported when a feed is read, not by every build)."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield Reject(source_path, "unsupported_type", f"not an RSS or Atom feed{detail}")
        return
    feed = parsed.get("feed") or {}
    for number, entry in enumerate(entries, start=1):
        yield _entry_document(entry, feed, source_path, f"entry {number}")


def _entry_document(
    entry: Mapping[str, Any], feed: Mapping[str, Any], source_path: str, record: str
) -> RawDocument | Reject:
    body, is_html = _entry_body(entry)
    if not body.strip():
        return Reject(source_path, "empty", "the entry has no content or summary", record=record)
    text = fragment_text(body) if is_html or looks_like_markup(body) else body.strip()
    if not text:
        return Reject(source_path, "empty", "the entry's markup holds no text", record=record)
    fields = {
        "url": entry.get("link"),
        "title": entry.get("title"),
        "author": entry.get("author"),
        "outlet": feed.get("title"),
        "published": _entry_date(entry),
        "language": entry.get("language") or feed.get("language"),
    }
    metadata = Metadata.of(METADATA, fields)
    title = metadata.text("title")
    full = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return RawDocument(
        content_id(body.encode("utf-8")), source_path, "feed", full, len(body), record, metadata
    )


def _entry_body(entry: Mapping[str, Any]) -> tuple[str, bool]:
    """The longest full content of the entry, else its summary, and whether it is HTML."""
    contents = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        return best["value"], "html" in (best.get("type") or "")
    detail = entry.get("summary_detail") or {}
    return entry.get("summary") or "", "html" in (detail.get("type") or "")


def _entry_date(entry: Mapping[str, Any]) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
