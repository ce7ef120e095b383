"""Publishing: staged Parquet into place, and the DuckDB file of views over it.

Tables are first written to the staging folder; only when every validation
passed are they moved next to the previous ones with ``os.replace`` (new
files, then swap), so a failed run leaves the published dataset as it was.
The DuckDB file holds only views with absolute paths, so it works from any
working directory, and is written in a storage format the current DuckDB
command-line client (1.5) can open.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from newsfacts.paths import Paths
from newsfacts.schemas import DEPRECATED_ALIASES

STORAGE_COMPATIBILITY = "v1.5.0"


def publish(paths: Paths, tables: Iterable[str]) -> dict[str, Path]:
    """Move every staged table into the warehouse; returns the published paths."""
    published = {}
    names = list(tables)
    missing = [t for t in names if not paths.staged(t).is_file()]
    if missing:
        raise FileNotFoundError(f"tables not staged, nothing published: {', '.join(missing)}")
    for table in names:
        os.replace(paths.staged(table), paths.published(table))
        published[table] = paths.published(table)
    return published


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _aliases(table: str) -> str:
    """The v1 names of renamed columns, kept as deprecated aliases for one release."""
    renamed = DEPRECATED_ALIASES.get(table, {})
    return "".join(f", {new} AS {old}" for old, new in renamed.items())


def build_duckdb(
    paths: Paths, tables: Iterable[str], extra_views: Mapping[str, str] | None = None
) -> Path:
    """(Re)write ``newsfacts.duckdb`` with one view per table plus analyst views."""
    target = paths.duckdb_path
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_COMPATIBILITY})
    try:
        for table in tables:
            con.execute(
                f"CREATE OR REPLACE VIEW {table} AS "
                f"SELECT *{_aliases(table)} FROM read_parquet({_quote(paths.published(table))})"
            )
        for name, body in (extra_views or {}).items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def row_counts(paths: Paths, tables: Iterable[str]) -> dict[str, int]:
    """Rows per table, read back through the DuckDB file a user would open."""
    con = duckdb.connect(str(paths.duckdb_path), read_only=True)
    try:
        counts = {}
        for table in tables:
            result = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(result[0]) if result else 0
        return counts
    finally:
        con.close()
