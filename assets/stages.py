"""The stage assets, one per declaration, each calling its step of the run's build."""

from collections.abc import Callable

import dagster as dg

from assets.factory import stage_asset
from newsfacts.stages.build import Build, StageReport
from newsfacts.stages.declarations import ASSETS, stage_versions

STEPS: dict[str, Callable[[Build], StageReport]] = {
    "documents": Build.documents,
    "entity_resolution": Build.entities,
    "quote_extraction": Build.quotes,
    "event_extraction": Build.events,
    "figure_extraction": Build.figures,
    "story_clustering": Build.stories,
    "claim_grouping": Build.claims,
}


def _stage_assets() -> list[dg.AssetsDefinition]:
    versions = stage_versions()  # hashes every stage's files: once for all assets
    return [stage_asset(d, STEPS[d.name], versions) for d in ASSETS]


STAGE_ASSETS = _stage_assets()
