"""Publication: the staged version becomes the warehouse, in one atomic switch."""

import dagster as dg

from assets.metadata import OWNERS
from assets.publication import after_publish
from newsfacts.analyst_views import ANALYST_VIEWS
from newsfacts.stages.declarations import PUBLISHED_TABLES
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
    published = after_publish(context, build.paths)
    return dg.MaterializeResult(
        metadata={
            "duckdb": dg.MetadataValue.path(str(build.paths.duckdb_path)),
            "version": dg.MetadataValue.path(str(version)),
            "warehouse_dir": dg.MetadataValue.path(str(build.paths.warehouse_dir)),
            **published,
        }
    )
