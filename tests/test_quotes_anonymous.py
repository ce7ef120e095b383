"""Unnamed speakers and attributions on invented text from several regions."""

from __future__ import annotations

import pytest

from newsfacts.entities.extract import extract_mentions
from newsfacts.quotes import extract_quotes
from tests.entity_helpers import make_doc


def speakers(text: str) -> list[tuple[str | None, str | None]]:
    doc = make_doc(text)
    return [
        (q["speaker_key"], q["speaker_surface"]) for q in extract_quotes(doc, extract_mentions(doc))
    ]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        (
            "“They came at night and burned the market,” a resident of Kidal said.",
            "a resident of Kidal",
        ),
        (
            "“Nothing is reaching the camps any more,” an aid worker in Goma said.",
            "an aid worker in Goma",
        ),
        ("“Prices have doubled since March,” said a trader in Kano.", "a trader in Kano"),
        (
            "“The wards are completely full,” a doctor at the hospital said.",
            "a doctor at the hospital",
        ),
        ("“We saw three trucks leave the base,” one witness told AFP.", "one witness"),
    ],
)
def test_an_unnamed_speaker_is_never_the_place(text: str, surface: str) -> None:
    assert speakers(text) == [(None, surface)]


def test_he_added_after_an_unnamed_speaker_stays_unnamed() -> None:
    text = (
        "“They came at night and took the cattle,” a herder from Bentiu said. "
        "“We ran to the river,” he added."
    )
    assert speakers(text) == [(None, "a herder from Bentiu"), (None, "he")]


def test_a_statement_from_an_office_is_still_that_office() -> None:
    text = (
        "President Amara Diallo visited Bamako on Monday. “The curfew is lifted in all districts,” "
        "a statement from the president’s office said."
    )
    assert speakers(text)[0][0] == "Amara Diallo"


def test_name_told_an_agency_and_said_name_with_an_appositive() -> None:
    assert speakers("“The talks have failed again,” Nadia Ferreira told Reuters.") == [
        ("Nadia Ferreira", "Nadia Ferreira")
    ]
    text = "“We reject the decree,” said Tomas Okafor, a spokesman for the Kivu Civic Network."
    assert speakers(text)[0][0] == "Tomas Okafor"


def test_he_added_after_an_organisation_is_the_last_person() -> None:
    text = (
        "Governor Lucia Mendoza visited Cusco. The Andean Relief Agency said 12 people were hurt. "
        "“We will rebuild every school,” the governor said. “It will take a year,” he added."
    )
    assert speakers(text) == [("Lucia Mendoza", "the governor"), ("Lucia Mendoza", "he")]


def test_the_official_refers_back_to_the_named_official() -> None:
    text = (
        "The district official, Musa Banda, spoke in Lusaka. Police said four people died. "
        "“We are investigating the deaths,” the official said."
    )
    assert speakers(text) == [("Musa Banda", "the official")]


def test_a_definite_organisation_is_no_person() -> None:
    # The army is the speaker, named as written (no entity says which army it is).
    text = (
        "Colonel Ibrahim Sall toured Kayes. “The road to the border is open,” the Malian army "
        "said in a statement."
    )
    assert speakers(text) == [("Malian army", "the Malian army")]


def test_he_added_after_an_organisation_is_not_the_organisation() -> None:
    text = (
        "Commander Rosa Quispe arrived in Puno. “The valley is calm again,” the Andean Relief "
        "Agency said. “We lost two trucks on the road,” he added."
    )
    found = speakers(text)
    assert found[0][0] == "Andean Relief Agency"
    assert found[1][0] != "Andean Relief Agency"


def test_a_new_unnamed_speaker_before_the_quotation_does_not_continue_the_last() -> None:
    text = (
        "“We have no medicine left,” said one mother in the camp. "
        "Another resident said: “The water is dirty and the children are sick.”"
    )
    assert speakers(text) == [(None, "one mother in the camp"), (None, "Another resident")]


def test_she_after_an_unnamed_witness_is_not_the_previous_speaker() -> None:
    text = (
        "Police chief Oumar Traore said: “The situation is under control.” A witness "
        "disagreed. “They are still shooting in the market,” she said."
    )
    assert speakers(text) == [("Oumar Traore", "Oumar Traore"), (None, "she")]


def test_he_after_an_event_sentence_is_still_the_named_person() -> None:
    text = (
        "Colonel Moussa Diallo arrived in Gao. A bomb exploded near the market. "
        "“We will find those responsible,” he said."
    )
    assert speakers(text) == [("Moussa Diallo", "he")]


def test_he_after_according_to_is_that_source() -> None:
    text = (
        "Residents fled, according to Halima Bashir, a local councillor in Nyala. "
        "“The shelling never stopped for two days,” she said."
    )
    assert speakers(text) == [("Halima Bashir", "she")]


def test_a_person_in_the_appositive_after_a_role_is_the_speaker() -> None:
    text = "The UN envoy, Ingrid Solberg, warned the council that “famine is imminent” there."
    assert speakers(text)[0][0] == "Ingrid Solberg"


def test_a_clergy_title_is_not_part_of_the_speaker_name() -> None:
    text = "“We have buried 30 people this week,” said Father Joseph Okello in Gulu."
    assert speakers(text)[0][0] == "Joseph Okello"


@pytest.mark.parametrize(
    "text",
    [
        "Governor Omar Diaz blamed the protesters. A doctor on the scene told reporters he "
        "tried to help. “It is a shame to see a man die like this,” the doctor said.",
        "“We will restore order,” Governor Omar Diaz said.\n\nOne local nurse stayed all night. "
        "“Nobody came to help us,” the nurse said.",
        "Lina Haddad visited the ward, where an exhausted surgeon was still at work. "
        "“We have no more blood left,” the surgeon said.",
    ],
)
def test_the_description_of_an_unnamed_person_stays_unnamed(text: str) -> None:
    assert speakers(text)[-1][0] is None


@pytest.mark.parametrize(
    "text",
    [
        "A doctor treated the wounded. Governor Omar Diaz arrived later. "
        "“It is a shame to see this,” the governor said.",
        "Governor Omar Diaz arrived at the scene. “It is a shame to see this,” the governor said.",
    ],
)
def test_the_description_of_a_named_person_is_that_person(text: str) -> None:
    assert speakers(text)[-1][0] == "Omar Diaz"
