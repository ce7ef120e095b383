"""Article exports from news APIs and databases: JSON Lines, CSV and Parquet, one article per row.

Columns map to article fields by name (``data/reference/export_columns.yaml``,
overridable per folder by an ``export_columns.yaml`` beside the exports). A
row's doc_id hashes its text as given, so an article exported twice, or also
saved as a text file, is recognised as the same document. A bad row is one
reject; the rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from newsfacts.reference import load_yaml
from newsfacts.sources.fragments import fragment_text, looks_like_markup
from newsfacts.sources.records import METADATA, Metadata, RawDocument, Reject, content_id
from newsfacts.sources.text import looks_binary

COLUMNS_FILE = "export_columns.yaml"
FIELDS = ("text", "title", "url", "published", "outlet", "author", "language")
PARQUET_BATCH_ROWS = 256

ColumnMap = Mapping[str, tuple[str, ...]]


class ColumnConfigError(ValueError):
    """An ``export_columns.yaml`` that cannot be used."""


def column_map(folder_config: Path | None) -> ColumnMap:
    """The default column names, with the fields a folder's config sets replaced."""
    mapping = {name: _names(values, name) for name, values in load_yaml(COLUMNS_FILE).items()}
    if folder_config is not None:
        mapping.update(read_column_config(folder_config))
    return mapping


def read_column_config(path: Path) -> dict[str, tuple[str, ...]]:
    """The fields an ``export_columns.yaml`` overrides; a clear error when it is malformed."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ColumnConfigError(f"not valid YAML: {error}") from error
    if not isinstance(loaded, dict):
        raise ColumnConfigError("expected a mapping of article fields to column names")
    unknown = sorted(set(map(str, loaded)) - set(FIELDS))
    if unknown:
        raise ColumnConfigError(f"unknown fields {unknown}; known fields: {list(FIELDS)}")
    return {str(name): _names(values, str(name)) for name, values in loaded.items()}


def _names(values: Any, field: str) -> tuple[str, ...]:
    items = [values] if isinstance(values, str) else values
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ColumnConfigError(f"{field}: expected a column name or a list of column names")
    return tuple(v.strip().lower() for v in items)


def _pick(row: Mapping[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value = row.get(name)
        if value is not None and value != "":
            return value
    return None


def _row_document(
    row: Mapping[Any, Any],
    columns: ColumnMap,
    source_path: str,
    source_format: str,
    record: str,
    max_bytes: int,
) -> RawDocument | Reject:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    body = _pick(lowered, columns["text"])
    if body is None:
        looked = ", ".join(columns["text"])
        return Reject(
            source_path, "empty", f"no text in any of the columns {looked}", record=record
        )
    if not isinstance(body, str):
        body = str(body)
    raw = body.encode("utf-8")
    if looks_binary(raw):
        detail = "NUL or control characters in the text column: not article text"
        return Reject(source_path, "binary", detail, record=record)
    if len(raw) > max_bytes:
        detail = f"{len(raw)} bytes of text > limit of {max_bytes} bytes"
        return Reject(source_path, "too_large", detail, record=record)
    text = fragment_text(body) if looks_like_markup(body) else body.strip()
    if not text:
        return Reject(source_path, "empty", "the text column holds only white space", record=record)
    fields = {name: _pick(lowered, columns.get(name, ())) for name in FIELDS[1:]}
    metadata = Metadata.of(METADATA, fields)
    title = metadata.text("title")
    full = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return RawDocument(
        content_id(raw), source_path, source_format, full, len(body), record, metadata
    )


def _missing_text_column(
    names: Iterable[str], columns: ColumnMap, source_path: str
) -> Reject | None:
    present = {str(n).strip().lower() for n in names if n is not None}
    if present & set(columns["text"]):
        return None
    detail = (
        f"no article text column: looked for {', '.join(columns['text'])}; found "
        f"{', '.join(sorted(present)) or 'none'} (set `text` in {COLUMNS_FILE})"
    )
    return Reject(source_path, "unsupported_type", detail)


def read_jsonl(
    stream: BinaryIO, source_path: str, columns: ColumnMap, max_bytes: int
) -> Iterator[RawDocument | Reject]:
    """One document per JSON object line; a line that is not one is a reject."""
    for number, line in enumerate(_bounded_lines(stream, max_bytes), start=1):
        record = f"line {number}"
        if line is None:
            detail = f"the line is longer than the limit of {max_bytes} bytes"
            yield Reject(source_path, "too_large", detail, record=record)
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            yield Reject(source_path, "unparseable", f"not JSON: {error}", record=record)
            continue
        if not isinstance(row, dict):
            detail = f"expected a JSON object, got {type(row).__name__}"
            yield Reject(source_path, "unparseable", detail, record=record)
            continue
        yield _row_document(row, columns, source_path, "jsonl", record, max_bytes)


def _bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a stream; None for a line over ``max_bytes`` (skipped, never held whole)."""
    # A record can hold its text escaped (\uXXXX is 6 bytes a character): allow for it.
    limit = 6 * max_bytes
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(limit + 1)) and not rest.endswith(b"\n"):
            pass
        yield None


def read_csv(
    stream: BinaryIO, source_path: str, columns: ColumnMap, max_bytes: int
) -> Iterator[RawDocument | Reject]:
    """One document per row under a header row; the file needs an article text column."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="newsfacts-cp1252", newline="")
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        yield Reject(source_path, "unparseable", f"CSV header: {error}")
        return
    missing = _missing_text_column(header, columns, source_path)
    if missing is not None:
        yield missing
        return
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Reject(source_path, "unparseable", f"CSV: {error}", record=f"row {number}")
            continue
        yield _row_document(row, columns, source_path, "csv", f"row {number}", max_bytes)


def read_parquet(
    source: BinaryIO, source_path: str, columns: ColumnMap, max_bytes: int
) -> Iterator[RawDocument | Reject]:
    """One document per row, read in batches so a large file never sits in memory whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as error:
        yield Reject(source_path, "unparseable", f"not a Parquet file: {error}")
        return
    missing = _missing_text_column(parquet.schema_arrow.names, columns, source_path)
    if missing is not None:
        yield missing
        return
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                yield _row_document(
                    row, columns, source_path, "parquet", f"row {number}", max_bytes
                )
    except (pa.ArrowException, OSError) as error:
        detail = f"the file breaks after row {number}: {error}; later rows were not read"
        yield Reject(source_path, "unparseable", detail, record=f"row {number + 1}")
