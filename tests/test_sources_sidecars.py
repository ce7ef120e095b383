"""Metadata given beside text files: sidecars and folder tables win over inference, with bases."""

from __future__ import annotations

import json
from pathlib import Path

from newsfacts.documents import ProcessedDocument, process_seeds
from newsfacts.ingest import Reject, scan_seeds
from tests.format_builders import article_text, write_csv, write_jsonl


def _articles(folder: Path) -> dict[str, dict[str, object]]:
    return {
        i.article["source_path"]: i.article
        for i in process_seeds(folder)
        if isinstance(i, ProcessedDocument)
    }


def test_a_sidecar_is_attached_not_listed_and_wins_over_the_text(tmp_path: Path) -> None:
    (tmp_path / "galway.txt").write_text(article_text("Galway", 48), encoding="utf-8")
    sidecar = {
        "url": "https://west.example/floods",
        "title": "Galway floods: 48 families leave",
        "outlet": "Western Courier",
        "published": "2024-04-03T08:00:00+01:00",
        "author": "Aoife Byrne",
    }
    (tmp_path / "galway.json").write_text(json.dumps(sidecar), encoding="utf-8")
    (seed,) = scan_seeds(tmp_path)
    assert seed.companions == (tmp_path / "galway.json",)
    article = _articles(tmp_path)["galway.txt"]
    assert article["url"] == sidecar["url"]
    assert (article["title"], article["title_basis"]) == (sidecar["title"], "sidecar")
    assert (article["outlet"], article["outlet_basis"]) == ("Western Courier", "sidecar")
    assert str(article["published_date"]) == "2024-04-03"
    assert article["published_date_basis"] == "sidecar"
    assert article["author"] == "Aoife Byrne"


def test_meta_json_sidecar_and_null_date_fall_back_to_inference(tmp_path: Path) -> None:
    (tmp_path / "kisumu.txt").write_text(article_text("Kisumu", 112), encoding="utf-8")
    (tmp_path / "kisumu.meta.json").write_text('{"outlet": "Lake Post", "published": null}')
    article = _articles(tmp_path)["kisumu.txt"]
    assert (article["outlet"], article["outlet_basis"]) == ("Lake Post", "sidecar")
    assert article["published_date_basis"] == "unknown"
    assert article["title_basis"] == "text"


def test_a_folder_table_gives_each_file_its_row_and_a_sidecar_wins(tmp_path: Path) -> None:
    for place, n in [("Galway", 48), ("Kisumu", 112), ("Tromsø", 7)]:
        (tmp_path / f"{place.lower()}.txt").write_text(article_text(place, n), encoding="utf-8")
    rows = [
        {"file": "galway.txt", "outlet": "Western Courier", "published": "2024-04-03"},
        {"file": "kisumu.txt", "outlet": "Lake Post", "published": "2024-04-09"},
    ]
    write_csv(tmp_path / "metadata.csv", rows)
    (tmp_path / "kisumu.json").write_text('{"outlet": "Nyanza Daily"}')
    assert {s.source_path for s in scan_seeds(tmp_path)} == {
        "galway.txt",
        "kisumu.txt",
        "tromsø.txt",
    }
    articles = _articles(tmp_path)
    assert articles["galway.txt"]["outlet"] == "Western Courier"
    assert articles["kisumu.txt"]["outlet"] == "Nyanza Daily"
    assert str(articles["kisumu.txt"]["published_date"]) == "2024-04-09"
    assert articles["tromsø.txt"]["outlet_basis"] == "unknown"


def test_editing_one_row_changes_only_that_files_fingerprint(tmp_path: Path) -> None:
    for place in ("Galway", "Kisumu"):
        (tmp_path / f"{place.lower()}.txt").write_text(article_text(place, 20), encoding="utf-8")
    rows = [{"file": "galway.txt", "outlet": "A"}, {"file": "kisumu.txt", "outlet": "B"}]
    write_jsonl(tmp_path / "metadata.jsonl", rows)
    before = {s.source_path: s.fingerprint for s in scan_seeds(tmp_path)}
    write_jsonl(tmp_path / "metadata.jsonl", [rows[0], {"file": "kisumu.txt", "outlet": "C"}])
    after = {s.source_path: s.fingerprint for s in scan_seeds(tmp_path)}
    assert after["galway.txt"] == before["galway.txt"]
    assert after["kisumu.txt"] != before["kisumu.txt"]


def test_a_malformed_sidecar_is_rejected_and_its_text_still_read(tmp_path: Path) -> None:
    (tmp_path / "galway.txt").write_text(article_text("Galway", 48), encoding="utf-8")
    (tmp_path / "galway.json").write_text('{"outlet": "Western Cour')
    items = list(process_seeds(tmp_path))
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [(r.source_path, r.reason) for r in rejects] == [("galway.json", "unparseable")]
    (processed,) = [i for i in items if isinstance(i, ProcessedDocument)]
    assert processed.article["outlet_basis"] != "sidecar"


def test_bad_rows_of_a_folder_table_are_rejected_and_the_good_ones_used(tmp_path: Path) -> None:
    (tmp_path / "galway.txt").write_text(article_text("Galway", 48), encoding="utf-8")
    lines = ['{"file": "galway.txt", "outlet": "Western Courier"}', "{broken", '{"outlet": "x"}']
    (tmp_path / "metadata.jsonl").write_text("\n".join(lines) + "\n")
    items = list(process_seeds(tmp_path))
    rejects = sorted((i.source_path, i.record) for i in items if isinstance(i, Reject))
    assert rejects == [("metadata.jsonl", "line 2"), ("metadata.jsonl", "line 3")]
    (processed,) = [i for i in items if isinstance(i, ProcessedDocument)]
    assert processed.article["outlet"] == "Western Courier"


def test_a_table_describes_files_in_sub_folders_and_a_nearer_table_wins(tmp_path: Path) -> None:
    (tmp_path / "west").mkdir()
    (tmp_path / "west" / "galway.txt").write_text(article_text("Galway", 48), encoding="utf-8")
    (tmp_path / "west" / "tromsø.txt").write_text(article_text("Tromsø", 7), encoding="utf-8")
    rows = [
        {"file": "west/galway.txt", "outlet": "Root Table", "author": "Eoin Walsh"},
        {"file": "west/tromsø.txt", "outlet": "Root Table"},
    ]
    write_jsonl(tmp_path / "metadata.jsonl", rows)
    write_csv(tmp_path / "west" / "metadata.csv", [{"file": "galway.txt", "outlet": "West Table"}])
    articles = _articles(tmp_path)
    galway = articles["west/galway.txt"]
    assert (galway["outlet"], galway["author"]) == ("West Table", "Eoin Walsh")
    assert articles["west/tromsø.txt"]["outlet"] == "Root Table"
