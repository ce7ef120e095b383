"""The command line as a person uses it: subprocesses, exit codes, files on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from importlib import import_module
from pathlib import Path

import duckdb
import polars as pl
import pytest

from newsfacts.paths import Paths
from newsfacts.seed_listing import list_folder
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import SERIAL_BELOW
from pipelines.build import _many_new_files
from pipelines.cli import EXIT_BAD_SQL, EXIT_UNREADABLE, EXIT_USAGE
from tests.conftest import ROOT, SEEDS

PROJECT_PARTS = (
    "newsfacts",
    "pipelines",
    "assets",
    "data/reference",
    "dagster.yaml",
    "pyproject.toml",
)


def _run(
    args: list[str],
    cwd: Path,
    pythonpath: Path = ROOT,
    marker: str = "",
    settings: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSFACTS_", "DAGSTER_"))}
    env["PYTHONPATH"] = str(pythonpath)
    env["NEWSFACTS_TEST_MARKER"] = marker
    env.update(settings or {})
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published warehouse of the bundled seeds (built without Dagster, for speed)."""
    paths = Paths.of(SEEDS, tmp_path_factory.mktemp("cli") / "warehouse")
    run_all(paths)
    return paths.warehouse_dir


def test_build_entry_point_works_without_make_from_any_directory(tmp_path: Path) -> None:
    """No DAGSTER_HOME: the project root's dagster.yaml is used, state lands under it."""
    project = tmp_path / "project"
    for part in PROJECT_PARTS:
        source, target = ROOT / part, project / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shutil.copytree(SEEDS, project / "data" / "seeds")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    marker = f"build-{os.getpid()}-{tmp_path.name}"
    done = _run(["-m", "pipelines.build"], cwd=elsewhere, pythonpath=project, marker=marker)

    assert done.returncode == 0, done.stderr
    assert f"DuckDB:    {project / 'data' / 'warehouse' / 'newsfacts.duckdb'}" in done.stdout
    assert "articles            5 rows" in done.stdout
    assert (project / "data" / ".dagster" / "storage" / "history" / "runs.db").is_file()
    assert list(elsewhere.iterdir()) == []
    # The build ends without Python's shutdown: its charts are written, its processes gone.
    charts = sorted((project / "data" / "warehouse" / "report_charts").glob("*.png"))
    assert len(charts) == 3 and all(c.read_bytes().startswith(b"\x89PNG") for c in charts)
    _assert_no_process_left(marker)


