"""The input type of a seed file, by its name first and its content second.

The name says which reader to try (``.warc.gz`` is a compressed web archive);
the content confirms it: a ``.txt`` holding a web page is read as HTML, a file
without a telling name is read when its content is text, a page or an
archive, and anything else (a PDF, an image, a ``.docx``) is rejected as
``unsupported_type`` with what it seems to be.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from newsfacts.sources.pages import looks_like_html
from newsfacts.sources.text import looks_binary, non_article_kind

SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
SINGLE_DOCUMENT = frozenset({"text", "html"})
COMPRESSED_SUFFIX = ".gz"
_WARC_MAGIC = b"WARC/"
_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}")


def name_format(name: str) -> tuple[str | None, bool, str]:
    """(format by name or None, gzip-compressed?, the telling suffix) of a file name.

    Plain string operations with ``PurePath``'s rule for a suffix (tested
    against it): every build asks this of every file in the folder, and path
    objects made it a second per 20,000 files."""
    name = name.lower()
    compressed = _name_suffix(name) == COMPRESSED_SUFFIX
    if compressed:
        name = name[: -len(COMPRESSED_SUFFIX)]
    suffix = _name_suffix(name)
    suffix = suffix if _SUFFIX.fullmatch(suffix) else ""
    return SUFFIX_FORMATS.get(suffix), compressed, suffix


def _name_suffix(name: str) -> str:
    """``PurePath(name).suffix`` of one file name: from its last dot, unless the name
    starts or ends there."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def article_stem(name: str) -> str:
    """The name without its format suffixes: ``a.txt.gz`` -> ``a`` (sidecars are named after it)."""
    path = PurePath(name)
    if path.suffix.lower() == COMPRESSED_SUFFIX:
        path = path.with_suffix("")
    return path.stem if path.suffix.lower() in SUFFIX_FORMATS else path.name


def has_suffix(name: str) -> bool:
    """Whether the name ends in a file-type suffix at all ("2024.05 report" does not)."""
    return _SUFFIX.fullmatch(PurePath(name).suffix) is not None


def content_format(head: bytes, by_name: str | None, suffix: str) -> str | None:
    """The format to read, given the first bytes of the (decompressed) content.

    A single-document file is read as HTML when its content is a page, and as
    text when a ``.html`` file holds no markup at all. A file
    whose name has no suffix is read when its content is a page, an archive or
    plain text; one with a suffix we do not read (``.pdf``, ``.docx``, ``.json``)
    is not, whatever its content.
    """
    if by_name is not None and by_name not in SINGLE_DOCUMENT:
        return by_name
    if by_name is None and suffix:
        return None
    if looks_like_html(head):
        return "html"
    if by_name == "html" and b"<" not in head:
        return "text"  # a page saved as plain text: no markup to extract from
    if by_name is None and head.startswith(_WARC_MAGIC):
        return "warc"
    if by_name is None and (looks_binary(head) or non_article_kind(head)):
        return None
    return by_name or "text"


def unsupported_detail(suffix: str, head: bytes) -> str:
    """Why a file is not read, naming what its content seems to be."""
    kind = non_article_kind(head) or ("binary data" if looks_binary(head) else "text")
    named = f"'{suffix}' files are not read" if suffix else "the name has no known suffix"
    return f"{named} and the content is {kind}"
