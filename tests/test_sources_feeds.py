"""Feeds (RSS, Atom, gzip or not): one document per entry, content before summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfacts.ingest import Reject, read_records, scan_seeds
from newsfacts.sources.records import RawDocument
from tests.format_builders import article_text, rss, write_gzip

ENTRIES = [
    {
        "title": "Floods force 48 families from Galway",
        "link": "https://herald.example/galway",
        "date": "Wed, 03 Apr 2024 07:15:00 +0000",
        "summary": "Families leave homes as rain floods the city.",
        "content": "".join(
            f"<p>{p}</p>" for p in article_text("Galway", 48).split("\n\n")[1:] if p.strip()
        ),
    },
    {
        "title": "Ferry service resumes to Inis Mór",
        "link": "https://herald.example/ferry",
        "date": "Thu, 04 Apr 2024 09:00:00 +0000",
        "summary": "The ferry to the island resumed on Thursday after three days of storms "
        "kept 600 passengers ashore, the operator said.",
    },
]
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<entry><title>Dock strike ends</title><link href="https://notes.example/dock"/>
<updated>2024-05-02T18:00:00Z</updated><author><name>Ines Duarte</name></author>
<content type="html">&lt;p&gt;Dock workers ended a nine-day strike on Thursday after 2,300
members accepted a pay offer, the union said.&lt;/p&gt;</content></entry></feed>"""


def _documents(folder: Path) -> list[RawDocument | Reject]:
    return [item for seed in scan_seeds(folder) for item in read_records(seed)]


@pytest.mark.parametrize("name", ["herald.rss", "herald.xml", "herald.rss.gz"])
def test_rss_entries_are_documents_with_link_title_and_date(tmp_path: Path, name: str) -> None:
    data = rss(ENTRIES).encode()
    if name.endswith(".gz"):
        write_gzip(tmp_path / name, data)
    else:
        (tmp_path / name).write_bytes(data)
    first, second = _documents(tmp_path)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.record, second.record) == ("entry 1", "entry 2")
    assert first.source_format == second.source_format == "feed"
    assert first.metadata.text("url") == "https://herald.example/galway"
    assert first.metadata.text("outlet") == "Coastal Herald"
    assert str(first.metadata.published) == "2024-04-03"
    assert "Rescue teams used boats" in first.text  # the full content, not the summary
    assert first.text.startswith("Floods force 48 families from Galway\n\n")
    assert "600 passengers ashore" in second.text  # no content: the summary


def test_atom_entries_are_read(tmp_path: Path) -> None:
    (tmp_path / "notes.atom").write_text(ATOM, encoding="utf-8")
    (document,) = _documents(tmp_path)
    assert isinstance(document, RawDocument)
    assert document.metadata.text("author") == "Ines Duarte"
    assert document.metadata.text("url") == "https://notes.example/dock"
    assert "2,300 members accepted" in " ".join(document.text.split())


def test_xml_that_is_no_feed_is_unsupported(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>'
    )
    (item,) = _documents(tmp_path)
    assert isinstance(item, Reject) and item.reason == "unsupported_type"


def test_a_malformed_feed_still_gives_the_entries_before_the_break(tmp_path: Path) -> None:
    data = rss(ENTRIES)
    (tmp_path / "cut.rss").write_text(data[: data.index("<item>", data.index("</item>"))] + "<ite")
    items = _documents(tmp_path)
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert len(documents) == 1 and "Galway" in documents[0].text


def test_an_entry_without_text_is_rejected(tmp_path: Path) -> None:
    entries = [{"title": "Photo of the day", "link": "https://herald.example/photo"}, ENTRIES[1]]
    (tmp_path / "herald.rss").write_text(rss(entries))
    first, second = _documents(tmp_path)
    assert isinstance(first, Reject) and first.reason == "empty" and first.record == "entry 1"
    assert isinstance(second, RawDocument)
