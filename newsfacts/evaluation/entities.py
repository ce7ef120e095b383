"""Score mentions and alias clusters against ``tests/gold/entities.yaml``.

- ``mentions`` / ``span_type``: a predicted mention is correct when gold
  lists the same surface with the same type in that document; counts are
  compared as multisets (gold is keyed by surface and count, not offsets).
- ``entities`` / ``alias_pairs``: every pair of distinct surfaces that share
  a cluster, gold clusters against resolved entities; per document over the
  surfaces seen in it, and over all documents.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import resolve_entities
from newsfacts.evaluation.metrics import GOLD_DIR, OVERALL, Score, overall
from newsfacts.model import CleanDocument
from newsfacts.names import name_key

GOLD_PATH = GOLD_DIR / "entities.yaml"

Pair = tuple[str, str]
_FUZZY_TYPES = frozenset({"ORG", "GPE", "LOC", "FAC"})
VARIANT_LENGTH_RATIO = 0.8


def load_gold(path: Path = GOLD_PATH) -> dict[str, Any]:
    gold: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return gold


def evaluate(docs: Sequence[CleanDocument], gold_dir: Path = GOLD_DIR) -> list[Score]:
    gold = load_gold(gold_dir / GOLD_PATH.name)
    docs = [d for d in docs if d.source_path in gold["documents"]]
    found = {d.source_path: extract_mentions(d) for d in docs}
    resolution = resolve_entities(m for ms in found.values() for m in ms)
    predicted_clusters = [set(e["aliases"]) for e in resolution.entities]
    gold_clusters = [set(e["aliases"]) for e in gold["entities"]]
    scores: list[Score] = []
    for doc in docs:
        expected = Counter({(s, t): n for s, t, n in gold["documents"][doc.source_path]})
        got = Counter((m.surface, m.entity_type) for m in found[doc.source_path])
        scores.append(_multiset_score("mentions", "span_type", doc.source_path, got, expected))
        seen = {m.surface for m in found[doc.source_path]} | {s for s, _ in expected}
        pairs = _pairs(predicted_clusters, seen), _pairs(gold_clusters, seen)
        scores.append(_pair_score(doc.source_path, *pairs))
    scores.append(overall(scores, "mentions", "span_type"))
    everything = {s for c in predicted_clusters + gold_clusters for s in c}
    pairs = _pairs(predicted_clusters, everything), _pairs(gold_clusters, everything)
    scores.append(_pair_score(OVERALL, *pairs))
    return scores


def _multiset_score(
    table: str, metric: str, doc: str, got: Counter[Any], expected: Counter[Any]
) -> Score:
    tp = sum((got & expected).values())
    return Score(table, metric, doc, tp, sum(got.values()) - tp, sum(expected.values()) - tp)


def _pairs(clusters: Iterable[set[str]], within: set[str]) -> set[Pair]:
    pairs: set[Pair] = set()
    for cluster in clusters:
        members = sorted(cluster & within)
        pairs.update(itertools.combinations(members, 2))
    return pairs


def _pair_score(doc: str, got: set[Pair], expected: set[Pair]) -> Score:
    tp = len(got & expected)
    return Score("entities", "alias_pairs", doc, tp, len(got) - tp, len(expected) - tp)


def mention_errors(docs: Sequence[CleanDocument]) -> dict[str, tuple[Counter[Any], Counter[Any]]]:
    """Per document: (predicted but not gold, gold but not predicted) mentions."""
    gold = load_gold()["documents"]
    errors = {}
    for doc in docs:
        if doc.source_path not in gold:
            continue
        expected = Counter({(s, t): n for s, t, n in gold[doc.source_path]})
        got = Counter((m.surface, m.entity_type) for m in extract_mentions(doc))
        errors[doc.source_path] = (got - expected, expected - got)
    return errors


def fuzzy_margin() -> tuple[float, float]:
    """(lowest spelling-variant score, highest different-entity score) of gold names.

    Scores are rapidfuzz ``token_sort_ratio`` of the name keys of the gold
    organisation and place surfaces. Spelling variants are two surfaces of
    one gold entity that begin alike (same first three letters of the key)
    and have similar length (the shorter at least ``VARIANT_LENGTH_RATIO``
    of the longer): Houthi/Houthis, but not the short form Islamic
    Resistance/Islamic Resistance in Iraq, an acronym, or another name
    (Daesh/Isis), which fuzzy matching is not meant to join. The
    resolver's fuzzy threshold must lie between the two.
    """
    gold = load_gold()
    cluster_of = {s: i for i, e in enumerate(gold["entities"]) for s in e["aliases"]}
    surfaces = sorted(
        {s for items in gold["documents"].values() for s, t, _ in items if t in _FUZZY_TYPES}
    )
    same: list[float] = []
    different: list[float] = []
    for a, b in itertools.combinations(surfaces, 2):
        score = fuzz.token_sort_ratio(name_key(a), name_key(b))
        if cluster_of.get(a, a) != cluster_of.get(b, b):
            different.append(score)
        elif _variants(a, b):
            same.append(score)
    return min(same, default=100.0), max(different, default=0.0)


def _variants(a: str, b: str) -> bool:
    similar_length = min(len(a), len(b)) >= VARIANT_LENGTH_RATIO * max(len(a), len(b))
    return similar_length and name_key(a)[:3] == name_key(b)[:3]
