"""The Dagster code location: ``dg dev`` and the command line load ``defs``."""

from __future__ import annotations

import dagster as dg

from assets.seeds import seeds
from assets.stages import STAGE_ASSETS
from assets.warehouse import warehouse
from pipelines.automation import build_warehouse, daily_build, seeds_sensor
from pipelines.instance_storage import use_quick_commits
from pipelines.reaper import dead_runs
from pipelines.resources import BuildResource, WarehouseConfig

# Runs execute in the processes that load this module: their event writes.
use_quick_commits()

ASSETS: list[dg.AssetsDefinition | dg.SourceAsset] = [seeds, *STAGE_ASSETS, warehouse]


def resources(settings: WarehouseConfig) -> dict[str, object]:
    """The resources of a run over ``settings`` (tests use temp folders)."""
    return {"settings": settings, "warehouse_build": BuildResource(settings=settings)}


def make_definitions(settings: WarehouseConfig) -> dg.Definitions:
    """Definitions bound to one seeds/warehouse pair."""
    return dg.Definitions(
        assets=ASSETS,
        jobs=[build_warehouse],
        schedules=[daily_build],
        sensors=[seeds_sensor, dead_runs],
        resources=resources(settings),
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Folders from the NEWSFACTS_* variables, read whenever the code location loads."""
    return make_definitions(WarehouseConfig.from_env())
