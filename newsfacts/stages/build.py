"""One build: bring every stage up to date, stage a new version, publish it.

``Build`` is the whole pipeline as plain method calls — the Dagster assets
call the same methods one asset at a time, and ``run_all`` calls them in
order for scripts and tests. A build

1. refuses a missing seeds folder or invalid reference data
   (``newsfacts.reference_check``) before touching anything, takes the
   warehouse lock and opens a staging version (``newsfacts.stages.publish``);
2. ``documents``: scans the seeds (hashing only touched files), verifies the
   cache, works out which files are new, changed or gone and which stored
   batches a stage version change made stale, runs the per-document map over
   that work only (``newsfacts.stages.document_map``, on all cores or a Dask
   cluster), and updates near-duplicate detection;
3. ``entities``, ``quotes``, ``events``, ``figures``: resolves document-level
   names into entities and rewrites only the parts (batches) of the
   published tables whose inputs changed;
4. ``stories``, ``claims``: the cross-source tables;
5. ``publish``: the DuckDB file and the atomic switch.

Which parts to rewrite is decided against the published version (each part
records the cache files it was built from, and the version keeps the name
-> entity mapping it used), so a build that failed half-way is repaired by
the next one, never left half-applied.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from newsfacts.claims import ClaimIndex
from newsfacts.duplicates import DuplicateIndex
from newsfacts.entities.resolve import EntityIndex
from newsfacts.heap import releases_memory
from newsfacts.ingest import (
    Reject,
    SeedFile,
    duplicate_detail,
    split_duplicates,
)
from newsfacts.paths import Paths
from newsfacts.reference_check import check_reference
from newsfacts.schemas import TABLES, frame
from newsfacts.signatures import Signature
from newsfacts.sqlite_store import execute_in, select_in
from newsfacts.stages import batch_summary, publish
from newsfacts.stages.copies import Copies
from newsfacts.stages.cross_document import claims as claim_step
from newsfacts.stages.cross_document import entities as entity_step
from newsfacts.stages.cross_document import stories as story_step
from newsfacts.stages.declarations import PER_DOCUMENT, stage_versions
from newsfacts.stages.document_map import (
    EXTRACTORS,
    BatchResult,
    BatchTask,
    FileTask,
    candidate_lines,
    chunk_candidate_lines,
    run_batch,
    stage_tables,
)
from newsfacts.stages.executor import SERIAL_BELOW, Executor, SerialExecutor, executor_from_env
from newsfacts.stages.freshness import (
    SCAN_CACHE,
    digest,
    scan,
    seeds_fingerprint,
)
from newsfacts.stages.progress import Progress
from newsfacts.stages.store import FileEntry, Store, store_frames, write_json_atomic
from newsfacts.stories import StoryIndex

LOG = logging.getLogger(__name__)

# Files per batch: enough to amortise a task's overhead, few enough that a cold
# build over thousands of files still spreads over every worker.
MIN_BATCH_FILES = 16
MAX_BATCH_FILES = 256
TASKS_PER_WORKER = 4
# Batches of fewer than MIN_BATCH_FILES files that a build merges into one (``_merged``).
SMALL_BATCHES = 16
# A short line repeated in this many documents is site chrome, whatever it says.
REPEATED_MIN_DOCS = 3
GLOBAL_PART = "all"
_FILE_LINES = "SELECT line FROM repeat_lines WHERE file_key = ?"
_COUNT_UP = (
    "INSERT INTO repeat_counts VALUES (?, 1) ON CONFLICT (line) DO UPDATE SET files = files + 1"
)
_COUNT_DOWN = "UPDATE repeat_counts SET files = files - 1 WHERE line = ?"
# Tables written in parts by a hash of the row id (``sqlite_store.row_part``), not by batch.
ROW_PART_TABLES = frozenset({"story_events", "figure_claims"})
DOCUMENT_TABLES = ("articles", "boilerplate", "sentences")

_STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS repeat_files (file_key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS repeat_lines (file_key TEXT, line TEXT);
CREATE INDEX IF NOT EXISTS repeat_lines_key ON repeat_lines (file_key);
CREATE INDEX IF NOT EXISTS repeat_lines_line ON repeat_lines (line);
CREATE TABLE IF NOT EXISTS repeat_counts (line TEXT PRIMARY KEY, files INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS repeat_counts_files ON repeat_counts (files);
CREATE TABLE IF NOT EXISTS repeat_pending (file_key TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS absorbed (step TEXT, batch TEXT, digest TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS dup_batches (batch TEXT, digest TEXT, doc_id TEXT);
CREATE INDEX IF NOT EXISTS dup_batches_batch ON dup_batches (batch);
CREATE INDEX IF NOT EXISTS dup_batches_doc ON dup_batches (doc_id);
CREATE TABLE IF NOT EXISTS digests (
    step TEXT, doc_id TEXT, digest TEXT, PRIMARY KEY (step, doc_id)
);
"""


class MissingSeedsError(FileNotFoundError):
    """The seeds folder does not exist: nothing is built, nothing is touched."""


@dataclass
class StageRun:
    """What one stage did, for logs and UI metadata."""

    computed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class StageReport:
    """Counts and notes of one stage, shown as materialisation metadata."""

    rows: dict[str, int]
    run: StageRun = field(default_factory=StageRun)
    notes: dict[str, Any] = field(default_factory=dict)


