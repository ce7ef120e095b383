"""The stage assets, one per declaration, each calling its step of the run's build."""

from collections.abc import Callable

from assets.factory import stage_asset
from newsfacts.stages.build import Build, StageReport
from newsfacts.stages.declarations import ASSETS

STEPS: dict[str, Callable[[Build], StageReport]] = {
    "documents": Build.documents,
    "entity_resolution": Build.entities,
    "quote_extraction": Build.quotes,
    "event_extraction": Build.events,
    "figure_extraction": Build.figures,
    "story_clustering": Build.stories,
    "claim_grouping": Build.claims,
}

STAGE_ASSETS = [stage_asset(declaration, STEPS[declaration.name]) for declaration in ASSETS]
