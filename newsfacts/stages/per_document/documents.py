"""From one input file to its documents' rows: decoded, cleaned, split, signed.

This is the first per-document stage: it produces the ``articles``,
``boilerplate``, ``sentences`` and ``rejects`` rows of a file, and for each
document the MinHash signature that near-duplicate detection indexes. It
also rebuilds the ``CleanDocument`` that every extractor reads from those
rows when a later stage runs on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from newsfacts.documents import ProcessedDocument, process_records
from newsfacts.ingest import Reject, SeedFile, read_records
from newsfacts.model import CleanDocument, Sentence
from newsfacts.schemas import polars_schema
from newsfacts.signatures import signature

NAME = "documents"
SIGNATURE_COLUMNS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "shingles": pl.Int64(),
    "signature": pl.Binary(),
}
# Records of a file that are no article (requests and images in a web archive), by kind.
SKIPPED_COLUMNS: dict[str, pl.DataType] = {
    "source_path": pl.String(),
    "kind": pl.String(),
    "records": pl.Int64(),
}
TABLES: dict[str, dict[str, pl.DataType]] = {
    "articles": polars_schema("articles"),
    "boilerplate": polars_schema("boilerplate"),
    "sentences": polars_schema("sentences"),
    "rejects": polars_schema("rejects"),
    "signatures": SIGNATURE_COLUMNS,
    "skipped_records": SKIPPED_COLUMNS,
}


@dataclass
class FileOutput:
    """What one input file gave: its processed documents, its rejects, its skipped records."""

    documents: list[ProcessedDocument]
    rejects: list[Reject]
    skipped: dict[str, int] = field(default_factory=dict)
    source_path: str = ""


def process_file(seed: SeedFile, repeated: frozenset[str]) -> FileOutput:
    """Decode, clean and split every document of one file; never raises for bad input."""
    records = read_records(seed)
    output = FileOutput([], [], source_path=seed.source_path)
    for item in process_records(records, repeated):
        if isinstance(item, Reject):
            output.rejects.append(item)
        else:
            output.documents.append(item)
    output.skipped = dict(records.skipped)
    return output


def rows_of(output: FileOutput) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for processed in output.documents:
        rows["articles"].append(processed.article)
        rows["boilerplate"].extend(processed.boilerplate)
        rows["sentences"].extend(processed.sentences)
        sig = signature(processed.document.clean_text)
        rows["signatures"].append(
            {"doc_id": processed.document.doc_id, "shingles": sig.shingles, "signature": sig.values}
        )
    rows["rejects"].extend(reject.__dict__ for reject in output.rejects)
    rows["skipped_records"].extend(
        {"source_path": output.source_path, "kind": kind, "records": n}
        for kind, n in sorted(output.skipped.items())
    )
    return rows


def documents_from_tables(
    articles: pl.DataFrame, sentences: pl.DataFrame, boilerplate: pl.DataFrame
) -> Iterator[CleanDocument]:
    """The clean documents behind stored rows, for stages that run on their own."""
    by_doc: dict[str, list[Sentence]] = defaultdict(list)
    for row in sentences.sort("doc_id", "sentence_idx").iter_rows(named=True):
        by_doc[row["doc_id"]].append(Sentence(**row))
    captions: dict[str, list[str]] = defaultdict(list)
    kept = boilerplate.filter(pl.col("rule") == "caption").sort("doc_id", "line_no")
    for doc_id, text in kept.select("doc_id", "text").iter_rows():
        captions[doc_id].append(text.strip())
    for row in articles.iter_rows(named=True):
        yield document_from_row(row, by_doc[row["doc_id"]], captions[row["doc_id"]])


def document_from_row(
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
