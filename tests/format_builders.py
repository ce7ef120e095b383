"""Writers of input files in every supported format, for tests (built in tmp_path at test time)."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def article_text(place: str, number: int, weekday: str = "Monday") -> str:
    """A short English news article whose names and numbers vary with the arguments."""
    return (
        f"Floods force {number} families from their homes in {place}\n\n"
        f"Heavy rain flooded low-lying districts of {place} on {weekday}, forcing {number} "
        f"families to leave their homes, the regional civil defence agency said in a statement.\n\n"
        f"Rescue teams used boats to reach residents stranded on rooftops, and the agency said "
        f"{number // 10 + 2} shelters had been opened in schools and sports halls.\n"
    )


def article_html(title: str, body: str, published: str | None = None, lang: str = "en") -> str:
    """A small web page around ``body`` (paragraphs separated by blank lines)."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>{meta}</head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright the publisher</footer></body></html>"
    )


def write_warc(
    path: Path,
    pages: Sequence[tuple[str, bytes]],
    extra_records: bool = True,
    gzip_records: bool = True,
    fetched: str = "2024-03-05T10:00:00Z",
) -> None:
    """A web archive with one HTTP response per (url, html) page, plus requests and an image."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_records)
        if extra_records:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": fetched},
            )
            writer.write_record(record)
            if extra_records:
                request = writer.create_warc_record(
                    url,
                    "request",
                    payload=io.BytesIO(b""),
                    http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
                )
                writer.write_record(request)
        if extra_records:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://example.org/logo.png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                    http_headers=image,
                )
            )


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any] | str]) -> None:
    """One JSON object per line (a str row is written as it is: a malformed line)."""
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    _write(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    buffer = io.BytesIO()
    pl.DataFrame(list(rows)).write_csv(buffer)
    _write(path, buffer.getvalue())


def write_parquet(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    buffer = io.BytesIO()
    pl.DataFrame(list(rows)).write_parquet(buffer)
    _write(path, buffer.getvalue())


def rss(entries: Sequence[Mapping[str, str]], channel: str = "Coastal Herald") -> str:
    """An RSS 2.0 feed: ``content`` goes to content:encoded, ``summary`` to description."""
    items = []
    for entry in entries:
        parts = [f"<title>{entry['title']}</title>", f"<link>{entry['link']}</link>"]
        if "date" in entry:
            parts.append(f"<pubDate>{entry['date']}</pubDate>")
        if "summary" in entry:
            parts.append(f"<description><![CDATA[{entry['summary']}]]></description>")
        if "content" in entry:
            parts.append(f"<content:encoded><![CDATA[{entry['content']}]]></content:encoded>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{channel}</title><link>https://herald.example</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>"
    )


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def write_gzip(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data))


TEMPLATES = (
    "Floods force {n} families from their homes in {place}\n\nHeavy rain flooded low-lying "
    "districts of {place} on Monday, forcing {n} families to leave their homes, the civil "
    "defence agency said.\n\nRescue teams used boats to reach residents stranded on rooftops.\n",
    "Dock strike in {place} ends after {n} days\n\nDock workers in {place} returned to work on "
    "Thursday after a strike that lasted {n} days, their union said, once members accepted a "
    "new pay offer from the port authority.\n\nShipping firms expect the backlog to clear soon.\n",
    "Wildfire near {place} destroys {n} houses\n\nA wildfire burning in the hills above {place} "
    "destroyed {n} houses overnight, fire officials said on Sunday, as crews fought the flames "
    "with water-bombing aircraft.\n\nNo deaths have been reported so far.\n",
    "{place} council approves budget of {n} million\n\nThe city council of {place} approved a "
    "budget of {n} million for road repairs and school buildings on Tuesday after a debate that "
    "ran late into the night.\n\nThe opposition voted against the plan.\n",
)
PLACES = ("Galway", "Kisumu", "Tromsø", "Valparaíso")


def distinct_articles(count: int) -> list[tuple[str, str]]:
    """``count`` different English articles as (title, body) pairs, names and numbers varied."""
    texts = [
        template.format(place=place, n=17 + 13 * i + 5 * j)
        for j, template in enumerate(TEMPLATES)
        for i, place in enumerate(PLACES)
    ]
    if count > len(texts):
        raise ValueError(f"only {len(texts)} distinct articles")
    return [tuple(text.split("\n\n", 1)) for text in texts[:count]]  # type: ignore[misc]
