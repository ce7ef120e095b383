"""The story index: applied in increments, it gives the table clustering from scratch gives."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfacts.schemas import StoryEvents, frame
from newsfacts.sqlite_store import connect
from newsfacts.stories import DocumentEvents, StoryIndex, cluster_story_events
from newsfacts.stories.blocking import Band, band, band_pairs, block_keys, block_order
from newsfacts.stories.postings import SCHEMA, Blocks
from newsfacts.stories.reports import Report
from newsfacts.stories.settings import Limits
from newsfacts.stories.units import Unit, unit_of
from tests.index_steps import check_parts, replay
from tests.table_builders import articles_frame

DOCS = [f"{n:02x}" * 8 for n in range(1, 25)]
PUBLISHED = date(2025, 3, 10)
PLACES = [
    ("port-varen", "KE", 1.0, 35.0),
    ("port-varen-outskirts", "KE", 1.02, 35.01),
    ("kenya", "KE", None, None),
    ("lodwar", "UG", 3.1, 35.6),
]
# "rsf" expands to whichever of the two long names is named, to neither when both are.
PARTIES = ["rsf", "rapid-support-forces", "red-sun-front", "northland", "KE"]
# Tiny caps, so that few units already fill blocks and windows and every cap is used.
TINY = Limits(block_all=2, neighbours=1, window=1, checked=2)


def event(doc_id: str, n: int, **extra: Any) -> dict[str, Any]:
    """Event ``n`` of a document; ``location`` names one of ``PLACES``."""
    row: dict[str, Any] = {
        "event_id": f"{doc_id}-e{n}",
        "doc_id": doc_id,
        "sentence_idx": n,
        "char_start": 10 * n,
        "char_end": 10 * n + 6,
        "trigger": "strike",
        "event_type": "ASSAULT",
        "modality": "asserted",
        "date_precision": "unknown",
    }
    for role in ("actor", "target"):
        if extra.get(role):
            row[f"{role}_id"] = row[f"{role}_name"] = extra.pop(role)
    place = extra.pop("location", None)
    if place is not None:
        row.update(
            zip(("location_id", "country_code", "latitude", "longitude"), place, strict=True)
        )
        row["location_name"] = place[0]
    row.update(extra)
    if row.get("event_date") is not None:
        row["date_precision"] = "day"
    return row


def document(doc_id: str, rows: list[dict[str, Any]], dated: bool = True) -> DocumentEvents:
    """A document of the given events (run through the events schema, as the engine's are)."""
    source = DOCS[0] if doc_id == DOCS[5] else doc_id  # the last document copies the first
    report = Report(source, PUBLISHED if dated else None)
    sentences = {
        row["sentence_idx"]: f"Sentence {row['sentence_idx']} of {doc_id}." for row in rows
    }
    events = frame("events", rows).to_dicts()
    return DocumentEvents(doc_id, report, f"Outlet {doc_id[0]}", sentences, events)


def fresh(documents: dict[str, DocumentEvents], limits: Limits | None = None) -> StoryIndex:
    index = StoryIndex(":memory:", limits=limits)
    index.apply(documents, ())
    return index


days = st.integers(0, 4)
mentions = st.fixed_dictionaries(
    {
        "event_type": st.sampled_from(["ASSAULT", "ASSAULT", "PROTEST"]),
        "event_date": st.none() | days.map(lambda d: PUBLISHED - timedelta(days=d)),
        "location": st.none() | st.sampled_from(PLACES),
        "actor": st.none() | st.sampled_from(PARTIES),
        "target": st.none() | st.sampled_from(PARTIES),
        "fatalities": st.none() | st.sampled_from([2, 7]),
        "mode": st.none() | st.sampled_from(["drone", "aerial", "firearms"]),
        "grouped": st.booleans(),
    }
)
versions = st.tuples(st.lists(mentions, max_size=4), st.booleans())
# One update: documents (by number) given a new version, or removed (None).
updates = st.lists(st.tuples(st.integers(0, 5), st.none() | versions), min_size=1, max_size=3)


def build(doc_id: str, version: tuple[list[dict[str, Any]], bool]) -> DocumentEvents:
    said, dated = version
    rows = []
    for n, attributes in enumerate(said, start=1):
        attributes = dict(attributes)
        grouped = attributes.pop("grouped")
        group = f"{doc_id}-g{n - 1 if grouped and n > 1 else n}"
        rows.append(event(doc_id, n, event_group=group, **attributes))
    return document(doc_id, rows, dated)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(updates, min_size=1, max_size=6), st.booleans())
