"""Blocking asset checks: one per table, running the core validation.

A failing check stops the run before ``warehouse`` publishes anything, so bad
data never reaches the tables analysts query.
"""

import dagster as dg

from newsfacts.validation import REFERENCES, validate_table
from pipelines.resources import BuildResource


def contract_check(table: str) -> dg.AssetChecksDefinition:
    """The check of ``table``: schema, offsets and references, against staging."""
    referenced = {"articles"} | {target for _, target, _ in REFERENCES.get(table, [])}

    @dg.asset_check(
        asset=dg.AssetKey(table),
        name="contract",
        blocking=True,
        description=f"`{table}` matches the data contract (Pandera schema, offsets, ids).",
    )
    def _check(warehouse_build: BuildResource) -> dg.AssetCheckResult:
        build = warehouse_build.build
        others = {t: build.staged(t) for t in referenced if t != table}
        df = build.staged(table)
        if table == "articles":
            others["articles"] = df
        report = validate_table(table, df, others)
        return dg.AssetCheckResult(
            passed=report.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description=None if report.passed else report.markdown()[:2000],
            metadata={
                "rows": report.rows,
                "failures": report.n_failures,
                "report": dg.MetadataValue.md(report.markdown()),
            },
        )

    return _check
