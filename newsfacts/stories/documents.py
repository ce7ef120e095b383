"""What one document contributes to story clustering, and reading it from the tables.

The story index takes documents one at a time (see ``StoryIndex.apply``):
a document brings its report (source and date), its outlet, the sentences
its events are in and its resolved event rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import polars as pl

from newsfacts.stories.reports import Report, document_report

Row = Mapping[str, Any]


class Rows(Protocol):
    """A document's event rows as the index reads them: counted, and read in one pass."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Row]: ...


@dataclass(frozen=True, eq=False)
class FrameRows:
    """Event rows kept as a polars frame and read back as dicts one at a time.

    A dict per mention takes about 2 KB and its row of a frame about 200
    bytes; a long single-line file tells tens of thousands of mentions in
    one document, all held while the index takes them in.
    """

    frame: pl.DataFrame

    def __len__(self) -> int:
        return self.frame.height

    def __iter__(self) -> Iterator[Row]:
        return self.frame.iter_rows(named=True)


@dataclass(frozen=True)
class DocumentEvents:
    """One document's part in story clustering.

    ``report``: its source (the doc id of the original it duplicates, or its
    own), its trusted publication date and what its text tells units (see
    ``Report``); ``outlet``: the name its events' stories list in
    ``sources``; ``sentences``: sentence index -> text of the sentences its
    events are in (for ``notes``); ``events``: its rows of the ``events``
    table, entity ids and names resolved.
    """

    doc_id: str
    report: Report
    outlet: str
    sentences: Mapping[int, str] = field(default_factory=dict)
    events: Rows = ()

    @classmethod
    def of(
        cls,
        article: Row,
        events: Rows,
        sentences: Mapping[int, str],
    ) -> DocumentEvents:
        """From the document's ``articles`` row (``clean_text`` included), events and the
        texts of its sentences."""
        doc_id = article["doc_id"]
        report = document_report(
            doc_id,
            _first(article.get("duplicate_of"), doc_id),
            article.get("published_date"),
            article.get("published_date_basis"),
            article.get("clean_text") or "",
        )
        outlet = _first(article.get("outlet"), article.get("source_path"), doc_id)
        used = {row["sentence_idx"] for row in events}
        kept = {index: text for index, text in sentences.items() if index in used}
        return cls(doc_id, report, outlet, kept, events)


def _first(*values: str | None) -> str:
    """The first value that is not null (the last is never null)."""
    return next(value for value in values if value is not None)


def documents_of(
    events: pl.DataFrame, articles: pl.DataFrame, sentences: pl.DataFrame | None = None
) -> dict[str, DocumentEvents]:
    """Every document with events, read from the contract tables.

    Events of a document missing from ``articles`` count as an undated report
    of its own, listed under its doc id.
    """
    grouped = by_document(events)
    known = articles.filter(pl.col("doc_id").is_in(sorted(grouped)))
    article_of = {row["doc_id"]: row for row in known.to_dicts()}
    texts = sentence_texts(sentences, events) if sentences is not None else {}
    return {
        doc_id: DocumentEvents.of(
            article_of.get(doc_id, {"doc_id": doc_id}), rows, texts.get(doc_id, {})
        )
        for doc_id, rows in grouped.items()
    }


def by_document(events: pl.DataFrame) -> dict[str, FrameRows]:
    """Each document's event rows, in the order ``events`` gives them."""
    parts = events.partition_by("doc_id", maintain_order=True, as_dict=True)
    return {doc_id: FrameRows(part) for (doc_id,), part in parts.items()}


def sentence_texts(sentences: pl.DataFrame, events: pl.DataFrame) -> dict[str, dict[int, str]]:
    """doc_id -> sentence index -> text of the sentences ``events`` are in (the others of a
    long document are never read)."""
    used = events.select("doc_id", "sentence_idx").unique()
    picked = sentences.join(used, on=["doc_id", "sentence_idx"], how="semi")
    texts: dict[str, dict[int, str]] = {}
    for doc_id, index, text in picked.select("doc_id", "sentence_idx", "text").iter_rows():
        texts.setdefault(doc_id, {})[index] = text
    return texts
