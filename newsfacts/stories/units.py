"""Units: what one document says about one event.

A unit is the mentions the events stage linked with ``event_group`` (a
headline and the body paragraph telling the same strike), or a single
ungrouped mention, with what they say about date, place, parties, weapon
and toll. Units, not mentions, are what clustering joins.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsfacts.stories.parties import side
from newsfacts.stories.places import Site
from newsfacts.stories.reports import Report, date_span
from newsfacts.stories.settings import settings
from newsfacts.stories.sharing import shared

Row = Mapping[str, Any]
_EVIDENCE_PRECISIONS = frozenset({"day", "week"})
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, slots=True)
class Unit:
    """What one document says about one event: a headline/body group or a lone mention.

    Its slots hold the attributes and what clustering derives from them
    (computed once, shared with equal units where they are equal): a long
    document holds tens of thousands of units at once.
    """

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
    # The days the event may have happened on: its dates, else before its report.
    spans: tuple[tuple[date, date], ...] = field(init=False, compare=False, repr=False)
    # The tightest day/week-precise date the text gives, with its precision.
    precise_span: tuple[tuple[date, date], str] | None = field(
        init=False, compare=False, repr=False
    )
    # The weapon families its modes belong to (see ``mode_families``).
    families: frozenset[str] = field(init=False, compare=False, repr=False)
    # Everything ``contradicts`` reads: units with equal keys contradict the same units.
    conflict_key: tuple[Any, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        spans = _spans(self.dates, self.report_span)
        families = shared(frozenset(mode_families(self.modes)))
        derived = {
            "spans": spans,
            "precise_span": shared(_precise_span(self.dates)),
            "families": families,
            "conflict_key": shared(
                (self.event_type, self.modality, spans, self.weekdays, families,
                 self.places, self.actors, self.targets)
            ),
        }  # fmt: skip
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def unit_id(self) -> str:
        """Its first event id: stable across reruns, and unique, as every mention is in one unit."""
        return self.event_ids[0]

    @property
    def key(self) -> tuple[str, int, str]:
        """The canonical order of units: by document, then where the text tells them.

        Every tie-break of clustering follows it, so a group of units clusters
        the same whether it is computed alone or among all others.
        """
        return (self.doc_id, self.position, self.unit_id)

    @property
    def fatalities(self) -> int | None:
        """The highest toll the document gives for the event."""
        return max(self.tolls) if self.tolls else None


def _spans(
    dates: tuple[tuple[date, str], ...], report_span: tuple[date, date] | None
) -> tuple[tuple[date, date], ...]:
    spans = tuple(span for span in (date_span(d, p) for d, p in dates) if span)
    if spans:
        return shared(spans)
    return shared((report_span,) if report_span else ())


def _precise_span(dates: tuple[tuple[date, str], ...]) -> tuple[tuple[date, date], str] | None:
    known = [
        (span, precision)
        for span, precision in ((date_span(d, p), p) for d, p in dates)
        if span is not None and precision in _EVIDENCE_PRECISIONS
    ]
    return min(known, key=lambda item: item[0][1] - item[0][0]) if known else None


def party_ids(rows: Iterable[Row]) -> Iterator[str]:
    """The actor and target entity ids the mentions name (what acronyms may expand to)."""
    return (row[role] for row in rows for role in ("actor_id", "target_id") if row[role])


def document_units(
    rows: Callable[[], Iterable[Row]], report: Report, expansions: Mapping[str, str]
) -> Iterator[tuple[Unit, list[Row]]]:
    """Group one document's mentions by event_group (ungrouped mentions stand alone):
    each unit with its member rows, as soon as its last member is read.

    ``rows`` gives the document's rows afresh each call: they are read once
    to count each group's members and once to group them, so only the rows
    of groups still open are held, not every row of a long document.
    ``expansions`` maps the acronyms among all documents' parties to the
    group they abbreviate (see ``acronym_expansions``).
    """
    sizes = Counter(_group(row) for row in rows())
    open_groups: dict[tuple[Any, ...], list[Row]] = {}
    for row in rows():
        group = _group(row)
        members = open_groups.setdefault(group, [])
        members.append(row)
        if len(members) == sizes[group]:
            del open_groups[group]
            yield unit_of(members, report, expansions), members


def _group(row: Row) -> tuple[Any, ...]:
    """The group a mention is in: its event group (or itself), type and whether asserted."""
    return (
        row.get("event_group") or row["event_id"],
        row["event_type"],
        row["modality"] == "asserted",
    )


def unit_of(members: Sequence[Row], report: Report, expansions: Mapping[str, str]) -> Unit:
    """The unit a group of mentions of one document makes."""

    def sides(role: str) -> frozenset[str]:
        named = (side(expansions.get(row[role], row[role])) for row in members if row[role])
        return frozenset(party for party in named if party is not None)

    horizon = settings().undated_horizon
    return Unit(
        event_ids=tuple(sorted(row["event_id"] for row in members)),
        doc_id=shared(members[0]["doc_id"]),
        position=min(row["char_start"] for row in members),
        sentences=frozenset(row["sentence_idx"] for row in members),
        source=shared(report.source),
        event_type=shared(members[0]["event_type"]),
        modality=shared(_modality(members)),
        modes=shared(frozenset(row["mode"] for row in members if row["mode"])),
        dates=shared(
            tuple(
                (row["event_date"], row["date_precision"])
                for row in members
                if row["event_date"] is not None
                and (report.anchored or _absolute(row["date_text"]))
            )
        ),
        report_span=shared(
            (report.published - horizon, report.published) if report.published else None
        ),
        places=shared(
            frozenset(
                (row["location_id"], row["country_code"], row["latitude"], row["longitude"])
                for row in members
                if row["location_id"]
            )
        ),
        actors=shared(sides("actor_id")),
        targets=shared(sides("target_id")),
        tolls=shared(
            frozenset(row["fatalities"] for row in members if row["fatalities"] is not None)
        ),
        weekdays=shared(_weekdays(members, report)),
    )


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


def unit_json(unit: Unit) -> str:
    """A unit as JSON text (sets sorted), to store it; ``unit_from_json`` reads it back."""
    return json.dumps(
        [
            unit.event_ids,
            unit.doc_id,
            unit.position,
            sorted(unit.sentences),
            unit.source,
            unit.event_type,
            unit.modality,
            sorted(unit.modes),
            [(day.isoformat(), precision) for day, precision in unit.dates],
            [day.isoformat() for day in unit.report_span] if unit.report_span else None,
            sorted(unit.places, key=repr),
            sorted(unit.actors),
            sorted(unit.targets),
            sorted(unit.tolls),
            sorted(unit.weekdays),
        ],
        separators=(",", ":"),
    )


def unit_from_json(text: str) -> Unit:
    """The unit ``unit_json`` stored."""
    (ids, doc_id, position, sentences, source, event_type, modality, modes, dates, span,
     places, actors, targets, tolls, weekdays) = json.loads(text)  # fmt: skip
    return Unit(
        event_ids=tuple(ids),
        doc_id=doc_id,
        position=position,
        sentences=frozenset(sentences),
        source=source,
        event_type=event_type,
        modality=modality,
        modes=frozenset(modes),
        dates=tuple((date.fromisoformat(day), precision) for day, precision in dates),
        report_span=(date.fromisoformat(span[0]), date.fromisoformat(span[1])) if span else None,
        places=frozenset(tuple(place) for place in places),  # type: ignore[misc]
        actors=frozenset(actors),
        targets=frozenset(targets),
        tolls=frozenset(tolls),
        weekdays=frozenset(weekdays),
    )
