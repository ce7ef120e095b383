"""Runs whose process died: marked failed, so queued runs are not blocked for good.

A build killed with SIGKILL (or a lost machine) leaves its Dagster run in
STARTED. With one run at a time (``dagster.yaml``), every later run of the
sensor or the schedule would then wait behind it forever, and the default
run launcher cannot tell a dead run worker from a live one. Every run
therefore tags itself with the process that executes it (host, pid and the
process's start time, so a reused pid is not mistaken for it), and the
``dead_runs`` sensor marks a STARTED run failed once that process is gone.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import dagster as dg

HOST_TAG = "newsfacts/host"
PID_TAG = "newsfacts/pid"
STARTED_TAG = "newsfacts/process_started"


def process_tags() -> dict[str, str]:
    """Tags naming the current process (see the module docstring)."""
    pid = os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), STARTED_TAG: _started(pid) or ""}


def _started(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def is_dead(run: dg.DagsterRun) -> bool:
    """Whether the process that ran ``run`` (on this host) no longer exists."""
    tags = run.tags
    if tags.get(HOST_TAG) != socket.gethostname() or not tags.get(PID_TAG):
        return False
    started = _started(int(tags[PID_TAG]))
    return started is None or started != tags.get(STARTED_TAG)


def reap(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every STARTED run whose process is dead; their ids."""
    reaped = []
    records = instance.get_run_records(dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
    for record in records:
        run = record.dagster_run
        if is_dead(run):
            instance.report_run_failed(
                run, f"the process that ran this build (pid {run.tags[PID_TAG]}) is gone"
            )
            reaped.append(run.run_id)
    return reaped


@dg.sensor(
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Marks failed the runs whose process died, so later runs are not blocked.",
)
def dead_runs(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    reaped = reap(context.instance)
    if reaped:
        return dg.SkipReason(f"marked {len(reaped)} dead run(s) failed: {', '.join(reaped)}")
    return dg.SkipReason("no dead runs")
