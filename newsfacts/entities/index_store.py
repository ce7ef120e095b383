"""Where the entity index keeps its state: SQLite tables and indexed queries on them.

``EntityIndex`` (in ``resolve``) decides what changes; this module only stores
and finds rows. Every method takes or returns a bounded set of name keys and
every query goes through an index, so an update reads what it touches and
never the whole corpus. The tables:

- ``counts``: per name key, how many mentions have each entity type, each key
  and each surface. Counts rather than flags, so removing exactly the mentions a
  document once added restores the previous state;
- ``groups``: one row per name key that has mentions: its majority type, its
  vowel skeleton, its name words, the fuller person name it links to, and the
  root (smallest name key) of the cluster it belongs to;
- ``person_words``: which person groups contain a name word (for the
  shorter/fuller name links);
- ``fuzzy_links``: near-identical organisation names, stored both ways;
- ``clusters``: one row per entity, keyed by its root, with its canonical name,
  type, aliases, id base (slug of the name) and id;
- ``documents`` and ``document_mentions``: what each document contributed (a
  digest of its mentions, and the key, type and surface of each), so that a
  document can be replaced or removed by its id alone, in the same transaction;
- ``state``: the generation, a new random token at every committed update, so
  tables derived from the index can tell whether they were derived from the
  state it holds now.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

# Bumped whenever the tables change: a file written under another layout is
# refused instead of being read wrongly.
SCHEMA_VERSION = 3
# Name keys per ``IN (...)`` list: well below SQLite's limit on bound
# parameters (32766), also for the query that repeats its list four times.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE counts (
    name_key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (name_key, field, value)
) WITHOUT ROWID;
CREATE TABLE groups (
    name_key TEXT PRIMARY KEY, entity_type TEXT NOT NULL, skeleton TEXT NOT NULL,
    words TEXT NOT NULL, n_words INTEGER NOT NULL, person_target TEXT, cluster TEXT
) WITHOUT ROWID;
CREATE INDEX groups_by_frame ON groups (entity_type, skeleton);
CREATE INDEX groups_by_type ON groups (entity_type, name_key);
CREATE INDEX groups_by_target ON groups (person_target);
CREATE INDEX groups_by_cluster ON groups (cluster);
CREATE TABLE person_words (
    word TEXT NOT NULL, name_key TEXT NOT NULL, PRIMARY KEY (word, name_key)
) WITHOUT ROWID;
CREATE TABLE fuzzy_links (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE clusters (
    root TEXT PRIMARY KEY, name TEXT NOT NULL, entity_type TEXT NOT NULL,
    aliases TEXT NOT NULL, base TEXT NOT NULL, entity_id TEXT
) WITHOUT ROWID;
CREATE INDEX clusters_by_base ON clusters (base);
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE document_mentions (
    doc_id TEXT NOT NULL, key TEXT NOT NULL, entity_type TEXT NOT NULL, surface TEXT NOT NULL
);
CREATE INDEX document_mentions_by_doc ON document_mentions (doc_id);
CREATE TABLE state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

_EDGES = """
SELECT g.name_key, o.name_key FROM groups AS g JOIN groups AS o
    ON o.entity_type = g.entity_type AND o.skeleton = g.skeleton AND o.name_key != g.name_key
    WHERE g.name_key IN ({marks})
UNION ALL SELECT name_key, person_target FROM groups
    WHERE name_key IN ({marks}) AND person_target IS NOT NULL
UNION ALL SELECT person_target, name_key FROM groups WHERE person_target IN ({marks})
UNION ALL SELECT a, b FROM fuzzy_links WHERE a IN ({marks})
"""


class Group(NamedTuple):
    """The link-relevant facts of one name key (all but the type depend on the key alone)."""

    name_key: str
    entity_type: str
    skeleton: str
    words: frozenset[str]


class Cluster(NamedTuple):
    """One entity: its groups' root (smallest name key) and its ``entities`` row."""

    root: str
    name: str
    entity_type: str
    aliases: tuple[str, ...]
    base: str
    entity_id: str | None


