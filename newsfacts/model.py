"""Shared value types passed between the core stages.

Stages exchange plain frozen dataclasses rather than DataFrames so that each
extractor can be tested on a hand-written sentence without building tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

# The one space character ``clean_text`` keeps inside a number: a no-break or
# thin space between digit groups ("1 000"), which the number grammar reads as
# a thousands separator. Every other space is folded to an ASCII space.
DIGIT_GROUP_SPACE = "\u202f"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a cleaned article; offsets point into ``clean_text``.

    Slotted (no per-object dict): an article on one line can hold a hundred
    thousand of them.
    """

    doc_id: str
    sentence_idx: int
    paragraph_idx: int
    char_start: int
    char_end: int
    text: str

    def row(self) -> dict[str, Any]:
        """The sentence as a row of the ``sentences`` table."""
        return {name: getattr(self, name) for name in _SENTENCE_FIELDS}


_SENTENCE_FIELDS = tuple(f.name for f in fields(Sentence))


@dataclass(frozen=True)
class CleanDocument:
    """An article after decoding and cleanup, ready for extraction.

    ``captions`` keeps the photo captions removed from the body: they carry
    dates and places that date inference and geocoding may use. ``language``
    is ISO 639-1; only documents the extractors can read are extracted.
    """

    doc_id: str
    source_path: str
    clean_text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_date: date | None = None
    published_date_basis: str = "unknown"
    captions: tuple[str, ...] = field(default_factory=tuple)
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in one document, before cross-document resolution.

    ``key`` is the document-level canonical surface (for example the full
    name a surname-only mention refers back to); the cross-document resolver
    turns (doc_id, key) into a global ``entity_id``, and quotes and events
    refer to participants through the same key.
    """

    doc_id: str
    sentence_idx: int
    char_start: int
    char_end: int
    surface: str
    entity_type: str
    key: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Mention:
        """A mention from a stored row (which may carry more columns)."""
        return cls(**{name: row[name] for name in _MENTION_FIELDS})

    def row(self) -> dict[str, Any]:
        """The mention as a row (the columns it was built from)."""
        return {name: getattr(self, name) for name in _MENTION_FIELDS}


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
