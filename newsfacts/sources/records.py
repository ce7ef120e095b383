"""What the readers produce: documents with the metadata their source stated, and rejects."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dateutil import parser as date_parser

# The article fields a source can state, in the order the README lists them.
METADATA_FIELDS = ("url", "title", "outlet", "author", "published", "language")
# Where a stated field came from (the contract's bases, most trusted first).
METADATA = "metadata"
SIDECAR = "sidecar"


def content_id(data: bytes) -> str:
    """The contract's doc_id: the first 16 hex characters of the sha256 of the document's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Metadata:
    """Article fields a source states, each with the basis it came from.

    Only stated fields are kept: a blank string or an unreadable date counts as
    not stated, so inference from the text can still fill it.
    """

    values: Mapping[str, str | date] = field(default_factory=dict)
    bases: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, basis: str, fields: Mapping[str, Any]) -> Metadata:
        values: dict[str, str | date] = {}
        for name in METADATA_FIELDS:
            value = _published(fields.get(name)) if name == "published" else _text(fields.get(name))
            if value is not None:
                values[name] = value
        return cls(values, dict.fromkeys(values, basis))

    def over(self, other: Metadata) -> Metadata:
        """These fields, completed by ``other``'s where this one states nothing."""
        return Metadata({**other.values, **self.values}, {**other.bases, **self.bases})

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    @property
    def published(self) -> date | None:
        value = self.values.get("published")
        return value if isinstance(value, date) else None

    def basis(self, name: str) -> str | None:
        return self.bases.get(name)

    def digest(self) -> str:
        """Changes when any stated field or its basis changes (part of cache keys)."""
        items = sorted((k, str(v), self.bases[k]) for k, v in self.values.items())
        return hashlib.sha256(repr(items).encode()).hexdigest()[:16]


def _text(value: Any) -> str | None:
    """A stated string field; lists (several authors) are joined, mappings give their name."""
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, (list, tuple)):
        parts = [_text(v) for v in value]
        value = ", ".join(p for p in parts if p)
    if value is None or isinstance(value, bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def _published(value: Any) -> date | None:
    """A publication date from a date, datetime or date string; anything else is not stated.

    A datetime keeps the calendar date it was written in: the publisher's local
    date is the one the article's "on Tuesday" refers to.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        # Parsed against two different defaults: a string without a day ("2024",
        # "March 2024") gives two different dates and is no publication date.
        first, second = (date_parser.parse(value.strip(), default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None


_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


@dataclass(frozen=True)
class RawDocument:
    """One decoded article (a file, or a record of an archive, export or feed).

    ``record`` names the record inside its file (None for a single-document
    file); ``doc_id`` hashes the record's own bytes, so the same article gets
    the same id in whatever file it arrives. ``fetched`` is the day a crawler
    fetched the page: no publication date, but a bound on it.
    """

    doc_id: str
    source_path: str
    source_format: str
    text: str
    raw_chars: int
    record: str | None = None
    metadata: Metadata = field(default_factory=Metadata)
    fetched: date | None = None


@dataclass(frozen=True)
class Reject:
    """An input (file, record or stage) that could not be processed, with a contract reason."""

    source_path: str
    reason: str
    detail: str
    stage: str | None = None
    record: str | None = None
