"""What the Dagster UI shows about a table: schema, spec, previews, shares, charts."""

from __future__ import annotations

import base64
import inspect
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from assets.metadata import (
    PREVIEW_FIRST,
    READABLE_COLUMNS,
    TABLE_CHARTS,
    column_schema,
    first_line,
    readable_sample,
    table_metadata,
    table_spec,
)
from newsfacts import charts
from newsfacts.chart_images import CHART_COLUMNS
from newsfacts.drift import WATCHED_SHARES, shifts, table_shares
from newsfacts.paths import Paths
from newsfacts.schemas import FIGURE_CATEGORIES, TABLES, column_descriptions, frame, polars_schema
from newsfacts.stages.build import Build, run_all
from tests.conftest import SEEDS
from tests.pixels import SIGNATURE, png_size


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """A warehouse built from the bundled seeds (its tables are what the stages stage)."""
    paths = Paths.of(SEEDS, tmp_path_factory.mktemp("metadata") / "warehouse")
    run_all(paths)
    return paths


def _table(paths: Paths, table: str) -> pl.DataFrame:
    return pl.read_parquet(paths.published(table) / "*.parquet")


def test_column_schema_is_the_pandera_model() -> None:
    for table in TABLES:
        schema = column_schema(table)
        assert [c.name for c in schema.columns] == list(polars_schema(table))
        assert {c.name: c.description for c in schema.columns} == column_descriptions(table)
        assert all(c.description for c in schema.columns), table
    category = next(c for c in column_schema("figures").columns if c.name == "category")
    assert category.type == "String" and category.constraints.nullable is False
    assert category.constraints.other == ["one of: " + ", ".join(FIGURE_CATEGORIES)]
    figure_id = next(c for c in column_schema("figures").columns if c.name == "figure_id")
    assert figure_id.constraints.unique is True


def test_table_spec_carries_kinds_owner_tags_and_code_references() -> None:
    spec = table_spec(
        "events", group="extraction", description="d", deps=["sentences"], stage=Build.events
    )
    assert spec.kinds == {"polars", "parquet", "pandera"}
    assert spec.owners == ["team:newsfacts"]
    assert spec.tags["contract"] == "v2" and spec.tags["grain"] == "document"
    assert {dep.asset_key.to_user_string() for dep in spec.deps} == {"sentences"}
    references = spec.metadata["dagster/code_references"].code_references
    assert [r.label for r in references] == ["Build.events", "Events"]
    for reference, code in zip(references, (Build.events, TABLES["events"]), strict=True):
        assert Path(reference.file_path) == Path(inspect.getsourcefile(code) or "")
        assert reference.line_number == inspect.getsourcelines(code)[1]
    assert isinstance(spec.metadata["dagster/column_schema"], dg.TableSchema)
    for model in TABLES.values():
        source = inspect.getsourcefile(model) or ""
        assert first_line(model, source) == inspect.getsourcelines(model)[1]
    articles = table_spec("articles", group="documents", description="d")
    assert [d.asset_key.to_user_string() for d in articles.deps] == ["seeds"]


def test_preview_shows_readable_columns_from_several_documents(staged: Paths) -> None:
    figures = _table(staged, "figures")
    sample = readable_sample("figures", figures)
    assert sample.columns == [
        "surface",
        "value",
        "qualifier",
        "category",
        "quantity_noun",
        "location_name",
    ]
    first_rows = figures.filter(pl.col("surface").is_in(sample["surface"].to_list()))
    assert first_rows["doc_id"].n_unique() == 5
    stories = readable_sample("story_events", _table(staged, "story_events"))
    assert stories["n_docs"][0] == 3  # most-reported first


def _png(value: dg.MarkdownMetadataValue) -> bytes:
    markdown = value.value
    assert markdown.startswith("![") and "data:image/png;base64," in markdown
    return base64.b64decode(markdown.split("base64,", 1)[1].rstrip(")"))


def test_metadata_has_preview_shares_and_charts(staged: Paths) -> None:
    events = _table(staged, "events")
    meta = table_metadata("events", events.lazy(), events)
    assert meta["dagster/row_count"] == events.height
    assert "| trigger | event_type | event_date |" in meta["preview"].value
    assert 0 < meta["share/undated_events"] < 1
    chart = _png(meta["chart"])
    assert chart.startswith(SIGNATURE) and png_size(chart)[0] > 300

    story_events = _table(staged, "story_events")
    stories = table_metadata("story_events", story_events.lazy(), story_events.head(0))
    assert {"chart", "map"} <= set(stories)
    figures = table_metadata("figures", _table(staged, "figures").lazy(), _table(staged, "figures"))
    assert png_size(_png(figures["chart"]))[1] > 100


def test_every_chart_is_a_valid_vega_lite_spec(staged: Paths) -> None:
    # Rendering skips the schema check; this is where a spec error shows.
    tables = {t: _table(staged, t) for t in TABLE_CHARTS}
    asked = [
        (builder, tables[t], options)
        for t, entries in TABLE_CHARTS.items()
        for *_, builder, options in entries
    ]
    stories, figures = tables["story_events"], tables["figures"]
    asked += [
        ("located_events_map", stories.head(0), {}),
        ("timeline", stories.head(0), {"title": "empty"}),
        ("figures_by_category", figures.head(0), {}),
    ]
    assert {builder for builder, *_ in asked} == set(charts.BUILDERS) == set(CHART_COLUMNS)
    for builder, table, options in asked:
        chart = charts.BUILDERS[builder](table.select(CHART_COLUMNS[builder]), **options)
        chart.to_dict(validate=True)


def test_a_jump_in_a_watched_share_is_a_shift() -> None:
    events = frame("events", [])
    assert table_shares("events", events) == {}
    before = {"undated_events": 0.10, "unlocated_events": 0.50}
    after = {"undated_events": 0.80, "unlocated_events": 0.55, "new_share": 1.0}
    moved = shifts(before, after)
    assert [s.describe() for s in moved] == ["undated_events: 10% → 80%"]


def _poisoned(df: pl.DataFrame, keep: set[str]) -> pl.LazyFrame:
    """``df`` lazily, with every column but ``keep`` raising when it is read."""

    def boom(column: pl.Series) -> pl.Series:
        raise AssertionError(f"read column {column.name}")

    return df.lazy().with_columns(
        pl.col(c).map_batches(boom, return_dtype=df.schema[c]) for c in df.columns if c not in keep
    )


def test_metadata_reads_only_the_columns_it_shows_of_the_whole_table(staged: Paths) -> None:
    """A large corpus must not cost its whole text per asset: counts, shares and charts
    read their own columns; the preview shows the rows the run wrote."""
    for table in TABLES:
        df = _table(staged, table)
        if df.is_empty():
            continue
        charted = {c for _, _, b, _ in TABLE_CHARTS.get(table, ()) for c in CHART_COLUMNS[b]}
        watched = {n for e in WATCHED_SHARES.get(table, {}).values() for n in e.meta.root_names()}
        ranked = set(READABLE_COLUMNS[table]) if table in PREVIEW_FIRST else set()
        keep = {"doc_id"} | charted | watched | ranked
        meta = table_metadata(table, _poisoned(df, keep), df.head(3))
        assert meta["dagster/row_count"] == df.height, table
        if table not in PREVIEW_FIRST:
            assert meta["preview"].value.count("\n") == 1 + min(3, df.height), table
