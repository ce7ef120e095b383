"""A build that dies at a chosen point, run as its own process by ``tests/test_faults.py``.

``python -m tests.fault_build <seeds> <warehouse> <point>`` runs ``run_all`` and
kills its own process (``os._exit``, no cleanup, like SIGKILL) when the build
reaches ``point``:

- ``extraction``: after the first batch of the document map finished;
- ``parts``: after three parts of the new version were written;
- ``duckdb``: after the new version's DuckDB file was written, before the switch;
- ``switch``: right after ``current`` was switched, before old versions are removed;
- ``hold``: not a kill: hold the warehouse lock for the seconds in ``NEWSFACTS_HOLD``;
- ``dagster_hang``: run the Dagster job (instance of ``DAGSTER_HOME``) and hang in
  entity resolution, to be killed from outside.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newsfacts.paths import Paths
from newsfacts.stages import build, publish
from newsfacts.stages.executor import SerialExecutor


def start_fault_build(paths: Paths, point: str, **env: str) -> subprocess.Popen[bytes]:
    """This module run in a process of its own, dying at ``point``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fault_build",
            str(paths.seeds_dir),
            str(paths.warehouse_dir),
            point,
        ],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _die_after(module: Any, name: str, calls: int) -> None:
    real = getattr(module, name)
    seen = {"n": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        seen["n"] += 1
        if seen["n"] >= calls:
            os._exit(9)
        return result

    setattr(module, name, wrapper)


def main(seeds: str, warehouse: str, point: str) -> int:
    if point == "extraction":
        _die_after(build, "run_batch", 1)
    elif point == "parts":
        _die_after(publish.Staging, "write_part", 3)
    elif point == "duckdb":
        _die_after(publish, "build_duckdb", 1)
    elif point == "switch":
        _die_after(publish, "_switch", 1)
    paths = Paths.of(seeds, warehouse)
    if point == "dagster_hang":
        return _hang_in_dagster(paths)
    if point == "hold":
        with build.Build(paths, SerialExecutor()) as held:
            held.documents()
            time.sleep(float(os.environ.get("NEWSFACTS_HOLD", "5")))
        return 0
    build.run_all(paths, SerialExecutor())
    return 0


def _hang_in_dagster(paths: Paths) -> int:
    import dagster as dg

    from newsfacts.stages.cross_document import entities
    from pipelines.definitions import make_definitions
    from pipelines.resources import WarehouseConfig

    def hang(*args: Any) -> None:
        print("hanging", flush=True)
        time.sleep(3600)

    entities.update = hang
    settings = WarehouseConfig(
        seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir)
    )
    job = make_definitions(settings).resolve_job_def("build_warehouse")
    with dg.DagsterInstance.get() as instance:
        job.execute_in_process(instance=instance)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
