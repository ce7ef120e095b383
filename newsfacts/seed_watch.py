"""A cheap fingerprint of the seeds folder, for the sensor.

The sensor runs every 30 seconds; hashing every file each time would not
scale, so it compares names, sizes and modification times and leaves content
hashing to the run, which recomputes only the files whose bytes changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsfacts.ingest import is_seed_candidate


def folder_fingerprint(seeds_dir: Path) -> str:
    """Changes when a file is added, removed, renamed, resized or touched."""
    digest = hashlib.sha256()
    if seeds_dir.is_dir():
        for path in sorted(p for p in seeds_dir.rglob("*") if is_seed_candidate(p)):
            stat = path.stat()
            digest.update(
                f"{path.relative_to(seeds_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:32]


def newest_seed(seeds_dir: Path) -> tuple[str, float] | None:
    """The most recently modified input file (relative path, mtime), if any."""
    if not seeds_dir.is_dir():
        return None
    files = [p for p in seeds_dir.rglob("*") if is_seed_candidate(p)]
    if not files:
        return None
    newest = max(files, key=lambda p: p.stat().st_mtime)
    return str(newest.relative_to(seeds_dir)), newest.stat().st_mtime
