"""One shape for every table-producing asset: run a core stage, report its tables."""

from collections.abc import Callable, Iterator, Sequence

import dagster as dg

from assets.metadata import table_metadata, table_spec
from newsfacts.paths import Paths
from newsfacts.stages import StageReport, read_staged
from pipelines.resources import WarehouseConfig


def _results(
    context: dg.AssetExecutionContext, report: StageReport, paths: Paths, tables: Sequence[str]
) -> Iterator[dg.MaterializeResult]:
    for key, error in report.run.failed.items():
        context.log.error(f"document {key} failed and has no rows in {', '.join(tables)}: {error}")
    for table in tables:
        df = read_staged(paths, table)
        yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(df, report))


def stage_asset(
    name: str,
    tables: dict[str, str],
    run: Callable[[Paths], StageReport],
    deps: Sequence[str],
    group: str,
    description: str,
) -> dg.AssetsDefinition:
    """A (multi-)asset named ``name`` producing ``tables`` (table -> description)."""

    @dg.multi_asset(
        name=name,
        specs=[
            table_spec(table, group=group, description=text, deps=deps, stage=run)
            for table, text in tables.items()
        ],
        description=description,
    )
    def _asset(
        context: dg.AssetExecutionContext, settings: WarehouseConfig
    ) -> Iterator[dg.MaterializeResult]:
        paths = settings.paths
        yield from _results(context, run(paths), paths, list(tables))

    return _asset
