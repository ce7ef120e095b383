"""SQL on the published warehouse, read-only, with errors a person can act on.

Two kinds of failure need different answers: the warehouse itself cannot be
read (not built yet, moved Parquet files, a damaged file: rebuild it), or the
SQL is wrong (fix the query). They are raised as two exception types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb

OUTPUT_FORMATS = (".csv", ".parquet")
T = TypeVar("T")


class WarehouseUnreadable(Exception):
    """The DuckDB file or the Parquet files behind its views cannot be read."""


class BadQuery(Exception):
    """The SQL does not parse, names something unknown, or fails to run."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


@contextmanager
def open_warehouse(duckdb_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``newsfacts.duckdb``."""
    if not duckdb_path.is_file():
        raise WarehouseUnreadable(f"no warehouse at {duckdb_path}: build it first")
    try:
        con = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        raise WarehouseUnreadable(f"cannot open {duckdb_path}: {error}") from error
    try:
        yield con
    finally:
        con.close()


def _duckdb_call(action: Callable[[], T]) -> T:
    """Run ``action``, turning DuckDB's errors into the two failures users tell apart."""
    try:
        return action()
    except duckdb.IOException as error:
        raise WarehouseUnreadable(f"the warehouse files cannot be read: {error}") from error
    except duckdb.Error as error:
        raise BadQuery(str(error)) from error


def _relation(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation:
    relation = _duckdb_call(lambda: con.sql(sql))
    if relation is None:
        raise BadQuery("the statement returns no rows; give a query such as SELECT ...")
    return relation


def run_query(duckdb_path: Path, sql: str) -> QueryResult:
    """Every row of ``sql`` with its column names."""
    with open_warehouse(duckdb_path) as con:
        relation = _relation(con, sql)
        return QueryResult(list(relation.columns), _duckdb_call(relation.fetchall))


def export_query(duckdb_path: Path, sql: str, output: Path) -> int:
    """Write the result of ``sql`` to a .csv or .parquet file; returns the row count."""
    if output.suffix.lower() not in OUTPUT_FORMATS:
        raise ValueError(f"{output.name}: the output must end in .csv or .parquet")
    with open_warehouse(duckdb_path) as con:
        relation = _relation(con, sql)
        write = relation.write_csv if output.suffix.lower() == ".csv" else relation.write_parquet
        _duckdb_call(lambda: write(str(output)))
        return int(_duckdb_call(lambda: relation.shape[0]))
