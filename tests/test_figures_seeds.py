"""The figures extractor on the five seed articles, against the hand annotation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from newsfacts.documents import read_documents
from newsfacts.evaluation.figures import evaluate, load_gold, locate
from newsfacts.evaluation.metrics import OVERALL
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument
from newsfacts.schemas import Figures, frame

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@cache
def _documents() -> tuple[CleanDocument, ...]:
    return tuple(read_documents(SEEDS))


def _overall(metric: str) -> tuple[float, float, float]:
    (score,) = [s for s in evaluate(_documents()) if s.metric == metric and s.doc == OVERALL]
    return score.precision, score.recall, score.f1


def test_every_seed_is_annotated_and_every_gold_surface_is_in_its_text() -> None:
    gold = load_gold()
    documents = _documents()
    assert sorted(d.source_path for d in documents) == sorted(gold)
    for doc in documents:
        for annotation in gold[doc.source_path]:
            assert locate(doc.clean_text, annotation).start >= 0, annotation


def test_value_and_category_f1_on_the_seeds() -> None:
    precision, recall, f1 = _overall("value_category")
    assert f1 >= 0.95, (precision, recall)


def test_qualifier_accuracy_on_the_seeds() -> None:
    assert _overall("qualifier")[1] >= 0.95


def test_bounds_accuracy_on_the_seeds() -> None:
    assert _overall("bounds")[1] >= 0.95


def test_rows_follow_the_contract() -> None:
    rows = []
    for doc in _documents():
        doc_rows = extract_figures(doc)
        assert [r["figure_id"] for r in doc_rows] == [
            f"{doc.doc_id}-f{n}" for n in range(1, len(doc_rows) + 1)
        ]
        starts = [r["char_start"] for r in doc_rows]
        assert starts == sorted(starts)
        for row in doc_rows:
            assert doc.clean_text[row["char_start"] : row["char_end"]] == row["surface"]
            sentence = doc.sentences[row["sentence_idx"]]
            assert sentence.char_start <= row["char_start"] < row["char_end"] <= sentence.char_end
            assert row["event_id"] is None
        rows.extend(doc_rows)
    Figures.validate(frame("figures", rows))


def test_extraction_is_stable_across_runs() -> None:
    doc = _documents()[0]
    assert extract_figures(doc) == extract_figures(doc)


def test_quantity_noun_accuracy_on_the_seeds() -> None:
    assert _overall("quantity_noun")[1] >= 0.9
