"""Reading seed files: discovery, decoding, HTML extraction and rejection.

A broken file must never stop the others, so every failure becomes a
``Reject`` with a reason from the contract's closed set and a readable detail
instead of an exception.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import trafilatura

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
BINARY_CONTROL_RATIO = 0.05
UNDECODABLE_RATIO = 0.01
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v")


@dataclass(frozen=True)
class SeedFile:
    """A file of the seeds folder with the hash that identifies its content."""

    path: Path
    source_path: str
    size: int
    sha256: str

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]

    @property
    def source_format(self) -> str:
        return "html" if self.path.suffix.lower() in HTML_SUFFIXES else "text"


@dataclass(frozen=True)
class RawDocument:
    """Decoded article text plus whatever metadata the source carried."""

    seed: SeedFile
    text: str
    raw_chars: int
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Reject:
    """A seed file that could not be processed, with a contract reason."""

    source_path: str
    reason: str
    detail: str
    stage: str | None = None
    record: str | None = None


def max_bytes() -> int:
    """Size limit per file; ``NEWSFACTS_MAX_FILE_BYTES`` overrides the default 10 MiB."""
    return int(os.environ.get("NEWSFACTS_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))


def is_seed_candidate(path: Path) -> bool:
    """Hidden files and editor leftovers are not articles."""
    name = path.name
    return path.is_file() and not name.startswith(".") and not name.endswith("~")


# What a file's bytes hashed to, keyed by its path, size and modification time: a rerun
# hashes only the files that were touched since.
HashCache = dict[str, tuple[int, int, str]]


def scan_seeds(seeds_dir: Path, known: HashCache | None = None) -> list[SeedFile]:
    """Every candidate file below ``seeds_dir``, hashed, in path order.

    ``known`` (path -> (size, mtime_ns, sha256)) spares rehashing unchanged
    files; it is updated in place with what was hashed.
    """
    files = sorted(p for p in seeds_dir.rglob("*") if is_seed_candidate(p))
    if known is None:
        return [_hash_file(p, seeds_dir) for p in files]
    seeds = []
    for path in files:
        stat = path.stat()
        source_path = path.relative_to(seeds_dir).as_posix()
        cached = known.get(source_path)
        if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
            seeds.append(SeedFile(path, source_path, stat.st_size, cached[2]))
            continue
        seed = _hash_file(path, seeds_dir)
        known[source_path] = (seed.size, stat.st_mtime_ns, seed.sha256)
        seeds.append(seed)
    for gone in set(known) - {s.source_path for s in seeds}:
        del known[gone]
    return seeds


def _hash_file(path: Path, root: Path) -> SeedFile:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return SeedFile(path, path.relative_to(root).as_posix(), size, digest.hexdigest())


def split_duplicates(seeds: list[SeedFile]) -> tuple[list[SeedFile], list[Reject]]:
    """Keep the first file (in path order) of each set of byte-identical files."""
    kept: dict[str, SeedFile] = {}
    rejects: list[Reject] = []
    for seed in seeds:
        first = kept.get(seed.sha256)
        if first is None:
            kept[seed.sha256] = seed
        elif seed.size > 0:
            rejects.append(Reject(seed.source_path, "duplicate", first.source_path))
        else:
            kept[seed.sha256 + seed.source_path] = seed
    return list(kept.values()), rejects


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode a stray byte of a mostly-UTF-8 file as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="replace"), error.start + 1


codecs.register_error("newsfacts-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with BOM) or UTF-16 with BOM; stray legacy bytes read as cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="newsfacts-cp1252")


def _looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[: 1 << 16]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in _ALLOWED_CONTROLS)
    return controls > BINARY_CONTROL_RATIO * len(sample)


def read_seed(seed: SeedFile) -> RawDocument | Reject:
    """Decode one seed file, or say why it cannot be used."""
    try:
        return _read_checked(seed)
    except Exception as error:  # one broken file must not stop the others
        return Reject(seed.source_path, "other", f"{type(error).__name__}: {error}")


def _read_checked(seed: SeedFile) -> RawDocument | Reject:
    if seed.size == 0:
        return Reject(seed.source_path, "empty", "the file has no bytes")
    limit = max_bytes()
    if seed.size > limit:
        return Reject(seed.source_path, "too_large", f"{seed.size} bytes > limit of {limit} bytes")
    data = seed.path.read_bytes()
    if _looks_binary(data):
        return Reject(seed.source_path, "binary", "NUL or control bytes: not a text or HTML file")
    try:
        text = decode_bytes(data)
    except UnicodeDecodeError as error:
        return Reject(seed.source_path, "undecodable", str(error))
    if text.count("\ufffd") > UNDECODABLE_RATIO * len(text):
        return Reject(
            seed.source_path, "undecodable", "too many bytes not valid in UTF-8 or cp1252"
        )
    if not text.strip():
        return Reject(seed.source_path, "empty", "the file holds only white space")
    if seed.source_format == "html":
        return _from_html(seed, text)
    return RawDocument(seed=seed, text=text, raw_chars=len(text))


def _from_html(seed: SeedFile, html: str) -> RawDocument | Reject:
    """Main text and metadata of an HTML page, via trafilatura."""
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return Reject(seed.source_path, "unparseable", "trafilatura found no article text")
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = meta.get("text") or ""
    if not text.strip():
        return Reject(seed.source_path, "unparseable", "the page has no main text")
    title = meta.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    return RawDocument(
        seed=seed,
        text=body,
        raw_chars=len(html),
        title=title or None,
        author=meta.get("author") or None,
        outlet=meta.get("sitename") or meta.get("hostname") or None,
        published=_iso_date(meta.get("date")),
        language=meta.get("language") or None,
    )


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_seeds(seeds_dir: Path) -> Iterator[RawDocument | Reject]:
    """Stream every seed as a document or a reject, one file in memory at a time."""
    kept, duplicates = split_duplicates(scan_seeds(seeds_dir))
    yield from duplicates
    for seed in kept:
        yield read_seed(seed)
