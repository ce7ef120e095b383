"""Story events: the event mentions of many documents that report one real event.

Outlets describe one strike with different words, dates and precision ("a
shelling on Monday", "Monday night's artillery fire on the port city"), so
mentions are joined by agreement of their attributes, not their wording:

* a *unit* is what one document says about an event: the mentions it links
  with ``event_group`` (headline and body), or a single ungrouped mention;
* two units may join only if nothing contradicts: the same event type,
  modes of one family, and for dates (given their precision), places (the
  same or nested), weekdays, actors and targets some value in common when
  both give one. Parties are compared by what they stand for, so a defence
  ministry and its state agree, an acronym is the group it abbreviates and
  a city named as target stands for no party. A missing value contradicts
  nothing, but a mention without a date lies in the weeks before its
  report;
* and only if enough weighted evidence agrees: a shared day, a city or a
  named group counts more than a shared state, and something beyond states
  and weapons must agree (see ``data/reference/stories/clustering.yaml``).
  A report without a publication date cannot be placed in time at all: its
  events join another report's only on the same or a nested place plus a
  party, a toll or a weekday word in common (``evidence._timeless``);
* units join greedily, strongest evidence first, and a unit joins a story
  only if it is compatible with *every* unit already in it, so a vague
  mention ("the attack") cannot chain two distinct strikes together.

Asserted events cluster with asserted ones only; planned, hypothetical and
negated mentions cluster among their own modality, so a promised talk never
merges with talks that took place.
"""

from __future__ import annotations

import polars as pl

from newsfacts.stories.documents import DocumentEvents, documents_of
from newsfacts.stories.index import StoryDelta, StoryIndex
from newsfacts.stories.parties import acronym_expansions
from newsfacts.stories.reports import date_span, guessed_from_body
from newsfacts.stories.rows import acled_columns

__all__ = [
    "DocumentEvents",
    "StoryDelta",
    "StoryIndex",
    "acled_columns",
    "acronym_expansions",
    "cluster_story_events",
    "date_span",
    "guessed_from_body",
]


def cluster_story_events(
    events: pl.DataFrame, articles: pl.DataFrame, sentences: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Build the ``story_events`` table: one row per real-world event across documents.

    ``n_docs`` counts sources: a near-duplicate (``articles.duplicate_of``) is
    its original. ``fatalities_min``/``max`` spread the tolls the sources give
    (each source's highest toll for the event). A mention without a date is
    placed in the weeks before its report's publication date (see
    clustering.yaml), so background mentions of old reports cannot join new
    events. A report whose publication date was guessed from a background
    date of its body (see ``guessed_from_body``) counts as undated. Ids derive
    from the sorted member event ids, so they are stable across reruns.
    ``sentences`` (optional) gives each story its ``notes`` sentence.

    It is a new story index in memory given every document at once, so an
    index kept up to date document by document gives the same table.
    """
    with StoryIndex(":memory:") as index:
        index.apply(documents_of(events, articles, sentences), ())
        return index.rows()
