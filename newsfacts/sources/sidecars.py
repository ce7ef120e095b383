"""Metadata given beside text and HTML files: sidecars and folder metadata tables.

- ``name.json`` or ``name.meta.json`` beside ``name.txt`` (or ``name.html``,
  compressed or not): a JSON object with any of ``url``, ``title``, ``outlet``,
  ``published`` (ISO date or datetime, or null), ``author``, ``language``;
- ``metadata.csv`` or ``metadata.jsonl`` in a folder: one row per file, with a
  ``file`` column (the file's path relative to that folder) and the same keys.

A file's own sidecar wins over the tables, a nearer table over one higher up,
and all win over what the page or the text says (basis ``sidecar``). A malformed sidecar or table is
reported as a reject and its file is read without it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsfacts.sources.detect import article_stem
from newsfacts.sources.records import SIDECAR, Metadata

SIDECAR_SUFFIXES = (".meta.json", ".json")
FOLDER_TABLES = ("metadata.csv", "metadata.jsonl")
FILE_KEY = "file"


class MetadataError(ValueError):
    """A sidecar or metadata table that cannot be read, with a readable reason."""

    def __init__(self, detail: str, record: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.record = record


def sidecar_names(name: str) -> tuple[str, ...]:
    """The names the sidecar of a file called ``name`` may have, beside it, most specific
    first."""
    stem = article_stem(name)
    return tuple(stem + suffix for suffix in SIDECAR_SUFFIXES)


def read_sidecar(path: Path) -> Metadata:
    """The fields a sidecar states."""
    try:
        loaded = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise MetadataError(f"the sidecar is not JSON: {error}") from error
    if not isinstance(loaded, dict):
        raise MetadataError(f"the sidecar must be a JSON object, not {type(loaded).__name__}")
    return Metadata.of(SIDECAR, loaded)


@dataclass
class FolderTable:
    """The rows of one folder metadata table by file name, and the rows it could not read."""

    path: Path
    rows: dict[str, Metadata] = field(default_factory=dict)
    errors: list[MetadataError] = field(default_factory=list)


def read_folder_table(path: Path) -> FolderTable:
    """Parse ``metadata.csv`` / ``metadata.jsonl``; a bad row is an error, the others are kept."""
    table = FolderTable(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        table.errors.append(MetadataError(f"not UTF-8: {error}"))
        return table
    rows = _csv_rows(text, table) if path.suffix == ".csv" else _jsonl_rows(text, table)
    for record, row in rows:
        name = row.get(FILE_KEY)
        if not isinstance(name, str) or not name.strip():
            table.errors.append(MetadataError(f"no '{FILE_KEY}' value", record))
            continue
        table.rows[name.strip()] = Metadata.of(SIDECAR, row)
    return table


def _csv_rows(text: str, table: FolderTable) -> list[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    except csv.Error as error:
        table.errors.append(MetadataError(f"CSV header: {error}"))
        return []
    if FILE_KEY not in header:
        table.errors.append(MetadataError(f"the table has no '{FILE_KEY}' column"))
        return []
    rows = []
    for number, row in enumerate(reader, start=1):
        rows.append((f"row {number}", {str(k).strip().lower(): v for k, v in row.items() if k}))
    return rows


def _jsonl_rows(text: str, table: FolderTable) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            table.errors.append(MetadataError(f"not JSON: {error}", f"line {number}"))
            continue
        if not isinstance(row, dict):
            table.errors.append(MetadataError("expected a JSON object", f"line {number}"))
            continue
        rows.append((f"line {number}", row))
    return rows


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