class Build:
    """A build of ``paths.seeds_dir`` into ``paths.warehouse_dir``; use as a context manager."""

    def __init__(
        self, paths: Paths, executor: Executor | None = None, run_id: str | None = None
    ) -> None:
        self.paths = paths
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self._executor = executor
        self.versions: dict[str, str] = {}
        self.reports: dict[str, StageReport] = {}
        self.seeds_fingerprint = ""
        self._lock: Any = None
        self._mapping: pl.DataFrame | None = None
        self._dirty_keys: set[str] = set()
        self._dup_of: dict[str, str] = {}
        self._found_copies: Copies | None = None
        self._repaired: list[str] = []
        self._summaries: list[batch_summary.Summary] | None = None
        self.published: Path | None = None
        self.staging: publish.Staging
        self.store: Store
        self.state: sqlite3.Connection

    # --- lifecycle --------------------------------------------------------------------

    def __enter__(self) -> Build:
        self.open()
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        self.close(success=error is None)

    def open(self) -> None:
        """Refuse a missing seeds folder or broken reference data before touching anything."""
        if not self.paths.seeds_dir.is_dir():
            raise MissingSeedsError(
                f"the seeds folder {self.paths.seeds_dir} does not exist: nothing was built "
                "and the warehouse was not touched (set NEWSFACTS_SEEDS_DIR or create it)"
            )
        check_reference()
        self.versions = stage_versions()
        self._lock = publish.lock(self.paths)
        try:
            self.paths.store_dir.mkdir(parents=True, exist_ok=True)
            self.store = Store.open(self.paths.store_dir)
            self.state = sqlite3.connect(self.paths.store_dir / "state.sqlite")
            self.state.executescript(_STATE_SCHEMA + batch_summary.SCHEMA)
            self.staging = publish.Staging.create(self.paths, self.run_id)
        except BaseException:
            self._lock.release()
            self._lock = None
            raise

    def close(self, success: bool) -> None:
        try:
            if not success and hasattr(self, "staging"):
                self.staging.discard()
            if hasattr(self, "state"):
                self.state.close()
            if self._executor is not None:
                self._executor.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            self._executor = executor_from_env()
        return self._executor

    # --- documents --------------------------------------------------------------------

    @releases_memory
    def documents(self) -> StageReport:
        """Per-document stages for new, changed and stale work; copies; document tables."""
        seeds, cache = scan(self.paths)
        write_json_atomic(cache, self.paths.store_dir / SCAN_CACHE, indent=None)
        self.seeds_fingerprint = seeds_fingerprint(seeds)
        kept, duplicates = split_duplicates(seeds)
        by_key = {s.fingerprint: s for s in kept}
        repeated = self._repeated_lines(by_key)
        fingerprints = self._fingerprints(by_key, repeated)
        run = StageRun()
        damaged = self._verify()
        keep = self._reusable(by_key, fingerprints, damaged)
        merged = self._merged(keep)
        keep -= merged
        merged_batches = len({self.store.files[key].batch for key in merged})
        run.pruned.extend(
            self.store.files[k].source_path for k in set(self.store.files) - set(by_key)
        )
        run.reused.extend(self.store.files[k].source_path for k in keep)
        self._drop_files(set(self.store.files) - keep)
        ingest = sorted(set(by_key) - keep, key=lambda key: by_key[key].source_path)
        tasks = self._ingest_tasks(ingest, by_key, repeated)
        tasks += self._stale_tasks({t.batch for t in tasks}, damaged)
        failed = self._map(tasks, fingerprints, by_key, run)
        self.store.commit()
        self.state.execute("DELETE FROM repeat_pending")
        self.state.commit()
        self._summaries = None
        self._found_copies = Copies.of(self.store)
        self._update_duplicates()
        rows = self._publish_documents([*duplicates, *failed, *self._copy_rejects()])
        report = StageReport(
            rows=rows,
            run=run,
            notes={
                "seed_files": len(seeds),
                "rejected_files": rows["rejects"],
                "executor": self.executor.name if tasks else "none",
                "workers": self.executor.workers if tasks else 0,
                "repaired_cache_files": len(self._repaired),
                "small_batches_merged": merged_batches,
                "non_english_documents": self._not_extracted(),
                "skipped_records": self._skipped_records(),
            },
        )
        self.reports["documents"] = report
        return report

    def _repeated_lines(self, by_key: Mapping[str, SeedFile]) -> dict[str, frozenset[str]]:
        """Per plain-text file, its short lines that recur in ``REPEATED_MIN_DOCS`` files.

        Each file's candidate lines are read once and kept in the state
        database, with the number of files each line is in (``repeat_counts``,
        kept in step as files come and go): finding the frequent lines reads
        only them, not every line of the corpus. The files holding a line that
        became frequent or stopped being so have new fingerprints: they are
        marked in ``repeat_pending`` in the same transaction as the counts, and
        unmarked once a committed store has taken them in, so a run that dies
        in between leaves them marked.
        """
        con = self.state
        self._count_repeats_once()
        self._pend_every_file_once()
        known = {row[0] for row in con.execute("SELECT file_key FROM repeat_files")}
        gone = sorted(known - by_key.keys())
        new = self._candidates(
            [k for k in sorted(by_key.keys() - known) if by_key[k].source_format == "text"],
            by_key,
        )
        lines = {line for key in gone for (line,) in con.execute(_FILE_LINES, (key,))}
        lines.update(line for found in new.values() for line in found)
        before = self._frequent_among(lines)
        for key in gone:
            con.executemany(_COUNT_DOWN, con.execute(_FILE_LINES, (key,)).fetchall())
            con.execute("DELETE FROM repeat_lines WHERE file_key = ?", (key,))
            con.execute("DELETE FROM repeat_files WHERE file_key = ?", (key,))
        con.execute("DELETE FROM repeat_counts WHERE files <= 0")
        for key, found in new.items():
            con.executemany("INSERT INTO repeat_lines VALUES (?, ?)", [(key, n) for n in found])
            con.executemany(_COUNT_UP, [(line,) for line in found])
            con.execute("INSERT INTO repeat_files VALUES (?)", (key,))
        flipped = sorted(before ^ self._frequent_among(lines))
        holders = select_in(con, "SELECT file_key FROM repeat_lines WHERE line IN ({})", flipped)
        pending = {*new, *(key for (key,) in holders)}
        con.executemany("INSERT OR IGNORE INTO repeat_pending VALUES (?)", [(k,) for k in pending])
        con.commit()
        frequent = con.execute(
            "SELECT file_key, line FROM repeat_lines WHERE line IN "
            "(SELECT line FROM repeat_counts WHERE files >= ?)",
            (REPEATED_MIN_DOCS,),
        )
        result: dict[str, set[str]] = defaultdict(set)
        for key, line in frequent:
            result[key].add(line)
        return {key: frozenset(lines) for key, lines in result.items()}

    def _candidates(
        self, keys: Sequence[str], by_key: Mapping[str, SeedFile]
    ) -> dict[str, list[str]]:
        """The candidate lines of new text files, read by the map's workers when there are
        many: reading and normalising every line of 2,000 new files took a second of the
        coordinating process, with the workers idle. A chunk whose worker fails is read
        again here, so an error surfaces as it would without workers."""
        seeds = [by_key[key] for key in keys]
        if len(seeds) < SERIAL_BELOW:
            return dict(zip(keys, map(candidate_lines, seeds), strict=True))
        size = _batch_size(len(seeds), self.executor.workers)
        chunks = [tuple(seeds[start : start + size]) for start in range(0, len(seeds), size)]
        found: dict[int, list[list[str]]] = {}
        for index, result in self.executor.map(chunk_candidate_lines, chunks):
            if isinstance(result, BaseException):
                result = chunk_candidate_lines(chunks[index])
            found[index] = result
        lines = [each for index in range(len(chunks)) for each in found[index]]
        return dict(zip(keys, lines, strict=True))

    def _frequent_among(self, lines: set[str]) -> set[str]:
        query = "SELECT line FROM repeat_counts WHERE files >= ? AND line IN ({})"
        return {line for (line,) in select_in(self.state, query, sorted(lines), REPEATED_MIN_DOCS)}

    def _fingerprints(
        self, by_key: Mapping[str, SeedFile], repeated: Mapping[str, frozenset[str]]
    ) -> dict[str, str]:
        """Each file's cache key: its bytes and repeated lines. Hashing them for every file
        cost the corpus; the store's key holds for a file it has whose repeated lines
        did not move (it is not in ``repeat_pending``)."""
        pending = {key for (key,) in self.state.execute("SELECT file_key FROM repeat_pending")}
        fingerprints = {}
        for key, seed in by_key.items():
            entry = self.store.files.get(key)
            if entry is None or key in pending:
                fingerprints[key] = digest(seed.sha256, sorted(repeated.get(key, ())))
            else:
                fingerprints[key] = entry.fingerprint
        return fingerprints

    def _count_repeats_once(self) -> None:
        """Count the lines of a state database written before ``repeat_counts`` existed."""
        if self._meta("repeat_counts") is not None:
            return
        self.state.execute("DELETE FROM repeat_counts")
        self.state.execute(
            "INSERT INTO repeat_counts SELECT line, count(*) FROM repeat_lines GROUP BY line"
        )
        self._set_meta("repeat_counts", "1")

    def _pend_every_file_once(self) -> None:
        """Mark every file on a state database written before ``repeat_pending`` existed
        (its fingerprints are hashed once more, then kept)."""
        if self._meta("repeat_pending") is not None:
            return
        self.state.execute("INSERT OR IGNORE INTO repeat_pending SELECT file_key FROM repeat_files")
        self._set_meta("repeat_pending", "1")

    def _verify(self) -> dict[str, set[str]]:
        """Batch -> the stages whose cache files are missing or damaged (to recompute)."""
        damaged: dict[str, set[str]] = defaultdict(set)
        for batch in self._batches():
            for stage in PER_DOCUMENT:
                for table in stage_tables(stage):
                    if table in self.store.batches[batch].files and not self.store.intact(
                        batch, table
                    ):
                        damaged[batch].add(stage)
                        self._repaired.append(f"{batch}/{table}")
        for name in self._repaired:
            LOG.warning("cache file %s is missing or damaged; recomputing it", name)
        return damaged

    def _reusable(
        self,
        by_key: Mapping[str, SeedFile],
        fingerprints: Mapping[str, str],
        damaged: Mapping[str, set[str]],
    ) -> set[str]:
        """Files whose stored documents still hold: same input, current, intact batch."""
        version = self.versions["documents"]
        good = {
            batch
            for batch, entry in self.store.batches.items()
            if entry.versions.get("documents") == version
            and "documents" not in damaged.get(batch, ())
        }
        return {
            key
            for key, entry in self.store.files.items()
            if key in by_key and entry.fingerprint == fingerprints[key] and entry.batch in good
        }

    def _merged(self, keep: set[str]) -> set[str]:
        """The files of the small batches, to be read again as one batch once there are
        ``SMALL_BATCHES`` of them.

        A build of one new article makes a batch of one file, some twenty files on
        disk (a Parquet file per table in the store and in the published tables): a
        folder fed one article at a time would keep a batch per article. The build
        that finds ``SMALL_BATCHES`` batches of fewer than ``MIN_BATCH_FILES`` files
        reads their files again into new batches, doing their per-document work
        again (at most 240 files, in every sixteenth such build at most); the rows
        are those a build from scratch makes.
        """
        sizes = Counter(self.store.files[key].batch for key in keep)
        small = {batch for batch, files in sizes.items() if files < MIN_BATCH_FILES}
        if len(small) < SMALL_BATCHES:
            return set()
        return {key for key in keep if self.store.files[key].batch in small}

    def _drop_files(self, keys: set[str]) -> None:
        """Forget files (gone, changed or stale): their rows leave their batches."""
        by_batch: dict[str, list[FileEntry]] = defaultdict(list)
        for key in keys:
            entry = self.store.files.pop(key)
            by_batch[entry.batch].append(entry)
        for batch, entries in by_batch.items():
            if not any(e.batch == batch for e in self.store.files.values()):
                self.store.drop_batch(batch)
                continue
            # A document another file of the batch still holds (a copy) keeps its rows.
            held = {d for e in self.store.files.values() if e.batch == batch for d in e.doc_ids}
            removed = {d for e in entries for d in e.doc_ids}
            docs = sorted(removed - held)
            paths = sorted({e.source_path for e in entries})
            for table in list(self.store.batches[batch].files):
                df = self.store.read(batch, table)
                if "source_path" in df.columns:
                    kept = df.filter(~pl.col("source_path").is_in(paths))
                else:
                    kept = df.filter(~pl.col("doc_id").is_in(docs))
                    if removed & held:
                        kept = kept.unique(maintain_order=True)
                self.store.batches[batch].files.update(
                    store_frames(self.store.batch_dir(batch), {table: kept})
                )

    def _ingest_tasks(
        self,
        keys: Sequence[str],
        by_key: Mapping[str, SeedFile],
        repeated: Mapping[str, frozenset[str]],
    ) -> list[BatchTask]:
        if not keys:
            return []
        if len(keys) < SERIAL_BELOW and self._executor is None:
            self._executor = SerialExecutor()
        size = _batch_size(len(keys), self.executor.workers)
        tasks = []
        for start in range(0, len(keys), size):
            batch = self.store.new_batch()
            files = tuple(
                FileTask(key, by_key[key], repeated.get(key, frozenset()))
                for key in keys[start : start + size]
            )
            tasks.append(BatchTask(batch, str(self.store.batch_dir(batch)), files=files))
        return tasks

    def _stale_tasks(self, new: set[str], damaged: Mapping[str, set[str]]) -> list[BatchTask]:
        """Stored batches some of whose extraction stages are stale or damaged."""
        tasks = []
        for batch in self._batches():
            if batch in new:
                continue
            entry = self.store.batches[batch]
            stale = [
                stage
                for stage in EXTRACTORS
                if entry.versions.get(stage) != self.versions[stage]
                or stage in damaged.get(batch, ())
            ]
            if not stale:
                continue
            first = EXTRACTORS.index(stale[0])
            needed = {*DOCUMENT_TABLES, *(t for s in EXTRACTORS[:first] for t in stage_tables(s))}
            inputs = {t: str(self.store.path(batch, t)) for t in needed if t in entry.files}
            tasks.append(
                BatchTask(
                    batch,
                    str(self.store.batch_dir(batch)),
                    stages=EXTRACTORS[first:],
                    inputs=inputs,
                )
            )
        return tasks

    def _map(
        self,
        tasks: list[BatchTask],
        fingerprints: Mapping[str, str],
        by_key: Mapping[str, SeedFile],
        run: StageRun,
    ) -> list[Reject]:
        """Run the tasks; a task that dies is split into one task per file and retried."""
        failed: list[Reject] = []
        total = sum(max(1, len(t.files)) for t in tasks)
        progress = Progress("documents", total, unit="files") if tasks else None
        pending = tasks
        for attempt in range(2):
            retry: list[BatchTask] = []
            for index, result in self.executor.map(run_batch, pending):
                task = pending[index]
                if isinstance(result, BaseException):
                    if task.files:
                        self.store.drop_batch(task.batch)
                    if attempt == 0 and len(task.files) > 1:
                        retry.extend(_split(task, self.store))
                        continue
                    failed.extend(_task_failure(task, result))
                    run.failed.update({f.seed.source_path: repr(result) for f in task.files})
                else:
                    self._record(task, result, fingerprints, by_key, run)
                if progress is not None:
                    progress.advance(max(1, len(task.files)))
            pending = retry
            if not pending:
                break
        return failed

    def _record(
        self,
        task: BatchTask,
        result: BatchResult,
        fingerprints: Mapping[str, str],
        by_key: Mapping[str, SeedFile],
        run: StageRun,
    ) -> None:
        stages = PER_DOCUMENT if task.files else task.stages
        for stage in stages:
            files = {t: result.files[t] for t in stage_tables(stage) if t in result.files}
            self.store.record(task.batch, stage, self.versions[stage], files)
        for key, doc_ids in result.docs.items():
            seed = by_key[key]
            self.store.files[key] = FileEntry(
                seed.source_path, fingerprints[key], task.batch, doc_ids
            )
            run.computed.append(seed.source_path)

    def _update_duplicates(self) -> None:
        """Bring the copy index in line with the stored documents (added, changed, gone).

        Only the batches whose signatures file changed since the index last took
        them in are read (``dup_batches`` keeps, per batch, that file's digest and
        its documents), so a run costs what changed, not the corpus; a document
        no batch holds any more leaves the index.
        """
        if self._meta("duplicates") != self.versions["duplicates"]:
            DuplicateIndex(self.state).clear()
            self.state.execute("DELETE FROM dup_batches")
            self._set_meta("duplicates", self.versions["duplicates"])
        index = DuplicateIndex(self.state)
        recorded = dict(self.state.execute("SELECT DISTINCT batch, digest FROM dup_batches"))
        digests = {b: self.store.batches[b].files["signatures"].digest for b in self._batches()}
        changed = sorted(b for b, d in digests.items() if recorded.get(b) != d)
        left = sorted(changed + [b for b in recorded if b not in digests])
        execute_in(self.state, "DELETE FROM dup_batches WHERE batch IN ({})", left)
        added: dict[str, tuple[Signature, Any]] = {}
        for batch in changed:
            signatures = self.store.read(batch, "signatures")
            docs = signatures["doc_id"].to_list()
            self.state.executemany(
                "INSERT INTO dup_batches VALUES (?, ?, ?)",
                [(batch, digests[batch], doc_id) for doc_id in docs],
            )
            query = "SELECT doc_id, signature FROM dup_docs WHERE doc_id IN ({})"
            indexed = dict(select_in(self.state, query, docs))
            fresh = [row for row in signatures.iter_rows() if indexed.get(row[0]) != row[2]]
            if not fresh:
                continue
            dates = dict(
                self.store.read(batch, "articles").select("doc_id", "published_date").iter_rows()
            )
            for doc_id, shingle_count, values in fresh:
                added[doc_id] = (Signature(shingle_count, values), dates.get(doc_id))
        held = "SELECT doc_id FROM dup_docs WHERE doc_id NOT IN (SELECT doc_id FROM dup_batches)"
        index.apply(added, sorted(doc_id for (doc_id,) in self.state.execute(held)))
        self.state.commit()
        self._dup_of = index.duplicate_of()

    def _batches(self) -> list[str]:
        return sorted(b for b, e in self.store.batches.items() if e.files)

    def _docs_by_batch(self) -> dict[str, set[str]]:
        docs: dict[str, set[str]] = defaultdict(set)
        for entry in self.store.files.values():
            docs[entry.batch].update(entry.doc_ids)
        return docs

    def _publish_documents(self, rejects: list[Reject]) -> dict[str, int]:
        """Write the parts of the document tables that changed, and the rejects table."""
        staging = self.staging
        batches = self._batches()
        self._drop_parts(DOCUMENT_TABLES, set(batches))
        docs = self._docs_by_batch()
        for batch in batches:
            dups = sorted((d, self._dup_of[d]) for d in docs[batch] if d in self._dup_of)
            recipe = {
                "source": self.store.batches[batch].files["articles"].digest,
                "dups": dups,
                "copies": self._copies.recipe(batch),
            }
            self._write_if_changed(
                "articles", batch, recipe, partial(self._articles_part, batch, dict(dups))
            )
            for name in ("boilerplate", "sentences"):
                recipe = {
                    "source": self.store.batches[batch].files[name].digest,
                    "copies": self._copies.recipe(batch),
                }
                self._write_if_changed(name, batch, recipe, partial(self._read_part, batch, name))
        rejects_table = self._rejects(rejects)
        staging.write_part(
            "rejects", GLOBAL_PART, rejects_table, {"source": publish.frame_digest(rejects_table)}
        )
        return {**{t: staging.rows(t) for t in DOCUMENT_TABLES}, "rejects": rejects_table.height}

    @property
    def _copies(self) -> Copies:
        if self._found_copies is None:
            self._found_copies = Copies.of(self.store)
        return self._found_copies

    def _read_part(self, batch: str, table: str) -> pl.DataFrame:
        """A stored per-document table of a batch, without the copies of other documents."""
        return self._copies.without(batch, self.store.read(batch, table))

    def _copy_rejects(self) -> list[Reject]:
        """A ``duplicate`` reject for every document whose bytes an earlier file already had."""
        records: dict[tuple[str, str], str | None] = {}
        for batch in self._copies.batches():
            articles = self.store.read(batch, "articles")
            for doc_id, path, record in articles.select(
                "doc_id", "source_path", "source_record"
            ).iter_rows():
                records[(path, doc_id)] = record
        return [
            Reject(
                copy.source_path,
                "duplicate",
                duplicate_detail(copy.kept_path, records.get((copy.kept_path, copy.doc_id))),
                record=records.get((copy.source_path, copy.doc_id)),
            )
            for copy in self._copies.copies
        ]

    def _not_extracted(self) -> int:
        """Documents kept but not extracted, for their language."""
        return sum(summary.non_english for summary in self._batch_summaries())

    def _skipped_records(self) -> int:
        """Records of the input files that are no article (requests, images in archives)."""
        return sum(summary.skipped_records for summary in self._batch_summaries())

    def _batch_summaries(self) -> list[batch_summary.Summary]:
        """Each stored batch's summary, once per documents step (the later stages report
        the same counts)."""
        if self._summaries is None:
            self._summaries = batch_summary.summaries(self.state, self.store, self._batches())
        return self._summaries

    def _articles_part(self, batch: str, duplicate_of: dict[str, str]) -> pl.DataFrame:
        return self._read_part(batch, "articles").with_columns(
            pl.col("doc_id")
            .replace_strict(duplicate_of, default=None, return_dtype=pl.String)
            .alias("duplicate_of")
        )

    def _write_if_changed(
        self,
        table: str,
        part: str,
        recipe: dict[str, Any],
        build_part: Callable[[], pl.DataFrame],
        force: bool = False,
    ) -> None:
        published = self.staging.recipe(table, part)
        if not force and published is not None and _same_recipe(published, recipe):
            return
        self.staging.write_part(table, part, build_part(), recipe)

    def _drop_parts(self, tables: Sequence[str], batches: set[str]) -> None:
        for table in tables:
            for part in set(self.staging.part_names(table)) - batches:
                self.staging.drop_part(table, part)

    def _rejects(self, rejects: list[Reject]) -> pl.DataFrame:
        """This run's rejects, then each batch's (its own, then its failed stages): the
        first row of a file, record and stage is kept."""
        rows = [r.__dict__ for r in rejects]
        rows.extend(row for summary in self._batch_summaries() for row in summary.rejects)
        return (
            frame("rejects", rows)
            .unique(subset=["source_path", "record", "stage"], keep="first", maintain_order=True)
            .sort("source_path", "stage", "record", nulls_last=False)
        )

    # --- names, and the per-document tables that use them -----------------------------

    @releases_memory
    def entities(self) -> StageReport:
        """Resolve names across documents; rewrite the mention parts whose names moved."""
        with self._entity_index() as index:
            changed = self._changed_mentions(index)
            published = self._published_entities(index.generation())
            delta = entity_step.update(index, changed)
            self._mark_absorbed("entities", "mention_candidates")
            if published is None:
                entities, mapping = entity_step.tables(index)
                self._dirty_keys = _changed_keys(self._published_mapping(), mapping)
            else:
                entities, mapping = entity_step.patched(*published, delta)
                self._dirty_keys = set(delta.keys)
            recipe = {"source": publish.frame_digest(entities), "index": index.generation()}
        self._mapping = mapping
        self.staging.write_part("entities", GLOBAL_PART, entities, recipe)
        _write_internal(self.staging, "name_map", mapping)
        self._resolve_parts("mentions", ("mention_candidates",), _mention_part)
        report = StageReport(
            rows={"entities": entities.height, "mentions": self.staging.rows("mentions")},
            run=StageRun(computed=sorted(d for d, v in changed.items() if v)),
            notes={"documents_resolved": len(changed), "names_changed": len(self._dirty_keys)},
        )
        self.reports["entities"] = report
        return report

    def _entity_index(self) -> EntityIndex:
        """The persisted index; rebuilt from scratch when its stage's code or lexicons changed."""
        path = self.paths.store_dir / "entities.sqlite"
        if self._meta("entity_resolution") != self.versions["entity_resolution"]:
            for stale in path.parent.glob(f"{path.name}*"):
                stale.unlink()
            self.state.execute("DELETE FROM absorbed WHERE step = 'entities'")
            self._set_meta("entity_resolution", self.versions["entity_resolution"])
        return EntityIndex(path)

    def _changed_mentions(self, index: EntityIndex) -> entity_step.Documents:
        """Documents whose mentions the index lacks, holds differently, or must forget."""
        known = index.documents()
        absorbed = self._absorbed("entities")
        changed: dict[str, tuple[str, Sequence[Any]] | None] = {}
        current: set[str] = set()
        for batch, held in self._docs_by_batch().items():
            docs = held - self._copies.foreign.get(batch, set())
            current |= docs
            digest = self.store.batches[batch].files["mention_candidates"].digest
            if absorbed.get(batch) == digest and docs <= known.keys():
                continue
            found = entity_step.document_mentions(self._read_part(batch, "mention_candidates"))
            for doc_id in docs:
                item = found.get(doc_id, ("", []))  # a document may name nobody
                if known.get(doc_id) != item[0]:
                    changed[doc_id] = item
        changed.update({doc_id: None for doc_id in known.keys() - current})
        return changed

    def _absorbed(self, step: str) -> dict[str, str]:
        rows = self.state.execute("SELECT batch, digest FROM absorbed WHERE step = ?", (step,))
        return dict(rows.fetchall())

    def _mark_absorbed(self, step: str, table: str) -> None:
        """Remember which batch files a cross-document index has taken in (a shortcut only:
        a lost mark means one more comparison, never a wrong result)."""
        self.state.execute("DELETE FROM absorbed WHERE step = ?", (step,))
        self.state.executemany(
            "INSERT INTO absorbed VALUES (?, ?, ?)",
            [(step, b, self.store.batches[b].files[table].digest) for b in self._batches()],
        )
        self.state.commit()

    def _meta(self, key: str) -> str | None:
        row = self.state.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.state.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        self.state.commit()

    def quotes(self) -> StageReport:
        self._resolve_parts("quotes", ("quote_rows",), _quote_part)
        return self._report("quotes")

    def events(self) -> StageReport:
        self._resolve_parts("events", ("event_rows",), _event_part)
        return self._report("events")

    def figures(self) -> StageReport:
        self._resolve_parts("figures", ("figure_rows", "figure_links"), _figure_part, "mentions")
        return self._report("figures")

    def _report(self, table: str) -> StageReport:
        """The per-document map ran this stage with the others, so its documents are the
        map's; a document failed here when the map lost it or this stage raised on it."""
        notes = {"documents_skipped_language": self._not_extracted()}
        mapped = self.reports["documents"].run if "documents" in self.reports else StageRun()
        failures = self.staged("rejects").filter(
            (pl.col("reason") == "failed_stage") & (pl.col("stage") == table)
        )
        run = StageRun(
            computed=mapped.computed,
            reused=mapped.reused,
            pruned=mapped.pruned,
            failed={**mapped.failed, **dict(failures.select("source_path", "detail").iter_rows())},
        )
        report = StageReport(rows={table: self.staging.rows(table)}, run=run, notes=notes)
        self.reports[table] = report
        return report

    def mapping(self) -> pl.DataFrame:
        if self._mapping is None:
            self._mapping = self._published_mapping()
        return self._mapping

    def _published_entities(
        self, generation: str | None
    ) -> tuple[pl.DataFrame, pl.DataFrame] | None:
        """The published ``entities`` table and name map, if they were derived from the entity
        index as it is now (``generation``): a run that updated the index but published
        nothing leaves them behind it, and the next run reads the index whole."""
        recipe = self.staging.recipe("entities", GLOBAL_PART) or {}
        if generation is None or recipe.get("index") != generation:
            return None
        mapping = _read_internal(self.staging.previous, "name_map")
        if mapping is None:
            return None
        return pl.read_parquet(self.staging.part_path("entities", GLOBAL_PART)), mapping

    def _published_mapping(self) -> pl.DataFrame:
        loaded = _read_internal(self.staging.previous, "name_map")
        return loaded if loaded is not None else pl.DataFrame(schema=entity_step.MAPPING_COLUMNS)

    def _resolve_parts(
        self,
        table: str,
        sources: tuple[str, ...],
        build_part: Callable[..., pl.DataFrame],
        published_input: str | None = None,
    ) -> None:
        """Rewrite the parts of ``table`` whose cache files or names changed."""
        batches = self._batches()
        self._drop_parts((table,), set(batches))
        mapping = self.mapping()
        for batch in batches:
            files = self.store.batches[batch].files
            recipe: dict[str, Any] = {
                "source": [files[s].digest for s in sources if s in files],
                "copies": self._copies.recipe(batch),
            }
            if published_input is not None:
                # The input part's rows, not its sources: its names can move without them.
                recipe["input"] = (self.staging.recipe(published_input, batch) or {}).get("content")
            names_moved = bool(self._dirty_keys) and bool(
                self._batch_keys(batch, sources) & self._dirty_keys
            )

            def part(b: str = batch) -> pl.DataFrame:
                frames = [self._read_part(b, s) for s in sources]
                extra = self._published_part(published_input, b) if published_input else None
                return build_part(frames, mapping, extra)

            self._write_if_changed(table, batch, recipe, part, force=names_moved)

    def _published_part(self, table: str, part: str) -> pl.DataFrame:
        path = self.staging.part_path(table, part)
        return pl.read_parquet(path) if path.is_file() else frame(table, [])

    def _batch_keys(self, batch: str, sources: tuple[str, ...]) -> set[str]:
        keys: set[str] = set()
        for source in sources:
            df = self.store.read(batch, source)
            for column in (c for c in df.columns if c.endswith("name_key")):
                keys.update(df[column].drop_nulls().to_list())
        return keys

    # --- across sources ---------------------------------------------------------------

    @releases_memory
    def stories(self) -> StageReport:
        """Update the story index with the documents whose events or reports changed."""
        path = self.paths.store_dir / "stories.sqlite"
        with StoryIndex(path, version=self.versions["stories"]) as index:
            held = set(index.documents())
            known = self._digests("stories")
            changed: dict[str, Any] = {}
            seen: dict[str, str] = {}
            by_batch = self._docs_by_batch()
            for batch in self.staging.part_names("events"):
                key = self._part_contents(batch, ("articles", "events", "sentences"))
                docs = self._held_by(batch, by_batch)
                if (
                    self._absorbed("stories").get(batch) == key
                    and {d for d in docs if known.get(d)} <= held
                ):
                    seen.update({d: known[d] for d in docs if d in known})
                    continue
                tables = [
                    self._published_part(t, batch) for t in ("articles", "events", "sentences")
                ]
                fresh = story_step.digests(*tables)
                seen.update(fresh)
                stale = {
                    d for d, digest in fresh.items() if known.get(d) != digest or d not in held
                }
                changed.update(story_step.documents(stale, *tables))
            removed = (held | set(known)) - set(seen)
            delta = index.apply(changed, removed)
            self._write_row_parts("story_events", index.part_digests(), index.rows)
        self._set_digests("stories", {d: seen[d] for d in changed}, removed)
        self._mark_parts_absorbed("stories", ("articles", "events", "sentences"))
        report = self._report("story_events")
        report.notes.update(
            {
                "documents_updated": len(changed),
                "documents_removed": len(removed),
                "units_reclustered": delta.reclustered,
            }
        )
        return report

    @releases_memory
    def claims(self) -> StageReport:
        """Update the claim index with the documents whose figures, reports or stories changed."""
        figures = self.staged("figures")
        articles = self._published_columns("articles", ("doc_id", "published_date", "duplicate_of"))
        stories = self.staged("story_events")
        path = self.paths.store_dir / "claims.sqlite"
        with ClaimIndex(path, version=self.versions["claims"]) as index:
            held = set(index.documents())
            known = self._digests("claims")
            fresh = claim_step.digests(figures, articles, stories)
            stale = {d for d, digest in fresh.items() if known.get(d) != digest or d not in held}
            removed = (held | set(known)) - set(fresh)
            index.apply(claim_step.documents(stale, figures, articles, stories), removed)
            self._write_row_parts("figure_claims", index.part_digests(), index.rows)
        self._set_digests("claims", {d: fresh[d] for d in stale}, removed)
        report = self._report("figure_claims")
        report.notes.update({"documents_updated": len(stale), "documents_removed": len(removed)})
        return report

    def _write_row_parts(
        self, table: str, digests: Mapping[str, str], rows: Callable[[str], pl.DataFrame]
    ) -> None:
        """Rewrite the parts of an index's table whose rows differ from the published ones.

        The index keeps a digest per part (``sqlite_store.PartDigests``); a part
        published with another digest, or by an older build as one whole part,
        is written again from the index, the others stay hard links.
        """
        for part in set(self.staging.part_names(table)) - set(digests):
            self.staging.drop_part(table, part)
        for part, held in sorted(digests.items()):
            if (self.staging.recipe(table, part) or {}).get("source") != held:
                self.staging.write_part(table, part, rows(part), {"source": held})

    def _held_by(self, batch: str, docs: Mapping[str, set[str]]) -> set[str]:
        return docs.get(batch, set()) - self._copies.foreign.get(batch, set())

    def _part_contents(self, batch: str, tables: Sequence[str]) -> str:
        return "|".join(str((self.staging.recipe(t, batch) or {}).get("content")) for t in tables)

    def _mark_parts_absorbed(self, step: str, tables: Sequence[str]) -> None:
        self.state.execute("DELETE FROM absorbed WHERE step = ?", (step,))
        self.state.executemany(
            "INSERT INTO absorbed VALUES (?, ?, ?)",
            [(step, b, self._part_contents(b, tables)) for b in self.staging.part_names(tables[1])],
        )
        self.state.commit()

    def _digests(self, step: str) -> dict[str, str]:
        rows = self.state.execute("SELECT doc_id, digest FROM digests WHERE step = ?", (step,))
        return dict(rows.fetchall())

    def _set_digests(self, step: str, digests: Mapping[str, str], removed: set[str]) -> None:
        """Record what an index now holds (after it committed: a lost record only means
        a document is sent again, which the index takes as a replacement)."""
        self.state.executemany(
            "DELETE FROM digests WHERE step = ? AND doc_id = ?", [(step, d) for d in removed]
        )
        self.state.executemany(
            "INSERT OR REPLACE INTO digests VALUES (?, ?, ?)",
            [(step, d, digest) for d, digest in digests.items()],
        )
        self.state.commit()

    def _published_columns(self, table: str, columns: Sequence[str]) -> pl.DataFrame:
        files = self.staging.files(table)
        if not files:
            return frame(table, []).select(columns)
        return pl.read_parquet(files, columns=list(columns))

    # --- publication ------------------------------------------------------------------

    def staged(self, table: str) -> pl.DataFrame:
        """The whole table as this run would publish it."""
        return self._read_parts(table, None)

    def scan_staged(self, table: str) -> pl.LazyFrame:
        """The whole table as this run would publish it, to be read lazily (only the
        columns and rows a query asks for)."""
        files = self.staging.files(table)
        return pl.scan_parquet(files) if files else frame(table, []).lazy()

    def staged_changed(self, table: str) -> pl.DataFrame:
        """The rows this run wrote: a table written whole, or the parts it rewrote."""
        return self._read_parts(table, self._changed_parts(table))

    def staged_alongside(self, table: str, other: str) -> pl.DataFrame:
        """The rows of ``table`` that the changed rows of ``other`` may refer to: its same
        parts when both are written in parts (one per batch), else all of it."""
        parts = self._changed_parts(other)
        if (
            parts is None
            or ROW_PART_TABLES & {table, other}
            or GLOBAL_PART in self.staging.part_names(table)
        ):
            return self.staged(table)
        return self._read_parts(table, parts)

    def _changed_parts(self, table: str) -> set[str] | None:
        """The parts of a table written in parts that this run rewrote (None: a table
        written whole)."""
        if GLOBAL_PART in self.staging.part_names(table):
            return None
        return self.staging.changed.get(table, set())

    def _read_parts(self, table: str, parts: set[str] | None) -> pl.DataFrame:
        files = self.staging.files(table, parts)
        return pl.read_parquet(files) if files else frame(table, [])

    @releases_memory
    def publish(self, extra_views: Mapping[str, str]) -> Path:
        record = {
            "run_id": self.run_id,
            "seeds_dir": str(self.paths.seeds_dir),
            "seeds_fingerprint": self.seeds_fingerprint,
            "stage_versions": self.versions,
            "rows": {t: self.staging.rows(t) for t in TABLES},
        }
        self.published = publish.publish(self.staging, record, extra_views)
        return self.published


