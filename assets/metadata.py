"""What the Dagster UI shows about each table: definition metadata and materialisations.

Definitions: the column schema (types, descriptions, constraints) is generated
from the Pandera models, so the UI and the checks can never disagree; plus
kinds, owner, tags and references to the code that computes and defines the
table. Materialisations: row counts, a preview of the columns a person reads
first sampled across documents, shares watched for drift, and charts.
"""

from __future__ import annotations

import inspect
import linecache
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import dagster as dg
import pandera.polars as pa
import polars as pl

from assets.images import image_metadata
from assets.seeds import SEEDS_KEY
from newsfacts.chart_images import CHART_COLUMNS, Builder, draw
from newsfacts.drift import WATCHED_SHARES, rejected_share, table_shares
from newsfacts.schemas import TABLES, polars_schema
from newsfacts.stages.build import StageReport

PREVIEW_ROWS = 8
PREVIEW_CELL_CHARS = 60
OWNERS = ["team:newsfacts"]
TABLE_KINDS = {"polars", "parquet", "pandera"}
CONTRACT_VERSION = "v2"

# The columns a person reads first, in reading order (ids and offsets come last
# in the Parquet files and are left out of previews).
READABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("source_path", "title", "outlet", "published_date", "language", "clean_chars"),
    "boilerplate": ("rule", "text", "line_no", "doc_id"),
    "rejects": ("source_path", "reason", "detail", "stage"),
    "sentences": ("text", "sentence_idx", "doc_id"),
    "figures": ("surface", "value", "qualifier", "category", "quantity_noun", "location_name"),
    "entities": ("name", "entity_type", "aliases"),
    "mentions": ("surface", "entity_id", "doc_id"),
    "quotes": ("speaker_name", "text", "cue"),
    "events": (
        "trigger",
        "event_type",
        "event_date",
        "location_name",
        "actor_name",
        "target_name",
        "fatalities",
    ),
    "story_events": (
        "event_date",
        "event_type",
        "location_name",
        "actor_name",
        "n_docs",
        "fatalities",
        "sources",
    ),
    "figure_claims": (
        "category",
        "location",
        "quantity_noun",
        "n_docs",
        "value_min",
        "value_max",
        "consistent",
    ),
}
# Tables without documents preview their most-reported rows first.
PREVIEW_FIRST: dict[str, str] = {"story_events": "n_docs", "figure_claims": "n_docs"}
# Charts shown on a table's materialisation: (metadata key, title, chart, its options).
TABLE_CHARTS: dict[str, tuple[tuple[str, str, Builder, dict[str, str | int]], ...]] = {
    "figures": (("chart", "Figures by category", "figures_by_category", {}),),
    "events": (
        (
            "chart",
            "Event mentions per day",
            "timeline",
            {"title": "Event mentions per day, by type"},
        ),
    ),
    "story_events": (
        ("chart", "Story events per day", "timeline", {"title": "Story events per day, by type"}),
        ("map", "Located story events", "located_events_map", {}),
    ),
}


def _constraint_text(check: pa.Check) -> str:
    stats = check.statistics or {}
    match check.name:
        case "isin":
            return "one of: " + ", ".join(str(v) for v in stats["allowed_values"])
        case "greater_than_or_equal_to":
            return f">= {stats['min_value']}"
        case "less_than_or_equal_to":
            return f"<= {stats['max_value']}"
        case "str_length":
            low, high = stats.get("min_value"), stats.get("max_value")
            return f"{low} characters" if low == high else f"at least {low} characters"
        case "str_matches":
            return f"matches {stats['pattern']}"
    return str(check.name)


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns as Dagster shows them, from its Pandera model."""
    columns = TABLES[table].to_schema().columns
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name,
                str(column.dtype),
                description=column.description,
                constraints=dg.TableColumnConstraints(
                    nullable=column.nullable,
                    unique=column.unique,
                    other=[_constraint_text(check) for check in column.checks],
                ),
            )
            for name, column in columns.items()
        ]
    )


def first_line(item: Any, source: str) -> int:
    """The line where a function or top-level class of ``source`` starts, as
    ``inspect.getsourcelines`` gives it.

    For a class, ``inspect`` parses the whole module to find it: a fifth of a
    second for the definitions of every build, where the first line that opens
    the class says the same.
    """
    code = getattr(inspect.unwrap(item), "__code__", None)
    if code is not None:
        return int(code.co_firstlineno)
    opening = re.compile(rf"class {re.escape(item.__name__)}\b")
    lines = linecache.getlines(source)
    found = next((n for n, text in enumerate(lines, 1) if opening.match(text)), None)
    return found if found is not None else inspect.getsourcelines(item)[1]


def code_references(*code: object) -> dg.CodeReferencesMetadataValue:
    """Links to where the given functions and classes are written (a beta API of Dagster's)."""
    references: list[dg.LocalFileCodeReference | dg.UrlCodeReference] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.BetaWarning)
        for item in code:
            source = str(inspect.getsourcefile(item))  # type: ignore[arg-type]
            line = first_line(item, source)
            label = getattr(item, "__qualname__", str(item))
            references.append(
                dg.LocalFileCodeReference(file_path=source, line_number=line, label=label)
            )
        return dg.CodeReferencesMetadataValue(code_references=references)


