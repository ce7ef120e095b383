"""Seed files: discovery, companions, and reading each file into documents and rejects.

``scan_seeds`` lists the files of the seeds folder with what describes them
(sidecars, the folder's metadata table, the export column config); those
companions are never articles themselves. ``read_records`` reads one file
into its documents (one for a text or HTML file, many for an archive, an
export or a feed) through the readers of ``newsfacts.sources``.

A broken file or record must never stop the others, so every failure becomes
a ``Reject`` with a reason from the contract's closed set and a readable
detail instead of an exception. Links are never followed out of the folder.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, cast

from newsfacts.seed_listing import Entry, Listing, list_folder
from newsfacts.sources.detect import (
    SINGLE_DOCUMENT,
    content_format,
    name_format,
    unsupported_detail,
)
from newsfacts.sources.exports import (
    COLUMNS_FILE,
    ColumnConfigError,
    column_map,
    read_column_config,
    read_csv,
    read_jsonl,
    read_parquet,
)
from newsfacts.sources.feeds import read_feed
from newsfacts.sources.pages import read_document
from newsfacts.sources.records import Metadata, RawDocument, Reject
from newsfacts.sources.sidecars import (
    FOLDER_TABLES,
    FolderTable,
    MetadataError,
    read_folder_table,
    read_sidecar,
    sidecar_names,
)
from newsfacts.sources.text import SNIFF_BYTES, decode_bytes
from newsfacts.sources.warc import read_warc

__all__ = [
    "Copy",
    "HashCache",
    "RawDocument",
    "Reject",
    "SeedFile",
    "decode_bytes",
    "duplicate_detail",
    "find_copies",
    "max_bytes",
    "plain_text",
    "read_records",
    "read_seeds",
    "scan_seeds",
    "split_duplicates",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
EXPORT_FORMATS = frozenset({"jsonl", "csv", "parquet"})
_DESCRIBED_BY_TABLES = SINGLE_DOCUMENT | {None}  # formats by name a metadata table describes
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def max_bytes() -> int:
    """Size limit per document; ``NEWSFACTS_MAX_FILE_BYTES`` overrides the default 10 MiB.

    Text and HTML files and feeds are read whole, so the limit applies to the
    file (uncompressed); archives and exports are streamed and it applies to
    each record.
    """
    return int(os.environ.get("NEWSFACTS_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class SeedFile:
    """A file of the seeds folder, the hash of its bytes, and what describes it.

    ``companions`` are the sidecar, folder metadata table or export column
    config that this file's documents depend on; ``metadata`` is what they
    state about it. ``problems`` are rejects found while scanning (a malformed
    sidecar, a link out of the folder); a file that is no article (a broken
    metadata table listed only for its problems) has ``article=False``.
    """

    seeds_dir: Path
    source_path: str  # relative to ``seeds_dir``, parts joined by "/"
    size: int
    sha256: str
    companions: tuple[Path, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    problems: tuple[Reject, ...] = ()
    companion_digest: str = ""
    article: bool = True

    @cached_property
    def path(self) -> Path:
        """Where the file is; made when asked (by the few files a build reads): a path
        object for each of 20,000 files took a tenth of a second of every scan."""
        return self.seeds_dir / self.source_path

    @property
    def source_format(self) -> str | None:
        """The format the file's name announces (its content may still correct it)."""
        return name_format(self.source_path.rpartition("/")[2])[0]

    @cached_property
    def fingerprint(self) -> str:
        """Cache key of the file: changes with its path, bytes, or anything its companions say.

        Kept once computed: a build asks for it three or four times per file."""
        key = f"{self.source_path}\0{self.sha256}\0{self.companion_digest}"
        return hashlib.sha256(key.encode()).hexdigest()[:24]


def is_candidate_name(name: str) -> bool:
    """Hidden files and editor leftovers are not articles (the sensor watches the others)."""
    return not name.startswith(".") and not name.endswith("~")


def _scanned(entry: Entry) -> bool:
    """Whether a scan lists the path: outside hidden folders, a file (or link to one, or
    broken link) with a candidate name, or a link to a folder (listed, not entered)."""
    if entry.path.startswith(".") or "/." in entry.path:  # hidden, or in a hidden folder
        return False
    if entry.is_dir:
        return entry.link is not None
    return is_candidate_name(entry.name)


# What a file's bytes hashed to, keyed by its path, size and modification time: a rerun
# hashes only the files that were touched since.
HashCache = dict[str, tuple[int, int, str]]


