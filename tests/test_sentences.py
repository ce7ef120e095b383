"""Sentence splitting: abbreviations, quotes, initials, and exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.sentences import split_sentences

DOC = "0123456789abcdef"


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(DOC, text)]


def test_abbreviations_do_not_end_sentences() -> None:
    assert _texts("The U.S. envoy met Mr. Grant on Feb. 08, 2024 in Oslo. Talks went well.") == [
        "The U.S. envoy met Mr. Grant on Feb. 08, 2024 in Oslo.",
        "Talks went well.",
    ]


def test_dotted_acronym_can_end_a_sentence() -> None:
    assert _texts("He lives in the U.S. He works in the U.K. office.") == [
        "He lives in the U.S.",
        "He works in the U.K. office.",
    ]


def test_initials_and_titles() -> None:
    assert _texts("Gen. R. K. Mehta and Dr. A. Obi spoke. Nobody else did.") == [
        "Gen. R. K. Mehta and Dr. A. Obi spoke.",
        "Nobody else did.",
    ]


def test_quotes_that_end_sentences() -> None:
    text = "“We will stay,” she said. “It is over.” Then he left! Was it late? “Yes.”"
    assert _texts(text) == [
        "“We will stay,” she said.",
        "“It is over.”",
        "Then he left!",
        "Was it late?",
        "“Yes.”",
    ]


def test_paragraph_index_and_offsets() -> None:
    text = "Title line\n\nFirst one. Second one.\n\nThird para."
    sentences = split_sentences(DOC, text)
    assert [(s.paragraph_idx, s.sentence_idx) for s in sentences] == [
        (0, 0),
        (1, 1),
        (1, 2),
        (2, 3),
    ]
    for s in sentences:
        assert text[s.char_start : s.char_end] == s.text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("abcXYZ .,!?“”\"'U.S\n19"), min_size=0, max_size=60),
        max_size=6,
    )
)
def test_offsets_always_index_the_text(parts: list[str]) -> None:
    text = "\n\n".join(parts)
    sentences = split_sentences(DOC, text)
    for s in sentences:
        assert s.text and text[s.char_start : s.char_end] == s.text
        assert s.text == s.text.strip()
    starts = [s.char_start for s in sentences]
    assert starts == sorted(starts)


def test_a_stop_that_lost_its_space_still_ends_a_sentence() -> None:
    text = "The mayor spoke on Friday.Two men were stabbed at the Nordpark-Halle in Harlan."
    assert [s.text for s in split_sentences("x", text)] == [
        "The mayor spoke on Friday.",
        "Two men were stabbed at the Nordpark-Halle in Harlan.",
    ]


def test_glued_abbreviations_and_domains_stay_whole() -> None:
    for text in ("He met Mrs.Harlow in St.Louis.", "Visit harlan.com for the U.S.Army news."):
        assert len(split_sentences("x", text)) == 1, text
