"""Validation of every table: Pandera schemas plus cross-table invariants.

Pandera checks one frame; the contract also promises that every offset points
into ``articles.clean_text`` and that ids refer to existing rows, which needs
two frames at once. Both kinds of failure are reported the same way so the
Dagster checks can show them and block the publication.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandera.errors
import polars as pl

from newsfacts.schemas import TABLES

MAX_EXAMPLES = 10

# Columns holding the exact text at [char_start, char_end) of clean_text.
SURFACE_COLUMN = {
    "sentences": "text",
    "figures": "surface",
    "mentions": "surface",
    "quotes": "text",
    "events": "trigger",
}
# (column, referenced table, referenced column) that must resolve.
REFERENCES = {
    "boilerplate": [("doc_id", "articles", "doc_id")],
    "sentences": [("doc_id", "articles", "doc_id")],
    "figures": [
        ("doc_id", "articles", "doc_id"),
        ("event_id", "events", "event_id"),
        ("location_id", "entities", "entity_id"),
        ("source_id", "entities", "entity_id"),
    ],
    "mentions": [("doc_id", "articles", "doc_id"), ("entity_id", "entities", "entity_id")],
    "quotes": [("doc_id", "articles", "doc_id"), ("speaker_id", "entities", "entity_id")],
    "events": [
        ("doc_id", "articles", "doc_id"),
        ("actor_id", "entities", "entity_id"),
        ("target_id", "entities", "entity_id"),
        ("location_id", "entities", "entity_id"),
    ],
    "story_events": [
        ("location_id", "entities", "entity_id"),
        ("actor_id", "entities", "entity_id"),
        ("target_id", "entities", "entity_id"),
    ],
}


@dataclass
class ValidationReport:
    """Outcome of validating one table: failures grouped by check."""

    table: str
    rows: int
    failures: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def n_failures(self) -> int:
        return sum(len(v) for v in self.failures.values())

    def markdown(self) -> str:
        if self.passed:
            return f"`{self.table}`: {self.rows} rows, all checks passed."
        lines = [f"`{self.table}`: {self.n_failures} failures in {self.rows} rows"]
        for check, examples in self.failures.items():
            lines.append(f"- **{check}**: " + "; ".join(examples[:MAX_EXAMPLES]))
        return "\n".join(lines)


def validate_schema(table: str, df: pl.DataFrame, report: ValidationReport) -> None:
    """Run the table's Pandera model lazily, collecting every failure."""
    try:
        TABLES[table].validate(df, lazy=True)
    except pandera.errors.SchemaErrors as error:
        for group in json.loads(str(error)).values():
            for check, items in group.items():
                report.failures.setdefault(check, []).extend(
                    item.get("error", str(item)) for item in items
                )
    except pandera.errors.SchemaError as error:
        report.failures.setdefault("schema", []).append(str(error))


def validate_offsets(
    table: str, df: pl.DataFrame, articles: pl.DataFrame, report: ValidationReport
) -> None:
    """``clean_text[char_start:char_end] == surface`` for every row."""
    column = SURFACE_COLUMN.get(table)
    if column is None or df.is_empty() or column not in df.columns:
        return
    texts = dict(zip(articles["doc_id"], articles["clean_text"], strict=True))
    bad = []
    for row in df.select("doc_id", "char_start", "char_end", column).iter_rows():
        doc_id, start, end, surface = row
        text = texts.get(doc_id)
        if text is None or text[start:end] != surface:
            bad.append(f"{doc_id}[{start}:{end}] is not {surface!r}")
    if bad:
        report.failures["offsets_match_clean_text"] = bad


def validate_references(
    table: str, df: pl.DataFrame, others: dict[str, pl.DataFrame], report: ValidationReport
) -> None:
    """Every id column points at an existing row of the table it names."""
    for column, target, target_column in REFERENCES.get(table, []):
        if target not in others or column not in df.columns:
            continue
        known = set(others[target][target_column].to_list())
        dangling = sorted({v for v in df[column].drop_nulls().to_list() if v not in known})
        if dangling:
            report.failures[f"{column}_references_{target}"] = [str(v) for v in dangling]


def validate_table(
    table: str, df: pl.DataFrame, others: dict[str, pl.DataFrame]
) -> ValidationReport:
    """All checks of one table; ``others`` holds the tables it refers to."""
    report = ValidationReport(table, df.height)
    validate_schema(table, df, report)
    if "articles" in others:
        validate_offsets(table, df, others["articles"], report)
    validate_references(table, df, others, report)
    return report
