"""Publishing: one lock, one staging version per run, one atomic switch.

The warehouse folder holds immutable versions::

    warehouse/
      current -> versions/v000042          the published version (a relative symlink)
      newsfacts.duckdb -> current/newsfacts.duckdb
      tables -> current/tables              Parquet datasets, one folder per table
      versions/v000042/
        tables/<table>/<part>.parquet
        newsfacts.duckdb                    every table inside, plus views
        build.json                          what this version was built from
      _store/                               per-document caches and cross-document indexes
      .lock

A run takes the warehouse lock (a second run waits, then gives up with a
clear message), builds a complete new version in its own staging folder —
parts that did not change are hard links to the previous version's files,
and the DuckDB file starts as a copy of the previous one — and publishes it
by replacing the ``current`` symlink, a single atomic rename. Readers of the
old version keep reading consistent files; a crash at any moment leaves the
previous version published; a stray DuckDB WAL or a reader of an old file
cannot block the next build, because no published file is ever written again.
The symlinks are relative, so the warehouse folder can be copied or moved.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from filelock import FileLock, Timeout

from newsfacts.paths import Paths
from newsfacts.schemas import DEPRECATED_ALIASES, TABLES, frame
from newsfacts.stages.freshness import BUILD_FILE, current_version, read_build

STORAGE_COMPATIBILITY = "v1.5.0"
DUCKDB_FILE = "newsfacts.duckdb"
LOCK_TIMEOUT_ENV = "NEWSFACTS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 600.0
# Published versions kept besides the current one, for readers still holding them.
KEEP_PREVIOUS = 1
DATA_SCHEMA = "data"


class WarehouseBusyError(RuntimeError):
    """Another build holds the warehouse lock."""


def lock(paths: Paths, timeout: float | None = None) -> FileLock:
    """The warehouse lock, acquired (waiting up to ``NEWSFACTS_LOCK_TIMEOUT`` seconds)."""
    paths.warehouse_dir.mkdir(parents=True, exist_ok=True)
    wait = (
        float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
        if timeout is None
        else timeout
    )
    held = FileLock(str(paths.warehouse_dir / ".lock"))
    try:
        held.acquire(timeout=wait)
    except Timeout as error:
        raise WarehouseBusyError(
            f"another build is using {paths.warehouse_dir} (lock {held.lock_file}); "
            f"waited {wait:.0f} s. Run again when it has finished."
        ) from error
    return held


@dataclass
class Staging:
    """The version a run is building, complete at every moment (see module docstring)."""

    paths: Paths
    folder: Path
    previous: Path | None
    parts: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    changed: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def create(cls, paths: Paths, run_id: str) -> Staging:
        versions = paths.warehouse_dir / "versions"
        _remove_stale(versions)
        folder = versions / f".staging-{run_id}"
        previous = current_version(paths)
        tables = folder / "tables"
        tables.mkdir(parents=True)
        parts: dict[str, dict[str, dict[str, Any]]] = {}
        if previous is not None:
            parts = read_build(previous).get("parts", {})
            for table, table_parts in parts.items():
                (tables / table).mkdir(exist_ok=True)
                for part in table_parts:
                    os.link(
                        previous / "tables" / table / _part_file(part),
                        tables / table / _part_file(part),
                    )
        return cls(paths, folder, previous, {t: dict(p) for t, p in parts.items()})

    def part_path(self, table: str, part: str) -> Path:
        return self.folder / "tables" / table / _part_file(part)

    def recipe(self, table: str, part: str) -> dict[str, Any] | None:
        return self.parts.get(table, {}).get(part)

    def write_part(self, table: str, part: str, df: Any, recipe: Mapping[str, Any]) -> None:
        """Replace one part of a table (a new file; the previous version keeps its own)."""
        path = self.part_path(table, part)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        df.write_parquet(tmp)
        os.replace(tmp, path)
        self.parts.setdefault(table, {})[part] = {
            **recipe,
            "rows": df.height,
            "content": frame_digest(df),
        }
        self.changed.setdefault(table, set()).add(part)

    def drop_part(self, table: str, part: str) -> None:
        self.part_path(table, part).unlink(missing_ok=True)
        if self.parts.get(table, {}).pop(part, None) is not None:
            self.changed.setdefault(table, set()).add(part)

    def part_names(self, table: str) -> list[str]:
        return sorted(self.parts.get(table, {}))

    def files(self, table: str, parts: Iterable[str] | None = None) -> list[Path]:
        names = self.part_names(table) if parts is None else sorted(parts)
        return [self.part_path(table, p) for p in names if self.part_path(table, p).is_file()]

    def rows(self, table: str) -> int:
        return sum(int(p.get("rows", 0)) for p in self.parts.get(table, {}).values())

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def frame_digest(df: pl.DataFrame) -> str:
    """A digest of a frame's rows (order-insensitive), to tell changed parts apart."""
    hashes = (df.hash_rows(seed=0) % (1 << 32)).sum() if df.height else 0
    return f"{df.height}-{hashes}"


