"""Events of the seed articles against the hand-made gold (tests/gold/events.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from newsfacts.dates import infer_published_date
from newsfacts.documents import read_documents
from newsfacts.entities.extract import extract_mentions
from newsfacts.evaluation.events import ATTRIBUTES, evaluate, load_gold
from newsfacts.evaluation.metrics import OVERALL, Score
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument
from newsfacts.schemas import Events, frame

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@cache
def documents() -> tuple[CleanDocument, ...]:
    return tuple(read_documents(SEEDS))


@cache
def scores() -> dict[str, Score]:
    return {s.metric: s for s in evaluate(documents()) if s.doc == OVERALL}


def test_assault_f1() -> None:
    assert scores()["assault"].f1 >= 0.85, scores()["assault"]


def test_all_types_f1() -> None:
    assert scores()["type"].f1 >= 0.75, scores()["type"]


def test_type_date_place_f1() -> None:
    assert scores()["type_date_place"].f1 >= 0.75, scores()["type_date_place"]


def test_grouping_precision() -> None:
    """Wrongly merged mentions hide events from the counts, so precision comes first."""
    assert scores()["grouping"].precision >= 0.6, scores()["grouping"]


@pytest.mark.parametrize(
    ("attribute", "floor"),
    [
        ("modality", 0.9),
        ("date", 0.9),
        ("fatalities", 0.9),
        ("injuries", 0.9),
        ("place", 0.75),
        ("target", 0.7),
        ("actor", 0.65),
    ],
)
def test_attribute_accuracy(attribute: str, floor: float) -> None:
    assert attribute in ATTRIBUTES
    assert scores()[attribute].recall >= floor, scores()[attribute]


def test_every_gold_sentence_exists() -> None:
    """A gold snippet that no longer matches a sentence would silently drop an event."""
    gold = load_gold()
    for doc in documents():
        texts = [" ".join(s.text.replace("’", "'").lower().split()) for s in doc.sentences]
        for event in gold[doc.source_path]["events"]:
            snippet = " ".join(str(event["s"]).replace("’", "'").lower().split())
            assert any(snippet in t for t in texts), (doc.source_path, event["s"])


def test_gold_publication_dates() -> None:
    gold = load_gold()
    for doc in documents():
        assert infer_published_date(doc)[0] == gold[doc.source_path]["published"]


def test_rows_are_valid_and_traceable() -> None:
    for doc in documents():
        rows, links = extract_events(doc, extract_mentions(doc), extract_figures(doc))
        Events.validate(frame("events", rows))
        ids = {r["event_id"] for r in rows}
        assert set(links.values()) <= ids
        for row in rows:
            assert doc.clean_text[row["char_start"] : row["char_end"]] == row["trigger"]
            # participants are document-level keys until cross-document resolution
            assert not {"actor_id", "target_id", "location_id"} & set(row)


def test_headline_strike_is_grouped_with_the_body() -> None:
    doc = next(d for d in documents() if d.source_path.startswith("001_"))
    rows, _ = extract_events(doc, extract_mentions(doc), extract_figures(doc))
    drone = [r for r in rows if r["mode"] == "drone"]
    assert len(drone) >= 2 and len({r["event_group"] for r in drone}) == 1
