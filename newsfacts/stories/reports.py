"""Reports and dates: when a mention was reported, and the days its date may stand for.

A mention's date is read with its precision ("on Tuesday" is a day, "last
week" a week), and a mention without a date happened in the weeks before its
report. Where the report's own date is unknown or was guessed from a
background date of its body, its weekday words still tell one week's strike
from the next.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsfacts.dates import WEEKDAYS, find_date_expressions, resolve
from newsfacts.sentences import split_sentences
from newsfacts.stories.settings import settings
from newsfacts.stories.sharing import shared

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_WORD = re.compile(r"[a-z]+")
# Where a report states when it was published: a short line that is no
# sentence (title, date line, byline) or the dateline opening a paragraph
# ("KYIV, 4 May 2024 -").
_DATE_LINE_CHARS = 100
_DATELINE_CHARS = 60
_DATELINE_DASHES = (" - ", " \u2013 ", " \u2014 ")


def date_span(event_date: date | None, precision: str) -> tuple[date, date] | None:
    """The days an event date may stand for, given how precisely the text gave it."""
    if event_date is None or precision not in PRECISION_RANK:
        return None
    config = settings()
    if precision == "day":
        return event_date - config.day_tolerance, event_date + config.day_tolerance
    if precision == "week":
        return event_date - config.week_radius, event_date + config.week_radius
    if precision == "month":
        first = event_date.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    return date(event_date.year, 1, 1), date(event_date.year, 12, 31)


@dataclass(frozen=True)
class Report:
    """Where a mention was reported: its source (originals stand for copies) and date.

    ``weekdays`` (sentence index -> weekdays named in it, Monday 0) is kept
    for reports without a publication date only: there "on Tuesday" cannot
    be resolved to a day, yet still tells one week's strike from the next.
    ``anchored`` is False when the report's dates were resolved against a
    publication date guessed from a background date (see ``guessed_from_body``):
    only dates that give their year then hold.
    """

    source: str
    published: date | None
    weekdays: Mapping[int, frozenset[int]] = field(default_factory=dict)
    anchored: bool = True


def document_report(
    doc_id: str, source: str, published: date | None, basis: str | None, clean_text: str
) -> Report:
    """The report of one article: its source (the original it copies, or itself) and date.

    A publication date guessed from a background date of the body (see
    ``guessed_from_body``) is not trusted: the report then counts as undated,
    and keeps the weekdays its sentences name.
    """
    guessed = (
        basis == "inferred" and published is not None and guessed_from_body(published, clean_text)
    )
    trusted = None if guessed else published
    weekdays = sentence_weekdays(doc_id, clean_text) if trusted is None else {}
    return Report(source, trusted, weekdays, anchored=not guessed)


def guessed_from_body(published: date, text: str) -> bool:
    """Whether an inferred publication date rests on a date in the body, not the header.

    With no date line, the publication date is inferred from the latest full
    date in the text; when that date stands in the body ("retook the city on
    11 November 2022") it is most likely background, and every "on Monday"
    of the report was resolved against the wrong week.
    """
    paragraphs = text.split("\n\n")
    stated = any(_near(published, _header(paragraph)) for paragraph in paragraphs)
    return not stated and any(_near(published, p) for p in paragraphs)


def _header(paragraph: str) -> str:
    """The part of a paragraph that may state the publication date."""
    line = paragraph.strip()
    if len(line) <= _DATE_LINE_CHARS and not line.endswith((".", "!", "?")):
        return line
    opening = line[:_DATELINE_CHARS]
    ends = [at for at in (opening.find(dash) for dash in _DATELINE_DASHES) if at > 0]
    return opening[: min(ends)] if ends else ""


def _near(published: date, paragraph: str) -> bool:
    """Whether a paragraph gives a full date in the week up to ``published``."""
    week = timedelta(days=7)
    return any(
        published - week <= resolved.value <= published
        for expr in find_date_expressions(paragraph)
        if expr.kind in ("mdy", "dmy") and (resolved := resolve(expr, None)) is not None
    )


def sentence_weekdays(doc_id: str, clean_text: str) -> dict[int, frozenset[int]]:
    """Sentence index -> the weekdays its words name ("Tuesday's", "on Tuesday")."""
    found = {}
    for sentence in split_sentences(doc_id, clean_text):
        words = set(_WORD.findall(sentence.text.lower()))
        days = shared(frozenset(day for day, name in enumerate(WEEKDAYS) if name in words))
        if days:
            found[sentence.sentence_idx] = days
    return found


def report_json(report: Report) -> str:
    """A report as JSON text, to store it; ``report_from_json`` reads it back."""
    published = report.published.isoformat() if report.published else None
    weekdays = {str(index): sorted(days) for index, days in sorted(report.weekdays.items())}
    return json.dumps([report.source, published, weekdays, report.anchored])


def report_from_json(text: str) -> Report:
    """The report ``report_json`` stored."""
    source, published, weekdays, anchored = json.loads(text)
    return Report(
        source,
        date.fromisoformat(published) if published else None,
        {int(index): frozenset(days) for index, days in weekdays.items()},
        anchored,
    )
