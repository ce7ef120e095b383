"""Place names against common words, surnames and longer unknown names (invented
sentences; the towns named are real gazetteer entries or invented villages)."""

from __future__ import annotations

import pytest

from tests.test_entities_org_shape import mentions_of


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Residents of Tal Harir said the shelling went on through the whole night.", "Tal Harir"),
        (
            "Fighters entered Kafr Dumra late on Sunday and burned several of the shops.",
            "Kafr Dumra",
        ),
        ("The village of Umm Badr was hit twice before the militia withdrew again.", "Umm Badr"),
        (
            "Three children were wounded in Deir Sonbol when a shell landed near a school.",
            "Deir Sonbol",
        ),
        (
            "The convoy was stopped near Wadi Hamra while it carried medicine to the camp.",
            "Wadi Hamra",
        ),
    ],
)
def test_a_longer_unknown_place_name_wins_over_a_word_inside_it(sentence: str, name: str) -> None:
    # "Tal", "Badr" (an organisation's short name) or a town called "Harir"
    # inside the name do not cut it: the whole name is the place.
    found = mentions_of(sentence)
    assert found[name][0] == "GPE", found
    assert not set(found) & set(name.split()), found


@pytest.mark.parametrize(
    "sentence",
    [
        "No group has claimed responsibility for the attack on the checkpoint so far.",
        "None of the armed groups operating in the area has claimed the ambush yet.",
        "Nobody was hurt when the second device exploded outside the closed market.",
    ],
)
def test_a_capitalised_function_word_opening_a_sentence_is_no_organisation(
    sentence: str,
) -> None:
    assert mentions_of(sentence) == {}


def test_a_reporting_verb_opening_a_sentence_is_no_name() -> None:
    found = mentions_of(
        "“The bridge is gone,” said Leila Mansour, an engineer. Added Mansour: “We rebuild.”"
    )
    assert found["Mansour"] == ("PERSON", "Leila Mansour")
    assert not any(surface.startswith("Added") for surface in found)


@pytest.mark.parametrize("surname", ["Hassan", "Aden", "Kirkuk"])
def test_a_surname_that_is_also_a_town_belongs_to_the_person(surname: str) -> None:
    found = mentions_of(
        f"Layla {surname}, a teacher, said the school had been closed for a month. "
        f"{surname} said pupils had left the district with their families."
    )
    assert found[f"Layla {surname}"] == ("PERSON", f"Layla {surname}")
    assert found[surname] == ("PERSON", f"Layla {surname}")
