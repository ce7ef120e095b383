"""Score the figures extractor against the hand annotation in tests/gold/figures.yaml.

Gold figures carry no offsets (so they survive cleanup changes): each is
located in the document's clean text by its surface, inside its optional
``context`` string. A predicted figure matches a gold one when their spans
overlap, so a surface drawn a word wider or narrower still matches.

Metrics (table ``figures``), per document and ``ALL``:
- ``value_category``: a prediction is a true positive when it matches a gold
  figure with the same value and category; unmatched or wrong predictions
  are false positives, gold figures without a correct prediction false
  negatives;
- ``qualifier``, ``bounds`` and ``quantity_noun``: accuracy over matched
  pairs (tp = correct, fn = wrong) of the qualifier, the (value_min,
  value_max) pair and the counted noun.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from newsfacts.evaluation.metrics import GOLD_DIR, Score, overall
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument

GOLD_PATH = GOLD_DIR / "figures.yaml"
TABLE = "figures"
METRICS = ("value_category", "qualifier", "bounds", "quantity_noun")

# Accuracy metrics over matched pairs: the fields that must agree.
_ACCURACIES: dict[str, tuple[str, ...]] = {
    "qualifier": ("qualifier",),
    "bounds": ("value_min", "value_max"),
    "quantity_noun": ("quantity_noun",),
}


@dataclass(frozen=True)
class GoldFigure:
    """One annotated figure, located in a document's clean text (``start`` -1 if absent)."""

    start: int
    end: int
    annotation: Mapping[str, Any]


@cache
def load_gold(path: Path = GOLD_PATH) -> dict[str, list[dict[str, Any]]]:
    """The annotation, keyed by seed file name."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {str(name): list(items or []) for name, items in data.items()}


def locate(text: str, annotation: Mapping[str, Any]) -> GoldFigure:
    """Find an annotated surface in ``text``, inside its context when one is given."""
    surface = str(annotation["surface"])
    context = annotation.get("context")
    origin = text.find(str(context)) if context else 0
    start = text.find(surface, origin) if origin >= 0 else -1
    return GoldFigure(start, start + len(surface), annotation)


def evaluate(docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR) -> list[Score]:
    """Per-document and overall scores of every annotated document in ``docs``."""
    gold = load_gold(gold_dir / GOLD_PATH.name)
    scores: list[Score] = []
    for doc in docs:
        if doc.source_path in gold:
            scores.extend(_score_document(doc, gold[doc.source_path]))
    scores.extend(overall(scores, TABLE, metric) for metric in METRICS)
    return scores


def _score_document(doc: CleanDocument, annotations: list[dict[str, Any]]) -> list[Score]:
    golds = [locate(doc.clean_text, a) for a in annotations]
    predicted = extract_figures(doc)
    pairs = _match(golds, predicted)
    correct = sum(_same(g.annotation, p, ("value", "category")) for g, p in pairs)
    name = doc.source_path
    scores = [
        Score(
            TABLE, "value_category", name, correct, len(predicted) - correct, len(golds) - correct
        )
    ]
    for metric, fields in _ACCURACIES.items():
        right = sum(_same(g.annotation, p, fields) for g, p in pairs)
        scores.append(Score(TABLE, metric, name, right, 0, len(pairs) - right))
    return scores


def _match(
    golds: list[GoldFigure], predicted: list[dict[str, Any]]
) -> list[tuple[GoldFigure, dict[str, Any]]]:
    """Pair each gold figure with an unused overlapping prediction, same value first."""
    used: set[int] = set()
    pairs: list[tuple[GoldFigure, dict[str, Any]]] = []
    for gold in golds:
        if gold.start < 0:
            continue
        overlapping = [
            i
            for i, row in enumerate(predicted)
            if i not in used and row["char_start"] < gold.end and gold.start < row["char_end"]
        ]
        if not overlapping:
            continue
        best = min(overlapping, key=lambda i: not _same(gold.annotation, predicted[i], ("value",)))
        used.add(best)
        pairs.append((gold, predicted[best]))
    return pairs


def _same(annotation: Mapping[str, Any], row: Mapping[str, Any], fields: tuple[str, ...]) -> bool:
    return all(_equal(annotation.get(f), row.get(f)) for f in fields)


def _equal(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(float(expected), float(actual))
    return bool(expected == actual)
