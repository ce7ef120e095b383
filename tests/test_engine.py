"""The stage engine: serial, parallel, Dask and incremental builds publish the same tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from newsfacts.paths import Paths
from newsfacts.schemas import TABLES, frame
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import DaskExecutor, ProcessExecutor, SerialExecutor
from tests.conftest import CORPORA, SEEDS
from tests.fault_build import start_fault_build

BBC_SAMPLE = 40
# An invented report of a new event, added to a document and taken out again.
ADDED = "\n\nGunmen killed four villagers in Tarnow on Monday, police said.\n"


def _corpus(target: Path) -> Path:
    """The seeds plus real BBC texts from several sections: enough files for several batches."""
    if not (CORPORA / "bbc").is_dir():
        pytest.skip("the BBC corpus is not beside the project (../shared/corpora/bbc)")
    target.mkdir(parents=True)
    for path in sorted(SEEDS.glob("*")):
        shutil.copy(path, target / path.name)
    files = sorted((CORPORA / "bbc").glob("*/*.txt"))[:: 2225 // BBC_SAMPLE][:BBC_SAMPLE]
    for path in files:
        shutil.copy(path, target / f"bbc_{path.parent.name}_{path.name}")
    return target


def tables(paths: Paths) -> dict[str, pl.DataFrame]:
    """Every published table, rows in a canonical order (a table without parts is empty)."""
    result = {}
    for table in TABLES:
        parts = sorted(paths.published(table).glob("*.parquet"))
        df = pl.read_parquet(parts) if parts else frame(table, [])
        keys = [c for c, t in df.schema.items() if not isinstance(t, pl.List)]
        result[table] = df.sort(keys, nulls_last=True)
    return result


def assert_same_tables(a: Paths, b: Paths) -> None:
    left, right = tables(a), tables(b)
    for table in TABLES:
        assert left[table].equals(right[table]), table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("engine") / "seeds")


@pytest.fixture(scope="module")
def serial_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = Paths.of(corpus, tmp_path_factory.mktemp("serial") / "warehouse")
    run_all(paths, SerialExecutor())
    return paths


def test_parallel_build_equals_serial_row_for_row(
    corpus: Path, serial_build: Paths, tmp_path: Path
) -> None:
    paths = Paths.of(corpus, tmp_path / "warehouse")
    reports = run_all(paths, ProcessExecutor(2))
    assert reports["documents"].notes["executor"] == "processes"
    assert_same_tables(serial_build, paths)


def test_a_dask_cluster_builds_the_same_warehouse(
    corpus: Path, serial_build: Paths, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        paths = Paths.of(corpus, tmp_path / "warehouse")
        reports = run_all(paths, DaskExecutor(cluster.scheduler_address))
    assert reports["documents"].notes["executor"] == "dask"
    assert reports["documents"].notes["workers"] == 2
    assert_same_tables(serial_build, paths)


def test_three_increments_with_a_removal_equal_one_build(
    corpus: Path, serial_build: Paths, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    paths = Paths.of(seeds, tmp_path / "warehouse")
    files = sorted(corpus.iterdir())
    thirds = [files[i::3] for i in range(3)]
    for third in thirds:
        for path in third:
            shutil.copy(path, seeds / path.name)
        run_all(paths, SerialExecutor())
    removed = files[0]
    (seeds / removed.name).unlink()
    run_all(paths, SerialExecutor())
    shutil.copy(removed, seeds / removed.name)
    report = run_all(paths, SerialExecutor())["documents"]
    assert report.run.computed == [removed.name]
    assert_same_tables(serial_build, paths)


def _parts(paths: Paths, table: str) -> dict[str, str]:
    """Part -> digest of its rows, as the published build record lists them."""
    record = json.loads((paths.warehouse_dir / "current" / "build.json").read_text())
    return {part: recipe["content"] for part, recipe in record["parts"][table].items()}


def test_a_changed_report_rewrites_a_few_story_parts_and_equals_one_build(
    corpus: Path, serial_build: Paths, tmp_path: Path
) -> None:
    """A report that gains an event and loses it again leaves the tables of one build,
    and each of those updates rewrites only the parts of ``story_events`` it touched."""
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus, seeds)
    paths = Paths.of(seeds, tmp_path / "warehouse")
    run_all(paths, SerialExecutor())
    target = sorted(seeds.iterdir())[0]
    original = target.read_bytes()
    before = _parts(paths, "story_events")
    target.write_bytes(original + ADDED.encode())
    run_all(paths, SerialExecutor())
    after = _parts(paths, "story_events")
    rewritten = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert 0 < len(rewritten) < len(before)
    target.write_bytes(original)
    run_all(paths, SerialExecutor())
    assert _parts(paths, "story_events") == before
    assert_same_tables(serial_build, paths)


CHROME = "Lark Radio weekend edition"


def _article(number: int) -> str:
    return (
        f"Council number {number} meets in Tarnow\n\n"
        f"The council of district {number} met in Tarnow on Monday to discuss the new "
        f"bridge, which will cost {number} million crowns, officials said.\n\n"
        f"{CHROME}\n\n"
        f"Residents of district {number} asked for more buses and longer library hours.\n"
    )


def test_a_line_in_enough_files_is_chrome_and_stops_being_so_when_one_goes(
    tmp_path: Path,
) -> None:
    """A short line found in three files is site chrome; when one of them goes, it is text
    again: each incremental build equals a build from scratch of the same files."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    paths = Paths.of(seeds, tmp_path / "warehouse")
    for count, step in ((2, "two"), (3, "three"), (2, "again")):
        for old in seeds.iterdir():
            old.unlink()
        for number in range(1, count + 1):
            (seeds / f"council_{number}.txt").write_text(_article(number), encoding="utf-8")
        run_all(paths, SerialExecutor())
        scratch = Paths.of(seeds, tmp_path / f"scratch_{step}")
        run_all(scratch, SerialExecutor())
        assert_same_tables(scratch, paths)
        texts = pl.read_parquet(paths.published("articles") / "*.parquet")["clean_text"]
        assert all((CHROME in text) == (count < 3) for text in texts)


