"""Figure grammar and categories: what governs a count, which numbers are no counts,
how ranges, changes, race times, halves and ages read (invented sentences)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.figures import sentence_figures


def read(text: str) -> list[tuple[str, float | None, str]]:
    return [(f.surface, f.value, f.category) for f in sentence_figures(text)]


def categories(text: str) -> list[str]:
    return [f.category for f in sentence_figures(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Israeli strikes killed 12 children and seven women in the camp.",
        "Among the dead were 12 children and seven women, the ministry said.",
        "Those killed included 12 children and four elderly men, medics said.",
        "The 19 dead included six children and two women.",
        "Militiamen killed eight villagers, five women and three children in the raid.",
    ],
)
def test_a_count_governed_by_killed_is_killed_whatever_its_noun(text: str) -> None:
    assert set(categories(text)) == {"killed"}, read(text)


def test_coordination_carries_what_happened_to_the_first_count() -> None:
    assert categories("The shelling wounded 12 men, five women and three children.") == [
        "injured",
        "injured",
        "injured",
    ]
    # A clause with its own verb decides for itself.
    assert categories("Gunmen killed eight villagers and abducted 20 women.") == [
        "killed",
        "detained",
    ]


def test_attack_nouns_count_attacks_and_buildings_are_no_targets_by_default() -> None:
    assert categories("The group carried out three massacres and 40 raids last year.") == [
        "attacks",
        "attacks",
    ]
    assert categories("Jets made 20 hits on fuel depots near the port.") == ["attacks"]
    assert categories("Witnesses heard at least five explosions near the base.") == ["attacks"]
    assert categories("The strike destroyed 15 buildings in the old town.") == ["other"]
    assert read("The blasts destroyed six buildings housing troops.")[0][0] == "six buildings"


def test_released_prisoners_and_hostages_are_still_detained() -> None:
    assert categories("The rebels freed three prisoners and two hostages on Monday.") == [
        "detained",
        "detained",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Published 02 March 2024 | Updated 07 March",
        "Home | World | Middle East | 02",
        "50 Cent said the feud was over, according to the station.",
        "The row damaged 50 Cent's second album, critics said.",
        "Residents called 911 when the shooting started.",
        "Dispatchers received dozens of 999 calls during the night.",
        "Everton's 3-1 win over Villa was marred by a pitch invasion.",
        "After the September 11, 2001 attacks, airlines cut routes.",
    ],
)
def test_page_furniture_names_and_labels_are_no_figures(text: str) -> None:
    assert [s for s, _, _ in read(text) if s[:1].isdigit() or s.startswith("50")] == [], read(text)


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("A bomb killed 12 US soldiers near the border.", "12 US soldiers"),
        ("Police arrested 16 Kataib Hezbollah members overnight.", "16 Kataib Hezbollah members"),
        ("The army moved 3 French-made tanks to the front.", "3 French-made tanks"),
        ("Ministers from 23 European and Arab countries met in Cairo.", "23"),
        ("The crash killed 112 people on board.", "112 people"),
    ],
)
def test_counts_before_capitalised_modifiers_stay_counts(text: str, surface: str) -> None:
    assert read(text)[0][0] == surface


def test_a_change_is_two_figures_not_a_range() -> None:
    assert read("Revenue rose 2.4% to $15.1 billion in the quarter.") == [
        ("2.4%", 2.4, "percent"),
        ("$15.1 billion", 15.1e9, "money"),
    ]
    assert [f.qualifier for f in sentence_figures("Exports fell 3% to 1,200 tonnes.")] == [
        "exact",
        "exact",
    ]


def test_a_scale_after_a_range_applies_to_both_ends() -> None:
    for text, low, high in (
        ("The fossils are 1.2 to 1.5 million years old.", 1.2e6, 1.5e6),
        ("Between two and three million people fled.", 2e6, 3e6),
        ("The bill will cost 10-15 billion dollars.", 10e9, 15e9),
        ("Between 500 and 1.5 million people live there.", 500, 1.5e6),
    ):
        figure = sentence_figures(text)[0]
        assert (figure.qualifier, figure.value_min, figure.value_max) == ("range", low, high), text


def test_race_times_are_durations_and_times_of_day_are_no_figures() -> None:
    assert read("She won the marathon in 2:09:31 on Sunday.") == [("2:09:31", 7771.0, "duration")]
    assert read("He ran the mile in 3:58 last summer.") == [("3:58", 238.0, "duration")]
    assert read("The meeting starts at 10:30 on Monday.") == []


def test_halves_and_one_unit_after_a_qualifier() -> None:
    assert read("The dispute lasted half a century.") == [("half a century", 0.5, "duration")]
    assert read("Half a million people marched in the capital.")[0][1] == 500_000
    week = sentence_figures("The ceasefire held for less than a week.")[0]
    assert (week.value, week.qualifier, week.category) == (1.0, "fewer_than", "duration")
    spell = sentence_figures("They stayed a year or two in the camp.")[0]
    assert (spell.value_min, spell.value_max, spell.category) == (1.0, 2.0, "duration")


def test_ages_in_apposition_are_durations() -> None:
    assert read("Karim Webb, 51, was charged on Tuesday.") == [("51", 51.0, "duration")]
    assert read("The victim, aged 44, died in hospital.")[0][2] == "duration"


@given(
    low=st.integers(min_value=1, max_value=9),
    gap=st.integers(min_value=1, max_value=9),
    scale=st.sampled_from([("thousand", 1e3), ("million", 1e6), ("billion", 1e9)]),
)
def test_scaled_ranges_read_back(low: int, gap: int, scale: tuple[str, float]) -> None:
    word, factor = scale
    figure = sentence_figures(f"Officials said {low} to {low + gap} {word} people left.")[0]
    assert (figure.value_min, figure.value_max) == (low * factor, (low + gap) * factor)


@given(
    hours=st.integers(min_value=1, max_value=9),
    minutes=st.integers(min_value=0, max_value=59),
    seconds=st.integers(min_value=0, max_value=59),
)
def test_race_times_read_back_in_seconds(hours: int, minutes: int, seconds: int) -> None:
    figure = sentence_figures(f"He finished in {hours}:{minutes:02d}:{seconds:02d} on Sunday.")[0]
    assert (figure.value, figure.category) == (hours * 3600 + minutes * 60 + seconds, "duration")


def test_convicted_and_seized_people_are_detained() -> None:
    assert categories("Eleven people were wrongly convicted of the bombing.") == ["detained"]
    assert categories("Police seized eight men at a hotel in the port.") == ["detained"]


def test_one_counts_a_casualty_only_when_it_is_a_person() -> None:
    assert read("One soldier was killed in the ambush.")[0][2] == "killed"
    assert [s for s, _, _ in read("A fire at one cafe killed 25 people.")] == ["25 people"]


@given(st.lists(st.sampled_from(["11", ",", "2001", "September", "attacks", "and"]), max_size=30))
def test_dates_years_and_commas_in_any_order_read_without_error(words: list[str]) -> None:
    sentence_figures(" ".join(words))
