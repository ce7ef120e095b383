"""Figure claims: the same reported quantity gathered across documents.

Analysts want to know whether outlets agree on a number ("1,200 peacekeepers
in the region") and where they do not. A claim groups the figures that count
the same thing: same category, same place (as written, case and leading
article folded; a figure naming no place joins the one place stating its
number), same kind of counted noun (synonyms in
``data/reference/stories/claims.yaml``) and the same moment of reporting.

Time is the report's publication date, because figures rarely carry their
own: reports within ``report_window_days`` of a claim's first report speak of
the same moment. A later report giving the same number restates the claim and
joins it (a troop level repeated a month later is one claim); a later report
giving another number is a separate claim, an update rather than a
contradiction (a running count of raids that grew from 60 to 95). An undated
report joins a claim stating the same number, else it stands alone.
``consistent`` then asks whether the bounds of every figure of the claim can
all be true at once.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from newsfacts.reference import load_yaml
from newsfacts.schemas import frame, polars_schema
from newsfacts.sqlite_store import (
    ROW_PARTS_SCHEMA,
    PartDigests,
    StoredIndex,
    decode,
    encode,
    execute_in,
    fingerprint,
    in_transaction,
    part_digests,
    row_part,
    select_in,
)

Row = Mapping[str, Any]


@dataclass(frozen=True)
class ClaimSettings:
    """The user-tunable part of claim grouping (see claims.yaml)."""

    window: timedelta
    hedge_tolerance: float
    hedged: frozenset[str]
    noun_class: Mapping[str, str]


@cache
def settings() -> ClaimSettings:
    data = load_yaml("stories/claims.yaml")
    noun_class = {
        str(noun).casefold(): str(line[0]).casefold()
        for line in data["noun_synonyms"]
        for noun in line
    }
    return ClaimSettings(
        window=timedelta(days=int(data["report_window_days"])),
        hedge_tolerance=float(data["hedge_tolerance"]),
        hedged=frozenset(data["hedged_qualifiers"]),
        noun_class=noun_class,
    )


def _fold_space(text: str) -> str:
    return " ".join(text.casefold().split())


def normalise_place(place: str | None) -> str:
    """Fold case and a leading article, so "the Gaza Strip" and "Gaza Strip" meet."""
    if not place:
        return ""
    folded = _fold_space(place)
    return folded[4:] if folded.startswith("the ") else folded


def noun_class(noun: str | None) -> str:
    """The synonym class of a counted noun, else the noun with a plural ending folded."""
    if not noun:
        return ""
    folded = _fold_space(noun)
    classes = settings().noun_class
    if folded in classes:
        return classes[folded]
    if folded.endswith("ies") and len(folded) > 4:
        return folded[:-3] + "y"
    if folded.endswith("s") and not folded.endswith("ss") and len(folded) > 3:
        return classes.get(folded[:-1], folded[:-1])
    return folded


@dataclass(frozen=True)
class Bounds:
    """The values a figure allows; an open end excludes its own value ("more than 30")."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False


def figure_bounds(row: Row) -> Bounds:
    """What a figure claims, widening hedged numbers by the configured tolerance."""
    config = settings()
    value, low, high = row["value"], row["value_min"], row["value_max"]
    if row["qualifier"] in config.hedged and value is not None:
        low = value * (1 - config.hedge_tolerance) if low is None else low
        high = value * (1 + config.hedge_tolerance) if high is None else high
    return Bounds(
        low=-math.inf if low is None else float(low),
        high=math.inf if high is None else float(high),
        low_open=row["qualifier"] == "more_than",
        high_open=row["qualifier"] == "fewer_than",
    )


def bounds_agree(bounds: Sequence[Bounds]) -> bool:
    """True when one value satisfies every figure (the intervals intersect)."""
    low = max(bounds, key=lambda b: (b.low, b.low_open))
    high = min(bounds, key=lambda b: (b.high, not b.high_open))
    if low.low < high.high:
        return True
    return low.low == high.high and not (low.low_open or high.high_open)


def _first_known(first: float | None, second: float | None) -> float | None:
    return first if first is not None else second


def _known(values: Iterable[float | None]) -> list[float]:
    return [value for value in values if value is not None]


def _stated(row: Row) -> float | None:
    """The number a source wrote: its value, or the conventional floor of a vague one."""
    return _first_known(row["value"], row["value_min"])


