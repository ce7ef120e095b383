"""Number grammar: property tests that written numbers read back to themselves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfacts.figures import sentence_figures
from newsfacts.figures.numbers import find_numbers, parse_digits
from newsfacts.figures.tokens import tokenize

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand")]


def _below_thousand(n: int) -> str:
    """English words of 1..999, written the way newspapers do ("two hundred and five")."""
    hundreds, rest = divmod(n, 100)
    parts = [f"{_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        tens, units = divmod(rest, 10)
        words = _UNITS[rest] if rest < 20 else _TENS[tens] + (f"-{_UNITS[units]}" if units else "")
        parts.append(("and " if hundreds else "") + words)
    return " ".join(parts)


def to_words(n: int) -> str:
    """English cardinal words for ``n`` (test oracle, written independently of the parser)."""
    if n == 0:
        return "zero"
    parts = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def _grouped(n: int) -> str:
    return f"{n:,}"


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_and_without_separators_parse_back(n: int) -> None:
    assert parse_digits(str(n)) == n
    assert parse_digits(_grouped(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_digit_counts_in_a_sentence_read_back(n: int) -> None:
    for written in (str(n), _grouped(n)):
        figures = sentence_figures(f"Officials said {written} people were displaced.")
        assert [f.value for f in figures] == [n]
        assert figures[0].category == "displaced"


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_english_words_read_back(n: int) -> None:
    words = to_words(n)
    figures = sentence_figures(f"The agency said {words} people were displaced.")
    assert [f.value for f in figures] == [n], words
    assert figures[0].surface == f"{words} people"


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["million", "billion"]))
def test_scale_words_multiply(n: int, scale: str) -> None:
    factor = 1_000_000 if scale == "million" else 1_000_000_000
    numbers = find_numbers(tokenize(f"about {n}.5 {scale} dollars"))
    assert len(numbers) == 1
    assert numbers[0].value == (n + 0.5) * factor
    assert numbers[0].money


def test_malformed_grouping_is_not_a_number() -> None:
    assert parse_digits("1,23") is None
    assert parse_digits("1234,567") is None


@given(st.text(max_size=200))
def test_any_text_gives_spans_that_point_at_their_surface(text: str) -> None:
    for figure in sentence_figures(text):
        assert text[figure.start : figure.end] == figure.surface
        assert figure.value is not None or figure.qualifier == "vague"
        low, high = figure.value_min, figure.value_max
        assert low is None or high is None or low <= high
