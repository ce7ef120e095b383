"""Cleanup against the hand-labelled boilerplate lines of ``tests/gold/boilerplate.yaml``.

A removed line is a true positive when gold lists it too (whatever the rule);
rule agreement on those lines is reported as a separate accuracy metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from newsfacts.cleanup import clean_text_lines
from newsfacts.evaluation.metrics import OVERALL, Score, overall
from newsfacts.ingest import decode_bytes
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT

GOLD_PATH = PROJECT_ROOT / "tests" / "gold" / "boilerplate.yaml"
SEEDS_DIR = PROJECT_ROOT / "data" / "seeds"


def load_gold(path: Path = GOLD_PATH) -> dict[str, Any]:
    gold: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return gold


def evaluate(docs: Sequence[CleanDocument], seeds_dir: Path = SEEDS_DIR) -> list[Score]:
    """Line-level precision/recall of removal, and rule accuracy, per seed."""
    gold = load_gold()
    scores: list[Score] = []
    for doc in docs:
        if doc.source_path not in gold:
            continue
        raw = decode_bytes((seeds_dir / doc.source_path).read_bytes())
        found = {r.line_no: r.rule for r in clean_text_lines(raw).removed}
        expected = {item["line"]: item["rule"] for item in gold[doc.source_path]["removed"]}
        hits = set(found) & set(expected)
        name = doc.source_path
        scores.append(
            Score(
                "boilerplate",
                "removed_lines",
                name,
                len(hits),
                len(set(found) - hits),
                len(set(expected) - hits),
            )
        )
        same_rule = sum(1 for line in hits if found[line] == expected[line])
        scores.append(Score("boilerplate", "rule", name, same_rule, 0, len(hits) - same_rule))
    scores += [overall(scores, "boilerplate", m) for m in ("removed_lines", "rule")]
    return [s for s in scores if s.doc == OVERALL] + [s for s in scores if s.doc != OVERALL]
