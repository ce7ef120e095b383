"""The story index: story clustering kept up to date as documents come, change and go.

Clustering joins units that share a candidate pair (see ``blocking``) or an
antecedent link (see ``antecedents``), in an order fixed by stable keys, so
a group of units connected by pairs and links clusters the same alone as
among all others. The index keeps, in one SQLite file, every document's
events and units, the block postings, the pairs and links and which story
each unit is in. An update reclusters only the connected groups holding a
unit that came, went or changed, or whose pairs or links did; the others
keep their stories. ``cluster_story_events`` is this index, empty and in
memory, given every document at once: there is one algorithm.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from newsfacts.schemas import polars_schema
from newsfacts.sqlite_store import (
    ROW_PARTS_SCHEMA,
    PartDigests,
    StoredIndex,
    batches,
    decode,
    encode,
    execute_in,
    fingerprint,
    in_transaction,
    part_digests,
    row_part,
    select_in,
)
from newsfacts.stories import acronyms, postings
from newsfacts.stories.antecedents import Link, antecedent_links
from newsfacts.stories.blocking import Band, Pair, scored_pair
from newsfacts.stories.clustering import cluster
from newsfacts.stories.documents import DocumentEvents
from newsfacts.stories.reports import Report, report_from_json, report_json
from newsfacts.stories.rows import story_id, story_order, story_rows
from newsfacts.stories.settings import Limits, settings
from newsfacts.stories.units import (
    Unit,
    document_units,
    party_ids,
    unit_from_json,
    unit_json,
    unit_of,
)

# Raised whenever what the index stores, or how, changes: an older file is emptied.
STORAGE_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, report TEXT NOT NULL, outlet TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT, idx INTEGER, text TEXT NOT NULL, PRIMARY KEY (doc_id, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, unit TEXT NOT NULL,
    actor_id TEXT, target_id TEXT, row TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS events_unit ON events (unit);
CREATE INDEX IF NOT EXISTS events_actor ON events (actor_id);
CREATE INDEX IF NOT EXISTS events_target ON events (target_id);
CREATE TABLE IF NOT EXISTS units (
    unit TEXT PRIMARY KEY, doc_id TEXT NOT NULL, data TEXT NOT NULL, story TEXT);
CREATE INDEX IF NOT EXISTS units_doc ON units (doc_id);
CREATE TABLE IF NOT EXISTS pairs (
    a TEXT, b TEXT, weight INTEGER NOT NULL, same_places INTEGER NOT NULL,
    distance INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pairs_b ON pairs (b);
CREATE TABLE IF NOT EXISTS links (
    earlier TEXT, later TEXT, PRIMARY KEY (earlier, later)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_later ON links (later);
CREATE TABLE IF NOT EXISTS stories (
    story TEXT PRIMARY KEY, event_date TEXT, part TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stories_part ON stories (part);
"""
_EVENT_COLUMNS = tuple(polars_schema("events"))
# Story rows are written from the event rows and sentences of this many units at a
# time, and read back as this many rows at a time, so what one update holds of them
# is bounded whatever a document tells: a single long file gives tens of thousands
# of stories.
_ROWS_PART = 2_000


@dataclass(frozen=True)
class StoryDelta:
    """What an update changed in ``story_events``: rows added or changed (all columns,
    by date, undated last), the ids of stories that are gone, and how many units were
    clustered again (the groups connected to what changed)."""

    upserted: tuple[Mapping[str, Any], ...]
    removed: frozenset[str]
    reclustered: int

    def table(self) -> pl.DataFrame:
        """The upserted rows as a ``story_events`` frame."""
        return _table(self.upserted)