def table_spec(
    table: str,
    *,
    group: str,
    description: str | None = None,
    deps: Sequence[str] = (),
    stage: Callable[..., Any] | None = None,
    code_version: str | None = None,
) -> dg.AssetSpec:
    """The spec of a contract table: schema, kinds, owner, tags and code references.

    The description defaults to the Pandera model's docstring, like the column
    descriptions. A table whose stage reads no other table reads the seeds
    folder, so it depends on the ``seeds`` asset and shows out of sync when the
    folder changed.
    """
    model = TABLES[table]
    code = (stage, model) if stage is not None else (model,)
    return dg.AssetSpec(
        table,
        group_name=group,
        description=description or inspect.getdoc(model),
        deps=list(deps) or [SEEDS_KEY],
        code_version=code_version,
        kinds=TABLE_KINDS,
        owners=OWNERS,
        tags={
            "contract": CONTRACT_VERSION,
            "grain": "document" if "doc_id" in polars_schema(table) else "corpus",
        },
        metadata={
            "dagster/column_schema": column_schema(table),
            "dagster/code_references": code_references(*code),
        },
    )


def readable_sample(table: str | None, df: pl.DataFrame, rows: int = PREVIEW_ROWS) -> pl.DataFrame:
    """Up to ``rows`` rows, spread over documents, in the columns a person reads first.

    Rows are taken round-robin over documents (the first row of each, then the
    second, ...), so a preview is not one article's first sentences; rows of
    cross-document tables come most-reported first, or evenly spaced.
    """
    columns = [c for c in READABLE_COLUMNS.get(table or "", ()) if c in df.columns] or df.columns
    first = PREVIEW_FIRST.get(table or "")
    if first in df.columns:
        df = df.sort(first, descending=True, maintain_order=True)
    elif "doc_id" in df.columns and df.height > rows:
        spread = df.with_columns(pl.int_range(pl.len()).over("doc_id").alias("_rank"))
        df = spread.sort("_rank", "doc_id", maintain_order=True).drop("_rank")
    elif df.height > rows:
        df = df.gather_every(df.height // rows)
    return df.head(rows).select(columns)


def markdown_table(df: pl.DataFrame) -> str:
    """Rows as a markdown table, long cells shortened."""
    if df.is_empty():
        return "_no rows_"

    def cell(value: Any) -> str:
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = "" if value is None else str(value)
        text = text.replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.iter_rows()]
    return "\n".join(lines)


def _preview(table: str, whole: pl.LazyFrame, written: pl.DataFrame) -> pl.DataFrame:
    """The most-reported rows of a cross-document table; else rows this run wrote (the
    first rows of the table when it wrote none), spread over documents."""
    first = PREVIEW_FIRST.get(table)
    if first is not None:
        columns = [c for c in READABLE_COLUMNS[table] if c in whole.collect_schema()]
        top = whole.select(columns).sort(first, descending=True, maintain_order=True)
        return top.head(PREVIEW_ROWS).collect()
    shown = written if not written.is_empty() else whole.head(PREVIEW_ROWS * 25).collect()
    return readable_sample(table, shown)


def _shares(
    table: str, whole: pl.LazyFrame, rows: int, report: StageReport | None
) -> dict[str, float]:
    if table == "rejects":
        accepted = report.rows.get("articles") if report is not None else None
        return rejected_share(rows, accepted) if accepted is not None else {}
    watched = WATCHED_SHARES.get(table, {})
    columns = sorted({name for expr in watched.values() for name in expr.meta.root_names()})
    return table_shares(table, whole.select(columns).collect()) if watched else {}


def table_metadata(
    table: str, whole: pl.LazyFrame, written: pl.DataFrame, report: StageReport | None = None
) -> dict[str, Any]:
    """Row count, a readable preview, watched shares and charts, plus what the stage did.

    ``whole`` is the table as it will be published, read lazily: each item reads only
    the columns it needs, so a large corpus does not cost its whole text per asset;
    ``written`` is what this run wrote of it, which the preview shows.
    """
    schema = whole.collect_schema()
    rows = whole.select(pl.len()).collect().item()
    meta: dict[str, Any] = {
        "dagster/row_count": rows,
        "preview": dg.MetadataValue.md(markdown_table(_preview(table, whole, written))),
    }
    if "doc_id" in schema:
        meta["documents"] = whole.select(pl.col("doc_id").n_unique()).collect().item()
    shares = _shares(table, whole, rows, report)
    meta.update({f"share/{name}": value for name, value in shares.items()})
    for key, title, builder, options in TABLE_CHARTS.get(table, ()):
        chart_data = whole.select(CHART_COLUMNS[builder]).collect()
        meta[key] = image_metadata(title, draw(builder, chart_data, **options))
    if report is not None:
        meta["documents_computed"] = len(report.run.computed)
        meta["documents_reused"] = len(report.run.reused)
        meta["documents_removed"] = len(report.run.pruned)
        meta["documents_failed"] = len(report.run.failed)
        meta.update({k: v for k, v in report.notes.items() if isinstance(v, (int, str, float))})
    return meta
