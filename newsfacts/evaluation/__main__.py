"""``python -m newsfacts.evaluation``: precision/recall of every table against gold.

Runs the extractors on the bundled seeds (no warehouse needed) and prints one
line per table and metric, overall; ``--per-doc`` adds one line per seed.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from newsfacts.documents import read_documents
from newsfacts.evaluation.metrics import OVERALL, Score
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT

EVALUATORS = ("boilerplate", "figures", "entities", "quotes", "events", "stories")


def run_all(docs: Sequence[CleanDocument]) -> list[Score]:
    scores: list[Score] = []
    for name in EVALUATORS:
        module = importlib.import_module(f"newsfacts.evaluation.{name}")
        scores.extend(module.evaluate(docs))
    return scores


def format_scores(scores: Sequence[Score], per_doc: bool) -> str:
    header = f"{'table':<13} {'metric':<16} {'doc':<26} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn"
    lines = [header, "-" * len(header)]
    for s in scores:
        if s.doc != OVERALL and not per_doc:
            continue
        lines.append(
            f"{s.table:<13} {s.metric:<16} {s.doc:<26} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.f1:6.3f}  {s.tp}/{s.fp}/{s.fn}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-doc", action="store_true", help="also print every seed's scores")
    args = parser.parse_args(argv)
    docs = list(read_documents(PROJECT_ROOT / "data" / "seeds"))
    print(format_scores(run_all(docs), args.per_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
