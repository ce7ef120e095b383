"""Attacks told with less common words or beside other events: damage to property,
bombs planted, a rising put down, an armed force destroyed, forceful -ing words
with their object, and the merging of one attack's words (invented sentences and
names)."""

from __future__ import annotations

import pytest

from tests.test_events_variants import events_of


def assaults(text: str) -> list[str]:
    return [r["trigger"] for r in events_of(text) if r["event_type"] == "ASSAULT"]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("He was wrongly convicted of planting the bombs in two pubs in Marlow.", "planting"),
        ("Separatists planted a bomb under a bridge near Oskby on Monday.", "planted"),
        ("Riot police were seen smashing windows of cars in Dorvale on Monday.", "smashing"),
        ("Youths smashed the windscreens of parked vehicles in Tarra overnight.", "smashed"),
        ("The army crushed the student-led protests in the capital in 1990.", "crushed"),
        ("Troops loyal to the junta crushed a mutiny at the barracks in Kessel.", "crushed"),
        ("The president ordered the destruction of the rebels' small air force.", "destruction"),
        ("Jets destroyed the militia's tanks near Vellmar, soldiers said.", "destroyed"),
    ],
)
def test_damage_by_force_is_an_assault(text: str, trigger: str) -> None:
    found = assaults(text)
    assert len(found) == 1 and found[0].startswith(trigger), found


@pytest.mark.parametrize(
    "text",
    [
        "The sprinter smashed the world record in Lorne on Saturday.",
        "Her new album smashed sales records in its first week.",
        "The champion crushed his opponent in straight sets.",
        "The storm destroyed homes and crops across the valley.",
        "Critics say the merger will destroy jobs in the region.",
        "Security forces used lethal force to crush protests, the report said.",
    ],
)
def test_damage_words_elsewhere_are_no_assault(text: str) -> None:
    assert assaults(text) == []


def test_a_forceful_ing_word_before_its_object_is_an_act() -> None:
    text = (
        "Video shows soldiers firing tear gas into crowds and beating demonstrators with "
        "batons in Harlan, after the killings of three students."
    )
    assert assaults(text) == ["tear gas", "beating", "killings"]
    text = "Police were filmed shooting protesters with live ammunition in Dorvale on Friday."
    assert assaults(text) == ["shooting"]


def test_a_fight_or_clash_is_the_scene_of_the_act_told_before_it() -> None:
    text = (
        "A man was stabbed to death on a crowded commuter train near the Varden Bay "
        "terminal during a fight, police said."
    )
    assert assaults(text) == ["stabbed"]
    text = "A soldier was shot in the leg during clashes with rebels near Torvik."
    assert assaults(text) == ["shot in the leg"]


def test_the_same_kind_of_attack_named_again_is_one_event() -> None:
    text = (
        "A film about the Harlan blasts of 1994 was delayed following protests by those on "
        "trial for the bombings, which killed 40 people."
    )
    assert assaults(text) == ["blasts"]
    text = (
        "Soldiers were accused of the shooting of a police chief and the shooting of four "
        "civilians in Ardenne in May 2003."
    )
    assert assaults(text) == ["shooting", "shooting"]


def test_more_than_in_a_toll_does_not_split_the_attack() -> None:
    text = "The blasts which killed more than 40 people and wounded 300 were never claimed."
    assert assaults(text) == ["blasts"]


def test_a_new_subject_with_its_own_act_is_another_event() -> None:
    text = (
        "Trouble began after six peacekeepers were killed and President Ola Maren ordered "
        "the destruction of the rebel air force."
    )
    assert assaults(text) == ["killed", "destruction"]
    text = "Gunmen killed Ali Varga and Tomas Brell in an ambush near Kessel on Monday."
    assert len(assaults(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Dorn then swung the bat at Mr. Alvar, hitting him in the head.",
        "A fan punched Lena Ostrova in the face as she left the hall in Varden.",
        "Demonstrators blocked roads, attacked public buildings and overturned vehicles.",
        "Supporters attacked police outside the ground after the match in Oskby.",
        "Youths threw stones in attacks on journalists near the town hall.",
    ],
)
def test_an_attack_word_aimed_at_people_or_property_is_force_anywhere(text: str) -> None:
    assert len(assaults(text)) == 1, assaults(text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister attacked the budget in a speech on Monday.",
        "Higher fuel prices hit drivers and hauliers hard this winter.",
        "The striker hit the post twice in the first half.",
        "He was hit in the face by the ball during training.",
        "The campaign attacks on police budgets drew criticism.",
    ],
)
def test_an_attack_word_aimed_at_ideas_or_a_ball_stays_figurative(text: str) -> None:
    assert assaults(text) == []


REVIEW = (
    "The film, a thriller about a city in fear, opens on Friday. The sequel's plot and its "
    "characters are weaker than the first film's, and the screenplay drags. "
)


def test_a_prosecution_in_an_article_about_films_tells_a_real_crime() -> None:
    text = REVIEW + "Five men accused in connection with the bombings have asked for a delay."
    assert assaults(text) == ["bombings"]
    text = REVIEW + "A drifter was sentenced to life last year for killing the director."
    assert assaults(text) == ["killing"]


def test_a_plot_with_a_trial_stays_fiction() -> None:
    text = REVIEW + "In the film a teacher is accused of murder and goes on trial."
    assert assaults(text) == []
    text = REVIEW + "The hero avenges the killing of his brother."
    assert assaults(text) == []


def test_what_befell_the_people_after_who_is_an_act_of_its_own() -> None:
    text = (
        "The fund helps survivors of the 1994 genocide in Kivara who were raped by "
        "militiamen, officials said."
    )
    assert assaults(text) == ["genocide", "raped"]
    text = "The air strikes killed 12 people in Dorran on Monday, medics said."
    assert assaults(text) == ["air strikes"]


def test_a_price_hitting_a_level_is_no_blow_even_in_a_war_of_bids() -> None:
    text = (
        "Shares in Torvane jumped on Friday, hitting their highest level since 2004, amid a "
        "bidding war. Soldiers of fortune and military buyers were not involved."
    )
    assert assaults(text) == []
