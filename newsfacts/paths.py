"""Where the pipeline reads and writes, from the environment.

``NEWSFACTS_SEEDS_DIR`` and ``NEWSFACTS_WAREHOUSE_DIR`` are honoured alike by
``make build``, the sensor and ``dagster dev``; relative values are taken
from the project root so that every entry point agrees whatever its cwd.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from newsfacts.reference import PROJECT_ROOT

DEFAULT_SEEDS = "data/seeds"
DEFAULT_WAREHOUSE = "data/warehouse"
DUCKDB_FILE = "newsfacts.duckdb"
# Versions of one cached file kept side by side (built from another reference
# folder, or by an older version), so that switching between them does not
# rebuild each time.
KEPT_VERSIONS = 4


def cache_dir() -> Path:
    """Where derived files shared by every warehouse of this machine are kept.

    ``NEWSFACTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsfacts`` (``~/.cache``);
    when that cannot be created, a folder in the temporary directory. What is
    kept there is derived from installed packages and reference data only, so
    deleting it costs time, never data.
    """
    configured = os.environ.get("NEWSFACTS_CACHE_DIR")
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsfacts"
    for folder in (Path(configured) if configured else base, _temporary_cache()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return folder
    raise OSError("no writable cache folder: set NEWSFACTS_CACHE_DIR")


def cached_file(stem: str, fingerprint: str, suffix: str, write: Callable[[Path], None]) -> Path:
    """The cache file ``stem-fingerprint suffix``, written by ``write`` if it is not there yet.

    Workers of one build start together and would all write it: one does,
    under a lock, into a file beside the final name that is then moved there,
    so no process ever reads a half-written file. Older versions of the same
    stem are deleted, keeping the latest ``KEPT_VERSIONS``.
    """
    path = cache_dir() / f"{stem}-{fingerprint}{suffix}"
    if path.is_file():
        return path
    with FileLock(str(path.with_suffix(".lock"))):
        if not path.is_file():
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.unlink(missing_ok=True)
            write(tmp)
            os.replace(tmp, path)
            versions = sorted(path.parent.glob(f"{stem}-*{suffix}"), key=_modified)
            for old in versions[:-KEPT_VERSIONS]:
                old.unlink(missing_ok=True)
    return path


def _modified(path: Path) -> float:
    return path.stat().st_mtime


def _temporary_cache() -> Path:
    return Path(tempfile.gettempdir()) / f"newsfacts-cache-{os.getuid()}"


def _absolute(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


@dataclass(frozen=True)
class Paths:
    """The seeds folder and the warehouse folder with its private sub-folders."""

    seeds_dir: Path
    warehouse_dir: Path

    @classmethod
    def from_env(cls) -> Paths:
        return cls.of(
            os.environ.get("NEWSFACTS_SEEDS_DIR", DEFAULT_SEEDS),
            os.environ.get("NEWSFACTS_WAREHOUSE_DIR", DEFAULT_WAREHOUSE),
        )

    @classmethod
    def of(cls, seeds_dir: str | Path, warehouse_dir: str | Path) -> Paths:
        return cls(_absolute(str(seeds_dir)), _absolute(str(warehouse_dir)))

    @property
    def store_dir(self) -> Path:
        """Per-document caches and cross-document indexes (private to the pipeline)."""
        return self.warehouse_dir / "_store"

    @property
    def duckdb_path(self) -> Path:
        """The DuckDB file of the published version (a stable link into it)."""
        return self.warehouse_dir / DUCKDB_FILE

    def published(self, table: str) -> Path:
        """The Parquet dataset (a folder of parts) of a published table."""
        return self.warehouse_dir / "tables" / table
