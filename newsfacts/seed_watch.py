"""A cheap fingerprint of the seeds folder, for the sensor.

The sensor runs every 30 seconds; hashing every file each time would not
scale, so it compares names, sizes and modification times and leaves content
hashing to the run, which recomputes only the files whose bytes changed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG


def folder_fingerprint(seeds_dir: Path) -> str:
    """Changes when a file is added, removed, renamed, resized or touched."""
    digest = hashlib.sha256()
    for name, size, mtime_ns in _candidates(seeds_dir):
        digest.update(f"{name}\0{size}\0{mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def newest_seed(seeds_dir: Path) -> tuple[str, float] | None:
    """The most recently modified input file (relative path, mtime), if any."""
    newest = max(_candidates(seeds_dir), key=lambda found: found[2], default=None)
    return None if newest is None else (newest[0], newest[2] / 1e9)


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
            if name.startswith(".") or name.endswith("~"):
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
