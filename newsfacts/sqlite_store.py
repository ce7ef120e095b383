"""SQLite storage shared by the story and claim indexes: connection, rows as JSON, look-ups.

An index keeps what it derived from every document in one SQLite file (or
in memory, ``":memory:"``), so a run that changes a few documents reads and
writes only the rows they touch. Rows of the contract tables are stored as
JSON text; their date columns are written as ISO dates and read back.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Self, TypeVar

T = TypeVar("T")
Row = Mapping[str, Any]
# SQLite allows this many ``?`` in one statement on every build still in use.
_BATCH = 500


def connect(path: str | Path, schema: str, fingerprint: str) -> sqlite3.Connection:
    """Open (or create) an index file with ``schema``.

    ``fingerprint`` names what the stored rows were derived with (the code's
    storage version, the settings and caps); an index written with another one
    is emptied, so its owner sees no documents and sends them all again.
    """
    connection = sqlite3.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
    stored = connection.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
    if stored is not None and stored[0] != fingerprint:
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta'"
        ).fetchall()
        for (table,) in tables:
            connection.execute(f"DROP TABLE {table}")
    connection.executescript(schema)
    connection.execute(
        "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
        (fingerprint,),
    )
    return connection


class StoredIndex:
    """An index kept in one SQLite file, whose ``documents`` table lists what it holds.

    Use it as a context manager (or ``close`` it) so the file is released.
    """

    def __init__(self, path: str | Path, schema: str, derived_with: str) -> None:
        self._db = connect(path, schema, derived_with)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def documents(self) -> set[str]:
        """The ids of the documents the index holds."""
        return {doc_id for (doc_id,) in self._db.execute("SELECT doc_id FROM documents")}


def fingerprint(*parts: Any) -> str:
    """A short hash of ``parts`` (settings, caps, versions: dataclasses, sets, durations
    included) that is the same in every process, to tell what stored rows were derived with."""

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.asdict(value)
        if isinstance(value, set | frozenset):
            return sorted(value)
        if isinstance(value, timedelta):
            return value.total_seconds()
        raise TypeError(f"cannot describe {value!r}")

    described = json.dumps(parts, default=plain, sort_keys=True)
    return hashlib.sha256(described.encode()).hexdigest()[:16]


def encode(row: Row) -> str:
    """A row as JSON text: dates as ISO dates, keys sorted so equal rows give equal text."""
    return json.dumps(row, default=date.isoformat, sort_keys=True, separators=(",", ":"))


def decode(text: str, dates: Sequence[str]) -> dict[str, Any]:
    """A row stored by ``encode``, its ``dates`` columns read back as dates."""
    row: dict[str, Any] = json.loads(text)
    for column in dates:
        if row.get(column) is not None:
            row[column] = date.fromisoformat(row[column])
    return row


def batches(values: Iterable[T]) -> Iterator[list[T]]:
    """``values`` in lists small enough for one ``IN (...)`` of a statement."""
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def select_in(
    connection: sqlite3.Connection, query: str, values: Iterable[Any], *fixed: Any
) -> Iterator[tuple[Any, ...]]:
    """Run ``query``, whose ``{}`` stands for an ``IN`` list, over ``values`` in batches.

    ``fixed`` parameters come before the listed values.
    """
    for batch in batches(values):
        marks = ",".join("?" * len(batch))
        yield from connection.execute(query.format(marks), (*fixed, *batch))


def execute_in(
    connection: sqlite3.Connection, statement: str, values: Iterable[Any], *fixed: Any
) -> None:
    """Run ``statement``, whose ``{}`` stands for an ``IN`` list, over ``values`` in batches."""
    for batch in batches(values):
        marks = ",".join("?" * len(batch))
        connection.execute(statement.format(marks), (*fixed, *batch))


def in_transaction(connection: sqlite3.Connection, work: Callable[[], T]) -> T:
    """Run ``work`` in one transaction: all of its writes happen, or none."""
    connection.execute("BEGIN")
    try:
        result = work()
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return result


# --- rows kept in parts ----------------------------------------------------------------

# A table an index derives (stories, claims) is published in this many parts, a row's
# part fixed by a hash of its id: an update rewrites the parts its rows fall in, not
# the whole table, whatever the table's size.
ROW_PARTS = 64
ROW_PARTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS row_parts (
    part TEXT PRIMARY KEY, rows INTEGER NOT NULL, digest INTEGER NOT NULL);
"""
_DIGEST_MODULUS = 1 << 61


def row_part(key: str) -> str:
    """The part a row with id ``key`` is published in (the same in every process)."""
    bucket = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % ROW_PARTS
    return f"p{bucket:02d}"


def _row_hash(key: str, text: str) -> int:
    return int(hashlib.sha256(f"{key}\0{text}".encode()).hexdigest()[:15], 16)


class PartDigests:
    """Running digests of what every part holds, kept with the rows in the same transaction.

    A part's digest is its row count and the sum of its rows' hashes, so a row
    coming or going changes it without reading the part's other rows. A caller
    compares a published part's digest with the index's to know whether it still
    holds: a build that died after the index committed is repaired by the next,
    since the digest tells the part apart whatever the update reported.
    """

    def __init__(self) -> None:
        self._changes: dict[str, tuple[int, int]] = {}

    def add(self, key: str, text: str) -> None:
        self._change(key, text, 1)

    def remove(self, key: str, text: str) -> None:
        self._change(key, text, -1)

    def _change(self, key: str, text: str, sign: int) -> None:
        part = row_part(key)
        rows, digest = self._changes.get(part, (0, 0))
        self._changes[part] = (rows + sign, digest + sign * _row_hash(key, text))

    def save(self, connection: sqlite3.Connection) -> None:
        """Add the changes to the stored digests (inside the caller's transaction)."""
        for part, (rows, digest) in sorted(self._changes.items()):
            connection.execute(
                "INSERT INTO row_parts VALUES (?, ?, ?) ON CONFLICT (part) DO UPDATE SET "
                "rows = rows + excluded.rows, digest = (digest + excluded.digest) % ?",
                (part, rows, digest % _DIGEST_MODULUS, _DIGEST_MODULUS),
            )
        connection.execute("DELETE FROM row_parts WHERE rows = 0")
        self._changes.clear()


def part_digests(connection: sqlite3.Connection) -> dict[str, str]:
    """Part -> digest of its rows, for every part that holds rows."""
    query = "SELECT part, rows, digest FROM row_parts WHERE rows > 0"
    return {part: f"{rows}-{digest}" for part, rows, digest in connection.execute(query)}
