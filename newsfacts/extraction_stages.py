"""Extraction stages: figures, mentions, quotes and events, then resolution.

Each extractor runs per document and is cached like the documents stage (its
version chains the versions of what it reads). Entity ids only exist once the
mentions of every document have been resolved together, so extractors refer
to participants by document-level keys, and ``resolve_*`` maps those keys to
ids over the cached rows: cheap, and it lets a new document rename an entity
everywhere without re-extracting anything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from newsfacts.incremental import StageStore, stage_version, write_parquet_atomic
from newsfacts.language import is_extractable
from newsfacts.model import CleanDocument, Mention
from newsfacts.paths import Paths
from newsfacts.schemas import frame
from newsfacts.stages import StageReport, documents_version, iter_documents, read_staged

MENTION_COLUMNS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "sentence_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "surface": pl.String(),
    "entity_type": pl.String(),
    "key": pl.String(),
}
QUOTE_KEYS: dict[str, pl.DataType] = {"speaker_key": pl.String()}
EVENT_KEYS: dict[str, pl.DataType] = {
    "actor_key": pl.String(),
    "target_key": pl.String(),
    "location_key": pl.String(),
}
LINK_COLUMNS: dict[str, pl.DataType] = {"figure_id": pl.String(), "event_id": pl.String()}
ENTITY_KEY_COLUMNS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "key": pl.String(),
    "entity_id": pl.String(),
}


def _version_of(code: Iterable[str], reference: Iterable[str], *upstream: str) -> str:
    return stage_version(code, reference, (documents_version(), *upstream))


def figures_version() -> str:
    return _version_of(["figures"], ["figures"])


def mentions_version() -> str:
    return _version_of(["entities", "gazetteer.py"], ["entities"])


def quotes_version() -> str:
    return _version_of(["quotes.py", "quotes"], ["quotes"], mentions_version())


def events_version() -> str:
    return _version_of(
        ["events", "dates.py", "gazetteer.py"], ["events"], mentions_version(), figures_version()
    )


def doc_fingerprint(doc: CleanDocument) -> str:
    """What an extractor reads of a document: text, date and captions."""
    digest = hashlib.sha256(doc.clean_text.encode())
    digest.update(f"\0{doc.published_date}\0{doc.published_date_basis}\0".encode())
    digest.update("\n".join(doc.captions).encode())
    return digest.hexdigest()[:16]


@dataclass
class DocumentSet:
    """The staged clean documents the extractors can read, loaded once per stage run.

    Documents in a language the extractors do not read are left out (and counted).
    """

    paths: Paths
    not_extracted: int = 0

    @cached_property
    def by_id(self) -> dict[str, CleanDocument]:
        documents = list(iter_documents(self.paths))
        extractable = {doc.doc_id: doc for doc in documents if is_extractable(doc)}
        self.not_extracted = len(documents) - len(extractable)
        return extractable

    @cached_property
    def inputs(self) -> dict[str, str]:
        return {doc_id: doc_fingerprint(doc) for doc_id, doc in self.by_id.items()}


def _mentions_of(rows: pl.DataFrame) -> list[Mention]:
    return [Mention(**row) for row in rows.iter_rows(named=True)]


def _run_cached(
    paths: Paths,
    name: str,
    version: str,
    tables: Sequence[str],
    docs: DocumentSet,
    compute: Callable[[CleanDocument], Mapping[str, pl.DataFrame]],
) -> tuple[StageStore, StageReport]:
    store = StageStore(paths.stages_dir / name, version, tuple(tables))
    run = store.run(docs.inputs, lambda doc_id: compute(docs.by_id[doc_id]))
    notes = {f"{name}_version": version, "documents_skipped_language": docs.not_extracted}
    return store, StageReport(rows={}, run=run, notes=notes)


def mention_cache(paths: Paths, docs: DocumentSet) -> tuple[StageStore, StageReport]:
    from newsfacts.entities import extract_mentions

    def compute(doc: CleanDocument) -> dict[str, pl.DataFrame]:
        rows = [m.__dict__ for m in extract_mentions(doc)]
        return {"mention_candidates": pl.DataFrame(rows, schema=MENTION_COLUMNS)}

    return _run_cached(paths, "mentions", mentions_version(), ["mention_candidates"], docs, compute)


def figure_cache(paths: Paths, docs: DocumentSet) -> tuple[StageStore, StageReport]:
    from newsfacts.figures import extract_figures

    def compute(doc: CleanDocument) -> dict[str, pl.DataFrame]:
        return {"figures": frame("figures", extract_figures(doc))}

    return _run_cached(paths, "figures", figures_version(), ["figures"], docs, compute)


def quote_cache(paths: Paths, docs: DocumentSet) -> tuple[StageStore, StageReport]:
    from newsfacts.quotes import extract_quotes

    mentions, _ = mention_cache(paths, docs)

    def compute(doc: CleanDocument) -> dict[str, pl.DataFrame]:
        found = _mentions_of(mentions.read("mention_candidates", [doc.doc_id]))
        return {"quotes": frame("quotes", extract_quotes(doc, found), QUOTE_KEYS)}

    return _run_cached(paths, "quotes", quotes_version(), ["quotes"], docs, compute)


def event_cache(paths: Paths, docs: DocumentSet) -> tuple[StageStore, StageReport]:
    from newsfacts.events import extract_events

    mentions, _ = mention_cache(paths, docs)
    figures, _ = figure_cache(paths, docs)

    def compute(doc: CleanDocument) -> dict[str, pl.DataFrame]:
        found = _mentions_of(mentions.read("mention_candidates", [doc.doc_id]))
        doc_figures = figures.read("figures", [doc.doc_id]).to_dicts()
        rows, links = extract_events(doc, found, doc_figures)
        link_rows = [{"figure_id": f, "event_id": e} for f, e in sorted(links.items())]
        return {
            "events": frame("events", rows, EVENT_KEYS),
            "figure_links": pl.DataFrame(link_rows, schema=LINK_COLUMNS),
        }

    return _run_cached(paths, "events", events_version(), ["events", "figure_links"], docs, compute)


def stage_tables(paths: Paths, tables: Mapping[str, pl.DataFrame]) -> dict[str, int]:
    for table, df in tables.items():
        write_parquet_atomic(df, paths.staged(table))
    return {table: df.height for table, df in tables.items()}


def run_entities(paths: Paths) -> StageReport:
    """Resolve every document's mentions into entities; stage entities and mentions."""
    from newsfacts.entities import resolve_entities

    docs = DocumentSet(paths)
    store, report = mention_cache(paths, docs)
    candidates = _mentions_of(store.read("mention_candidates", docs.by_id))
    resolution = resolve_entities(candidates)
    keys = sorted({(m.doc_id, m.key) for m in candidates})
    entity_keys = [
        {"doc_id": d, "key": k, "entity_id": resolution.entity_id(d, k)} for d, k in keys
    ]
    report.rows = stage_tables(
        paths,
        {
            "entities": frame("entities", resolution.entities).sort("entity_id"),
            "mentions": frame("mentions", resolution.mentions).sort(
                "doc_id", "char_start", "char_end"
            ),
            "entity_keys": pl.DataFrame(entity_keys, schema=ENTITY_KEY_COLUMNS),
        },
    )
    return report


