"""What a crash, a concurrent build, a damaged cache or a missing folder leaves behind.

Each fault runs a real build in its own process (``tests/fault_build.py``)
that dies at a chosen point; the published warehouse must then be a complete
version — the previous one or the new one, never a mix — and the next build
must succeed and equal a build from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from newsfacts.paths import Paths
from newsfacts.schemas import TABLES
from newsfacts.stages.build import Build, MissingSeedsError, run_all
from newsfacts.stages.executor import SerialExecutor
from newsfacts.stages.publish import WarehouseBusyError, copy_sharing_blocks
from tests.fault_build import start_fault_build
from tests.test_engine import assert_same_tables

NEW_ARTICLE = (
    "Dam breach floods three villages\n\nA dam wall gave way on Sunday, flooding three "
    "villages and forcing 2,000 people from their homes, the regional governor said.\n"
)


def assert_complete_version(paths: Paths) -> dict[str, int]:
    """The published version is whole: DuckDB and Parquet agree with its build record."""
    current = (paths.warehouse_dir / "current").resolve()
    record = json.loads((current / "build.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(paths.duckdb_path), read_only=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        orphans = con.execute(
            "SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT doc_id FROM articles)"
        ).fetchone()
    finally:
        con.close()
    assert counts == record["rows"]
    assert orphans == (0,)
    for table in TABLES:
        assert pl.read_parquet(paths.published(table) / "*.parquet").height == counts[table]
    return counts


@pytest.mark.parametrize("point", ["extraction", "parts", "duckdb", "switch"])
def test_a_build_killed_anywhere_leaves_a_complete_version(
    temp_paths: Paths, tmp_path: Path, point: str
) -> None:
    run_all(temp_paths, SerialExecutor())
    before = assert_complete_version(temp_paths)
    (temp_paths.seeds_dir / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    process = start_fault_build(temp_paths, point)
    assert process.wait(timeout=600) == 9, process.stderr.read().decode() if process.stderr else ""
    after_kill = assert_complete_version(temp_paths)
    assert after_kill["articles"] in (before["articles"], before["articles"] + 1)
    run_all(temp_paths, SerialExecutor())
    assert assert_complete_version(temp_paths)["articles"] == before["articles"] + 1
    fresh = Paths.of(temp_paths.seeds_dir, tmp_path / "fresh")
    run_all(fresh, SerialExecutor())
    assert_same_tables(fresh, temp_paths)


def test_a_second_build_waits_for_the_first_then_gives_up_with_a_clear_message(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = start_fault_build(temp_paths, "hold", NEWSFACTS_HOLD="20")
    deadline = time.monotonic() + 120
    while not (temp_paths.store_dir / "manifest.json").is_file():
        assert time.monotonic() < deadline and holder.poll() is None
        time.sleep(0.2)
    monkeypatch.setenv("NEWSFACTS_LOCK_TIMEOUT", "1")
    with pytest.raises(WarehouseBusyError, match="another build is using"):
        run_all(temp_paths, SerialExecutor())
    monkeypatch.setenv("NEWSFACTS_LOCK_TIMEOUT", "300")
    run_all(temp_paths, SerialExecutor())  # waits for the holder, then builds
    assert holder.wait(timeout=60) == 0
    assert assert_complete_version(temp_paths)["articles"] == 5


def test_the_command_says_why_a_build_could_not_start(
    temp_paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails before any step (the warehouse is locked) names the reason."""
    from pipelines.build import build

    lock_file = temp_paths.warehouse_dir / ".lock"
    temp_paths.warehouse_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_file)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
        monkeypatch.setenv("NEWSFACTS_LOCK_TIMEOUT", "1")
        outcome = build(temp_paths.seeds_dir, temp_paths.warehouse_dir)
    finally:
        holder.kill()
    assert not outcome.success
    assert any("another build is using" in line for line in outcome.failures), outcome.failures


HOLD_LOCK = (
    "import sys, time\n"
    "from filelock import FileLock\n"
    "held = FileLock(sys.argv[1])\n"
    "held.acquire()\n"
    "print('held', flush=True)\n"
    "time.sleep(120)\n"
)


def test_a_missing_seeds_folder_is_refused_and_nothing_is_touched(
    temp_paths: Paths, tmp_path: Path
) -> None:
    run_all(temp_paths, SerialExecutor())
    snapshot = sorted(str(p) for p in temp_paths.warehouse_dir.rglob("*"))
    manifest = (temp_paths.store_dir / "manifest.json").read_bytes()
    missing = Paths.of(tmp_path / "no_such_folder", temp_paths.warehouse_dir)
    with pytest.raises(MissingSeedsError, match="does not exist"):
        run_all(missing, SerialExecutor())
    assert sorted(str(p) for p in temp_paths.warehouse_dir.rglob("*")) == snapshot
    assert (temp_paths.store_dir / "manifest.json").read_bytes() == manifest


