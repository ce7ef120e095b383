"""Blocking: which pairs of units are worth comparing at all.

A join needs weighted agreement with an anchor (a day, a place, a named
target or a distinctive toll), so units are indexed by those anchors and
only units sharing a key are compared.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from newsfacts.stories.evidence import evidence
from newsfacts.stories.parties import is_state
from newsfacts.stories.places import is_country, wide
from newsfacts.stories.settings import settings
from newsfacts.stories.units import Unit, mode_families


def _block_keys(unit: Unit) -> Iterator[tuple[Any, ...]]:
    """Keys two units must share to be worth comparing.

    A join needs weighted agreement with an anchor, so two units that may
    join share one of: a day, a city or site, a named target, a distinctive
    toll, or a country together with an actor, a target, a weapon or a toll. Only
    units sharing a key are compared, which finds every join without
    comparing all pairs.
    """
    head = (unit.event_type, unit.modality)
    precise = unit.precise_span
    if precise is not None:
        (first, last), _ = precise
        for offset in range((last - first).days + 1):
            yield (*head, "day", first + timedelta(days=offset))
    seconds = [
        *(("actor", party) for party in unit.actors),
        *(("target", party) for party in unit.targets),
        *(("mode", family) for family in mode_families(unit.modes)),
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
    """The grid cell of a point and its eight neighbours: two points within
    ``nearby_km`` always share one (up to 60 degrees of latitude, where a
    degree of longitude is half as long), so nearby towns spelt differently meet."""
    size = settings().nearby_km / 111.0
    row, column = math.floor(latitude / size), math.floor(longitude / (2 * size))
    for d_row, d_column in itertools.product((-1, 0, 1), repeat=2):
        yield row + d_row, column + d_column


def candidate_pairs(units: list[Unit]) -> list[tuple[int, int, int]]:
    """(evidence, i, j) for every pair of units that may join, strongest first.

    Among equally strong pairs, those naming the very same place come first,
    then, within one document, the closer mentions: a bare "the attack" most
    often means the attack just told.
    """
    postings: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for key in set(_block_keys(unit)):
            postings[key].append(index)
    pairs = {pair for members in postings.values() for pair in itertools.combinations(members, 2)}
    needed = settings().min_evidence
    scored = []
    for i, j in pairs:
        weight = evidence(units[i], units[j])
        if weight is not None and weight >= needed:
            scored.append((weight, i, j))
    return sorted(
        scored,
        key=lambda item: (
            -item[0],
            -_same_places(units, *item[1:]),
            _distance(units, *item[1:]),
            *item[1:],
        ),
    )


def _same_places(units: list[Unit], i: int, j: int) -> int:
    """Place names two units share exactly: on equal evidence, the same name beats nesting."""
    return len({p[0] for p in units[i].places} & {p[0] for p in units[j].places})


def _distance(units: list[Unit], i: int, j: int) -> int:
    """Characters between two mentions of one document (0 across documents)."""
    a, b = units[i], units[j]
    return abs(a.position - b.position) if a.doc_id == b.doc_id else 0
