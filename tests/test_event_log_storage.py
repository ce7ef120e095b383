"""The project's Dagster event log: connections kept open, live watching still works."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy.engine import Engine

from pipelines.instance_storage import KEPT_OPEN, KeptOpenSqliteEventLogStorage
from tests.conftest import ROOT


def _entry(run_id: str, message: str) -> dg.EventLogEntry:
    return dg.EventLogEntry(
        error_info=None,
        level=logging.INFO,
        user_message=message,
        run_id=run_id,
        timestamp=time.time(),
    )


def _open_databases(folder: Path) -> int:
    """Files of ``folder`` this process holds open (SQLite's -wal and -shm files too)."""
    held = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        held += target.startswith(str(folder)) and target.endswith(".db")
    return held


def test_the_project_instance_uses_it_and_a_run_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(ROOT / "dagster.yaml", tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # the storage paths of dagster.yaml are relative

    @dg.asset
    def numbers() -> list[int]:
        return [1, 2, 3]

    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, KeptOpenSqliteEventLogStorage)
        result = dg.materialize([numbers], instance=instance)
        assert result.success
        stored = instance.all_logs(result.run_id)
        assert any(e.is_dagster_event and e.dagster_event.is_step_success for e in stored)
        assert instance.get_latest_materialization_event(dg.AssetKey("numbers")) is not None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_only_the_latest_databases_stay_open(tmp_path: Path) -> None:
    storage = KeptOpenSqliteEventLogStorage(str(tmp_path))
    try:
        for n in range(3 * KEPT_OPEN):
            storage.store_event(_entry(f"run-{n}", "hello"))
        assert 0 < _open_databases(tmp_path) <= KEPT_OPEN
        assert [e.user_message for e in storage.get_logs_for_run("run-0")] == ["hello"]
    finally:
        storage.dispose()
    assert _open_databases(tmp_path) == 0


def test_a_watcher_in_another_process_sees_events_as_they_are_written(tmp_path: Path) -> None:
    """The UI follows a run by watching its database file; events written through a kept
    open connection must reach that file, not stay in SQLite's write-ahead log."""
    writer = KeptOpenSqliteEventLogStorage(str(tmp_path))
    reader = KeptOpenSqliteEventLogStorage(str(tmp_path))
    seen: list[str] = []
    try:
        writer.store_event(_entry("live", "first"))
        reader.watch("live", None, lambda entry, _cursor: seen.append(entry.user_message))
        time.sleep(0.5)  # the watcher starts on its own thread
        writer.store_event(_entry("live", "second"))
        writer.store_event(_entry("live", "third"))
        deadline = time.monotonic() + 15
        while "third" not in seen and time.monotonic() < deadline:
            time.sleep(0.1)
        assert seen[-2:] == ["second", "third"]
    finally:
        writer.dispose()
        reader.dispose()


def test_a_table_found_in_the_index_is_not_looked_for_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = KeptOpenSqliteEventLogStorage(str(tmp_path))
    looked_for: list[str] = []
    look = SqliteEventLogStorage.has_table

    def counted(self: SqliteEventLogStorage, table_name: str) -> bool:
        looked_for.append(table_name)
        return look(self, table_name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counted)
    try:
        assert storage.has_table("asset_check_executions")
        assert storage.has_table("asset_check_executions")
        assert not storage.has_table("no_such_table")
        assert not storage.has_table("no_such_table")
        assert storage.supports_asset_checks
    finally:
        storage.dispose()
    assert looked_for == ["asset_check_executions", "no_such_table", "no_such_table"]


def _schema(database: Path) -> tuple[list[tuple[str, str, str]], list[tuple[str]], str]:
    with closing(sqlite3.connect(database)) as connection:
        tables = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    return tables, revision, journal


def test_a_runs_database_starts_as_dagster_would_set_it_up(tmp_path: Path) -> None:
    ours = KeptOpenSqliteEventLogStorage(str(tmp_path / "ours"))
    dagsters = SqliteEventLogStorage(str(tmp_path / "dagster"))
    try:
        for storage in (ours, dagsters):
            storage.store_event(_entry("first-run", "hello"))
        assert [e.user_message for e in ours.get_logs_for_run("first-run")] == ["hello"]
        assert ours.get_all_run_ids() == ["first-run"]  # the template is no run
    finally:
        ours.dispose()
        dagsters.dispose()
    made = _schema(tmp_path / "ours" / "first-run.db")
    assert made == _schema(tmp_path / "dagster" / "first-run.db")
    assert made[1] and made[2] == "wal"
    assert len(list((tmp_path / "ours").glob(".run-template-*.sqlite"))) == 1
    assert not list((tmp_path / "ours").glob("*.new"))


def test_databases_set_up_once_are_not_set_up_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dagster's set-up reads every migration script: once for the index, once for the
    template, then never for a run's new database or for one already on disk."""
    set_up: list[str] = []
    set_up_by_dagster = SqliteEventLogStorage._initdb

    def counted(self: SqliteEventLogStorage, engine: Engine, for_index_shard: bool = False) -> None:
        set_up.append(Path(engine.url.database or "").name)
        set_up_by_dagster(self, engine, for_index_shard)

    monkeypatch.setattr(SqliteEventLogStorage, "_initdb", counted)
    storage = KeptOpenSqliteEventLogStorage(str(tmp_path))
    try:
        for run in ("one", "two", "three"):
            storage.store_event(_entry(run, "hello"))
    finally:
        storage.dispose()
    again = KeptOpenSqliteEventLogStorage(str(tmp_path))
    try:
        again.store_event(_entry("one", "again"))
        assert [e.user_message for e in again.get_logs_for_run("one")] == ["hello", "again"]
    finally:
        again.dispose()
    kinds = ["template" if name.startswith(".run-template-") else name for name in set_up]
    assert kinds == ["index.db", "template"]
