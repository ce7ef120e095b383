"""HTML pages to article text and metadata, through trafilatura.

Settings, measured side by side on the 181 pages of the article-extraction
benchmark (``python -m newsfacts.html_benchmark``): trafilatura's default keeps
reader comments and loose blocks around the article; ``favor_precision`` with
comments left out scores best on the body while keeping recall.

libxml2 stops parsing an HTML document nested deeper than 256 elements, which
leaves trafilatura an empty page; such a page is retried once with the excess
nesting removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from newsfacts.sources.fragments import PARAGRAPH_BLOCKS
from newsfacts.sources.records import METADATA, Metadata

EXTRACTION_SETTINGS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
}
# libxml2 gives up on HTML nested more than 256 elements deep. Wrappers past
# MAX_NESTING are unwrapped; paragraphs, headings and list items stay (up to
# MAX_BLOCK_NESTING) so the text keeps its paragraph breaks.
MAX_NESTING = 200
MAX_BLOCK_NESTING = 250
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Extracted:
    """The article text of a page (title first) and the metadata the page states."""

    text: str
    metadata: Metadata


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>`` or http-equiv)."""
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        "".encode(name)
    except LookupError:
        return None
    return name


def extract_html(html: str) -> Extracted | None:
    """Main text and metadata of a page, or None when it holds no article text."""
    document = _bare(html)
    if document is None:
        flattened = flatten_nesting(html, MAX_NESTING)
        if flattened is not None:
            document = _bare(flattened)
    if document is None:
        return None
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = (meta.get("text") or "").strip()
    if not text:
        return None
    title = meta.get("title")
    body = f"{title}\n\n{text}" if title and not text.startswith(title) else text
    fields = {
        "url": meta.get("url"),
        "title": title,
        "author": meta.get("author"),
        "outlet": meta.get("sitename") or meta.get("hostname"),
        "published": meta.get("date"),
        "language": meta.get("language"),
    }
    return Extracted(body, Metadata.of(METADATA, fields))


def _bare(html: str) -> Any:
    # Imported here, not at the top: trafilatura and its helpers take a tenth of a second
    # to load, which a build with no HTML page to read should not pay.
    import trafilatura

    return trafilatura.bare_extraction(html, **EXTRACTION_SETTINGS)


# Elements that never have content or an end tag.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


class _NestingLimiter(HTMLParser):
    """Copies markup through, dropping the start and end tags of elements nested too deep.

    Their content stays, so the text of a page wrapped in thousands of ``<div>``
    layers survives as the text of the innermost kept element.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []
        self.depth = 0
        self.dropped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if tag in _VOID:
            self.out.append(raw)
            return
        keep = self.depth < self.limit or (
            tag in PARAGRAPH_BLOCKS and self.depth < MAX_BLOCK_NESTING
        )
        self.open.append((tag, keep))
        if keep:
            self.depth += 1
            self.out.append(raw)
        else:
            self.dropped += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        index = next((i for i in range(len(self.open) - 1, -1, -1) if self.open[i][0] == tag), None)
        if index is None:
            return
        for _, kept in self.open[index + 1 :]:
            self.depth -= kept
        kept = self.open[index][1]
        del self.open[index:]
        if kept:
            self.depth -= 1
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def flatten_nesting(html: str, limit: int) -> str | None:
    """``html`` with every element deeper than ``limit`` unwrapped, or None if none is."""
    limiter = _NestingLimiter(limit)
    limiter.feed(html)
    limiter.close()
    return "".join(limiter.out) if limiter.dropped else None
