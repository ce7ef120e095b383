"""Nested attributions and coordinated reporting verbs, on invented sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_quotes_variants import speakers

FIRST = ["Dana", "Omar", "Lina", "Tomas", "Ines"]
LAST = ["Aziz", "Haddad", "Kovacs", "Moreau", "Okafor"]
REPORTERS = ["the police said", "the prosecutor’s office said", "court papers said"]


@pytest.mark.parametrize(
    "text",
    [
        "Sam Reed said, “We will win the vote,” the police said.",
        "Sam Reed said: “We will win the vote,” court papers said.",
        "Sam Reed added, “We will win the vote,” a witness said.",
    ],
)
def test_the_cue_before_the_quotation_wins_over_the_reporting_one(text: str) -> None:
    assert speakers(text)[0][1] == "Sam Reed"


def test_a_cue_not_right_before_the_quotation_leaves_the_reporter() -> None:
    text = "Sam Reed said the plan was “a grave mistake for all of us,” the police said."
    assert speakers(text)[0][1] != "Sam Reed"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "and said" shares the sentence's subject, not the nearer object.
        (
            "Mayor Lina Haddad visited the Red Cross and said “everything is fine here today”.",
            "Lina Haddad",
        ),
        (
            "The Green Party condemned Paul Marsh and warned that “nobody will forget this week”.",
            "Green Party",
        ),
        # A pronoun subject: the clauses after its commas are its own.
        (
            "Sam Reed left early. During the call, he asked about the Green Party, called "
            "Dana Aziz a “traitor” and said, “somebody ought to stop her,” the police said.",
            "Sam Reed",
        ),
    ],
)
def test_coordinated_cue_takes_the_sentence_subject(text: str, speaker: str) -> None:
    assert {s for _, s, _ in speakers(text)} == {speaker}


def test_coordinated_subjects_are_not_coordinated_verbs() -> None:
    text = "Paul Marsh and Dana Aziz said “the bridge will reopen on Monday morning”."
    assert speakers(text)[0][1] == "Dana Aziz"


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(FIRST),
    st.sampled_from(LAST),
    st.sampled_from(["said,", "said:", "warned,"]),
    st.sampled_from(REPORTERS),
)
def test_nested_attribution_property(first: str, last: str, cue: str, reporter: str) -> None:
    text = f"Colonel {first} {last} {cue} “The convoy will leave at dawn,” {reporter}."
    assert speakers(text)[0][1] == f"{first} {last}"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "which" after a thing: nobody named said it, not the sentence's subject.
        (
            "They asked that a line from the poster, which claimed the film told "
            "“the true story of that night”, be removed.",
            None,
        ),
        (
            "The families rejected the leaflet, which stated that “every claim has been paid”.",
            None,
        ),
        # "which" after a name: that name.
        (
            "The lawyers welcomed a report by Amnesty International, which said the trial "
            "was “deeply unfair to the accused”.",
            "Amnesty International",
        ),
    ],
)
def test_a_relative_which_speaks_for_what_it_follows(text: str, speaker: str | None) -> None:
    assert speakers(text)[0][1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The description comes first, the name later with the same role.
        (
            "Norway’s ambassador to Chile accused Peru of meddling and warned that the "
            "government “will not sit on its hands”. Norway’s ambassador to Chile Lars Berg "
            "has since left.",
            "Lars Berg",
        ),
        # The name comes first with the role as a title.
        (
            "Foreign Minister Lina Haddad flew in. The minister met Dana Aziz and said "
            "“nothing was agreed at all today”.",
            "Lina Haddad",
        ),
        # Nobody is named with that role: not the object of the first verb.
        ("The minister met Dana Aziz and said “nothing was agreed at all today”.", None),
        (
            "Officials in the region met Dana Aziz and said “nothing was agreed at all today”.",
            None,
        ),
    ],
)
def test_a_role_subject_of_coordinated_verbs_is_its_named_holder(
    text: str, speaker: str | None
) -> None:
    assert speakers(text)[0][1] == speaker