def _part_file(part: str) -> str:
    return f"{part}.parquet"


def _remove_stale(versions: Path) -> None:
    """Staging folders of runs that died (we hold the lock, so none is in use)."""
    if versions.is_dir():
        for folder in versions.glob(".staging-*"):
            shutil.rmtree(folder, ignore_errors=True)


def publish(staging: Staging, build: Mapping[str, Any], extra_views: Mapping[str, str]) -> Path:
    """Finish the staging version (DuckDB file, build record) and make it current."""
    build_duckdb(staging, extra_views)
    record = {**build, "parts": staging.parts, "published_at": time.time()}
    (staging.folder / BUILD_FILE).write_text(
        json.dumps(record, indent=1, sort_keys=True, default=str), encoding="utf-8"
    )
    versions = staging.folder.parent
    number = 1 + max((int(p.name[1:]) for p in versions.glob("v[0-9]*")), default=0)
    final = versions / f"v{number:06d}"
    os.replace(staging.folder, final)
    _switch(staging.paths.warehouse_dir, final)
    _collect_old_versions(versions, keep=final)
    return final


def _switch(warehouse: Path, version: Path) -> None:
    """Point ``current`` at ``version`` in one rename; create the stable links once."""
    tmp = warehouse / f".current.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(version.relative_to(warehouse))
    os.replace(tmp, warehouse / "current")
    for name, target in (
        (DUCKDB_FILE, Path("current") / DUCKDB_FILE),
        ("tables", Path("current") / "tables"),
    ):
        link = warehouse / name
        if not link.is_symlink():
            if link.exists():
                _remove(link)
            link.symlink_to(target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _collect_old_versions(versions: Path, keep: Path) -> None:
    published = sorted(p for p in versions.glob("v[0-9]*") if p != keep)
    for old in published[: max(0, len(published) - KEEP_PREVIOUS)]:
        shutil.rmtree(old, ignore_errors=True)


# --- the DuckDB file --------------------------------------------------------------


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _file_list(files: list[Path]) -> str:
    return "[" + ", ".join(_quote(f) for f in files) + "]"


def build_duckdb(staging: Staging, extra_views: Mapping[str, str]) -> Path:
    """The staging version's DuckDB file: every table inside it, views on top.

    Tables live inside the file (schema ``data``) so that it works wherever it
    is copied; views named like the tables add the deprecated v1 column names.
    The file starts as a copy of the previous version's and only the changed
    parts are deleted and re-inserted; if that copy cannot be used (another
    process wrote to it, the schema changed), it is rebuilt from every part.
    """
    target = staging.folder / DUCKDB_FILE
    expected = {table: staging.rows(table) for table in TABLES}
    if staging.previous is not None and (staging.previous / DUCKDB_FILE).is_file():
        copy_sharing_blocks(staging.previous / DUCKDB_FILE, target)
        try:
            if _patch(target, staging, extra_views) == expected:
                return target
        except duckdb.Error:
            pass
        target.unlink(missing_ok=True)
        Path(f"{target}.wal").unlink(missing_ok=True)
    _rebuild(target, staging, extra_views)
    return target


def copy_sharing_blocks(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target``, letting the filesystem share the blocks if it can.

    The previous version's DuckDB file grows with the corpus (130 MB at 22,250
    articles), and a one-article build copied it whole. ``copy_file_range`` lets
    XFS and Btrfs clone it in constant time (copy on write: patching the copy
    leaves the published file as it was) and NFS 4.2 copy it on the server; other
    filesystems copy in the kernel, as ``shutil.copyfile`` does. Where the call
    is missing or fails, ``shutil.copyfile`` copies the file again from the start.
    """
    if not hasattr(os, "copy_file_range"):
        shutil.copyfile(source, target)
        return
    try:
        with source.open("rb") as src, target.open("wb") as dst:
            left = os.fstat(src.fileno()).st_size
            while left > 0:
                copied = os.copy_file_range(src.fileno(), dst.fileno(), left)
                if copied == 0:  # the file shrank, or a filesystem that copies nothing
                    raise OSError(f"copy_file_range stopped with {left} bytes left")
                left -= copied
    except OSError:
        shutil.copyfile(source, target)


def _connect(target: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        str(target), config={"storage_compatibility_version": STORAGE_COMPATIBILITY}
    )


def _rebuild(target: Path, staging: Staging, extra_views: Mapping[str, str]) -> None:
    con = _connect(target)
    try:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {DATA_SCHEMA}")
        for table in TABLES:
            _replace_table(con, staging, table)
        _views(con, extra_views)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _replace_table(con: duckdb.DuckDBPyConnection, staging: Staging, table: str) -> None:
    """The whole table from its parts, each row tagged with its part (``_part``)."""
    files = staging.files(table)
    if files:
        source = f"read_parquet({_file_list(files)}, filename = true)"
        con.execute(
            f"CREATE OR REPLACE TABLE {DATA_SCHEMA}.{table} AS "
            f"SELECT * EXCLUDE (filename), parse_filename(filename, true) AS _part FROM {source}"
        )
        return
    con.register("_empty", frame(table, []).to_arrow())
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {DATA_SCHEMA}.{table} AS "
            "SELECT *, NULL::VARCHAR AS _part FROM _empty"
        )
    finally:
        con.unregister("_empty")


def _patch(target: Path, staging: Staging, extra_views: Mapping[str, str]) -> dict[str, int]:
    """Delete the rows of the changed parts, insert their new files; the rows of each
    table after that."""
    con = _connect(target)
    try:
        for table in TABLES:
            changed = sorted(staging.changed.get(table, set()))
            if not changed:
                continue
            con.execute(
                f"DELETE FROM {DATA_SCHEMA}.{table} WHERE _part IN (SELECT unnest(?))", [changed]
            )
            files = staging.files(table, changed)
            if files:
                source = f"read_parquet({_file_list(files)}, filename = true)"
                con.execute(
                    f"INSERT INTO {DATA_SCHEMA}.{table} "
                    f"SELECT * EXCLUDE (filename), parse_filename(filename, true) FROM {source}"
                )
        _views(con, extra_views)
        con.execute("CHECKPOINT")
        return _counts(con)
    finally:
        con.close()


def _views(con: duckdb.DuckDBPyConnection, extra_views: Mapping[str, str]) -> None:
    for table in TABLES:
        renamed = DEPRECATED_ALIASES.get(table, {})
        aliases = "".join(f", {new} AS {old}" for old, new in renamed.items())
        con.execute(
            f"CREATE OR REPLACE VIEW main.{table} AS "
            f"SELECT * EXCLUDE (_part){aliases} FROM {DATA_SCHEMA}.{table}"
        )
    for name, body in extra_views.items():
        con.execute(f"CREATE OR REPLACE VIEW main.{name} AS {body}")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for table in TABLES:
        result = con.execute(f"SELECT count(*) FROM {DATA_SCHEMA}.{table}").fetchone()
        counts[table] = int(result[0]) if result else 0
    return counts
