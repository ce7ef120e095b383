"""Validate the whole reference folder before a build, so a broken file stops it.

The readers of ``data/reference/`` trust their files: a lexicon that fails to
parse or has the wrong shape would otherwise empty a table, or fail deep inside
a stage with an error that never names the file. ``check_reference`` parses
every file, validates it against its model (``newsfacts.reference_schemas``)
and raises one ``ReferenceDataError`` listing every problem of every file with
its path, line and the key it concerns, before anything is computed or
published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from newsfacts.paths import cached_file
from newsfacts.reference import reference_dir, reference_fingerprint

_PASSED: set[tuple[Path, str]] = set()
# Pydantic's words for a key that is missing or unknown, in the terms of a YAML file.
_MESSAGES = {
    "missing": "required key is missing",
    "extra_forbidden": "unknown key (misspelt, or not one this file's reader uses)",
}
# LibYAML's parser when the yaml wheel has it (as ``newsfacts.reference`` loads), else Python's.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one reference file; ``where`` is a key path inside it."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    where: str = ""

    def __str__(self) -> str:
        place = str(self.path)
        if self.line is not None:
            place += f", line {self.line}"
        if self.column is not None:
            place += f", column {self.column}"
        where = f" ({self.where})" if self.where else ""
        return f"{place}{where}: {self.message}"


class ReferenceDataError(ValueError):
    """The reference folder has problems; nothing was built and nothing was published."""

    def __init__(self, folder: Path, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        lines = [f"invalid reference data in {folder} ({count}); nothing was built:"]
        super().__init__("\n".join([*lines, *(f"  {problem}" for problem in problems)]))


def check_reference() -> None:
    """Raise ``ReferenceDataError`` unless every reference file is valid.

    A folder whose exact content already passed is not validated again: in
    this process (a command-line build checks before starting the run that
    checks too), and in any other, by a marker in the cache folder named by
    that content and by the validating code. Building the models and
    validating every file took a sixth of a second of every build.
    """
    folder = reference_dir()
    key = (folder, reference_fingerprint())
    if key in _PASSED:
        return

    def validate(marker: Path) -> None:
        found = folder_problems(folder)
        if found:
            raise ReferenceDataError(folder, found)
        marker.write_text(f"{folder}\n", encoding="utf-8")

    cached_file("reference-passed", _passed_fingerprint(*key), ".txt", validate)
    _PASSED.add(key)


def _passed_fingerprint(folder: Path, content: str) -> str:
    """The folder and its content, this module and the models' (read, not imported: that
    is what the marker spares), and pydantic's version."""
    digest = hashlib.sha256(f"{folder}\0{content}\0{metadata.version('pydantic')}".encode())
    here = Path(__file__)
    for module in (here, here.with_name("reference_schemas.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


def folder_problems(folder: Path) -> list[Problem]:
    """Missing files, files no schema describes, and every problem of the others."""
    from newsfacts.reference_schemas import SCHEMAS

    if not folder.is_dir():
        return [Problem(folder, "the reference folder does not exist")]
    found = [
        Problem(folder / name, "missing (every reference file is read by a stage)")
        for name in SCHEMAS
        if not (folder / name).is_file()
    ]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name in SCHEMAS:
            found.extend(file_problems(path, SCHEMAS[name]))
        elif not path.name.startswith("."):
            found.append(Problem(path, "not a reference file newsfacts reads (no schema)"))
    return found


def file_problems(path: Path, model: type[BaseModel]) -> list[Problem]:
    """Parse one file and validate it; YAML errors come with the parser's line and column."""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(path, f"cannot be read: {error}")]
    except yaml.MarkedYAMLError as error:
        return [_syntax_problem(path, error)]
    try:
        model.model_validate(data)
    except ValidationError as error:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        return [_schema_problem(path, root, details) for details in error.errors()]
    return []


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, refusing a key written twice in one mapping (YAML keeps the last
    one silently, which would drop a whole section of a lexicon)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    problem=f"the key {key!r} is written twice", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _syntax_problem(path: Path, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = error.problem or "cannot be parsed"
    if error.context:
        message += f" ({error.context})"
    if mark is None:
        return Problem(path, f"invalid YAML: {message}")
    return Problem(path, f"invalid YAML: {message}", mark.line + 1, mark.column + 1)


def _schema_problem(path: Path, root: yaml.Node | None, details: ErrorDetails) -> Problem:
    node, keys = _locate(root, details["loc"])
    message = _MESSAGES.get(details["type"], details["msg"].removeprefix("Value error, "))
    if details["type"] != "missing" and not isinstance(details["input"], dict | list):
        message += f" (got {details['input']!r})"
    line = node.start_mark.line + 1 if node is not None else None
    return Problem(path, message, line, where=_key_path(keys))


def _locate(
    root: yaml.Node | None, loc: tuple[int | str, ...]
) -> tuple[yaml.Node | None, list[int | str]]:
    """The YAML node an error location points to, and the keys that lead there.

    Parts of a location that name nothing in the file (the branches of a
    union) are skipped; a required key that is missing is still named.
    """
    node, keys = root, []
    for index, part in enumerate(loc):
        child = _child(node, part, want_key=loc[index + 1 : index + 2] == ("[key]",))
        if child is not None:
            node = child
            keys.append(part)
        elif isinstance(node, yaml.MappingNode) and index == len(loc) - 1:
            keys.append(part)
    return node, keys


def _child(node: yaml.Node | None, part: int | str, want_key: bool) -> yaml.Node | None:
    """The value node (or key node) that ``part`` names under ``node``, if the file has it."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return key if want_key else value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _key_path(keys: list[int | str]) -> str:
    """``places[3].latitude``: how a reader finds the value in the file."""
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text
