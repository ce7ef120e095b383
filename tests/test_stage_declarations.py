"""Stage declarations against the code: declared modules and reference files are the real ones.

A stage's cache version hashes what it declares; if a module it imports or a
reference file it loads were missing from the declaration, editing it would
leave stale cached rows. These tests read the imports (transitively, from
the source) and record the reference files a real run loads.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfacts import reference
from newsfacts.paths import Paths
from newsfacts.reference import PROJECT_ROOT
from newsfacts.stages.build import run_all
from newsfacts.stages.declarations import ASSETS, BY_NAME, STAGES, module_files, stage_versions


def _module_file(name: str) -> Path | None:
    base = PROJECT_ROOT.joinpath(*name.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return base.with_suffix(".py") if base.with_suffix(".py").is_file() else None


def _imports(name: str) -> Iterator[str]:
    """The ``newsfacts`` modules a module imports anywhere in its body (lazy imports too)."""
    path = _module_file(name)
    assert path is not None
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.startswith("newsfacts"))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([module] if module else [])])
            if module.startswith("newsfacts"):
                yield module
                for alias in node.names:
                    if _module_file(f"{module}.{alias.name}"):
                        yield f"{module}.{alias.name}"


def closure(entry: str) -> set[str]:
    """Every ``newsfacts`` module importing ``entry`` runs, parent packages included."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in seen or _module_file(name) is None:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(_imports(name))
    return seen


def _covered(declared: tuple[str, ...]) -> set[str]:
    """The modules a declaration stands for (a package alone stands for all below it)."""
    modules = set()
    for name in declared:
        files = module_files(name)
        if len(files) > 1 and any(d.startswith(name + ".") for d in declared):
            modules.add(name)
            continue
        for path in files:
            relative = path.relative_to(PROJECT_ROOT).with_suffix("")
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules.add(".".join(parts))
    return modules


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_declared_code_is_the_import_closure_of_the_entry(stage: object) -> None:
    declared = BY_NAME[stage.name]  # type: ignore[attr-defined]
    real = closure(declared.entry)
    covered = _covered(declared.code)
    assert real <= covered, f"imported but not declared: {sorted(real - covered)}"
    assert covered <= real, f"declared but never imported: {sorted(covered - real)}"


def test_declared_reference_files_are_the_ones_a_run_loads(
    temp_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []
    real = reference.reference_path

    def recording(name: str) -> Path:
        loaded.append(name)
        return real(name)

    monkeypatch.setattr(reference, "reference_path", recording)
    _clear_caches()
    # An export beside the text seeds, so the export reader's column map is loaded too.
    row = '{"title": "Port reopens", "text": "The port reopened on Monday after a strike."}\n'
    (temp_paths.seeds_dir / "export.jsonl").write_text(row, encoding="utf-8")
    run_all(temp_paths)
    declared = {ref for stage in STAGES for ref in stage.reference}
    assert set(loaded) <= declared, f"loaded but not declared: {sorted(set(loaded) - declared)}"
    assert declared <= set(loaded), f"declared but not loaded: {sorted(declared - set(loaded))}"


def _clear_caches() -> None:
    """Forget every cached lexicon, so the run below loads its reference files again."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("newsfacts"):
            continue
        for value in list(vars(module).values()):
            if hasattr(value, "cache_clear") and hasattr(value, "__wrapped__"):
                value.cache_clear()


def test_an_edit_changes_exactly_the_versions_that_depend_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    before = stage_versions()
    custom = tmp_path / "reference"
    shutil.copytree(reference.reference_dir(), custom)
    with (custom / "figures" / "numbers.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# an edit\n")
    monkeypatch.setenv("NEWSFACTS_REFERENCE_DIR", str(custom))
    after = stage_versions()
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"figures", "events", "stories", "claims"}


def test_every_published_table_is_written_by_one_asset() -> None:
    writers = [table for asset in ASSETS for table in asset.writes]
    assert len(writers) == len(set(writers))
    readable = set(writers)
    assert all(set(asset.reads) <= readable for asset in ASSETS)
