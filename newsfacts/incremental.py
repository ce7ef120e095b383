"""Per-document caching, so a rerun only does the new work.

Each per-document stage keeps, for every document, one Parquet file per output
table and a manifest line recording the document's input hash and the stage
version (a hash of the code and reference data it depends on). A document is
recomputed when its input or the stage version changed; documents that left
the seeds folder are pruned. A measured alternative, one Dagster run per file,
costs seconds per file; this costs milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from newsfacts.reference import PROJECT_ROOT, reference_dir
from newsfacts.schemas import TABLES, frame

PACKAGE_DIR = PROJECT_ROOT / "newsfacts"


def stage_version(
    code: Iterable[str], reference: Iterable[str], upstream: Iterable[str] = ()
) -> str:
    """Hash of the named source files/folders, reference files/folders and upstream versions.

    Paths are relative to the ``newsfacts`` package and to the reference folder;
    a folder stands for every file below it.
    """
    digest = hashlib.sha256()
    for base, names in ((PACKAGE_DIR, code), (reference_dir(), reference)):
        for name in sorted(names):
            target = base / name
            files = sorted(target.rglob("*")) if target.is_dir() else [target]
            for path in files:
                if path.is_file() and path.suffix != ".pyc":
                    digest.update(str(path.relative_to(base)).encode())
                    digest.update(path.read_bytes())
    for version in upstream:
        digest.update(version.encode())
    return digest.hexdigest()[:16]


def write_parquet_atomic(df: pl.DataFrame, path: Path) -> None:
    """Write next to the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.write_parquet(tmp)
    os.replace(tmp, path)


def _write_json_atomic(data: object, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class StageRun:
    """What one incremental pass did, for logs and UI metadata."""

    computed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


@dataclass
class StageStore:
    """The cache of one per-document stage: ``root/<table>/<doc>.parquet`` + manifest."""

    root: Path
    version: str
    tables: tuple[str, ...]

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict[str, dict[str, str]]:
        if not self.manifest_path.is_file():
            return {}
        loaded: dict[str, dict[str, str]] = json.loads(self.manifest_path.read_text("utf-8"))
        return loaded

    def _path(self, table: str, key: str) -> Path:
        return self.root / table / f"{key}.parquet"

    def run(
        self,
        inputs: Mapping[str, str],
        compute: Callable[[str], Mapping[str, pl.DataFrame]],
    ) -> StageRun:
        """Bring the cache in line with ``inputs`` (key -> input hash).

        ``compute(key)`` returns the key's frames; an exception there is recorded
        in ``StageRun.failed`` and that key keeps no output, so one bad document
        never stops the others.
        """
        manifest = self.manifest()
        report = StageRun()
        wanted = {"version": self.version}
        for key, input_hash in inputs.items():
            entry = manifest.get(key)
            if entry == {**wanted, "input": input_hash} and self._complete(key):
                report.reused.append(key)
                continue
            try:
                frames = compute(key)
            except Exception as error:  # recorded, reported, never fatal
                report.failed[key] = f"{type(error).__name__}: {error}"
                manifest.pop(key, None)
                self._drop(key)
                continue
            for table in self.tables:
                write_parquet_atomic(_table_frame(frames, table), self._path(table, key))
            manifest[key] = {**wanted, "input": input_hash}
            report.computed.append(key)
        for key in sorted(set(manifest) - set(inputs)):
            manifest.pop(key)
            self._drop(key)
            report.pruned.append(key)
        _write_json_atomic(manifest, self.manifest_path)
        return report

    def _complete(self, key: str) -> bool:
        return all(self._path(table, key).is_file() for table in self.tables)

    def _drop(self, key: str) -> None:
        for table in self.tables:
            self._path(table, key).unlink(missing_ok=True)

    def read(self, table: str, keys: Iterable[str]) -> pl.DataFrame:
        """The rows of ``table`` for ``keys``, concatenated in key order."""
        paths = [self._path(table, k) for k in sorted(keys)]
        paths = [p for p in paths if p.is_file()]
        if not paths:
            return frame(table, []) if table in TABLES else pl.DataFrame()
        return pl.read_parquet(paths)

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _table_frame(frames: Mapping[str, pl.DataFrame], table: str) -> pl.DataFrame:
    """The frame computed for ``table``; an omitted contract table is empty."""
    if table in frames:
        return frames[table]
    if table in TABLES:
        return frame(table, [])
    raise KeyError(f"stage output is missing table {table!r}")
