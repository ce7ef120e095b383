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
from typing import TypeVar

from newsfacts.model import DIGIT_GROUP_SPACE

# Digits with internal separators ("3,400", "1.5", "3 400" with the narrow
# no-break space cleanup keeps between digit groups), a word with an optional
# apostrophe part ("Mali's"), or any other single character.
_TOKEN = re.compile(rf"\d+(?:[.,{DIGIT_GROUP_SPACE}]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?|\S")


@dataclass(slots=True)
class Token:
    """One token; ``start``/``end`` are offsets into the tokenised string.

    Not frozen, but never changed after tokenising: a long paragraph holds
    millions of tokens and a frozen dataclass is several times slower to build.
    """

    text: str
    start: int
    end: int
    lower: str

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
    return [
        Token(word, m.start(), m.end(), word.lower())
        for m in _TOKEN.finditer(text)
        for word in (m.group(),)
    ]


def token_words(text: str) -> set[str]:
    """The distinct lower-cased tokens of ``text``, without building a token per word:
    what document-wide cue counts need, in memory bounded by the vocabulary."""
    return {m.group().lower() for m in _TOKEN.finditer(text)}


def touching(left: Token, right: Token) -> bool:
    """True when no space separates two tokens ("$" + "3", "four" + "-")."""
    return left.end == right.start


Phrase = tuple[str, ...]
V = TypeVar("V")


class PhraseTable(dict[Phrase, V]):
    """Lexicon phrases (lower-case token tuples) with the length of the longest one.

    Knowing the longest phrase bounds every lookup to a few dictionary probes,
    which keeps the matchers linear in the text.
    """

    def __init__(self, items: Iterable[tuple[Phrase, V]]) -> None:
        super().__init__(items)
        self.longest = max((len(p) for p in self), default=0)
        self.firsts = frozenset(p[0] for p in self if p)
        self.lasts = frozenset(p[-1] for p in self if p)


def phrase_key(text: str) -> Phrase:
    """Lower-case token tuple of a lexicon phrase, tokenised like the text it must match."""
    return tuple(t.lower for t in tokenize(text))


def phrase_table(groups: Mapping[str, Iterable[str]]) -> PhraseTable[str]:
    """Map every phrase of every group to its group name."""
    return PhraseTable((phrase_key(p), name) for name, phrases in groups.items() for p in phrases)


def match_at(tokens: Sequence[Token], i: int, table: PhraseTable[V]) -> Phrase | None:
    """The longest phrase of ``table`` that starts at token ``i``."""
    if i >= len(tokens) or tokens[i].lower not in table.firsts:
        return None
    for size in range(min(table.longest, len(tokens) - i), 0, -1):
        key = tuple(t.lower for t in tokens[i : i + size])
        if key in table:
            return key
    return None


def match_before(tokens: Sequence[Token], i: int, table: PhraseTable[V]) -> Phrase | None:
    """The longest phrase of ``table`` that ends just before token ``i``."""
    if i < 1 or tokens[i - 1].lower not in table.lasts:
        return None
    for size in range(min(table.longest, i), 0, -1):
        key = tuple(t.lower for t in tokens[i - size : i])
        if key in table:
            return key
    return None