def scan_seeds(
    seeds_dir: Path, known: HashCache | None = None, listing: Listing | None = None
) -> list[SeedFile]:
    """Every file below ``seeds_dir`` that may hold articles, hashed, in path order.

    Sidecars, folder metadata tables and export column configs are attached
    to the files they describe instead of being listed; a link leading out of
    the folder is listed with a reject and never read. ``known`` (path ->
    (size, mtime_ns, sha256)) spares rehashing unchanged files; it is updated
    in place with what was hashed. ``listing`` is the folder as the caller
    listed it, when it did (the scan lists it otherwise).
    """
    hashes: HashCache = {} if known is None else known
    if listing is None:
        listing = list_folder(seeds_dir)
    listed = [entry for entry in listing.entries if _scanned(entry)]
    outside = {
        e.path: e.link
        for e in listed
        if e.link is not None and not _inside(seeds_dir / e.path, listing)
    }
    inside = [e for e in listed if e.path not in outside]
    tables: dict[str, list[FolderTable]] = {}
    for entry in inside:
        if entry.name.lower() in FOLDER_TABLES:
            table = read_folder_table(seeds_dir / entry.path)
            tables.setdefault(entry.folder, []).append(table)
    configs = {e.folder: e.path for e in inside if e.name == COLUMNS_FILE}
    present = {e.path for e in inside}
    may_have_sidecars = any(e.name.lower().endswith(".json") for e in inside)
    sidecars = {e.path: _sidecar_of(e, present) if may_have_sidecars else None for e in inside}
    companions = {s for s in sidecars.values() if s is not None}
    described = _Describing(seeds_dir, tables, configs)
    seeds: list[SeedFile] = []
    for entry in listed:
        if entry.path in outside:
            seeds.append(_link_out(seeds_dir, entry.path, outside[entry.path]))
        elif entry.name.lower() in FOLDER_TABLES:
            path = seeds_dir / entry.path
            table = next(t for t in tables[entry.folder] if t.path == path)
            seeds.extend(_table_problems(seeds_dir, table, entry))
        elif entry.name == COLUMNS_FILE:
            seeds.extend(_config_problems(seeds_dir, entry))
        elif entry.path not in companions and entry.is_file:
            sha256 = _cached_sha256(seeds_dir, entry, hashes)
            seeds.append(_seed(entry, sha256, sidecars[entry.path], described))
    for gone in set(hashes) - {s.source_path for s in seeds}:
        del hashes[gone]
    return seeds


def _cached_sha256(seeds_dir: Path, entry: Entry, known: HashCache) -> str:
    cached = known.get(entry.path)
    if cached is not None and cached[:2] == (entry.size, entry.mtime_ns):
        return cached[2]
    digest = _sha256(seeds_dir / entry.path)
    known[entry.path] = (entry.size, entry.mtime_ns, digest)
    return digest


def _inside(path: Path, listing: Listing) -> bool:
    return path.resolve().is_relative_to(listing.resolved)


def _link_out(seeds_dir: Path, source_path: str, target: str) -> SeedFile:
    detail = f"a symbolic link to {target}, outside the seeds folder: not followed"
    reject = Reject(source_path, "unsupported_type", detail)
    digest = hashlib.sha256(target.encode()).hexdigest()
    return SeedFile(seeds_dir, source_path, 0, digest, problems=(reject,), article=False)


def _sidecar_of(entry: Entry, present: set[str]) -> str | None:
    """The path of the file's sidecar, if it has one."""
    if name_format(entry.name)[0] not in SINGLE_DOCUMENT:
        return None
    folder = entry.path[: len(entry.path) - len(entry.name)]
    candidates = (folder + name for name in sidecar_names(entry.name))
    return next((c for c in candidates if c in present and c != entry.path), None)


def _table_problems(seeds_dir: Path, table: FolderTable, entry: Entry) -> list[SeedFile]:
    """A metadata table is listed only when some of it could not be read (for its rejects)."""
    if not table.errors:
        return []
    problems = tuple(
        Reject(entry.path, "unparseable", e.detail, record=e.record) for e in table.errors
    )
    return [_problem_seed(seeds_dir, entry, problems)]


def _config_problems(seeds_dir: Path, entry: Entry) -> list[SeedFile]:
    try:
        read_column_config(seeds_dir / entry.path)
    except ColumnConfigError as error:
        reject = Reject(entry.path, "unparseable", f"{error}; the exports use the default columns")
        return [_problem_seed(seeds_dir, entry, (reject,))]
    return []


def _problem_seed(seeds_dir: Path, entry: Entry, problems: tuple[Reject, ...]) -> SeedFile:
    digest = _sha256(seeds_dir / entry.path)
    return SeedFile(seeds_dir, entry.path, entry.size, digest, problems=problems, article=False)


