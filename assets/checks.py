"""Asset checks: one blocking check per contract rule and table, and warnings, run in
the step of the asset that writes the table.

A failing rule stops the run before ``warehouse`` publishes anything, so bad
data never reaches the tables analysts query. Each rule is its own named check
(``schema``, ``unique_keys``, ``offsets_index_text``, ``ids_resolve``,
``bounds_ordered``) whose metadata counts the failing rows and shows a sample
of them; the table is validated once for all its rules. ``drift`` never blocks:
it warns when a watched share jumps against the previous materialisation.
"""

from collections.abc import Iterator, Sequence
from typing import Any

import dagster as dg
import polars as pl

from assets.metadata import markdown_table, readable_sample
from newsfacts.drift import WATCHED_SHARES, shifts
from newsfacts.heap import release_freed_memory
from newsfacts.stages.build import Build
from newsfacts.validation import (
    RULE_DESCRIPTIONS,
    RuleOutcome,
    evaluate_rules,
    referenced_tables,
    table_rules,
)

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


def _contract_results(build: Build, table: str) -> Iterator[dg.AssetCheckResult]:
    """The rule results of ``table``, validating the rows this run wrote (every row of a
    table written whole; the changed parts of one written in parts, with the same parts
    of the tables they refer to)."""
    df = build.staged_changed(table)
    others = {t: build.staged_alongside(t, table) for t in referenced_tables(table)}
    for outcome in evaluate_rules(table, df, others).values():
        yield _result(table, df, outcome)


def _drift_result(instance: dg.DagsterInstance, table: str) -> dg.AssetCheckResult:
    """Warns when a watched share of ``table`` jumps against the previous materialisation."""
    records = instance.fetch_materializations(dg.AssetKey(table), limit=2).records
    if len(records) < 2:
        return dg.AssetCheckResult(
            asset_key=table,
            check_name="drift",
            passed=True,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"compared": "no previous materialisation"},
        )
    current, previous = _shares(records[0]), _shares(records[1])
    moved = "; ".join(shift.describe() for shift in shifts(previous, current))
    return dg.AssetCheckResult(
        asset_key=table,
        check_name="drift",
        passed=not moved,
        severity=dg.AssetCheckSeverity.WARN,
        description=moved or None,
        metadata={
            "shifted": dg.MetadataValue.text(moved or "none"),
            **{f"{SHARE_PREFIX}{name}": value for name, value in current.items()},
        },
    )


DRIFT_DESCRIPTION = (
    "Watched shares (e.g. undated events, rejected inputs) did not jump against the "
    "previous materialisation."
)
FAILED_DESCRIPTION = "No document lost a stage to an error (reason `failed_stage` in `rejects`)."


def check_specs(tables: Sequence[str]) -> list[dg.AssetCheckSpec]:
    """Every check of the tables one stage asset writes: the blocking contract rules, the
    non-blocking ``drift`` warnings and, on ``rejects``, the non-blocking
    ``no_failed_documents`` warning. They run in the asset's own step (``check_results``),
    not a step of their own: each Dagster step costs a run a dozen event-log writes."""
    specs = [
        dg.AssetCheckSpec(rule, asset=table, blocking=True, description=RULE_DESCRIPTIONS[rule])
        for table in tables
        for rule in table_rules(table)
    ]
    specs += [
        dg.AssetCheckSpec("drift", asset=table, blocking=False, description=DRIFT_DESCRIPTION)
        for table in tables
        if table in DRIFT_TABLES
    ]
    if "rejects" in tables:
        specs.append(
            dg.AssetCheckSpec(
                "no_failed_documents",
                asset="rejects",
                blocking=False,
                description=FAILED_DESCRIPTION,
            )
        )
    return specs


def check_results(
    context: dg.AssetExecutionContext, build: Build, tables: Sequence[str]
) -> Iterator[dg.AssetCheckResult]:
    """The results of ``check_specs(tables)``, once the tables' materialisations are
    recorded (``drift`` compares the one just recorded with the one before). A failed
    blocking result fails the step after every result is reported, so no downstream
    asset runs and nothing is published."""
    for table in tables:
        yield from _contract_results(build, table)
        if table in DRIFT_TABLES:
            yield _drift_result(context.instance, table)
    if "rejects" in tables:
        yield _failed_documents(build.staged("rejects"))
    release_freed_memory()


def _shares(event: dg.EventLogRecord) -> dict[str, float]:
    materialization = event.asset_materialization
    metadata = materialization.metadata if materialization else {}
    return {
        key.removeprefix(SHARE_PREFIX): float(value.value)
        for key, value in metadata.items()
        if key.startswith(SHARE_PREFIX) and isinstance(value.value, (int, float))
    }


DRIFT_TABLES = (*WATCHED_SHARES, "rejects")


def _failed_documents(rejects: pl.DataFrame) -> dg.AssetCheckResult:
    """Warns when an extractor raised on some document: its other rows are published,
    the failed stage's are not, and the reason is in ``rejects``."""
    failed = rejects.filter(pl.col("reason") == "failed_stage")
    by_stage = failed.group_by("stage").len().sort("stage")
    return dg.AssetCheckResult(
        asset_key="rejects",
        check_name="no_failed_documents",
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
