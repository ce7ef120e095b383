"""Article text held as an HTML fragment (feed entries, export columns) to plain paragraphs."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_MARKUP = re.compile(
    r"</?(?:p|div|br|span|a|li|ul|ol|h[1-6]|em|strong|b|i|img|blockquote|figure|table)\b[^>]*>",
    re.IGNORECASE,
)
# Elements that hold a paragraph of text (or a list or table of them).
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TABLES = ("table", "tr", "td", "th")
PARAGRAPH_BLOCKS = frozenset(
    (
        "p",
        *_HEADINGS,
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "figcaption",
        *_TABLES,
    )
)
# Elements that end a paragraph without holding one themselves.
_BREAKS = frozenset(("div", "br", "section", "article", "header", "footer", "figure"))
_DROPPED = ("script", "style", "noscript", "iframe")
_BREAK = "\n\n"


def looks_like_markup(text: str) -> bool:
    """Whether a text field holds HTML rather than plain text."""
    return _MARKUP.search(text) is not None


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, inline markup dropped."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in PARAGRAPH_BLOCKS | _BREAKS:
            element.text = _BREAK + (element.text or "")
            element.tail = _BREAK + (element.tail or "")
    paragraphs = (" ".join(part.split()) for part in root.text_content().split(_BREAK))
    return _BREAK.join(p for p in paragraphs if p)
