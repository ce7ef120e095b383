"""Fatalities and injuries of an attack, from the figures reported with it.

Counts come from killed/injured figures in the sentence of the attack, each
linked to the nearest attack mention. The count is a conservative lower bound
as in ACLED: the figure's minimum (vague words already carry the contract's
conventional minimum, "dozens" 12), else its value when stated exactly; an
"approximately" or "nearly" figure gives no lower bound. When several figures
of one category describe one attack ("16 killed, including 4 civilians"),
the largest is kept rather than a double-counting sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CATEGORY_FIELD = {"killed": "fatalities", "injured": "injuries"}
_CONNECTIVES = frozenset(
    {
        "following",
        "after",
        "before",
        "since",
        "response",
        "retaliation",
        "revenge",
        "death",
        "deaths",
    }
)
# Before the attack, a toll is its consequence ("11 died after an air strike hit",
# "20 killed since the offensive began"); only these still tell another event.
_CONNECTIVES_BEFORE = frozenset({"before", "response", "retaliation", "revenge"})


@dataclass(frozen=True)
class Span:
    """Absolute character span of an attack mention's triggers, with its event id."""

    event_id: str
    sentence_idx: int
    spans: tuple[tuple[int, int], ...]


def lower_bound(figure: Mapping[str, Any]) -> int | None:
    """The conservative count a figure supports."""
    if figure.get("value_min") is not None:
        return int(figure["value_min"])
    if figure.get("qualifier") == "exact" and figure.get("value") is not None:
        return int(figure["value"])
    return None


def link_figures(
    attacks: Sequence[Span], figures: Sequence[Mapping[str, Any]], text: str
) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    """(figure_id -> event_id, event_id -> {"fatalities": n, "injuries": m}).

    A figure after the attack and separated from it by a causal connective
    ("strikes ... for the death of three soldiers", "after an attack that
    killed") counts another event and is not linked.
    """
    links: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    by_sentence: dict[int, list[Span]] = defaultdict(list)
    for attack in attacks:
        by_sentence[attack.sentence_idx].append(attack)
    for figure in figures:
        column = CATEGORY_FIELD.get(str(figure.get("category")))
        same_sentence = by_sentence.get(int(figure.get("sentence_idx", -1)), [])
        if column is None or not same_sentence:
            continue
        attack = min(same_sentence, key=lambda a: _gap(a, figure))
        if _separated(attack, figure, text):
            continue
        links[str(figure["figure_id"])] = attack.event_id
        value = lower_bound(figure)
        if value is not None:
            slot = counts.setdefault(attack.event_id, {})
            slot[column] = max(slot.get(column, 0), value)
    return links, counts


def _gap(attack: Span, figure: Mapping[str, Any]) -> int:
    start, end = int(figure["char_start"]), int(figure["char_end"])
    return min(max(s - end, start - e, 0) for s, e in attack.spans)


def _separated(attack: Span, figure: Mapping[str, Any], text: str) -> bool:
    start, end = int(figure["char_start"]), int(figure["char_end"])
    nearest = min(attack.spans, key=lambda span: max(span[0] - end, start - span[1], 0))
    between = text[min(nearest[1], end) : max(nearest[0], start)]
    connectives = _CONNECTIVES_BEFORE if end <= nearest[0] else _CONNECTIVES
    return not connectives.isdisjoint(between.lower().split())
