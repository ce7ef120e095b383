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

Opening those connections cost as much again: a new SQLAlchemy engine and
connection per event, about 8 ms each, 1.7 s of a one-article rebuild.
``dagster.yaml`` therefore names ``KeptOpenSqliteEventLogStorage``, Dagster's
SQLite event log with each database's connection kept open between writes.
Before storing each check evaluation and each asset event's tags it also asks
whether the index database has the table for them, through yet another new
connection (about 0.9 ms, a hundred times per build); it remembers a yes.

Dagster also reads its 180 migration scripts each time it opens a database, to
learn the newest schema revision, and then sets the database up unless a revision
is stamped in it: 15 ms for each of the three databases a build opens, plus the
set-up of the run's new database. Here a stamped database is used as it is, and
a run's database starts as a copy of an empty one Dagster set up once per Dagster
version (``.run-template-<version>.sqlite`` beside the runs' databases).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import ConfigurableClassData
from dagster.version import __version__ as dagster_version
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool, StaticPool

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


# Alembic's table of the schema revision stamped in a database.
REVISION_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
REVISION = "SELECT version_num FROM alembic_version"
# Databases whose connection stays open at once: a build writes to two (its run's and
# the index), while the web server reads the logs of many runs in turn.
KEPT_OPEN = 8


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one database per run, plus an index), keeping the
    connection of the most recently used databases open instead of one per event.

    Each use still runs under the storage's lock, so one connection per database
    serves every thread. Closing the last connection used to copy SQLite's
    write-ahead log into the database file, which is the file the UI watches to
    show a run's events as they come; a passive checkpoint after each use of a
    run's database does that copy now. Nothing watches the index database, which
    SQLite checkpoints by itself as its log grows.
    """

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._tables_found: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(  # type: ignore[override]
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, Any]
    ) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            if shard not in self._initialized_dbs and shard != INDEX_SHARD_NAME:
                self._start_from_template(shard)
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as connection:
                with connection.begin():
                    yield connection
                if shard != INDEX_SHARD_NAME:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def _initdb(self, engine: Engine, for_index_shard: bool = False) -> None:
        """Dagster's set-up of a database, unless a schema revision is stamped in it:
        Dagster then leaves it as it is too, after reading every migration script."""
        with engine.connect() as connection:
            stamped = (
                connection.exec_driver_sql(REVISION_TABLE).first() is not None
                and connection.exec_driver_sql(REVISION).first() is not None
            )
        if not stamped:
            super()._initdb(engine, for_index_shard)

    def _start_from_template(self, shard: str) -> None:
        """A copy of the empty database Dagster set up, for a run's database not yet on disk.

        Linked into place so that no reader sees it half copied; a database that appeared
        meanwhile (another process opened it) is left to Dagster's own set-up."""
        target = self.path_for_shard(shard)
        if os.path.exists(target):
            return
        copy = f"{target}.{os.getpid()}.new"
        shutil.copyfile(self._template(), copy)
        try:
            os.link(copy, target)
        except FileExistsError:
            pass
        finally:
            os.unlink(copy)

    def _template(self) -> str:
        """The empty run database of this Dagster version, set up by Dagster on first use."""
        template = os.path.join(self._base_dir, f".run-template-{dagster_version}.sqlite")
        if not os.path.exists(template):
            made = f"{template}.{os.getpid()}.new"
            engine = create_engine(f"sqlite:///{made}", poolclass=NullPool)
            try:
                super()._initdb(engine)
            finally:
                engine.dispose()  # closing the last connection moves SQLite's log into the file
            os.replace(made, template)
        return template

    def has_table(self, table_name: str) -> bool:
        """Whether the index database has ``table_name``; a yes is remembered, as
        Dagster adds tables (``dagster instance migrate``) and never drops them."""
        if table_name not in self._tables_found:
            if not super().has_table(table_name):
                return False
            self._tables_found.add(table_name)
        return True

    def _engine(self, shard: str) -> Engine:
        """The shard's engine (one connection, kept open), the least recently used closed
        when more than ``KEPT_OPEN`` are open."""
        engine = self._engines.pop(shard, None) or create_engine(
            self.conn_string_for_shard(shard),
            poolclass=StaticPool,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        self._engines[shard] = engine
        while len(self._engines) > KEPT_OPEN:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
        super().dispose()
