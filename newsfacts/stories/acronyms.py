"""Acronym expansions kept up to date as documents come and go.

What an acronym stands for depends on every party any document names (see
``acronym_expansions``): "RSF" expands to "rapid-support-forces" while that is
the only party with those initials, and to nothing once a second one
appears. The index counts the mentions naming each party, so a change of
documents re-evaluates only the acronyms whose bearers changed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable

from newsfacts.sqlite_store import select_in
from newsfacts.stories.parties import expansion, initials

SCHEMA = """
CREATE TABLE IF NOT EXISTS parties (party TEXT PRIMARY KEY, mentions INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS initials (
    acronym TEXT, party TEXT, PRIMARY KEY (acronym, party)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS expansions (acronym TEXT PRIMARY KEY, party TEXT NOT NULL);
"""


class Acronyms:
    """Party mention counts and the acronym expansions they imply, in an index file."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def update(self, gone: Iterable[str], came: Iterable[str]) -> set[str]:
        """Count the party ids of mentions that left (``gone``) and arrived (``came``);
        returns the acronyms whose expansion changed."""
        delta = Counter(came)
        delta.subtract(gone)
        before = self._counts(delta)
        appeared, vanished = set(), set()
        for party, change in delta.items():
            if not change:
                continue
            now = before.get(party, 0) + change
            if now:
                self._db.execute("INSERT OR REPLACE INTO parties VALUES (?, ?)", (party, now))
            else:
                self._db.execute("DELETE FROM parties WHERE party = ?", (party,))
            if now and not before.get(party):
                appeared.add(party)
            elif before.get(party) and not now:
                vanished.add(party)
        for party in appeared:
            rows = [(acronym, party) for acronym in initials(party)]
            self._db.executemany("INSERT INTO initials VALUES (?, ?)", rows)
        for party in vanished:
            self._db.execute("DELETE FROM initials WHERE party = ?", (party,))
        touched = appeared | vanished
        return self._reevaluate(touched | {a for party in touched for a in initials(party)})

    def lookup(self, parties: Iterable[str]) -> dict[str, str]:
        """The expansions of those of ``parties`` that are acronyms of another party."""
        query = "SELECT acronym, party FROM expansions WHERE acronym IN ({})"
        return dict(select_in(self._db, query, set(parties)))

    def _counts(self, parties: Iterable[str]) -> dict[str, int]:
        query = "SELECT party, mentions FROM parties WHERE party IN ({})"
        return dict(select_in(self._db, query, parties))

    def _reevaluate(self, acronyms: set[str]) -> set[str]:
        """Recompute the expansion of ``acronyms``; returns those that changed."""
        named = set(self._counts(acronyms))
        bearers: dict[str, set[str]] = {acronym: set() for acronym in acronyms}
        query = "SELECT acronym, party FROM initials WHERE acronym IN ({})"
        for acronym, party in select_in(self._db, query, acronyms):
            bearers[acronym].add(party)
        old = self.lookup(acronyms)
        changed = set()
        for acronym in sorted(acronyms):
            new = expansion(acronym in named, bearers[acronym])
            if new != old.get(acronym):
                changed.add(acronym)
                self._db.execute("DELETE FROM expansions WHERE acronym = ?", (acronym,))
                if new is not None:
                    self._db.execute("INSERT INTO expansions VALUES (?, ?)", (acronym, new))
        return changed
