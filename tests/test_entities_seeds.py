"""Entities on the five seed articles against the hand-made gold."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from newsfacts.documents import read_documents
from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import FUZZY_THRESHOLD, resolve_entities
from newsfacts.evaluation.entities import evaluate, fuzzy_margin
from newsfacts.evaluation.metrics import OVERALL
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT
from newsfacts.schemas import TABLES, frame

SEEDS = PROJECT_ROOT / "data" / "seeds"


@cache
def _docs() -> Sequence[CleanDocument]:
    return tuple(read_documents(SEEDS))


def test_mentions_and_alias_pairs_reach_f1_target() -> None:
    scores = {(s.table, s.metric): s for s in evaluate(_docs()) if s.doc == OVERALL}
    assert scores[("mentions", "span_type")].f1 >= 0.9
    assert scores[("entities", "alias_pairs")].f1 >= 0.9


def test_every_document_scores_well() -> None:
    for score in evaluate(_docs()):
        assert score.f1 >= 0.8, score


def test_offsets_point_at_the_surface() -> None:
    for doc in _docs():
        for mention in extract_mentions(doc):
            assert doc.clean_text[mention.char_start : mention.char_end] == mention.surface
            sentence = doc.sentences[mention.sentence_idx]
            assert sentence.char_start <= mention.char_start < sentence.char_end


def test_tables_validate_and_keys_resolve() -> None:
    mentions = [m for doc in _docs() for m in extract_mentions(doc)]
    resolution = resolve_entities(mentions)
    TABLES["entities"].validate(frame("entities", resolution.entities))
    TABLES["mentions"].validate(frame("mentions", resolution.mentions))
    assert len(resolution.mentions) == len(mentions)
    for mention in mentions:
        assert resolution.entity_id(mention.doc_id, mention.key) is not None


def test_variants_across_documents_are_one_entity() -> None:
    mentions = [m for doc in _docs() for m in extract_mentions(doc)]
    aliases = {e["entity_id"]: set(e["aliases"]) for e in resolve_entities(mentions).entities}
    assert {"Yahya Rasool", "Yehia Rasool", "Rasool"} <= aliases["yahya-rasool"]
    assert {"Kataib Hezbollah", "Kataib Hizbollah"} <= aliases["kataib-hezbollah"]
    assert {"Popular Mobilization Forces", "Popular Mobilisation Forces", "PMF"} <= aliases[
        "popular-mobilization-forces"
    ]


def test_ids_are_stable_across_runs() -> None:
    first = resolve_entities(m for doc in _docs() for m in extract_mentions(doc))
    second = resolve_entities(m for doc in _docs() for m in extract_mentions(doc))
    assert first.entities == second.entities
    assert first.mentions == second.mentions


def test_fuzzy_threshold_lies_in_the_measured_gap() -> None:
    lowest_variant, highest_different = fuzzy_margin()
    assert highest_different < FUZZY_THRESHOLD <= lowest_variant