def _split_by_report_time(rows: list[Row], window: timedelta) -> list[list[Row]]:
    """Cut rows sorted by report date (undated last) into runs no longer than ``window``.

    Undated rows form one run of their own.
    """
    segments: list[list[Row]] = []
    start: date | None = None
    for row in rows:
        published = row["published_date"]
        if not segments or (
            start is not None and (published is None or published > start + window)
        ):
            segments.append([])
            start = published
        segments[-1].append(row)
    return segments


def _merge_restatements(segments: list[list[Row]]) -> list[list[Row]]:
    """Join a segment to an earlier claim that states exactly the same numbers.

    A dated segment may only restate the claim just before it in time; an
    undated one (sorted last) cannot be placed in time, so it joins the first
    claim stating its numbers, if any. A claim's numbers do not change as
    restatements join it, so they are computed once.
    """
    merged: list[list[Row]] = []
    numbers: list[set[float | None]] = []
    for segment in segments:
        stated = _stated_numbers(segment)
        undated = segment[0]["published_date"] is None
        earlier = range(0 if undated else max(0, len(merged) - 1), len(merged))
        match = next((index for index in earlier if numbers[index] == stated), None)
        if match is None:
            merged.append(segment)
            numbers.append(stated)
        else:
            merged[match].extend(segment)
    return merged


def _stated_numbers(rows: list[Row]) -> set[float | None]:
    return {_stated(row) for row in rows}


def _most_common(values: list[str | None]) -> str | None:
    """The most frequent non-null surface, the alphabetically first on a tie."""
    counts = Counter(value for value in values if value)
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))


def _claim_row(rows: list[Row]) -> dict[str, Any]:
    figure_ids = sorted(row["figure_id"] for row in rows)
    lows = _known(_first_known(row["value_min"], row["value"]) for row in rows)
    highs = _known(_first_known(row["value_max"], row["value"]) for row in rows)
    return {
        "claim_id": "c-" + hashlib.sha256("|".join(figure_ids).encode()).hexdigest()[:12],
        "category": rows[0]["category"],
        "location": _most_common([row["location_name"] for row in rows]),
        "quantity_noun": _most_common([row["quantity_noun"] for row in rows]),
        "figure_ids": figure_ids,
        "n_docs": len({row["source"] for row in rows}),
        "value_min": min(lows) if lows else None,
        "value_max": max(highs) if highs else None,
        "consistent": bounds_agree([figure_bounds(row) for row in rows]),
    }


def _report_order(row: Row) -> tuple[bool, date, str]:
    published = row["published_date"]
    return (published is None, published or date.min, row["figure_id"])


