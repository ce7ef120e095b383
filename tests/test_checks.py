"""The asset checks as Dagster runs them: one named check per rule, and drift warnings."""

from __future__ import annotations

import dagster as dg
import pytest

from newsfacts.paths import Paths
from newsfacts.stages.per_document import documents as documents_stage
from pipelines.definitions import ASSETS, resources
from pipelines.resources import WarehouseConfig

DOCUMENTS = dg.AssetSelection.assets("articles", "boilerplate", "sentences", "rejects")


def _run(
    paths: Paths, instance: dg.DagsterInstance, selection: dg.AssetSelection | None = None
) -> dg.ExecuteInProcessResult:
    settings = WarehouseConfig(
        seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir)
    )
    return dg.materialize(
        ASSETS,
        selection=selection,
        resources=resources(settings),
        instance=instance,
        raise_on_error=False,
    )


def _evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {
        f"{e.asset_key.to_user_string()}/{e.check_name}": e
        for e in result.get_asset_check_evaluations()
    }


def test_each_rule_is_its_own_check_with_failing_rows_and_a_sample(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = documents_stage.rows_of

    def corrupt(output: documents_stage.FileOutput) -> dict[str, list[dict[str, object]]]:
        """One article gets an unknown format, and is repeated unchanged (a key clash)."""
        rows = real(output)
        first = rows["articles"][:1]
        if first and str(first[0]["source_path"]).startswith("000_"):
            rows["articles"] = [{**first[0], "source_format": "pdf"}, *first]
        return rows

    monkeypatch.setattr(documents_stage, "rows_of", corrupt)
    with dg.instance_for_test() as instance:
        result = _run(temp_paths, instance)
    checks = _evaluations(result)
    assert not result.success
    assert {name for name in checks if name.startswith("articles/")} == {
        "articles/schema",
        "articles/unique_keys",
        "articles/drift",
    }
    assert {"sentences/offsets_index_text", "sentences/ids_resolve"} <= set(checks)

    schema = checks["articles/schema"]
    assert not schema.passed and schema.severity == dg.AssetCheckSeverity.ERROR
    assert schema.metadata["failing_rows"].value == 1
    sample = str(schema.metadata["sample"].value)
    assert sample.startswith("| row | source_path | title |")
    assert "source_format: isin" in (schema.description or "")

    keys = checks["articles/unique_keys"]
    assert not keys.passed and keys.metadata["failing_rows"].value == 2
    assert checks["articles/drift"].passed
    assert not (temp_paths.warehouse_dir / "current").exists()  # blocked before publication


def test_drift_warns_when_undated_and_rejected_shares_jump(temp_paths: Paths) -> None:
    with dg.instance_for_test() as instance:
        first = _evaluations(_run(temp_paths, instance, DOCUMENTS))
        assert first["articles/drift"].passed
        assert first["articles/drift"].metadata["compared"].value == "no previous materialisation"

        for n in range(5):
            (temp_paths.seeds_dir / f"undated_{n}.txt").write_text(
                f"Local notice {n}\n\nThe council met and agreed on the plan number {n}.\n"
            )
        (temp_paths.seeds_dir / "empty.txt").write_text("")
        (temp_paths.seeds_dir / "binary.txt").write_bytes(bytes(range(256)) * 4)
        second_run = _run(temp_paths, instance, DOCUMENTS)
    second = _evaluations(second_run)
    assert second_run.success  # drift never blocks
    articles = second["articles/drift"]
    assert not articles.passed and articles.severity == dg.AssetCheckSeverity.WARN
    assert articles.description == "undated_articles: 20% → 60%"  # 1 of 5, then 6 of 10
    rejects = second["rejects/drift"]
    assert not rejects.passed
    assert rejects.description == "rejected_inputs: 0% → 17%"  # 2 of 12 inputs
