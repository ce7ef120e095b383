"""Block postings in an index file, and which units they compare as units come and go.

Every unit is posted under each of its block keys, in block order (see
``blocking``). Two units are compared while some block they share holds
them at most ``reach`` places apart; a unit entering or leaving a block
changes that only for the units near it, so an update reads a few postings
on either side of each change instead of the whole block.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsfacts.sqlite_store import select_in
from newsfacts.stories.blocking import (
    Band,
    Order,
    block_keys,
    block_order,
    key_text,
    reach,
    spanning_bands,
)
from newsfacts.stories.settings import Limits
from newsfacts.stories.units import Unit

SCHEMA = """
CREATE TABLE IF NOT EXISTS blocks (
    block INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS postings (
    block INTEGER, day TEXT, doc TEXT, pos INTEGER, unit TEXT,
    PRIMARY KEY (block, day, doc, pos, unit)) WITHOUT ROWID;
"""
_COLUMNS = "(day, doc, pos, unit)"
_BEFORE = (
    f"SELECT day, doc, pos, unit FROM postings WHERE block = ? AND {_COLUMNS} < (?, ?, ?, ?)"
    " ORDER BY day DESC, doc DESC, pos DESC, unit DESC LIMIT ?"
)
_AFTER = (
    f"SELECT day, doc, pos, unit FROM postings WHERE block = ? AND {_COLUMNS} > (?, ?, ?, ?)"
    " ORDER BY day, doc, pos, unit LIMIT ?"
)
_BETWEEN = (
    "SELECT count(*) FROM (SELECT 1 FROM postings WHERE block = ?"
    f" AND {_COLUMNS} > (?, ?, ?, ?) AND {_COLUMNS} < (?, ?, ?, ?) LIMIT ?)"
)


@dataclass
class _Change:
    """What one block loses and gains in an update."""

    removed: list[Order] = field(default_factory=list)
    inserted: list[Order] = field(default_factory=list)


@dataclass
class _Stretch:
    """Consecutive postings of a block, complete between ``low`` and ``high`` (None: open)."""

    low: Order | None
    high: Order | None
    members: set[Order]

    def holds(self, order: Order) -> bool:
        return (self.low is None or self.low <= order) and (self.high is None or order <= self.high)


class Blocks:
    """The block postings of an index file."""

    def __init__(self, connection: sqlite3.Connection, limits: Limits) -> None:
        self._db = connection
        self._limits = limits

    def update(self, removed: Iterable[Unit], added: Iterable[Unit]) -> tuple[set[Band], set[Band]]:
        """Post ``added`` and withdraw ``removed`` (a unit may be in both, re-posted).

        Returns the bands that stopped being compared in some block and those
        to score again: newly compared, or touching an added unit.
        """
        changes: dict[str, _Change] = defaultdict(_Change)
        for unit in removed:
            order = block_order(unit)
            for key in block_keys(unit):
                changes[key_text(key)].removed.append(order)
        added_ids = set()
        for unit in added:
            added_ids.add(unit.unit_id)
            order = block_order(unit)
            for key in block_keys(unit):
                changes[key_text(key)].inserted.append(order)
        known = self._blocks(changes)
        left: set[Band] = set()
        entered: set[Band] = set()
        for text, change in changes.items():
            block, size = known.get(text, (None, 0))
            before, after = self._bands(block, size, change)
            left |= before - after
            entered |= {b for b in after if b not in before or not added_ids.isdisjoint(b)}
            self._write(text, block, size, change)
        return left, entered

    def compared(self, a: Unit, b: Unit) -> bool:
        """Whether some block the two units share compares them now."""
        shared = [key_text(key) for key in block_keys(a) & block_keys(b)]
        first, second = sorted((block_order(a), block_order(b)))
        for block, size in self._blocks(shared).values():
            if size <= self._limits.block_all:
                return True
            apart = self._limits.neighbours
            (between,) = self._db.execute(_BETWEEN, (block, *first, *second, apart)).fetchone()
            if between < apart:
                return True
        return False

    def _blocks(self, keys: Iterable[str]) -> dict[str, tuple[int | None, int]]:
        query = "SELECT key, block, size FROM blocks WHERE key IN ({})"
        return {key: (block, size) for key, block, size in select_in(self._db, query, keys)}

    def _bands(self, block: int | None, size: int, change: _Change) -> tuple[set[Band], set[Band]]:
        """The bands of the block that span a change, before and after it."""
        new_size = size - len(change.removed) + len(change.inserted)
        changed = sorted({*change.removed, *change.inserted})
        before: set[Band] = set()
        after: set[Band] = set()
        for stretch in self._stretches(block, size, new_size, change):
            old = sorted(stretch.members)
            gone = set(change.removed)
            new = sorted(
                {order for order in old if order not in gone}
                | {order for order in change.inserted if stretch.holds(order)}
            )
            inside = [order for order in changed if stretch.holds(order)]
            before |= spanning_bands(old, reach(size, self._limits), inside)
            after |= spanning_bands(new, reach(new_size, self._limits), inside)
        return before, after

    def _stretches(
        self, block: int | None, size: int, new_size: int, change: _Change
    ) -> list[_Stretch]:
        """The postings around each change, merged where they overlap.

        A small block, or one changing in many places, is read whole; else
        the ``neighbours`` postings on either side of each change. Where a
        change lies among others the block loses, their stretches overlap and
        together reach as far as its new neighbours.
        """
        if block is None or not size:
            return [_Stretch(None, None, set())]
        limits = self._limits
        changed = sorted({*change.removed, *change.inserted})
        around = limits.neighbours
        small = min(size, new_size) <= limits.block_all
        if small or 2 * around * len(changed) >= size:
            query = "SELECT day, doc, pos, unit FROM postings WHERE block = ?"
            return [_Stretch(None, None, set(self._db.execute(query, (block,))))]
        stretches = [self._around(block, order, around, change) for order in changed]
        return _merged(stretches)

    def _around(self, block: int, order: Order, around: int, change: _Change) -> _Stretch:
        lower = self._db.execute(_BEFORE, (block, *order, around)).fetchall()
        upper = self._db.execute(_AFTER, (block, *order, around)).fetchall()
        members = {*lower, *upper}
        if order in change.removed:
            members.add(order)
        low = min(lower) if len(lower) == around else None
        high = max(upper) if len(upper) == around else None
        return _Stretch(low, high, members)

    def _write(self, key: str, block: int | None, size: int, change: _Change) -> None:
        new_size = size - len(change.removed) + len(change.inserted)
        if block is None:
            cursor = self._db.execute(
                "INSERT INTO blocks (key, size) VALUES (?, ?)", (key, new_size)
            )
            block = cursor.lastrowid
        elif new_size:
            self._db.execute("UPDATE blocks SET size = ? WHERE block = ?", (new_size, block))
        else:
            self._db.execute("DELETE FROM blocks WHERE block = ?", (block,))
        self._db.executemany(
            "DELETE FROM postings WHERE block = ? AND day = ? AND doc = ? AND pos = ? AND unit = ?",
            [(block, *order) for order in change.removed],
        )
        self._db.executemany(
            "INSERT INTO postings VALUES (?, ?, ?, ?, ?)",
            [(block, *order) for order in change.inserted],
        )


def _merged(stretches: Sequence[_Stretch]) -> list[_Stretch]:
    """Overlapping stretches joined: each is complete between its ends, so their union is."""

    def start(stretch: _Stretch) -> tuple[bool, Order | tuple[()]]:
        return (stretch.low is not None, stretch.low or ())

    merged: list[_Stretch] = []
    for stretch in sorted(stretches, key=start):
        last = merged[-1] if merged else None
        if last is not None and (
            last.high is None or stretch.low is None or stretch.low <= last.high
        ):
            high = (
                None if last.high is None or stretch.high is None else max(last.high, stretch.high)
            )
            merged[-1] = _Stretch(last.low, high, last.members | stretch.members)
        else:
            merged.append(stretch)
    return merged