def group_figure_claims(
    figures: pl.DataFrame, articles: pl.DataFrame, story_events: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Build the ``figure_claims`` table from every document's figures.

    ``n_docs`` counts sources: a near-duplicate (``articles.duplicate_of`` set)
    counts as its original. ``value_min``/``value_max`` span the numbers the
    sources state (for "more than 30" that is 30), so a contested claim shows
    its spread; ``consistent`` is the stricter test on the figures' bounds.

    With ``story_events``, claims about one quantity whose figures are linked
    (``figures.event_id``) to events of one story are one claim: two outlets
    giving the toll of one strike disagree about the same quantity even when
    one says "in the city" and the other names it.

    It is a new claim index in memory given every document at once, so an
    index kept up to date document by document gives the same table.
    """
    with ClaimIndex(":memory:") as index:
        index.apply(figure_documents(figures, articles, story_events), ())
        return index.rows()


@dataclass(frozen=True)
class DocumentFigures:
    """One document's part in claim grouping.

    ``source``: the doc id of the original it duplicates, or its own;
    ``published``: its publication date (the time of its figures); ``figures``:
    its rows of the ``figures`` table; ``stories``: event id -> story id of
    the events its figures are linked to.
    """

    doc_id: str
    source: str
    published: date | None
    figures: Sequence[Row] = ()
    stories: Mapping[str, str] = field(default_factory=dict)


def figure_documents(
    figures: pl.DataFrame, articles: pl.DataFrame, story_events: pl.DataFrame | None = None
) -> dict[str, DocumentFigures]:
    """Every document with figures, read from the contract tables.

    Figures of a document missing from ``articles`` count as an undated report
    of its own.
    """
    by_document: dict[str, list[dict[str, Any]]] = {}
    for row in figures.to_dicts():
        by_document.setdefault(row["doc_id"], []).append(row)
    reports = articles.filter(pl.col("doc_id").is_in(sorted(by_document))).select(
        "doc_id", "published_date", pl.coalesce("duplicate_of", "doc_id")
    )
    report_of = {doc_id: (published, source) for doc_id, published, source in reports.iter_rows()}
    story_of = _story_of_event(story_events)
    documents = {}
    for doc_id, rows in by_document.items():
        published, source = report_of.get(doc_id, (None, doc_id))
        linked = {row["event_id"] for row in rows} & story_of.keys()
        stories = {event_id: story_of[event_id] for event_id in linked}
        documents[doc_id] = DocumentFigures(doc_id, source, published, rows, stories)
    return documents


@dataclass(frozen=True)
class ClaimDelta:
    """What an update changed in ``figure_claims``: rows added or changed (all columns),
    and the ids of claims that are gone."""

    upserted: tuple[Mapping[str, Any], ...]
    removed: frozenset[str]

    def table(self) -> pl.DataFrame:
        """The upserted rows as a ``figure_claims`` frame."""
        return frame("figure_claims", self.upserted)


# Raised whenever what the index stores, or how, changes: an older file is emptied.
STORAGE_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS figures (
    figure_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, category TEXT NOT NULL,
    noun TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS figures_doc ON figures (doc_id);
CREATE INDEX IF NOT EXISTS figures_quantity ON figures (category, noun);
CREATE TABLE IF NOT EXISTS claims (
    claim_id TEXT PRIMARY KEY, category TEXT NOT NULL, noun TEXT NOT NULL,
    ordinal INTEGER NOT NULL, part TEXT NOT NULL, row TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_quantity ON claims (category, noun);
CREATE INDEX IF NOT EXISTS claims_part ON claims (part);
"""
_FIGURE_COLUMNS = tuple(polars_schema("figures"))


class ClaimIndex(StoredIndex):
    """Claim grouping over documents given one update at a time, kept in a SQLite file.

    Claims about different quantities (category and counted noun) never
    meet, so an update groups again only the quantities its documents'
    figures are about, before or after. ``path`` may be ``":memory:"``; a
    file written under another ``version`` or other settings is emptied, and
    ``documents`` then tells the caller to send every document again.
    """

    def __init__(self, path: str | Path, *, version: str = "") -> None:
        super().__init__(
            path, _SCHEMA + ROW_PARTS_SCHEMA, fingerprint(STORAGE_VERSION, settings(), version)
        )

    def rows(self, part: str | None = None) -> pl.DataFrame:
        """The ``figure_claims`` rows of one part (``sqlite_store.row_part``), or of the
        whole table, quantity by quantity."""
        where = "" if part is None else "WHERE part = ? "
        query = f"SELECT row FROM claims {where}ORDER BY category, noun, ordinal"
        cursor = self._db.execute(query, () if part is None else (part,))
        return frame("figure_claims", (decode(row, ()) for (row,) in cursor))

    def part_digests(self) -> dict[str, str]:
        """Part -> digest of its rows: a published part whose digest differs is stale."""
        return part_digests(self._db)

    def apply(self, changed: Mapping[str, DocumentFigures], removed: Iterable[str]) -> ClaimDelta:
        """Take in new and changed documents and drop ``removed`` ones, in one transaction.

        A document is given again whenever its figures, its date or duplicate
        status, or the story of one of its linked events changed. Afterwards
        the rows equal ``group_figure_claims`` over the documents now held.
        """
        return in_transaction(self._db, lambda: self._apply(dict(changed), set(removed)))

    def _apply(self, changed: dict[str, DocumentFigures], removed: set[str]) -> ClaimDelta:
        dropped = set(changed) | removed
        query = "SELECT DISTINCT category, noun FROM figures WHERE doc_id IN ({})"
        touched = set(select_in(self._db, query, dropped))
        for table in ("documents", "figures"):
            execute_in(self._db, f"DELETE FROM {table} WHERE doc_id IN ({{}})", dropped)
        self._db.executemany(
            "INSERT INTO documents VALUES (?)",
            [(doc.doc_id,) for doc in changed.values() if doc.figures],
        )
        self._db.executemany(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?)", _figure_records(changed, touched)
        )
        where = "WHERE category = ? AND noun = ?"
        old: dict[str, str] = {}
        for quantity in touched:
            old.update(self._db.execute(f"SELECT claim_id, row FROM claims {where}", quantity))
            self._db.execute(f"DELETE FROM claims {where}", quantity)
        new = {
            row["claim_id"]: row for quantity in sorted(touched) for row in self._regroup(quantity)
        }
        encoded = {claim_id: encode(row) for claim_id, row in new.items()}
        self._keep_digests(old, encoded)
        upserted = tuple(
            row for claim_id, row in new.items() if old.get(claim_id) != encoded[claim_id]
        )
        return ClaimDelta(upserted, frozenset(old.keys() - new.keys()))

    def _keep_digests(self, old: Mapping[str, str], new: Mapping[str, str]) -> None:
        """Bring the part digests in step with the claims that went, came or changed."""
        digests = PartDigests()
        for claim_id, text in old.items():
            if new.get(claim_id) != text:
                digests.remove(claim_id, text)
        for claim_id, text in new.items():
            if old.get(claim_id) != text:
                digests.add(claim_id, text)
        digests.save(self._db)

    def _regroup(self, quantity: tuple[str, str]) -> list[dict[str, Any]]:
        """Group the figures of one quantity again (a figure may have left another
        quantity for it: all the touched quantities' claims are dropped first)."""
        query = "SELECT row FROM figures WHERE category = ? AND noun = ? ORDER BY figure_id"
        figures = [decode(row, ["published_date"]) for (row,) in self._db.execute(query, quantity)]
        claims = _quantity_claims(figures)
        self._db.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)",
            [
                (row["claim_id"], *quantity, n, row_part(row["claim_id"]), encode(row))
                for n, row in enumerate(claims)
            ],
        )
        return claims


