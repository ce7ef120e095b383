"""Quotations of one article, their speakers as document-level keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from newsfacts.model import CleanDocument, Mention
from newsfacts.names import name_key
from newsfacts.quotes import extract_quotes
from newsfacts.schemas import polars_schema

NAME = "quotes"
UPSTREAM = ("mention_candidates",)
TABLES: dict[str, dict[str, pl.DataType]] = {
    "quote_rows": {
        **polars_schema("quotes"),
        "speaker_key": pl.String(),
        "speaker_name_key": pl.String(),
    }
}


def compute(doc: CleanDocument, upstream: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    mentions = [Mention.from_row(row) for row in upstream["mention_candidates"]]
    rows = extract_quotes(doc, mentions)
    for row in rows:
        key = row.get("speaker_key")
        row["speaker_name_key"] = name_key(key) if key else None
    return {"quote_rows": rows}
