"""A static HTML report of the published warehouse, written next to the DuckDB file.

For readers who will not open SQL: how much there is, what happened when and
where, and which figures the sources disagree on. It reads the DuckDB file
read-only, as any user would, and links its charts by relative paths, so the
warehouse folder can be copied or mailed with its report.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from newsfacts.chart_images import (
    FIGURES_COLUMNS,
    MAP_COLUMNS,
    REPORT_WIDTH,
    TIMELINE_COLUMNS,
    draw,
)
from newsfacts.paths import Paths
from newsfacts.stages.store import write_bytes_atomic

REPORT_FILE = "report.html"
CHARTS_DIR = "report_charts"
LIST_ROWS = 25


@dataclass(frozen=True)
class Report:
    """The written report, its chart images by chart name, and the rows of each table
    (counted through the DuckDB file's views, as an analyst would)."""

    html: Path
    charts: dict[str, Path]
    rows: dict[str, int]


def report_path(paths: Paths) -> Path:
    return paths.duckdb_path.parent / REPORT_FILE


def _table_html(df: pl.DataFrame, empty: str) -> str:
    if df.is_empty():
        return f"<p class='empty'>{html.escape(empty)}</p>"

    def cell(value: Any) -> str:
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        return "" if value is None else html.escape(str(value))

    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in df.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _section(title: str, anchor: str, body: str) -> str:
    return f"<section id='{anchor}'><h2>{html.escape(title)}</h2>{body}</section>"


def _image(path: Path, base: Path, alt_text: str, anchor: str) -> str:
    src = html.escape(path.relative_to(base).as_posix())
    return f"<figure id='{anchor}'><img src='{src}' alt='{html.escape(alt_text)}'></figure>"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }
h1 { margin-bottom: 0; } .meta { color: #666; margin-top: .25rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td:nth-child(n) { max-width: 28rem; }
figure { margin: .5rem 0 1.5rem; } .empty { color: #666; font-style: italic; }
.counts td:last-child { text-align: right; }
"""


def _query(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    return con.sql(sql).pl()


def write_report(paths: Paths, tables: Iterable[str], *, wait: bool = True) -> Report:
    """Write ``report.html`` and its charts beside the DuckDB file of ``paths``.

    With ``wait=False`` the charts are still being drawn on return
    (``chart_images.wait_for_drawings`` waits for them): a build goes on meanwhile.
    """
    base = paths.duckdb_path.parent
    con = duckdb.connect(str(paths.duckdb_path), read_only=True)
    try:
        rows = {t: int(_query(con, f"SELECT count(*) AS n FROM {t}")["n"][0]) for t in tables}
        story_columns = dict.fromkeys(TIMELINE_COLUMNS + MAP_COLUMNS)
        stories = _query(con, f"SELECT {', '.join(story_columns)} FROM story_events")
        figures = _query(con, f"SELECT {', '.join(FIGURES_COLUMNS)} FROM figures")
        multi_source = _query(
            con,
            "SELECT event_date, event_type, mode, location_name, n_docs, fatalities_min, "
            "fatalities_max, sources FROM story_timeline WHERE n_docs > 1 "
            f"ORDER BY n_docs DESC, event_date NULLS LAST LIMIT {LIST_ROWS}",
        )
        contested = _query(
            con,
            "SELECT category, location, quantity_noun, source, surface, value_min, value_max, "
            f"sentence FROM contested_figures ORDER BY claim_id, source LIMIT {LIST_ROWS}",
        )
    finally:
        con.close()
    targets = {
        "timeline": base / CHARTS_DIR / "timeline.png",
        "figures": base / CHARTS_DIR / "figures_by_category.png",
        "map": base / CHARTS_DIR / "map.png",
    }
    drawings = {
        "timeline": draw(
            "timeline", stories, title="Story events per day, by type", width=REPORT_WIDTH
        ),
        "figures": draw("figures_by_category", figures, width=REPORT_WIDTH),
        "map": draw("located_events_map", stories, width=REPORT_WIDTH),
    }
    saved = [drawings[name].save(target) for name, target in targets.items()]
    counts = pl.DataFrame({"table": list(rows), "rows": list(rows.values())})
    page = _page(base, counts, targets, multi_source, contested)
    target = report_path(paths)
    write_bytes_atomic(page.encode("utf-8"), target)
    if wait:
        for image in saved:
            image.result()
    return Report(target, targets, rows)


def _page(
    base: Path,
    counts: pl.DataFrame,
    drawn: dict[str, Path],
    multi_source: pl.DataFrame,
    contested: pl.DataFrame,
) -> str:
    built = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections: Sequence[str] = (
        _section(
            "Tables",
            "counts",
            "<p>Query them with <code>newsfacts query</code> or the DuckDB client.</p>"
            + _table_html(counts, "no tables").replace("<table>", "<table class='counts'>", 1),
        ),
        _section(
            "Timeline",
            "timeline",
            _image(drawn["timeline"], base, "Story events per day by type", "chart-timeline"),
        ),
        _section(
            "Where",
            "map",
            _image(drawn["map"], base, "Map of located story events", "chart-map"),
        ),
        _section(
            "Reported figures",
            "figures",
            _image(drawn["figures"], base, "Figures by category", "chart-figures"),
        ),
        _section(
            "Events reported by several sources",
            "multi-source",
            _table_html(multi_source, "No event is reported by more than one document."),
        ),
        _section(
            "Contested figures",
            "contested",
            "<p>Figures of one claim on which the sources disagree, with their sentence.</p>"
            + _table_html(contested, "None: where several sources report a figure, they agree."),
        ),
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>newsfacts report</title><style>{STYLE}</style></head><body>"
        f"<h1>newsfacts report</h1><p class='meta'>Written {built}</p>"
        + "".join(sections)
        + "</body></html>\n"
    )
