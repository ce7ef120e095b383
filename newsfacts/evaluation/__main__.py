"""``python -m newsfacts.evaluation``: precision/recall of every table against gold.

Runs the extractors on the bundled seeds (no warehouse needed) and prints one
line per table and metric, overall; ``--per-doc`` adds one line per document.
``--heldout`` scores the held-out articles of tests/heldout instead: articles
the extractors were never tuned on, so their scores estimate quality on new
text, where the seed scores overstate it. ``--realworld`` scores the real
news texts of tests/realworld, rebuilt from ../shared/corpora, against
tests/realworld/gold: figures, quotes (with speaker accuracy) and ASSAULT
events, then prints the headline number of each metric. ``--false-positives``
counts ASSAULT rows per 100 articles of the BBC business, sport, tech and
entertainment sections, and those of them hand-labelled as telling no attack
(see ``false_positives``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from newsfacts.documents import read_documents
from newsfacts.evaluation import assaults, figures, quotes
from newsfacts.evaluation.false_positives import format_rates, measure
from newsfacts.evaluation.metrics import GOLD_DIR, OVERALL, Score
from newsfacts.evaluation.realworld import REALWORLD_DIR, materialise
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


def run_realworld(
    realworld_dir: Path = REALWORLD_DIR, sources_path: Path | None = None
) -> list[Score]:
    """Scores of the real-world texts, materialised into a temporary folder.

    Raises :class:`newsfacts.evaluation.realworld.CorporaMissing` when the
    shared corpora the texts are rebuilt from are not there.
    """
    gold_dir = realworld_dir / GOLD_DIR.name
    sources = sources_path or realworld_dir / "sources.yaml"
    with tempfile.TemporaryDirectory(prefix="newsfacts-realworld-") as tmp:
        texts = {path.name for path in materialise(Path(tmp), sources)}
        docs = [d for d in read_documents(Path(tmp)) if d.source_path in texts]
    return (
        figures.evaluate(docs, gold_dir=gold_dir)
        + quotes.evaluate(docs, gold_dir=gold_dir, speaker_right=True)
        + assaults.evaluate(docs, gold_dir=gold_dir)
    )


# The number each real-world metric is read as: an F1, a precision, or a
# recall / accuracy (accuracy metrics count right as tp and wrong as fn).
HEADLINE: tuple[tuple[str, str, str], ...] = (
    ("figures", "value_category", "F1"),
    ("figures", "qualifier", "accuracy"),
    ("quotes", "text_speaker", "F1"),
    ("quotes", "speaker_right", "accuracy"),
    ("events", "assault_precision", "precision"),
    ("events", "assault_recall", "recall"),
    ("events", "specific_place", "accuracy"),
    ("events", "day_right", "accuracy"),
)


def format_headline(scores: Sequence[Score]) -> str:
    """One line per real-world metric: its value and the counts behind it."""
    overall_scores = {(s.table, s.metric): s for s in scores if s.doc == OVERALL}
    lines = []
    for table, metric, reading in HEADLINE:
        s = overall_scores.get((table, metric))
        if s is None:
            continue
        value = {"F1": s.f1, "precision": s.precision}.get(reading, s.recall)
        right, total = _counts(s, reading)
        detail = f"tp/fp/fn {s.tp}/{s.fp}/{s.fn}" if reading == "F1" else f"{right}/{total}"
        lines.append(f"{table:<8} {metric:<19} {reading:<10} {value:6.3f}  ({detail})")
    return "\n".join(lines)


def _counts(s: Score, reading: str) -> tuple[int, int]:
    if reading == "precision":
        return s.tp, s.tp + s.fp
    return s.tp, s.tp + s.fn


def format_scores(scores: Sequence[Score], per_doc: bool) -> str:
    width = max([26, *(len(s.doc) for s in scores if per_doc or s.doc == OVERALL)])
    header = f"{'table':<13} {'metric':<26} {'doc':<{width}} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn"
    lines = [header, "-" * len(header)]
    for s in scores:
        if s.doc != OVERALL and not per_doc:
            continue
        lines.append(
            f"{s.table:<13} {s.metric:<26} {s.doc:<{width}} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.f1:6.3f}  {s.tp}/{s.fp}/{s.fn}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-doc", action="store_true", help="also print every document's scores")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--heldout", action="store_true", help="score the held-out articles of tests/heldout"
    )
    which.add_argument(
        "--realworld",
        action="store_true",
        help="score the real news texts of tests/realworld (needs ../shared/corpora)",
    )
    which.add_argument(
        "--false-positives",
        action="store_true",
        help="ASSAULT rows (all, and labelled no attack) per 100 BBC business/sport/tech/"
        "entertainment articles",
    )
    args = parser.parse_args(argv)
    if args.false_positives:
        print(format_rates(measure()))
        return 0
    if args.realworld:
        scores = run_realworld()
        print(format_scores(scores, args.per_doc))
        print()
        print(format_headline(scores))
        return 0
    scores = run_heldout() if args.heldout else run_all(list(read_documents(SEEDS_DIR)))
    print(format_scores(scores, args.per_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
