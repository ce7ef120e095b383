"""The documents stage: articles, boilerplate audit, sentences and rejects."""

from collections.abc import Iterator

import dagster as dg

from assets.metadata import table_metadata, table_spec
from newsfacts.stages import DOCUMENT_TABLES, read_staged, run_documents
from pipelines.resources import WarehouseConfig


@dg.multi_asset(
    specs=[
        table_spec(table, group="documents", description=description, stage=run_documents)
        for table, description in (
            ("articles", "One row per article: metadata and the clean text all offsets use."),
            ("boilerplate", "Every line removed by cleanup, with the rule that removed it."),
            ("sentences", "Sentences with exact offsets into articles.clean_text."),
            ("rejects", "Seed files that could not be processed, and why."),
        )
    ],
    description="Decode, clean and split new or changed seed files (cached per document).",
)
def documents(
    context: dg.AssetExecutionContext, settings: WarehouseConfig
) -> Iterator[dg.MaterializeResult]:
    paths = settings.paths
    report = run_documents(paths)
    for source_path in read_staged(paths, "rejects")["source_path"]:
        context.log.warning(f"rejected seed file: {source_path}")
    for table in DOCUMENT_TABLES:
        df = read_staged(paths, table)
        yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(df, report))
