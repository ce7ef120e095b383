"""The Dagster graph end to end: real materialisations into a temp warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from newsfacts.paths import Paths
from newsfacts.stages.build import Build, StageReport, run_all
from newsfacts.stages.declarations import PUBLISHED_TABLES
from newsfacts.stages.per_document import documents as documents_stage
from pipelines.definitions import ASSETS, make_definitions, resources
from pipelines.resources import WarehouseConfig


def _build(paths: Paths, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    settings = WarehouseConfig(
        seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir)
    )
    return dg.materialize(
        ASSETS,
        resources=resources(settings),
        instance=instance,
        raise_on_error=False,
    )


def _published(paths: Paths, table: str) -> pl.DataFrame:
    return pl.read_parquet(paths.published(table) / "*.parquet")


def _documents(paths: Paths) -> StageReport:
    """Only the documents stage (nothing is published)."""
    with Build(paths) as build:
        return build.documents()


def _staged_after_documents(paths: Paths, table: str) -> pl.DataFrame:
    with Build(paths) as build:
        build.documents()
        return build.staged(table)


def test_whole_graph_materialises_and_publishes(temp_paths: Paths) -> None:
    with dg.instance_for_test() as instance:
        result = _build(temp_paths, instance)
        messages = [e.user_message for e in instance.all_logs(result.run_id)]
    assert result.success
    assert any(m.startswith("documents: 5/5 files") for m in messages)
    evaluations = result.get_asset_check_evaluations()
    assert {e.asset_key.to_user_string() for e in evaluations} == set(PUBLISHED_TABLES)
    assert all(e.passed for e in evaluations)
    articles = _published(temp_paths, "articles")
    assert articles.height == 5
    materialised = result.asset_materializations_for_node("documents")
    meta = {m.asset_key.to_user_string(): m.metadata for m in materialised}
    assert meta["articles"]["dagster/row_count"].value == 5
    assert meta["articles"]["documents_computed"].value == 5
    assert "preview" in meta["sentences"]
    assert meta["rejects"]["rejected_files"].value == 0
    assert meta["articles"]["seed_files"].value == 5
    # The extraction assets were computed by the same per-document map: they say so.
    (figures,) = result.asset_materializations_for_node("figure_extraction")
    assert figures.metadata["documents_computed"].value == 5
    assert figures.metadata["documents_failed"].value == 0
    # The publication counts every table through the DuckDB file an analyst opens.
    (published,) = result.asset_materializations_for_node("warehouse")
    with duckdb.connect(str(temp_paths.duckdb_path), read_only=True) as con:
        for table in PUBLISHED_TABLES:
            (rows,) = con.execute(f"SELECT count(*) FROM {table}").fetchone() or (None,)
            assert published.metadata[f"rows/{table}"].value == rows, table
    assert published.metadata["rows/articles"].value == 5
    assert "| articles | 5 |" in str(published.metadata["row_counts"].value)


def test_duckdb_file_works_from_any_directory_and_after_the_warehouse_moves(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dg.instance_for_test() as instance:
        assert _build(temp_paths, instance).success
    moved = tmp_path / "elsewhere" / "warehouse"
    moved.parent.mkdir()
    shutil.copytree(temp_paths.warehouse_dir, moved, symlinks=True)
    shutil.rmtree(temp_paths.warehouse_dir)
    monkeypatch.chdir(tmp_path)
    con = duckdb.connect(str(moved / "newsfacts.duckdb"), read_only=True)
    try:
        for table in PUBLISHED_TABLES:
            con.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()
        row = con.execute("SELECT count(*) FROM sentences").fetchone()
        assert row is not None and row[0] > 50
    finally:
        con.close()
    assert pl.read_parquet(moved / "tables" / "sentences" / "*.parquet").height > 50


def test_rerun_does_only_new_work_and_follows_the_folder(temp_paths: Paths) -> None:
    first = _documents(temp_paths)
    assert len(first.run.computed) == 5
    run_all(temp_paths)
    again = _documents(temp_paths)
    assert again.run.computed == [] and len(again.run.reused) == 5
    ids_before = set(_published(temp_paths, "articles")["doc_id"])

    new = temp_paths.seeds_dir / "new_article.txt"
    new.write_text(
        "Bridge collapse kills four\n\nA road bridge collapsed on Monday, killing four people "
        "and injuring 11 others, the civil defence agency said in a statement.\n",
        encoding="utf-8",
    )
    with Build(temp_paths) as build:
        added = build.documents()
        articles = build.staged("articles")
    assert len(added.run.computed) == 1 and len(added.run.reused) == 5
    new_ids = set(articles.filter(pl.col("source_path") == "new_article.txt")["doc_id"])
    assert set(articles["doc_id"]) - ids_before == new_ids and len(new_ids) == 1

    victim = sorted(temp_paths.seeds_dir.glob("00*.txt"))[0]
    victim.unlink()
    with Build(temp_paths) as build:
        removed = build.documents()
        articles = build.staged("articles")
        sentences = build.staged("sentences")
    assert len(removed.run.pruned) == 1
    assert victim.name not in set(articles["source_path"])
    assert set(sentences["doc_id"]) == set(articles["doc_id"])


def test_same_bytes_give_same_ids_and_rows(temp_paths: Paths, tmp_path: Path) -> None:
    run_all(temp_paths)
    other = Paths.of(temp_paths.seeds_dir, tmp_path / "other_warehouse")
    run_all(other)
    for table in PUBLISHED_TABLES:
        assert _published(temp_paths, table).equals(_published(other, table))


def test_reference_change_recomputes_everything(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfacts import reference

    _documents(temp_paths)
    custom = tmp_path / "reference"
    shutil.copytree(reference.reference_dir(), custom)
    with (custom / "boilerplate.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a user edit\n")
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(custom))
    report = _documents(temp_paths)
    assert len(report.run.computed) == 5


def test_failed_check_blocks_publication_and_keeps_previous_data(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dg.instance_for_test() as instance:
        assert _build(temp_paths, instance).success
        current = (temp_paths.warehouse_dir / "current").resolve()
        before = _published(temp_paths, "articles")

        real = documents_stage.rows_of

        def corrupt(output: documents_stage.FileOutput) -> dict[str, list[dict[str, object]]]:
            rows = real(output)
            for article in rows["articles"]:
                article["source_format"] = "pdf"
            return rows

        monkeypatch.setattr(documents_stage, "rows_of", corrupt)
        (temp_paths.seeds_dir / "extra.txt").write_text("Title\n\nA short body line.\n")
        result = _build(temp_paths, instance)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.asset_key.to_user_string() for e in failed] == ["articles"]
    assert "source_format" in (failed[0].description or "")
    assert (temp_paths.warehouse_dir / "current").resolve() == current
    assert _published(temp_paths, "articles").equals(before)
    assert not list((temp_paths.warehouse_dir / "versions").glob(".staging-*"))


def test_definitions_load_with_job_schedule_and_sensor(temp_paths: Paths) -> None:
    settings = WarehouseConfig(
        seeds_dir=str(temp_paths.seeds_dir), warehouse_dir=str(temp_paths.warehouse_dir)
    )
    defs = make_definitions(settings)
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("build_warehouse") is not None
    schedule = defs.resolve_schedule_def("daily_build")
    with dg.instance_for_test() as instance:
        tick = schedule.evaluate_tick(dg.build_schedule_context(instance=instance))
    assert len(tick.run_requests or []) == 1


def test_duckdb_cli_of_the_lock_file_opens_the_database(temp_paths: Paths) -> None:
    """The command-line client users install (duckdb-cli 1.5) reads our storage format."""
    import subprocess
    import sys

    cli = Path(sys.executable).parent / "duckdb"
    if not cli.is_file():
        pytest.skip("duckdb-cli is not installed in this environment")
    with dg.instance_for_test() as instance:
        assert _build(temp_paths, instance).success
    out = subprocess.run(
        [
            str(cli),
            "-readonly",
            str(temp_paths.duckdb_path),
            "-csv",
            "-c",
            "SELECT count(*) AS n FROM articles",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip().splitlines() == ["n", "5"]


def test_up_to_date_tells_when_a_build_would_change_nothing(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsfacts import reference
    from newsfacts.stages.freshness import up_to_date

    assert up_to_date(temp_paths) is None
    run_all(temp_paths)
    record = up_to_date(temp_paths)
    assert record is not None and record["rows"]["articles"] == 5
    seed = sorted(temp_paths.seeds_dir.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert up_to_date(temp_paths) is None
    run_all(temp_paths)
    assert up_to_date(temp_paths) is not None
    custom = tmp_path / "reference"
    shutil.copytree(reference.reference_dir(), custom)
    with (custom / "outlets.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit\n")
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(custom))
    assert up_to_date(temp_paths) is None
