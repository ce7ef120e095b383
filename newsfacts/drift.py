"""Shares worth watching between two builds, and the jumps that deserve a look.

A build can pass every contract rule and still be wrong: an input format that
stopped parsing rejects half the files, a broken date rule leaves most events
undated. Such failures show as a share that jumps between two builds, so each
build records a few shares per table and the next one compares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

# A share moving by this much (0.15 = 15 percentage points) between two builds
# is worth a warning; day-to-day additions to a large corpus move it far less.
SHIFT_THRESHOLD = 0.15

WATCHED_SHARES: dict[str, dict[str, pl.Expr]] = {
    "articles": {
        "undated_articles": pl.col("published_date").is_null(),
        "syndicated_copies": pl.col("duplicate_of").is_not_null(),
    },
    "events": {
        "undated_events": pl.col("event_date").is_null(),
        "unlocated_events": pl.col("location_name").is_null(),
        "events_without_actor": pl.col("actor_name").is_null(),
    },
    "figures": {
        "figures_of_category_other": pl.col("category") == "other",
        "vague_figures": pl.col("qualifier") == "vague",
    },
    "quotes": {"quotes_without_speaker": pl.col("speaker_name").is_null()},
    "story_events": {"single_source_story_events": pl.col("n_docs") == 1},
    "figure_claims": {"contested_claims": ~pl.col("consistent")},
}
REJECTED_SHARE = "rejected_inputs"


@dataclass(frozen=True)
class Shift:
    name: str
    before: float
    after: float

    def describe(self) -> str:
        return f"{self.name}: {self.before:.0%} → {self.after:.0%}"


def table_shares(table: str, df: pl.DataFrame) -> dict[str, float]:
    """The watched shares of ``table`` (none for an empty table: nothing to compare)."""
    watched = WATCHED_SHARES.get(table, {})
    if df.is_empty() or not watched:
        return {}
    row = df.select(expr.mean().alias(name) for name, expr in watched.items()).row(0, named=True)
    return {name: round(float(value), 4) for name, value in row.items()}


def rejected_share(rejected: int, accepted: int) -> dict[str, float]:
    """Share of inputs rejected, from the rejects and the articles of one build."""
    total = rejected + accepted
    return {REJECTED_SHARE: round(rejected / total, 4)} if total else {}


def shifts(
    before: Mapping[str, float], after: Mapping[str, float], threshold: float = SHIFT_THRESHOLD
) -> list[Shift]:
    """Shares present in both builds that moved by ``threshold`` or more."""
    return [
        Shift(name, before[name], value)
        for name, value in after.items()
        if name in before and abs(value - before[name]) >= threshold
    ]