def _figure_records(
    changed: Mapping[str, DocumentFigures], touched: set[tuple[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """The ``figures`` records of the changed documents, adding their quantities to
    ``touched``; made one at a time, as one long document can hold hundreds of
    thousands of figures and regrouping them needs the memory next."""
    for doc in changed.values():
        for row in doc.figures:
            stored = _stored(doc, row)
            quantity = _quantity(stored)
            touched.add(quantity)
            yield (stored["figure_id"], stored["doc_id"], *quantity, encode(stored))


def _stored(doc: DocumentFigures, row: Row) -> dict[str, Any]:
    """A figure row as grouping reads it: with its report's date and source, and its story."""
    return {
        **{name: row.get(name) for name in _FIGURE_COLUMNS},
        "published_date": doc.published,
        "source": doc.source,
        "story": doc.stories.get(row.get("event_id") or ""),
    }


def _quantity(row: Row) -> tuple[str, str]:
    """What a figure counts: its category and the class of its counted noun."""
    return (row["category"], noun_class(row["quantity_noun"]))


def _quantity_claims(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The claim rows of the figures of one quantity."""
    by_place: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_place[normalise_place(row["location_name"])].append(row)
    return [_claim_row(claim) for claim in _join_by_story(_claims_of_quantity(by_place))]


def _story_of_event(story_events: pl.DataFrame | None) -> dict[str, str]:
    if story_events is None:
        return {}
    return {
        event_id: story_id
        for story_id, event_ids in story_events.select("story_event_id", "event_ids").iter_rows()
        for event_id in event_ids
    }


def _join_by_story(claims: list[list[Row]]) -> list[list[Row]]:
    """Merge the claims whose figures quantify events of one story."""
    joined: list[list[Row]] = []
    claim_of_story: dict[str, list[Row]] = {}
    for claim in claims:
        stories = {row["story"] for row in claim if row["story"] is not None}
        target = next((claim_of_story[s] for s in sorted(stories) if s in claim_of_story), None)
        if target is None:
            joined.append(claim)
            target = claim
        else:
            target.extend(claim)
        claim_of_story.update({story: target for story in stories})
    return joined


def _claims_of_quantity(by_place: Mapping[str, list[Row]]) -> list[list[Row]]:
    """The claims about one quantity, place by place.

    A figure that names no place ("five guards were killed") joins the one
    claim that names a place and states the same number ("five guards killed
    in ..."); with none or several such claims it stays with the other
    unplaced figures rather than guess. Placed claims are found by the one
    number they state, so each unplaced figure costs one look-up.
    """
    placed = [
        claim
        for place, rows in sorted(by_place.items())
        if place
        for claim in _claims_over_time(rows)
    ]
    stating: dict[float | None, list[list[Row]]] = defaultdict(list)
    for claim in placed:
        numbers = _stated_numbers(claim)
        if len(numbers) == 1:
            stating[next(iter(numbers))].append(claim)
    unplaced = []
    for row in by_place.get("", []):
        same = stating.get(_stated(row), [])
        if len(same) == 1:
            same[0].append(row)
        else:
            unplaced.append(row)
    return placed + _claims_over_time(unplaced)


def _claims_over_time(rows: list[Row]) -> list[list[Row]]:
    window = settings().window
    return _merge_restatements(_split_by_report_time(sorted(rows, key=_report_order), window))
