"""Recognise a line that is only a publication date ("Feb. 08, 2024 • 2 min read").

Such a line is boilerplate for the body but the best evidence of the
publication date in plain text, so cleanup both removes it and keeps the date.
A line qualifies only when every token is part of a date, a time, a label such
as "Published" or a reading-time note: a sentence that merely contains a date
is body text.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as date_parser

_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_WEEKDAYS = (
    "mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|"
    "sat|saturday|sun|sunday"
)
_NOISE = re.compile(
    r"\d+ ?(?:min|mins|minute|minutes) (?:read|reading|listen)"
    r"|\b(?:published|updated|last updated|posted|first published|on|at|gmt|utc|bst|cet|est|edt|"
    r"pst|am|pm|a\.m\.|p\.m\.)\b"
    r"|[•|·,/()+-]|:(?!\d)",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(
    rf"(?:{_MONTHS}|{_WEEKDAYS})\.?|\d{{1,2}}(?:st|nd|rd|th)?\.?|\d{{4}}|\d{{1,2}}[:.]\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_date_line(line: str) -> date | None:
    """The date a date-only line states, or None if the line says anything else."""
    if len(line) > 80:
        return None
    iso = _ISO.search(line)
    if iso and _NOISE.sub(" ", _ISO.sub(" ", line)).strip() == "":
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    if not _YEAR.search(line) or not _MONTH_WORD.search(line):
        return None
    leftover = _NOISE.sub(" ", line).split()
    if not leftover or not all(_DATE_TOKEN.fullmatch(tok) for tok in leftover):
        return None
    try:
        parsed = date_parser.parse(" ".join(leftover), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return parsed.date()


# A wire dateline opening a paragraph: "KHARTOUM, 4 June 2025 (Reuters) -",
# "GENEVA, Sudan, Tuesday, March 4, 2025 -", "PARIS, Jan. 5, 2024 (AFP) —".
_DATELINE = re.compile(
    r"[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3}"  # the place, in capitals
    r"(?:, [A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3}){0,2}"  # optional region, country
    r", (?P<date>[^()\-–—]{6,40}?)"  # the date part, parsed below
    r" ?(?:\([A-Za-z. ]{1,30}\))? ?[-–—]"
)


def parse_dateline(paragraph: str) -> date | None:
    """The date of a wire dateline at the start of a paragraph, when it gives a year."""
    match = _DATELINE.match(paragraph[:120])
    return parse_date_line(match["date"]) if match else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