class IndexStore:
    """A SQLite file (or ``":memory:"``) holding the entity index's tables."""

    def __init__(self, path: str | Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise ValueError(f"{path}: entity index schema {version}, expected {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a failed update leaves the index as it was."""
        self._db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def generation(self) -> str | None:
        """The token of the last committed update (None before the first)."""
        row = self._db.execute("SELECT value FROM state WHERE name = 'generation'").fetchone()
        return None if row is None else str(row[0])

    def new_generation(self) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO state VALUES ('generation', ?)", (uuid.uuid4().hex,)
        )

    # documents

    def documents(self) -> dict[str, str]:
        """doc_id -> digest of the mentions it contributed."""
        return dict(self._db.execute("SELECT doc_id, digest FROM documents").fetchall())

    def document_mentions(self, doc_ids: Collection[str]) -> list[tuple[str, str, str, str]]:
        """(doc_id, key, entity_type, surface) of every mention the documents contributed."""
        return self._select_in(
            "SELECT doc_id, key, entity_type, surface FROM document_mentions "
            "WHERE doc_id IN ({marks})",
            doc_ids,
        )

    def drop_documents(self, doc_ids: Collection[str]) -> None:
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            self._db.execute(f"DELETE FROM documents WHERE doc_id IN ({marks})", chunk)
            self._db.execute(f"DELETE FROM document_mentions WHERE doc_id IN ({marks})", chunk)

    def put_documents(
        self, digests: Mapping[str, str], mentions: Iterable[tuple[str, str, str, str]]
    ) -> None:
        self._db.executemany("INSERT INTO documents VALUES (?, ?)", digests.items())
        self._db.executemany("INSERT INTO document_mentions VALUES (?, ?, ?, ?)", mentions)

    # counts

    def add_counts(self, deltas: Mapping[tuple[str, str, str], int]) -> None:
        """Add signed counts per (name key, field, value); a count may not go below zero."""
        self._db.executemany(
            "INSERT INTO counts VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name_key, field, value) DO UPDATE SET n = n + excluded.n",
            ((*k, n) for k, n in deltas.items()),
        )
        rows = [k for k, n in deltas.items() if n < 0]
        self._db.executemany(
            "DELETE FROM counts WHERE name_key = ? AND field = ? AND value = ? AND n = 0", rows
        )
        negative = self._select_in(
            "SELECT name_key, field, value FROM counts WHERE n < 0 AND name_key IN ({marks})",
            {k[0] for k in rows},
        )
        if negative:
            raise ValueError(f"removed mentions that were never added: {negative[:3]}")

    def counts(self, keys: Collection[str]) -> dict[str, list[tuple[str, str, int]]]:
        """(field, value, count) rows per name key."""
        found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        sql = "SELECT name_key, field, value, n FROM counts WHERE name_key IN ({marks})"
        for key, field, value, n in self._select_in(sql, keys):
            found[key].append((field, value, n))
        return found

    # groups

    def states(self, keys: Collection[str]) -> dict[str, tuple[str, str | None]]:
        """(type, cluster root) of the name keys that have a group."""
        sql = "SELECT name_key, entity_type, cluster FROM groups WHERE name_key IN ({marks})"
        return {key: (entity_type, root) for key, entity_type, root in self._select_in(sql, keys)}

    def n_words(self, keys: Collection[str]) -> dict[str, int]:
        sql = "SELECT name_key, n_words FROM groups WHERE name_key IN ({marks})"
        return dict(self._select_in(sql, keys))

    def drop_groups(self, keys: Collection[str]) -> None:
        """Forget these groups with their word postings and fuzzy links."""
        sql = "SELECT a, b FROM fuzzy_links WHERE a IN ({marks})"
        pairs = self._select_in(sql, keys)
        self._db.executemany("DELETE FROM fuzzy_links WHERE a = ? AND b = ?", pairs)
        self._db.executemany("DELETE FROM fuzzy_links WHERE a = ? AND b = ?", _swapped(pairs))
        sql = (
            "SELECT words, name_key FROM groups "
            "WHERE entity_type = 'PERSON' AND name_key IN ({marks})"
        )
        postings = [(w, key) for words, key in self._select_in(sql, keys) for w in words.split()]
        self._db.executemany("DELETE FROM person_words WHERE word = ? AND name_key = ?", postings)
        self._db.executemany("DELETE FROM groups WHERE name_key = ?", ((k,) for k in keys))

    def put_groups(self, groups: Iterable[Group]) -> None:
        """Insert groups, not yet linked to a fuller name nor part of a cluster."""
        groups = list(groups)
        self._db.executemany(
            "INSERT INTO groups VALUES (?, ?, ?, ?, ?, NULL, NULL)",
            ((g.name_key, g.entity_type, g.skeleton, _text(g.words), len(g.words)) for g in groups),
        )
        self._db.executemany(
            "INSERT INTO person_words VALUES (?, ?)",
            ((w, g.name_key) for g in groups if g.entity_type == "PERSON" for w in g.words),
        )

    def people_with_words(self, words: Collection[str]) -> dict[str, frozenset[str]]:
        """Name words of every person group that has one of ``words``."""
        sql = (
            "SELECT g.name_key, g.words FROM person_words AS p JOIN groups AS g USING (name_key) "
            "WHERE p.word IN ({marks})"
        )
        return {key: _words(text) for key, text in self._select_in(sql, words)}

    def person_targets(self, keys: Collection[str]) -> dict[str, str | None]:
        sql = "SELECT name_key, person_target FROM groups WHERE name_key IN ({marks})"
        return dict(self._select_in(sql, keys))

    def set_person_targets(self, targets: Mapping[str, str | None]) -> None:
        self._db.executemany(
            "UPDATE groups SET person_target = ? WHERE name_key = ?", _swapped(targets.items())
        )

    def block(self, entity_type: str, initial: str) -> list[str]:
        """Name keys of one type starting with one character."""
        rows = self._db.execute(
            "SELECT name_key FROM groups WHERE entity_type = ? AND name_key >= ? AND name_key < ?",
            (entity_type, initial, chr(ord(initial) + 1)),
        )
        return [key for (key,) in rows]

    def add_fuzzy_links(self, key: str, others: Iterable[str]) -> None:
        pairs = [(key, other) for other in others]
        sql = "INSERT OR IGNORE INTO fuzzy_links VALUES (?, ?)"
        self._db.executemany(sql, pairs)
        self._db.executemany(sql, _swapped(pairs))

    def edges(self, keys: Collection[str]) -> list[tuple[str, str]]:
        """Every link (a, b) with a among ``keys``: same frame, fuller name either way, fuzzy."""
        found: list[tuple[str, str]] = []
        for chunk in _chunks(keys):
            marks = ", ".join("?" * len(chunk))
            found += self._db.execute(_EDGES.format(marks=marks), chunk * 4).fetchall()
        return found

    # clusters

    def members(self, roots: Collection[str]) -> dict[str, str]:
        """Cluster root of every group in these clusters."""
        sql = "SELECT name_key, cluster FROM groups WHERE cluster IN ({marks})"
        return dict(self._select_in(sql, roots))

    def clusters(self, roots: Collection[str]) -> dict[str, Cluster]:
        sql = "SELECT * FROM clusters WHERE root IN ({marks})"
        return {row[0]: _cluster(row) for row in self._select_in(sql, roots)}

    def clusters_with_bases(self, bases: Collection[str]) -> list[Cluster]:
        sql = "SELECT * FROM clusters WHERE base IN ({marks})"
        return [_cluster(row) for row in self._select_in(sql, bases)]

    def has_base(self, base: str) -> bool:
        sql = "SELECT 1 FROM clusters WHERE base = ? LIMIT 1"
        return self._db.execute(sql, (base,)).fetchone() is not None

    def replace_clusters(
        self, old_roots: Collection[str], clusters: Iterable[Cluster], members: Mapping[str, str]
    ) -> None:
        """Drop the old clusters, store the new ones (ids to be assigned) and their members."""
        self._db.executemany("DELETE FROM clusters WHERE root = ?", ((r,) for r in old_roots))
        self._db.executemany(
            "INSERT INTO clusters VALUES (?, ?, ?, ?, ?, NULL)",
            ((c.root, c.name, c.entity_type, json.dumps(c.aliases), c.base) for c in clusters),
        )
        sql = "UPDATE groups SET cluster = ? WHERE name_key = ?"
        self._db.executemany(sql, _swapped(members.items()))

    def set_entity_ids(self, ids: Mapping[str, str]) -> None:
        sql = "UPDATE clusters SET entity_id = ? WHERE root = ?"
        self._db.executemany(sql, _swapped(ids.items()))

    # lookups

    def entities_of(self, keys: Collection[str]) -> dict[str, tuple[str, str]]:
        """(entity_id, name) of the name keys that have an entity."""
        sql = (
            "SELECT g.name_key, c.entity_id, c.name FROM groups AS g "
            "JOIN clusters AS c ON c.root = g.cluster WHERE g.name_key IN ({marks})"
        )
        return {key: (entity_id, name) for key, entity_id, name in self._select_in(sql, keys)}

    def mapping(self) -> dict[str, tuple[str, str]]:
        rows = self._db.execute(
            "SELECT g.name_key, c.entity_id, c.name FROM groups AS g "
            "JOIN clusters AS c ON c.root = g.cluster"
        )
        return {key: (entity_id, name) for key, entity_id, name in rows}

    def all_clusters(self) -> list[Cluster]:
        return [
            _cluster(row) for row in self._db.execute("SELECT * FROM clusters ORDER BY entity_id")
        ]

    def _select_in(
        self, sql: str, values: Collection[str], params: tuple[Any, ...] = ()
    ) -> list[Any]:
        """Run ``sql`` with its ``IN ({marks})`` list filled by ``values``, chunk by chunk."""
        found: list[Any] = []
        for chunk in _chunks(values):
            marks = ", ".join("?" * len(chunk))
            found += self._db.execute(sql.format(marks=marks), (*chunk, *params)).fetchall()
        return found


def _chunks(values: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _swapped(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [(b, a) for a, b in pairs]


def _text(words: frozenset[str]) -> str:
    """Name words as stored: sorted, space-separated (word skeletons hold no spaces)."""
    return " ".join(sorted(words))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _cluster(row: tuple[Any, ...]) -> Cluster:
    root, name, entity_type, aliases, base, entity_id = row
    return Cluster(root, name, entity_type, tuple(json.loads(aliases)), base, entity_id)
