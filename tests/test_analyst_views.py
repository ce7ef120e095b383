"""Analyst views run on an in-memory DuckDB over small hand-built tables."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import polars as pl
import pytest

from newsfacts.analyst_views import ANALYST_VIEWS
from newsfacts.claims import group_figure_claims
from newsfacts.schemas import frame
from newsfacts.stories import cluster_story_events

A, B, C = "a" * 16, "b" * 16, "c" * 16
TEXT = {
    A: "Gunmen killed 12 people in Port Varen on Monday, police said.",
    B: "Attackers killed 19 people in Port Varen on Monday. \u201cWe rebuild,\u201d Ana Ruiz said.",
    C: "Port Varren mourned. \u201cWe will not be afraid,\u201d Mayor Ana Ruiz told reporters.",
}


def articles() -> pl.DataFrame:
    outlets = {A: "Coast Herald", B: None, C: "Valley Times"}
    return frame(
        "articles",
        [
            {
                "doc_id": doc_id,
                "source_path": f"{doc_id[:3]}.txt",
                "source_format": "text",
                "outlet": outlets[doc_id],
                "published_date": date(2025, 7, 8),
                "published_date_basis": "metadata",
                "language": "en",
                "raw_chars": len(text),
                "clean_chars": len(text),
                "boilerplate_lines": 0,
                "clean_text": text,
            }
            for doc_id, text in TEXT.items()
        ],
    )


def span(doc_id: str, surface: str, occurrence: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT[doc_id].index(surface, start + 1)
    return {
        "doc_id": doc_id,
        "sentence_idx": 0,
        "char_start": start,
        "char_end": start + len(surface),
    }


def sentences() -> pl.DataFrame:
    return frame(
        "sentences",
        [{**span(d, t), "paragraph_idx": 0, "text": t} for d, t in TEXT.items()],
    )


def events() -> pl.DataFrame:
    common = {
        "event_type": "ASSAULT",
        "mode": "firearms",
        "modality": "asserted",
        "event_date": date(2025, 7, 7),
        "date_precision": "day",
        "location_id": "port-varen",
        "location_name": "Port Varen",
        "country_code": "KE",
        "latitude": 1.0,
        "longitude": 2.0,
    }
    return frame(
        "events",
        [
            {
                **span(A, "killed"),
                **common,
                "event_id": f"{A}-e1",
                "trigger": "killed",
                "actor_name": "gunmen",
                "fatalities": 12,
            },
            {
                **span(B, "killed"),
                **common,
                "event_id": f"{B}-e1",
                "trigger": "killed",
                "fatalities": 19,
            },
        ],
    )


def figures() -> pl.DataFrame:
    def figure(doc_id: str, surface: str, value: float, noun: str) -> dict[str, Any]:
        return {
            **span(doc_id, surface),
            "figure_id": f"{doc_id}-f1",
            "surface": surface,
            "value": value,
            "value_min": value,
            "value_max": value,
            "qualifier": "exact",
            "quantity_noun": noun,
            "category": "killed",
            "location_name": "Port Varen",
            "source_name": "police" if doc_id == A else None,
        }

    return frame(
        "figures",
        [figure(A, "12 people", 12, "people"), figure(B, "19 people", 19, "people")],
    )


def entities() -> pl.DataFrame:
    return frame(
        "entities",
        [
            {
                "entity_id": "ana-ruiz",
                "name": "Ana Ruiz",
                "entity_type": "PERSON",
                "aliases": ["Ana Ruiz"],
            },
            {
                "entity_id": "port-varen",
                "name": "Port Varen",
                "entity_type": "GPE",
                "aliases": ["Port Varen", "Port Varren"],
            },
        ],
    )


def mentions() -> pl.DataFrame:
    rows = [
        ("port-varen", A, "Port Varen"),
        ("port-varen", B, "Port Varen"),
        ("port-varen", C, "Port Varren"),
        ("ana-ruiz", B, "Ana Ruiz"),
        ("ana-ruiz", C, "Ana Ruiz"),
    ]
    return frame("mentions", [{**span(d, s), "entity_id": e, "surface": s} for e, d, s in rows])


def quotes() -> pl.DataFrame:
    rows = [
        (B, "We rebuild,", "q1", "said"),
        (C, "We will not be afraid,", "q1", "told"),
    ]
    return frame(
        "quotes",
        [
            {
                **span(d, t),
                "quote_id": f"{d}-{q}",
                "text": t,
                "speaker_id": "ana-ruiz",
                "speaker_name": "Ana Ruiz",
                "speaker_surface": "Ana Ruiz",
                "cue": cue,
            }
            for d, t, q, cue in rows
        ],
    )


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    article_frame, event_frame, figure_frame = articles(), events(), figures()
    tables = {
        "articles": article_frame,
        "sentences": sentences(),
        "events": event_frame,
        "figures": figure_frame,
        "story_events": cluster_story_events(event_frame, article_frame, sentences()),
        "figure_claims": group_figure_claims(figure_frame, article_frame),
        "quotes": quotes(),
        "entities": entities(),
        "mentions": mentions(),
    }
    for name, table in tables.items():
        connection.register(f"{name}_frame", table.to_arrow())
        connection.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_frame")
    for name, body in ANALYST_VIEWS.items():
        connection.execute(f"CREATE VIEW {name} AS {body}")
    return connection


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_every_view_is_defined(con: duckdb.DuckDBPyConnection) -> None:
    assert set(ANALYST_VIEWS) == {
        "story_timeline",
        "contested_figures",
        "who_said_what",
        "entity_aliases",
    }


def test_story_timeline_lists_sources_and_fatality_range(con: duckdb.DuckDBPyConnection) -> None:
    (story,) = rows(con, "SELECT * FROM story_timeline")
    assert story["n_docs"] == 2
    assert (story["fatalities_min"], story["fatalities_max"]) == (12, 19)
    assert story["sources"] == ["Coast Herald", "bbb.txt"]
    assert story["location_name"] == story["location_canonical"] == "Port Varen"
    assert story["actors"] == ["gunmen"]
    assert story["event_date"] == date(2025, 7, 7)
    assert (story["date_precision"], story["fatalities"]) == ("day", 12)
    assert story["notes"] in TEXT.values()


def test_contested_figures_show_each_source_sentence(con: duckdb.DuckDBPyConnection) -> None:
    result = rows(con, "SELECT * FROM contested_figures")
    assert [r["value"] for r in result] == [12, 19]
    assert {r["source"] for r in result} == {"Coast Herald", "bbb.txt"}
    assert result[0]["sentence"] == TEXT[A]
    assert result[0]["source_name"] == "police"


def test_who_said_what_groups_quotes_by_speaker(con: duckdb.DuckDBPyConnection) -> None:
    result = rows(con, "SELECT * FROM who_said_what")
    assert [r["speaker_name"] for r in result] == ["Ana Ruiz", "Ana Ruiz"]
    assert {r["n_sources"] for r in result} == {2}
    assert {r["text"] for r in result} == {"We rebuild,", "We will not be afraid,"}


def test_entity_aliases_show_each_spelling_per_outlet(con: duckdb.DuckDBPyConnection) -> None:
    result = rows(con, "SELECT source, surface FROM entity_aliases WHERE entity_id = 'port-varen'")
    assert result == [
        {"source": "Coast Herald", "surface": "Port Varen"},
        {"source": "Valley Times", "surface": "Port Varren"},
        {"source": "bbb.txt", "surface": "Port Varen"},
    ]