def test_a_command_line_build_validates_without_loading_what_only_tests_use(
    tmp_path: Path,
) -> None:
    """The modules ``hide_unused_modules`` hides stay unloaded, and Pandera still finds
    a broken row."""
    script = """
import sys
import polars as pl
from pipelines.build import UNUSED_BY_BUILDS, hide_unused_modules
hide_unused_modules()
from newsfacts.validation import validate_table
from newsfacts.schemas import frame
good = frame("rejects", [{"source_path": "a.txt", "reason": "empty", "detail": "no text"}])
print(validate_table("rejects", good, {}).passed)
print(validate_table("rejects", good.with_columns(detail=pl.lit("")), {}).passed)
print([sys.modules.get(name, "absent") for name in UNUSED_BY_BUILDS])
"""
    done = _run(["-c", script], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["True", "False", "[None]"]


def _assert_no_process_left(marker: str) -> None:
    deadline = time.monotonic() + 10  # a helper process sees its parent gone, then ends
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_with(marker) == []


def _many_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(1, count + 1):
        (folder / f"council_{number}.txt").write_text(
            f"Council number {number} meets in Tarnow\n\nThe council of district {number} "
            f"met on Monday to discuss a bridge that will cost {number} million crowns.\n",
            encoding="utf-8",
        )
    return folder


@pytest.mark.parametrize("broken_reference", [False, True], ids=["built", "failed"])
def test_a_build_of_many_new_files_leaves_no_worker_behind(
    tmp_path: Path, broken_reference: bool
) -> None:
    """Enough new files for the map's workers to start before Dagster loads: they do the
    map when the build runs, and are stopped when it fails before its map."""
    seeds = _many_articles(tmp_path / "seeds", SERIAL_BELOW + 6)
    settings = {
        "NEWSFACTS_SEEDS_DIR": str(seeds),
        "NEWSFACTS_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "DAGSTER_HOME": str(ROOT),
        "NEWSFACTS_WORKERS": "2",
    }
    if broken_reference:
        reference = tmp_path / "reference"
        shutil.copytree(ROOT / "data" / "reference", reference)
        (reference / "outlets.yaml").write_text("outlets: [\n", encoding="utf-8")
        settings["NEWSFACTS_REFERENCE_DIR"] = str(reference)
    marker = f"many-{os.getpid()}-{tmp_path.name}"

    # A worker left running would hold the output pipes open: the run would not end.
    done = _run(
        ["-m", "pipelines.build"], cwd=tmp_path, marker=marker, settings=settings, timeout=240
    )

    if broken_reference:
        assert done.returncode == 1 and "outlets.yaml" in done.stderr, done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert f"articles           {SERIAL_BELOW + 6} rows" in done.stdout
    _assert_no_process_left(marker)


def test_many_new_files_are_told_from_a_few_by_the_last_scan(tmp_path: Path) -> None:
    seeds = _many_articles(tmp_path / "seeds", SERIAL_BELOW)
    paths = Paths.of(seeds, tmp_path / "warehouse")
    assert _many_new_files(paths, list_folder(seeds))
    run_all(paths)
    assert not _many_new_files(paths, list_folder(seeds))
    for number in range(SERIAL_BELOW - 1):
        (seeds / f"late_{number}.txt").write_text(f"Late report {number}\n", encoding="utf-8")
    assert not _many_new_files(paths, list_folder(seeds))
    (seeds / "late_last.txt").write_text("The last late report\n", encoding="utf-8")
    assert _many_new_files(paths, list_folder(seeds))


def _processes_with(marker: str) -> list[int]:
    """Processes whose environment holds ``marker`` (a build's leftover children)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"NEWSFACTS_TEST_MARKER={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def test_build_with_a_missing_seeds_folder_says_so(tmp_path: Path) -> None:
    done = _run(["-m", "pipelines.cli", "build", "--seeds", "no_such_folder"], cwd=tmp_path)
    assert done.returncode == EXIT_USAGE
    assert f"seeds folder not found: {tmp_path / 'no_such_folder'}" in done.stderr
    assert "Traceback" not in done.stderr


def test_query_prints_a_table(warehouse: Path, tmp_path: Path) -> None:
    sql = "SELECT category, count(*) AS n FROM figures GROUP BY ALL ORDER BY n DESC, category"
    done = _run(["-m", "pipelines.cli", "query", sql, "--warehouse", str(warehouse)], tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any("category" in line and "n" in line for line in lines[:3])
    assert any("killed" in line and "12" in line for line in lines)
    assert lines[-1] == "7 rows"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_query_writes_every_row_to_a_file(warehouse: Path, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"events{suffix}"
    args = ["query", "SELECT * FROM events", "--warehouse", str(warehouse), "-o", target.name]
    done = _run(["-m", "pipelines.cli", *args], tmp_path)
    assert done.returncode == 0, done.stderr
    written = pl.read_csv(target) if suffix == ".csv" else pl.read_parquet(target)
    expected = pl.read_parquet(warehouse / "tables" / "events" / "*.parquet")
    assert written.height == expected.height == int(done.stdout.split()[0])
    assert set(expected.columns) <= set(written.columns)


def test_bad_sql_and_unreadable_warehouses_have_their_own_exit_codes(
    warehouse: Path, tmp_path: Path
) -> None:
    bad = _run(["-m", "pipelines.cli", "query", "SELEC 1", "--warehouse", str(warehouse)], tmp_path)
    assert bad.returncode == EXIT_BAD_SQL
    assert "bad SQL" in bad.stderr and "SELEC" in bad.stderr

    unknown = _run(
        ["-m", "pipelines.cli", "query", "SELECT * FROM nowhere", "--warehouse", str(warehouse)],
        tmp_path,
    )
    assert unknown.returncode == EXIT_BAD_SQL and "nowhere" in unknown.stderr

    missing = _run(["-m", "pipelines.cli", "query", "SELECT 1", "--warehouse", "none"], tmp_path)
    assert missing.returncode == EXIT_UNREADABLE
    assert "no warehouse at" in missing.stderr and "build it first" in missing.stderr

    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "newsfacts.duckdb").write_bytes(b"not a database" * 100)
    broken = _run(["-m", "pipelines.cli", "query", "SELECT 1", "--warehouse", "damaged"], tmp_path)
    assert broken.returncode == EXIT_UNREADABLE and "cannot open" in broken.stderr

    moved = tmp_path / "moved"
    moved.mkdir()
    pl.DataFrame({"a": [1]}).write_parquet(moved / "t.parquet")
    con = duckdb.connect(str(moved / "newsfacts.duckdb"))
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{moved / 't.parquet'}')")
    con.close()
    (moved / "t.parquet").unlink()
    lost = _run(
        ["-m", "pipelines.cli", "query", "SELECT * FROM t", "--warehouse", "moved"], tmp_path
    )
    assert lost.returncode == EXIT_UNREADABLE and "cannot be read" in lost.stderr
    assert "Traceback" not in bad.stderr + missing.stderr + broken.stderr + lost.stderr


def test_console_script_is_declared_and_installed_by_make() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, name = pyproject["project"]["scripts"]["newsfacts"].partition(":")
    assert callable(getattr(import_module(module), name))
    assert "--editable ." in (ROOT / "Makefile").read_text(encoding="utf-8")
    script = Path(sys.executable).parent / "newsfacts"
    if not script.is_file():
        pytest.skip("the project is not installed in this environment (make installs it)")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    for command in ("build", "query", "evaluate", "benchmark", "dev"):
        assert command in done.stdout


def test_a_copied_warehouse_folder_answers_queries_on_its_own(
    warehouse: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "elsewhere" / "warehouse"
    shutil.copytree(warehouse, copy, symlinks=True)
    hidden = warehouse.with_name("hidden")
    warehouse.rename(hidden)  # the original is gone while the copy is queried
    try:
        sql = "SELECT count(*) AS n FROM story_timeline WHERE n_docs > 1"
        done = _run(["-m", "pipelines.cli", "query", sql, "--warehouse", str(copy)], tmp_path)
    finally:
        hidden.rename(warehouse)
    assert done.returncode == 0, done.stderr
    assert "│ 5 │" in done.stdout
