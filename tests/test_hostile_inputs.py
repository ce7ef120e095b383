"""Hostile inputs through a real build: absurd numbers, invisible characters, huge lines.

Each test writes its own seeds folder, runs the whole pipeline (``run_all``)
into a fresh warehouse and reads the published DuckDB file.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsfacts.figures import sentence_figures
from newsfacts.figures.numbers import MAX_VALUE
from newsfacts.paths import Paths
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import SerialExecutor

ABSURD_NUMBERS = ("1e308", "1,000,000,000,000,000,000,000", "9" * 100_000)


def _build(tmp_path: Path, files: dict[str, str]) -> Paths:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    paths = Paths.of(seeds, tmp_path / "warehouse")
    run_all(paths, SerialExecutor())
    return paths


def _query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("number", ABSURD_NUMBERS, ids=["1e308", "sextillion", "100k_digits"])
def test_a_number_beyond_any_count_is_no_figure_and_its_neighbours_stay(number: str) -> None:
    sentence = f"Shelling killed {number} people and wounded 40 others, one post said."
    figures = sentence_figures(sentence)
    assert [f.surface for f in figures] == ["40 others"]
    assert all(f.value is None or math.isfinite(f.value) for f in figures)


def test_the_largest_plausible_amounts_are_still_read() -> None:
    (figure,) = sentence_figures("The fund holds $1.5 trillion in assets, the bank said.")
    assert figure.value == 1.5e12 <= MAX_VALUE


def test_a_document_with_absurd_numbers_keeps_its_events_and_figures(tmp_path: Path) -> None:
    absurd = " ".join(f"A post claimed that shelling killed {n} people." for n in ABSURD_NUMBERS)
    article = (
        "Clashes continue in the north\n\n"
        "An airstrike on a market in the northern town killed 12 civilians on Tuesday, "
        "local officials said. Rebels attacked an army checkpoint near the border and "
        f"wounded 7 soldiers, the military said.\n\n{absurd}\n\n"
        "Troops shelled the village on Wednesday and killed 5 people, residents said.\n"
    )
    paths = _build(tmp_path, {"absurd.txt": article})
    assert _query(paths, "SELECT reason, stage, detail FROM rejects") == []
    tolls = _query(
        paths, "SELECT fatalities, injuries FROM events WHERE coalesce(fatalities, injuries) > 0"
    )
    assert sorted(tolls, key=str) == sorted([(12, None), (None, 7), (5, None)], key=str)
    figures = _query(paths, "SELECT surface, value FROM figures ORDER BY char_start")
    assert figures == [("12 civilians", 12.0), ("7 soldiers", 7.0), ("5 people", 5.0)]
    assert _query(paths, "SELECT max(fatalities) FROM story_events") == [(12,)]
