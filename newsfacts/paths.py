"""Where the pipeline reads and writes, from the environment.

``NEWSFACTS_SEEDS_DIR`` and ``NEWSFACTS_WAREHOUSE_DIR`` are honoured alike by
``make build``, the sensor and ``dagster dev``; relative values are taken
from the project root so that every entry point agrees whatever its cwd.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newsfacts.reference import PROJECT_ROOT

DEFAULT_SEEDS = "data/seeds"
DEFAULT_WAREHOUSE = "data/warehouse"
DUCKDB_FILE = "newsfacts.duckdb"


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
