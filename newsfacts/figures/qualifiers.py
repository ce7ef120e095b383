"""Qualifiers ("more than", "nearly", "or more") and the bounds they imply.

Bounds follow the data contract: exact -> min = max = value; approximately ->
no bounds (the true figure may lie on either side); at_least / more_than ->
min = value (more_than is exclusive, the reader of the table knows it from
the qualifier); at_most / fewer_than / nearly -> max = value; range -> the
two ends as written; vague -> the conventional minimum of the vague word.
A range keeps its lower end as ``value`` (the conservative reading, as for
casualty counts). A vague quantity stays vague whatever qualifies it ("at
least dozens" has no stated number).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsfacts.figures.lexicon import lexicon
from newsfacts.figures.numbers import Number
from newsfacts.figures.tokens import Token, match_at, match_before

_ARTICLES = frozenset({"a", "an"})


@dataclass(frozen=True)
class Qualified:
    """A number with its qualifier; ``start``/``end`` widen the span over the qualifier words."""

    number: Number
    qualifier: str
    start: int
    end: int


def qualify(tokens: Sequence[Token], number: Number) -> Qualified:
    """Read the qualifier written around ``number``."""
    lex = lexicon()
    at = number.start
    if at > 0 and tokens[at - 1].lower in _ARTICLES and not number.is_vague:
        at -= 1  # "up to a $250,000 fine"
    before = match_before(tokens, at, lex.before)
    if before is not None and _after_particle_verb(tokens, at - len(before), lex.particle_verbs):
        before = None  # "handed over $100": a verb's particle, no qualifier
    start = at - len(before) if before else number.start
    after = match_at(tokens, number.end, lex.after)
    end = number.end + len(after) if after else number.end
    if number.is_vague:
        return Qualified(number, "vague", start, end)
    if number.is_range:
        return Qualified(number, "range", start, end)
    if before is not None:
        return Qualified(number, lex.before[before], start, end)
    if after is not None:
        return Qualified(number, lex.after[after], start, end)
    return Qualified(number, "exact", start, end)


def _after_particle_verb(tokens: Sequence[Token], k: int, verbs: frozenset[str]) -> bool:
    return k > 0 and tokens[k - 1].lower in verbs


def bounds(qualified: Qualified) -> tuple[float | None, float | None]:
    """``(value_min, value_max)`` implied by the qualifier, per the contract."""
    number, qualifier = qualified.number, qualified.qualifier
    value = number.value
    if qualifier == "vague":
        return number.vague_min, None
    if qualifier == "range":
        return number.low, number.high
    if qualifier == "exact":
        return value, value
    if qualifier in {"at_least", "more_than"}:
        return value, None
    if qualifier in {"at_most", "fewer_than", "nearly"}:
        return None, value
    return None, None
