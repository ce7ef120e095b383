"""Story clustering across documents, kept in a persisted ``StoryIndex``.

A document is (re)sent to the index when anything the clustering reads of it
changed — its events with their resolved names, its article (publication
date, copy status, outlet, text) or the sentences its events are in — which
a digest per document tells; a document left without events is removed.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl

from newsfacts.stories import DocumentEvents
from newsfacts.stories.documents import by_document, sentence_texts

ARTICLE_FIELDS = (
    "doc_id",
    "source_path",
    "outlet",
    "published_date",
    "published_date_basis",
    "duplicate_of",
    "clean_text",
)


def digests(
    articles: pl.DataFrame, events: pl.DataFrame, sentences: pl.DataFrame
) -> dict[str, str]:
    """doc_id -> digest of what clustering reads of it, for documents with events."""
    per_doc: dict[str, Any] = {}
    for row in events.sort("event_id").iter_rows():
        per_doc.setdefault(row[events.columns.index("doc_id")], hashlib.sha256()).update(
            repr(row).encode()
        )
    used = sentences.join(
        events.select("doc_id", "sentence_idx").unique(), on=["doc_id", "sentence_idx"]
    )
    for doc_id, idx, text in (
        used.select("doc_id", "sentence_idx", "text").sort("doc_id", "sentence_idx").iter_rows()
    ):
        per_doc[doc_id].update(f"{idx}\0{text}".encode())
    for row in (
        articles.filter(pl.col("doc_id").is_in(list(per_doc))).select(ARTICLE_FIELDS).iter_rows()
    ):
        per_doc[row[0]].update(repr(row).encode())
    return {doc_id: digest.hexdigest()[:20] for doc_id, digest in per_doc.items()}


def documents(
    doc_ids: set[str], articles: pl.DataFrame, events: pl.DataFrame, sentences: pl.DataFrame
) -> dict[str, DocumentEvents]:
    """What ``StoryIndex.apply`` takes for ``doc_ids`` (documents with events)."""
    wanted = sorted(doc_ids)
    picked = events.filter(pl.col("doc_id").is_in(wanted)).sort("event_id")
    events_of = by_document(picked)
    texts = sentence_texts(sentences, picked)
    return {
        row["doc_id"]: DocumentEvents.of(
            row, events_of[row["doc_id"]], texts.get(row["doc_id"], {})
        )
        for row in articles.filter(pl.col("doc_id").is_in(wanted)).iter_rows(named=True)
        if row["doc_id"] in events_of
    }
