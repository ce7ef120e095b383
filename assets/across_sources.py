"""Cross-source assets: story events and figure claims."""

from assets.factory import stage_asset
from newsfacts.source_stages import run_figure_claims, run_story_events

story_events = stage_asset(
    "story_clustering",
    {"story_events": "One row per real-world event, with the reports that describe it."},
    run_story_events,
    deps=["events", "articles"],
    group="across_sources",
    description="Cluster event mentions across documents into real-world events.",
)

figure_claims = stage_asset(
    "claim_grouping",
    {"figure_claims": "One row per reported quantity across documents: do sources agree?"},
    run_figure_claims,
    deps=["figures", "articles", "story_events"],
    group="across_sources",
    description="Group figures reporting the same quantity and flag disagreement.",
)
