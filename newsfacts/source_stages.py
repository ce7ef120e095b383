"""Cross-source stages: one real-world event or quantity, many reports."""

from __future__ import annotations

from newsfacts.claims import group_figure_claims
from newsfacts.extraction_stages import contract_order, stage_tables
from newsfacts.paths import Paths
from newsfacts.stages import StageReport, read_staged
from newsfacts.stories import cluster_story_events


def run_story_events(paths: Paths) -> StageReport:
    """Cluster the staged event mentions of all documents into story events."""
    stories = cluster_story_events(
        read_staged(paths, "events"),
        read_staged(paths, "articles"),
        read_staged(paths, "sentences"),
    )
    return StageReport(
        rows=stage_tables(paths, {"story_events": contract_order("story_events", stories)})
    )


def run_figure_claims(paths: Paths) -> StageReport:
    """Group the staged figures of all documents into claims, flagging disagreement.

    Story events let claims about one real event merge even when outlets word
    its place differently.
    """
    claims = group_figure_claims(
        read_staged(paths, "figures"),
        read_staged(paths, "articles"),
        read_staged(paths, "story_events"),
    )
    return StageReport(
        rows=stage_tables(paths, {"figure_claims": contract_order("figure_claims", claims)})
    )
