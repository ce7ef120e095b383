"""Blocking: which pairs of units are worth comparing at all.

A join needs weighted agreement with an anchor (a day, a place, a named
target or a distinctive toll), so units are indexed by those anchors and
only units sharing a key are compared. In a large block a unit is compared
with its nearest neighbours only, in an order where those that may be one
event lie close together (see ``Limits``).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from newsfacts.stories.evidence import agreement, contradicts
from newsfacts.stories.parties import is_state
from newsfacts.stories.places import is_country, wide
from newsfacts.stories.settings import Limits, settings
from newsfacts.stories.sharing import shared
from newsfacts.stories.units import Unit

T = TypeVar("T")
# Where a unit stands in a block: its first possible day (ISO), document, position, id.
Order = tuple[str, str, int, str]
# Two units compared in some block, by unit id (the smaller first).
Band = tuple[str, str]


def block_keys(unit: Unit) -> set[tuple[Any, ...]]:
    """Keys two units must share to be worth comparing.

    A join needs weighted agreement with an anchor, so two units that may
    join share one of: a day, a city or site, a named target, a distinctive
    toll, or a country together with an actor, a target, a weapon or a toll. Only
    units sharing a key are compared, which finds every join without
    comparing all pairs.
    """
    return set(_keys(unit))


def _keys(unit: Unit) -> Iterator[tuple[Any, ...]]:
    head = (unit.event_type, unit.modality)
    precise = unit.precise_span
    if precise is not None:
        (first, last), _ = precise
        for offset in range((last - first).days + 1):
            yield (*head, "day", first + timedelta(days=offset))
    seconds = [
        *(("actor", party) for party in unit.actors),
        *(("target", party) for party in unit.targets),
        *(("mode", family) for family in unit.families),
        *(("toll", toll) for toll in unit.tolls),
    ]
    for location, country, latitude, longitude in unit.places:
        if not is_country(location):
            yield (*head, "place", location)
        if latitude is not None and longitude is not None and not wide(location):
            yield from ((*head, "cell", cell) for cell in _cells(latitude, longitude))
        for second in seconds:
            yield (*head, "country", country or location, *second)
    for target in unit.targets:
        if not is_state(target):
            yield (*head, "target", target)
    for toll in unit.tolls:
        if toll >= settings().distinctive_toll:
            yield (*head, "toll", toll)


def _cells(latitude: float, longitude: float) -> Iterator[tuple[int, int]]:
    """The grid cells within ``nearby_km`` of a point: two points that close share one.

    Cells are twice ``nearby_km`` high and four times wide (a degree of
    longitude is half as long at 60 degrees of latitude), so the square of
    ``nearby_km`` around a point touches at most two rows and two columns of
    them, and the cell holding the midpoint of two points within
    ``nearby_km`` is among those of both.
    """
    reach = settings().nearby_km / 111.0
    rows = _spanned(latitude, reach, 2 * reach)
    columns = _spanned(longitude, 2 * reach, 4 * reach)
    return itertools.product(rows, columns)


def _spanned(value: float, reach: float, size: float) -> range:
    """The cells of ``size`` that the interval ``value`` +- ``reach`` touches."""
    return range(math.floor((value - reach) / size), math.floor((value + reach) / size) + 1)


def key_text(key: tuple[Any, ...]) -> str:
    """A block key as text, to store it."""
    return json.dumps(key, default=str, separators=(",", ":"))


def block_order(unit: Unit) -> Order:
    """A unit's place in every block: by the first day it may have happened on
    (units that cannot be placed in time last), then document and position.

    Units that may be one event lie close in time, and the mentions of one
    document in the order it tells them, so near neighbours are the likely joins.
    """
    first = min((start for start, _ in unit.spans), default=date.max)
    return (shared(first.isoformat()), unit.doc_id, unit.position, unit.unit_id)


def reach(size: int, limits: Limits) -> int:
    """How many places apart the members of a block of ``size`` units are compared: all of
    them in a block of at most ``block_all``, else ``neighbours``."""
    return size if size <= limits.block_all else limits.neighbours


def band_pairs(members: Sequence[T], limits: Limits) -> Iterator[tuple[T, T]]:
    """The pairs of a block's members (in block order) that are compared."""
    apart = reach(len(members), limits)
    for index, first in enumerate(members):
        for second in members[index + 1 : index + 1 + apart]:
            yield first, second


def spanning_bands(members: Sequence[Order], apart: int, changes: Sequence[Order]) -> set[Band]:
    """The pairs of consecutive ``members`` (a stretch of one block, in order) at most
    ``apart`` places apart whose range holds one of the sorted ``changes``: where a block
    gained or lost a unit, which units are compared may change."""
    found = set()
    for index, first in enumerate(members):
        for second in members[index + 1 : index + 1 + apart]:
            at = bisect.bisect_left(changes, first)
            if at < len(changes) and changes[at] <= second:
                found.add(band(first[3], second[3]))
    return found


def band(a: str, b: str) -> Band:
    """The band of two unit ids, the smaller first."""
    return (a, b) if a < b else (b, a)


class Pair(NamedTuple):
    """Two units that may join, with what orders the joins: strongest first."""

    weight: int
    same_places: int
    distance: int
    first: str
    second: str


def scored_pair(a: Unit, b: Unit) -> Pair | None:
    """The pair of two units when nothing contradicts and their evidence reaches
    ``min_evidence``, else None.

    ``same_places``: place names they share exactly (on equal evidence the
    same name beats nesting); ``distance``: characters between two mentions
    of one document (0 across documents), as a bare "the attack" most often
    means the attack just told.
    """
    if contradicts(a, b):
        return None
    weight = agreement(a, b)
    if weight < settings().min_evidence:
        return None
    first, second = sorted((a, b), key=lambda unit: unit.key)
    shared = {p[0] for p in a.places} & {p[0] for p in b.places}
    distance = abs(a.position - b.position) if a.doc_id == b.doc_id else 0
    return Pair(weight, len(shared), distance, first.unit_id, second.unit_id)
