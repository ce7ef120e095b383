"""Publication: the staged version becomes the warehouse, in one atomic switch."""

import dagster as dg

from assets.metadata import OWNERS
from assets.publication import after_publish
from newsfacts.analyst_views import ANALYST_VIEWS
from newsfacts.stages.declarations import PUBLISHED_TABLES
from newsfacts.stages.publish import row_counts
from pipelines.resources import BuildResource


@dg.asset(
    deps=list(PUBLISHED_TABLES),
    group_name="warehouse",
    kinds={"duckdb", "parquet"},
    owners=OWNERS,
    description="Publishes the validated version: Parquet datasets and newsfacts.duckdb.",
)
def warehouse(
    context: dg.AssetExecutionContext, warehouse_build: BuildResource
) -> dg.MaterializeResult:
    build = warehouse_build.build
    version = build.publish(ANALYST_VIEWS)
    duckdb_path = version / "newsfacts.duckdb"
    counts = row_counts(duckdb_path, PUBLISHED_TABLES)
    published = after_publish(context, build.paths)
    summary = "\n".join(f"| {t} | {n} |" for t, n in counts.items())
    return dg.MaterializeResult(
        metadata={
            "duckdb": dg.MetadataValue.path(str(build.paths.duckdb_path)),
            "version": dg.MetadataValue.path(str(version)),
            "warehouse_dir": dg.MetadataValue.path(str(build.paths.warehouse_dir)),
            "row_counts": dg.MetadataValue.md("| table | rows |\n|---|---|\n" + summary),
            **{f"rows/{t}": n for t, n in counts.items()},
            **published,
        }
    )