def test_increments_give_the_table_from_scratch(steps: list[Any], tiny: bool) -> None:
    _check_increments(steps, TINY if tiny else None)


# One-mention documents of one town: with tiny caps its blocks grow long, and a document
# entering or leaving shifts which neighbours they compare.
crowd = st.tuples(
    st.lists(
        mentions.map(lambda attributes: {**attributes, "location": PLACES[0]}),
        min_size=1,
        max_size=1,
    ),
    st.just(True),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 23), st.none() | crowd), min_size=1, max_size=4),
        min_size=2,
        max_size=8,
    )
)
def test_increments_into_long_blocks_give_the_table_from_scratch(steps: list[Any]) -> None:
    _check_increments(steps, TINY)


def _check_increments(steps: list[Any], limits: Limits | None) -> None:
    index = StoryIndex(":memory:", limits=limits)

    def check(current: dict[str, DocumentEvents], table: dict[str, dict[str, Any]]) -> None:
        scratch = fresh(current, limits)
        expected = scratch.rows()
        assert index.rows().equals(expected)
        assert _derived(index) == _derived(scratch)
        assert sorted(table) == sorted(expected["story_event_id"])
        check_parts(index, scratch, "story_event_id")
        assert index.documents() == {doc_id for doc_id, doc in current.items() if doc.events}

    documents = [
        [(DOCS[n], None if version is None else build(DOCS[n], version)) for n, version in step]
        for step in steps
    ]
    replay(index, documents, "story_event_id", check)


def _derived(index: StoryIndex) -> dict[str, list[tuple[Any, ...]]]:
    """What the index derived and keeps besides its rows: the same, however it got there."""
    queries = {
        "pairs": "SELECT * FROM pairs",
        "links": "SELECT * FROM links",
        "postings": "SELECT key, day, doc, pos, unit FROM postings JOIN blocks USING (block)",
        "blocks": "SELECT key, size FROM blocks",
        "parties": "SELECT * FROM parties",
        "expansions": "SELECT * FROM expansions",
        "units": "SELECT unit, data, story FROM units",
    }
    return {name: sorted(index._db.execute(query)) for name, query in queries.items()}


def test_a_fresh_index_is_cluster_story_events() -> None:
    rows = [
        event(DOCS[0], 1, event_date=PUBLISHED, location=PLACES[0], actor="northland"),
        event(DOCS[1], 1, event_date=PUBLISHED, location=PLACES[0], actor="northland"),
        event(DOCS[2], 1, location=PLACES[3], fatalities=7),
    ]
    articles = articles_frame(DOCS[:3], dict.fromkeys(DOCS[:3], PUBLISHED))
    expected = cluster_story_events(frame("events", rows), articles)
    documents = {
        doc_id: document(doc_id, [row for row in rows if row["doc_id"] == doc_id])
        for doc_id in DOCS[:3]
    }
    table = fresh(documents).rows()
    StoryEvents.validate(table)
    assert table.drop("sources", "notes").equals(expected.drop("sources", "notes"))
    assert sorted(len(ids) for ids in table["event_ids"]) == [1, 2]


def test_the_index_survives_reopening_its_file(tmp_path: Path) -> None:
    path = tmp_path / "stories.sqlite"
    first = {
        doc_id: build(doc_id, ([_strike(), _strike(actor="rsf")], True)) for doc_id in DOCS[:2]
    }
    index = StoryIndex(path)
    index.apply(first, ())
    index.close()
    reopened = StoryIndex(path)
    assert reopened.documents() == set(DOCS[:2])
    later = {DOCS[2]: build(DOCS[2], ([_strike(actor="rapid-support-forces")], True))}
    reopened.apply(later, [DOCS[0]])
    current = {DOCS[1]: first[DOCS[1]], **later}
    assert reopened.rows().equals(fresh(current).rows())
    reopened.close()
    assert StoryIndex(path, version="other code").documents() == set()


def _strike(**extra: Any) -> dict[str, Any]:
    attributes = {
        "event_type": "ASSAULT",
        "event_date": PUBLISHED,
        "location": PLACES[0],
        "actor": None,
        "target": None,
        "fatalities": None,
        "mode": None,
        "grouped": False,
    }
    return {**attributes, **extra}


