"""A cheap fingerprint of the seeds folder, for the sensor.

The sensor runs every 30 seconds; hashing every file each time would not
scale, so it compares names, sizes and modification times and leaves content
hashing to the run, which recomputes only the files whose bytes changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from stat import S_ISREG

from newsfacts.ingest import is_candidate_name
from newsfacts.seed_listing import Listing, list_folder


@dataclass(frozen=True)
class FolderState:
    """The folder's fingerprint and its most recently modified file (relative path, mtime)."""

    fingerprint: str
    newest: tuple[str, float] | None


def folder_state(seeds_dir: Path, listing: Listing | None = None) -> FolderState:
    """Fingerprint and newest file from one listing (``listing``, when the caller has one
    already: a build lists the folder once for everything it asks of it)."""
    if listing is None:
        listing = list_folder(seeds_dir)
    found = sorted(
        [
            (entry.path, entry.size, entry.mtime_ns)
            for entry in listing.entries
            if S_ISREG(entry.mode) and is_candidate_name(entry.name)
        ]
    )
    text = "".join([f"{name}\0{size}\0{mtime_ns}\n" for name, size, mtime_ns in found])
    newest = max(found, key=itemgetter(2), default=None)
    return FolderState(
        hashlib.sha256(text.encode()).hexdigest()[:32],
        None if newest is None else (newest[0], newest[2] / 1e9),
    )


def folder_fingerprint(seeds_dir: Path) -> str:
    """Changes when a file is added, removed, renamed, resized or touched."""
    return folder_state(seeds_dir).fingerprint
