"""Organisations, countries and companies as speakers; descriptions and pronouns
that point back to them (invented names and sentences)."""

from __future__ import annotations

import pytest

from tests.test_quotes_anonymous import speakers


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The army said in a statement that “the border posts were retaken”.", "army"),
        (
            "The interior ministry said on Tuesday that “all roads will reopen soon”.",
            "interior ministry",
        ),
        ("Police said: “Four suspects have been detained in the raid.”", "Police"),
        (
            "The Malian military said “the convoy reached the town without losses”.",
            "Malian military",
        ),
        (
            "“The convoy reached the town without losses,” the health ministry said.",
            "health ministry",
        ),
    ],
)
def test_an_organisation_noun_before_the_cue_is_the_speaker(text: str, key: str) -> None:
    assert [k for k, _ in speakers(text)] == [key]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Norway said on Monday that “the talks will continue next week”.", "Norway"),
        ("Voltanix said: “We take the security of our users very seriously.”", "Voltanix"),
        ("“Our factories will stay open all winter,” Brightwell said.", "Brightwell"),
        ("“Our factories will stay open all winter,” added Okafor.", "Okafor"),
    ],
)
def test_a_country_or_company_subject_of_the_cue_is_the_speaker(text: str, key: str) -> None:
    assert [k for k, _ in speakers(text)] == [key]


def test_a_description_refers_back_to_the_organisation_named_before() -> None:
    text = (
        "The Northern Relief Committee counted the dead on Sunday. The committee said that "
        "“at least 30 families have lost their homes”.\n\n"
        "The Free Dawn Movement held the bridge. “We will not withdraw,” the movement said."
    )
    assert [k for k, _ in speakers(text)] == ["Northern Relief Committee", "Free Dawn Movement"]


def test_it_and_they_stand_for_the_subject_of_a_recent_sentence() -> None:
    # The last name before "it" is the Eastern Brigade (an object); the
    # sentence before is about the council.
    text = (
        "The Sovereign Transition Council accused the Eastern Brigade of shelling the market.\n\n"
        "“These are criminal acts against civilians,” it said in a statement.\n\n"
        "The Coastal Workers Union blamed the Harbour Authority for the delays. They also "
        "published what they called “a list of broken promises”."
    )
    assert [k for k, _ in speakers(text)] == [
        "Sovereign Transition Council",
        "Coastal Workers Union",
    ]


def test_what_x_called_belongs_to_x() -> None:
    text = (
        "The Sovereign Transition Council condemned what it called “a reckless provocation”. "
        "Governor Omar Barakat denounced what he called “a cowardly act” on Friday."
    )
    assert [k for k, _ in speakers(text)] == ["Sovereign Transition Council", "Omar Barakat"]


def test_a_reporting_verb_is_never_a_speaker() -> None:
    text = (
        "“The bridge is gone,” said Leila Mansour, an engineer.\n\n"
        "Added Mansour: “We will rebuild it before the rains.”"
    )
    assert [k for k, _ in speakers(text)] == ["Leila Mansour", "Leila Mansour"]


def test_words_ending_a_partial_quotation_are_not_its_speaker() -> None:
    text = "An attack on a village killed “up to 70” people, a local rights group said."
    assert speakers(text) == [(None, "a local rights group")]


def test_a_surname_that_is_also_a_town_is_the_person() -> None:
    for surname in ("Hassan", "Aden"):
        text = (
            f"“We are not afraid,” said Layla {surname}, a teacher. "
            f"“They will not win,” added {surname}."
        )
        assert [k for k, _ in speakers(text)] == [f"Layla {surname}", f"Layla {surname}"], text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("“He was shaken,” said Westbury spokesman Dario Venn, adding he was fine.", "Dario Venn"),
        ("“We will rebuild,” said Norvale FC president Lina Okafor.", "Lina Okafor"),
        ("“The talks are over,” said White House spokeswoman Mara Quist.", "Mara Quist"),
    ],
)
def test_the_person_an_organisation_qualifies_after_the_cue_is_the_speaker(
    text: str, key: str
) -> None:
    assert [k for k, _ in speakers(text)] == [key]


def test_a_name_opening_with_digits_is_a_speaker() -> None:
    assert [k for k, _ in speakers("“The feud is over,” 50 Cent said on the radio.")] == ["50 Cent"]


def test_a_spokesman_speaks_for_whom_he_represents() -> None:
    text = (
        "Prime Minister Dana Aziz's official spokesman said: “We are studying the ruling "
        "closely.” The Coastal Workers Union's spokesperson said it “will appeal at once”."
    )
    assert [k for k, _ in speakers(text)] == ["Dana Aziz", "Coastal Workers Union"]


def test_a_quotation_opening_the_next_paragraph_continues_a_long_attribution() -> None:
    text = (
        "“The authorities must end this crackdown now,” said Lina Haddad, research director "
        "for the Middle East and North Africa at the Northern Relief Committee.\n\n"
        "“The frequency of lethal force used against protesters is shocking.”"
    )
    assert [k for k, _ in speakers(text)] == ["Lina Haddad", "Lina Haddad"]


def test_the_statement_said_is_whoever_issued_the_statement() -> None:
    text = (
        "Two soldiers were killed in a crash in Norway, the US military said in a statement "
        "on Wednesday.\n\n“The cause of the crash is under investigation,” the statement said."
    )
    assert speakers(text) == [("US military", "the US military")]


def test_a_reporting_verb_alone_is_no_speaker() -> None:
    assert all(surface not in ("said", "added") for _, surface in speakers("“We stay,” said."))


@pytest.mark.parametrize(
    "text",
    [
        "The Northwind Group cut 300 jobs on Monday. A company spokesman told reporters that "
        "“the cuts were painful but necessary”.",
        "The Northwind Group cut 300 jobs on Monday. “The cuts were painful but necessary,” "
        "a company spokesperson said in an email.",
        "The Northwind Group cut 300 jobs on Monday. “The cuts were painful but necessary,” "
        "the company said.",
    ],
)
def test_a_company_spokesman_speaks_for_the_company_in_the_news(text: str) -> None:
    assert speakers(text)[0][0] == "Northwind Group"


@pytest.mark.parametrize(
    "text",
    [
        "“The cuts were painful but necessary,” a company spokesman said.",
        "The Northwind Group cut 300 jobs on Monday. “The cuts were painful but necessary,” "
        "a spokesman said.",
    ],
)
def test_a_spokesman_of_no_named_body_stays_anonymous(text: str) -> None:
    assert speakers(text)[0][0] is None
