"""The Dagster code location: ``dg dev`` and the command line load ``defs``."""

from __future__ import annotations

import dagster as dg

from assets.across_sources import figure_claims, story_events
from assets.checks import DRIFT_TABLES, contract_checks, drift_check
from assets.documents import documents
from assets.extraction import entities, events, figures, quotes
from assets.seeds import seeds
from assets.warehouse import warehouse
from newsfacts.stages import PUBLISHED_TABLES
from pipelines.automation import build_warehouse, daily_build, seeds_sensor
from pipelines.resources import WarehouseConfig

ASSETS: list[dg.AssetsDefinition | dg.SourceAsset] = [
    seeds,
    documents,
    entities,
    quotes,
    events,
    figures,
    story_events,
    figure_claims,
    warehouse,
]
CHECKS = [
    *(contract_checks(table) for table in PUBLISHED_TABLES),
    *(drift_check(table) for table in DRIFT_TABLES),
]


def make_definitions(settings: WarehouseConfig) -> dg.Definitions:
    """Definitions bound to one seeds/warehouse pair (tests use temp folders)."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[build_warehouse],
        schedules=[daily_build],
        sensors=[seeds_sensor],
        resources={"settings": settings},
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Folders from the NEWSFACTS_* variables, read whenever the code location loads."""
    return make_definitions(WarehouseConfig.from_env())
