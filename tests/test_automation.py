"""The seeds sensor as Dagster's daemon runs it.

The sensor ticks through the daemon's own iteration (run-key deduplication,
cursor, run submission) against an in-process code location; the submitted runs
execute synchronously, so the warehouse can be checked after every tick.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
from dagster._core.remote_origin import InProcessCodeLocationOrigin
from dagster._core.test_utils import create_test_daemon_workspace_context, freeze_time
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._core.workspace.load_target import InProcessWorkspaceLoadTarget
from dagster._daemon.sensor import execute_sensor_iteration

from newsfacts.build_record import last_build
from newsfacts.paths import Paths
from newsfacts.seed_watch import FolderState, folder_fingerprint, folder_state
from pipelines.build import build
from pipelines.resources import WarehouseConfig
from tests.conftest import ROOT

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
TICK = datetime.timedelta(seconds=31)  # just over the sensor's minimum interval


class Daemon:
    """The sensor daemon's iteration on a frozen clock that advances one interval per tick."""

    def __init__(self, workspace: WorkspaceProcessContext, instance: dg.DagsterInstance) -> None:
        self.workspace = workspace
        self.instance = instance
        self.now = START

    def tick(self) -> list[dg.DagsterRun]:
        """One sensor evaluation; returns the runs it launched (already finished)."""
        before = {run.run_id for run in self.instance.get_runs()}
        self.now += TICK
        with freeze_time(self.now):
            logger = logging.getLogger("sensor-daemon-test")
            list(execute_sensor_iteration(self.workspace, logger, None, None))
        return [run for run in self.instance.get_runs() if run.run_id not in before]


@contextmanager
def daemon(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> Iterator[Daemon]:
    monkeypatch.setenv("NEWSFACTS_SEEDS_DIR", str(paths.seeds_dir))
    monkeypatch.setenv("NEWSFACTS_WAREHOUSE_DIR", str(paths.warehouse_dir))
    origin = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(
            module_name="pipelines.definitions", attribute="defs", working_directory=str(ROOT)
        ),
        location_name="newsfacts",
    )
    with (
        dg.instance_for_test(
            synchronous_run_coordinator=True, synchronous_run_launcher=True
        ) as inst,
        create_test_daemon_workspace_context(InProcessWorkspaceLoadTarget(origin), inst) as ws,
    ):
        yield Daemon(ws, inst)


def _published_sources(paths: Paths) -> set[str]:
    return set(pl.read_parquet(paths.published("articles") / "*.parquet")["source_path"])


def _one_successful_run(runs: list[dg.DagsterRun]) -> None:
    assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS]


def test_add_remove_re_add_each_rebuild_the_warehouse(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = temp_paths.seeds_dir
    article = sorted(seeds.glob("*.txt"))[0]
    kept = tmp_path / article.name
    shutil.move(article, kept)
    with daemon(temp_paths, monkeypatch) as sensor_daemon:
        _one_successful_run(sensor_daemon.tick())
        assert article.name not in _published_sources(temp_paths)
        assert sensor_daemon.tick() == []  # nothing changed

        shutil.copy2(kept, article)  # add
        _one_successful_run(sensor_daemon.tick())
        assert article.name in _published_sources(temp_paths)
        with_article = folder_fingerprint(seeds)

        article.unlink()  # remove: back to a folder state built before
        _one_successful_run(sensor_daemon.tick())
        assert article.name not in _published_sources(temp_paths)

        shutil.copy2(kept, article)  # re-add, same bytes and times: a state seen before
        assert folder_fingerprint(seeds) == with_article
        _one_successful_run(sensor_daemon.tick())
        assert article.name in _published_sources(temp_paths)
        assert last_build(temp_paths) == with_article
        assert sensor_daemon.tick() == []


def test_first_tick_after_a_command_line_build_builds_nothing(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    settings = WarehouseConfig(
        seeds_dir=str(temp_paths.seeds_dir), warehouse_dir=str(temp_paths.warehouse_dir)
    )
    assert build(settings.seeds_dir, settings.warehouse_dir).success
    assert last_build(temp_paths) == folder_fingerprint(temp_paths.seeds_dir)
    with daemon(temp_paths, monkeypatch) as sensor_daemon:
        assert sensor_daemon.tick() == []


def test_a_failed_build_is_not_retried_until_the_folder_changes(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(tmp_path / "no_reference_data"))
    with daemon(temp_paths, monkeypatch) as sensor_daemon:
        assert [r.status for r in sensor_daemon.tick()] == [dg.DagsterRunStatus.FAILURE]
        assert sensor_daemon.tick() == []
        assert last_build(temp_paths) is None
        monkeypatch.delenv("NEWSFACTS_REFERENCE_DIR")
        assert sensor_daemon.tick() == []  # fixing the cause alone starts nothing...
        (temp_paths.seeds_dir / "new.txt").write_text("Title\n\nA short body line.\n")
        _one_successful_run(sensor_daemon.tick())  # ...a change of the folder does


def test_one_listing_gives_the_fingerprint_and_the_newest_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "later").mkdir(parents=True)
    for name, when in (("a.txt", 1_700_000_000), ("later/b.html", 1_700_000_500)):
        (seeds / name).write_text("Council meets on Monday.", encoding="utf-8")
        os.utime(seeds / name, (when, when))
    (seeds / ".hidden.txt").write_text("not an input", encoding="utf-8")
    state = folder_state(seeds)
    assert state.newest == ("later/b.html", 1_700_000_500.0)
    assert state.fingerprint == folder_fingerprint(seeds)
    assert folder_state(tmp_path / "missing") == FolderState(
        folder_fingerprint(tmp_path / "x"), None
    )
