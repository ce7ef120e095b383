"""Event mentions of one article, participants and place as document-level keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from newsfacts.events import extract_events
from newsfacts.events.casualties import CATEGORY_FIELD
from newsfacts.model import CleanDocument, Mention
from newsfacts.names import name_key
from newsfacts.schemas import polars_schema

NAME = "events"
UPSTREAM = ("mention_candidates", "figure_rows")
ROLES = ("actor", "target", "location")
TABLES: dict[str, dict[str, pl.DataType]] = {
    "event_rows": {
        **polars_schema("events"),
        **{f"{role}_key": pl.String() for role in ROLES},
        **{f"{role}_name_key": pl.String() for role in ROLES},
    },
    "figure_links": {"doc_id": pl.String(), "figure_id": pl.String(), "event_id": pl.String()},
}


def _toll(row: Mapping[str, Any]) -> bool:
    return row.get("category") in CATEGORY_FIELD


# Of a document's figures only its tolls of dead and injured bear on its events
# (casualty counts, restated tolls): the map keeps no other figure rows for this stage.
UPSTREAM_ROWS = {"figure_rows": _toll}


def compute(doc: CleanDocument, upstream: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    mentions = [Mention.from_row(row) for row in upstream["mention_candidates"]]
    rows, links = extract_events(doc, mentions, upstream["figure_rows"])
    for row in rows:
        for role in ROLES:
            key = row.get(f"{role}_key")
            row[f"{role}_name_key"] = name_key(key) if key else None
    return {
        "event_rows": rows,
        "figure_links": [
            {"doc_id": doc.doc_id, "figure_id": f, "event_id": e} for f, e in sorted(links.items())
        ],
    }
