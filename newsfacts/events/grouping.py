"""Link the mentions of one event within a document (``event_group``).

A headline or standfirst and the body usually tell the same strike twice, and
a later "the strike" or "Wednesday's attack" refers back to it; counting them
as separate events would inflate every tally. Two mentions are linked when
nothing they state disagrees (type, mode, modality, actor, target, a date
range, a place or its country) and the later one
- is the first compatible body mention after a headline mention, or
- refers back with a definite determiner ("the strike"), or
- continues an attack told just before (not another continuation): a bare
  toll ("30 were killed") or an act whose subject refers back ("they
  burned homes", "the attackers looted shops"), or
- names the same date, place, toll or named victim as the earlier one.
Two modes ("shelling" and "the massacre") may describe one attack told with
different words: they are linked only when such a fact is shared.
Among several candidates one sharing such a fact ("Wednesday's strike" and "a
strike on Wednesday") wins, then one by the same actor ("the US attack"),
then the most recent specific one (dated, placed or with a toll), as a reader
resolves "the attack" to the last attack told. A title and a standfirst may
both link to the body mention they announce.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from newsfacts.gazetteer import lookup_place
from newsfacts.names import name_key
from newsfacts.reference import load_yaml

_EQUAL = ("event_type", "modality")
_PARTIES = ("actor_key", "target_key")
_SPECIFIC = ("event_date", "location_key", "fatalities", "injuries")
# How many earlier mentions a reference back may reach (a reader's memory; it
# also keeps grouping linear in the number of mentions).
ANAPHORA_WINDOW = 40
# A bare toll ("30 people were killed") or an act of "they" / "the attackers"
# continues an attack told at most this many sentences before.
CONTINUATION_REACH = 2
# How long before publication an undated mention may have happened.
RECENT_DAYS = 31


@dataclass(frozen=True)
class Cues:
    """What grouping needs to know beyond the row: where the mention stands, whether
    it refers back, and the facts that identify its event."""

    headline: bool
    anaphoric: bool
    identity: frozenset[tuple[Any, ...]]
    continues: bool = False


def compatible(
    a: dict[str, Any], b: dict[str, Any], published: date | None = None, modes: bool = True
) -> bool:
    """Same type and modality; other attributes agree wherever both are known
    (``modes=False`` lets two modes of one attack agree).

    An undated mention in a news article tells of something recent: it is not
    the same event as one dated long before publication.
    """
    if any(a[k] != b[k] for k in _EQUAL):
        return False
    if modes and not modes_agree(a, b):
        return False
    for key in _PARTIES:
        if a[key] is not None and b[key] is not None and party(a[key]) != party(b[key]):
            return False
    return _same_area(a, b) and _overlapping_dates(a, b) and _both_recent(a, b, published)


def modes_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["mode"] is None or b["mode"] is None or a["mode"] == b["mode"]


def _both_recent(a: dict[str, Any], b: dict[str, Any], published: date | None) -> bool:
    dated = [r for r in (a, b) if r["event_date"] is not None]
    if published is None or len(dated) != 1:
        return True
    _, last = date_span(dated[0]["event_date"], dated[0]["date_precision"])
    return (published - last).days <= RECENT_DAYS


@cache
def party(key: str) -> str:
    """A participant as a state when it is one: "American", "US" and "United States"
    are the same party (demonyms from the entities reference data)."""
    demonyms = {
        name_key(str(entry["name"])): entry.get("country")
        for entry in load_yaml("entities/demonyms.yaml")
    }
    country = demonyms.get(name_key(key))
    if country:
        return str(country)
    place = lookup_place(key)
    if place is not None and place.kind == "country" and place.country_code:
        return place.country_code
    return key


def _same_area(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """ "Baghdad" and "Iraq" may describe one strike; "Iraq" and "Syria" may not."""
    if a["location_key"] is None or b["location_key"] is None:
        return True
    return a["location_key"] == b["location_key"] or (
        a["country_code"] is not None and a["country_code"] == b["country_code"]
    )


def _overlapping_dates(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["event_date"] is None or b["event_date"] is None:
        return True
    first, last = date_span(a["event_date"], a["date_precision"])
    other_first, other_last = date_span(b["event_date"], b["date_precision"])
    return first <= other_last and other_first <= last


def date_span(value: date, precision: str) -> tuple[date, date]:
    """The days a date of some precision covers (a week starts on its Monday)."""
    if precision == "week":
        return value, value + timedelta(days=6)
    if precision == "month":
        days = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=days)
    if precision == "year":
        return date(value.year, 1, 1), date(value.year, 12, 31)
    return value, value


def assign_groups(
    rows: Sequence[dict[str, Any]], cues: Sequence[Cues], published: date | None = None
) -> None:
    """Set ``event_group`` on every row (``{doc_id}-g{n}``), in text order."""
    group_of: list[str] = []
    open_headlines: list[int] = []
    for i, row in enumerate(rows):
        earlier = _antecedent(rows, cues, i, open_headlines, published)
        if earlier is None:
            group_of.append(f"{row['doc_id']}-g{len(set(group_of)) + 1}")
        else:
            group_of.append(group_of[earlier])
        if cues[i].headline:
            open_headlines.append(i)
        elif earlier is not None:
            # The body has told the announced event: its headlines are used up.
            open_headlines[:] = [j for j in open_headlines if group_of[j] != group_of[i]]
        row["event_group"] = group_of[i]


def _antecedent(
    rows: Sequence[dict[str, Any]],
    cues: Sequence[Cues],
    i: int,
    open_headlines: list[int],
    published: date | None,
) -> int | None:
    row = rows[i]
    for j in open_headlines:
        if _may_restate(rows[j], cues[j], row, cues[i], published):
            return j
    window = range(max(0, i - ANAPHORA_WINDOW), i)
    candidates = [j for j in window if _may_restate(rows[j], cues[j], row, cues[i], published)]
    recent = (
        [j for j in candidates if _just_after(rows[j], row) and not cues[j].continues]
        if cues[i].continues
        else []
    )
    if recent:
        candidates = recent
    elif not cues[i].anaphoric:
        candidates = [j for j in candidates if cues[j].identity & cues[i].identity]
    if not candidates:
        return None
    return max(candidates, key=lambda j: _salience(rows[j], cues[j], row, cues[i], j))


def _may_restate(
    earlier: dict[str, Any],
    earlier_cues: Cues,
    row: dict[str, Any],
    cues: Cues,
    published: date | None,
) -> bool:
    """A shared fact ("the shelling of the camp" and "the massacre at the camp")
    outweighs a differing mode."""
    shared = bool(earlier_cues.identity & cues.identity)
    return compatible(earlier, row, published, modes=not shared)


def _just_after(earlier: dict[str, Any], row: dict[str, Any]) -> bool:
    return 0 <= row["sentence_idx"] - earlier["sentence_idx"] <= CONTINUATION_REACH


def _salience(
    candidate: dict[str, Any], candidate_cues: Cues, row: dict[str, Any], cues: Cues, index: int
) -> tuple[bool, bool, bool, int]:
    shared = bool(candidate_cues.identity & cues.identity)
    actor = row["actor_key"]
    same_actor = (
        actor is not None
        and candidate["actor_key"] is not None
        and (party(actor) == party(candidate["actor_key"]))
    )
    return shared, same_actor, _specific(candidate), index


def _specific(row: dict[str, Any]) -> bool:
    return any(row.get(k) is not None for k in _SPECIFIC)