def _resolve_keys(df: pl.DataFrame, paths: Paths, roles: Mapping[str, str]) -> pl.DataFrame:
    """Replace document-level key columns by ``<role>_id`` and ``<role>_name``.

    The name is the entity's canonical name, or the key as written when the key
    resolves to no entity.
    """
    entity_keys = read_staged_extra(paths, "entity_keys", ENTITY_KEY_COLUMNS)
    names = read_staged(paths, "entities").select("entity_id", "name")
    for key_column, role in roles.items():
        lookup = entity_keys.join(names, on="entity_id", how="left").rename(
            {"key": key_column, "entity_id": f"{role}_id", "name": f"{role}__name"}
        )
        df = (
            df.drop(f"{role}_id", f"{role}_name", strict=False)
            .join(lookup, on=["doc_id", key_column], how="left")
            .with_columns(pl.coalesce(f"{role}__name", key_column).alias(f"{role}_name"))
            .drop(f"{role}__name", key_column)
        )
    return df


def read_staged_extra(paths: Paths, table: str, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    path = paths.staged(table)
    return pl.read_parquet(path) if path.is_file() else pl.DataFrame(schema=dict(schema))


def run_quotes(paths: Paths) -> StageReport:
    """Quotes with their speakers mapped to entity ids; stage ``quotes``."""
    docs = DocumentSet(paths)
    store, report = quote_cache(paths, docs)
    quotes = _resolve_keys(store.read("quotes", docs.by_id), paths, {"speaker_key": "speaker"})
    report.rows = stage_tables(paths, {"quotes": contract_order("quotes", quotes)})
    return report


def run_events(paths: Paths) -> StageReport:
    """Events with participants and places mapped to entity ids; stage ``events``."""
    docs = DocumentSet(paths)
    store, report = event_cache(paths, docs)
    events = _resolve_keys(
        store.read("events", docs.by_id),
        paths,
        {"actor_key": "actor", "target_key": "target", "location_key": "location"},
    )
    links = store.read("figure_links", docs.by_id)
    report.rows = stage_tables(
        paths,
        {"events": contract_order("events", events), "figure_links": links},
    )
    return report


def run_figures(paths: Paths) -> StageReport:
    """Figures with the event each one quantifies; stage ``figures``."""
    docs = DocumentSet(paths)
    store, report = figure_cache(paths, docs)
    figures = store.read("figures", docs.by_id)
    links = read_staged_extra(paths, "figure_links", LINK_COLUMNS)
    linked = (
        figures.drop("event_id")
        .join(links, on="figure_id", how="left")
        .sort("doc_id", "char_start")
    )
    linked = link_names(linked, read_staged(paths, "mentions"), ("location", "source"))
    report.rows = stage_tables(paths, {"figures": contract_order("figures", linked)})
    return report


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


def contract_order(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """Exactly the contract's columns, in its order."""
    return df.select(frame(table, []).columns)
