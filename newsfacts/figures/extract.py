"""Build the ``figures`` rows of a document: one row per reported number.

Per sentence: find the numbers (numbers.py), read their qualifiers and
bounds (qualifiers.py), their noun and category (categorise.py), then their
place and source (context.py).

Policy on small words, so that the table counts things rather than grammar:
- "a"/"an" are never figures on their own ("a year ago", "a commander",
  "a series of"); "one" is kept only when it is qualified ("at least one")
  or counts a casualty, detention or displacement ("one soldier was
  killed"), and never in "one of" ("one of the five hostages": the five is
  the figure, the one picks a member of it) nor after a determiner or
  negation ("no one was hurt", "the one", "each one");
- durations are figures ("three days after", "30 years on", "48 hours");
- a range keeps its lower end as ``value`` (see qualifiers.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfacts.figures.categorise import Counted, categorise, noun_phrase
from newsfacts.figures.context import Sources, location
from newsfacts.figures.lexicon import lexicon
from newsfacts.figures.numbers import find_numbers
from newsfacts.figures.qualifiers import bounds, qualify
from newsfacts.figures.tokens import Token, tokenize
from newsfacts.model import CleanDocument

_COUNTS_ONE = frozenset({"killed", "injured", "detained", "displaced"})
_PERSON_CATEGORIES = frozenset({"people", "troops", "killed", "injured", "detained", "displaced"})


@dataclass(frozen=True)
class Figure:
    """One figure of a sentence; ``start``/``end`` are offsets into the sentence text."""

    start: int
    end: int
    surface: str
    value: float | None
    value_min: float | None
    value_max: float | None
    qualifier: str
    quantity_noun: str | None
    category: str
    location: str | None
    attributed_to: str | None


def sentence_figures(text: str) -> list[Figure]:
    """Every figure of one sentence, in text order."""
    if not lexicon().number_hint.search(text):
        return []
    tokens = tokenize(text)
    sources = Sources(tokens, text)
    figures: list[Figure] = []
    previous: Counted | None = None
    for number in find_numbers(tokens):
        qualified = qualify(tokens, number)
        phrase = noun_phrase(tokens, text, qualified)
        counted = categorise(tokens, qualified, phrase, previous)
        if not _counts(tokens, counted):
            continue
        previous = counted
        figures.append(_figure(tokens, text, counted, sources))
    return figures


def _counts(tokens: Sequence[Token], counted: Counted) -> bool:
    """Drop a "one" that only marks the singular (see the module policy)."""
    number = counted.qualified.number
    if not number.singular:
        return True
    if number.end < len(tokens) and tokens[number.end].lower == "of":
        return False
    if number.start > 0 and tokens[number.start - 1].lower in lexicon().one_blockers:
        return False
    if counted.qualified.qualifier != "exact":
        return True
    return counted.category in _COUNTS_ONE and _counts_a_person(counted)


def _counts_a_person(counted: Counted) -> bool:
    """ "one soldier was killed", "one was killed": a casualty; "a fire at one cafe
    that killed 25": the one counts a place, not the dead."""
    if counted.noun is None:
        return True
    head = counted.noun.split()[-1]
    nouns = lexicon().nouns
    return any(nouns.get((word,)) in _PERSON_CATEGORIES for word in (head, head + "s"))


def _figure(tokens: Sequence[Token], text: str, counted: Counted, sources: Sources) -> Figure:
    qualified = counted.qualified
    first = tokens[qualified.start]
    last = tokens[max(qualified.end, counted.phrase.end) - 1]
    value_min, value_max = bounds(qualified)
    return Figure(
        start=first.start,
        end=last.end,
        surface=text[first.start : last.end],
        value=qualified.number.value,
        value_min=value_min,
        value_max=value_max,
        qualifier=qualified.qualifier,
        quantity_noun=counted.noun,
        category=counted.category,
        location=location(tokens, text, max(qualified.end, counted.phrase.end)),
        attributed_to=sources.attributed_to(qualified.number.start),
    )


def extract_figures(doc: CleanDocument) -> list[dict[str, Any]]:
    """The ``figures`` rows of a document, numbered in text order."""
    rows: list[dict[str, Any]] = []
    for sentence in doc.sentences:
        for figure in sentence_figures(sentence.text):
            rows.append(
                {
                    "figure_id": f"{doc.doc_id}-f{len(rows) + 1}",
                    "doc_id": doc.doc_id,
                    "sentence_idx": sentence.sentence_idx,
                    "char_start": sentence.char_start + figure.start,
                    "char_end": sentence.char_start + figure.end,
                    "surface": figure.surface,
                    "value": figure.value,
                    "value_min": figure.value_min,
                    "value_max": figure.value_max,
                    "qualifier": figure.qualifier,
                    "quantity_noun": figure.quantity_noun,
                    "category": figure.category,
                    "location_name": figure.location,
                    "source_name": figure.attributed_to,
                    "event_id": None,
                }
            )
    return rows
