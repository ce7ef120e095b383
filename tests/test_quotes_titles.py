"""Attributions written with titles and abbreviations, on invented sentences."""

from __future__ import annotations

import pytest

from tests.test_quotes_variants import speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Justice was served,” said U.S. Attorney Mara Quell.", "Mara Quell"),
        ("“Justice was served,” said District Attorney Ben Torvik.", "Ben Torvik"),
        ("“We played well,” said Dr. Hana Bell, the club's doctor.", "Hana Bell"),
        ("“We played well,” said U.N. envoy Tomas Kovacs on Sunday.", "Tomas Kovacs"),
    ],
)
def test_full_stops_of_abbreviations_end_no_attribution(text: str, speaker: str) -> None:
    assert speakers(text)[0][1] == speaker


def test_a_full_stop_ending_the_sentence_still_ends_the_attribution() -> None:
    text = "“We played well,” the coach said. Mara Quell left the ground."
    assert speakers(text)[0][1] is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Club midfielder Torvo told a radio station: “I have never seen this before.”",
            "Torvo",
        ),
        ("“I have never seen this before,” club midfielder Torvo said.", "Torvo"),
        ("“We stayed calm,” the team's coach Ferreira said after the match.", "Ferreira"),
        ("“We stayed calm,” said a spokesman on Monday.", None),
        ("“We stayed calm,” the spokesman said Monday.", None),
    ],
)
def test_a_role_word_makes_an_unknown_capitalised_name_the_speaker(
    text: str, speaker: str | None
) -> None:
    assert speakers(text)[0][1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "21 Savage announced he has set up a fund “to help young people beat the odds”.",
            "21 Savage",
        ),
        ("Maroon 5 said in a statement that “the tour will go ahead as planned”.", "Maroon 5"),
        ("50 people said they wanted “to help young people beat the odds”.", None),
    ],
)
def test_a_stage_name_may_open_with_a_digit(text: str, speaker: str | None) -> None:
    assert speakers(text)[0][1] == speaker