@dataclass(frozen=True)
class _Describing:
    """What describes the files of a folder: its metadata tables and column configs, read
    or found once per scan, by folder (relative to ``seeds_dir``)."""

    seeds_dir: Path
    tables: dict[str, list[FolderTable]]
    configs: dict[str, str]


def _seed(entry: Entry, sha256: str, sidecar: str | None, described: _Describing) -> SeedFile:
    seeds_dir = described.seeds_dir
    if sidecar is None and not described.tables and not described.configs:
        return SeedFile(seeds_dir, entry.path, entry.size, sha256)  # nothing can describe it
    by_name = name_format(entry.name)[0]
    companions: list[Path] = []
    digests: list[str] = []  # of the companions, in order
    metadata = Metadata()
    problems: list[Reject] = []
    if by_name in _DESCRIBED_BY_TABLES:
        for table, row in _table_rows(entry.path, described.tables):
            companions.append(table)
            metadata = row.over(metadata)
            digests.append(row.digest())
    if sidecar is not None:
        sidecar_path = seeds_dir / sidecar
        companions.append(sidecar_path)
        digests.append(_sha256(sidecar_path))
        try:
            metadata = read_sidecar(sidecar_path).over(metadata)
        except MetadataError as error:
            problems.append(Reject(sidecar, "unparseable", error.detail))
    config = described.configs.get(entry.folder)
    if config is not None and by_name in EXPORT_FORMATS:
        config_path = seeds_dir / config
        companions.append(config_path)
        digests.append(_sha256(config_path))
    companion_digest = hashlib.sha256("".join(digests).encode()).hexdigest()[:16] if digests else ""
    return SeedFile(
        seeds_dir,
        entry.path,
        entry.size,
        sha256,
        tuple(companions),
        metadata,
        tuple(problems),
        companion_digest,
    )


def _table_rows(path: str, tables: dict[str, list[FolderTable]]) -> Iterator[tuple[Path, Metadata]]:
    """The rows describing ``path`` in the metadata tables of its folder and the folders above.

    A row is keyed by the file's path relative to its table's folder; the
    nearest table wins, so rows are given farthest first.
    """
    parts = path.split("/")
    for depth in range(len(parts)):
        for table in tables.get("/".join(parts[:depth]), []):
            row = table.rows.get("/".join(parts[depth:]))
            if row is not None:
                yield table.path, row


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def split_duplicates(seeds: list[SeedFile]) -> tuple[list[SeedFile], list[Reject]]:
    """Keep the first file (in path order) of each set of byte-identical files.

    Empty files and files listed only for their problems are never duplicates
    of anything: each gets its own reject.
    """
    kept: dict[str, SeedFile] = {}
    rejects: list[Reject] = []
    for seed in seeds:
        if not seed.article or seed.size == 0:
            kept[seed.fingerprint] = seed
            continue
        first = kept.setdefault(seed.sha256, seed)
        if first is not seed:
            rejects.append(Reject(seed.source_path, "duplicate", first.source_path))
    return list(kept.values()), rejects


@dataclass(frozen=True)
class Copy:
    """A document of ``source_path`` whose bytes the document kept, in ``kept_path``, has."""

    doc_id: str
    source_path: str
    kept_path: str


def find_copies(files: Iterable[tuple[str, Sequence[str]]]) -> list[Copy]:
    """The documents that an earlier file already holds, given each file's doc_ids in order.

    The first document by path, then record order, is kept; the copies become
    ``duplicate`` rejects. (A file's own repeated records are rejected when it is read.)
    """
    kept: dict[str, str] = {}
    copies = []
    for source_path, doc_ids in sorted(files, key=lambda file: file[0]):
        for doc_id in doc_ids:
            first = kept.setdefault(doc_id, source_path)
            if first != source_path:
                copies.append(Copy(doc_id, source_path, first))
    return copies


def duplicate_detail(source_path: str, record: str | None) -> str:
    """How a duplicate reject names the document kept: its path, and its record in the file."""
    return f"{source_path} ({record})" if record else source_path


def duplicate_reject(document: RawDocument, first: RawDocument) -> Reject:
    """The reject of a document whose bytes an earlier document (file or record) already had."""
    detail = duplicate_detail(first.source_path, first.record)
    return Reject(document.source_path, "duplicate", detail, record=document.record)


