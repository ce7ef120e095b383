"""Places: how two places a mention names relate (the same, nested, or different).

Outlets name one strike's place differently: a town or its spelling
variant, the region or country it lies in, a camp on its edge. Places are
entity ids with the gazetteer's country code and coordinates.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import Any

from newsfacts.gazetteer import lookup_place
from newsfacts.stories.settings import settings

# A place a mention names: entity id, country code, latitude, longitude.
Site = tuple[str, str | None, float | None, float | None]
_REGION_KINDS = frozenset({"region", "state"})


@cache
def is_country(location: str) -> bool:
    """Whether a place entity id names a whole country (so it contains its cities)."""
    place = lookup_place(location.replace("-", " "))
    return place is not None and place.kind == "country"


@lru_cache(maxsize=1 << 16)
def place_relation(a: Site, b: Site) -> str:
    """``same``, ``nested`` (one place inside the other), ``unsure`` or ``different``.

    Nested: a country and a place in it, a name and its extension ("kharkiv"
    and "kharkiv-region", "kharkiv-outskirts"), or a region and a city of its
    country near it (see ``region_radius_km``). Two towns or sites whose
    coordinates lie within ``same_place_km`` are one place spelt two ways
    ("Kharkiv", "Kharkov"); within ``nearby_km``, a site on the edge of a
    town. ``unsure``: a site the gazetteer does not know (no coordinates of
    its own) in the same country as the other place, or in no known
    country, may well lie inside it.
    """
    loc_a, cc_a, loc_b, cc_b = a[0], a[1], b[0], b[1]
    if loc_a == loc_b:
        return "same"
    if cc_a is not None and cc_b is not None and cc_a != cc_b:
        return "different"
    if _extends(loc_a, loc_b) or _extends(loc_b, loc_a):
        return "nested"
    if wide(loc_a) or wide(loc_b):
        inside = is_country(loc_a) or is_country(loc_b) or _region_holds(loc_a, loc_b)
        return "nested" if cc_a is not None and cc_a == cc_b and inside else _unknown(a, b)
    distance = _site_distance(a, b)
    config = settings()
    if distance is not None and distance <= config.same_place_km:
        return "same"
    if distance is not None and distance <= config.nearby_km:
        return "nested"
    return _unknown(a, b)


def _unknown(a: Site, b: Site) -> str:
    return "different" if a[2] is not None and b[2] is not None else "unsure"


@cache
def wide(location: str) -> bool:
    """Whether a place is a country or region: it holds towns, it is not one."""
    place = lookup_place(location.replace("-", " "))
    return place is not None and (place.kind == "country" or place.kind in _REGION_KINDS)


def _site_distance(a: Site, b: Site) -> float | None:
    if a[2] is None or a[3] is None or b[2] is None or b[3] is None:
        return None
    return _kilometres(a[2], a[3], b[2], b[3])


def _extends(longer: str, name: str) -> bool:
    """Whether an entity id is another one with words added before or after it."""
    return longer.startswith(name + "-") or longer.endswith("-" + name)


@cache
def _region_holds(loc_a: str, loc_b: str) -> bool:
    """Whether one place is a region and the other a city near enough to lie in it."""
    places = [lookup_place(location.replace("-", " ")) for location in (loc_a, loc_b)]
    regions = [p for p in places if p is not None and p.kind in _REGION_KINDS]
    cities = [p for p in places if p is not None and p.kind == "city"]
    if len(regions) != 1 or len(cities) != 1:
        return False
    region, city = regions[0], cities[0]
    if None in (region.latitude, region.longitude, city.latitude, city.longitude):
        return False
    distance = _kilometres(region.latitude, region.longitude, city.latitude, city.longitude)
    return distance <= settings().region_radius_km


def _kilometres(lat_a: Any, lon_a: Any, lat_b: Any, lon_b: Any) -> float:
    """Great-circle distance (haversine)."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    half = (
        math.sin((phi_b - phi_a) / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(math.radians(lon_b - lon_a) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(half))
