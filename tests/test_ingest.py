"""Ingest: bad input is rejected with a reason, good input survives oddities."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path, PurePath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsfacts.documents import ProcessedDocument, process_seeds
from newsfacts.html_benchmark import body_of, prf
from newsfacts.ingest import Reject, decode_bytes, read_seeds
from newsfacts.paths import Paths
from newsfacts.sources.detect import COMPRESSED_SUFFIX, SUFFIX_FORMATS, has_suffix, name_format
from newsfacts.stages.freshness import scan
from tests.conftest import CORPORA

ARTICLE = (
    "Storm cuts power to coastal towns\n\n"
    "A storm cut power to 40,000 homes along the coast on Sunday, the utility said, "
    "and crews expected to restore most connections by Tuesday evening.\n"
)


def _rejects(folder: Path) -> dict[str, Reject]:
    return {r.source_path: r for r in read_seeds(folder) if isinstance(r, Reject)}


def test_each_bad_file_is_rejected_and_the_good_one_processed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFACTS_MAX_FILE_BYTES", "5000")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "huge.txt").write_text("word " * 2000, encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><script>x</script></body></html>")
    rejects = _rejects(tmp_path)
    assert {p: r.reason for p, r in rejects.items()} == {
        "good.txt": "duplicate",
        "empty.txt": "empty",
        "blank.txt": "empty",
        "image.txt": "binary",
        "huge.txt": "too_large",
        "broken.html": "unparseable",
    }
    assert rejects["good.txt"].detail == "copy.txt"
    assert "10000 bytes > limit of 5000" in rejects["huge.txt"].detail
    processed = [p for p in process_seeds(tmp_path) if not isinstance(p, Reject)]
    assert [p.article["source_path"] for p in processed] == ["copy.txt"]


def test_a_lone_cp1252_byte_does_not_crash() -> None:
    data = "The club\u2019s new signing".encode() + b" cost \x80 10m."
    text = decode_bytes(data)
    assert "\u20ac" in text and "club\u2019s" in text


def test_the_bbc_file_with_a_stray_byte_is_processed() -> None:
    path = CORPORA / "bbc" / "sport" / "199.txt"
    if not path.is_file():
        pytest.skip("shared corpora not present")
    text = decode_bytes(path.read_bytes())
    assert "\ufffd" not in text and len(text) > 500


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs = [p for p in process_seeds(tmp_path) if not isinstance(p, Reject)]
    assert docs[0].article["title"] == "Storm cuts power to coastal towns"


def test_multi_megabyte_single_line_is_processed(tmp_path: Path) -> None:
    sentence = "Officials said 12 people were hurt in the blast near the port of the city. "
    (tmp_path / "long.txt").write_text(sentence * 40_000, encoding="utf-8")
    assert os.path.getsize(tmp_path / "long.txt") > 2_000_000
    (item,) = list(process_seeds(tmp_path))
    assert not isinstance(item, Reject)
    assert len(item.sentences) == 40_000


def test_html_goes_through_trafilatura_with_metadata(tmp_path: Path) -> None:
    html = """<html lang="en"><head><title>Port reopens after strike | Daily Ledger</title>
    <meta property="og:site_name" content="Daily Ledger">
    <meta name="author" content="Ana Pereira">
    <meta property="article:published_time" content="2023-05-04T10:00:00Z"></head>
    <body><nav>Skip to main content</nav><article><h1>Port reopens after strike</h1>
    <p>The port reopened on Thursday after a two-week strike by 3,000 dock workers ended with
    a pay deal, the harbour authority said in a statement to reporters.</p>
    <p>Shipping companies said it would take a week to clear the backlog of 120 vessels
    waiting offshore, according to the chamber of commerce.</p></article>
    <footer>scroll to top</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (item,) = list(process_seeds(tmp_path))
    assert not isinstance(item, Reject)
    article = item.article
    assert article["source_format"] == "html"
    assert article["outlet"] == "Daily Ledger"
    assert article["author"] == "Ana Pereira"
    assert str(article["published_date"]) == "2023-05-04"
    assert article["published_date_basis"] == "metadata"
    assert "scroll to top" not in article["clean_text"]
    assert "3,000 dock workers" in article["clean_text"]


