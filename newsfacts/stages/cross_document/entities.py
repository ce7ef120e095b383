"""Entity resolution across documents: the name keys of every document to entities."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from newsfacts.entities import resolve_entities
from newsfacts.model import Mention
from newsfacts.names import name_key
from newsfacts.schemas import frame

MAPPING_COLUMNS: dict[str, pl.DataType] = {
    "name_key": pl.String(),
    "entity_id": pl.String(),
    "name": pl.String(),
}


def resolve(candidates: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``entities`` table and the name key -> (entity id, name) mapping."""
    mentions = [Mention.from_row(row) for row in candidates.iter_rows(named=True)]
    resolution = resolve_entities(mentions)
    names = {row["entity_id"]: row["name"] for row in resolution.entities}
    mapping = {name_key(key): entity_id for (_, key), entity_id in resolution.by_key.items()}
    rows = [{"name_key": k, "entity_id": e, "name": names[e]} for k, e in sorted(mapping.items())]
    entities = frame("entities", resolution.entities).sort("entity_id")
    return entities, pl.DataFrame(rows, schema=MAPPING_COLUMNS)


def link_names(df: pl.DataFrame, mentions: pl.DataFrame, roles: Sequence[str]) -> pl.DataFrame:
    """Fill ``<role>_id`` from ``<role>_name`` written free-form by an extractor.

    The id is that of the longest name mentioned in the same document that the
    written name contains as whole words ("Iraq's Popular Mobilization Forces"
    -> the PMF, not Iraq), so a name only resolves to an entity the document
    itself mentions; a list of names ("Iraq and Syria") resolves to none.
    """
    surfaces: dict[str, list[tuple[str, str]]] = {}
    for doc_id, surface, entity_id in mentions.select("doc_id", "surface", "entity_id").iter_rows():
        surfaces.setdefault(doc_id, []).append((surface, entity_id))
    for names in surfaces.values():
        names.sort(key=lambda pair: (-len(pair[0]), pair[0]))

    def resolve(doc_id: str, written: str | None) -> str | None:
        if not written:
            return None
        padded = f" {_words(written)} "
        found = [
            (surface, entity_id)
            for surface, entity_id in surfaces.get(doc_id, ())
            if f" {_words(surface)} " in padded
        ]
        if not found:
            return None
        if _LIST.search(written) and len({entity_id for _, entity_id in found}) > 1:
            return None  # "Iraq and Syria" names two places, not one
        return found[0][1]

    ids = {
        f"{role}_id": [
            resolve(doc_id, written)
            for doc_id, written in df.select("doc_id", f"{role}_name").iter_rows()
        ]
        for role in roles
    }
    return df.with_columns(pl.Series(name, values, dtype=pl.String) for name, values in ids.items())


_NON_WORD = re.compile(r"\W+")
_LIST = re.compile(r",|&|\b(?:and|or)\b")


def _words(text: str) -> str:
    return " ".join(_NON_WORD.split(text.casefold())).strip()
