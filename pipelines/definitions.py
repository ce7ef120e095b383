"""The Dagster code location: ``dg dev`` and the command line load ``defs``."""

from __future__ import annotations

import dagster as dg

from assets.checks import DRIFT_TABLES, contract_checks, drift_check, failed_documents_check
from assets.seeds import seeds
from assets.stages import STAGE_ASSETS
from assets.warehouse import warehouse
from newsfacts.stages.declarations import PUBLISHED_TABLES
from pipelines.automation import build_warehouse, daily_build, seeds_sensor
from pipelines.reaper import dead_runs
from pipelines.resources import BuildResource, WarehouseConfig

ASSETS: list[dg.AssetsDefinition | dg.SourceAsset] = [seeds, *STAGE_ASSETS, warehouse]
CHECKS = [
    *(contract_checks(table) for table in PUBLISHED_TABLES),
    *(drift_check(table) for table in DRIFT_TABLES),
    failed_documents_check,
]


def resources(settings: WarehouseConfig) -> dict[str, object]:
    """The resources of a run over ``settings`` (tests use temp folders)."""
    return {"settings": settings, "warehouse_build": BuildResource(settings=settings)}


def make_definitions(settings: WarehouseConfig) -> dg.Definitions:
    """Definitions bound to one seeds/warehouse pair."""
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[build_warehouse],
        schedules=[daily_build],
        sensors=[seeds_sensor, dead_runs],
        resources=resources(settings),
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Folders from the NEWSFACTS_* variables, read whenever the code location loads."""
    return make_definitions(WarehouseConfig.from_env())
