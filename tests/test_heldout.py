"""Held-out evaluation: articles and gold in tests/heldout that no extractor was tuned on.

The floors below are the measured held-out F1 scores minus 0.05, rounded
down. They are held-out FLOORS, not targets: they exist so that a regression
on unseen text shows, and must never be raised by tuning an extractor to
these four articles (which would turn them into more seeds). Raise a floor
only after a general improvement lifts the measured score.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from newsfacts.documents import read_documents
from newsfacts.evaluation.__main__ import HELDOUT_DIR, run_heldout
from newsfacts.evaluation.figures import locate
from newsfacts.evaluation.metrics import OVERALL, Score
from newsfacts.model import CleanDocument

GOLD = HELDOUT_DIR / "gold"

# (table, metric) -> floor on the overall F1; story_events pairwise_cross_document
# measures 0.0 (the two reports of one shelling are not linked) and has no floor.
FLOORS: dict[tuple[str, str], float] = {
    ("figures", "value_category"): 0.84,
    ("figures", "qualifier"): 0.93,
    ("figures", "bounds"): 0.93,
    ("figures", "quantity_noun"): 0.91,
    ("mentions", "span_type"): 0.74,
    ("entities", "alias_pairs"): 0.50,
    ("quotes", "text_speaker"): 0.47,
    ("events", "type"): 0.72,
    ("events", "type_date_place"): 0.57,
    ("events", "assault"): 0.76,
    ("events", "grouping"): 0.13,
    ("events", "modality"): 0.92,
    ("events", "actor"): 0.77,
    ("events", "target"): 0.86,
    ("events", "date"): 0.92,
    ("events", "place"): 0.86,
    ("events", "fatalities"): 0.90,
    ("events", "injuries"): 0.93,
    ("story_events", "pairwise"): 0.25,
    ("story_events", "matched"): 0.71,
}


@pytest.fixture(scope="module")
def overall_scores() -> dict[tuple[str, str], Score]:
    return {(s.table, s.metric): s for s in run_heldout() if s.doc == OVERALL}


@pytest.fixture(scope="module")
def documents() -> dict[str, CleanDocument]:
    return {d.source_path: d for d in read_documents(HELDOUT_DIR / "articles")}


@pytest.mark.parametrize(("table", "metric"), sorted(FLOORS))
def test_heldout_floor(
    overall_scores: dict[tuple[str, str], Score], table: str, metric: str
) -> None:
    score = overall_scores[(table, metric)]
    assert score.f1 >= FLOORS[(table, metric)], score


def test_every_table_is_scored(overall_scores: dict[tuple[str, str], Score]) -> None:
    assert set(FLOORS) | {("story_events", "pairwise_cross_document")} == set(overall_scores)


def _gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((GOLD / name).read_text(encoding="utf-8"))
    return data


def test_gold_covers_every_article(documents: dict[str, CleanDocument]) -> None:
    assert len(documents) == len(list((HELDOUT_DIR / "articles").glob("*.txt"))) == 4
    for name in ("figures.yaml", "events.yaml"):
        assert set(_gold(name)) == set(documents)
    for name in ("entities.yaml", "quotes.yaml"):
        assert set(_gold(name)["documents"]) == set(documents)


def test_gold_figures_are_found_in_the_clean_text(documents: dict[str, CleanDocument]) -> None:
    for name, items in _gold("figures.yaml").items():
        for annotation in items:
            assert locate(documents[name].clean_text, annotation).start >= 0, annotation


def test_gold_event_snippets_name_one_sentence(documents: dict[str, CleanDocument]) -> None:
    for name, entry in _gold("events.yaml").items():
        for event in entry["events"]:
            hits = [s for s in documents[name].sentences if _fold(event["s"]) in _fold(s.text)]
            assert len(hits) == 1, event


def test_two_reports_of_one_event_share_a_story() -> None:
    mentions = _gold("stories.yaml")["mentions"]
    docs_per_story: dict[str, set[str]] = {}
    for mention in mentions:
        docs_per_story.setdefault(mention["story"], set()).add(mention["doc"])
    assert any(len(docs) > 1 for docs in docs_per_story.values())


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())
