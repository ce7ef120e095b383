"""Units: what one document says about one event.

A unit is the mentions the events stage linked with ``event_group`` (a
headline and the body paragraph telling the same strike), or a single
ungrouped mention, with what they say about date, place, parties, weapon
and toll. Units, not mentions, are what clustering joins.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from newsfacts.stories.parties import acronym_expansions, side
from newsfacts.stories.places import Site
from newsfacts.stories.reports import Report, date_span
from newsfacts.stories.settings import settings

Row = Mapping[str, Any]
_EVIDENCE_PRECISIONS = frozenset({"day", "week"})
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True)
class Unit:
    """What one document says about one event: a headline/body group or a lone mention."""

    event_ids: tuple[str, ...]
    doc_id: str
    position: int
    sentences: frozenset[int]
    source: str
    event_type: str
    modality: str
    modes: frozenset[str]
    dates: tuple[tuple[date, str], ...]
    report_span: tuple[date, date] | None
    places: frozenset[Site]
    actors: frozenset[str]
    targets: frozenset[str]
    tolls: frozenset[int]
    weekdays: frozenset[int]

    @property
    def fatalities(self) -> int | None:
        """The highest toll the document gives for the event."""
        return max(self.tolls) if self.tolls else None

    @cached_property
    def spans(self) -> list[tuple[date, date]]:
        """The days the event may have happened on: its dates, else before its report."""
        spans = [span for span in (date_span(d, p) for d, p in self.dates) if span]
        if spans:
            return spans
        return [self.report_span] if self.report_span else []

    @cached_property
    def precise_span(self) -> tuple[tuple[date, date], str] | None:
        """The tightest day/week-precise date the text gives, with its precision."""
        known = [
            (span, precision)
            for span, precision in ((date_span(d, p), p) for d, p in self.dates)
            if span is not None and precision in _EVIDENCE_PRECISIONS
        ]
        return min(known, key=lambda item: item[0][1] - item[0][0]) if known else None


def build_units(rows: Sequence[Row], reports: Mapping[str, Report]) -> list[Unit]:
    """Group each document's mentions by event_group (ungrouped mentions stand alone)."""
    parties = acronym_expansions(
        row[role] for row in rows for role in ("actor_id", "target_id") if row[role]
    )

    def sides(members: Sequence[Row], role: str) -> frozenset[str]:
        named = (side(parties.get(row[role], row[role])) for row in members if row[role])
        return frozenset(party for party in named if party is not None)

    grouped: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in rows:
        group = row.get("event_group") or row["event_id"]
        asserted = row["modality"] == "asserted"
        grouped[(row["doc_id"], group, row["event_type"], asserted)].append(row)
    horizon = settings().undated_horizon
    units = []
    for (doc_id, _, event_type, _), members in grouped.items():
        report = reports.get(doc_id, Report(doc_id, None))
        units.append(
            Unit(
                event_ids=tuple(sorted(row["event_id"] for row in members)),
                doc_id=doc_id,
                position=min(row["char_start"] for row in members),
                sentences=frozenset(row["sentence_idx"] for row in members),
                source=report.source,
                event_type=event_type,
                modality=_modality(members),
                modes=frozenset(row["mode"] for row in members if row["mode"]),
                dates=tuple(
                    (row["event_date"], row["date_precision"])
                    for row in members
                    if row["event_date"] is not None
                    and (report.anchored or _absolute(row["date_text"]))
                ),
                report_span=(report.published - horizon, report.published)
                if report.published
                else None,
                places=frozenset(
                    (row["location_id"], row["country_code"], row["latitude"], row["longitude"])
                    for row in members
                    if row["location_id"]
                ),
                actors=sides(members, "actor_id"),
                targets=sides(members, "target_id"),
                tolls=frozenset(
                    row["fatalities"] for row in members if row["fatalities"] is not None
                ),
                weekdays=_weekdays(members, report),
            )
        )
    return sorted(units, key=lambda unit: (unit.doc_id, unit.position))


def _absolute(date_text: str | None) -> bool:
    """Whether a date phrase gives its year ("on 3 March 2024"): it needs no report date."""
    return date_text is not None and _YEAR.search(date_text) is not None


def _weekdays(members: Sequence[Row], report: Report) -> frozenset[int]:
    """The weekdays an event happened on as far as its report says.

    From its day-precise dates; failing those, in a report without a
    publication date, from the weekday words of its sentences.
    """
    days = frozenset(
        row["event_date"].weekday()
        for row in members
        if row["event_date"] is not None and row["date_precision"] == "day"
    )
    if days or report.published is not None:
        return days
    return frozenset().union(*(report.weekdays.get(row["sentence_idx"], ()) for row in members))


def _modality(members: Sequence[Row]) -> str:
    modalities = {row["modality"] for row in members}
    return "asserted" if "asserted" in modalities else min(modalities)


def mode_families(modes: frozenset[str]) -> set[str]:
    config = settings()
    return {config.mode_family.get(mode, mode) for mode in modes - config.purpose_modes}
