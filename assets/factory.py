"""One shape for every stage asset: run a ``Build`` step, report the tables it publishes.

Assets are generated from ``newsfacts.stages.declarations.ASSETS``: the
tables an asset writes are its specs, the tables its stages read are their
dependencies, and the hash of its stages' versions is its ``code_version``,
so the UI marks exactly the assets an edit of code or reference data made
stale.
"""

from collections.abc import Callable, Iterator

import dagster as dg

from assets.metadata import table_metadata
from newsfacts.stages.build import Build, StageReport
from newsfacts.stages.declarations import AssetDeclaration, asset_code_version, stage_versions
from pipelines.resources import BuildResource


def stage_asset(
    declaration: AssetDeclaration, step: Callable[[Build], StageReport]
) -> dg.AssetsDefinition:
    """The (multi-)asset of one declaration, running ``step`` on the run's build."""
    code_version = asset_code_version(declaration, stage_versions())

    @dg.multi_asset(
        name=declaration.name,
        specs=[
            dg.AssetSpec(
                table,
                group_name=declaration.group,
                deps=list(declaration.reads),
                code_version=code_version,
            )
            for table in declaration.writes
        ],
        description=declaration.description,
    )
    def _asset(
        context: dg.AssetExecutionContext, warehouse_build: BuildResource
    ) -> Iterator[dg.MaterializeResult]:
        build = warehouse_build.build
        report = step(build)
        for path, error in report.run.failed.items():
            context.log.error(f"{path} failed and has no rows: {error}")
        for table in declaration.writes:
            df = build.staged(table)
            yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(df, report))

    return _asset
