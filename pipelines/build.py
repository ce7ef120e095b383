"""One build of the whole job, as ``make build`` and ``newsfacts build`` run it.

The run goes through the Dagster instance of ``DAGSTER_HOME`` (the project
root, which holds ``dagster.yaml``, unless set otherwise), so it shows up in
the Dagster UI like any scheduled or sensor-triggered run. When nothing
changed since the published build (same seeds, same code and reference
data: ``newsfacts.stages.freshness``), no run is started and Dagster is not
even loaded: the published build's counts are reported.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from newsfacts.paths import Paths
from newsfacts.reference import PROJECT_ROOT
from newsfacts.seed_listing import Listing, list_folder
from newsfacts.stages.declarations import PUBLISHED_TABLES
from newsfacts.stages.executor import (
    SERIAL_BELOW,
    load_map_modules,
    start_local_workers,
    stop_local_workers,
)
from newsfacts.stages.freshness import (
    listed_for_build,
    published_build,
    read_scan_cache,
    up_to_date,
)

if TYPE_CHECKING:
    import dagster as dg
    from dagster._utils.error import SerializableErrorInfo

# Installed for the tests, loaded by Pandera to synthesise data, which a build never
# does: a tenth of a second of every command-line build (``hide_unused_modules``).
UNUSED_BY_BUILDS = ("hypothesis",)
QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass
class BuildOutcome:
    """What a build did: success, the failures to show, and rows per published table."""

    success: bool
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    up_to_date: bool = False


@contextmanager
def project_instance() -> Iterator[dg.DagsterInstance]:
    """The instance ``dg dev`` shows: ``DAGSTER_HOME``, by default the project root.

    Dagster takes the relative storage paths of ``dagster.yaml`` from the working
    directory, so the build runs from that folder, wherever it was started.
    """
    import dagster as dg

    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT))
    previous = os.getcwd()
    os.chdir(home)
    try:
        with dg.DagsterInstance.get() as instance:
            yield instance
    finally:
        os.chdir(previous)


def _failures(result: dg.ExecuteInProcessResult) -> list[str]:
    """Failed checks, then steps that failed for another reason (an exception)."""
    import dagster as dg

    checks = [
        f"failed check {e.asset_key.to_user_string()}/{e.check_name}: {e.description or ''}"
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    ]
    errors = [
        (event.step_key, event.step_failure_data.error)
        for event in result.all_events
        if event.is_step_failure
    ]
    steps = [
        f"failed step {step}: {_reason(error)}"
        for step, error in errors
        if error is not None and error.cls_name != "DagsterAssetCheckFailedError"
    ]
    if checks or steps:
        return checks + steps
    # No step ran or failed: the run failed around them (the build's resource could
    # not open the warehouse: another build holds it, the seeds folder is gone).
    run_errors = [
        event.job_failure_data.error
        for event in result.all_events
        if event.is_job_failure and event.job_failure_data is not None
    ]
    return [f"the run failed: {_reason(error)}" for error in run_errors if error is not None]


def _reason(error: SerializableErrorInfo) -> str:
    """The message of the first error of the chain raised by our code, not Dagster's wrapper
    around it ("Error executing resource_fn ...")."""
    chain = [error]
    while chain[-1].cause is not None:
        chain.append(chain[-1].cause)
    ours = next((e for e in chain if not (e.cls_name or "").startswith("Dagster")), chain[0])
    prefix, _, text = ours.message.partition(": ")
    return (
        text.strip() if ours.cls_name and prefix.endswith(ours.cls_name) else ours.message.strip()
    )


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Allocate with Python's cyclic garbage collector paused, then freeze what was made.

    For what lives as long as the build: the seeds listing and scan (20,000 entries
    and files at a time, a tenth of a second of collections), then Dagster, Polars,
    Pandera and our modules. While those load, the collector runs again and again
    over a heap that only grows, each full pass walking every object loaded so
    far: half a second of a two-second start. Frozen (``gc.freeze``), these objects
    are also left out of the collections the run itself triggers. The frozen ones
    that hold reference cycles are never freed, which only suits a process that
    ends after its build with ``exit_now``: Python's own shutdown would report
    extension objects among them as leaked.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def hide_unused_modules() -> None:
    """Make ``UNUSED_BY_BUILDS`` look not installed to this process, as a ``None`` in
    ``sys.modules`` does (libraries that use them when present go without). Only for a
    process that ends after its build: a test run in it would find them gone."""
    for name in UNUSED_BY_BUILDS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def _many_new_files(paths: Paths, listing: Listing) -> bool:
    """Whether the build will read enough new or edited files to run its map on worker
    processes, judged from the last scan (files whose size or time it does not hold)."""
    known = read_scan_cache(paths)
    new = sum(
        1
        for entry in listing.entries
        if entry.is_file and known.get(entry.path, (None, None))[:2] != (entry.size, entry.mtime_ns)
    )
    return new >= SERIAL_BELOW


def _load_what_every_build_loads() -> None:
    """Modules a run loads on first use anyway: Pandera's polars backends at the first
    validation, the per-document stages when the run checks its caches. Loaded with the
    others, they load under ``frozen_heap`` too."""
    import polars as pl
    from pandera.api.polars.container import DataFrameSchema

    DataFrameSchema.get_backend(check_type=pl.LazyFrame)
    load_map_modules()


def build(
    seeds_dir: str | Path, warehouse_dir: str | Path, *, ends_process: bool = False
) -> BuildOutcome:
    """Run ``build_warehouse`` once unless nothing changed; a failed check leaves the
    published warehouse as it was.

    Invalid reference data is reported before Dagster is loaded (the run's
    ``Build`` would refuse it too, but the user waits less and reads the
    problems without a run's failure events around them). ``ends_process``: the
    caller ends the process with ``exit_now`` after this build, so its seeds listing
    and scan are made and its modules loaded with ``frozen_heap``, modules only the
    tests use stay unloaded (``hide_unused_modules``), and when many
    files are new the map's workers start first, loading their own modules while
    this process loads Dagster.
    """
    paths = Paths.of(seeds_dir, warehouse_dir)
    loading = frozen_heap if ends_process else nullcontext
    if ends_process:
        hide_unused_modules()
    with loading():
        listing = list_folder(paths.seeds_dir)
        record = up_to_date(paths, listing)
    if record is not None:
        return BuildOutcome(True, counts=_rows(record), up_to_date=True)
    if ends_process and _many_new_files(paths, listing):
        start_local_workers()
    with loading():
        from newsfacts.reference_check import ReferenceDataError, check_reference
    try:
        check_reference()
    except ReferenceDataError as error:
        return BuildOutcome(False, str(error).splitlines())
    with loading():
        from assets.seeds import seeds_observation
        from newsfacts.seed_watch import folder_state
        from pipelines.automation import SEEDS_TAG
        from pipelines.definitions import make_definitions
        from pipelines.resources import WarehouseConfig

        _load_what_every_build_loads()

    settings = WarehouseConfig(
        seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir)
    )
    job = make_definitions(settings).resolve_job_def("build_warehouse")
    state = folder_state(paths.seeds_dir, listing)
    tags = {SEEDS_TAG: state.fingerprint}
    with project_instance() as instance, listed_for_build(paths, listing):
        instance.report_runless_asset_event(seeds_observation(paths, state))
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=QUIET_LOGS, tags=tags
        )
    if not result.success:
        return BuildOutcome(False, _failures(result))
    return BuildOutcome(True, counts=_rows(published_build(paths)))


def _rows(record: dict[str, Any]) -> dict[str, int]:
    """Rows per table of the version ``record`` describes: what its parts hold, which
    publishing checked against its DuckDB file (``publish.build_duckdb``)."""
    return {table: int(record["rows"].get(table, 0)) for table in PUBLISHED_TABLES}


def summary(paths: Paths, outcome: BuildOutcome) -> list[str]:
    """Where the files are and how many rows each table has."""
    counts = outcome.counts
    width = max(len(t) for t in counts)
    state = "  (up to date: nothing changed since the last build)" if outcome.up_to_date else ""
    return [
        f"Seeds:     {paths.seeds_dir}{state}",
        f"Warehouse: {paths.warehouse_dir}  (Parquet datasets under tables/)",
        f"DuckDB:    {paths.duckdb_path}",
        *(f"  {table:<{width}}  {n:>6} rows" for table, n in counts.items()),
    ]


def exit_now(code: int) -> NoReturn:
    """End a command-line build without Python's own shutdown.

    Tearing down the modules a Dagster run loads took about a second of wall and
    processor time after every build, a sixth of a one-article rebuild. Everything a
    build writes is closed by then (the run's resources, the instance, the DuckDB
    file); what Python's shutdown would still do is done here: workers started ahead
    that no build took and the chart drawing process are stopped, logs and output
    are flushed.
    """
    from newsfacts.chart_images import stop_drawing

    stop_local_workers()
    stop_drawing()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main() -> int:
    paths = Paths.from_env()
    outcome = build(paths.seeds_dir, paths.warehouse_dir, ends_process=True)
    if not outcome.success:
        print("Build FAILED; the published warehouse was left as it was.", file=sys.stderr)
        for line in outcome.failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("\n".join(summary(paths, outcome)))
    return 0


if __name__ == "__main__":
    exit_now(main())