# Political reports that name the same people with and without a title or role, so
# an entity's id moves once the later reports arrive ("ken-macdonald" becomes
# "ken-macdonald-qc"), while the earlier reports' figures cite it as their source.
MOVING_NAMES = ("034", "113", "133", "231", "257", "258")


def _moving_names(tmp_path: Path, killed: int | None = None) -> tuple[Paths, Paths]:
    """The reports built at once, and in three increments of two; the build of increment
    ``killed`` dies after updating the entity index, before publishing, and is run again."""
    if not (CORPORA / "bbc").is_dir():
        pytest.skip("the BBC corpus is not beside the project (../shared/corpora/bbc)")
    files = [CORPORA / "bbc" / "politics" / f"{name}.txt" for name in MOVING_NAMES]
    whole, growing = tmp_path / "whole", tmp_path / "growing"
    whole.mkdir()
    growing.mkdir()
    for path in files:
        shutil.copy(path, whole / path.name)
    at_once = Paths.of(whole, tmp_path / "at_once")
    run_all(at_once, SerialExecutor())
    paths = Paths.of(growing, tmp_path / "increments")
    for step, pair in enumerate((files[:2], files[2:4], files[4:])):
        for path in pair:
            shutil.copy(path, growing / path.name)
        if step == killed:
            process = start_fault_build(paths, "duckdb")
            assert process.wait(timeout=600) == 9
        run_all(paths, SerialExecutor())
    return at_once, paths


def test_figures_follow_an_entity_whose_id_moved_in_a_later_increment(tmp_path: Path) -> None:
    assert_same_tables(*_moving_names(tmp_path))


def test_entities_after_a_build_that_died_unpublished_equal_one_build(tmp_path: Path) -> None:
    """The published entities are then behind the index: patching them with the next
    update alone would lose the names of the increment that died."""
    at_once, paths = _moving_names(tmp_path, killed=1)
    assert_same_tables(at_once, paths)
    assert tables(paths)["entities"].height == tables(at_once)["entities"].height


def test_chrome_found_by_the_workers_equals_chrome_found_in_one_process(tmp_path: Path) -> None:
    """Enough new files for the workers to read their candidate lines: the repeated line is
    chrome in every file, as when one process reads them all."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for number in range(1, 41):
        (seeds / f"council_{number}.txt").write_text(_article(number), encoding="utf-8")
    serial = Paths.of(seeds, tmp_path / "serial")
    run_all(serial, SerialExecutor())
    parallel = Paths.of(seeds, tmp_path / "parallel")
    reports = run_all(parallel, ProcessExecutor(2))
    assert reports["documents"].notes["executor"] == "processes"
    assert_same_tables(serial, parallel)
    texts = pl.read_parquet(parallel.published("articles") / "*.parquet")["clean_text"]
    assert texts.len() == 40 and not any(CHROME in text for text in texts)
