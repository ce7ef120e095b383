"""Figure claims across documents, kept in a persisted ``ClaimIndex``.

A document is (re)sent when its figures, its publication date or copy status,
or the story of one of its figures' events changed (a digest per document).
"""

from __future__ import annotations

import polars as pl

from newsfacts.claims import DocumentFigures, figure_documents


def digests(figures: pl.DataFrame, articles: pl.DataFrame, stories: pl.DataFrame) -> dict[str, str]:
    """doc_id -> digest of what claim grouping reads of it, for documents with figures."""
    story_of = stories.select("story_event_id", pl.col("event_ids").alias("event_id")).explode(
        "event_id"
    )
    rows = figures.join(story_of, on="event_id", how="left").join(
        articles.select("doc_id", "published_date", "duplicate_of"), on="doc_id", how="left"
    )
    hashes = rows.hash_rows(seed=0) % (1 << 32)
    summed = (
        rows.select("doc_id")
        .with_columns(h=hashes)
        .group_by("doc_id")
        .agg(pl.col("h").sum(), pl.len())
    )
    return {d: f"{n}-{h}" for d, h, n in summed.select("doc_id", "h", "len").iter_rows()}


def documents(
    doc_ids: set[str], figures: pl.DataFrame, articles: pl.DataFrame, stories: pl.DataFrame
) -> dict[str, DocumentFigures]:
    wanted = sorted(doc_ids)
    return figure_documents(
        figures.filter(pl.col("doc_id").is_in(wanted)),
        articles.filter(pl.col("doc_id").is_in(wanted)),
        stories,
    )
