"""Asset checks: one blocking check per contract rule and table, and a drift warning.

A failing rule stops the run before ``warehouse`` publishes anything, so bad
data never reaches the tables analysts query. Each rule is its own named check
(``schema``, ``unique_keys``, ``offsets_index_text``, ``ids_resolve``,
``bounds_ordered``) whose metadata counts the failing rows and shows a sample
of them; the table is validated once for all its rules. ``drift`` never blocks:
it warns when a watched share jumps against the previous materialisation.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import polars as pl

from assets.metadata import markdown_table, readable_sample
from newsfacts.drift import WATCHED_SHARES, shifts
from newsfacts.validation import (
    RULE_DESCRIPTIONS,
    RuleOutcome,
    evaluate_rules,
    referenced_tables,
    table_rules,
)
from pipelines.resources import BuildResource

SAMPLE_ROWS = 10
SHARE_PREFIX = "share/"


def _result(table: str, df: pl.DataFrame, outcome: RuleOutcome) -> dg.AssetCheckResult:
    """The check result of one rule: counts, and when it fails, what and which rows."""
    metadata: dict[str, Any] = {"rows": outcome.rows, "failing_rows": len(outcome.failing_rows)}
    problems = "\n".join(f"- {problem}" for problem in outcome.problems)
    if problems:
        metadata["problems"] = dg.MetadataValue.md(problems)
    if outcome.failing_rows:
        shown = list(outcome.failing_rows[:SAMPLE_ROWS])
        failing = df.with_row_index("row").filter(pl.col("row").is_in(shown))
        sample = readable_sample(table, failing.drop("row"), SAMPLE_ROWS)
        metadata["sample"] = dg.MetadataValue.md(
            markdown_table(sample.insert_column(0, failing["row"].head(sample.height)))
        )
    return dg.AssetCheckResult(
        asset_key=table,
        check_name=outcome.rule,
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=problems[:2000] or None,
        metadata=metadata,
    )


def contract_checks(table: str) -> dg.AssetChecksDefinition:
    """The blocking rule checks of ``table``, validating its staged rows once."""
    rules = table_rules(table)

    @dg.multi_asset_check(
        name=f"{table}_contract",
        specs=[
            dg.AssetCheckSpec(rule, asset=table, blocking=True, description=RULE_DESCRIPTIONS[rule])
            for rule in rules
        ],
    )
    def _check(warehouse_build: BuildResource) -> Iterator[dg.AssetCheckResult]:
        build = warehouse_build.build
        df = build.staged(table)
        others = {t: build.staged(t) for t in referenced_tables(table)}
        for outcome in evaluate_rules(table, df, others).values():
            yield _result(table, df, outcome)

    return _check


def _shares(event: dg.EventLogRecord) -> dict[str, float]:
    materialization = event.asset_materialization
    metadata = materialization.metadata if materialization else {}
    return {
        key.removeprefix(SHARE_PREFIX): float(value.value)
        for key, value in metadata.items()
        if key.startswith(SHARE_PREFIX) and isinstance(value.value, (int, float))
    }


def drift_check(table: str) -> dg.AssetChecksDefinition:
    """Warns when a watched share of ``table`` jumps against the previous materialisation."""

    @dg.asset_check(
        asset=dg.AssetKey(table),
        name="drift",
        blocking=False,
        description="Watched shares (e.g. undated events, rejected inputs) did not jump "
        "against the previous materialisation.",
    )
    def _check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        records = context.instance.fetch_materializations(dg.AssetKey(table), limit=2).records
        if len(records) < 2:
            return dg.AssetCheckResult(
                passed=True, metadata={"compared": "no previous materialisation"}
            )
        current, previous = _shares(records[0]), _shares(records[1])
        moved = "; ".join(shift.describe() for shift in shifts(previous, current))
        return dg.AssetCheckResult(
            passed=not moved,
            severity=dg.AssetCheckSeverity.WARN,
            description=moved or None,
            metadata={
                "shifted": dg.MetadataValue.text(moved or "none"),
                **{f"{SHARE_PREFIX}{name}": value for name, value in current.items()},
            },
        )

    return _check


DRIFT_TABLES = (*WATCHED_SHARES, "rejects")


@dg.asset_check(
    asset=dg.AssetKey("rejects"),
    name="no_failed_documents",
    blocking=False,
    description="No document lost a stage to an error (reason `failed_stage` in `rejects`).",
)
def failed_documents_check(warehouse_build: BuildResource) -> dg.AssetCheckResult:
    """Warns when an extractor raised on some document: its other rows are published,
    the failed stage's are not, and the reason is in ``rejects``."""
    rejects = warehouse_build.build.staged("rejects")
    failed = rejects.filter(pl.col("reason") == "failed_stage")
    by_stage = failed.group_by("stage").len().sort("stage")
    return dg.AssetCheckResult(
        passed=failed.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        description=None
        if failed.is_empty()
        else f"{failed.height} document stage(s) failed; see rejects (reason failed_stage)",
        metadata={
            "failed": failed.height,
            "by_stage": dg.MetadataValue.md(
                "\n".join(f"- {s}: {n}" for s, n in by_stage.iter_rows()) or "none"
            ),
            "sample": dg.MetadataValue.md(
                "\n".join(
                    f"- `{p}` ({s}): {d[:200]}"
                    for p, s, d in failed.head(SAMPLE_ROWS)
                    .select("source_path", "stage", "detail")
                    .iter_rows()
                )
                or "none"
            ),
        },
    )
