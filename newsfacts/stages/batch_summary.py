"""What the documents step reports of each stored batch, kept between runs.

The rejects table, the documents left unextracted for their language and the
skipped records are sums over every batch of the cache. Reading each batch's
files for them on every run made a build after one new article cost the
whole corpus. A batch's summary is read from its files only when they change
(the digests of the files it is read from are its key) and is otherwise
taken from the state database, so a run reads the batches it wrote.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from newsfacts.stages.declarations import PER_DOCUMENT
from newsfacts.stages.store import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS batch_summaries (
    batch TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    non_english INTEGER NOT NULL,
    skipped_records INTEGER NOT NULL,
    rejects TEXT NOT NULL
);
"""
# Part of every summary's key: change it when what a summary holds changes, so that
# summaries written by an older build are read again from their batches.
FORMAT = "1"
REJECT_COLUMNS = ("source_path", "reason", "detail", "stage", "record")
_FAILURES = tuple(f"failures_{stage}" for stage in PER_DOCUMENT)
_READ = ("articles", "rejects", "skipped_records", *_FAILURES)


@dataclass(frozen=True)
class Summary:
    """One batch's part of the documents step's report; ``rejects`` in the order the
    rejects table takes them (the batch's own rejects, then each stage's failures)."""

    non_english: int
    skipped_records: int
    rejects: list[dict[str, Any]]


def summaries(con: sqlite3.Connection, store: Store, batches: Sequence[str]) -> list[Summary]:
    """The summaries of ``batches``, in their order: kept ones reused, the others read
    from the batch's files and kept; summaries of batches no longer stored are dropped."""
    held = {
        batch: (source, Summary(non_english, skipped, json.loads(rejects)))
        for batch, source, non_english, skipped, rejects in con.execute(
            "SELECT batch, source, non_english, skipped_records, rejects FROM batch_summaries"
        )
    }
    con.executemany(
        "DELETE FROM batch_summaries WHERE batch = ?", [(b,) for b in held.keys() - set(batches)]
    )
    result = []
    for batch in batches:
        source = _source(store, batch)
        kept = held.get(batch)
        if kept is not None and kept[0] == source:
            result.append(kept[1])
            continue
        summary = _summarise(store, batch)
        con.execute(
            "INSERT OR REPLACE INTO batch_summaries VALUES (?, ?, ?, ?, ?)",
            (
                batch,
                source,
                summary.non_english,
                summary.skipped_records,
                json.dumps(summary.rejects),
            ),
        )
        result.append(summary)
    con.commit()
    return result


def _source(store: Store, batch: str) -> str:
    """The key of a batch's summary: the digests of the files it is read from."""
    files = store.batches[batch].files
    return json.dumps([FORMAT, [(t, files[t].digest) for t in _READ if t in files]])


def _summarise(store: Store, batch: str) -> Summary:
    non_english = (
        pl.scan_parquet(store.path(batch, "articles"))
        .filter(pl.col("language") != "en")
        .select(pl.len())
        .collect()
        .item()
    )
    skipped = 0
    if store.has(batch, "skipped_records"):
        records = store.read(batch, "skipped_records")["records"]
        skipped = int(records.sum()) if records.len() else 0
    frames = [store.read(batch, "rejects").select(REJECT_COLUMNS)]
    for failures in (f for f in _FAILURES if store.has(batch, f)):
        frames.append(
            store.read(batch, failures).select(
                "source_path",
                pl.lit("failed_stage").alias("reason"),
                pl.format("document {}: {}", "doc_id", "detail").alias("detail"),
                "stage",
                "record",
            )
        )
    return Summary(
        non_english=int(non_english),
        skipped_records=skipped,
        rejects=pl.concat(frames, how="vertical_relaxed").to_dicts(),
    )
