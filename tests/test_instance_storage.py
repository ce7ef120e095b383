"""Dagster's SQLite storage commits without waiting for the disk in build processes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

import pipelines.definitions  # noqa: F401  (loading the code location applies the setting)
from pipelines.instance_storage import SYNC_VARIABLE, use_quick_commits

# SQLite's numbers for the ``synchronous`` settings.
OFF, FULL = 0, 2


@pytest.fixture
def seen_settings() -> Iterator[list[int]]:
    """The ``synchronous`` value of every SQLite connection opened through SQLAlchemy."""
    seen: list[int] = []

    def record(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            seen.append(dbapi_connection.execute("PRAGMA synchronous").fetchone()[0])

    event.listen(Engine, "connect", record)
    yield seen
    event.remove(Engine, "connect", record)


@pytest.fixture(autouse=True)
def default_setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(SYNC_VARIABLE, raising=False)
    use_quick_commits()
    yield
    monkeypatch.delenv(SYNC_VARIABLE, raising=False)
    use_quick_commits()


def _synchronous(path: Path) -> int:
    with create_engine(f"sqlite:///{path}").connect() as connection:
        return int(connection.execute(text("PRAGMA synchronous")).scalar_one())


def test_every_connection_of_a_real_dagster_run_skips_the_disk_wait(
    tmp_path: Path, seen_settings: list[int]
) -> None:
    @dg.asset
    def numbers() -> list[int]:
        return [1, 2, 3]

    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        assert dg.materialize([numbers], instance=instance).success
    assert seen_settings, "the run opened no SQLite connection through SQLAlchemy"
    assert set(seen_settings) == {OFF}


def test_the_stricter_sqlite_setting_can_be_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SYNC_VARIABLE, "full")
    use_quick_commits()
    assert _synchronous(tmp_path / "history.db") == FULL


def test_a_wrong_setting_is_refused_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SYNC_VARIABLE, "sometimes")
    with pytest.raises(ValueError, match=SYNC_VARIABLE):
        use_quick_commits()


def test_connections_outside_sqlalchemy_keep_sqlite_defaults(tmp_path: Path) -> None:
    """Our own SQLite indexes open their connections directly and are not changed."""
    connection = sqlite3.connect(tmp_path / "index.sqlite")
    try:
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == FULL
    finally:
        connection.close()
