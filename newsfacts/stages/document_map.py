"""The per-document map: one task per batch of documents, run by any executor.

A task either ingests a batch of input files and runs every per-document
stage on their documents, or re-runs some stages on a stored batch (when
their code or reference data changed). The worker writes its tables into the
batch's folder of the store and returns only their file records, so no
document text travels back to the coordinating process.

Exceptions are contained at the smallest unit that can be blamed: a
document whose stage raises gets a failure row (and no rows of that stage or
of the stages that need them), and its other stages and the batch's other
documents go on. A whole task that dies (a crashed worker) is split and
retried by the caller, so one bad file ends as one reject, never a lost batch.

Before the map, the same workers read the candidate lines of new plain-text
files (``chunk_candidate_lines``): the lines recurring across many files are
site chrome, which each file's cleanup needs to know.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from newsfacts.cleanup import repeat_candidates
from newsfacts.ingest import Reject, SeedFile, plain_text
from newsfacts.language import is_extractable
from newsfacts.model import CleanDocument
from newsfacts.stages.per_document import documents as documents_stage
from newsfacts.stages.store import StoredFile, store_frames

# The extraction stages in the order they run; each may read the tables of those before it.
EXTRACTORS = ("mentions", "figures", "quotes", "events")
FAILURE_COLUMNS: dict[str, pl.DataType] = {
    "source_path": pl.String(),
    "record": pl.String(),
    "doc_id": pl.String(),
    "stage": pl.String(),
    "detail": pl.String(),
}


def candidate_lines(seed: SeedFile) -> list[str]:
    """Fingerprints of the lines of a plain-text file that could be repeated chrome."""
    text = plain_text(seed)
    return sorted(repeat_candidates(text)) if text is not None else []


def chunk_candidate_lines(seeds: tuple[SeedFile, ...]) -> list[list[str]]:
    """``candidate_lines`` of each file of a chunk, as one task of the map's executor."""
    return [candidate_lines(seed) for seed in seeds]


def stage_module(name: str) -> ModuleType:
    return importlib.import_module(f"newsfacts.stages.per_document.{name}")


def stage_tables(name: str) -> dict[str, dict[str, pl.DataType]]:
    """The cache tables a per-document stage writes, with their columns."""
    tables: dict[str, dict[str, pl.DataType]] = stage_module(name).TABLES
    return {**tables, f"failures_{name}": FAILURE_COLUMNS}


@dataclass(frozen=True)
class FileTask:
    """An input file to ingest, with the corpus-wide repeated lines its cleanup needs."""

    key: str
    seed: SeedFile
    repeated: frozenset[str]


@dataclass(frozen=True)
class BatchTask:
    """Work on one batch: ingest ``files`` (then every stage), or re-run ``stages``.

    ``inputs`` maps the stored tables a re-run reads (table -> file path).
    """

    batch: str
    folder: str
    files: tuple[FileTask, ...] = ()
    stages: tuple[str, ...] = ()
    inputs: Mapping[str, str] = field(default_factory=dict)


@dataclass
class BatchResult:
    batch: str
    files: dict[str, StoredFile]
    docs: dict[str, list[str]]
    documents: int


def run_batch(task: BatchTask) -> BatchResult:
    """The task function of the map (module level, so every executor can pickle it).

    Each stage's tables are written as soon as it ends, so a batch holds at
    most one stage's frames besides its documents.
    """
    folder = Path(task.folder)
    files: dict[str, StoredFile] = {}
    docs_of_file: dict[str, list[str]] = {}
    if task.files:
        documents, ingested = _ingest(task.files, docs_of_file)
        files.update(store_frames(folder, ingested))
        del ingested
        stages: tuple[str, ...] = EXTRACTORS
    else:
        documents = list(
            documents_stage.documents_from_tables(
                *(pl.read_parquet(task.inputs[t]) for t in ("articles", "sentences", "boilerplate"))
            )
        )
        stages = task.stages
    upstream = _stored_upstream(task.inputs, documents)
    failed: set[tuple[str, str]] = set()
    for k, name in enumerate(stages):
        later = _read_rows(stages[k + 1 :])
        files.update(store_frames(folder, _run_stage(name, documents, upstream, failed, later)))
        for table in set(upstream) - set(later):
            del upstream[table]  # no later stage reads these rows
    return BatchResult(task.batch, files, docs_of_file, len(documents))


RowTest = Callable[[Mapping[str, Any]], bool]


def _read_rows(stages: Iterable[str]) -> dict[str, RowTest]:
    """The upstream tables these stages read, each with a test of the rows they read.

    A stage may say which rows of a table it reads (``UPSTREAM_ROWS``); the
    others need not be kept as rows while the batch runs.
    """
    tests: dict[str, list[RowTest]] = defaultdict(list)
    for stage in stages:
        module = stage_module(stage)
        only: Mapping[str, RowTest] = getattr(module, "UPSTREAM_ROWS", {})
        for table in module.UPSTREAM:
            tests[table].append(only.get(table, _every_row))
    return {table: partial(_any_test, tuple(found)) for table, found in tests.items()}


