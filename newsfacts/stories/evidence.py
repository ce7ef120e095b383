"""Evidence: whether two units contradict each other, and how much they agree on.

Each attribute contradicts only when both units give it and none of their
values agree; agreement is weighed (see ``evidence`` in clustering.yaml),
and something beyond states and weapons must agree for a join.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from newsfacts.stories.parties import is_state
from newsfacts.stories.places import Site, is_country, place_relation
from newsfacts.stories.settings import settings
from newsfacts.stories.units import Unit


def _weekdays_agree(a: Unit, b: Unit) -> bool | None:
    """Whether two units name weekdays at most ``day_tolerance`` apart (None: one names none)."""
    if not a.weekdays or not b.weekdays:
        return None
    tolerance = settings().day_tolerance.days
    return any(min((x - y) % 7, (y - x) % 7) <= tolerance for x in a.weekdays for y in b.weekdays)


def _dates_agree(a: Unit, b: Unit) -> bool:
    """Some date of one unit overlaps some date of the other (missing dates agree).

    "Some", not "every": a unit gathers the mentions the events stage linked,
    and one of them may carry a looser or stray date ("this month" beside
    "on Tuesday").
    """
    if not a.spans or not b.spans:
        return True
    for first, last in a.spans:
        for start, end in b.spans:
            if first <= end and start <= last:
                return True
    return False


# How the places of two units relate: (place id of the first unit, relation) per pair.
Relations = list[tuple[str, str]]


def place_relations(a: AbstractSet[Site], b: AbstractSet[Site]) -> Relations:
    """Every place of ``a`` with how it relates to every place of ``b``."""
    return [(x[0], place_relation(x, y)) for x in a for y in b]


def contradicts(a: Unit, b: Unit) -> bool:
    """Whether two units cannot be one event: no date, place, actor or target in common.

    Each attribute contradicts only when both units give it and none of their
    values agree, so a unit whose mentions name a city and a dateline capital
    still meets a report naming the city.
    """
    if a.event_type != b.event_type or a.modality != b.modality:
        return True
    for mine, theirs in ((a.actors, b.actors), (a.targets, b.targets), (a.families, b.families)):
        if mine and theirs and mine.isdisjoint(theirs):
            return True
    if not _dates_agree(a, b) or _weekdays_agree(a, b) is False:
        return True
    if not a.places or not b.places:
        return False
    return all(relation == "different" for _, relation in place_relations(a.places, b.places))


def _date_evidence(a: Unit, b: Unit) -> str | None:
    precise_a, precise_b = a.precise_span, b.precise_span
    if precise_a is None or precise_b is None:
        return None
    (first_a, last_a), precision_a = precise_a
    (first_b, last_b), precision_b = precise_b
    if first_a > last_b or first_b > last_a:
        return None
    return "same_day" if precision_a == precision_b == "day" else "same_week"


def _place_evidence(relations: Relations) -> str | None:
    shared = {location for location, relation in relations if relation == "same"}
    if any(not is_country(location) for location in shared):
        return "same_place"
    nested = any(relation == "nested" for _, relation in relations)
    return "same_country" if shared or nested else None


def places_meet(a: AbstractSet[Site], b: AbstractSet[Site]) -> bool:
    """Whether some place of one is the same as, or nested with, some place of the other."""
    return any(relation in ("same", "nested") for _, relation in place_relations(a, b))


def _party_evidence(mine: frozenset[str], theirs: frozenset[str]) -> str | None:
    shared = mine & theirs
    if not shared:
        return None
    return "same_state" if all(is_state(party) for party in shared) else "same_party"


def _toll_evidence(a: Unit, b: Unit) -> str | None:
    """Two reports giving the same, uncommon death toll most likely tell the same event.

    A common toll (one, two, three dead) agreeing counts as well, but weighs
    less and does not anchor a join by itself.
    """
    shared = a.tolls & b.tolls
    if any(toll >= settings().distinctive_toll for toll in shared):
        return "same_toll"
    return "same_small_toll" if shared else None


def _tolls_close(a: Unit, b: Unit) -> bool:
    """Whether the two reports give death tolls of one size (12 and 15 dead).

    Tolls of one event differ between outlets and rise as the dead are
    counted, so near tolls corroborate a join; they weigh nothing by
    themselves (see ``toll_ratio``).
    """
    ratio = settings().toll_ratio
    return any(min(x, y) > 0 and max(x, y) <= ratio * min(x, y) for x in a.tolls for y in b.tolls)


def agreement(a: Unit, b: Unit) -> int:
    """The weight of what two units that do not contradict each other agree on.

    Agreement that only concerns states, actors or the weapon does not anchor
    a join: a date, a place, a named party or a toll must agree too (else
    weight 0). Events that are things said (statements, demands, talks) also
    need a participant in common: many are said on any one day.
    Mentions within one document are linked by the events stage
    (``event_group``, which also follows anaphora such as "the attack"); here
    they join on the same evidence as mentions of different reports (and see
    ``antecedents``).
    """
    target = _party_evidence(a.targets, b.targets)
    actor = _party_evidence(a.actors, b.actors)
    place = _place_evidence(place_relations(a.places, b.places))
    day, toll = _date_evidence(a, b), _toll_evidence(a, b)
    if not (day or place or target == "same_party" or toll == "same_toll"):
        return 0
    if a.event_type in settings().said_types and not (actor or target):
        return 0
    weekday = "same_weekday" if not day and _weekdays_agree(a, b) else None
    corroborated = actor or target or toll or weekday or _tolls_close(a, b)
    if _timeless(a, b) and not (place and corroborated):
        return 0
    kinds = [day, place, target, toll, actor, weekday]
    if a.families & b.families:
        kinds.append("same_mode")
    weights = settings().weights
    return sum(weights[kind] for kind in kinds if kind)


def _timeless(a: Unit, b: Unit) -> bool:
    """Whether two reports cannot be compared in time: one gives no date and has none.

    A report without a publication date leaves all its dates unresolved, so
    its event can be any day; it joins another report's event only on the
    same (or a nested) place corroborated by more: the same party or side,
    a toll in common or the same weekday word ("on Tuesday"). Within one
    article the events stage has already linked what belongs together.
    """
    return a.doc_id != b.doc_id and not (a.spans and b.spans)