def _batch_size(files: int, workers: int) -> int:
    return max(MIN_BATCH_FILES, min(MAX_BATCH_FILES, -(-files // (workers * TASKS_PER_WORKER))))


def _split(task: BatchTask, store: Store) -> Iterator[BatchTask]:
    for file in task.files:
        batch = store.new_batch()
        yield BatchTask(batch, str(store.batch_dir(batch)), files=(file,))


def _task_failure(task: BatchTask, error: BaseException) -> list[Reject]:
    detail = f"{type(error).__name__}: {error}"[:2000]
    if task.files:
        return [
            Reject(f.seed.source_path, "failed_stage", detail, stage="documents")
            for f in task.files
        ]
    stage = ",".join(task.stages)
    return [Reject(f"(batch {task.batch})", "failed_stage", detail, stage=stage)]


def _same_recipe(published: Mapping[str, Any], recipe: Mapping[str, Any]) -> bool:
    return all(
        json.dumps(published.get(k), default=str) == json.dumps(v, default=str)
        for k, v in recipe.items()
    )


def _changed_keys(before: pl.DataFrame, after: pl.DataFrame) -> set[str]:
    joined = before.join(after, on="name_key", how="full", suffix="_new", coalesce=True)
    changed = joined.filter(
        pl.col("entity_id").ne_missing(pl.col("entity_id_new"))
        | pl.col("name").ne_missing(pl.col("name_new"))
    )
    return set(changed["name_key"].to_list())


def _write_internal(staging: publish.Staging, name: str, df: pl.DataFrame) -> None:
    folder = staging.folder / "_resolution"
    folder.mkdir(exist_ok=True)
    df.write_parquet(folder / f"{name}.parquet")


def _read_internal(version: Path | None, name: str) -> pl.DataFrame | None:
    if version is None:
        return None
    path = version / "_resolution" / f"{name}.parquet"
    return pl.read_parquet(path) if path.is_file() else None


def _resolve(df: pl.DataFrame, mapping: pl.DataFrame, roles: Mapping[str, str]) -> pl.DataFrame:
    """``<role>_id`` and ``<role>_name`` from a name key column (name: as written if none)."""
    for role, key_column in roles.items():
        lookup = mapping.rename(
            {"name_key": f"{role}_name_key", "entity_id": f"{role}__id", "name": f"{role}__name"}
        )
        df = (
            df.drop(f"{role}_id", f"{role}_name", strict=False)
            .join(lookup, on=f"{role}_name_key", how="left")
            .with_columns(
                pl.col(f"{role}__id").alias(f"{role}_id"),
                pl.coalesce(f"{role}__name", key_column).alias(f"{role}_name"),
            )
        )
    return df


def _contract(table: str, df: pl.DataFrame) -> pl.DataFrame:
    return df.select(frame(table, []).columns).sort("doc_id", "char_start", "char_end")


def _mention_part(frames: list[pl.DataFrame], mapping: pl.DataFrame, _: Any) -> pl.DataFrame:
    (candidates,) = frames
    resolved = candidates.join(mapping.select("name_key", "entity_id"), on="name_key", how="left")
    return _contract("mentions", resolved)


def _quote_part(frames: list[pl.DataFrame], mapping: pl.DataFrame, _: Any) -> pl.DataFrame:
    (rows,) = frames
    return _contract("quotes", _resolve(rows, mapping, {"speaker": "speaker_key"}))


def _event_part(frames: list[pl.DataFrame], mapping: pl.DataFrame, _: Any) -> pl.DataFrame:
    (rows,) = frames
    roles = {role: f"{role}_key" for role in ("actor", "target", "location")}
    return _contract("events", _resolve(rows, mapping, roles))


def _figure_part(
    frames: list[pl.DataFrame], _mapping: pl.DataFrame, mentions: pl.DataFrame | None
) -> pl.DataFrame:
    rows, links = frames
    linked = rows.drop("event_id").join(links.drop("doc_id"), on="figure_id", how="left")
    known = mentions if mentions is not None else frame("mentions", [])
    return _contract("figures", entity_step.link_names(linked, known, ("location", "source")))


def run_all(paths: Paths, executor: Executor | None = None) -> dict[str, StageReport]:
    """Every stage in order, then publish: the pipeline without Dagster."""
    from newsfacts.analyst_views import ANALYST_VIEWS

    with Build(paths, executor) as build:
        reports = {
            "documents": build.documents(),
            "entities": build.entities(),
            "quotes": build.quotes(),
            "events": build.events(),
            "figures": build.figures(),
            "stories": build.stories(),
            "claims": build.claims(),
        }
        build.publish(ANALYST_VIEWS)
    return reports
