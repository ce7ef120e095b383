"""Reruns: a daily schedule and a sensor on the seeds folder."""

import dagster as dg

from assets.seeds import seeds_observation
from newsfacts.build_record import last_build
from newsfacts.seed_watch import folder_state
from pipelines.resources import WarehouseConfig

# Run tag holding the seeds-folder fingerprint a run was started for; the
# warehouse asset records it as what the published tables were built from.
SEEDS_TAG = "newsfacts/seeds_fingerprint"
UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]

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


def _unfinished_build_of(instance: dg.DagsterInstance, fingerprint: str) -> bool:
    """Is a build of this folder state queued or running (from any launcher)?"""
    runs = instance.get_runs(
        filters=dg.RunsFilter(tags={SEEDS_TAG: fingerprint}, statuses=UNFINISHED), limit=1
    )
    return bool(runs)


@dg.sensor(
    job=build_warehouse,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts a build when the seeds folder differs from what the warehouse was last built "
        "from (a file added, changed or removed). The cursor is the last folder state handled."
    ),
)
def seeds_sensor(context: dg.SensorEvaluationContext, settings: WarehouseConfig) -> dg.SensorResult:
    """Compares the folder with the build record, never with past run keys.

    Dagster never reuses a run key, and a folder returns to a state it had
    before whenever an edit is reverted or a file removed and put back, so the
    requests carry no run key; the build record and the runs still unfinished
    are what prevent duplicate builds. A state whose build failed is not
    retried until the folder changes again (the daily schedule retries it).
    Each new folder state is also recorded as an observation of ``seeds``.
    """
    paths = settings.paths
    state = folder_state(paths.seeds_dir)
    fingerprint = state.fingerprint
    changed = fingerprint != context.cursor
    observed = [seeds_observation(paths, state)] if changed else []
    skip = None
    if fingerprint == last_build(paths):
        skip = "the warehouse is built from this folder state"
    elif not changed:
        skip = "a build of this folder state was already requested (see Runs)"
    elif _unfinished_build_of(context.instance, fingerprint):
        skip = "a build of this folder state is queued or running"
    requests = [] if skip else [dg.RunRequest(tags={SEEDS_TAG: fingerprint})]
    return dg.SensorResult(
        run_requests=requests, skip_reason=skip, cursor=fingerprint, asset_events=observed
    )
