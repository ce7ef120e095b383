"""Publication-date inference and relative-date resolution."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsfacts.dates import (
    _EXPRESSION,
    MONTHS,
    WEEKDAYS,
    DateExpression,
    _expression_matches,
    find_date_expressions,
    infer_published_date,
    resolve,
    weekday_date,
)
from newsfacts.model import CleanDocument


def _only(text: str) -> DateExpression:
    found = find_date_expressions(text)
    assert len(found) == 1, found
    return found[0]


def _doc(text: str, captions: tuple[str, ...] = (), published: date | None = None) -> CleanDocument:
    return CleanDocument(
        doc_id="0" * 16,
        source_path="x.txt",
        clean_text=text,
        sentences=(),
        published_date=published,
        published_date_basis="text" if published else "unknown",
        captions=captions,
    )


# 2025-03-12 is a Wednesday, 2023-12-31 a Sunday, 2024-02-29 a Thursday.
PUBLICATIONS = [date(2025, 3, 12), date(2023, 12, 31), date(2024, 2, 29)]


@pytest.mark.parametrize("published", PUBLICATIONS)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_every_weekday_resolves_to_the_last_seven_days(published: date, weekday: str) -> None:
    expr = _only(f"The convoy was ambushed on {weekday.title()} near the border.")
    resolved = resolve(expr, published)
    assert resolved is not None
    assert resolved.precision == "day"
    assert resolved.value.strftime("%A").lower() == weekday
    assert 0 <= (published - resolved.value).days < 7


def test_weekday_forms() -> None:
    published = date(2025, 3, 12)
    for text in ("Tuesday night", "Tuesday’s raid", "Tuesday's raid", "on Tuesday morning"):
        resolved = resolve(find_date_expressions(text)[0], published)
        assert resolved is not None and resolved.value == date(2025, 3, 11), text


def test_planned_weekday_and_day_month_look_forward() -> None:
    published = date(2025, 3, 12)
    assert weekday_date("monday", published, future=True) == date(2025, 3, 17)
    resolved = resolve(_only("talks will resume on March 20"), published, future=True)
    assert resolved is not None and resolved.value == date(2025, 3, 20)


def test_last_week_month_year() -> None:
    published = date(2025, 3, 12)
    cases = {
        "last week": (date(2025, 3, 3), "week"),
        "late last month": (date(2025, 2, 1), "month"),
        "last year": (date(2024, 1, 1), "year"),
        "yesterday": (date(2025, 3, 11), "day"),
    }
    for text, (value, precision) in cases.items():
        resolved = resolve(find_date_expressions(text)[0], published)
        assert resolved is not None and (resolved.value, resolved.precision) == (value, precision)


def test_last_month_across_a_year_boundary() -> None:
    resolved = resolve(_only("fighting last month"), date(2025, 1, 9))
    assert resolved is not None and resolved.value == date(2024, 12, 1)


def test_month_name_across_a_year_boundary() -> None:
    past = resolve(_only("the offensive began in November"), date(2025, 1, 9))
    assert past is not None and past.value == date(2024, 11, 1) and past.precision == "month"
    same_year = resolve(_only("talks began in January"), date(2025, 2, 3))
    assert same_year is not None and same_year.value == date(2025, 1, 1)
    planned = resolve(_only("elections in March"), date(2024, 11, 20), future=True)
    assert planned is not None and planned.value == date(2025, 3, 1)


def test_day_month_without_year_takes_the_year_from_context() -> None:
    resolved = resolve(_only("a rocket attack on 28 December"), date(2025, 1, 6))
    assert resolved is not None and resolved.value == date(2024, 12, 28)


def test_explicit_dates_need_no_publication_date() -> None:
    for text, value, precision in [
        ("on 3 April 2019", date(2019, 4, 3), "day"),
        ("Sept. 14, 2021", date(2021, 9, 14), "day"),
        ("In October 2022, the", date(2022, 10, 1), "month"),
        ("since 2011", date(2011, 1, 1), "year"),
    ]:
        resolved = resolve(_only(text), None)
        assert resolved is not None and (resolved.value, resolved.precision) == (value, precision)


def test_lower_case_month_and_modal_verb_are_not_dates() -> None:
    assert find_date_expressions("They may march on the capital; a sunday school.") == []


def test_relative_date_without_publication_is_unresolved() -> None:
    assert resolve(_only("on Friday"), None) is None


def test_published_date_from_metadata_is_kept() -> None:
    doc = _doc("Nothing dated.", published=date(2022, 5, 1))
    assert infer_published_date(doc) == (date(2022, 5, 1), "text")


def test_inferred_from_caption_and_reporting_weekday() -> None:
    # 2021-06-14 is a Monday; "said on Wednesday" puts publication on the 16th.
    doc = _doc(
        "Officials said on Wednesday that a blast on Tuesday killed four.",
        captions=("Rescuers at the site in Kandahar, June 14, 2021.",),
    )
    assert infer_published_date(doc) == (date(2021, 6, 16), "inferred")


def test_inferred_from_weekdays_without_reporting_verb() -> None:
    doc = _doc("On 2 May 2023 the siege began. Shelling resumed on Thursday.")
    assert infer_published_date(doc) == (date(2023, 5, 4), "inferred")


def test_unknown_without_any_full_date() -> None:
    assert infer_published_date(_doc("A strike on Monday killed three.")) == (None, "unknown")


@given(
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
    weekday=st.sampled_from(WEEKDAYS),
    future=st.booleans(),
)
def test_weekday_property(published: date, weekday: str, future: bool) -> None:
    resolved = weekday_date(weekday, published, future)
    assert resolved.strftime("%A").lower() == weekday
    gap = (resolved - published) if future else (published - resolved)
    assert timedelta(0) <= gap < timedelta(days=7)


@given(st.text(max_size=300))
def test_finder_never_fails_and_spans_are_exact(text: str) -> None:
    for expr in find_date_expressions(text):
        assert text[expr.start : expr.end] == expr.text


# Words that start, end or nearly make date phrases, in any case, with glue
# between them, so the fast scan is compared with the plain one where it matters.
_DATE_WORDS = [
    *MONTHS,
    *(m[:3] for m in MONTHS),
    "sept",
    *WEEKDAYS,
    *[
        "on",
        "in",
        "since",
        "until",
        "by",
        "during",
        "early",
        "late",
        "mid-",
        "end",
        "of",
        "last",
        "this",
        "next",
        "earlier",
        "later",
    ],
    *["end of", "earlier this", "later this", "since mid-", "last night"],
    *["yesterday", "today", "tomorrow", "night", "week", "weekend", "month", "year"],
    "12",
    "3",
    "31st",
    "2024",
    "1999",
    "ſunday",
    "\u212a",
]
_DATE_PIECES = st.one_of(
    st.builds(
        lambda word, case: case(word),
        st.sampled_from(_DATE_WORDS),
        st.sampled_from([str.lower, str.title, str.upper]),
    ),
    st.sampled_from([" ", " ", ", ", ". ", "-", "’s", "(", "x", "é"]),
)


@given(
    st.lists(st.one_of(_DATE_PIECES, _DATE_PIECES, _DATE_PIECES, st.text(max_size=2)), max_size=30)
)
@example(["12", " ", "June"])
@example(["yesterday"])
@example(["Sunday", ", ", "May ", "3", ", ", "2024"])
def test_fast_scan_finds_what_a_scan_of_every_position_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    fast = [m.span() for m in _expression_matches(text)]
    assert fast == [m.span() for m in _EXPRESSION.finditer(text)]


def test_fast_scan_agrees_on_every_pair_of_date_words() -> None:
    """Every word pair in every case, at a word boundary and inside a word."""
    cases = (str.lower, str.title, str.upper)
    for first in _DATE_WORDS:
        for second in [*_DATE_WORDS, "5"]:
            for case in cases:
                texts = (f"{case(first)} {second.title()} 2024", f"x{case(first)} {second} 5")
                for text in (*texts, f"{case(first)}{second}."):
                    fast = [m.span() for m in _expression_matches(text)]
                    assert fast == [m.span() for m in _EXPRESSION.finditer(text)], text


def test_long_paragraph_is_linear() -> None:
    text = "Monday 12 May and in 2020 last week " * 20000 + "x" * 500_000
    # "Monday 12 May" is one date: three phrases a repetition.
    assert len(find_date_expressions(text)) == 60000


@pytest.mark.parametrize(
    ("text", "kind", "fields"),
    [
        ("at 9:15 a.m. on Sunday, June 2.", "md", {"m": "June", "d": "2"}),
        ("on Monday 4 August 2014 the", "dmy", {"d": "4", "m": "August", "y": "2014"}),
        ("late on Friday, 9 October, police", "dm", {"d": "9", "m": "October"}),
    ],
)
def test_a_weekday_leading_a_date_is_part_of_it(
    text: str, kind: str, fields: dict[str, str]
) -> None:
    expression = _only(text)
    assert (expression.kind, dict(expression.fields)) == (kind, fields)


def test_a_weekday_before_other_words_stays_a_weekday() -> None:
    assert _only("on Friday, the minister said").kind == "wd"
