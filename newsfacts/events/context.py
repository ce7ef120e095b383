"""A sentence as the event rules see it: tokens plus the names found in it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from newsfacts.figures.tokens import Token, tokenize
from newsfacts.model import Mention, Sentence

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Name:
    """A mention mapped onto the sentence tokens ``[first, last)``."""

    first: int
    last: int
    mention: Mention

    @property
    def is_place(self) -> bool:
        return self.mention.entity_type in PLACE_TYPES


@dataclass(frozen=True)
class SentenceContext:
    """``trigger_tokens`` is filled once triggers are found, so that participant
    rules can stop at another event's words."""

    sentence: Sentence
    tokens: list[Token]
    names: list[Name]
    trigger_tokens: set[int] = field(default_factory=set)

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _ends(self) -> list[int]:
        return [t.end for t in self.tokens]

    def token_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Token indices ``[first, last)`` covering sentence characters ``[start, end)``."""
        first = bisect_right(self._ends, start)
        last = bisect_left(self._starts, end)
        return (first, last) if first < last else None

    @cached_property
    def _by_last(self) -> dict[int, Name]:
        return {n.last: n for n in reversed(self.names)}

    @cached_property
    def _by_first(self) -> dict[int, Name]:
        return {n.first: n for n in reversed(self.names)}

    def name_ending_at(self, last: int) -> Name | None:
        return self._by_last.get(last)

    def name_starting_at(self, first: int) -> Name | None:
        return self._by_first.get(first)


def sentence_context(sentence: Sentence, mentions: Sequence[Mention]) -> SentenceContext:
    """Tokens of the sentence and its mentions as token spans (offsets made sentence-relative)."""
    context = SentenceContext(sentence, tokenize(sentence.text), [])
    for mention in mentions:
        if mention.sentence_idx != sentence.sentence_idx:
            continue
        span = context.token_span(
            mention.char_start - sentence.char_start, mention.char_end - sentence.char_start
        )
        if span is not None:
            context.names.append(Name(span[0], span[1], mention))
    context.names.sort(key=lambda n: n.first)
    return context
