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
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from newsfacts.ingest import Reject, SeedFile
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
    """The task function of the map (module level, so every executor can pickle it)."""
    frames: dict[str, pl.DataFrame] = {}
    docs_of_file: dict[str, list[str]] = {}
    if task.files:
        documents, rows = _ingest(task.files, docs_of_file)
        frames.update(_frames(documents_stage.TABLES, rows))
        stages: Iterable[str] = EXTRACTORS
    else:
        documents = list(
            documents_stage.documents_from_tables(
                *(pl.read_parquet(task.inputs[t]) for t in ("articles", "sentences", "boilerplate"))
            )
        )
        stages = task.stages
    upstream = _stored_upstream(task.inputs, documents)
    failed: set[tuple[str, str]] = set()
    for name in stages:
        frames.update(_run_stage(name, documents, upstream, failed))
    return BatchResult(
        task.batch, store_frames(Path(task.folder), frames), docs_of_file, len(documents)
    )


def _ingest(
    files: Iterable[FileTask], docs_of_file: dict[str, list[str]]
) -> tuple[list[CleanDocument], dict[str, list[dict[str, Any]]]]:
    documents: list[CleanDocument] = []
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for task in files:
        try:
            output = documents_stage.process_file(task.seed, task.repeated)
        except Exception as error:  # a file the cleanup cannot handle is a reject, not a crash
            output = documents_stage.FileOutput([], [_ingest_failure(task.seed, error)])
        for table, table_rows in documents_stage.rows_of(output).items():
            rows[table].extend(table_rows)
        docs_of_file[task.key] = [p.document.doc_id for p in output.documents]
        documents.extend(p.document for p in output.documents)
    return documents, rows


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
) -> dict[str, pl.DataFrame]:
    """One stage over the batch's documents; its rows become upstream for later stages."""
    module = stage_module(name)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
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
            rows[f"failures_{name}"].append(_failure(doc, name, error))
            continue
        for table, table_rows in out.items():
            rows[table].extend(table_rows)
            upstream.setdefault(table, {})[doc.doc_id] = list(table_rows)
    return _frames(stage_tables(name), rows)


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


def _frames(
    tables: Mapping[str, Mapping[str, pl.DataType]], rows: Mapping[str, list[dict[str, Any]]]
) -> dict[str, pl.DataFrame]:
    return {
        table: pl.DataFrame(
            [{c: row.get(c) for c in columns} for row in rows.get(table, [])],
            schema=dict(columns),
        )
        for table, columns in tables.items()
    }
