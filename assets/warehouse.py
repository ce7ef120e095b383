"""Publication: staged tables into data/warehouse and the DuckDB views."""

import dagster as dg

from assets.metadata import OWNERS
from assets.publication import after_publish
from newsfacts.stages import PUBLISHED_TABLES, analyst_views
from newsfacts.warehouse import build_duckdb, publish, row_counts
from pipelines.resources import WarehouseConfig


@dg.asset(
    deps=list(PUBLISHED_TABLES),
    group_name="warehouse",
    kinds={"duckdb", "parquet"},
    owners=OWNERS,
    description="Moves the validated tables into place and rebuilds newsfacts.duckdb.",
)
def warehouse(context: dg.AssetExecutionContext, settings: WarehouseConfig) -> dg.MaterializeResult:
    paths = settings.paths
    publish(paths, PUBLISHED_TABLES)
    duckdb_path = build_duckdb(paths, PUBLISHED_TABLES, analyst_views())
    counts = row_counts(paths, PUBLISHED_TABLES)
    published = after_publish(context, paths)
    summary = "\n".join(f"| {t} | {n} |" for t, n in counts.items())
    return dg.MaterializeResult(
        metadata={
            "duckdb": dg.MetadataValue.path(str(duckdb_path)),
            "warehouse_dir": dg.MetadataValue.path(str(paths.warehouse_dir)),
            "row_counts": dg.MetadataValue.md("| table | rows |\n|---|---|\n" + summary),
            **{f"rows/{t}": n for t, n in counts.items()},
            **published,
        }
    )
