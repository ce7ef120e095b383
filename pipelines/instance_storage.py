"""How Dagster's local SQLite storage writes in the processes that run builds.

Dagster's SQLite storages open a new connection for every event they store
and close it afterwards. In WAL mode, each commit and each close of the last
connection (which checkpoints the log into the database) waits for the disk
to confirm the write: a build writes some 200 events through about 1,100
connections, which took 4 to 10 s of a one-article rebuild in waiting alone.

The processes that execute our runs therefore set ``PRAGMA synchronous=OFF``
on Dagster's SQLite connections: SQLite still writes everything, in order,
and a crashed or killed process loses nothing; only an operating-system crash
or a power cut during a run can damage the run history under the instance's
storage folder (``data/.dagster``), which is then deleted to start a new one.
The warehouse is not stored there and is published on its own terms.
``NEWSFACTS_DAGSTER_SYNC`` names another SQLite setting (``NORMAL``, ``FULL``)
for a team that wants the stricter behaviour at that cost.
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

SYNC_VARIABLE = "NEWSFACTS_DAGSTER_SYNC"
SYNC_MODES = ("OFF", "NORMAL", "FULL", "EXTRA")
DEFAULT_SYNC = "OFF"


def sync_mode() -> str:
    """The SQLite ``synchronous`` setting asked for, refusing a value SQLite would not take."""
    mode = os.environ.get(SYNC_VARIABLE, DEFAULT_SYNC).strip().upper()
    if mode not in SYNC_MODES:
        raise ValueError(f"{SYNC_VARIABLE} must be one of {', '.join(SYNC_MODES)}, not {mode!r}")
    return mode


_mode = DEFAULT_SYNC


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"PRAGMA synchronous={_mode}")


def use_quick_commits() -> None:
    """Apply the setting to every SQLite connection SQLAlchemy opens in this process.

    Registered on the ``Engine`` class, which is how SQLAlchemy documents
    connection pragmas for engines created elsewhere; calling it again only
    re-reads the setting. A wrong value is refused here, before Dagster opens
    its storage."""
    global _mode
    _mode = sync_mode()
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
