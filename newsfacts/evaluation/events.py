"""Score the ``events`` table against the hand-annotated seed events.

Gold events (``tests/gold/events.yaml``) are keyed by a sentence snippet and
trigger words, never by offsets, so they survive cleanup changes. A predicted
row matches a gold event when it lies in the snippet's sentence and its
trigger overlaps one of the gold trigger words; matching is one-to-one.

Metrics (table ``events``):
- ``type``: P/R/F1 of matched events with the right PLOVER type;
- ``type_date_place``: the same, counting an event only if its date and place
  are right too;
- ``assault``: P/R/F1 restricted to ASSAULT events;
- ``grouping``: pairwise P/R/F1 of ``event_group`` over matched events: a pair
  is positive when the gold gives both the same ``g`` label;
- ``modality``, ``actor``, ``target``, ``date``, ``place``, ``fatalities``,
  ``injuries``: accuracy over the matched events (``tp`` right, ``fn`` wrong).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from newsfacts.entities.extract import extract_mentions
from newsfacts.evaluation.metrics import GOLD_DIR, Score, overall
from newsfacts.events import extract_events
from newsfacts.events.grouping import party
from newsfacts.figures import extract_figures
from newsfacts.gazetteer import lookup_place
from newsfacts.model import CleanDocument
from newsfacts.names import name_key, skeleton

TABLE = "events"
GOLD_PATH = GOLD_DIR / "events.yaml"
ATTRIBUTES = ("modality", "actor", "target", "date", "place", "fatalities", "injuries")
DETECTION = ("type", "type_date_place", "assault", "grouping")


@dataclass(frozen=True)
class Pair:
    gold: dict[str, Any]
    row: dict[str, Any]


def load_gold(path: Path = GOLD_PATH) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = yaml.safe_load(handle)
    return data


def evaluate(docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR) -> list[Score]:
    """Per-document scores of every metric, then the micro-average (doc ``ALL``)."""
    gold = load_gold(gold_dir / GOLD_PATH.name)
    scores: list[Score] = []
    for doc in docs:
        if doc.source_path not in gold:
            continue
        rows, _ = extract_events(doc, extract_mentions(doc), extract_figures(doc))
        scores.extend(score_document(doc, rows, gold[doc.source_path]["events"]))
    metrics = DETECTION + ATTRIBUTES
    return scores + [overall(scores, TABLE, metric) for metric in metrics]


def score_document(
    doc: CleanDocument, rows: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> list[Score]:
    name = doc.source_path
    pairs, missed, extra = match(doc, rows, gold)
    scores = [
        _detection(name, "type", pairs, missed, extra, lambda p: True),
        _detection(name, "type_date_place", pairs, missed, extra, _date_place_right),
        _assault(name, pairs, missed, extra),
        _grouping(name, pairs),
    ]
    for attribute in ATTRIBUTES:
        right = sum(1 for p in pairs if CHECKS[attribute](p))
        scores.append(Score(TABLE, attribute, name, right, 0, len(pairs) - right))
    return scores


def match(
    doc: CleanDocument, rows: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> tuple[list[Pair], list[dict[str, Any]], list[dict[str, Any]]]:
    """(matched pairs, unmatched gold, unmatched rows); type must agree to match."""
    free = list(rows)
    pairs: list[Pair] = []
    missed: list[dict[str, Any]] = []
    for event in gold:
        sentence_idx = _sentence_of(doc, str(event["s"]))
        found = next(
            (
                row
                for row in free
                if row["sentence_idx"] == sentence_idx
                and row["event_type"] == event["type"]
                and _trigger_overlaps(row["trigger"], event["t"])
            ),
            None,
        )
        if found is None:
            missed.append(event)
        else:
            free.remove(found)
            pairs.append(Pair(event, found))
    return pairs, missed, free


def _sentence_of(doc: CleanDocument, snippet: str) -> int | None:
    folded = _fold(snippet)
    return next((s.sentence_idx for s in doc.sentences if folded in _fold(s.text)), None)


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _trigger_overlaps(trigger: str, gold_words: Sequence[str]) -> bool:
    predicted = trigger.lower()
    return any(w.lower() in predicted or predicted in w.lower() for w in gold_words)


def _detection(
    doc: str,
    metric: str,
    pairs: Sequence[Pair],
    missed: Sequence[dict[str, Any]],
    extra: Sequence[dict[str, Any]],
    right: Callable[[Pair], bool],
) -> Score:
    good = sum(1 for p in pairs if right(p))
    wrong = len(pairs) - good
    return Score(TABLE, metric, doc, good, len(extra) + wrong, len(missed) + wrong)


def _assault(
    doc: str,
    pairs: Sequence[Pair],
    missed: Sequence[dict[str, Any]],
    extra: Sequence[dict[str, Any]],
) -> Score:
    tp = sum(1 for p in pairs if p.gold["type"] == "ASSAULT")
    fp = sum(1 for r in extra if r["event_type"] == "ASSAULT")
    fn = sum(1 for g in missed if g["type"] == "ASSAULT")
    return Score(TABLE, "assault", doc, tp, fp, fn)


def _grouping(doc: str, pairs: Sequence[Pair]) -> Score:
    tp = fp = fn = 0
    for i, first in enumerate(pairs):
        for second in pairs[i + 1 :]:
            label = first.gold.get("g")
            gold_same = label is not None and label == second.gold.get("g")
            predicted_same = first.row["event_group"] == second.row["event_group"]
            tp += gold_same and predicted_same
            fp += predicted_same and not gold_same
            fn += gold_same and not predicted_same
    return Score(TABLE, "grouping", doc, tp, fp, fn)


def _date_place_right(pair: Pair) -> bool:
    return CHECKS["date"](pair) and CHECKS["place"](pair)


def _options(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def same_name(predicted: str | None, gold: Any) -> bool:
    """Spelling-insensitive name comparison; places also compare by what they denote."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    gold = str(gold)
    if name_key(predicted) == name_key(gold) or skeleton(predicted) == skeleton(gold):
        return True
    if set(name_key(gold).split()) <= set(name_key(predicted).split()):
        return True
    if party(predicted) == party(gold):
        return True  # "Iraqi" (the people) stands for Iraq as a party
    here, there = lookup_place(predicted), lookup_place(gold)
    return here is not None and here == there