class Records(Iterator[RawDocument | Reject]):
    """The documents and rejects of one seed file, read lazily.

    ``skipped`` counts the records that are not articles and are not errors
    either (requests and images in a web archive), by kind, once read.
    """

    def __init__(self, seed: SeedFile) -> None:
        self.seed = seed
        self.skipped: Counter[str] = Counter()
        self._items = self._generate()

    def __next__(self) -> RawDocument | Reject:
        return next(self._items)

    def _generate(self) -> Iterator[RawDocument | Reject]:
        yield from self.seed.problems
        if not self.seed.article:
            return
        seen: dict[str, RawDocument] = {}
        try:
            for item in _read(self.seed, self.skipped):
                if isinstance(item, RawDocument):
                    first = seen.setdefault(item.doc_id, item)
                    if first is not item:
                        item = duplicate_reject(item, first)  # a record the file already had
                yield item
        except Exception as error:  # one broken file must not stop the others
            yield Reject(self.seed.source_path, "other", f"{type(error).__name__}: {error}")


def read_records(seed: SeedFile) -> Records:
    """Read one seed file into its documents and rejects."""
    return Records(seed)


def _read(seed: SeedFile, skipped: Counter[str]) -> Iterator[RawDocument | Reject]:
    by_name, compressed, suffix = name_format(seed.path.name)
    path = seed.source_path
    if seed.size == 0:
        yield Reject(path, "empty", "the file has no bytes")
        return
    limit = max_bytes()
    if by_name == "warc":
        with seed.path.open("rb") as stream:
            yield from read_warc(stream, path, skipped, limit)
        return
    if by_name in EXPORT_FORMATS:
        yield from _read_export(seed, by_name, compressed, limit)
        return
    if not compressed and seed.size > limit:
        yield Reject(path, "too_large", f"{seed.size} bytes > limit of {limit} bytes")
        return
    try:
        data = _read_capped(seed.path, compressed, limit)
    except _GZIP_ERRORS as error:
        yield Reject(path, "unparseable", f"not valid gzip data: {error}")
        return
    if len(data) > limit:
        yield Reject(path, "too_large", f"more than {limit} bytes uncompressed")
        return
    if by_name == "feed":
        yield from read_feed(data, path)
        return
    detected = content_format(data[:SNIFF_BYTES], by_name, suffix)
    if detected is None:
        yield Reject(path, "unsupported_type", unsupported_detail(suffix, data[:SNIFF_BYTES]))
    elif detected == "warc":
        yield from read_warc(io.BytesIO(data), path, skipped, limit)
    else:
        yield read_document(data, path, detected, given=seed.metadata)


def _open(path: Path, compressed: bool) -> BinaryIO:
    if compressed:
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _read_capped(path: Path, compressed: bool, limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to tell a file over the limit, never a gzip bomb."""
    with _open(path, compressed) as stream:
        return stream.read(limit + 1)


def _read_export(
    seed: SeedFile, by_name: str, compressed: bool, limit: int
) -> Iterator[RawDocument | Reject]:
    config = next((c for c in seed.companions if c.name == COLUMNS_FILE), None)
    try:
        columns = column_map(config)
    except ColumnConfigError:
        columns = column_map(None)  # the config's own reject says why
    path = seed.source_path
    try:
        with _open(seed.path, compressed) as stream:
            if by_name == "jsonl":
                yield from read_jsonl(stream, path, columns, limit)
            elif by_name == "csv":
                yield from read_csv(stream, path, columns, limit)
            else:
                source = io.BytesIO(stream.read()) if compressed else stream
                yield from read_parquet(source, path, columns, limit)
    except _GZIP_ERRORS as error:
        yield Reject(path, "unparseable", f"not valid gzip data: {error}")


def plain_text(seed: SeedFile) -> str | None:
    """The decoded text of a plain-text seed within the size limit (None for other formats).

    Lines recurring across many such files are site chrome; reading them needs
    no cleanup, only the text.
    """
    by_name, compressed, _ = name_format(seed.path.name)
    if by_name != "text" or not seed.article or seed.size == 0:
        return None
    limit = max_bytes()
    try:
        data = _read_capped(seed.path, compressed, limit)
    except (OSError, *_GZIP_ERRORS):
        return None
    return decode_bytes(data) if len(data) <= limit else None


def read_seeds(seeds_dir: Path) -> Iterator[RawDocument | Reject]:
    """Stream every document of a folder, or why it was rejected, one file at a time."""
    kept, duplicates = split_duplicates(scan_seeds(seeds_dir))
    yield from duplicates
    seen: dict[str, RawDocument] = {}
    for seed in kept:
        for item in read_records(seed):
            if isinstance(item, RawDocument):
                first = seen.setdefault(item.doc_id, item)
                if first is not item:
                    yield duplicate_reject(item, first)
                    continue
            yield item
