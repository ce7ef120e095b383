"""What the mentions of one event share: the most specific place, the most precise date.

A news article tells one attack in several sentences ("Gunmen stormed Djibo on
Tuesday" ... "The attack lasted hours"); only some of them state where and
when. The events stage groups such mentions (``event_group``); the helpers here
let a fact stated by one member reach the others, each fact with its own rule
of which value is best and which member may take it (``places``, ``timing``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Row = dict[str, Any]


def event_groups(rows: Sequence[Row]) -> dict[str, list[Row]]:
    """The rows of each event group (an ungrouped row is a group of its own)."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.get("event_group") or row.get("event_id") or "", []).append(row)
    return groups


def share_in_groups(
    groups: dict[str, list[Row]],
    best: Callable[[Sequence[Row]], Row | None],
    takes: Callable[[Row, Row], bool],
    columns: Sequence[str],
) -> None:
    """Copy ``columns`` of each group's ``best`` member to the members that ``takes`` it."""
    for members in groups.values():
        source = best(members)
        if source is not None:
            for row in members:
                if takes(row, source):
                    copy_columns(source, row, columns)


def copy_columns(source: Row, row: Row, columns: Sequence[str]) -> None:
    for column in columns:
        row[column] = source.get(column)


def asserted_attacks(rows: Sequence[Row]) -> list[Row]:
    return [r for r in rows if r["event_type"] == "ASSAULT" and r["modality"] == "asserted"]
