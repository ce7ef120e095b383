"""From a decoded document to a cleaned, sentence-split document and its table rows.

This is the per-document "documents" stage: it produces the ``articles``,
``boilerplate`` and ``sentences`` rows of one article, and the
``CleanDocument`` that every extractor reads. Each field of an article
records where it came from: what the source stated (``metadata``, or
``sidecar`` when given beside the file) wins over what the text says
(``text``), which wins over inference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from newsfacts.cleanup import clean_text_lines
from newsfacts.date_lines import parse_dateline
from newsfacts.ingest import RawDocument, Reject, read_seeds
from newsfacts.language import detect_language
from newsfacts.model import CleanDocument
from newsfacts.sentences import split_sentences


@dataclass(frozen=True)
class ProcessedDocument:
    """One article's rows for the document-level tables, plus its clean form."""

    document: CleanDocument
    article: dict[str, Any]
    boilerplate: list[dict[str, Any]]
    sentences: list[dict[str, Any]]


def clean_document(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> ProcessedDocument:
    """Clean, split, date and identify the language of one decoded document."""
    given = raw.metadata
    result = clean_text_lines(raw.text, repeated)
    clean_text = result.clean_text
    if given.published is not None:
        published, basis = given.published, given.basis("published") or "metadata"
    elif (dated := result.dated or _dateline_date(result.paragraphs)) is not None:
        published, basis = dated, "text"
    else:
        published, basis = None, "unknown"
    found = {"title": result.title, "author": result.author, "outlet": result.outlet}
    document = CleanDocument(
        doc_id=raw.doc_id,
        source_path=raw.source_path,
        clean_text=clean_text,
        sentences=tuple(split_sentences(raw.doc_id, clean_text)),
        title=given.text("title") or found["title"],
        author=given.text("author") or found["author"],
        outlet=given.text("outlet") or found["outlet"],
        published_date=published,
        published_date_basis=basis,
        captions=result.captions,
        language=detect_language(clean_text, given.text("language")),
    )
    document = _bounded_by_fetch(_with_inferred_date(document), raw.fetched)
    article = {
        "doc_id": raw.doc_id,
        "source_path": raw.source_path,
        "source_record": raw.record,
        "source_format": raw.source_format,
        "url": given.text("url"),
        "title": document.title,
        "title_basis": _basis(given.basis("title"), found["title"]),
        "outlet": document.outlet,
        "outlet_basis": _basis(given.basis("outlet"), found["outlet"]),
        "author": document.author,
        "published_date": document.published_date,
        "published_date_basis": document.published_date_basis,
        "language": document.language,
        "raw_chars": raw.raw_chars,
        "clean_chars": len(clean_text),
        "boilerplate_lines": len(result.removed),
        "clean_text": clean_text,
        "duplicate_of": None,
    }
    boilerplate = [
        {"doc_id": raw.doc_id, "line_no": r.line_no, "text": r.text, "rule": r.rule}
        for r in result.removed
    ]
    sentences = [s.row() for s in document.sentences]
    return ProcessedDocument(document, article, boilerplate, sentences)


def _basis(given: str | None, found: str | None) -> str:
    """Where a field came from: the source's statement wins over the text."""
    if given:
        return given
    return "text" if found else "unknown"


DATELINE_PARAGRAPHS = 4


def _dateline_date(paragraphs: tuple[str, ...]) -> date | None:
    """A wire dateline ("KHARTOUM, 4 June 2025 (Reuters) -") states the publication date."""
    for paragraph in paragraphs[1 : 1 + DATELINE_PARAGRAPHS]:
        found = parse_dateline(paragraph)
        if found is not None:
            return found
    return None


def _with_inferred_date(document: CleanDocument) -> CleanDocument:
    """Fill the publication date from the text's own dates when nothing states it."""
    if document.published_date is not None:
        return document
    from newsfacts.dates import infer_published_date

    published, basis = infer_published_date(document)
    return replace(document, published_date=published, published_date_basis=basis)


def _bounded_by_fetch(document: CleanDocument, fetched: date | None) -> CleanDocument:
    """A crawled page was published by the day it was fetched.

    With no stated date, the fetch day stands in (basis ``inferred``), and an
    inferred date later than the fetch (a future event the text mentions) gives
    way to it.
    """
    inferred = document.published_date_basis in ("inferred", "unknown")
    current = document.published_date
    if fetched is None or not inferred or (current is not None and current <= fetched):
        return document
    return replace(document, published_date=fetched, published_date_basis="inferred")


def process_records(
    records: Iterable[RawDocument | Reject], repeated: frozenset[str] = frozenset()
) -> Iterator[ProcessedDocument | Reject]:
    """Clean every document of a stream of records; rejects pass through."""
    for item in records:
        yield item if isinstance(item, Reject) else clean_document(item, repeated)


def process_seeds(seeds_dir: Path) -> Iterator[ProcessedDocument | Reject]:
    """Stream every document of a folder as a processed document or a reject."""
    yield from process_records(read_seeds(seeds_dir))


def read_documents(seeds_dir: Path) -> Iterator[CleanDocument]:
    """The clean documents of a folder (rejects skipped): what extractors read."""
    for item in process_seeds(seeds_dir):
        if isinstance(item, ProcessedDocument):
            yield item.document
