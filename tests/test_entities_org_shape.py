"""Unknown organisations, names holding a town's name, and particles, on invented text."""

from __future__ import annotations

import pytest

from newsfacts.entities.extract import extract_mentions
from tests.entity_helpers import by_surface, make_doc


def mentions_of(text: str) -> dict[str, tuple[str, str]]:
    return by_surface(extract_mentions(make_doc(text)))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Medecins Sans Frontieres said its clinic in Gao was looted.", "Medecins Sans Frontieres"),
        (
            "The Andean Farmers Solidarity said its members were attacked.",
            "Andean Farmers Solidarity",
        ),
        (
            "Spokesman Tun Kyaw of the Karen Unity Government spoke on Friday.",
            "Karen Unity Government",
        ),
        (
            "The Lusaka Women Lawyers Collective said it would appeal.",
            "Lusaka Women Lawyers Collective",
        ),
        (
            "Rio Verde Solidarity Collective members marched in Quito.",
            "Rio Verde Solidarity Collective",
        ),
        ("The Tembo Okafor Trust, which funds clinics, closed two offices.", "Tembo Okafor Trust"),
        ("A convoy of the Pacific Food Programme reached the coast.", "Pacific Food Programme"),
        (
            "Envoys met leaders of the Movimiento Campesino Unido in Cali.",
            "Movimiento Campesino Unido",
        ),
    ],
)
def test_organisation_shaped_names_are_organisations(text: str, name: str) -> None:
    assert mentions_of(text)[name][0] == "ORG"


def test_the_before_a_name_used_as_a_modifier_keeps_the_person() -> None:
    found = mentions_of("Officials of the Amara Diallo government met in Bamako.")
    assert found["Amara Diallo"][0] == "PERSON"


def test_a_title_or_given_name_keeps_a_person() -> None:
    found = mentions_of(
        "Colonel Bento Kalunga said the road was open. Ali Homs Karim was arrested in Lagos."
    )
    assert found["Bento Kalunga"][0] == "PERSON"
    assert found["Ali Homs Karim"][0] == "PERSON"
    assert "Homs" not in found


def test_spaced_article_particle_keeps_the_whole_name() -> None:
    found = mentions_of("Militants linked to al Qaeda attacked the base near Mogadishu.")
    assert found["al Qaeda"] == ("ORG", "al-Qaeda")


def test_connectors_inside_a_long_organisation_name() -> None:
    name = "Movement for the Defence of Farmers and Herders"
    assert mentions_of(f"The {name} claimed the ambush near Mopti.")[name][0] == "ORG"


@pytest.mark.parametrize(
    "name",
    ["Aung Min Lwin", "Kwame Asante Boateng", "Lucía Ferreira Prado", "Mamadou Sikasso Diarra"],
)
def test_a_given_name_keeps_a_town_name_inside_the_person(name: str) -> None:
    found = mentions_of(f"Witnesses said {name} was detained by soldiers on Tuesday.")
    assert found[name][0] == "PERSON"


def test_and_after_a_head_word_separates_two_organisations() -> None:
    found = mentions_of("The Mekong Water Alliance and Pacific Rim Relief issued a joint appeal.")
    assert found["Mekong Water Alliance"][0] == "ORG"
    assert found["Pacific Rim Relief"][0] == "ORG"


def test_listed_name_with_and_before_its_head_stays_whole() -> None:
    found = mentions_of(
        "Fighters of the Group for the Support of Islam and Muslims (JNIM) attacked Mopti. "
        "JNIM said it lost two men. The Forces for Freedom and Change rejected the deal."
    )
    assert found["JNIM"] == ("ORG", "Group for the Support of Islam and Muslims")
    assert found["Forces for Freedom and Change"][0] == "ORG"
    assert "Iraq and Syria" not in mentions_of("Fighters crossed between Iraq and Syria.")


def test_a_place_word_inside_an_unknown_organisation_does_not_cut_it() -> None:
    found = mentions_of("A spokesman for the Kachin Independence Army said fighting continued.")
    assert found["Kachin Independence Army"][0] == "ORG"


def test_administrative_areas_and_facilities_after_a_place() -> None:
    found = mentions_of(
        "Gunmen abducted 20 people in Kwara State. Sources at Santa Cruz General Hospital "
        "said 12 bodies arrived."
    )
    assert found["Kwara State"][0] == "GPE"
    assert found["Santa Cruz General Hospital"][0] == "FAC"


def test_a_plural_verb_or_which_makes_every_mention_an_organisation() -> None:
    mentions = extract_mentions(
        make_doc(
            "Tanzim Hurras Kivu claimed the attack. Tanzim Hurras Kivu have fought the army "
            "since 2019. Sendero Rojo, which operates in the jungle, denied any role."
        )
    )
    types = {(m.surface, m.entity_type) for m in mentions}
    assert types == {("Tanzim Hurras Kivu", "ORG"), ("Sendero Rojo", "ORG")}


def test_a_plural_verb_after_two_coordinated_people_keeps_them_people() -> None:
    found = mentions_of("Police said Mwangi Otieno and Achieng Atieno were arrested in Kisumu.")
    assert found["Achieng Atieno"][0] == "PERSON"


def test_title_case_function_word_inside_a_listed_name() -> None:
    found = mentions_of("Doctors Without Borders said its teams in Kidal were evacuated.")
    assert found["Doctors Without Borders"][0] == "ORG"
    assert found["Kidal"][0] == "GPE"


def test_known_as_gives_a_nickname_of_the_name_before() -> None:
    found = mentions_of(
        "General Tomas Ikanga Mbeki, known as Tigana, leads the rebels. Tigana said the "
        "ceasefire was over."
    )
    assert found["Tigana"] == ("PERSON", "Tomas Ikanga Mbeki")
