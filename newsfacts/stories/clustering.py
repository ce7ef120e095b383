"""Clustering: joining units into stories, strongest evidence first.

A unit joins a story only if it is compatible with every unit already in
it, so a vague mention cannot chain two distinct strikes together; then a
mention too thin to match other reports may still refer to the one event
its own article told before it (see ``antecedents``).

Every order here follows stable keys (unit keys, never list positions), and
units that share no candidate pair or antecedent link never meet: a group
of units connected by them clusters the same alone or among all others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from newsfacts.stories.antecedents import Link, sole_antecedent
from newsfacts.stories.blocking import Pair
from newsfacts.stories.joins import Joins
from newsfacts.stories.units import Unit


def cluster(
    units: Sequence[Unit],
    pairs: Iterable[Pair],
    links: Iterable[Link],
    checked: int,
) -> list[list[Unit]]:
    """Join units into stories, strongest evidence first, keeping every story consistent.

    ``pairs`` are the candidate pairs among ``units``, ``links`` their
    antecedent links; ``checked`` caps the units a story checks (see
    ``Limits.checked``).
    """
    by_id = {unit.unit_id: unit for unit in units}
    joins = Joins(units, checked)
    for pair in sorted(pairs, key=lambda pair: _pair_order(pair, by_id)):
        a, b = joins.story(pair.first), joins.story(pair.second)
        if a is not b and joins.compatible(a, b):
            joins.join(a, b)
    earlier: dict[str, list[Unit]] = {}
    for first, later in links:
        earlier.setdefault(later, []).append(by_id[first])
    for unit in sorted(units, key=lambda unit: unit.key):
        told = sorted(earlier.get(unit.unit_id, ()), key=lambda other: other.key)
        antecedent = sole_antecedent(joins, unit, told)
        if antecedent is not None:
            joins.join(antecedent, joins.story(unit.unit_id))
    return joins.stories()


def _pair_order(pair: Pair, units: Mapping[str, Unit]) -> tuple[int, int, int, tuple, tuple]:
    """Strongest evidence first; then the same place name before nesting, then, within
    one document, the closer mentions; then the units' canonical order."""
    return (
        -pair.weight,
        -pair.same_places,
        pair.distance,
        units[pair.first].key,
        units[pair.second].key,
    )
