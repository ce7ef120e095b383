"""Every stage in dependency order, for scripts and tests that run without Dagster."""

from __future__ import annotations

from collections.abc import Callable

from newsfacts.extraction_stages import run_entities, run_events, run_figures, run_quotes
from newsfacts.paths import Paths
from newsfacts.source_stages import run_figure_claims, run_story_events
from newsfacts.stages import StageReport, run_documents

STAGES: tuple[tuple[str, Callable[[Paths], StageReport]], ...] = (
    ("documents", run_documents),
    ("entities", run_entities),
    ("quotes", run_quotes),
    ("events", run_events),
    ("figures", run_figures),
    ("story_events", run_story_events),
    ("figure_claims", run_figure_claims),
)


def run_all(paths: Paths) -> dict[str, StageReport]:
    """Stage every table (nothing is validated or published)."""
    return {name: run(paths) for name, run in STAGES}
