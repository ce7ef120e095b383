"""What follows a successful publication: the build record, the report, their metadata."""

from __future__ import annotations

from typing import Any

import dagster as dg

from newsfacts.build_record import record_build
from newsfacts.paths import Paths
from newsfacts.report import write_report
from newsfacts.seed_watch import folder_fingerprint
from newsfacts.stages.declarations import PUBLISHED_TABLES
from pipelines.automation import SEEDS_TAG


def after_publish(context: dg.AssetExecutionContext, paths: Paths) -> dict[str, Any]:
    """Record what was built and write the report; returns metadata for the warehouse,
    with the rows of each table the report counted.

    A run started by the sensor or the command line carries the fingerprint of
    the folder taken before the run read it, so a file changed during the run
    still triggers the next one; a run started elsewhere records the folder as
    it is now. The report's charts are drawn while the run finishes (the run's
    build resource waits for them).
    """
    fingerprint = context.run.tags.get(SEEDS_TAG) or folder_fingerprint(paths.seeds_dir)
    record_build(paths, fingerprint)
    report = write_report(paths, PUBLISHED_TABLES, wait=False)
    summary = "\n".join(f"| {t} | {n} |" for t, n in report.rows.items())
    return {
        "row_counts": dg.MetadataValue.md("| table | rows |\n|---|---|\n" + summary),
        **{f"rows/{t}": n for t, n in report.rows.items()},
        "report": dg.MetadataValue.path(str(report.html)),
        "report_url": dg.MetadataValue.url(report.html.as_uri()),
        "seeds_fingerprint": fingerprint,
    }
