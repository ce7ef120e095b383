"""Score the ``quotes`` table against ``tests/gold/quotes.yaml``.

``quotes`` / ``text_speaker``: a predicted quotation is correct when its
text equals a gold quotation of that document (ignoring surrounding spaces
and punctuation) and its speaker resolves to the gold speaker: the resolved
entity of the predicted ``speaker_key`` has the gold speaker among its
names or aliases (a key that resolves to no entity is its own name, as in
the table's ``speaker_name``), or both are None. Matching is one-to-one. A
gold speaker may be a list of acceptable names (either judge of a two-judge
ruling).

``quotes`` / ``speaker_right`` (asked for with ``speaker_right=True``): among
the gold quotations whose text was found, the share whose predicted speaker
is right (``tp`` right, ``fn`` wrong: read the R column).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import Resolution, resolve_entities
from newsfacts.evaluation.metrics import GOLD_DIR, Score, overall
from newsfacts.model import CleanDocument
from newsfacts.quotes import extract_quotes

GOLD_PATH = GOLD_DIR / "quotes.yaml"
ENTITIES_GOLD_PATH = GOLD_DIR / "entities.yaml"
_EDGE = " \t\n,.;:!?“”\"‘’'"


def load_gold(path: Path = GOLD_PATH) -> dict[str, Any]:
    gold: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return gold


def normalise(text: str) -> str:
    """Quotation text for comparison: edges trimmed, apostrophes and spaces unified."""
    return " ".join(text.replace("’", "'").strip(_EDGE).split())


def predicted_quotes(docs: Sequence[CleanDocument]) -> dict[str, list[tuple[str, set[str]]]]:
    """Per document: (normalised text, names of the resolved speaker) of each quotation."""
    mentions = {d.source_path: extract_mentions(d) for d in docs}
    resolution = resolve_entities(m for ms in mentions.values() for m in ms)
    names = {e["entity_id"]: {e["name"], *e["aliases"]} for e in resolution.entities}
    found: dict[str, list[tuple[str, set[str]]]] = {}
    for doc in docs:
        rows = extract_quotes(doc, mentions[doc.source_path])
        found[doc.source_path] = [
            (normalise(row["text"]), _speaker_names(doc, row, resolution, names)) for row in rows
        ]
    return found


def _speaker_names(
    doc: CleanDocument,
    row: dict[str, Any],
    resolution: Resolution,
    names: dict[str, set[str]],
) -> set[str]:
    key = row.get("speaker_key")
    if not key:
        return set()
    entity_id = resolution.entity_id(doc.doc_id, key)
    return names.get(entity_id, set()) if entity_id else {key}


def evaluate(
    docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR, speaker_right: bool = False
) -> list[Score]:
    gold = load_gold(gold_dir / GOLD_PATH.name)["documents"]
    docs = [d for d in docs if d.source_path in gold]
    aliases = _gold_aliases(gold_dir / ENTITIES_GOLD_PATH.name)
    found = predicted_quotes(docs)
    scores = []
    for doc in docs:
        expected = [
            (normalise(q["text"]), _gold_speaker(q["speaker"], aliases))
            for q in gold[doc.source_path] or []
        ]
        scores.append(_score(doc.source_path, found[doc.source_path], expected))
        if speaker_right:
            scores.append(_speaker_score(doc.source_path, found[doc.source_path], expected))
    scores.append(overall(scores, "quotes", "text_speaker"))
    if speaker_right:
        scores.append(overall(scores, "quotes", "speaker_right"))
    return scores


def _gold_speaker(speaker: str | list[str] | None, aliases: dict[str, set[str]]) -> set[str]:
    """Every acceptable name of the gold speaker (of each, for a list of speakers)."""
    if isinstance(speaker, list):
        return set().union(*(_gold_speaker(s, aliases) for s in speaker))
    return aliases.get(speaker, {speaker}) if speaker else set()


def same_speaker(predicted: set[str], gold: set[str]) -> bool:
    """A shared name, or nobody on both sides."""
    return bool(predicted & gold) or not (predicted or gold)


def _gold_aliases(path: Path = ENTITIES_GOLD_PATH) -> dict[str, set[str]]:
    entities = yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]
    return {e["name"]: {e["name"], *e["aliases"]} for e in entities}


def _score(
    doc: str, got: list[tuple[str, set[str]]], expected: list[tuple[str, set[str]]]
) -> Score:
    remaining = list(expected)
    tp = 0
    for text, speaker in got:
        match = next(
            (g for g in remaining if g[0] == text and same_speaker(speaker, g[1])),
            None,
        )
        if match is not None:
            remaining.remove(match)
            tp += 1
    return Score("quotes", "text_speaker", doc, tp, len(got) - tp, len(expected) - tp)


def _speaker_score(
    doc: str, got: list[tuple[str, set[str]]], expected: list[tuple[str, set[str]]]
) -> Score:
    """Speaker accuracy over the gold quotations found by their text, one to one."""
    remaining = list(got)
    right = wrong = 0
    for text, speaker in expected:
        same_text = [g for g in remaining if g[0] == text]
        if not same_text:
            continue
        match = next((g for g in same_text if same_speaker(g[1], speaker)), same_text[0])
        remaining.remove(match)
        if same_speaker(match[1], speaker):
            right += 1
        else:
            wrong += 1
    return Score("quotes", "speaker_right", doc, right, 0, wrong)
