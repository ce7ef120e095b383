"""Driving an index through updates in tests: documents given, changed and removed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

import polars as pl

from newsfacts.sqlite_store import row_part

D = TypeVar("D")


class Delta(Protocol):
    upserted: tuple[Mapping[str, Any], ...]
    removed: frozenset[str]


class PartedIndex(Protocol):
    def rows(self, part: str | None = None) -> pl.DataFrame: ...
    def part_digests(self) -> dict[str, str]: ...


class Index(Protocol[D]):
    def apply(self, changed: Mapping[str, D], removed: Iterable[str]) -> Any: ...


def replay(
    index: Index[D],
    steps: Iterable[Iterable[tuple[str, D | None]]],
    key: str,
    check: Callable[[dict[str, D], dict[str, dict[str, Any]]], None],
) -> None:
    """Apply each step's (doc id, document, or None to remove it) to ``index``.

    After each step ``check`` gets the documents now held and the table the
    deltas add up to (rows by their ``key`` column).
    """
    current: dict[str, D] = {}
    table: dict[str, dict[str, Any]] = {}
    for step in steps:
        changed: dict[str, D] = {}
        removed: set[str] = set()
        for doc_id, document in step:
            if document is None:
                removed.add(doc_id)
                changed.pop(doc_id, None)
                current.pop(doc_id, None)
            else:
                changed[doc_id] = current[doc_id] = document
                removed.discard(doc_id)
        delta: Delta = index.apply(changed, removed)
        for gone in delta.removed:
            del table[gone]
        table.update({row[key]: dict(row) for row in delta.upserted})
        check(current, table)


def check_parts(index: PartedIndex, scratch: PartedIndex, key: str) -> None:
    """The running part digests equal those of the index built at once, and each part holds
    exactly the rows whose id falls in it (the build publishes a part when its digest moved)."""
    digests = index.part_digests()
    assert digests == scratch.part_digests()
    whole = index.rows()
    assert sum(int(d.split("-")[0]) for d in digests.values()) == whole.height
    parts = [index.rows(part) for part in sorted(digests)]
    joined = pl.concat(parts) if parts else whole.clear()
    assert joined.sort(key).equals(whole.sort(key))
    for part in sorted(digests):
        assert {row_part(k) for k in index.rows(part)[key]} == {part}
