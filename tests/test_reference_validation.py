"""Broken reference data stops a build before anything is computed or published.

A copy of the bundled reference folder with one file broken is pointed at by
``NEWSFACTS_REFERENCE_DIR``; the build runs as a person runs it (the command
line in a subprocess, or a Dagster run) over a warehouse that a good build
published, which must come out of the failed build byte for byte the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
import yaml

from newsfacts import reference_check
from newsfacts.paths import Paths
from newsfacts.reference import PROJECT_ROOT
from newsfacts.reference_check import ReferenceDataError, check_reference, file_problems
from newsfacts.reference_schemas import SCHEMAS
from newsfacts.stages.build import run_all
from pipelines.definitions import ASSETS, resources
from pipelines.resources import WarehouseConfig
from tests.conftest import SEEDS

BUNDLED = PROJECT_ROOT / "data" / "reference"
FIGURES = "figures/numbers.yaml"
ENTITIES = "entities/organisations.yaml"
ABBREVIATIONS = "abbreviations.yaml"
EVENTS = "events/triggers.yaml"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the bundled seeds published with the bundled reference data."""
    paths = Paths.of(SEEDS, tmp_path_factory.mktemp("reference") / "warehouse")
    run_all(paths)
    return paths.warehouse_dir


def _snapshot(warehouse: Path) -> dict[str, str]:
    """Every file of the warehouse (published tables, DuckDB file, caches) by content."""
    files = {
        str(path.relative_to(warehouse)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(warehouse.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
    return {**files, "current ->": os.readlink(warehouse / "current")}


def _broken_copy(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(BUNDLED, folder)
    path = folder / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _tab_before_second_entry(text: str) -> str:
    """A tab-indented line (YAML forbids tabs for indentation) before the second
    top-level key or list item."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line[:1].isalpha() or line.startswith("- ")]
    lines.insert(starts[1], "\tbroken: indented with a tab\n")
    return "".join(lines)


def _tab_line(text: str) -> int:
    return _tab_before_second_entry(text).splitlines().index("\tbroken: indented with a tab") + 1


def _cli_build(warehouse: Path, reference: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSFACTS_", "DAGSTER_"))}
    env |= {"NEWSFACTS_REFERENCE_DIR": str(reference), "DAGSTER_HOME": str(home)}
    home.mkdir(exist_ok=True)
    args = ["-m", "pipelines.cli", "build", "--seeds", str(SEEDS), "--warehouse", str(warehouse)]
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("name", [FIGURES, ENTITIES, ABBREVIATIONS, EVENTS])
def test_a_yaml_syntax_error_stops_the_build_with_path_and_line(
    warehouse: Path, tmp_path: Path, name: str
) -> None:
    before = _snapshot(warehouse)
    reference = _broken_copy(tmp_path, name, _tab_before_second_entry)
    line = _tab_line((BUNDLED / name).read_text(encoding="utf-8"))

    done = _cli_build(warehouse, reference, tmp_path / "dagster_home")

    assert done.returncode == 1, done.stdout
    assert f"{reference / name}, line {line}, column 1: invalid YAML" in done.stderr
    assert "Traceback" not in done.stderr
    assert "leaked" not in done.stderr
    assert _snapshot(warehouse) == before


def _reshape(mutate: Callable[[Any], None]) -> Callable[[str], str]:
    """Valid YAML of the wrong shape: the file's data changed and written back."""

    def edit(text: str) -> str:
        data = yaml.safe_load(text)
        mutate(data)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    return edit


def _scale_words_as_a_list(data: dict[str, Any]) -> None:
    data["scale_words"] = list(data["scale_words"])


def _name_as_a_number(data: list[dict[str, Any]]) -> None:
    data[0]["name"] = 12


def _unquoted_no(data: dict[str, Any]) -> None:
    data["sentence_openers"].insert(0, False)


def _misspelled_event_type(data: dict[str, Any]) -> None:
    data["ASSUALT"] = data.pop("ASSAULT")


def _unbalanced_pattern(data: dict[str, Any]) -> None:
    data["rules"][0]["patterns"][0] = "back to (top"


@pytest.mark.parametrize(
    ("name", "mutate", "expected"),
    [
        (FIGURES, _scale_words_as_a_list, "(scale_words): Input should be a valid dictionary"),
        (ENTITIES, _name_as_a_number, "([0].name): Input should be a valid string (got 12)"),
        (ABBREVIATIONS, _unquoted_no, "(sentence_openers[0]): YAML read an unquoted"),
        (EVENTS, _misspelled_event_type, "unknown event type (top-level key) 'ASSUALT'"),
        ("boilerplate.yaml", _unbalanced_pattern, "(rules[0].patterns[0]): not a valid regular"),
    ],
)
def test_a_file_of_the_wrong_shape_stops_the_build_naming_file_and_key(
    warehouse: Path,
    tmp_path: Path,
    name: str,
    mutate: Callable[[Any], None],
    expected: str,
) -> None:
    before = _snapshot(warehouse)
    reference = _broken_copy(tmp_path, name, _reshape(mutate))

    done = _cli_build(warehouse, reference, tmp_path / "dagster_home")

    assert done.returncode == 1, done.stdout
    assert str(reference / name) in done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert "leaked" not in done.stderr
    assert _snapshot(warehouse) == before


def test_a_missing_file_stops_the_build_naming_it(warehouse: Path, tmp_path: Path) -> None:
    before = _snapshot(warehouse)
    reference = _broken_copy(tmp_path, ENTITIES, str)
    (reference / ENTITIES).unlink()

    done = _cli_build(warehouse, reference, tmp_path / "dagster_home")

    assert done.returncode == 1, done.stdout
    assert f"{reference / ENTITIES}: missing" in done.stderr
    assert "Traceback" not in done.stderr
    assert "leaked" not in done.stderr
    assert _snapshot(warehouse) == before


def test_a_dagster_run_fails_with_the_problems_and_publishes_nothing(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(warehouse)
    reference = _broken_copy(tmp_path, FIGURES, _tab_before_second_entry)
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(reference))
    settings = WarehouseConfig(seeds_dir=str(SEEDS), warehouse_dir=str(warehouse))

    with dg.instance_for_test() as instance:
        result = dg.materialize(
            ASSETS,
            resources=resources(settings),
            instance=instance,
            raise_on_error=False,
        )
        logs = "\n".join(str(event.dagster_event) for event in instance.all_logs(result.run_id))

    assert not result.success
    assert f"{reference / FIGURES}, line" in logs
    assert _snapshot(warehouse) == before


def test_every_problem_of_every_file_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = _broken_copy(tmp_path, FIGURES, _tab_before_second_entry)
    (reference / EVENTS).write_text(
        _reshape(_misspelled_event_type)((BUNDLED / EVENTS).read_text())
    )
    (reference / "figures" / "extra.yaml").write_text("words: [a]\n")
    (reference / ENTITIES).unlink()
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(reference))

    with pytest.raises(ReferenceDataError) as raised:
        check_reference()

    assert sorted(
        problem.path.relative_to(reference).as_posix() for problem in raised.value.problems
    ) == sorted([ENTITIES, EVENTS, "figures/extra.yaml", FIGURES])
    assert "no schema" in str(raised.value)
    assert "missing" in str(raised.value)


def test_a_key_written_twice_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "abbreviations.yaml"
    path.write_text("titles: [Mr]\nmonths: [Jan]\nmonths: [Feb]\nsentence_openers: [The]\n")

    [problem] = file_problems(path, SCHEMAS[ABBREVIATIONS])

    assert (problem.line, problem.message) == (3, "invalid YAML: the key 'months' is written twice")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_bundled_reference_file_validates(name: str) -> None:
    assert file_problems(BUNDLED / name, SCHEMAS[name]) == []


def test_every_bundled_reference_file_has_a_schema() -> None:
    files = {p.relative_to(BUNDLED).as_posix() for p in BUNDLED.rglob("*") if p.is_file()}
    assert files == set(SCHEMAS)


def test_a_folder_that_passed_is_not_validated_again_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process finds the marker the first check left; an edited file, even a valid
    one, is validated again."""
    reference = tmp_path / "reference"
    shutil.copytree(BUNDLED, reference)
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(reference))
    monkeypatch.setenv("NEWSFACTS_CACHE_DIR", str(tmp_path / "cache"))
    check_reference()
    validated: list[Path] = []
    monkeypatch.setattr(reference_check, "_PASSED", set())  # as in a new process
    monkeypatch.setattr(reference_check, "folder_problems", lambda f: validated.append(f) or [])

    check_reference()
    assert validated == []

    with (reference / ABBREVIATIONS).open("a", encoding="utf-8") as handle:
        handle.write("# a comment changes the content, not the meaning\n")
    check_reference()
    assert validated == [reference]
