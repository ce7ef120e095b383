"""Whether a build would change anything: the cheap check before starting one.

Imports little on purpose: ``make build`` and the sensor ask it before
loading Dagster, the extractors or the DuckDB client, so an unchanged
folder is answered in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsfacts.ingest import HashCache, SeedFile, scan_seeds
from newsfacts.paths import Paths
from newsfacts.seed_listing import Listing, list_folder
from newsfacts.stages.declarations import stage_versions

SCAN_CACHE = "scan.json"
BUILD_FILE = "build.json"


def digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def current_version(paths: Paths) -> Path | None:
    """The published version folder (``current`` resolved), if any."""
    link = paths.warehouse_dir / "current"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def read_build(version: Path | None) -> dict[str, Any]:
    if version is None or not (version / BUILD_FILE).is_file():
        return {}
    loaded: dict[str, Any] = json.loads((version / BUILD_FILE).read_text(encoding="utf-8"))
    return loaded


def published_build(paths: Paths) -> dict[str, Any]:
    """What the published version was built from (empty before the first build)."""
    return read_build(current_version(paths))


def read_scan_cache(paths: Paths) -> HashCache:
    """What each seed file hashed to at the last scan (path -> size, mtime, sha256)."""
    path = paths.store_dir / SCAN_CACHE
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {k: (int(v[0]), int(v[1]), str(v[2])) for k, v in loaded.items()}


# The last scan, with the listing it was made from and what each file hashed to: a build
# asks whether anything changed, then scans again to build; the second scan of a folder
# whose listing did not change is answered from here, reading neither the files nor the
# scan cache again.
_LAST_SCAN: dict[Path, tuple[Listing, list[SeedFile], HashCache]] = {}
# The listing a caller made before starting a build in this process, with the version
# published then (``listed_for_build``).
_HANDED: dict[Path, tuple[Listing, Path | None]] = {}


@contextmanager
def listed_for_build(paths: Paths, listing: Listing) -> Iterator[None]:
    """While open, a build's scan of the seeds folder reads it as ``listing`` says,
    instead of listing it again, unless another build has published since.

    A command-line build lists the folder to tell whether anything changed, and
    tags its run and the ``seeds`` observation from that listing; its run then
    builds from the same listing, so the tag names exactly what was built. Listing
    20,000 files again took a sixth of a second. A file added while the run
    starts is left to the next build, as one added while a run reads the folder
    always was. A build that published while this one waited for the warehouse
    may have read a newer folder: the run then lists it again, so that it never
    publishes an older folder over a newer one. Closed, even by an error, the
    listing is forgotten: a later build in the same process lists the folder itself.
    """
    _HANDED[paths.seeds_dir] = (listing, current_version(paths))
    try:
        yield
    finally:
        _HANDED.pop(paths.seeds_dir, None)


def _handed_listing(paths: Paths) -> Listing | None:
    handed = _HANDED.get(paths.seeds_dir)
    if handed is None or handed[1] != current_version(paths):
        return None
    return handed[0]


def scan(paths: Paths, listing: Listing | None = None) -> tuple[list[SeedFile], HashCache]:
    """The seed files (``scan_seeds``, hashing only the files touched since the scan cache
    was saved) and what each hashed to, for the caller to save as the new scan cache.

    Remembered while no path below the folder changed. ``listing`` is the folder as the
    caller listed it, when it did (or handed it to the build: ``listed_for_build``).
    """
    seeds_dir = paths.seeds_dir
    if listing is None:
        listing = _handed_listing(paths) or list_folder(seeds_dir)
    last = _LAST_SCAN.get(seeds_dir)
    if last is not None and last[0] == listing:
        return list(last[1]), dict(last[2])
    known = read_scan_cache(paths)
    seeds = scan_seeds(seeds_dir, known, listing)
    _LAST_SCAN.clear()
    _LAST_SCAN[seeds_dir] = (listing, seeds, dict(known))
    return list(seeds), known


def seeds_fingerprint(seeds: Sequence[SeedFile]) -> str:
    """What a build reads of the seeds folder: every file's content, path and metadata."""
    return digest(sorted(seed.fingerprint for seed in seeds))


def up_to_date(paths: Paths, listing: Listing | None = None) -> dict[str, Any] | None:
    """The published build record, if building now would change nothing; else None.

    Same seeds (hashing only files touched since the last build), same stage
    versions: then a build would publish the same tables, and a caller can
    say so in a fraction of a second instead of starting a run. ``listing``
    is the seeds folder as the caller listed it, when it did.
    """
    record = published_build(paths)
    if not record or not paths.seeds_dir.is_dir():
        return None
    try:
        versions = stage_versions()
    except FileNotFoundError:  # a missing reference file: the build says which
        return None
    if record.get("stage_versions") != versions:
        return None
    seeds, _ = scan(paths, listing)
    return record if seeds_fingerprint(seeds) == record.get("seeds_fingerprint") else None
