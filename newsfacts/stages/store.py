"""The cache of the per-document stages: a few Parquet files per batch, and a manifest.

A batch is the set of input files one task processed together; every
per-document stage keeps one Parquet file per table per batch
(``batches/<batch>/<table>.parquet``), so a corpus of thousands of articles
is a handful of files per batch instead of one file per document per table.
The manifest records, per input file, its fingerprint, its batch and its
documents, and per batch which version of each stage produced its files,
with each file's size and digest: a file that no longer matches (a disk
error, a hand edit, a half-written copy) is noticed when it is read and its
stage is recomputed for that batch instead of failing every run.

The manifest is rewritten atomically (new file, then rename), and batch files
are written under new names before the manifest points at them, so a crash
at any moment leaves either the old or the new state.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

MANIFEST = "manifest.json"


class CorruptCacheError(Exception):
    """A cache file that does not match what the manifest recorded."""


def file_digest(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_parquet_atomic(df: pl.DataFrame, path: Path) -> None:
    """Write next to the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    df.write_parquet(tmp)
    os.replace(tmp, path)


def write_bytes_atomic(data: bytes, path: Path) -> None:
    """Write next to the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_json_atomic(data: object, path: Path, indent: int | None = 1) -> None:
    text = json.dumps(data, indent=indent, sort_keys=True, default=str)
    write_bytes_atomic(text.encode("utf-8"), path)


@dataclass
class StoredFile:
    """One table file of a batch, as written; ``mtime_ns``: its modification time when
    written or last found intact (0: not known, e.g. a manifest of an older build)."""

    name: str
    rows: int
    size: int
    digest: str
    mtime_ns: int = 0


@dataclass
class BatchEntry:
    """What a batch holds: per stage, the version that computed it and its files."""

    versions: dict[str, str] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)


@dataclass
class FileEntry:
    """An input file of the seeds folder as last processed."""

    source_path: str
    fingerprint: str
    batch: str
    doc_ids: list[str]


class Store:
    """The per-document cache under ``root``; load with ``Store.open``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileEntry] = {}
        self.batches: dict[str, BatchEntry] = {}
        self.counter = 0

    @classmethod
    def open(cls, root: Path) -> Store:
        store = cls(root)
        path = root / MANIFEST
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            store.counter = int(data["counter"])
            store.files = {k: FileEntry(**v) for k, v in data["files"].items()}
            store.batches = {
                k: BatchEntry(
                    versions=dict(v["versions"]),
                    files={t: StoredFile(**f) for t, f in v["files"].items()},
                )
                for k, v in data["batches"].items()
            }
        return store

    def commit(self) -> None:
        """Write the manifest (atomically); files no batch refers to are then deleted."""
        data = {
            "counter": self.counter,
            "files": {k: vars(v) for k, v in sorted(self.files.items())},
            "batches": {
                k: {"versions": v.versions, "files": {t: vars(f) for t, f in v.files.items()}}
                for k, v in sorted(self.batches.items())
            },
        }
        # ``vars``, not ``dataclasses.asdict``: asdict deep-copies every value, which
        # made writing the manifest of a large corpus cost seconds.
        write_json_atomic(data, self.root / MANIFEST, indent=None)
        self._collect_garbage()

    def new_batch(self) -> str:
        self.counter += 1
        batch = f"b{self.counter:07d}"
        self.batches[batch] = BatchEntry()
        return batch

    def batch_dir(self, batch: str) -> Path:
        return self.root / "batches" / batch

    def doc_batches(self) -> dict[str, str]:
        """doc_id -> the batch holding it."""
        return {doc: entry.batch for entry in self.files.values() for doc in entry.doc_ids}

    # --- files of a batch -------------------------------------------------

    def write(
        self, batch: str, stage: str, version: str, frames: Mapping[str, pl.DataFrame]
    ) -> None:
        """Store a stage's tables for a batch (new file names; the old ones are collected)."""
        self.record(batch, stage, version, store_frames(self.batch_dir(batch), frames))

    def record(self, batch: str, stage: str, version: str, files: Mapping[str, StoredFile]) -> None:
        """Point a batch at files written elsewhere (by a worker) for one stage."""
        entry = self.batches[batch]
        entry.files.update(files)
        entry.versions[stage] = version

    def read(self, batch: str, table: str) -> pl.DataFrame:
        """A table of a batch (``CorruptCacheError`` if the file cannot be read)."""
        path = self.path(batch, table)
        try:
            return pl.read_parquet(path)
        except Exception as error:  # an unreadable file is a corrupt cache entry
            raise CorruptCacheError(f"{path}: {error}") from error

    def path(self, batch: str, table: str) -> Path:
        return self.batch_dir(batch) / self.batches[batch].files[table].name

    def intact(self, batch: str, table: str) -> bool:
        """Whether a batch's table file is there with the size and digest it was written with.

        A file whose size and modification time are those it had when written (or
        last found intact) is not read again: hashing every cached file made each
        run read the whole cache. Any write to it (a hand edit, a half-written
        copy) moves its modification time and has it hashed; a file that still
        cannot be read fails when read (``CorruptCacheError``).
        """
        stored = self.batches[batch].files.get(table)
        if stored is None:
            return False
        try:
            found = (self.batch_dir(batch) / stored.name).stat()
        except OSError:
            return False
        if found.st_size != stored.size:
            return False
        if stored.mtime_ns and found.st_mtime_ns == stored.mtime_ns:
            return True
        if file_digest(self.batch_dir(batch) / stored.name) != stored.digest:
            return False
        stored.mtime_ns = found.st_mtime_ns
        return True

    def has(self, batch: str, table: str) -> bool:
        return table in self.batches[batch].files

    def drop_batch(self, batch: str) -> None:
        self.batches.pop(batch, None)

    def _collect_garbage(self) -> None:
        """Delete batch folders and files the manifest no longer refers to."""
        root = self.root / "batches"
        if not root.is_dir():
            return
        for folder in root.iterdir():
            entry = self.batches.get(folder.name)
            if entry is None:
                shutil.rmtree(folder, ignore_errors=True)
                continue
            keep = {f.name for f in entry.files.values()}
            for path in folder.iterdir():
                if path.name not in keep:
                    path.unlink(missing_ok=True)


def store_frames(folder: Path, frames: Mapping[str, pl.DataFrame]) -> dict[str, StoredFile]:
    """Write each frame under a content-derived name; used by workers too."""
    folder.mkdir(parents=True, exist_ok=True)
    stored = {}
    for table, df in frames.items():
        tmp = folder / f".{table}.{os.getpid()}.tmp"
        df.write_parquet(tmp)
        digest = file_digest(tmp)
        name = f"{table}-{digest[:12]}.parquet"
        os.replace(tmp, folder / name)
        found = (folder / name).stat()
        stored[table] = StoredFile(name, df.height, found.st_size, digest, found.st_mtime_ns)
    return stored