def test_removing_the_report_that_bridged_two_others_splits_their_story() -> None:
    """A dated report by actor; a report giving the day and the city; an undated mention of
    the city with its target: the middle one alone shares something with each."""
    documents = {
        DOCS[0]: document(DOCS[0], [event(DOCS[0], 1, event_date=PUBLISHED, actor="northland")]),
        DOCS[1]: document(
            DOCS[1],
            [event(DOCS[1], 1, event_date=PUBLISHED, actor="northland", location=PLACES[0])],
        ),
        DOCS[2]: document(
            DOCS[2], [event(DOCS[2], 1, location=PLACES[0], target="red-sun-front", fatalities=7)]
        ),
    }
    index = StoryIndex(":memory:")
    index.apply(documents, ())
    assert [len(ids) for ids in index.rows()["event_ids"]] == [3]
    delta = index.apply({}, [DOCS[1]])
    assert len(delta.removed) == 1 and len(delta.upserted) == 2
    assert sorted(len(ids) for ids in index.rows()["event_ids"]) == [1, 1]
    del documents[DOCS[1]]
    assert index.rows().equals(fresh(documents).rows())


def test_a_new_party_with_the_same_initials_takes_an_acronym_apart() -> None:
    """ "rsf" is the Rapid Support Forces while no other party has those initials."""
    strike = {"event_date": PUBLISHED, "location": PLACES[0]}
    documents = {
        DOCS[0]: document(DOCS[0], [event(DOCS[0], 1, actor="rsf", **strike)]),
        DOCS[1]: document(DOCS[1], [event(DOCS[1], 1, actor="rapid-support-forces", **strike)]),
    }
    index = StoryIndex(":memory:")
    index.apply(documents, ())
    assert [len(ids) for ids in index.rows()["event_ids"]] == [2]
    elsewhere = event(DOCS[2], 1, actor="red-sun-front", location=PLACES[3], event_type="PROTEST")
    documents[DOCS[2]] = document(DOCS[2], [elsewhere])
    index.apply({DOCS[2]: documents[DOCS[2]]}, ())
    assert sorted(len(ids) for ids in index.rows()["event_ids"]) == [1, 1, 1]
    assert index.rows().equals(fresh(documents).rows())
    index.apply({}, [DOCS[2]])
    assert sorted(len(ids) for ids in index.rows()["event_ids"]) == [2]


def _unit(number: int, day: int) -> Unit:
    """A one-mention unit of document ``number`` at the first town, ``day`` days back."""
    doc_id = f"{number:016x}"
    told = {"event_date": PUBLISHED - timedelta(days=day), "location": PLACES[0]}
    row = frame("events", [event(doc_id, 1, **told)])
    return unit_of(row.to_dicts(), Report(doc_id, PUBLISHED), {})


def _compared(units: Iterable[Unit], limits: Limits) -> set[Band]:
    """Every band some block compares, from scratch."""
    members: dict[tuple[Any, ...], list[Unit]] = {}
    for unit in units:
        for key in block_keys(unit):
            members.setdefault(key, []).append(unit)
    return {
        band(a.unit_id, b.unit_id)
        for block in members.values()
        for a, b in band_pairs(sorted(block, key=block_order), limits)
    }


numbers = st.integers(0, 59)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(numbers, days, min_size=20),
    st.lists(
        st.tuples(st.sets(numbers, max_size=4), st.dictionaries(numbers, days, max_size=3)),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 3),
)
def test_blocks_report_every_band_that_stops_or_starts_being_compared(
    first: dict[int, int], steps: list[tuple[set[int], dict[int, int]]], neighbours: int
) -> None:
    """What the index keeps up to date from ``Blocks.update``: the bands compared now.

    Many units first, then a few at a time, so that long blocks change in a few places.
    """
    limits = Limits(block_all=neighbours + 1, neighbours=neighbours)
    blocks = Blocks(connect(":memory:", SCHEMA, "test"), limits)
    posted: dict[int, Unit] = {}
    tracked: set[Band] = set()
    for withdrawn, posting in [(set(), first), *steps]:
        gone = [posted.pop(n) for n in sorted(withdrawn | set(posting)) if n in posted]
        came = [_unit(n, day) for n, day in sorted(posting.items())]
        posted.update(zip(sorted(posting), came, strict=True))
        left, entered = blocks.update(gone, came)
        ids = {unit.unit_id for unit in gone}
        units = {unit.unit_id: unit for unit in posted.values()}
        tracked = {b for b in tracked if ids.isdisjoint(b)}
        tracked -= {b for b in left if b in tracked and not blocks.compared(*map(units.get, b))}
        tracked |= entered
        assert tracked == _compared(posted.values(), limits)
