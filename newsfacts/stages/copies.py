"""Documents held by several input files: the first is kept, the copies leave every table.

Two files (or records) with the same bytes are one document with one doc_id.
Each file's rows stay in its batch of the cache, so removing or editing the
kept file brings a copy back without re-reading it; the copies are only left
out when the batch's parts are published (``newsfacts.ingest.find_copies``
decides which document is kept).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from newsfacts.ingest import Copy, find_copies
from newsfacts.stages.store import Store


@dataclass
class Copies:
    """The copies, and per batch what its published parts leave out.

    ``foreign``: doc_ids whose kept document is in another batch (every row
    goes); ``local``: (source_path, doc_id) of copies whose kept document is in
    the same batch (the copy's article row goes, identical rows of the other
    tables are kept once).
    """

    copies: list[Copy] = field(default_factory=list)
    batch_of: dict[str, str] = field(default_factory=dict)
    foreign: dict[str, set[str]] = field(default_factory=dict)
    local: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> Copies:
        entries = list(store.files.values())
        batch_of = {entry.source_path: entry.batch for entry in entries}
        copies = find_copies((entry.source_path, entry.doc_ids) for entry in entries)
        foreign: dict[str, set[str]] = defaultdict(set)
        local: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for copy in copies:
            batch = batch_of[copy.source_path]
            if batch == batch_of[copy.kept_path]:
                local[batch].add((copy.source_path, copy.doc_id))
            else:
                foreign[batch].add(copy.doc_id)
        return cls(copies, batch_of, dict(foreign), dict(local))

    def batches(self) -> set[str]:
        """The batches holding a copy or a kept document that has copies."""
        return {self.batch_of[p] for c in self.copies for p in (c.source_path, c.kept_path)}

    def recipe(self, batch: str) -> list[list[str]]:
        """What the batch's parts leave out: a part is rewritten when this changes."""
        local = sorted(f"{path}\0{doc_id}" for path, doc_id in self.local.get(batch, ()))
        return [sorted(self.foreign.get(batch, ())), local]

    def without(self, batch: str, df: pl.DataFrame) -> pl.DataFrame:
        """The rows of a per-document table of ``batch`` that are no copy."""
        foreign, local = self.foreign.get(batch), self.local.get(batch)
        if "doc_id" not in df.columns or not (foreign or local):
            return df
        if foreign:
            df = df.filter(~pl.col("doc_id").is_in(sorted(foreign)))
        if local and "source_path" in df.columns:
            key = pl.concat_str("source_path", "doc_id", separator="\0")
            df = df.filter(~key.is_in([f"{path}\0{doc_id}" for path, doc_id in local]))
        elif local:
            df = df.unique(maintain_order=True)
        return df
