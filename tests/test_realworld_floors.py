"""Real-world held-out floors: the scores of tests/realworld stay near what they measure.

The floors are the measured real-world scores minus about 0.03, rounded down. Like
the held-out floors they exist so that a regression on real text shows; they are no
targets, and must never be raised by tuning an extractor to these texts (fix the
general pattern behind an error class, then raise a floor). The texts are rebuilt
from ../shared/corpora; without it the test skips.
"""

from __future__ import annotations

import pytest

from newsfacts.evaluation.__main__ import run_realworld
from newsfacts.evaluation.metrics import OVERALL, Score
from newsfacts.evaluation.realworld import CorporaMissing

# (table, metric) -> floor on the overall score read as the headline reads it
# (recall for accuracy-style metrics, precision for ASSAULT precision, F1 else).
FLOORS: dict[tuple[str, str], tuple[str, float]] = {
    ("figures", "value_category"): ("f1", 0.88),
    ("figures", "qualifier"): ("recall", 0.96),
    ("quotes", "text_speaker"): ("f1", 0.78),
    ("quotes", "speaker_right"): ("recall", 0.84),
    ("events", "assault_precision"): ("precision", 0.96),
    ("events", "assault_recall"): ("recall", 0.92),
    ("events", "specific_place"): ("recall", 0.71),
    ("events", "day_right"): ("recall", 0.86),
}


@pytest.fixture(scope="module")
def overall_scores() -> dict[tuple[str, str], Score]:
    try:
        scores = run_realworld()
    except CorporaMissing:
        pytest.skip("../shared/corpora missing")
    return {(s.table, s.metric): s for s in scores if s.doc == OVERALL}


@pytest.mark.parametrize(("table", "metric"), sorted(FLOORS))
def test_realworld_floor(
    overall_scores: dict[tuple[str, str], Score], table: str, metric: str
) -> None:
    reading, floor = FLOORS[(table, metric)]
    score = overall_scores[(table, metric)]
    assert getattr(score, reading) >= floor, score