def _every_row(row: Mapping[str, Any]) -> bool:
    return True


def _any_test(tests: tuple[RowTest, ...], row: Mapping[str, Any]) -> bool:
    return any(test(row) for test in tests)


def _ingest(
    files: Iterable[FileTask], docs_of_file: dict[str, list[str]]
) -> tuple[list[CleanDocument], dict[str, pl.DataFrame]]:
    documents: list[CleanDocument] = []
    rows = _ChunkedRows(documents_stage.TABLES)
    for task in files:
        try:
            output = documents_stage.process_file(task.seed, task.repeated)
        except Exception as error:  # a file the cleanup cannot handle is a reject, not a crash
            output = documents_stage.FileOutput([], [_ingest_failure(task.seed, error)])
        for table, table_rows in documents_stage.rows_of(output).items():
            rows.extend(table, table_rows)
        docs_of_file[task.key] = [p.document.doc_id for p in output.documents]
        documents.extend(p.document for p in output.documents)
        del output  # its row dicts are frames now; only the clean documents stay
    return documents, rows.frames()


def _ingest_failure(seed: SeedFile, error: Exception) -> Reject:
    detail = f"{type(error).__name__}: {error}"[:2000]
    return Reject(seed.source_path, "failed_stage", detail, stage="documents")


def _stored_upstream(
    inputs: Mapping[str, str], documents: list[CleanDocument]
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Rows of the stored upstream tables, by document."""
    upstream: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, path in inputs.items():
        if table in documents_stage.TABLES:
            continue
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in pl.read_parquet(path).iter_rows(named=True):
            by_doc[row["doc_id"]].append(row)
        upstream[table] = by_doc
    return upstream


def _run_stage(
    name: str,
    documents: list[CleanDocument],
    upstream: dict[str, dict[str, list[dict[str, Any]]]],
    failed: set[tuple[str, str]],
    later: Mapping[str, RowTest],
) -> dict[str, pl.DataFrame]:
    """One stage over the batch's documents.

    Its rows are kept as rows only where a later stage reads them (``later``);
    all go into frames as they come.
    """
    module = stage_module(name)
    rows = _ChunkedRows(stage_tables(name))
    needs = set(module.UPSTREAM)
    for doc in documents:
        if not is_extractable(doc):
            continue  # kept with its sentences, but no extractor reads its language
        blocked = [stage for stage, doc_id in failed if doc_id == doc.doc_id]
        if _needs_failed(needs, blocked):
            continue
        inputs = {t: upstream.get(t, {}).get(doc.doc_id, []) for t in module.UPSTREAM}
        try:
            out = module.compute(doc, inputs)
        except Exception as error:  # one document's failure is recorded, never fatal
            failed.add((name, doc.doc_id))
            rows.extend(f"failures_{name}", [_failure(doc, name, error)])
            continue
        for table, table_rows in out.items():
            rows.extend(table, table_rows)
            if table in later:
                read = later[table]
                upstream.setdefault(table, {})[doc.doc_id] = [r for r in table_rows if read(r)]
        del out
    return rows.frames()


def _needs_failed(needs: set[str], failed_stages: list[str]) -> bool:
    produced = {t for stage in failed_stages for t in stage_module(stage).TABLES}
    return bool(needs & produced)


def _failure(doc: CleanDocument, stage: str, error: Exception) -> dict[str, Any]:
    return {
        "source_path": doc.source_path,
        "record": None,
        "doc_id": doc.doc_id,
        "stage": stage,
        "detail": f"{type(error).__name__}: {error}"[:2000],
    }


# Rows of a table become a frame every this many rows: a document of tens of
# thousands of sentences, figures or events is held as compact columns, not as
# dicts, while a batch of ordinary articles still makes one frame per table.
CHUNK_ROWS = 8_192


class _ChunkedRows:
    """The rows of some tables, turned into frames in chunks as they arrive."""

    def __init__(self, tables: Mapping[str, Mapping[str, pl.DataType]]) -> None:
        self.tables = tables
        self.pending: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        self.parts: dict[str, list[pl.DataFrame]] = defaultdict(list)

    def extend(self, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
        pending = self.pending[table]
        for row in rows:
            pending.append(row)
            if len(pending) >= CHUNK_ROWS:
                self._flush(table)
                pending = self.pending[table]

    def _flush(self, table: str) -> None:
        rows = self.pending.pop(table, [])
        if rows:
            self.parts[table].append(_frame(self.tables[table], rows))

    def frames(self) -> dict[str, pl.DataFrame]:
        """One frame per table (empty ones with their columns); its chunks are
        written as they are, not first copied into one."""
        out = {}
        for table, columns in self.tables.items():
            self._flush(table)
            parts = self.parts.pop(table, [])
            out[table] = pl.concat(parts, rechunk=False) if parts else _frame(columns, [])
        return out


def _frame(columns: Mapping[str, pl.DataType], rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows as a frame built column by column: no copy of each row on the way."""
    return pl.DataFrame({c: [row.get(c) for row in rows] for c in columns}, schema=dict(columns))