class StoryIndex(StoredIndex):
    """Story clustering over documents given one update at a time, kept in a SQLite file.

    ``path`` may be ``":memory:"``. ``version`` names the code and reference
    data the caller derives documents with: a file written under another
    version (or other settings or ``limits``) is emptied, and ``documents``
    then tells the caller to send every document again.
    """

    def __init__(
        self, path: str | Path, *, version: str = "", limits: Limits | None = None
    ) -> None:
        self._limits = limits or Limits()
        schema = _SCHEMA + ROW_PARTS_SCHEMA + acronyms.SCHEMA + postings.SCHEMA
        super().__init__(
            path, schema, fingerprint(STORAGE_VERSION, settings(), self._limits, version)
        )
        self._acronyms = acronyms.Acronyms(self._db)
        self._blocks = postings.Blocks(self._db, self._limits)

    def rows(self, part: str | None = None) -> pl.DataFrame:
        """The ``story_events`` rows of one part (``sqlite_store.row_part``), or of the
        whole table, by date (undated last), then story id.

        Read ``_ROWS_PART`` rows at a time: a frame holds a row in a fraction of
        what its dict takes."""
        where = "" if part is None else "WHERE part = ? "
        query = f"SELECT row FROM stories {where}ORDER BY event_date IS NULL, event_date, story"
        cursor = self._db.execute(query, () if part is None else (part,))
        parts = [
            _table(decode(row, ["event_date"]) for (row,) in part)
            for part in iter(lambda: cursor.fetchmany(_ROWS_PART), [])
        ]
        return pl.concat(parts) if parts else _table(())

    def part_digests(self) -> dict[str, str]:
        """Part -> digest of its rows: a published part whose digest differs is stale."""
        return part_digests(self._db)

    def apply(self, changed: Mapping[str, DocumentEvents], removed: Iterable[str]) -> StoryDelta:
        """Take in new and changed documents and drop ``removed`` ones, in one transaction.

        A document is given again whenever its events, their resolved
        entities, its duplicate status or its date changed. Afterwards the
        rows equal ``cluster_story_events`` over the documents now held.
        """
        update = _Update(self, dict(changed), set(removed))
        return in_transaction(self._db, update.run)


