"""Name mentions of one article, before cross-document resolution."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from newsfacts.entities.extract import extract_mentions
from newsfacts.model import CleanDocument
from newsfacts.names import name_key

NAME = "mentions"
UPSTREAM: tuple[str, ...] = ()
COLUMNS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "sentence_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "surface": pl.String(),
    "entity_type": pl.String(),
    "key": pl.String(),
    "name_key": pl.String(),
}
TABLES = {"mention_candidates": COLUMNS}


def compute(doc: CleanDocument, upstream: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    rows = [{**m.row(), "name_key": name_key(m.key)} for m in extract_mentions(doc)]
    return {"mention_candidates": rows}