def test_real_html_page_from_the_benchmark(tmp_path: Path) -> None:
    root = CORPORA / "article-extraction-benchmark"
    pages = sorted((root / "html").glob("*.html.gz"))
    if not pages:
        pytest.skip("shared corpora not present")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for page in pages[:3]:
        folder = tmp_path / page.name.split(".")[0]
        folder.mkdir()
        (folder / "page.html").write_bytes(gzip.decompress(page.read_bytes()))
        (item,) = list(process_seeds(folder))
        assert isinstance(item, ProcessedDocument)
        gold = truth[page.name.split(".")[0]]["articleBody"]
        precision, recall, _ = prf(body_of(item.article), gold)
        assert precision > 0.8 and recall > 0.9
        assert item.sentences


# Input type by content, not trust.


def test_utf16_without_bom_is_decoded_not_rejected_as_binary(tmp_path: Path) -> None:
    (tmp_path / "le.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    (tmp_path / "be.txt").write_bytes(ARTICLE.replace("40,000", "52,000").encode("utf-16-be"))
    processed = [p for p in process_seeds(tmp_path) if isinstance(p, ProcessedDocument)]
    assert [p.article["title"] for p in processed] == ["Storm cuts power to coastal towns"] * 2
    assert "52,000 homes" in processed[0].article["clean_text"]


def test_binary_with_zero_bytes_everywhere_is_still_binary(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 40)
    assert _rejects(tmp_path)["blob.txt"].reason == "binary"


def test_text_wrapped_in_thousands_of_nested_divs_is_extracted(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    page = (
        "<html><head><title>Storm cuts power to coastal towns</title></head><body>"
        + "<div>" * 5000
        + paragraphs
        + "</div>" * 5000
        + "</body></html>"
    )
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    (item,) = list(process_seeds(tmp_path))
    assert isinstance(item, ProcessedDocument)
    assert "40,000 homes" in item.article["clean_text"]


def test_an_ascii_pdf_is_an_unsupported_type_whatever_its_name(tmp_path: Path) -> None:
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"17 0 obj 42\n" * 20
    (tmp_path / "report.pdf").write_bytes(pdf)
    (tmp_path / "report.txt").write_bytes(pdf.replace(b"42", b"43"))
    rejects = _rejects(tmp_path)
    assert {p: r.reason for p, r in rejects.items()} == {
        "report.pdf": "unsupported_type",
        "report.txt": "unsupported_type",
    }
    assert "PDF" in rejects["report.pdf"].detail


def test_files_of_unknown_types_are_not_read_as_articles(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text('{"todo": "read 12 reports"}')
    (tmp_path / "prices.csv").write_text("item,price\nrice,3\noil,9\n")
    (tmp_path / "plain").write_text(ARTICLE, encoding="utf-8")
    items = list(process_seeds(tmp_path))
    rejects = {i.source_path: i.reason for i in items if isinstance(i, Reject)}
    assert rejects == {"notes.json": "unsupported_type", "prices.csv": "unsupported_type"}
    processed = [i for i in items if isinstance(i, ProcessedDocument)]
    assert [p.article["source_path"] for p in processed] == ["plain"]


def test_a_text_file_holding_a_web_page_is_read_as_html(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    page = f"<!DOCTYPE html><html><head><title>Storm</title></head><body>{paragraphs}</body></html>"
    (tmp_path / "saved.txt").write_text(page, encoding="utf-8")
    (item,) = list(process_seeds(tmp_path))
    assert isinstance(item, ProcessedDocument)
    assert "<p>" not in item.article["clean_text"] and "40,000 homes" in item.article["clean_text"]


def test_links_out_of_the_seeds_folder_are_rejected_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "link.txt").symlink_to(outside / "secret.txt")
    (seeds / "folder").symlink_to(outside, target_is_directory=True)
    (seeds / "own.txt").write_text(ARTICLE.replace("Sunday", "Monday"), encoding="utf-8")
    (seeds / "alias.txt").symlink_to(seeds / "own.txt")
    items = list(process_seeds(seeds))
    rejects = {i.source_path: i for i in items if isinstance(i, Reject)}
    assert {p: r.reason for p, r in rejects.items()} == {
        "link.txt": "unsupported_type",
        "folder": "unsupported_type",
        "own.txt": "duplicate",
    }
    assert "outside the seeds folder" in rejects["link.txt"].detail
    processed = [i for i in items if isinstance(i, ProcessedDocument)]
    assert [p.article["source_path"] for p in processed] == ["alias.txt"]
    assert all("Sunday" not in p.article["clean_text"] for p in processed)


def test_gzip_text_and_html_are_read_and_share_ids_with_their_plain_copies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    other = ARTICLE.replace("Sunday", "Friday")
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(other.encode()))
    (tmp_path / "d.html.gz").write_bytes(b"\x1f\x8b\x08 not really gzip")
    items = list(process_seeds(tmp_path))
    rejects = {i.source_path: (i.reason, i.detail) for i in items if isinstance(i, Reject)}
    assert rejects["b.txt.gz"] == ("duplicate", "a.txt")
    assert rejects["d.html.gz"][0] == "unparseable"
    processed = [i.article for i in items if isinstance(i, ProcessedDocument)]
    assert [a["source_path"] for a in processed] == ["a.txt", "c.txt.gz"]
    assert "Friday" in processed[1]["clean_text"]


def test_a_gzip_bomb_is_rejected_as_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFACTS_MAX_FILE_BYTES", "100000")
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5_000_000))
    assert _rejects(tmp_path)["bomb.txt.gz"].reason == "too_large"


