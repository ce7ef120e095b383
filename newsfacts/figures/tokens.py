"""Word-level tokens with character offsets, the unit every figure rule works on.

The figure rules look at a few neighbouring words at a time, so a single
linear pass that splits a sentence into numbers, words and punctuation is
enough; no pattern here can backtrack over its input (each alternative
consumes a distinct character class), so very long paragraphs stay linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Digits with internal separators ("2,500", "1.5"), a word with an optional
# apostrophe part ("Iraq's"), or any other single character.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\S")


@dataclass(frozen=True)
class Token:
    """One token; ``start``/``end`` are offsets into the tokenised string."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, keeping offsets so spans map back to the text."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def touching(left: Token, right: Token) -> bool:
    """True when no space separates two tokens ("$" + "3", "four" + "-")."""
    return left.end == right.start


Phrase = tuple[str, ...]


def phrase_key(text: str) -> Phrase:
    """Lower-case token tuple of a lexicon phrase, tokenised like the text it must match."""
    return tuple(t.lower for t in tokenize(text))


def phrase_table(groups: Mapping[str, Iterable[str]]) -> dict[Phrase, str]:
    """Map every phrase of every group to its group name."""
    return {phrase_key(p): name for name, phrases in groups.items() for p in phrases}


def match_at(tokens: Sequence[Token], i: int, table: Mapping[Phrase, Any]) -> Phrase | None:
    """The longest phrase of ``table`` that starts at token ``i``."""
    longest = max((len(p) for p in table), default=0)
    for size in range(min(longest, len(tokens) - i), 0, -1):
        key = tuple(t.lower for t in tokens[i : i + size])
        if key in table:
            return key
    return None


def match_before(tokens: Sequence[Token], i: int, table: Mapping[Phrase, Any]) -> Phrase | None:
    """The longest phrase of ``table`` that ends just before token ``i``."""
    longest = max((len(p) for p in table), default=0)
    for size in range(min(longest, i), 0, -1):
        key = tuple(t.lower for t in tokens[i - size : i])
        if key in table:
            return key
    return None
