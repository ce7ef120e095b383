"""Entity resolution across documents: the name keys of every document to entities."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

import polars as pl

from newsfacts.entities.resolve import EntityDelta, EntityIndex
from newsfacts.model import Mention
from newsfacts.schemas import frame

MAPPING_COLUMNS: dict[str, pl.DataType] = {
    "name_key": pl.String(),
    "entity_id": pl.String(),
    "name": pl.String(),
}

Documents = Mapping[str, tuple[str, Sequence[Mention]] | None]


def document_mentions(candidates: pl.DataFrame) -> dict[str, tuple[str, list[Mention]]]:
    """Per document of a batch's mention candidates: a digest of its mentions, and them."""
    grouped: dict[str, list[Mention]] = {}
    for row in candidates.sort("doc_id", "char_start", "char_end").iter_rows(named=True):
        grouped.setdefault(row["doc_id"], []).append(Mention.from_row(row))
    return {doc_id: (_mentions_digest(mentions), mentions) for doc_id, mentions in grouped.items()}


def _mentions_digest(mentions: Sequence[Mention]) -> str:
    digest = hashlib.sha256()
    for m in mentions:
        digest.update(f"{m.key}\0{m.entity_type}\0{m.surface}\n".encode())
    return digest.hexdigest()[:16]


def update(index: EntityIndex, documents: Documents) -> EntityDelta:
    """Bring the index in line with new, changed (digest differs) and removed documents."""
    if documents:
        return index.replace_documents(documents)
    return EntityDelta({}, [], [])


def tables(index: EntityIndex) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``entities`` table and the name key -> (entity id, name) mapping, read whole."""
    return frame("entities", index.entities()), _mapping_frame(sorted(index.mapping().items()))


def patched(
    entities: pl.DataFrame, mapping: pl.DataFrame, delta: EntityDelta
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``tables`` after an update, from the tables before it and the update's delta: the
    rows of the entities and names it changed, not every row of the index again."""
    replaced = [*delta.removed, *(row["entity_id"] for row in delta.upserted)]
    entities = pl.concat(
        [entities.filter(~pl.col("entity_id").is_in(replaced)), frame("entities", delta.upserted)]
    ).sort("entity_id")
    named = [(key, ref) for key, ref in delta.keys.items() if ref is not None]
    mapping = pl.concat(
        [mapping.filter(~pl.col("name_key").is_in(list(delta.keys))), _mapping_frame(named)]
    ).sort("name_key")
    return entities, mapping


def _mapping_frame(refs: Sequence[tuple[str, tuple[str, str]]]) -> pl.DataFrame:
    columns = {
        "name_key": [key for key, _ in refs],
        "entity_id": [entity_id for _, (entity_id, _) in refs],
        "name": [name for _, (_, name) in refs],
    }
    return pl.DataFrame(columns, schema=MAPPING_COLUMNS)


def link_names(df: pl.DataFrame, mentions: pl.DataFrame, roles: Sequence[str]) -> pl.DataFrame:
    """Fill ``<role>_id`` from ``<role>_name`` written free-form by an extractor.

    The id is that of the longest name mentioned in the same document that the
    written name contains as whole words ("Mali's National Guard Corps"
    -> the NGC, not Mali), so a name only resolves to an entity the document
    itself mentions; a list of names ("Mali and Niger") resolves to none.
    """
    # doc -> words of a name -> its distinct (surface, entity) pairs, in first-seen order
    surfaces: dict[str, dict[str, dict[tuple[str, str], None]]] = {}
    for doc_id, surface, entity_id in mentions.select("doc_id", "surface", "entity_id").iter_rows():
        surfaces.setdefault(doc_id, {}).setdefault(_words(surface), {})[(surface, entity_id)] = None
    longest_name = {
        doc_id: max(key.count(" ") + 1 for key in names) for doc_id, names in surfaces.items()
    }

    def resolve(doc_id: str, written: str | None) -> str | None:
        if not written:
            return None
        by_words = surfaces.get(doc_id, {})
        longest = longest_name.get(doc_id, 0)
        found = sorted(
            (
                pair
                for run in _word_runs(_words(written), longest)
                for pair in by_words.get(run, ())
            ),
            key=lambda pair: (-len(pair[0]), pair[0]),
        )
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


def _word_runs(words: str, longest: int) -> set[str]:
    """Every run of at most ``longest`` consecutive words of ``words``: the names a
    written name can contain.

    Looking these up costs a few probes per written name, where comparing it
    with every name of its document costs that document's mention count.
    """
    split = words.split(" ")
    return {
        " ".join(split[i:j])
        for i in range(len(split))
        for j in range(i + 1, min(i + longest, len(split)) + 1)
    }


def _words(text: str) -> str:
    return " ".join(_NON_WORD.split(text.casefold())).strip()