def _name_check(column: str, field: str) -> Callable[[Pair], bool]:
    return lambda p: any(same_name(p.row.get(column), g) for g in _options(p.gold.get(field)))


def same_date(row: dict[str, Any], gold: Any) -> bool:
    """Gold dates: a date (day), "YYYY-Www" (week), "YYYY-MM" (month), YYYY (year)."""
    value: date | None = row.get("event_date")
    if gold is None or value is None:
        return gold is None and value is None
    if isinstance(gold, date):
        return value == gold
    text = str(gold)
    if "-W" in text:
        year, week = text.split("-W")
        return tuple(value.isocalendar())[:2] == (int(year), int(week))
    if "-" in text:
        return value.strftime("%Y-%m") == text
    return value.year == int(text)


def _count_check(field: str, column: str) -> Callable[[Pair], bool]:
    return lambda p: p.row.get(column) == p.gold.get(field)


CHECKS: dict[str, Callable[[Pair], bool]] = {
    "modality": lambda p: p.row["modality"] in _options(p.gold["mod"]),
    "actor": _name_check("actor_key", "actor"),
    "target": _name_check("target_key", "target"),
    "date": lambda p: any(same_date(p.row, g) for g in _options(p.gold.get("date"))),
    "place": _name_check("location_key", "place"),
    "fatalities": _count_check("fat", "fatalities"),
    "injuries": _count_check("inj", "injuries"),
}
