"""The Dagster code location: ``dagster dev`` and ``make build`` load ``defs``."""

from __future__ import annotations

import dagster as dg

from assets.checks import contract_check
from assets.stages import STAGE_ASSETS
from assets.warehouse import warehouse
from newsfacts.stages.declarations import PUBLISHED_TABLES
from pipelines.automation import build_warehouse, daily_build, seeds_sensor
from pipelines.resources import BuildResource, WarehouseConfig

ASSETS = [*STAGE_ASSETS, warehouse]
CHECKS = [contract_check(table) for table in PUBLISHED_TABLES]


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
        sensors=[seeds_sensor],
        resources=resources(settings),
    )


defs = make_definitions(WarehouseConfig.from_env())
