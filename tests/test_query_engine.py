"""Validation's many small queries run on Polars' in-memory engine, and only they do."""

from __future__ import annotations

import os

import polars as pl
import pytest

import newsfacts.validation as validation
from newsfacts.query_engine import AFFINITY_VARIABLE, SMALL_QUERIES_ENGINE, small_queries
from newsfacts.schemas import frame
from newsfacts.validation import evaluate_rules


def _engine() -> str | None:
    return os.environ.get(AFFINITY_VARIABLE)


def test_validation_runs_on_the_in_memory_engine_and_restores_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(AFFINITY_VARIABLE, raising=False)
    seen: list[str | None] = []
    schema_rule = validation.RULES["schema"]

    def watched(subject: validation.TableUnderTest) -> validation.RuleOutcome:
        seen.append(_engine())
        return schema_rule(subject)

    monkeypatch.setitem(validation.RULES, "schema", watched)
    rejects = frame("rejects", [{"source_path": "a.txt", "reason": "empty", "detail": "x"}])
    assert evaluate_rules("rejects", rejects, {})["schema"].passed
    assert seen == [SMALL_QUERIES_ENGINE] == ["in-memory"]
    assert _engine() is None


def test_an_engine_the_environment_names_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AFFINITY_VARIABLE, "streaming")
    with small_queries():
        assert _engine() == "streaming"
    assert _engine() == "streaming"


def test_a_failure_is_found_on_either_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"source_path": "a.txt", "reason": "empty", "detail": ""}]
    bad = frame("rejects", rows).with_columns(pl.lit("").alias("detail"))
    found = evaluate_rules("rejects", bad, {})["schema"].problems
    monkeypatch.setenv(AFFINITY_VARIABLE, "streaming")
    assert evaluate_rules("rejects", bad, {})["schema"].problems == found
    assert found and "detail" in found[0]
