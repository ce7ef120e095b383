"""Minimal contract tables for tests of the cross-document stages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import polars as pl

from newsfacts.schemas import frame


def articles_frame(
    doc_ids: Iterable[str],
    published: Mapping[str, date] | None = None,
    duplicate_of: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """One placeholder article per doc id, dated (basis metadata) where ``published`` says."""
    published = published or {}
    duplicate_of = duplicate_of or {}
    return frame(
        "articles",
        [
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id}.txt",
                "source_format": "text",
                "published_date": published.get(doc_id),
                "published_date_basis": "metadata" if doc_id in published else "unknown",
                "language": "en",
                "raw_chars": 1,
                "clean_chars": 1,
                "boilerplate_lines": 0,
                "clean_text": "x",
                "duplicate_of": duplicate_of.get(doc_id),
            }
            for doc_id in doc_ids
        ],
    )
