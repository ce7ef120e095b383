"""Quotations on the five seed articles against the hand-made gold."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from newsfacts.documents import read_documents
from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import resolve_entities
from newsfacts.evaluation.metrics import OVERALL
from newsfacts.evaluation.quotes import evaluate
from newsfacts.model import CleanDocument
from newsfacts.quotes import extract_quotes
from newsfacts.reference import PROJECT_ROOT
from newsfacts.schemas import TABLES, frame

SEEDS = PROJECT_ROOT / "data" / "seeds"


@cache
def _docs() -> Sequence[CleanDocument]:
    return tuple(read_documents(SEEDS))


def test_text_and_speaker_reach_f1_target() -> None:
    overall = next(s for s in evaluate(_docs()) if s.doc == OVERALL)
    assert overall.f1 >= 0.9


def test_rows_fit_the_contract_once_speakers_are_mapped() -> None:
    mentions = {d.doc_id: extract_mentions(d) for d in _docs()}
    resolution = resolve_entities(m for ms in mentions.values() for m in ms)
    rows = []
    for doc in _docs():
        quotes = extract_quotes(doc, mentions[doc.doc_id])
        assert [q["quote_id"] for q in quotes] == [
            f"{doc.doc_id}-q{n}" for n in range(1, len(quotes) + 1)
        ]
        for quote in quotes:
            assert doc.clean_text[quote["char_start"] : quote["char_end"]] == quote["text"]
            key = quote.pop("speaker_key")
            quote["speaker"] = resolution.entity_id(doc.doc_id, key) if key else None
            rows.append(quote)
    TABLES["quotes"].validate(frame("quotes", rows))
    assert all(row["speaker"] for row in rows)


def test_scare_quotes_are_left_out() -> None:
    texts = [q["text"] for d in _docs() for q in extract_quotes(d, extract_mentions(d))]
    assert "aggression" not in texts
    assert "flatter" in texts
