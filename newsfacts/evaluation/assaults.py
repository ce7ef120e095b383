"""Score ASSAULT event mentions against a gold file that annotates attacks only.

The real-world gold (``tests/realworld/gold/events.yaml``) lists every
ASSAULT mention of its texts and nothing else, so the type-wide metrics of
:mod:`newsfacts.evaluation.events` do not fit it. A predicted ASSAULT row
matches a gold row as there (:func:`newsfacts.evaluation.events.match`: same
sentence, overlapping trigger, one to one).

A gold row is *required* when its modality may be ``asserted`` and it is not
marked ``optional``; the other rows (threats' content, denials, borderline
mentions) only keep a prediction there from counting as a false positive.

Metrics (table ``events``), per document and ``ALL``:
- ``assault_precision``: tp = predicted ASSAULT rows matching a gold row,
  fp = the others (fn unused: read the P column);
- ``assault_recall``: tp = required gold rows found, fn = required rows
  missed (fp unused: read the R column);
- ``specific_place``: among required gold rows whose place is more specific
  than a province or country (``geo`` 1 or 2), tp = the predicted
  ``location_name`` is that place (normalised names, any listed spelling),
  fn = a wrong or missing place or an unfound row (read R);
- ``day_right``: among required gold rows dated to a day, tp = the predicted
  ``event_date`` is that day, fn = otherwise (read R).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import Resolution, resolve_entities
from newsfacts.evaluation.events import GOLD_PATH, load_gold, match, same_date
from newsfacts.evaluation.metrics import GOLD_DIR, Score, overall
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument, Mention
from newsfacts.names import name_key, skeleton

TABLE = "events"
ASSAULT = "ASSAULT"
METRICS = ("assault_precision", "assault_recall", "specific_place", "day_right")
# geo_precision of a gold place: 1 the site or town itself, 2 an area inside a
# region, 3 a province, state or country; the place metric keeps 1 and 2.
SPECIFIC_GEO = (1, 2)


def evaluate(docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR) -> list[Score]:
    """Per-document and overall scores of every document the gold annotates."""
    gold = load_gold(gold_dir / GOLD_PATH.name)
    docs = [d for d in docs if d.source_path in gold]
    mentions = {d.source_path: extract_mentions(d) for d in docs}
    resolution = resolve_entities(m for ms in mentions.values() for m in ms)
    scores: list[Score] = []
    for doc in docs:
        rows = predicted_assaults(doc, mentions[doc.source_path], resolution)
        scores.extend(score_document(doc, rows, gold[doc.source_path]["events"]))
    return scores + [overall(scores, TABLE, metric) for metric in METRICS]


def predicted_assaults(
    doc: CleanDocument, mentions: Sequence[Mention], resolution: Resolution
) -> list[dict[str, Any]]:
    """The document's ASSAULT rows, with the contract's ``location_name``.

    Like the events stage, the name is the canonical name of the entity the
    place key resolves to, else the key as written.
    """
    rows, _ = extract_events(doc, mentions, extract_figures(doc))
    names = {e["entity_id"]: e["name"] for e in resolution.entities}
    assaults = []
    for row in rows:
        if row["event_type"] != ASSAULT:
            continue
        if "location_name" not in row:
            key = row.get("location_key")
            entity_id = resolution.entity_id(doc.doc_id, key) if key else None
            row = {**row, "location_name": names.get(entity_id, key) if entity_id else key}
        assaults.append(row)
    return assaults


def is_required(event: Mapping[str, Any]) -> bool:
    """Whether a gold row counts for recall: possibly asserted and not optional."""
    return "asserted" in _options(event.get("mod")) and not event.get("optional")


def score_document(
    doc: CleanDocument, rows: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]]
) -> list[Score]:
    """The four metrics of one document from its predicted ASSAULT rows."""
    name = doc.source_path
    required = [g for g in gold if is_required(g)]
    # Required rows pick their prediction first, so a borderline row in the
    # same sentence cannot take it from them.
    ordered = required + [g for g in gold if not is_required(g)]
    pairs, _, extra = match(doc, [r for r in rows if r["event_type"] == ASSAULT], ordered)
    found = {id(p.gold): p.row for p in pairs}
    specific = [g for g in required if g.get("geo") in SPECIFIC_GEO and g.get("place")]
    dated = [g for g in required if g.get("date_precision") == "day"]
    return [
        Score(TABLE, "assault_precision", name, len(pairs), len(extra), 0),
        _accuracy(name, "assault_recall", required, found, lambda g, row: True),
        _accuracy(name, "specific_place", specific, found, place_right),
        _accuracy(name, "day_right", dated, found, day_right),
    ]


def _accuracy(
    doc: str,
    metric: str,
    golds: Sequence[dict[str, Any]],
    found: Mapping[int, dict[str, Any]],
    right: Callable[[Mapping[str, Any], dict[str, Any]], bool],
) -> Score:
    good = sum(1 for g in golds if id(g) in found and right(g, found[id(g)]))
    return Score(TABLE, metric, doc, good, 0, len(golds) - good)


def place_right(gold: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """The predicted place name is one of the gold spellings, normalised."""
    predicted = row.get("location_name")
    if not predicted:
        return False
    return any(same_place(str(predicted), str(g)) for g in _options(gold["place"]) if g)


def same_place(predicted: str, gold: str) -> bool:
    """Case-, accent-, punctuation-, article- and vowel-insensitive equality."""
    return name_key(predicted) == name_key(gold) or skeleton(predicted) == skeleton(gold)


def day_right(gold: Mapping[str, Any], row: dict[str, Any]) -> bool:
    """The predicted ``event_date`` is the gold day (or one of the listed days)."""
    return any(same_date(row, day) for day in _options(gold["date"]) if day is not None)


def _options(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
