"""One seeds folder holding every input format, built end to end through the Dagster job."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import dagster as dg
import polars as pl

from newsfacts.ingest import scan_seeds
from newsfacts.paths import Paths
from newsfacts.stages.build import Build
from tests.format_builders import (
    article_html,
    distinct_articles,
    rss,
    write_csv,
    write_jsonl,
    write_parquet,
    write_warc,
)
from tests.test_pipeline import _build as build_all
from tests.test_pipeline import _published as published

FRENCH = (
    "Attaque contre un marché dans le nord\n\nAu moins douze personnes ont été tuées mardi lors "
    "d'une attaque contre un marché dans le nord du pays, a indiqué la police locale.\n"
)


def _rows(articles: list[tuple[str, str]], outlet: str) -> list[dict[str, str]]:
    return [
        {"title": title, "text": body, "url": f"https://{outlet}.example/{i}", "source": outlet}
        for i, (title, body) in enumerate(articles)
    ]


def build_every_format(seeds: Path) -> dict[str, int]:
    """Write one file of each format (good, gzip and malformed); the expected counts."""
    a = iter(distinct_articles(16))
    seeds.mkdir(parents=True)
    pages = [(f"https://crawl.example/{i}", article_html(*next(a)).encode()) for i in range(2)]
    write_warc(seeds / "crawl.warc.gz", pages)
    (seeds / "broken.warc").write_text("not an archive\n")
    write_jsonl(seeds / "export.jsonl", [*_rows([next(a), next(a)], "wire"), '{"text": "cut'])
    write_csv(seeds / "export.csv.gz", _rows([next(a), next(a)], "agency"))
    write_parquet(seeds / "export.parquet", _rows([next(a), next(a)], "daily"))
    (seeds / "broken.parquet").write_bytes(b"PAR1 not parquet PAR1")
    (seeds / "prices.csv").write_text("item,price\nrice,3\n")
    entries = [
        {"title": t, "link": f"https://herald.example/{i}", "summary": b}
        for i, (t, b) in enumerate([next(a), next(a)])
    ]
    (seeds / "herald.rss").write_text(rss(entries), encoding="utf-8")
    title, body = next(a)
    (seeds / "older.xml.gz").write_bytes(
        gzip.compress(
            rss([{"title": title, "link": "https://herald.example/o", "summary": body}]).encode()
        )
    )
    (seeds / "broken.rss").write_text("<html><body>not a feed</body></html>")
    (seeds / "page.html").write_text(article_html(*next(a)), encoding="utf-8")
    (seeds / "page2.html.gz").write_bytes(gzip.compress(article_html(*next(a)).encode()))
    (seeds / "broken.html").write_text("<html><body><script>x()</script></body></html>")
    note = "\n\n".join(next(a))
    (seeds / "note.txt").write_text(note, encoding="utf-8")
    sidecar = {"outlet": "Courier", "published": "2024-04-03", "url": "https://courier.example"}
    (seeds / "note.json").write_text(json.dumps(sidecar))
    (seeds / "note2.txt.gz").write_bytes(gzip.compress("\n\n".join(next(a)).encode()))
    (seeds / "other.txt").write_text("\n\n".join(next(a)), encoding="utf-8")
    (seeds / "other.json").write_text('{"outlet": ')
    (seeds / "zz-copy.txt.gz").write_bytes(gzip.compress(note.encode()))
    (seeds / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08 cut")
    (seeds / "french.txt").write_text(FRENCH, encoding="utf-8")
    return {"articles": 17, "rejects": 9, "non_english": 1, "skipped_records": 4}


def test_every_format_builds_with_the_right_counts(tmp_path: Path) -> None:
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    expected = build_every_format(paths.seeds_dir)
    with dg.instance_for_test() as instance:
        result = build_all(paths, instance)
    assert result.success
    articles = published(paths, "articles")
    rejects = published(paths, "rejects")
    assert articles.height == expected["articles"]
    assert rejects.height == expected["rejects"]
    by_format = dict(articles.group_by("source_format").len().iter_rows())
    assert by_format == {
        "warc": 2,
        "jsonl": 2,
        "csv": 2,
        "parquet": 2,
        "feed": 3,
        "html": 2,
        "text": 4,
    }
    assert sorted(zip(rejects["source_path"], rejects["reason"], strict=True)) == [
        ("broken.html", "unparseable"),
        ("broken.parquet", "unparseable"),
        ("broken.rss", "unsupported_type"),
        ("broken.txt.gz", "unparseable"),
        ("broken.warc", "unparseable"),
        ("export.jsonl", "unparseable"),
        ("other.json", "unparseable"),
        ("prices.csv", "unsupported_type"),
        ("zz-copy.txt.gz", "duplicate"),
    ]
    note = articles.filter(pl.col("source_path") == "note.txt").row(0, named=True)
    assert (note["outlet"], note["outlet_basis"], note["url"]) == (
        "Courier",
        "sidecar",
        "https://courier.example",
    )
    french = articles.filter(pl.col("language") == "fr")["doc_id"].to_list()
    assert len(french) == expected["non_english"]
    for table in ("mentions", "events", "figures", "quotes"):
        assert not set(published(paths, table)["doc_id"]) & set(french)
    assert set(published(paths, "sentences")["doc_id"]) >= set(french)

    meta = {
        m.asset_key.to_user_string(): m.metadata
        for node in ("documents", "event_extraction")
        for m in result.asset_materializations_for_node(node)
    }
    assert meta["articles"]["non_english_documents"].value == expected["non_english"]
    assert meta["articles"]["skipped_records"].value == expected["skipped_records"]
    assert meta["events"]["documents_skipped_language"].value == expected["non_english"]


def test_a_new_export_or_an_edited_sidecar_costs_only_its_own_file(tmp_path: Path) -> None:
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    build_every_format(paths.seeds_dir)
    with Build(paths) as build:
        first = build.documents()
    assert first.run.reused == [] and len(first.run.computed) == len(scan_seeds(paths.seeds_dir))
    write_jsonl(paths.seeds_dir / "later.jsonl", _rows(distinct_articles(16)[-2:], "late"))
    with Build(paths) as build:
        added = build.documents()
        articles = build.staged("articles")
    assert added.run.computed == ["later.jsonl"]
    assert len(added.run.reused) == len(first.run.computed)
    assert articles.filter(pl.col("source_path") == "later.jsonl").height == 2

    (paths.seeds_dir / "note.json").write_text('{"outlet": "Evening Courier"}')
    with Build(paths) as build:
        edited = build.documents()
        articles = build.staged("articles")
    assert edited.run.computed == ["note.txt"] and edited.run.pruned == ["note.txt"]
    note = articles.filter(pl.col("source_path") == "note.txt")
    assert note["outlet"].to_list() == ["Evening Courier"]


def test_the_copy_of_a_document_comes_back_when_the_kept_file_goes(tmp_path: Path) -> None:
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    paths.seeds_dir.mkdir(parents=True)
    (title, body), (other_title, other_body) = distinct_articles(2)
    text = f"{title}\n\n{body}"
    (paths.seeds_dir / "a.txt").write_text(text, encoding="utf-8")
    write_jsonl(
        paths.seeds_dir / "b.jsonl",
        [{"text": text}, {"title": other_title, "text": other_body}],
    )
    with Build(paths) as build:
        build.documents()
        articles, rejects = build.staged("articles"), build.staged("rejects")
    assert sorted(zip(articles["source_path"], articles["source_record"], strict=True)) == [
        ("a.txt", None),
        ("b.jsonl", "line 2"),
    ]
    assert rejects.select("source_path", "reason", "detail", "record").rows() == [
        ("b.jsonl", "duplicate", "a.txt", "line 1")
    ]
    (paths.seeds_dir / "a.txt").unlink()
    with Build(paths) as build:
        again = build.documents()
        articles, rejects = build.staged("articles"), build.staged("rejects")
    assert again.run.computed == []
    assert sorted(articles["source_record"].to_list()) == ["line 1", "line 2"]
    assert rejects.is_empty()
