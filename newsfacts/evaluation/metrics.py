"""Scores shared by every table's evaluation."""

from __future__ import annotations

from dataclasses import dataclass

from newsfacts.reference import PROJECT_ROOT

OVERALL = "ALL"
# Where the hand annotation of the bundled seeds lives; every evaluator takes
# another folder of the same files (a held-out set) as ``gold_dir``.
GOLD_DIR = PROJECT_ROOT / "tests" / "gold"


@dataclass(frozen=True)
class Score:
    """Precision/recall counts for one table, metric and document.

    ``doc`` is a seed file name, or ``ALL`` for the micro-average over documents.
    Accuracy-style metrics (qualifier accuracy...) use ``tp`` as correct and
    ``fn`` as wrong, so ``recall`` reads as the accuracy.
    """

    table: str
    metric: str
    doc: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def overall(scores: list[Score], table: str, metric: str) -> Score:
    """Micro-average of the per-document scores of one metric."""
    picked = [s for s in scores if s.table == table and s.metric == metric and s.doc != OVERALL]
    return Score(
        table,
        metric,
        OVERALL,
        sum(s.tp for s in picked),
        sum(s.fp for s in picked),
        sum(s.fn for s in picked),
    )
