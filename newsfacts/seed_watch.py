"""A cheap fingerprint of the seeds folder, for the sensor.

The sensor runs every 30 seconds; hashing every file each time would not
scale, so it compares names, sizes and modification times and leaves content
hashing to the run, which recomputes only the files whose bytes changed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from newsfacts.ingest import is_candidate_name


@dataclass(frozen=True)
class FolderState:
    """The folder's fingerprint and its most recently modified file (relative path, mtime)."""

    fingerprint: str
    newest: tuple[str, float] | None


def folder_state(seeds_dir: Path) -> FolderState:
    """Fingerprint and newest file from one listing: a folder of 20,000 files takes a
    second to list, and a build wants both."""
    found = _candidates(seeds_dir)
    digest = hashlib.sha256()
    for name, size, mtime_ns in found:
        digest.update(f"{name}\0{size}\0{mtime_ns}\n".encode())
    newest = max(found, key=lambda entry: entry[2], default=None)
    return FolderState(
        digest.hexdigest()[:32], None if newest is None else (newest[0], newest[2] / 1e9)
    )


def folder_fingerprint(seeds_dir: Path) -> str:
    """Changes when a file is added, removed, renamed, resized or touched."""
    return folder_state(seeds_dir).fingerprint


def _candidates(seeds_dir: Path) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime in ns) of every candidate input file, in path order.

    Plain ``os`` calls on strings: the sensor and every build list the folder,
    and path objects made that cost seconds for a large corpus.
    """
    if not seeds_dir.is_dir():
        return []
    root = str(seeds_dir)
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in files:
            if not is_candidate_name(name):
                continue
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            if S_ISREG(stat.st_mode):
                relative = os.path.relpath(path, root).replace(os.sep, "/")
                found.append((relative, stat.st_size, stat.st_mtime_ns))
    return sorted(found)
