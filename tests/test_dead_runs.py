"""A build killed mid-run is marked failed by the ``dead_runs`` sensor, not left STARTED."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg

from newsfacts.paths import Paths
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import SerialExecutor
from pipelines.reaper import PID_TAG, dead_runs
from tests.conftest import ROOT


def test_a_killed_run_is_marked_failed_and_frees_the_warehouse(
    temp_paths: Paths, tmp_path: Path
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(
        f"telemetry: {{enabled: false}}\nstorage: {{sqlite: {{base_dir: {home / 'storage'}}}}}\n"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fault_build",
            str(temp_paths.seeds_dir),
            str(temp_paths.warehouse_dir),
            "dagster_hang",
        ],
        cwd=ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == b"hanging"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.STARTED
        assert run.tags[PID_TAG] == str(process.pid)
        assert isinstance(dead_runs(dg.build_sensor_context(instance=instance)), dg.SkipReason)
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        result = dead_runs(dg.build_sensor_context(instance=instance))
        assert isinstance(result, dg.SkipReason) and run.run_id in str(result.skip_message)
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    start = time.monotonic()
    run_all(temp_paths, SerialExecutor())  # the lock died with the process
    assert time.monotonic() - start < 300
