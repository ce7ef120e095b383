"""One walk of the seeds folder, shared by everything a build asks of it.

A build asks whether anything below the folder changed since the last scan,
fingerprints the folder for its run tag and the ``seeds`` observation, and
scans the files to hash. Each walking the folder on its own, with path objects
and a few ``stat`` calls per file, cost over a second on 20,000 files;
``list_folder`` stats every path once (``os.scandir`` entries, plain strings)
and keeps what all of them read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import NamedTuple


class Entry(NamedTuple):
    """One path below the folder as one ``stat`` saw it, following links (a broken link as
    itself); every field that changes when the path is edited, replaced or touched."""

    path: str  # relative to the folder, parts joined by "/"
    name: str  # the last part of the path
    link: str | None  # what a symbolic link says it leads to; None for other paths
    mode: int
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    device: int

    @property
    def folder(self) -> str:
        """The folder holding the path, relative to the listed one ("" for the listed one)."""
        return self.path.rpartition("/")[0]

    @property
    def is_dir(self) -> bool:
        return S_ISDIR(self.mode)

    @property
    def is_file(self) -> bool:
        return S_ISREG(self.mode)


@dataclass(frozen=True)
class Listing:
    """Every path below ``folder``, hidden ones too, in path order (a folder's paths right
    after it); links are listed, not entered. Two listings are equal when nothing below
    the folder changed between them, which is what a scan's result depends on."""

    folder: Path
    resolved: Path  # the folder with every link resolved: where "inside" ends
    entries: tuple[Entry, ...]


def list_folder(folder: Path) -> Listing:
    """List ``folder`` (nothing if it is missing or no folder); an unreadable subfolder is
    skipped, like ``os.walk`` does."""
    found: list[Entry] = []
    _list(os.fspath(folder), "", found)
    return Listing(folder, folder.resolve(), tuple(found))


_NAME = attrgetter("name")


def _list(folder: str, prefix: str, found: list[Entry]) -> None:
    try:
        with os.scandir(folder) as listed:
            entries = sorted(listed, key=_NAME)
    except OSError:
        return
    for entry in entries:
        seen = _entry(entry, prefix + entry.name)
        if seen is None:
            continue
        found.append(seen)
        if seen.link is None and S_ISDIR(seen.mode):
            _list(entry.path, seen.path + "/", found)


def _entry(entry: os.DirEntry[str], path: str) -> Entry | None:
    """The entry's one ``stat`` (a broken link's own when what it leads to is missing);
    None when the path was removed since its folder was read."""
    try:
        link = os.readlink(entry.path) if entry.is_symlink() else None
        try:
            seen = entry.stat()
        except OSError:
            seen = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return Entry(
        path, entry.name, link, seen.st_mode, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns,
        seen.st_ino, seen.st_dev,
    )  # fmt: skip
