"""Link the mentions of one event within a document (``event_group``).

A headline or standfirst and the body usually tell the same strike twice, and
a later "the strike" or "Wednesday's attack" refers back to it; counting them
as separate events would inflate every tally. Two mentions are linked when
the later one is the first compatible body mention after a headline mention,
or refers back with a definite determiner, and nothing they state disagrees
(type, mode, modality, date, place, actor, target).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_COMPARED = ("event_type", "modality")
_SPECIFIC = ("event_date", "location_key", "fatalities", "injuries")
_STEM = 5
_OPTIONAL = ("mode", "event_date", "location_key", "actor_key", "target_key")


def compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same type and modality; optional attributes equal where both are known."""
    if any(a[k] != b[k] for k in _COMPARED):
        return False
    return all(a.get(k) is None or b.get(k) is None or a[k] == b[k] for k in _OPTIONAL)


def assign_groups(
    rows: Sequence[dict[str, Any]], headline: Sequence[bool], anaphoric: Sequence[bool]
) -> None:
    """Set ``event_group`` on every row (``{doc_id}-g{n}``), in text order."""
    group_of: list[str] = []
    open_headlines: list[int] = []
    count = 0
    for i, row in enumerate(rows):
        earlier = _antecedent(rows, i, headline, anaphoric, open_headlines)
        if earlier is None:
            count += 1
            group_of.append(f"{row['doc_id']}-g{count}")
        else:
            group_of.append(group_of[earlier])
        if headline[i]:
            open_headlines.append(i)
        row["event_group"] = group_of[i]


def _antecedent(
    rows: Sequence[dict[str, Any]],
    i: int,
    headline: Sequence[bool],
    anaphoric: Sequence[bool],
    open_headlines: list[int],
) -> int | None:
    row = rows[i]
    if not headline[i]:
        for j in open_headlines:
            if compatible(rows[j], row):
                open_headlines.remove(j)
                return j
    if anaphoric[i]:
        candidates = [j for j in range(i) if compatible(rows[j], row)]
        if candidates:
            return max(candidates, key=lambda j: _salience(rows[j], row, j))
    return None


def _salience(candidate: dict[str, Any], anaphor: dict[str, Any], index: int) -> tuple[
    bool, bool, int
]:
    """Prefer a specific event (dated, placed or with a toll), then the same head
    word ("the strike" -> "a drone strike"), then the most recent."""
    specific = any(candidate.get(k) is not None for k in _SPECIFIC)
    return specific, _head(candidate["trigger"]) == _head(anaphor["trigger"]), index


def _head(trigger: str) -> str:
    """Crude stem of the last word: "strikes"/"strike", "attacking"/"attack"."""
    word = trigger.lower().split()[-1]
    return word[:_STEM]
