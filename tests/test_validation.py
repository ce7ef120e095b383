"""Validation: broken tables fail with messages a person can act on."""

from __future__ import annotations

import polars as pl

from newsfacts.documents import process_seeds
from newsfacts.schemas import frame
from newsfacts.validation import validate_table
from tests.conftest import SEEDS


def _documents() -> tuple[pl.DataFrame, pl.DataFrame]:
    processed = [p for p in process_seeds(SEEDS) if hasattr(p, "article")]
    articles = frame("articles", [p.article for p in processed])
    sentences = frame("sentences", [s for p in processed for s in p.sentences])
    return articles, sentences


def test_seed_tables_pass() -> None:
    articles, sentences = _documents()
    assert validate_table("articles", articles, {"articles": articles}).passed
    assert validate_table("sentences", sentences, {"articles": articles}).passed


def test_shifted_offsets_are_named_with_the_row() -> None:
    articles, sentences = _documents()
    broken = sentences.with_columns(
        pl.when(pl.col("sentence_idx") == 2)
        .then(pl.col("char_start") + 1)
        .otherwise(pl.col("char_start"))
        .alias("char_start")
    )
    report = validate_table("sentences", broken, {"articles": articles})
    assert not report.passed
    assert "offsets_match_clean_text" in report.failures
    assert "is not" in report.markdown()


def test_unknown_enum_value_and_duplicate_key() -> None:
    articles, _ = _documents()
    broken = pl.concat([articles, articles.head(1)]).with_columns(
        pl.lit("pdf").alias("source_format")
    )
    report = validate_table("articles", broken, {})
    text = report.markdown()
    assert "source_format" in text and "isin" in text
    assert "doc_id" in text


def test_dangling_entity_reference() -> None:
    articles, _ = _documents()
    doc = articles.row(0, named=True)
    text = doc["clean_text"]
    mentions = frame(
        "mentions",
        [
            {
                "entity_id": "nobody-known",
                "doc_id": doc["doc_id"],
                "sentence_idx": 0,
                "char_start": 0,
                "char_end": 4,
                "surface": text[:4],
            }
        ],
    )
    entities = frame("entities", [])
    report = validate_table("mentions", mentions, {"articles": articles, "entities": entities})
    assert report.failures == {"entity_id_references_entities": ["nobody-known"]}