def test_a_damaged_cache_file_is_recomputed_and_reported(temp_paths: Paths, tmp_path: Path) -> None:
    run_all(temp_paths, SerialExecutor())
    events = next((temp_paths.store_dir / "batches").glob("*/event_rows-*.parquet"))
    events.write_bytes(b"not parquet at all")
    with Build(temp_paths, SerialExecutor()) as build:
        report = build.documents()
    assert report.notes["repaired_cache_files"] == 1
    run_all(temp_paths, SerialExecutor())
    fresh = Paths.of(temp_paths.seeds_dir, tmp_path / "fresh")
    run_all(fresh, SerialExecutor())
    assert_same_tables(fresh, temp_paths)


def test_a_stray_wal_or_a_writer_on_the_published_file_does_not_block_the_next_build(
    temp_paths: Paths,
) -> None:
    run_all(temp_paths, SerialExecutor())
    published = (temp_paths.warehouse_dir / "current").resolve() / "newsfacts.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "con.execute('CREATE TABLE main.scribble AS SELECT 1 AS x'); "
            "print('open', flush=True); time.sleep(600)",
            str(published),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"open"
        (temp_paths.seeds_dir / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        run_all(temp_paths, SerialExecutor())
    finally:
        holder.kill()
        holder.wait()
    assert assert_complete_version(temp_paths)["articles"] == 6
    previous = (temp_paths.warehouse_dir / "current").resolve() / "newsfacts.duckdb"
    Path(f"{previous}.wal").write_bytes(b"\x00garbage left by a crashed writer")
    (temp_paths.seeds_dir / "zz_newer.txt").write_text(NEW_ARTICLE.replace("three", "four"))
    run_all(temp_paths, SerialExecutor())
    assert assert_complete_version(temp_paths)["articles"] == 7


def test_patching_the_next_versions_duckdb_file_leaves_the_published_one_as_it_was(
    temp_paths: Paths,
) -> None:
    """The next version's DuckDB file starts as a copy of the published one, sharing its
    disk blocks where the filesystem can: patching it must not change a byte of the
    published file, which readers may hold."""
    run_all(temp_paths, SerialExecutor())
    published = temp_paths.duckdb_path.resolve()
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    (temp_paths.seeds_dir / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    run_all(temp_paths, SerialExecutor())
    assert temp_paths.duckdb_path.resolve() != published
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before
    assert assert_complete_version(temp_paths)["articles"] == 6


@pytest.mark.parametrize("fails", ["refused", "copies_nothing"])
def test_a_copy_the_filesystem_will_not_share_is_made_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    """Where ``copy_file_range`` is refused (another device, an old kernel) or stops
    early, the file is copied again from its start."""
    source, target = tmp_path / "source.bin", tmp_path / "target.bin"
    source.write_bytes(os.urandom(3_000_000))

    def refused(*_: object) -> int:
        raise OSError(18, "Invalid cross-device link")

    def copies_nothing(*_: object) -> int:
        return 0

    monkeypatch.setattr(os, "copy_file_range", refused if fails == "refused" else copies_nothing)
    target.write_bytes(b"an older, longer file " * 200_000)
    copy_sharing_blocks(source, target)
    assert target.read_bytes() == source.read_bytes()


def test_a_document_whose_extractor_raises_is_a_visible_reject_and_a_warning(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dagster as dg

    from newsfacts.stages.per_document import events as events_stage
    from pipelines.definitions import ASSETS, resources
    from pipelines.resources import WarehouseConfig

    real = events_stage.compute

    def fragile(doc, upstream):  # type: ignore[no-untyped-def]
        if "dam wall" in doc.clean_text:
            raise OverflowError("int too large to convert")
        return real(doc, upstream)

    monkeypatch.setattr(events_stage, "compute", fragile)
    (temp_paths.seeds_dir / "zz_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    settings = WarehouseConfig(
        seeds_dir=str(temp_paths.seeds_dir), warehouse_dir=str(temp_paths.warehouse_dir)
    )
    with dg.instance_for_test() as instance:
        result = dg.materialize(ASSETS, resources=resources(settings), instance=instance)
    assert result.success  # the warning does not block publication
    (warning,) = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "no_failed_documents"
    ]
    assert not warning.passed and warning.severity == dg.AssetCheckSeverity.WARN
    (events_meta,) = result.asset_materializations_for_node("event_extraction")
    assert events_meta.metadata["documents_failed"].value == 1
    con = duckdb.connect(str(temp_paths.duckdb_path), read_only=True)
    try:
        rejects = con.execute(
            "SELECT source_path, stage, detail FROM rejects WHERE reason = 'failed_stage'"
        ).fetchall()
        kept = con.execute(
            "SELECT count(*) FROM figures JOIN articles USING (doc_id) "
            "WHERE source_path = 'zz_new.txt'"
        ).fetchone()
        events = con.execute("SELECT count(DISTINCT doc_id) FROM events").fetchone()
    finally:
        con.close()
    assert [(p, s) for p, s, _ in rejects] == [("zz_new.txt", "events")]
    assert "OverflowError" in rejects[0][2]
    assert kept is not None and kept[0] >= 1  # its figures are published
    assert events == (5,)  # the other documents' events are all there
