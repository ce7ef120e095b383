"""Near-duplicate detection: syndicated copies of one story under several outlets.

A wire story republished by another outlet keeps its body but gains or loses the
outlet's chrome (headline wording, promo lines, a trimmed last paragraph), so
byte hashes miss it while a bag-of-words would also join two *different*
articles on the same news. Word shingles (overlapping runs of ``SHINGLE_WORDS``
tokens) sit in between: two reports of the same event written independently
share names and a quote or two, but few runs of five consecutive words.

Similarity is the containment of the shorter document in the longer one
(shared shingles / shingles of the shorter), not Jaccard: a copy cut to its
first paragraphs, or padded with another site's chrome, is still a copy.

Every document gets a MinHash signature of its shingle set
(``newsfacts.signatures``, computed where the document is processed); a
locality-sensitive index
of the signatures' bands, kept in SQLite so that it persists between runs
and updates without being loaded whole, proposes the pairs worth comparing,
and containment is estimated from the signatures. A new document therefore
costs a few index lookups, whatever the size of the corpus.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date
from hashlib import blake2b

import numpy as np
import polars as pl

from newsfacts.signatures import NUM_PERM, Signature, signature

# Shared-shingle share of the shorter text above which two documents are copies. Independent
# reports on one event share quotes and names (measured on the seeds: at most ~0.15), while a
# copy re-wrapped in other chrome keeps nearly all of its body (> 0.9).
MIN_CONTAINMENT = 0.7
# Texts shorter than this many shingles (a title, an empty body) carry too little to call them
# copies of anything.
MIN_SHINGLES = 20
# Estimated Jaccard similarity at which the band index proposes a pair. A copy holding 0.7
# of its shingles in a document twice its size has Jaccard 0.7 / 2.3 = 0.30, so copies
# trimmed to half their length are still proposed; the containment test then decides.
LSH_THRESHOLD = 0.3


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of the smaller shingle set found in the larger one."""
    if not a.shingles or not b.shingles:
        return 0.0
    jaccard = float(np.count_nonzero(a.array() == b.array())) / NUM_PERM
    small, large = sorted((a.shingles, b.shingles))
    return min(1.0, jaccard * (small + large) / ((1 + jaccard) * small))


def is_copy(a: Signature, b: Signature) -> bool:
    return min(a.shingles, b.shingles) >= MIN_SHINGLES and containment(a, b) >= MIN_CONTAINMENT


