"""Fuzzing: random text and bytes through every parser, which must neither raise nor
point an offset anywhere but at its own surface.

The default profile runs a short pass with the test suite; ``make fuzz`` loads
the ``fuzz`` profile (``tests/conftest.py``), which tries many more inputs.
Strategies mix arbitrary Unicode with news-like fragments (numbers in every
form, months, quotation marks, invisible and space characters, tags), since
purely random text rarely reaches the grammar's deeper rules.
"""

from __future__ import annotations

import math
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfacts.cleanup import INVISIBLE, clean_text_lines, normalise_line
from newsfacts.date_lines import parse_date_line, parse_dateline
from newsfacts.dates import find_date_expressions, resolve
from newsfacts.documents import process_seeds
from newsfacts.entities.extract import extract_mentions
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures, sentence_figures
from newsfacts.figures.numbers import MAX_VALUE, find_numbers
from newsfacts.figures.tokens import tokenize
from newsfacts.ingest import Reject
from newsfacts.model import CleanDocument
from newsfacts.quotes import extract_quotes
from newsfacts.sentences import split_sentences
from newsfacts.sources.detect import content_format
from newsfacts.sources.html import extract_html, flatten_nesting
from newsfacts.sources.pages import read_document

FRAGMENTS = (
    "12",
    "3,400",
    "1.5",
    " million ",
    "1e308",
    "9" * 400,
    "0",
    "007",
    "-",
    "–",
    " to ",
    " and ",
    " between ",
    "two hundred and five",
    "a dozen",
    "dozens of",
    "several",
    "half a ",
    "%",
    "$",
    "£",
    "bn",
    "km",
    "2:09:31",
    " people ",
    " were killed",
    " soldiers",
    "Gunmen ",
    " killed ",
    " wounded ",
    " attacked ",
    " in Mosul",
    " on Tuesday",
    "March ",
    " 4, 2024",
    "2024-02-30",
    " last week",
    "yesterday",
    "Feb. 08",
    "“",
    "”",
    '"',
    "'",
    " said ",
    "Mr Smith",
    ", police said.",
    ". ",
    "? ",
    "U.S. ",
    "\n",
    "\n\n",
    "\t",
    " ",
    *INVISIBLE,
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u3000",
    "１２",
    "ﬁ",
    "½",
)
TAGS = ("<p>", "</p>", "<div>", "</div>", "<h1>", "</h1>", "<br>", "<script>", "<!--", "-->")

news_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
any_text = st.text(max_size=300) | news_text
html_text = st.lists(
    st.sampled_from(TAGS) | st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=60
).map("".join)
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _document(text: str) -> CleanDocument:
    clean = clean_text_lines(text).clean_text
    return CleanDocument("fuzz", "fuzz.txt", clean, tuple(split_sentences("fuzz", clean)))


def _assert_spans(text: str, rows: list[dict[str, object]], surface: str) -> None:
    for row in rows:
        start, end = row["char_start"], row["char_end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start < end <= len(text)
        assert text[start:end] == row[surface]


@SLOW
@given(any_text)
def test_tokens_and_numbers_point_at_their_text(text: str) -> None:
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    for number in find_numbers(tokens):
        assert 0 <= number.start < number.end <= len(tokens)
        for value in (number.value, number.low, number.high, number.vague_min):
            assert value is None or (math.isfinite(value) and 0 <= value <= MAX_VALUE)


@SLOW
@given(any_text)
def test_figures_of_any_sentence_are_bounded_and_point_at_their_surface(text: str) -> None:
    for figure in sentence_figures(text):
        assert text[figure.start : figure.end] == figure.surface
        for value in (figure.value, figure.value_min, figure.value_max):
            assert value is None or math.isfinite(value)


@SLOW
@given(any_text, st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.booleans())
def test_date_phrases_point_at_their_text_and_resolve_or_not(
    text: str, published: date, future: bool
) -> None:
    for expr in find_date_expressions(text):
        assert text[expr.start : expr.end] == expr.text
        resolve(expr, published, future)
        resolve(expr, None, future)
    parse_date_line(text)
    parse_dateline(text)


@SLOW
@given(any_text)
def test_sentences_point_at_their_text(text: str) -> None:
    for sentence in split_sentences("fuzz", text):
        assert sentence.text and text[sentence.char_start : sentence.char_end] == sentence.text


@SLOW
@given(any_text)
def test_cleanup_is_stable_and_leaves_no_invisible_character(text: str) -> None:
    result = clean_text_lines(text)
    raw_lines = text.splitlines()
    for removed in result.removed:
        assert raw_lines[removed.line_no - 1] == removed.text
    for paragraph in result.paragraphs:
        assert paragraph and normalise_line(paragraph) == paragraph
        assert not set(paragraph) & set(INVISIBLE)


@SLOW
@given(any_text)
def test_every_extractor_points_at_its_surface(text: str) -> None:
    doc = _document(text)
    mentions = extract_mentions(doc)
    for mention in mentions:
        assert doc.clean_text[mention.char_start : mention.char_end] == mention.surface
    figures = extract_figures(doc)
    _assert_spans(doc.clean_text, figures, "surface")
    _assert_spans(doc.clean_text, extract_quotes(doc, mentions), "text")
    events, _ = extract_events(doc, mentions, figures)
    _assert_spans(doc.clean_text, events, "trigger")
    assert all(e["fatalities"] is None or 0 <= e["fatalities"] <= MAX_VALUE for e in events)


@SLOW
@given(html_text)
def test_html_of_any_shape_is_extracted_or_refused(html: str) -> None:
    extracted = extract_html(html)
    assert extracted is None or isinstance(extracted.text, str)
    flatten_nesting(html, 3)


@SLOW
@given(st.binary(max_size=400) | html_text.map(str.encode) | news_text.map(str.encode))
def test_any_bytes_are_a_document_or_a_reject(data: bytes) -> None:
    for kind in ("text", "html"):
        result = read_document(data, f"fuzz.{kind}", kind)
        assert isinstance(result, Reject) or result.text is not None
    for by_name, suffix in ((None, ""), ("text", ".txt"), ("html", ".html"), (None, ".pdf")):
        content_format(data, by_name, suffix)


@settings(SLOW, max_examples=max(5, settings.default.max_examples // 10))
@given(st.binary(max_size=400) | news_text.map(lambda s: s.encode("utf-16-le")))
def test_any_file_in_the_seeds_folder_is_processed_or_rejected(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "fuzz.txt").write_bytes(data)
        for item in process_seeds(Path(tmp)):
            if isinstance(item, Reject):
                assert item.detail
                continue
            doc = item.document
            for sentence in doc.sentences:
                assert doc.clean_text[sentence.char_start : sentence.char_end] == sentence.text
