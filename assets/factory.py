"""One shape for every stage asset: run a ``Build`` step, report the tables it publishes,
check them.

Assets are generated from ``newsfacts.stages.declarations.ASSETS``: the
tables an asset writes are its specs, the tables its stages read are their
dependencies, and the hash of its stages' versions is its ``code_version``,
so the UI marks exactly the assets an edit of code or reference data made
stale.
"""

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import dagster as dg

from assets.checks import check_results, check_specs
from assets.metadata import table_metadata, table_spec
from newsfacts.heap import release_freed_memory
from newsfacts.stages.build import Build, StageReport
from newsfacts.stages.declarations import AssetDeclaration, asset_code_version
from newsfacts.stages.progress import LOGGER_NAME as PROGRESS_LOGGER
from pipelines.resources import BuildResource


class _RunLogHandler(logging.Handler):
    """Copies the engine's progress lines into the Dagster run log."""

    def __init__(self, context: dg.AssetExecutionContext) -> None:
        super().__init__(logging.INFO)
        self.context = context

    def emit(self, record: logging.LogRecord) -> None:
        self.context.log.info(record.getMessage())


@contextmanager
def forward_progress(context: dg.AssetExecutionContext) -> Iterator[None]:
    """While a step runs, its progress (``newsfacts.progress``) shows in the run log."""
    logger = logging.getLogger(PROGRESS_LOGGER)
    handler = _RunLogHandler(context)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def stage_asset(
    declaration: AssetDeclaration,
    step: Callable[[Build], StageReport],
    versions: Mapping[str, str],
) -> dg.AssetsDefinition:
    """The (multi-)asset of one declaration, running ``step`` on the run's build;
    ``versions``: every stage's version (``stage_versions``), read once for all assets."""
    code_version = asset_code_version(declaration, versions)

    @dg.multi_asset(
        name=declaration.name,
        specs=[
            table_spec(
                table,
                group=declaration.group,
                deps=declaration.reads,
                stage=step,
                code_version=code_version,
            )
            for table in declaration.writes
        ],
        check_specs=check_specs(declaration.writes),
        description=declaration.description,
    )
    def _asset(
        context: dg.AssetExecutionContext, warehouse_build: BuildResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        build = warehouse_build.build
        with forward_progress(context):
            report = step(build)
        for path, error in report.run.failed.items():
            context.log.error(f"{path} failed and has no rows: {error}")
        for table in declaration.writes:
            metadata = table_metadata(
                table, build.scan_staged(table), build.staged_changed(table), report
            )
            yield dg.MaterializeResult(asset_key=table, metadata=metadata)
        release_freed_memory()
        yield from check_results(context, build, declaration.writes)

    return _asset
