"""Exports (JSON Lines, CSV, Parquet, gzip or not): one document per row, one reject per bad row."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from newsfacts.documents import ProcessedDocument, process_records
from newsfacts.ingest import Reject, read_records, scan_seeds
from newsfacts.sources.records import RawDocument, content_id
from tests.format_builders import article_text, write_csv, write_jsonl, write_parquet

ROWS = [
    {
        "headline": f"Floods force {n} families from {place}",
        "body": article_text(place, n).split("\n\n", 1)[1],
        "link": f"https://wire.example/{place.lower()}",
        "date": f"2024-04-{day:02d}T06:30:00+02:00",
        "source": "Wire Service",
        "byline": "Sam Okafor",
    }
    for place, n, day in [("Galway", 48, 3), ("Kisumu", 112, 9), ("Tromsø", 7, 21)]
]
WRITERS: dict[str, Callable[[Path, Sequence[Mapping[str, Any]]], None]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
}


def _read(folder: Path) -> list[RawDocument | Reject]:
    return [item for seed in scan_seeds(folder) for item in read_records(seed)]


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet", "jsonl.gz", "csv.gz", "parquet.gz"])
def test_one_document_per_row_with_the_rows_metadata(tmp_path: Path, suffix: str) -> None:
    WRITERS[suffix.split(".")[0]](tmp_path / f"export.{suffix}", ROWS)
    items = _read(tmp_path)
    assert all(isinstance(i, RawDocument) for i in items) and len(items) == len(ROWS)
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert [d.record for d in documents] == ["row 1", "row 2", "row 3"] or [
        d.record for d in documents
    ] == ["line 1", "line 2", "line 3"]
    assert [d.doc_id for d in documents] == [content_id(r["body"].encode()) for r in ROWS]
    assert {d.source_format for d in documents} == {suffix.split(".")[0]}
    first = documents[0]
    assert first.metadata.text("url") == ROWS[0]["link"]
    assert first.metadata.text("outlet") == "Wire Service"
    assert first.metadata.text("author") == "Sam Okafor"
    assert str(first.metadata.published) == "2024-04-03"
    assert first.text.startswith(ROWS[0]["headline"] + "\n\n")


def test_rows_become_articles_with_metadata_bases(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "export.jsonl", ROWS)
    (seed,) = scan_seeds(tmp_path)
    rows = [
        i.article for i in process_records(read_records(seed)) if isinstance(i, ProcessedDocument)
    ]
    assert [r["source_record"] for r in rows] == ["line 1", "line 2", "line 3"]
    assert {r["title_basis"] for r in rows} == {"metadata"}
    assert {r["outlet_basis"] for r in rows} == {"metadata"}
    assert {r["published_date_basis"] for r in rows} == {"metadata"}
    assert rows[1]["title"] == ROWS[1]["headline"]
    assert rows[1]["clean_text"].startswith(ROWS[1]["headline"])


def test_a_bad_row_is_one_reject_and_the_others_are_read(tmp_path: Path) -> None:
    rows: list[Mapping[str, Any] | str] = [
        ROWS[0],
        '{"headline": "cut short", "body": "Heavy rain',
        ["not", "an", "object"],  # type: ignore[list-item]
        {"headline": "No body here", "body": "   "},
        {"headline": "Nothing", "link": "https://x.example"},
        ROWS[1],
    ]
    write_jsonl(tmp_path / "export.jsonl", rows)
    items = _read(tmp_path)
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert kinds == [
        ("RawDocument", None),
        ("Reject", "unparseable"),
        ("Reject", "unparseable"),
        ("Reject", "empty"),
        ("Reject", "empty"),
        ("RawDocument", None),
    ]
    assert [i.record for i in items if isinstance(i, Reject)] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
    ]


def test_a_csv_with_no_text_column_is_one_unsupported_type_reject(tmp_path: Path) -> None:
    write_csv(
        tmp_path / "prices.csv", [{"item": "rice", "price": 3.2}, {"item": "oil", "price": 9}]
    )
    (item,) = _read(tmp_path)
    assert isinstance(item, Reject) and item.reason == "unsupported_type"
    assert "text, body, content" in item.detail


def test_a_malformed_parquet_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    (item,) = _read(tmp_path)
    assert isinstance(item, Reject) and item.reason == "unparseable"


def test_a_malformed_gzip_export_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "export.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    (item,) = _read(tmp_path)
    assert isinstance(item, Reject) and item.reason == "unparseable"


def test_a_folder_config_maps_other_column_names(tmp_path: Path) -> None:
    rows = [
        {"story_body": r["body"], "first_seen": r["date"], "headline": r["headline"]} for r in ROWS
    ]
    write_csv(tmp_path / "export.csv", rows)
    (tmp_path / "export_columns.yaml").write_text("text: story_body\npublished: [first_seen]\n")
    documents = [i for i in _read(tmp_path) if isinstance(i, RawDocument)]
    assert len(documents) == 3
    assert str(documents[2].metadata.published) == "2024-04-21"
    assert documents[2].metadata.text("title") == ROWS[2]["headline"]


def test_the_config_is_part_of_the_exports_fingerprint(tmp_path: Path) -> None:
    write_csv(tmp_path / "export.csv", ROWS)
    (tmp_path / "note.txt").write_text(article_text("Galway", 9))
    before = {s.source_path: s.fingerprint for s in scan_seeds(tmp_path)}
    (tmp_path / "export_columns.yaml").write_text("title: [headline]\n")
    after = {s.source_path: s.fingerprint for s in scan_seeds(tmp_path)}
    assert set(after) == {"export.csv", "note.txt"}
    assert after["export.csv"] != before["export.csv"]
    assert after["note.txt"] == before["note.txt"]


def test_a_malformed_config_is_rejected_and_the_defaults_are_used(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "export.jsonl", ROWS)
    (tmp_path / "export_columns.yaml").write_text("txet: story\n")
    items = _read(tmp_path)
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(r.source_path, r.reason) for r in rejects] == [("export_columns.yaml", "unparseable")]
    assert "txet" in rejects[0].detail
    assert sum(isinstance(i, RawDocument) for i in items) == 3


def test_html_in_a_text_column_is_read_as_paragraphs(tmp_path: Path) -> None:
    body = "<p>Police said <b>14 people</b> were hurt.</p><p>The road was closed on Friday.</p>"
    write_jsonl(tmp_path / "export.jsonl", [{"content": body, "title": "Road closed"}])
    (document,) = _read(tmp_path)
    assert isinstance(document, RawDocument)
    assert document.text == (
        "Road closed\n\nPolice said 14 people were hurt.\n\nThe road was closed on Friday."
    )


def test_a_row_of_binary_text_is_one_reject_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    lines = [
        "title,text",
        f'"{ROWS[0]["headline"]}","{ROWS[0]["body"]}"',
        '"Broken","a NUL \x00 inside"',
        f'"{ROWS[1]["headline"]}","{ROWS[1]["body"]}"',
    ]
    (tmp_path / "export.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(tmp_path)
    assert [(type(i).__name__, i.record) for i in items] == [
        ("RawDocument", "row 1"),
        ("Reject", "row 2"),
        ("RawDocument", "row 3"),
    ]


def test_an_overlong_line_is_a_too_large_reject_and_the_next_lines_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFACTS_MAX_FILE_BYTES", "2000")
    long_row = {"title": "Long", "text": "word " * 10_000}
    write_jsonl(tmp_path / "export.jsonl", [ROWS[0], long_row, ROWS[1]])
    items = _read(tmp_path)
    assert [(type(i).__name__, i.record) for i in items] == [
        ("RawDocument", "line 1"),
        ("Reject", "line 2"),
        ("RawDocument", "line 3"),
    ]
    assert isinstance(items[1], Reject) and items[1].reason == "too_large"
