"""Materialisation metadata shown in the Dagster UI."""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl

from newsfacts.stages.build import StageReport

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 60


def markdown_preview(df: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first rows as a markdown table, long cells shortened."""
    if df.is_empty():
        return "_no rows_"
    head = df.head(rows)

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        text = text.replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


def table_metadata(df: pl.DataFrame, report: StageReport | None = None) -> dict[str, Any]:
    """Row count and preview of a table, plus what the stage recomputed."""
    meta: dict[str, Any] = {
        "dagster/row_count": df.height,
        "preview": dg.MetadataValue.md(markdown_preview(df)),
    }
    if "doc_id" in df.columns:
        meta["documents"] = df["doc_id"].n_unique()
    if report is not None:
        meta["documents_computed"] = len(report.run.computed)
        meta["documents_reused"] = len(report.run.reused)
        meta["documents_removed"] = len(report.run.pruned)
        meta["documents_failed"] = len(report.run.failed)
        meta.update({k: v for k, v in report.notes.items() if isinstance(v, (int, str, float))})
    return meta