class _Update:
    """One ``StoryIndex.apply``: the units that come and go, then the groups to recluster."""

    def __init__(
        self, index: StoryIndex, changed: dict[str, DocumentEvents], removed: set[str]
    ) -> None:
        self._index = index
        self._db = index._db
        self._changed = changed
        self._removed = removed
        self._units: dict[str, Unit] = {}
        self._digests = PartDigests()
        self._dirty: set[str] = set()
        self._came: set[str] = set()

    def run(self) -> StoryDelta:
        dropped = self._held(set(self._changed) | self._removed)
        incoming = {doc_id: doc for doc_id, doc in self._changed.items() if doc.events}
        expanded = self._update_parties(dropped, incoming)
        gone, old_stories = self._withdraw(dropped)
        revised = self._revised(expanded, dropped)
        self._store_documents(dropped, incoming)
        came = self._new_units(incoming)
        stale = [gone_unit for gone_unit, _ in revised]
        fresh = [new_unit for _, new_unit in revised]
        old_stories |= self._stories_of(unit.unit_id for unit in stale)
        self._replace_units([*gone, *stale], [*came, *fresh])
        self._update_pairs([*gone, *stale], [*came, *fresh])
        self._update_links(gone, stale, incoming, {unit.doc_id for unit in fresh})
        survivors = self._dirty - ({unit.unit_id for unit in gone} - self._ids(came))
        return self._recluster(survivors, old_stories)

    def _held(self, doc_ids: set[str]) -> set[str]:
        query = "SELECT doc_id FROM documents WHERE doc_id IN ({})"
        return {doc_id for (doc_id,) in select_in(self._db, query, doc_ids)}

    @staticmethod
    def _ids(units: Iterable[Unit]) -> set[str]:
        return {unit.unit_id for unit in units}

    def _update_parties(
        self, dropped: set[str], incoming: Mapping[str, DocumentEvents]
    ) -> set[str]:
        """Count the parties of the mentions that go and come; the acronyms that changed."""
        query = "SELECT actor_id, target_id FROM events WHERE doc_id IN ({})"
        gone = [party for row in select_in(self._db, query, dropped) for party in row if party]
        came = party_ids(row for doc in incoming.values() for row in doc.events)
        return self._index._acronyms.update(gone, came)

    def _withdraw(self, dropped: set[str]) -> tuple[list[Unit], set[str]]:
        """The units of the documents that go or change, and the stories they were in."""
        query = "SELECT data, story FROM units WHERE doc_id IN ({})"
        gone, stories = [], set()
        for data, story in select_in(self._db, query, dropped):
            gone.append(unit_from_json(data))
            stories.add(story)
        return gone, stories

    def _revised(self, expanded: set[str], dropped: set[str]) -> list[tuple[Unit, Unit]]:
        """(stored, rebuilt) units of the documents that stay whose parties' acronym
        expansion changed, where rebuilding changed them."""
        query = (
            "SELECT DISTINCT e.unit, u.data, e.doc_id FROM events e JOIN units u ON u.unit = e.unit"
            " WHERE e.actor_id IN ({0}) OR e.target_id IN ({0})"
        )
        stored = {}
        for batch in batches(expanded):
            marks = ",".join("?" * len(batch))
            for unit, data, doc_id in self._db.execute(query.format(marks), (*batch, *batch)):
                if doc_id not in dropped:
                    stored[unit] = (data, doc_id)
        if not stored:
            return []
        members = self._members(stored)
        reports = self._reports({doc_id for _, doc_id in stored.values()})
        named = party_ids(row for rows in members.values() for row in rows)
        expansions = self._index._acronyms.lookup(named)
        revised = []
        for unit_id, (data, doc_id) in sorted(stored.items()):
            old = unit_from_json(data)
            new = unit_of(members[unit_id], reports[doc_id], expansions)
            if new != old:
                revised.append((old, new))
        return revised

    def _members(self, units: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        members: dict[str, list[dict[str, Any]]] = {}
        query = "SELECT unit, row FROM events WHERE unit IN ({})"
        for unit, row in select_in(self._db, query, units):
            members.setdefault(unit, []).append(decode(row, ["event_date"]))
        return members

    def _reports(self, doc_ids: set[str]) -> dict[str, Report]:
        query = "SELECT doc_id, report FROM documents WHERE doc_id IN ({})"
        rows = select_in(self._db, query, doc_ids)
        return {doc_id: report_from_json(text) for doc_id, text in rows}

    def _store_documents(self, dropped: set[str], incoming: Mapping[str, DocumentEvents]) -> None:
        for table in ("documents", "sentences", "events"):
            execute_in(self._db, f"DELETE FROM {table} WHERE doc_id IN ({{}})", dropped)
        self._db.executemany(
            "INSERT INTO documents VALUES (?, ?, ?)",
            [(doc.doc_id, report_json(doc.report), doc.outlet) for doc in incoming.values()],
        )
        self._db.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?)",
            [
                (doc.doc_id, index, text)
                for doc in incoming.values()
                for index, text in doc.sentences.items()
            ],
        )

    def _new_units(self, incoming: Mapping[str, DocumentEvents]) -> list[Unit]:
        """The units of the incoming documents; their events are stored with their unit.

        Each unit's rows are stored as soon as it is complete (see
        ``document_units``), so no copy of a long document's rows is held.
        """
        expansions = self._index._acronyms.lookup(
            party_ids(row for doc in incoming.values() for row in doc.events)
        )
        units: list[Unit] = []
        insert = "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)"
        for doc in incoming.values():
            found = []
            for unit, members in document_units(partial(_rows, doc), doc.report, expansions):
                found.append(unit)
                self._db.executemany(
                    insert,
                    [
                        (row["event_id"], doc.doc_id, unit.unit_id, row["actor_id"],
                         row["target_id"], encode(row))
                        for row in members
                    ],
                )  # fmt: skip
            units.extend(sorted(found, key=lambda unit: unit.key))
        return units

    def _stories_of(self, unit_ids: Iterable[str]) -> set[str]:
        """The stories the units were in (units stored in this update are in none yet)."""
        query = "SELECT story FROM units WHERE unit IN ({}) AND story IS NOT NULL"
        return {story for (story,) in select_in(self._db, query, unit_ids)}

    def _replace_units(self, gone: list[Unit], came: list[Unit]) -> None:
        execute_in(self._db, "DELETE FROM units WHERE unit IN ({})", self._ids(gone))
        self._db.executemany(
            "INSERT INTO units VALUES (?, ?, ?, NULL)",
            [(unit.unit_id, unit.doc_id, unit_json(unit)) for unit in came],
        )
        self._units.update((unit.unit_id, unit) for unit in came)
        self._came = self._ids(came)
        self._dirty |= self._ids(gone) | self._came

    def _load(self, unit_ids: Iterable[str]) -> dict[str, Unit]:
        """The units by id, read once."""
        missing = {unit_id for unit_id in unit_ids if unit_id not in self._units}
        query = "SELECT unit, data FROM units WHERE unit IN ({})"
        for unit_id, data in select_in(self._db, query, missing):
            self._units[unit_id] = unit_from_json(data)
        return self._units

    def _update_pairs(self, gone: list[Unit], came: list[Unit]) -> None:
        """Withdraw and post the units, then keep the scored pairs of the blocks in step."""
        left, entered = self._index._blocks.update(gone, came)
        gone_ids, came_ids = self._ids(gone), self._ids(came)
        for column, other in (("a", "b"), ("b", "a")):
            query = f"SELECT {other} FROM pairs WHERE {column} IN ({{}})"
            self._dirty.update(partner for (partner,) in select_in(self._db, query, gone_ids))
            execute_in(self._db, f"DELETE FROM pairs WHERE {column} IN ({{}})", gone_ids)
        kept = [b for b in left if not (gone_ids | came_ids).intersection(b)]
        stored = self._stored_pairs(kept)
        units = self._load({unit_id for band in (*stored, *entered) for unit_id in band})
        for a, b in sorted(stored):
            if not self._index._blocks.compared(units[a], units[b]):
                self._db.execute("DELETE FROM pairs WHERE a = ? AND b = ?", (a, b))
                self._dirty.update((a, b))
        present = self._stored_pairs(b for b in entered if came_ids.isdisjoint(b))
        fresh = []
        for a, b in sorted(entered - present):
            pair = scored_pair(units[a], units[b])
            if pair is not None:
                fresh.append((a, b, pair.weight, pair.same_places, pair.distance))
                self._dirty.update((a, b))
        self._db.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?, ?)", fresh)

    def _stored_pairs(self, bands: Iterable[Band]) -> set[Band]:
        query = "SELECT a, b FROM pairs WHERE (a, b) IN (VALUES {})"
        return set(self._pairs_in(query, bands))

    def _update_links(
        self,
        gone: list[Unit],
        stale: list[Unit],
        incoming: Mapping[str, DocumentEvents],
        relinked: set[str],
    ) -> None:
        """Drop the links of units that went; link the new documents' units, and relink
        the documents whose units were rebuilt."""
        gone_ids = self._ids(gone) | self._ids(stale)
        for column, other in (("earlier", "later"), ("later", "earlier")):
            query = f"SELECT {other} FROM links WHERE {column} IN ({{}})"
            self._dirty.update(partner for (partner,) in select_in(self._db, query, gone_ids))
            execute_in(self._db, f"DELETE FROM links WHERE {column} IN ({{}})", gone_ids)
        window = self._index._limits.window
        fresh: set[Link] = set()
        for doc_id in sorted(set(incoming) | relinked):
            units = self._document_units(doc_id)
            links = antecedent_links(units.values(), window)
            query = "SELECT earlier, later FROM links WHERE later IN ({})"
            held = set(select_in(self._db, query, units))
            for link in held - links:
                self._db.execute("DELETE FROM links WHERE earlier = ? AND later = ?", link)
            fresh |= links - held
            self._dirty.update(unit_id for link in links ^ held for unit_id in link)
        self._db.executemany("INSERT INTO links VALUES (?, ?)", sorted(fresh))

    def _document_units(self, doc_id: str) -> dict[str, Unit]:
        query = "SELECT unit FROM units WHERE doc_id = ?"
        ids = [unit_id for (unit_id,) in self._db.execute(query, (doc_id,))]
        units = self._load(ids)
        return {unit_id: units[unit_id] for unit_id in ids}

    def _recluster(self, seeds: set[str], old_stories: set[str]) -> StoryDelta:
        """Cluster the groups connected to ``seeds`` again and store their stories."""
        group, pairs, links = self._closure(seeds)
        old_stories |= self._stories_of(group)
        units = self._load(group)
        members = [units[unit_id] for unit_id in sorted(group)]
        stories = cluster(members, pairs, links, self._index._limits.checked)
        ids = [story_id(story) for story in stories]
        changed = [
            story
            for story, identity in zip(stories, ids, strict=True)
            if identity not in old_stories or not self._came.isdisjoint(self._ids(story))
        ]
        gone = frozenset(old_stories - set(ids))
        query = "SELECT story, row FROM stories WHERE story IN ({})"
        for story, row in select_in(self._db, query, gone):
            self._digests.remove(story, row)
        execute_in(self._db, "DELETE FROM stories WHERE story IN ({})", gone)
        upserted = [
            row
            for stories_part in _parts(changed, _ROWS_PART)
            for row in self._store_stories(stories_part)
        ]
        self._digests.save(self._db)
        return StoryDelta(tuple(sorted(upserted, key=story_order)), gone, len(group))

    def _closure(self, seeds: set[str]) -> tuple[set[str], list[Pair], list[Link]]:
        """The units connected to ``seeds`` by pairs and links, with those pairs and links."""
        group = set(seeds)
        pairs: dict[Band, tuple[int, int, int]] = {}
        links: set[Link] = set()
        frontier = sorted(seeds)
        while frontier:
            found: set[str] = set()
            for column in ("a", "b"):
                query = f"SELECT * FROM pairs WHERE {column} IN ({{}})"
                for a, b, weight, same_places, distance in select_in(self._db, query, frontier):
                    pairs[(a, b)] = (weight, same_places, distance)
                    found.update((a, b))
            for column in ("earlier", "later"):
                query = f"SELECT earlier, later FROM links WHERE {column} IN ({{}})"
                for link in select_in(self._db, query, frontier):
                    links.add(link)
                    found.update(link)
            frontier = sorted(found - group)
            group |= found
        units = self._load(group)
        ordered = []
        for (a, b), (weight, same_places, distance) in pairs.items():
            first, second = sorted((units[a], units[b]), key=lambda unit: unit.key)
            ordered.append(Pair(weight, same_places, distance, first.unit_id, second.unit_id))
        return group, ordered, sorted(links)

    def _story_inputs(
        self, units: list[Unit]
    ) -> tuple[dict[str, Any], dict[str, str], dict[tuple[str, int], str]]:
        """The event rows, outlets and sentences the stories of ``units`` are written from."""
        events = {
            row["event_id"]: row
            for rows in self._members(unit.unit_id for unit in units).values()
            for row in rows
        }
        doc_ids = {unit.doc_id for unit in units}
        query = "SELECT doc_id, outlet FROM documents WHERE doc_id IN ({})"
        outlets = dict(select_in(self._db, query, doc_ids))
        wanted = sorted({(row["doc_id"], row["sentence_idx"]) for row in events.values()})
        query = "SELECT doc_id, idx, text FROM sentences WHERE (doc_id, idx) IN (VALUES {})"
        sentences = {(doc_id, idx): text for doc_id, idx, text in self._pairs_in(query, wanted)}
        return events, outlets, sentences

    def _pairs_in(self, query: str, keys: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, ...]]:
        """Run ``query``, whose ``{}`` stands for a list of two-value rows, over ``keys``."""
        for batch in batches(keys):
            marks = ",".join("(?, ?)" for _ in batch)
            yield from self._db.execute(query.format(marks), [v for key in batch for v in key])

    def _store_stories(self, stories: list[list[Unit]]) -> list[dict[str, Any]]:
        """Write the rows of new or changed ``stories``; the rows that differ from those held."""
        rows = story_rows(stories, *self._story_inputs([u for story in stories for u in story]))
        new = {row["story_event_id"]: row for row in rows}
        query = "SELECT story, row FROM stories WHERE story IN ({})"
        held = dict(select_in(self._db, query, new))
        encoded = {story: encode(row) for story, row in new.items()}
        upserted = [row for story, row in new.items() if held.get(story) != encoded[story]]
        for row in upserted:
            story = row["story_event_id"]
            if story in held:
                self._digests.remove(story, held[story])
            self._digests.add(story, encoded[story])
        self._db.executemany(
            "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)",
            [
                (story, _iso(row["event_date"]), row_part(story), encoded[story])
                for row in upserted
                for story in (row["story_event_id"],)
            ],
        )
        self._db.executemany(
            "UPDATE units SET story = ? WHERE unit = ?",
            [
                (row["story_event_id"], unit.unit_id)
                for units, row in zip(stories, rows, strict=True)
                for unit in units
            ],
        )
        return upserted


def _parts(stories: list[list[Unit]], size: int) -> Iterator[list[list[Unit]]]:
    """``stories`` in consecutive runs of about ``size`` units (a larger story alone)."""
    part: list[list[Unit]] = []
    units = 0
    for story in stories:
        if part and units + len(story) > size:
            yield part
            part, units = [], 0
        part.append(story)
        units += len(story)
    if part:
        yield part


def _rows(doc: DocumentEvents) -> Iterator[dict[str, Any]]:
    """A document's event rows with every column of ``events``, one at a time."""
    return ({name: row.get(name) for name in _EVENT_COLUMNS} for row in doc.events)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _table(rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """A ``story_events`` frame, built column by column (much faster than row by row)."""
    rows = list(rows)
    schema = polars_schema("story_events")
    return pl.DataFrame({name: [row.get(name) for row in rows] for name in schema}, schema=schema)