# The band index: BANDS bands of ROWS signature values each, the split datasketch's
# ``MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)`` finds optimal (weighing false
# positives and negatives equally; ``tests/test_signatures.py`` checks that it still does).
# Written out because computing it imports SciPy, half a second of every build.
BANDS, ROWS = 37, 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dup_docs (
    doc_id TEXT PRIMARY KEY, shingles INTEGER, signature BLOB, published TEXT
);
CREATE TABLE IF NOT EXISTS dup_bands (band INTEGER, hash BLOB, doc_id TEXT);
CREATE INDEX IF NOT EXISTS dup_bands_key ON dup_bands (band, hash);
CREATE INDEX IF NOT EXISTS dup_bands_doc ON dup_bands (doc_id);
CREATE TABLE IF NOT EXISTS dup_pairs (a TEXT, b TEXT, PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS dup_pairs_b ON dup_pairs (b);
CREATE TABLE IF NOT EXISTS dup_of (doc_id TEXT PRIMARY KEY, original TEXT);
"""


def _band_hashes(sig: Signature) -> list[bytes]:
    values = sig.array()
    return [
        blake2b(values[i * ROWS : (i + 1) * ROWS].tobytes(), digest_size=8).digest()
        for i in range(BANDS)
    ]


def _original_order(published: str | None, doc_id: str) -> tuple[bool, str, str]:
    """Earliest publication first, undated documents last, doc_id breaking ties."""
    return (published is None, published or "", doc_id)


class DuplicateIndex:
    """The persisted band index, copy pairs and copy -> original map.

    ``apply`` adds and removes documents; the copy groups (pairs joined
    transitively) of the documents touched are re-derived, and each group's
    original is its earliest document by publication date (undated last),
    then doc_id.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        con.executescript(_SCHEMA)

    def clear(self) -> None:
        """Forget everything (when the detection's code or settings changed)."""
        for table in ("dup_docs", "dup_bands", "dup_pairs", "dup_of"):
            self.con.execute(f"DELETE FROM {table}")

    def apply(
        self, added: Mapping[str, tuple[Signature, date | None]], removed: Iterable[str]
    ) -> None:
        touched: set[str] = set()
        for doc_id in {*removed, *added}:
            touched |= self._remove(doc_id)
        for doc_id in sorted(added):
            sig, published = added[doc_id]
            touched |= self._add(doc_id, sig, published)
        self._regroup(touched)

    def duplicate_of(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT doc_id, original FROM dup_of").fetchall())

    def _add(self, doc_id: str, sig: Signature, published: date | None) -> set[str]:
        con = self.con
        con.execute(
            "INSERT INTO dup_docs VALUES (?, ?, ?, ?)",
            (doc_id, sig.shingles, sig.values, published.isoformat() if published else None),
        )
        bands = _band_hashes(sig)
        candidates: set[str] = set()
        for band, value in enumerate(bands):
            rows = con.execute(
                "SELECT doc_id FROM dup_bands WHERE band = ? AND hash = ?", (band, value)
            )
            candidates.update(row[0] for row in rows)
        con.executemany(
            "INSERT INTO dup_bands VALUES (?, ?, ?)",
            [(band, value, doc_id) for band, value in enumerate(bands)],
        )
        touched = {doc_id}
        for other in sorted(candidates):
            shingle_count, values = con.execute(
                "SELECT shingles, signature FROM dup_docs WHERE doc_id = ?", (other,)
            ).fetchone()
            if is_copy(sig, Signature(shingle_count, values)):
                con.execute(
                    "INSERT OR IGNORE INTO dup_pairs VALUES (?, ?)", sorted((doc_id, other))
                )
                touched.add(other)
        return touched

    def _remove(self, doc_id: str) -> set[str]:
        con = self.con
        partners = self._partners(doc_id)
        for table in ("dup_docs", "dup_bands", "dup_of"):
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM dup_pairs WHERE a = ? OR b = ?", (doc_id, doc_id))
        return partners

    def _partners(self, doc_id: str) -> set[str]:
        rows = self.con.execute(
            "SELECT b FROM dup_pairs WHERE a = ? UNION SELECT a FROM dup_pairs WHERE b = ?",
            (doc_id, doc_id),
        )
        return {row[0] for row in rows}

    def _regroup(self, touched: set[str]) -> None:
        """Re-derive the groups holding ``touched`` documents and their originals."""
        seen: set[str] = set()
        for start in sorted(touched):
            if start in seen:
                continue
            group, frontier = {start}, [start]
            while frontier:
                for partner in self._partners(frontier.pop()):
                    if partner not in group:
                        group.add(partner)
                        frontier.append(partner)
            seen |= group
            self._assign(group)

    def _assign(self, group: set[str]) -> None:
        con = self.con
        marks = ",".join("?" * len(group))
        con.execute(f"DELETE FROM dup_of WHERE doc_id IN ({marks})", sorted(group))
        dated = con.execute(
            f"SELECT doc_id, published FROM dup_docs WHERE doc_id IN ({marks})", sorted(group)
        ).fetchall()
        if len(dated) < 2:
            return
        kept = min(dated, key=lambda row: _original_order(row[1], row[0]))[0]
        con.executemany(
            "INSERT INTO dup_of VALUES (?, ?)",
            [(doc_id, kept) for doc_id, _ in dated if doc_id != kept],
        )


def find_duplicates(articles: pl.DataFrame) -> dict[str, str]:
    """Map each near-duplicate doc_id to the doc_id of the copy that is kept.

    The whole-corpus form of ``DuplicateIndex`` (the same algorithm, applied
    once in memory). Documents that copy nothing are absent from the result.
    """
    index = DuplicateIndex(sqlite3.connect(":memory:"))
    added = {
        doc_id: (signature(text or ""), published)
        for doc_id, published, text in articles.select(
            "doc_id", "published_date", "clean_text"
        ).iter_rows()
    }
    index.apply(added, [])
    return index.duplicate_of()
