"""Story clustering across documents: event mentions into real-world events."""

from __future__ import annotations

import polars as pl

from newsfacts.stories import cluster_story_events


def cluster(events: pl.DataFrame, articles: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    return cluster_story_events(events, articles, sentences)
