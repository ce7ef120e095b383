"""``make build``: run the whole job once on the seeds and print a summary.

The run goes through the Dagster instance of ``DAGSTER_HOME`` (set by the
Makefile to the project root, which holds ``dagster.yaml``), so it shows up in
``dagster dev`` like any scheduled or sensor-triggered run. When nothing
changed since the published build (same seeds, same code and reference
data), no run is started: the summary of the published build is printed.
"""

from __future__ import annotations

import sys

from newsfacts.paths import Paths
from newsfacts.stages.declarations import PUBLISHED_TABLES
from newsfacts.stages.freshness import up_to_date

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _run() -> bool:
    """The Dagster job, in this process; False (with the failed checks printed) on failure."""
    import dagster as dg

    from pipelines.definitions import defs

    job = defs.resolve_job_def("build_warehouse")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=QUIET_LOGS
        )
    if result.success:
        return True
    failed = [
        f"{e.asset_check_key.asset_key.to_user_string()}: {e.description}"
        for e in result.get_asset_check_evaluations()
        if not e.passed
    ]
    print("Build FAILED; the published warehouse was left as it was.", file=sys.stderr)
    for line in failed:
        print(f"  failed check {line}", file=sys.stderr)
    return False


def main() -> int:
    paths = Paths.from_env()
    record = up_to_date(paths)
    if record is None:
        if not _run():
            return 1
        record = up_to_date(paths) or {}
        state = "built"
    else:
        state = "up to date (nothing changed since the last build)"
    counts = record.get("rows", {})
    print(f"Seeds:     {paths.seeds_dir}")
    print(f"Warehouse: {paths.warehouse_dir}  (Parquet datasets under tables/) — {state}")
    print(f"DuckDB:    {paths.duckdb_path}")
    width = max(len(t) for t in PUBLISHED_TABLES)
    for table in PUBLISHED_TABLES:
        print(f"  {table:<{width}}  {counts.get(table, 0):>6} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
