"""Reruns: a daily schedule and a sensor on the seeds folder."""

import dagster as dg

from newsfacts.seed_watch import folder_fingerprint
from pipelines.resources import WarehouseConfig

build_warehouse = dg.define_asset_job(
    "build_warehouse",
    selection=dg.AssetSelection.all(),
    description="Process new or changed seeds, validate every table, publish the warehouse.",
    executor_def=dg.in_process_executor,
)

daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job=build_warehouse,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Daily rerun; unchanged seeds are served from the per-document cache.",
)


@dg.sensor(
    job=build_warehouse,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a build when a seed file is added, changed or removed.",
)
def seeds_sensor(
    context: dg.SensorEvaluationContext, settings: WarehouseConfig
) -> dg.SensorResult | dg.SkipReason:
    fingerprint = folder_fingerprint(settings.paths.seeds_dir)
    if fingerprint == context.cursor:
        return dg.SkipReason("seeds folder unchanged")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=fingerprint)],
        cursor=fingerprint,
    )
