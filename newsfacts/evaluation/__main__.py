"""``python -m newsfacts.evaluation``: precision/recall of every table against gold.

Runs the extractors on the bundled seeds (no warehouse needed) and prints one
line per table and metric, overall; ``--per-doc`` adds one line per document.
``--heldout`` scores the held-out articles of tests/heldout instead: articles
the extractors were never tuned on, so their scores estimate quality on new
text, where the seed scores overstate it. ``--false-positives`` counts ASSAULT
rows per 100 articles of the BBC business, sport, tech and entertainment
sections, which report (nearly) no violence (see ``false_positives``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from newsfacts.documents import read_documents
from newsfacts.evaluation.false_positives import format_rates, measure
from newsfacts.evaluation.metrics import GOLD_DIR, OVERALL, Score
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT

EVALUATORS = ("boilerplate", "figures", "entities", "quotes", "events", "stories")
SEEDS_DIR = PROJECT_ROOT / "data" / "seeds"
HELDOUT_DIR = PROJECT_ROOT / "tests" / "heldout"
# Boilerplate gold labels raw seed lines; the held-out articles carry none.
HELDOUT_EVALUATORS = tuple(name for name in EVALUATORS if name != "boilerplate")


def run_all(docs: Sequence[CleanDocument]) -> list[Score]:
    """Every table's scores on the seeds against tests/gold."""
    scores: list[Score] = []
    for name in EVALUATORS:
        module = importlib.import_module(f"newsfacts.evaluation.{name}")
        scores.extend(module.evaluate(docs))
    return scores


def run_heldout(heldout_dir: Path = HELDOUT_DIR) -> list[Score]:
    """Every table's scores on ``heldout_dir``/articles against ``heldout_dir``/gold."""
    docs = list(read_documents(heldout_dir / "articles"))
    scores: list[Score] = []
    for name in HELDOUT_EVALUATORS:
        module = importlib.import_module(f"newsfacts.evaluation.{name}")
        scores.extend(module.evaluate(docs, gold_dir=heldout_dir / GOLD_DIR.name))
    return scores


def format_scores(scores: Sequence[Score], per_doc: bool) -> str:
    header = f"{'table':<13} {'metric':<26} {'doc':<26} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn"
    lines = [header, "-" * len(header)]
    for s in scores:
        if s.doc != OVERALL and not per_doc:
            continue
        lines.append(
            f"{s.table:<13} {s.metric:<26} {s.doc:<26} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.f1:6.3f}  {s.tp}/{s.fp}/{s.fn}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-doc", action="store_true", help="also print every document's scores")
    parser.add_argument(
        "--heldout", action="store_true", help="score the held-out articles of tests/heldout"
    )
    parser.add_argument(
        "--false-positives",
        action="store_true",
        help="ASSAULT rows per 100 BBC business/sport/tech/entertainment articles",
    )
    args = parser.parse_args(argv)
    if args.false_positives:
        print(format_rates(measure()))
        return 0
    scores = run_heldout() if args.heldout else run_all(list(read_documents(SEEDS_DIR)))
    print(format_scores(scores, args.per_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
