"""From a decoded seed to a cleaned, sentence-split document and its table rows.

This is the per-document "documents" stage: it produces the ``articles``,
``boilerplate`` and ``sentences`` rows of one article, and the
``CleanDocument`` that every extractor reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from newsfacts.cleanup import clean_text_lines
from newsfacts.date_lines import parse_dateline
from newsfacts.ingest import RawDocument, Reject, read_seeds
from newsfacts.model import CleanDocument
from newsfacts.sentences import split_sentences

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class ProcessedDocument:
    """One article's rows for the document-level tables, plus its clean form."""

    document: CleanDocument
    article: dict[str, Any]
    boilerplate: list[dict[str, Any]]
    sentences: list[dict[str, Any]]


def clean_document(raw: RawDocument, repeated: frozenset[str] = frozenset()) -> ProcessedDocument:
    """Clean, split and date one decoded article."""
    seed = raw.seed
    result = clean_text_lines(raw.text, repeated)
    clean_text = result.clean_text
    if raw.published is not None:
        published, basis = raw.published, "metadata"
    elif (dated := result.dated or _dateline_date(result.paragraphs)) is not None:
        published, basis = dated, "text"
    else:
        published, basis = None, "unknown"
    document = CleanDocument(
        doc_id=seed.doc_id,
        source_path=seed.source_path,
        clean_text=clean_text,
        sentences=tuple(split_sentences(seed.doc_id, clean_text)),
        title=raw.title or result.title,
        author=raw.author or result.author,
        outlet=raw.outlet or result.outlet,
        published_date=published,
        published_date_basis=basis,
        captions=result.captions,
    )
    document = _with_inferred_date(document)
    article = {
        "doc_id": seed.doc_id,
        "source_path": seed.source_path,
        "source_record": None,
        "source_format": seed.source_format,
        "url": None,
        "title": document.title,
        "title_basis": _basis(raw.title, result.title),
        "outlet": document.outlet,
        "outlet_basis": _basis(raw.outlet, result.outlet),
        "author": document.author,
        "published_date": document.published_date,
        "published_date_basis": document.published_date_basis,
        "language": (raw.language or DEFAULT_LANGUAGE)[:2].lower(),
        "raw_chars": raw.raw_chars,
        "clean_chars": len(clean_text),
        "boilerplate_lines": len(result.removed),
        "clean_text": clean_text,
        "duplicate_of": None,
    }
    boilerplate = [
        {"doc_id": seed.doc_id, "line_no": r.line_no, "text": r.text, "rule": r.rule}
        for r in result.removed
    ]
    sentences = [s.__dict__.copy() for s in document.sentences]
    return ProcessedDocument(document, article, boilerplate, sentences)


def _basis(given: str | None, found: str | None) -> str:
    """Where a field came from: the source's metadata wins over the text."""
    if given:
        return "metadata"
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
    try:
        from newsfacts.dates import infer_published_date
    except ImportError:
        return document
    published, basis = infer_published_date(document)
    return replace(document, published_date=published, published_date_basis=basis)


def process_seeds(seeds_dir: Path) -> Iterator[ProcessedDocument | Reject]:
    """Stream every seed of a folder as a processed document or a reject."""
    for item in read_seeds(seeds_dir):
        yield item if isinstance(item, Reject) else clean_document(item)


def read_documents(seeds_dir: Path) -> Iterator[CleanDocument]:
    """The clean documents of a folder (rejects skipped): what extractors read."""
    for item in process_seeds(seeds_dir):
        if isinstance(item, ProcessedDocument):
            yield item.document
