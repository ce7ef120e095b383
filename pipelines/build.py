"""``make build``: run the whole job once on the seeds and print a summary.

The run goes through the Dagster instance of ``DAGSTER_HOME`` (set by the
Makefile to the project root, which holds ``dagster.yaml``), so it shows up in
``dagster dev`` like any scheduled or sensor-triggered run.
"""

from __future__ import annotations

import sys

import dagster as dg

from newsfacts.stages.declarations import PUBLISHED_TABLES
from newsfacts.stages.publish import row_counts
from pipelines.definitions import defs
from pipelines.resources import WarehouseConfig

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def main() -> int:
    settings = WarehouseConfig.from_env()
    paths = settings.paths
    job = defs.resolve_job_def("build_warehouse")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=QUIET_LOGS
        )
    if not result.success:
        failed = [
            f"{e.asset_check_key.asset_key.to_user_string()}: {e.description}"
            for e in result.get_asset_check_evaluations()
            if not e.passed
        ]
        print("Build FAILED; the published warehouse was left as it was.", file=sys.stderr)
        for line in failed:
            print(f"  failed check {line}", file=sys.stderr)
        return 1
    counts = row_counts(paths.duckdb_path, PUBLISHED_TABLES)
    print(f"Seeds:     {paths.seeds_dir}")
    print(f"Warehouse: {paths.warehouse_dir}  (Parquet datasets under tables/)")
    print(f"DuckDB:    {paths.duckdb_path}")
    width = max(len(t) for t in counts)
    for table, n in counts.items():
        print(f"  {table:<{width}}  {n:>6} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
