"""Publication dates and the resolution of relative dates against them.

News text dates events relative to the day it was written ("on Wednesday",
"last week", "in January"), so every event date depends on knowing the
publication date. When cleanup found none, it is inferred:

1. the *anchor* is the latest explicit full date (day, month and year) in the
   body or the photo captions: an article cannot be older than the events it
   illustrates;
2. weekdays attached to a reporting verb ("said on Thursday", "in a statement
   on Friday") name the day the news was told, so the publication date is the
   first such weekday on or after the anchor (the latest, if several);
3. without a reporting weekday, any weekday the article uses must fall between
   the anchor and publication, so the publication date is the first date on or
   after the anchor by which every mentioned weekday has occurred;
4. without weekdays the anchor itself is the best lower bound and is used;
5. without an anchor the date is unknown: a weekday alone cannot be placed.

Relative expressions then resolve against that date: a weekday is the most
recent such day on or before publication (the next one for planned events), a
day and month without year is the closest such date in the past (or future),
"last week" is the Monday of the previous ISO week with week precision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from newsfacts.model import CleanDocument

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBREVIATIONS = {"sept": 9, **{name[:3]: n for n, name in enumerate(MONTHS, 1)}}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:19|20)\d\d"
# "on Sunday, June 2": a weekday leading a date belongs to it, which it
# only confirms.
_ON = rf"(?:\bon )?(?:{_WEEKDAY_RE},? )?"
# One alternation, most specific forms first; every quantifier is bounded
# or applies to a single character class, so matching stays linear.
_EXPRESSION = re.compile(
    rf"(?P<mdy>{_ON}(?P<mdy_m>{_MONTH_RE}) (?P<mdy_d>{_DAY_RE}),? (?P<mdy_y>{_YEAR_RE}))\b"
    rf"|(?P<dmy>{_ON}(?P<dmy_d>{_DAY_RE}) (?P<dmy_m>{_MONTH_RE}),? (?P<dmy_y>{_YEAR_RE}))\b"
    rf"|(?P<md>{_ON}(?P<md_m>{_MONTH_RE}) (?P<md_d>{_DAY_RE}))\b(?!,? ?\d)"
    rf"|(?P<dm>{_ON}(?P<dm_d>{_DAY_RE}) (?P<dm_m>{_MONTH_RE}))(?!\w)"
    rf"|(?P<my>(?P<my_m>{_MONTH_RE}) (?P<my_y>{_YEAR_RE}))\b"
    rf"|\b(?P<mo>(?:in|since|until|by|during|early|late|mid-|end of|since mid-) ?"
    rf"(?P<mo_m>January|February|March|April|May|June|July|August|September|October"
    rf"|November|December))\b(?!,? ?\d)"
    rf"|\b(?P<yr>(?:in|since|during|until|by) (?P<yr_y>{_YEAR_RE}))\b"
    rf"|\b(?P<wd>(?:\bon )?(?P<wd_w>{_WEEKDAY_RE})(?:’s|'s| night| morning| evening| afternoon)?)\b"
    r"|\b(?P<rel>(?:last|this|next|earlier this|later this) (?:week|weekend|month|year)"
    r"|yesterday|today|tomorrow|last night)\b",
    re.IGNORECASE,
)
# Every phrase of ``_EXPRESSION`` starts with a digit, a month or weekday name or
# one of the words that lead its other forms. The full expression is tried only
# where one of these starts: Python's engine would otherwise try all of its
# alternatives at every character, which made date finding the costliest step of
# extraction. The matches are those of ``_EXPRESSION.finditer`` (tested).
_START = re.compile(
    r"\d|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    r"|\b(?:on|in|since|until|by|during|early|late|mid|end|last|this|next|earlier|later"
    r"|yesterday|today|tomorrow)",
    re.IGNORECASE,
)
_CASE_SENSITIVE_KINDS = frozenset({"wd", "mo", "md", "dm", "my"})
_REPORTING_WEEKDAY = re.compile(
    r"\b(?:said|says|told|announced|added|stated|confirmed|declared|reported|statement|"
    r"briefing|conference)\b(?: [\w’'-]{1,20}){0,4} on (?P<day>" + _WEEKDAY_RE + r")\b"
)


@dataclass(frozen=True)
class DateExpression:
    """A date phrase found in a text, before resolution; offsets into that text."""

    start: int
    end: int
    text: str
    kind: str
    fields: tuple[tuple[str, str], ...]

    def field(self, name: str) -> str | None:
        return dict(self.fields).get(name)


@dataclass(frozen=True)
class ResolvedDate:
    """An absolute date with the precision the phrase supports (ACLED's time_precision)."""

    value: date
    precision: str


def find_date_expressions(text: str) -> list[DateExpression]:
    """Date phrases in ``text`` in order.

    Month and weekday names must be capitalised, so the verb "may" or a
    lower-case "march" is never a date.
    """
    found = []
    for match in _expression_matches(text):
        kind = _kind(match)
        surface = match.group(kind)
        if kind in _CASE_SENSITIVE_KINDS and not _capitalised_name(surface):
            continue
        fields = tuple(
            (name.split("_", 1)[1], value)
            for name, value in match.groupdict().items()
            if value is not None and name.startswith(kind + "_")
        )
        found.append(DateExpression(match.start(kind), match.end(kind), surface, kind, fields))
    return found


def _expression_matches(text: str) -> Iterator[re.Match[str]]:
    """``_EXPRESSION.finditer(text)``, trying the expression only where a phrase can start.

    ``match`` at a position still sees the characters before it, so word
    boundaries behave as in a scan of the whole text."""
    pos = 0
    while (start := _START.search(text, pos)) is not None:
        match = _EXPRESSION.match(text, start.start())
        if match is None:
            pos = start.start() + 1
        else:
            yield match
            pos = match.end()


def _kind(match: re.Match[str]) -> str:
    for kind in ("mdy", "dmy", "md", "dm", "my", "mo", "yr", "wd", "rel"):
        if match.group(kind) is not None:
            return kind
    raise ValueError(match.group(0))


def _capitalised_name(surface: str) -> bool:
    """The month or weekday word of a phrase is written with a capital."""
    words = [w for w in re.split(r"[\s.,’'-]+", surface) if w.isalpha()]
    names = [w for w in words if _month_number(w) or w.lower() in WEEKDAYS]
    return bool(names) and all(w[0].isupper() for w in names)


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return _MONTH_ABBREVIATIONS.get(word)


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def resolve(
    expr: DateExpression, published: date | None, future: bool = False
) -> ResolvedDate | None:
    """The absolute date of ``expr``; ``future`` picks the next occurrence (planned events)."""
    kind = expr.kind
    if kind in ("mdy", "dmy"):
        return _full_date(expr)
    if kind == "my":
        return _safe(int(expr.field("y") or 0), _month_number(expr.field("m") or ""), 1, "month")
    if kind == "yr":
        return ResolvedDate(date(int(expr.field("y") or 0), 1, 1), "year")
    if published is None:
        return None
    if kind in ("md", "dm"):
        return _day_month(expr, published, future)
    if kind == "mo":
        return _month(_month_number(expr.field("m") or "") or 1, published, future)
    if kind == "wd":
        return ResolvedDate(weekday_date(expr.field("w") or "", published, future), "day")
    return _relative(expr.text.lower(), published)


def weekday_date(weekday: str, published: date, future: bool = False) -> date:
    """The most recent ``weekday`` on or before ``published`` (next on or after if future)."""
    target = WEEKDAYS.index(weekday.lower())
    if future:
        return published + timedelta(days=(target - published.weekday()) % 7)
    return published - timedelta(days=(published.weekday() - target) % 7)


def _full_date(expr: DateExpression) -> ResolvedDate | None:
    month = _month_number(expr.field("m") or "")
    return _safe(int(expr.field("y") or 0), month, _day_number(expr.field("d") or "0"), "day")


def _safe(year: int, month: int | None, day: int, precision: str) -> ResolvedDate | None:
    if month is None:
        return None
    try:
        return ResolvedDate(date(year, month, day), precision)
    except ValueError:
        return None


def _day_month(expr: DateExpression, published: date, future: bool) -> ResolvedDate | None:
    month = _month_number(expr.field("m") or "")
    day = _day_number(expr.field("d") or "0")
    step = 1 if future else -1
    for year in (published.year, published.year + step):
        candidate = _safe(year, month, day, "day")
        if candidate and (candidate.value - published).days * step >= 0:
            return candidate
    return None


def _month(month: int, published: date, future: bool) -> ResolvedDate:
    if future:
        year = published.year if month >= published.month else published.year + 1
    else:
        year = published.year if month <= published.month else published.year - 1
    return ResolvedDate(date(year, month, 1), "month")


def _relative(text: str, published: date) -> ResolvedDate | None:
    monday = published - timedelta(days=published.weekday())
    first = published.replace(day=1)
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    table = {
        "today": ResolvedDate(published, "day"),
        "yesterday": ResolvedDate(published - timedelta(days=1), "day"),
        "last night": ResolvedDate(published - timedelta(days=1), "day"),
        "tomorrow": ResolvedDate(published + timedelta(days=1), "day"),
        "this week": ResolvedDate(monday, "week"),
        "last week": ResolvedDate(monday - timedelta(days=7), "week"),
        "next week": ResolvedDate(monday + timedelta(days=7), "week"),
        "this weekend": ResolvedDate(monday + timedelta(days=5), "week"),
        "last weekend": ResolvedDate(monday - timedelta(days=2), "week"),
        "next weekend": ResolvedDate(monday + timedelta(days=12), "week"),
        "this month": ResolvedDate(first, "month"),
        "earlier this month": ResolvedDate(first, "month"),
        "later this month": ResolvedDate(first, "month"),
        "last month": ResolvedDate(previous_month, "month"),
        "next month": ResolvedDate(next_month, "month"),
        "this year": ResolvedDate(date(published.year, 1, 1), "year"),
        "earlier this year": ResolvedDate(date(published.year, 1, 1), "year"),
        "later this year": ResolvedDate(date(published.year, 1, 1), "year"),
        "last year": ResolvedDate(date(published.year - 1, 1, 1), "year"),
        "next year": ResolvedDate(date(published.year + 1, 1, 1), "year"),
    }
    return table.get(" ".join(text.split()))


def infer_published_date(doc: CleanDocument) -> tuple[date | None, str]:
    """The publication date and how it was obtained (see the module docstring)."""
    if doc.published_date is not None:
        basis = doc.published_date_basis
        return doc.published_date, basis if basis != "unknown" else "metadata"
    texts = [doc.clean_text, *doc.captions]
    anchor = _latest_full_date(texts)
    if anchor is None:
        return None, "unknown"
    reporting = [m["day"] for text in texts for m in _REPORTING_WEEKDAY.finditer(text)]
    weekdays = reporting or [
        e.field("w") or "" for text in texts for e in find_date_expressions(text) if e.kind == "wd"
    ]
    if not weekdays:
        return anchor, "inferred"
    return max(weekday_date(day, anchor, future=True) for day in weekdays), "inferred"


def _latest_full_date(texts: Iterable[str]) -> date | None:
    dates = [
        resolved.value
        for text in texts
        for expr in find_date_expressions(text)
        if expr.kind in ("mdy", "dmy") and (resolved := _full_date(expr)) is not None
    ]
    return max(dates, default=None)
