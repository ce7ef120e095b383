"""Validation: each rule of the contract names the rows that break it."""

from __future__ import annotations

import polars as pl

from newsfacts.documents import process_seeds
from newsfacts.schemas import TABLES, frame
from newsfacts.validation import evaluate_rules, table_rules, validate_table
from tests.conftest import SEEDS


def _documents() -> tuple[pl.DataFrame, pl.DataFrame]:
    processed = [p for p in process_seeds(SEEDS) if hasattr(p, "article")]
    articles = frame("articles", [p.article for p in processed])
    sentences = frame("sentences", [s for p in processed for s in p.sentences])
    return articles, sentences


def test_seed_tables_pass() -> None:
    articles, sentences = _documents()
    assert validate_table("articles", articles, {"articles": articles}).passed
    outcomes = evaluate_rules("sentences", sentences, {"articles": articles})
    assert set(outcomes) == {"schema", "unique_keys", "offsets_index_text", "ids_resolve"}
    assert all(o.passed and o.failing_rows == () for o in outcomes.values())


def test_every_table_has_schema_and_key_rules() -> None:
    for table in TABLES:
        assert table_rules(table)[:2] == ("schema", "unique_keys")
    assert "bounds_ordered" in table_rules("figures")
    assert "bounds_ordered" in table_rules("story_events")
    assert "offsets_index_text" not in table_rules("entities")


def test_shifted_offsets_fail_only_the_offsets_rule_and_name_the_row() -> None:
    articles, sentences = _documents()
    broken = sentences.with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.col("char_start") + 1)
        .otherwise(pl.col("char_start"))
        .alias("char_start")
    )
    outcomes = evaluate_rules("sentences", broken, {"articles": articles})
    failed = {rule for rule, o in outcomes.items() if not o.passed}
    assert failed == {"offsets_index_text"}
    assert outcomes["offsets_index_text"].failing_rows == (2,)
    assert "is not" in validate_table("sentences", broken, {"articles": articles}).markdown()


def test_unknown_enum_value_is_a_schema_failure_and_a_repeat_a_key_failure() -> None:
    articles, _ = _documents()
    broken = pl.concat([articles, articles.head(1)]).with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("pdf"))
        .otherwise(pl.col("source_format"))
        .alias("source_format")
    )
    outcomes = evaluate_rules("articles", broken, {})
    assert outcomes["schema"].failing_rows == (1,)
    assert "source_format: isin" in outcomes["schema"].problems[0]
    assert "'pdf'" in outcomes["schema"].problems[0]
    assert outcomes["unique_keys"].failing_rows == (0, articles.height)
    assert any("doc_id" in p for p in outcomes["unique_keys"].problems)


def test_a_missing_column_fails_the_whole_table() -> None:
    articles, _ = _documents()
    outcome = evaluate_rules("articles", articles.drop("url"), {})["schema"]
    assert not outcome.passed and outcome.failing_rows == ()
    assert "column_in_dataframe fails for the table" in outcome.problems[0]


def test_a_table_without_rows_still_has_its_columns_and_types_checked() -> None:
    empty = frame("events", [])
    assert validate_table("events", empty, {}).passed
    missing = evaluate_rules("events", empty.drop("trigger"), {})["schema"]
    assert "column_in_dataframe fails for the table" in missing.problems[0]
    retyped = evaluate_rules("events", empty.with_columns(pl.col("event_id").cast(pl.Int64)), {})
    assert "event_id: dtype('String') fails" in retyped["schema"].problems[0]
    extra = evaluate_rules("events", empty.with_columns(pl.lit("x").alias("note")), {})
    assert not extra["schema"].passed  # strict: no column the contract does not name


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
    assert report.failures == {
        "ids_resolve": ["entity_id → entities.entity_id: 1 unknown (nobody-known)"]
    }
    assert report.outcomes["ids_resolve"].failing_rows == (0,)


def test_reversed_bounds_fail_the_bounds_rule() -> None:
    figures = frame(
        "figures",
        [
            {
                "figure_id": "0123456789abcdef-f1",
                "doc_id": "0123456789abcdef",
                "sentence_idx": 0,
                "char_start": 0,
                "char_end": 5,
                "surface": "40-16",
                "value": 40.0,
                "value_min": 40.0,
                "value_max": 16.0,
                "qualifier": "range",
                "category": "killed",
            }
        ],
    )
    outcomes = evaluate_rules("figures", figures, {})
    assert not outcomes["bounds_ordered"].passed
    assert outcomes["bounds_ordered"].failing_rows == (0,)
    assert outcomes["schema"].passed