def test_a_second_scan_sees_every_change_since_the_first(tmp_path: Path) -> None:
    """The scan of an unchanged folder is remembered; an edit that keeps the size, a new
    sidecar, a renamed or removed file must still show in the next scan."""
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    seeds = paths.seeds_dir
    seeds.mkdir()
    (seeds / "a.txt").write_text("Rain fell on Tarnow on Monday.\n", encoding="utf-8")
    (seeds / "b.txt").write_text("The council met in Marlow.\n", encoding="utf-8")
    scanned, hashed = scan(paths)
    first = {s.source_path: s.sha256 for s in scanned}
    scanned, again = scan(paths)
    assert {s.source_path: s.sha256 for s in scanned} == first
    assert again == hashed
    (seeds / "a.txt").write_text("Snow fell on Tarnow on Monday.\n", encoding="utf-8")
    stamp = (seeds / "a.txt").stat().st_mtime_ns + 1_000_000_000
    os.utime(seeds / "a.txt", ns=(stamp, stamp))
    edited = {s.source_path: s.sha256 for s in scan(paths)[0]}
    assert edited["a.txt"] != first["a.txt"] and edited["b.txt"] == first["b.txt"]
    (seeds / "b.txt").rename(seeds / "c.txt")
    (seeds / "c.json").write_text(json.dumps({"title": "Council"}), encoding="utf-8")
    renamed = {s.source_path: s for s in scan(paths)[0]}
    assert sorted(renamed) == ["a.txt", "c.txt"]
    assert renamed["c.txt"].metadata.values["title"] == "Council"


def _name_format_by_path(name: str) -> tuple[str | None, bool, str]:
    """The definition by path objects that ``name_format`` must agree with."""
    path = PurePath(name.lower())
    compressed = path.suffix == COMPRESSED_SUFFIX
    if compressed:
        path = path.with_suffix("")
    suffix = path.suffix if has_suffix(path.name) else ""
    return SUFFIX_FORMATS.get(suffix), compressed, suffix


_NAME_PARTS = st.sampled_from(
    ["a", "report", ".", "..", "txt", "TXT", "html", "gz", "GZ", "warc", "jsonl", "json",
     "csv", "2024", " ", "-", "x1", "tar", "é", "meta"]
)  # fmt: skip


@given(st.lists(_NAME_PARTS, min_size=1, max_size=8).map("".join))
@example("a.txt.gz")
@example("..gz")
@example(".gz")
@example("a.gz.")
@example("2024.05 report")
def test_name_format_reads_a_file_name_as_path_objects_do(name: str) -> None:
    assert name_format(name) == _name_format_by_path(name)
