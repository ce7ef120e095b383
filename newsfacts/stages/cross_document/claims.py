"""Figure claims across documents: one reported quantity, many sources."""

from __future__ import annotations

import polars as pl

from newsfacts.claims import group_figure_claims


def group(figures: pl.DataFrame, articles: pl.DataFrame, stories: pl.DataFrame) -> pl.DataFrame:
    return group_figure_claims(figures, articles, stories)
