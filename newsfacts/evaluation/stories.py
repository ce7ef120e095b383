"""Evaluation of story clustering against the hand-made gold in tests/gold/stories.yaml.

The metric is pairwise: every pair of gold mentions is a link (same story) or
not, and the clustering is scored on those links. Only gold mentions that the
events extractor found take part: a mention the extractor missed has no
event to cluster, and is counted once, by the events evaluation's recall,
not again here. Extracted events that match no gold mention are not scored
either (the gold leaves out aggregates such as "repeated attacks").
``pairwise_cross_document`` counts only pairs from different documents: the
links within one document come mostly from the events stage's
``event_group``, the links across documents from the clustering. The
``matched`` metric reports how many gold mentions took part (tp matched, fn
missed), so a high pairwise score on few mentions cannot pass unnoticed.

A gold mention is found when an extracted event of the same document has a
trigger inside the mention's snippet and either trigger contains the other
("strike" finds "drone strike"); each event and each gold mention match once.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from newsfacts.dates import infer_published_date
from newsfacts.duplicates import find_duplicates
from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import resolve_entities
from newsfacts.evaluation.metrics import GOLD_DIR, OVERALL, Score
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument, Mention
from newsfacts.schemas import frame
from newsfacts.stories import cluster_story_events

GOLD_PATH = GOLD_DIR / "stories.yaml"
TABLE = "story_events"


@dataclass(frozen=True)
class GoldMention:
    """One hand-annotated event mention and the real-world story it belongs to."""

    doc: str
    trigger: str
    snippet: str
    story: str


def load_gold(path: Path = GOLD_PATH) -> list[GoldMention]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [GoldMention(**mention) for mention in data["mentions"]]


def _fold(text: str) -> str:
    """Lower case with one apostrophe style; keeps the length so offsets still line up."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def _matches(gold: GoldMention, sentence: str, trigger: str, start: int) -> bool:
    """The trigger (at ``start`` in the sentence) lies in the snippet and shares its words."""
    at = _fold(sentence).find(_fold(gold.snippet))
    if at < 0 or not (at <= start and start + len(trigger) <= at + len(gold.snippet)):
        return False
    mine, theirs = _fold(trigger), _fold(gold.trigger)
    return mine in theirs or theirs in mine


def match_gold(
    gold: Sequence[GoldMention], events: pl.DataFrame, docs: Sequence[CleanDocument]
) -> dict[int, str]:
    """Gold mention index -> event_id of the extracted event that reports it."""
    by_id = {doc.doc_id: doc for doc in docs}
    matched: dict[int, str] = {}
    rows = events.sort("doc_id", "char_start").iter_rows(named=True)
    for row in rows:
        doc = by_id[row["doc_id"]]
        sentence = next(s for s in doc.sentences if s.sentence_idx == row["sentence_idx"])
        start = row["char_start"] - sentence.char_start
        candidates = [
            index
            for index, mention in enumerate(gold)
            if index not in matched
            and mention.doc == doc.source_path
            and _matches(mention, sentence.text, row["trigger"], start)
        ]
        if candidates:
            exact = [i for i in candidates if _fold(gold[i].trigger) == _fold(row["trigger"])]
            matched[(exact or candidates)[0]] = row["event_id"]
    return matched


def pairwise_counts(
    gold_story: Mapping[int, str],
    predicted_story: Mapping[int, str],
    document: Mapping[int, str] | None = None,
) -> tuple[int, int, int]:
    """(tp, fp, fn) over all pairs of items present in both labelings.

    With ``document`` (item -> document), pairs within one document are left
    out, so the score measures only the linking of different reports.
    """
    items = sorted(set(gold_story) & set(predicted_story))
    tp = fp = fn = 0
    for a, b in itertools.combinations(items, 2):
        if document is not None and document[a] == document[b]:
            continue
        same_gold = gold_story[a] == gold_story[b]
        same_predicted = predicted_story[a] == predicted_story[b]
        tp += same_gold and same_predicted
        fp += same_predicted and not same_gold
        fn += same_gold and not same_predicted
    return tp, fp, fn


def _dated(doc: CleanDocument) -> CleanDocument:
    """The document with its publication date inferred when ingest found none."""
    if doc.published_date is not None:
        return doc
    published, basis = infer_published_date(doc)
    return dataclasses.replace(doc, published_date=published, published_date_basis=basis)


def _article(doc: CleanDocument) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "source_path": doc.source_path,
        "source_format": "text",
        "title": doc.title,
        "outlet": doc.outlet,
        "published_date": doc.published_date,
        "published_date_basis": doc.published_date_basis,
        "language": "en",
        "raw_chars": len(doc.clean_text),
        "clean_chars": len(doc.clean_text),
        "boilerplate_lines": 0,
        "clean_text": doc.clean_text,
    }


def extract_story_inputs(docs: Iterable[CleanDocument]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Run the extractors the clustering depends on: (events, articles) frames."""
    dated = [_dated(doc) for doc in docs]
    mentions: dict[str, list[Mention]] = {doc.doc_id: extract_mentions(doc) for doc in dated}
    resolution = resolve_entities(m for doc_mentions in mentions.values() for m in doc_mentions)
    rows: list[dict[str, Any]] = []
    for doc in dated:
        events, _ = extract_events(doc, mentions[doc.doc_id], extract_figures(doc))
        for event in events:
            for role in ("actor", "target", "location"):
                key = event.get(f"{role}_key")
                event[f"{role}_id"] = resolution.entity_id(doc.doc_id, key) if key else None
                event[f"{role}_name"] = key
        rows.extend(events)
    articles = frame("articles", [_article(doc) for doc in dated])
    originals = find_duplicates(articles)
    articles = articles.with_columns(
        pl.col("doc_id")
        .replace_strict(originals, default=None, return_dtype=pl.String)
        .alias("duplicate_of")
    )
    return frame("events", rows), articles


def evaluate(docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR) -> list[Score]:
    """Pairwise precision/recall of story clustering over the seeds (all pairs and
    cross-document pairs), plus gold coverage; all at doc="ALL"."""
    events, articles = extract_story_inputs(docs)
    stories = cluster_story_events(events, articles)
    story_of_event = {
        event_id: story_id
        for story_id, event_ids in stories.select("story_event_id", "event_ids").iter_rows()
        for event_id in event_ids
    }
    gold = load_gold(gold_dir / GOLD_PATH.name)
    matched = match_gold(gold, events, docs)
    gold_story = {index: gold[index].story for index in matched}
    predicted = {index: story_of_event[event_id] for index, event_id in matched.items()}
    document = {index: gold[index].doc for index in matched}
    return [
        Score(TABLE, "pairwise", OVERALL, *pairwise_counts(gold_story, predicted)),
        Score(
            TABLE,
            "pairwise_cross_document",
            OVERALL,
            *pairwise_counts(gold_story, predicted, document),
        ),
        Score(TABLE, "matched", OVERALL, len(matched), 0, len(gold) - len(matched)),
    ]
