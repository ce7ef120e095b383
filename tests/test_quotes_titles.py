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
