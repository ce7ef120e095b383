"""Sentence splitting with exact character offsets into the clean text.

General-purpose splitters were tried and rejected: pysbd took minutes on a
2 MB paragraph (its regexes backtrack), and we need offsets that index the
clean text exactly. This splitter looks only at candidate boundaries (a stop,
optional closing quotes, white space, then a capital, digit or opening quote; or
a stop glued between a lower-case word and a capitalised one)
and vetoes those after abbreviations from ``data/reference/abbreviations.yaml``,
so it stays linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from newsfacts.model import Sentence
from newsfacts.reference import load_yaml

# A stop before white space and a capital, or a stop that lost its space between
# two words ("on Friday.Two men were hurt"); the latter only after a lower-case word,
# so "U.S.Army" or "St.Louis" stay whole.
_CANDIDATE = re.compile(
    r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])|(?<=[a-z]{2})[.!?](?=[A-Z][a-z]+\b)"
)
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"(?:^|[\s(“\"'])[A-Z]\.$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]?([\w’'-]+)")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]*)*")


@dataclass(frozen=True)
class _Lexicon:
    titles: frozenset[str]
    months: frozenset[str]
    openers: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    data = load_yaml("abbreviations.yaml")
    return _Lexicon(
        frozenset(data["titles"]), frozenset(data["months"]), frozenset(data["sentence_openers"])
    )


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if text[match.start()] != ".":
        return True
    window = text[max(0, match.start() - 40) : match.start() + 1]
    token = _TOKEN_BEFORE.search(window)
    word = token.group(1) if token else ""
    bare = word.lstrip("(“\"'‘").rstrip(".")
    lex = _lexicon()
    nxt = _NEXT_WORD.match(text, match.end())
    following = nxt.group(1) if nxt else ""
    if bare in lex.titles or _INITIAL.search(window):
        return False
    if bare in lex.months and following[:1].isdigit():
        return False
    if _DOTTED_ACRONYM.search(word):
        return following in lex.openers
    return True


def _skip_space(text: str, cursor: int, end: int) -> int:
    while cursor < end and text[cursor].isspace():
        cursor += 1
    return cursor


def _split_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cursor = _skip_space(text, start, end)
    for match in _CANDIDATE.finditer(text, cursor, end):
        if _is_boundary(text, match):
            yield cursor, match.end()
            cursor = _skip_space(text, match.end(), end)
    if cursor < end:
        yield cursor, end


def split_sentences(doc_id: str, clean_text: str) -> list[Sentence]:
    """Sentences of a clean text whose paragraphs are separated by blank lines."""
    sentences: list[Sentence] = []
    for paragraph_idx, paragraph in enumerate(_PARAGRAPH.finditer(clean_text)):
        for start, end in _split_paragraph(clean_text, paragraph.start(), paragraph.end()):
            stripped_end = len(clean_text[start:end].rstrip()) + start
            if stripped_end > start:
                sentences.append(
                    Sentence(
                        doc_id=doc_id,
                        sentence_idx=len(sentences),
                        paragraph_idx=paragraph_idx,
                        char_start=start,
                        char_end=stripped_end,
                        text=clean_text[start:stripped_end],
                    )
                )
    return sentences
