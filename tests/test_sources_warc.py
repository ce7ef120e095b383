"""Web archives: a document per HTML response, other records counted, bad records rejected."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsfacts.documents import ProcessedDocument, process_records
from newsfacts.ingest import Reject, read_records, scan_seeds
from newsfacts.sources.records import RawDocument, content_id
from tests.conftest import CORPORA
from tests.format_builders import article_html, article_text, write_warc

BENCHMARK = CORPORA / "article-extraction-benchmark"


def _pages(n: int) -> list[tuple[str, bytes, str]]:
    """(url, html, gold body) of benchmark pages, or hand-written pages without the corpora."""
    truth_path = BENCHMARK / "ground-truth.json"
    if not truth_path.is_file():
        places = ["Porto Novo", "Kisumu", "Galway", "Tromsø", "Valparaíso"][:n]
        return [
            (
                f"https://news.example/{i}",
                article_html(f"Floods in {place}", article_text(place, 40 + i)).encode(),
                article_text(place, 40 + i),
            )
            for i, place in enumerate(places)
        ]
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    keys = sorted(truth)[5 : 5 + n]
    return [
        (
            truth[k]["url"],
            gzip.decompress((BENCHMARK / "html" / f"{k}.html.gz").read_bytes()),
            truth[k]["articleBody"],
        )
        for k in keys
    ]


@pytest.mark.parametrize("compressed", [True, False])
def test_each_html_response_is_a_document_with_url_and_fetch_date(
    tmp_path: Path, compressed: bool
) -> None:
    pages = _pages(3)
    name = "crawl.warc.gz" if compressed else "crawl.warc"
    write_warc(tmp_path / name, [(url, html) for url, html, _ in pages], gzip_records=compressed)
    (seed,) = scan_seeds(tmp_path)
    records = read_records(seed)
    items = list(records)
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert [d.metadata.text("url") for d in documents] == [url for url, _, _ in pages]
    assert [d.doc_id for d in documents] == [content_id(html) for _, html, _ in pages]
    assert all(d.source_format == "warc" and d.record.startswith("offset ") for d in documents)
    assert all(str(d.fetched) == "2024-03-05" for d in documents)
    assert not [i for i in items if isinstance(i, Reject)]
    assert records.skipped == {
        "warc warcinfo records": 1,
        "warc request records": 3,
        "warc non-HTML responses": 1,
    }
    for document, (_, _, gold) in zip(documents, pages, strict=True):
        assert gold.split()[0] in document.text


def test_a_record_that_fails_is_rejected_with_its_offset_and_the_rest_goes_on(
    tmp_path: Path,
) -> None:
    good = article_html("Floods in Galway", article_text("Galway", 120)).encode()
    empty_page = b"<html><body><script>var x = 1;</script></body></html>"
    also_good = article_html("Floods in Kisumu", article_text("Kisumu", 75)).encode()
    write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://a.example/1", good),
            ("https://a.example/2", empty_page),
            ("https://a.example/3", also_good),
        ],
        extra_records=False,
    )
    (seed,) = scan_seeds(tmp_path)
    items = list(read_records(seed))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Reject", "RawDocument"]
    reject = items[1]
    assert isinstance(reject, Reject)
    assert reject.source_path == "crawl.warc.gz" and reject.record.startswith("offset ")
    assert reject.reason == "unparseable"


def test_a_truncated_archive_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    pages = [
        (f"https://b.example/{i}", article_html(f"Floods in {p}", article_text(p, n)).encode())
        for i, (p, n) in enumerate([("Galway", 31), ("Kisumu", 57), ("Tromsø", 88)])
    ]
    whole = tmp_path / "whole.warc"
    write_warc(whole, pages, extra_records=False, gzip_records=False)
    data = whole.read_bytes()
    whole.unlink()
    (tmp_path / "cut.warc").write_bytes(data[: len(data) * 2 // 3] + b"\r\nWARC/1.0\r\ngarbage")
    (seed,) = scan_seeds(tmp_path)
    items = list(read_records(seed))
    documents = [i for i in items if isinstance(i, RawDocument)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert 1 <= len(documents) < 3
    assert len(rejects) == 1 and rejects[0].source_path == "cut.warc"


def test_not_an_archive_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "notes.warc").write_text("these are my crawl notes, not an archive\n")
    (seed,) = scan_seeds(tmp_path)
    (item,) = list(read_records(seed))
    assert isinstance(item, Reject) and item.reason == "unparseable"


def test_archive_documents_take_the_fetch_date_when_the_page_states_none(tmp_path: Path) -> None:
    page = article_html("Floods in Galway", article_text("Galway", 64)).encode()
    dated = article_html(
        "Floods in Kisumu", article_text("Kisumu", 91), published="2024-02-27T08:00:00Z"
    ).encode()
    write_warc(
        tmp_path / "c.warc.gz",
        [("https://c.example/1", page), ("https://c.example/2", dated)],
        extra_records=False,
    )
    (seed,) = scan_seeds(tmp_path)
    rows = [
        i.article for i in process_records(read_records(seed)) if isinstance(i, ProcessedDocument)
    ]
    assert [(str(r["published_date"]), r["published_date_basis"]) for r in rows] == [
        ("2024-03-05", "inferred"),
        ("2024-02-27", "metadata"),
    ]
    assert [r["url"] for r in rows] == ["https://c.example/1", "https://c.example/2"]
    assert all(r["source_format"] == "warc" and r["language"] == "en" for r in rows)


def test_a_page_crawled_twice_is_one_document_and_one_duplicate(tmp_path: Path) -> None:
    page = article_html("Floods in Galway", article_text("Galway", 52)).encode()
    write_warc(
        tmp_path / "twice.warc.gz",
        [("https://d.example/a", page), ("https://d.example/a?ref=home", page)],
        extra_records=False,
    )
    (seed,) = scan_seeds(tmp_path)
    first, second = list(read_records(seed))
    assert isinstance(first, RawDocument) and isinstance(second, Reject)
    assert second.reason == "duplicate"
    assert second.detail == f"twice.warc.gz ({first.record})"
    assert second.record is not None and second.record != first.record
