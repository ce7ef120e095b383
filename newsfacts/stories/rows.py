"""Story rows: one ``story_events`` row per story, with ACLED-style columns.

A story's date, place and parties are those most sources give; its toll
spreads the sources' tolls, and ``fatalities`` is the lowest credible total
for the whole event.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from newsfacts.stories.places import is_country
from newsfacts.stories.reports import PRECISION_RANK
from newsfacts.stories.units import Row, Unit


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return min(counts, key=lambda value: (-counts[value], value)) if counts else None


def _story_date(units: Sequence[Unit]) -> date | None:
    """The most often given date among the most precise ones, the earliest on a tie."""
    dates = [pair for unit in units for pair in unit.dates]
    if not dates:
        return None
    best = min(PRECISION_RANK.get(precision, 9) for _, precision in dates)
    counts = Counter(d for d, precision in dates if PRECISION_RANK.get(precision, 9) == best)
    return min(counts, key=lambda d: (-counts[d], d))


def _story_location(units: Sequence[Unit]) -> str | None:
    """The most specific place named: a city or site over the country it lies in."""
    places = [site[0] for unit in units for site in unit.places]
    specific = [location for location in places if not is_country(location)]
    return _most_common(specific or places)


def story_id(units: Sequence[Unit]) -> str:
    """A story's id: derived from its sorted member event ids, stable across reruns."""
    event_ids = sorted(event_id for unit in units for event_id in unit.event_ids)
    return "s-" + hashlib.sha256("|".join(event_ids).encode()).hexdigest()[:12]


def story_row(units: Sequence[Unit]) -> dict[str, Any]:
    event_ids = sorted(event_id for unit in units for event_id in unit.event_ids)
    per_source: dict[str, int] = {}
    for unit in units:
        if unit.fatalities is not None:
            per_source[unit.source] = max(unit.fatalities, per_source.get(unit.source, 0))
    return {
        "story_event_id": story_id(units),
        "event_type": units[0].event_type,
        "mode": _most_common(mode for unit in units for mode in unit.modes),
        "event_date": _story_date(units),
        "location_id": _story_location(units),
        "event_ids": event_ids,
        "n_docs": len({unit.source for unit in units}),
        "fatalities_min": min(per_source.values()) if per_source else None,
        "fatalities_max": max(per_source.values()) if per_source else None,
    }


def story_order(row: Row) -> tuple[bool, date, str]:
    return (row["event_date"] is None, row["event_date"] or date.min, row["story_event_id"])


def story_rows(
    stories: Iterable[Sequence[Unit]],
    events: Mapping[str, Row],
    outlets: Mapping[str, str],
    sentences: Mapping[tuple[str, int], str],
) -> list[dict[str, Any]]:
    """The ``story_events`` rows of ``stories``, from their member ``events`` rows (by
    event id), the ``outlets`` of their documents and the ``sentences`` they are in."""
    rows = []
    for units in stories:
        story = story_row(units)
        members = [events[event_id] for event_id in story["event_ids"]]
        story.update(acled_columns(story, members, outlets, sentences))
        rows.append(story)
    return rows


# The notes sentence is cut to this many characters (ACLED's notes are one or two lines).
NOTES_CHARS = 300


def _by_sources(values: Iterable[tuple[str, str | None]]) -> str | None:
    """The value most sources give (each source counts once per value), then the smallest."""
    sources: dict[str, set[str]] = defaultdict(set)
    for source, value in values:
        if value:
            sources[value].add(source)
    return min(sources, key=lambda v: (-len(sources[v]), v)) if sources else None


def _whole_event_toll(members: Sequence[Row]) -> int | None:
    """One source's toll for the whole event: its highest single toll, or the sum of
    the tolls it gives for distinct named victims when that is higher ("three soldiers
    and 16 fighters were killed" reported as two mentions)."""
    tolls = [row["fatalities"] for row in members if row["fatalities"] is not None]
    if not tolls:
        return None
    by_target: dict[str, int] = {}
    for row in members:
        if row["fatalities"] is not None and row["target_id"]:
            by_target[row["target_id"]] = max(row["fatalities"], by_target.get(row["target_id"], 0))
    return max(max(tolls), sum(by_target.values()) if len(by_target) > 1 else 0)


def acled_columns(
    story: Row,
    members: Sequence[Row],
    outlets: Mapping[str, str],
    sentences: Mapping[tuple[str, int], str],
) -> dict[str, Any]:
    """The ACLED-style columns of a story: place, parties, date precision, whole-event
    toll (the lowest source's total), sources and one short source sentence."""
    source = {row["event_id"]: outlets.get(row["doc_id"], row["doc_id"]) for row in members}
    at_place = [row for row in members if row["location_id"] == story["location_id"]]
    dated = [row["date_precision"] for row in members if row["event_date"] == story["event_date"]]
    per_source: dict[str, list[Row]] = defaultdict(list)
    for row in members:
        per_source[source[row["event_id"]]].append(row)
    totals = [t for rows in per_source.values() if (t := _whole_event_toll(rows)) is not None]
    columns: dict[str, Any] = {
        "date_precision": min(dated, key=lambda p: PRECISION_RANK.get(p, 9))
        if story["event_date"] is not None and dated
        else "unknown",
        "location_name": _by_sources(
            (source[row["event_id"]], row["location_name"]) for row in at_place
        ),
        "country_code": next((r["country_code"] for r in at_place if r["country_code"]), None),
        "latitude": next((r["latitude"] for r in at_place if r["latitude"] is not None), None),
        "longitude": next((r["longitude"] for r in at_place if r["longitude"] is not None), None),
        "geo_precision": min(
            (r["geo_precision"] for r in at_place if r["geo_precision"] is not None), default=None
        ),
        "fatalities": min(totals) if totals else None,
        "sources": sorted(set(source.values())),
        "notes": _notes(members, sentences),
    }
    for role in ("actor", "target"):
        chosen = _by_sources((source[row["event_id"]], row[f"{role}_id"]) for row in members)
        columns[f"{role}_id"] = chosen
        columns[f"{role}_name"] = next(
            (row[f"{role}_name"] for row in members if row[f"{role}_id"] == chosen and chosen),
            None,
        )
    return columns


def _notes(members: Sequence[Row], sentences: Mapping[tuple[str, int], str]) -> str | None:
    """The sentence saying most about the event (date, place, toll), shortest first."""

    def informative(row: Row) -> tuple[int, int, str]:
        text = sentences.get((row["doc_id"], row["sentence_idx"]), "")
        known = sum(row[c] is not None for c in ("event_date", "location_id", "fatalities"))
        return (-known, len(text), row["event_id"])

    for row in sorted(members, key=informative):
        text = sentences.get((row["doc_id"], row["sentence_idx"]))
        if text:
            return text if len(text) <= NOTES_CHARS else text[: NOTES_CHARS - 1] + "…"
    return None
