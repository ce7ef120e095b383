"""The pipeline's stages as plain functions: the Dagster assets call these.

Per-document stages (documents, figures, mentions, quotes, events) cache their
output per document (see ``incremental``); cross-document stages (entity
resolution, duplicates, story events, figure claims) are recomputed from the
cached per-document rows, which is cheap. Every stage writes its tables to the
staging folder; ``warehouse.publish`` moves them into place once all checks
passed, so a failed run never touches the published dataset.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from newsfacts.cleanup import repeat_candidates
from newsfacts.documents import SKIPPED_RECORDS, drop_repeated_documents, seed_frames
from newsfacts.duplicates import find_duplicates
from newsfacts.incremental import StageRun, StageStore, stage_version, write_parquet_atomic
from newsfacts.ingest import Reject, SeedFile, plain_text, scan_seeds, split_duplicates
from newsfacts.model import CleanDocument, Sentence
from newsfacts.paths import Paths
from newsfacts.schemas import frame

DOCUMENT_TABLES = ("articles", "boilerplate", "sentences", "rejects")
# A short line in this many documents is site chrome, whatever it says.
REPEATED_MIN_DOCS = 3

DOCUMENTS_VERSION_INPUTS = (
    (
        "ingest.py",
        "cleanup.py",
        "date_lines.py",
        "sentences.py",
        "documents.py",
        "dates.py",
        "model.py",
        "schemas.py",
        "sources",
        "language.py",
    ),
    ("boilerplate.yaml", "outlets.yaml", "abbreviations.yaml", "export_columns.yaml"),
)


@dataclass
class StageReport:
    """Counts and notes of one stage, shown as materialisation metadata."""

    rows: dict[str, int]
    run: StageRun = field(default_factory=StageRun)
    notes: dict[str, Any] = field(default_factory=dict)


def documents_version() -> str:
    code, reference = DOCUMENTS_VERSION_INPUTS
    return stage_version(code, reference)


def _repeats_by_key(by_key: Mapping[str, SeedFile]) -> dict[str, frozenset[str]]:
    """Per plain-text seed, its short lines that recur in other seeds.

    A document's cleanup depends on these, so they are part of its cache input:
    a new file only re-cleans the documents whose recurring lines it changes.
    """
    candidates: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    for key, seed in by_key.items():
        text = plain_text(seed)
        if text is None:
            continue
        candidates[key] = repeat_candidates(text)
        counts.update(candidates[key])
    frequent = {line for line, n in counts.items() if n >= REPEATED_MIN_DOCS}
    return {key: frozenset(lines & frequent) for key, lines in candidates.items()}


def run_documents(paths: Paths) -> StageReport:
    """Ingest + cleanup + sentences for new or changed seeds; stage the four tables."""
    seeds = scan_seeds(paths.seeds_dir) if paths.seeds_dir.is_dir() else []
    kept, duplicates = split_duplicates(seeds)
    by_key = {s.fingerprint: s for s in kept}
    repeats = _repeats_by_key(by_key)
    store = StageStore(
        paths.stages_dir / "documents", documents_version(), (*DOCUMENT_TABLES, SKIPPED_RECORDS)
    )

    def compute(key: str) -> dict[str, pl.DataFrame]:
        return seed_frames(by_key[key], repeats.get(key, frozenset()))

    inputs = {
        key: hashlib.sha256("\n".join(sorted(repeats.get(key, ()))).encode()).hexdigest()[:16]
        for key in by_key
    }
    run = store.run(inputs, compute)
    failures = [
        Reject(by_key[key].source_path, "other", f"processing failed: {error}")
        for key, error in run.failed.items()
    ]
    documents, repeated = drop_repeated_documents(
        {table: store.read(table, by_key) for table in ("articles", "boilerplate", "sentences")}
    )
    skipped = store.read(SKIPPED_RECORDS, by_key)
    tables = {
        "articles": _mark_duplicates(documents["articles"]),
        "boilerplate": documents["boilerplate"],
        "sentences": documents["sentences"],
        "rejects": pl.concat(
            [
                store.read("rejects", by_key),
                repeated,
                frame("rejects", [r.__dict__ for r in [*duplicates, *failures]]),
            ]
        ).sort("source_path", maintain_order=True),
    }
    for table, df in tables.items():
        write_parquet_atomic(df, paths.staged(table))
    return StageReport(
        rows={t: df.height for t, df in tables.items()},
        run=run,
        notes={
            "seed_files": len(seeds),
            "rejected_files": tables["rejects"].height,
            "non_english_documents": tables["articles"].filter(pl.col("language") != "en").height,
            "skipped_records": int(skipped["records"].sum()) if skipped.height else 0,
            "version": store.version,
        },
    )


def _mark_duplicates(articles: pl.DataFrame) -> pl.DataFrame:
    """Fill ``duplicate_of`` for syndicated copies of another seed's story."""
    if articles.is_empty():
        return articles
    originals = find_duplicates(articles)
    return articles.with_columns(
        pl.col("doc_id")
        .replace_strict(originals, default=None, return_dtype=pl.String)
        .alias("duplicate_of")
    ).sort("source_path", maintain_order=True)


def read_staged(paths: Paths, table: str) -> pl.DataFrame:
    """A staged table (empty with the contract's columns when absent)."""
    path = paths.staged(table)
    return pl.read_parquet(path) if path.is_file() else frame(table, [])


def iter_documents(paths: Paths, doc_ids: set[str] | None = None) -> Iterator[CleanDocument]:
    """Rebuild the clean documents from the staged document tables, one at a time."""
    articles = read_staged(paths, "articles")
    sentences: dict[str, list[Sentence]] = defaultdict(list)
    for row in read_staged(paths, "sentences").sort("doc_id", "sentence_idx").iter_rows(named=True):
        sentences[row["doc_id"]].append(Sentence(**row))
    captions: dict[str, list[str]] = defaultdict(list)
    boilerplate = read_staged(paths, "boilerplate").filter(pl.col("rule") == "caption")
    for doc_id, text in boilerplate.sort("doc_id", "line_no").select("doc_id", "text").iter_rows():
        captions[doc_id].append(text.strip())
    for row in articles.iter_rows(named=True):
        if doc_ids is not None and row["doc_id"] not in doc_ids:
            continue
        yield _document_from_rows(row, sentences[row["doc_id"]], captions[row["doc_id"]])


def _document_from_rows(
    row: Mapping[str, Any], sentences: list[Sentence], captions: list[str]
) -> CleanDocument:
    return CleanDocument(
        doc_id=row["doc_id"],
        source_path=row["source_path"],
        clean_text=row["clean_text"],
        sentences=tuple(sentences),
        title=row["title"],
        author=row["author"],
        outlet=row["outlet"],
        published_date=row["published_date"],
        published_date_basis=row["published_date_basis"],
        captions=tuple(captions),
        language=row["language"],
    )


PUBLISHED_TABLES: tuple[str, ...] = (
    *DOCUMENT_TABLES,
    "entities",
    "mentions",
    "quotes",
    "events",
    "figures",
    "story_events",
    "figure_claims",
)


def analyst_views() -> dict[str, str]:
    """SQL views for analysts, created in the DuckDB file over the table views.

    They join across every contract table, so they exist only once all are published.
    """
    from newsfacts.analyst_views import ANALYST_VIEWS
    from newsfacts.schemas import TABLES

    if set(TABLES) - set(PUBLISHED_TABLES):
        return {}

    return dict(ANALYST_VIEWS)
